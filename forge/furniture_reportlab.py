"""Furniture blocks (forge/furniture.py) drawn on render_reportlab's canvas.

Numbered headings put the number at the margin and the title at a tab stop (the "3.2 | Title"
look), footnotes sit at the foot of the page under a short rule, a chart is a bar chart with its
ticks, value labels and categories as text runs: none of them is a table.
"""

from render_reportlab import BOLD, REG, Box, _color, _sw, _wrap

TAB = 40.0


def heading_items(r, block, width):
    """Flow items: per item a numbered heading (kept with its body) and a one-line body."""
    items = []
    fs = 11.0
    for it in block.get("items") or []:
        number, text = it["number"], it["text"]

        def draw(rr, x, ytop, number=number, text=text):
            c = rr.c
            c.setFillColor(_color(rr.accent))
            c.setFont(BOLD, fs)
            c.drawString(x, ytop - fs, number)
            c.drawString(x + TAB, ytop - fs, text)
        items.append(Box(width, fs * 1.4, draw, gap_before=fs * 0.9, keep_next=True))
        items += r.para_items(it.get("body") or "", width)
    return items


def place_footnotes(r, block):
    """Draw the footnotes at the foot of the current page (a new one when they do not fit under
    what is there); the next content starts on a new page."""
    r.flush()
    r.ensure_page()
    fs = 7.5
    lead = fs * 1.3
    W = r.W
    lines = []
    for it in block.get("items") or []:
        wrapped = _wrap(it["text"], REG, fs, W - 14.0)
        lines += [(it["mark"] if k == 0 else None, ln) for k, ln in enumerate(wrapped)]
    h = 6.0 + len(lines) * lead
    if r.room() < h + 12.0 and r.has_content:
        r.new_page()
    c = r.c
    y = r.mb + h
    c.setStrokeColor(_color("#555555"))
    c.setLineWidth(0.5)
    c.line(r.ml, y, r.ml + 120.0, y)
    y -= 6.0
    c.setFillColor(_color("#222222"))
    for mark, ln in lines:
        if mark:
            c.setFont(REG, fs * 0.8)
            c.drawString(r.ml, y - fs * 0.75, mark)
        c.setFont(REG, fs)
        c.drawString(r.ml + 14.0, y - fs, ln)
        y -= lead
    r.close_page()


def chart_box(r, block, width):
    """A bar chart: ticks on the left axis, a value label over each bar, categories under it."""
    fs = 8.0
    plot_h = 110.0
    title_h = 16.0
    h = title_h + plot_h + 2.2 * fs + 6.0
    ticks = block["ticks"]
    vals = block["values"]
    cats = block["categories"]
    top = float(block["max"])
    tick_w = max(_sw(t, REG, fs) for t in ticks) + 6.0
    plot_w = min(width - tick_w, 60.0 * len(cats))

    def num(s):
        return float(s.replace(".", ""))

    def draw(rr, x, ytop):
        c = rr.c
        c.setFillColor(_color("#111111"))
        c.setFont(BOLD, 9.5)
        c.drawString(x, ytop - 10.0, block["title"])
        y0 = ytop - title_h - plot_h
        x0 = x + tick_w
        c.setLineWidth(0.4)
        c.setStrokeColor(_color("#999999"))
        c.setFont(REG, fs)
        for t in ticks:
            yy = y0 + plot_h * num(t) / top
            c.line(x0, yy, x0 + plot_w, yy)
            c.drawRightString(x0 - 4.0, yy - fs * 0.35, t)
        slot = plot_w / len(cats)
        for k, (cat, v) in enumerate(zip(cats, vals)):
            bx = x0 + k * slot + slot * 0.2
            bh = plot_h * num(v) / top
            c.setFillColor(_color(rr.accent))
            c.rect(bx, y0, slot * 0.6, bh, stroke=0, fill=1)
            c.setFillColor(_color("#111111"))
            c.drawCentredString(bx + slot * 0.3, y0 + bh + 2.0, v)
            c.drawCentredString(bx + slot * 0.3, y0 - fs - 2.0, cat)
    return Box(width, h, draw)


def block(r, b):
    kind = b.get("kind")
    if kind == "section_headings":
        r.pending += heading_items(r, b, r.col_w)
    elif kind == "footnotes":
        place_footnotes(r, b)
    elif kind == "chart":
        r.place(chart_box(r, b, r.W))
    else:
        raise ValueError("unknown furniture kind %r" % kind)
