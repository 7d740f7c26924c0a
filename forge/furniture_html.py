"""Furniture blocks (forge/furniture.py) as HTML, for render_html's print (chromium) and web pages.

Numbered headings put the number in a fixed-width box before the title (the "3.2 | Title" look),
footnotes are a small block under a short rule that ends the page in print, and a chart is a bar
chart of <div>s with its ticks, value labels and categories as text: none of them is a table.
"""

import html


def _e(s):
    return html.escape(str(s), quote=False)


def markup(b, extra_cls, mode):
    kind = b.get("kind")
    if kind == "section_headings":
        out = []
        for i, it in enumerate(b.get("items") or []):
            cls = extra_cls if i == 0 else ""
            out.append('<h3 class="h l2 fh%s"><span class="fnum">%s</span> %s</h3><p class="para">%s</p>'
                       % (cls, _e(it["number"]), _e(it["text"]), _e(it.get("body") or "")))
        return "".join(out)
    if kind == "footnotes":
        notes = "".join('<p><sup>%s</sup> %s</p>' % (_e(i["mark"]), _e(i["text"])) for i in b.get("items") or [])
        return '<div class="fnblock%s%s">%s</div>' % (extra_cls, " pa" if mode == "print" else "", notes)
    if kind == "chart":
        top = float(b["max"])

        def num(s):
            return float(s.replace(".", ""))
        ticks = "".join('<div class="ctick" style="bottom:%.2f%%">%s</div>' % (100 * num(t) / top, _e(t))
                        for t in b["ticks"])
        bars = "".join('<div class="cbar"><div class="cfill" style="height:%.2f%%"><span class="cval">%s</span></div>'
                       '<span class="ccat">%s</span></div>' % (100 * num(v) / top, _e(v), _e(c))
                       for c, v in zip(b["categories"], b["values"]))
        return ('<figure class="chart%s"><figcaption>%s</figcaption><div class="cplot"><div class="cticks">%s</div>'
                '<div class="cbars">%s</div></div></figure>' % (extra_cls, _e(b["title"]), ticks, bars))
    raise ValueError("unknown furniture kind %r" % kind)


def css(u):
    """CSS of the furniture blocks; `u` turns pt into the page's unit."""
    return f"""
.fnum {{ display: inline-block; width: {u(36)}; }}
.fnblock {{ border-top: {u(0.6)} solid #555; width: 100%; margin-top: {u(14)}; padding-top: {u(3)}; }}
.fnblock p {{ font-size: {u(7.5)}; margin: 0 0 {u(1.5)}; }}
.fnblock.pa {{ break-after: page; }}
.chart {{ margin: {u(8)} 0 {u(12)}; width: {u(300)}; }}
.chart figcaption {{ font-weight: bold; font-size: {u(9.5)}; margin-bottom: {u(6)}; }}
.cplot {{ position: relative; height: {u(110)}; margin-left: {u(36)}; border-bottom: {u(0.6)} solid #999; }}
.cticks {{ position: absolute; left: {u(-36)}; top: 0; bottom: 0; width: {u(30)}; font-size: {u(8)}; }}
.ctick {{ position: absolute; right: 0; transform: translateY(50%); }}
.cbars {{ display: flex; height: 100%; align-items: flex-end; gap: {u(14)}; }}
.cbar {{ position: relative; flex: 0 0 {u(40)}; height: 100%; display: flex; align-items: flex-end; }}
.cfill {{ position: relative; width: 100%; background: #1b6aa5; }}
.cval {{ position: absolute; bottom: 100%; left: 0; right: 0; text-align: center; font-size: {u(8)}; }}
.ccat {{ position: absolute; top: 100%; left: 0; right: 0; text-align: center; font-size: {u(8)}; padding-top: {u(2)}; }}
"""
