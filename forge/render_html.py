"""Document spec -> web page (.html, producer `web`) or print HTML printed by headless Chromium (.pdf,
producer `chromium`). See forge/SPEC.md for the spec and the renderer interface.

render(spec, out_path) -> {"applied": {document axis: value}, "tables": {table id: {axis: value}}}

The web page is self-contained (inline CSS, nothing loaded): a site header with navigation, the
report as an article, a footer. Tables follow `style.html`: a real <table>, a CSS grid of <div>s, or
a <dl> (two-column tables without header only; otherwise a <table>).

The PDF: print HTML with @page rules (A4 portrait/landscape, running header/footer in the @top-center /
@bottom-center margin boxes with counter(page), the margin text vertical in @left-middle), prose in
CSS columns when page.text_columns is 2, a rotated table on a portrait page of its own (rotated 90°
counter-clockwise with a transform), a split table as two tables with a page break between them.

Rule widths: Chromium snaps every border to a whole CSS pixel (0.75 pt), so a 0.25 pt rule would
print as 0.75 pt. The print HTML is therefore laid out at SCALE times A4 (all lengths times SCALE,
borders of rule_width * SCALE / 0.75 whole pixels) and every page of the printed PDF is scaled back
to A4 afterwards (MediaBox / SCALE, content wrapped in `q 1/SCALE 0 0 1/SCALE 0 0 cm ... Q`, through
`qpdf --qdf` and `fix-qdf`): 0.25, 0.5, 0.75 and 1.0 pt rules come out exact.

Too wide: a table wider than its place gets a smaller font (a script in the print HTML, down to
MIN_TABLE_PT), and only if that is not enough it is zoomed down (its rules then come out thinner than
rule_width). A page Chromium still had to shrink as a whole is refused (RuntimeError).

Printing: render_batch prints all PDFs of a batch in one Chromium driven through the DevTools protocol
(about 0.4 s CPU per document instead of about 1.2 s for a Chromium per document); render() is a
batch of one. The output is byte-identical to `chromium --print-to-pdf`, the fallback.

Determinism: the PDF's dates are pinned, the tagged-PDF node ids renumbered from 1, and the /ID
written by `qpdf --deterministic-id`.

Web only: `split` and `rotated` are ignored (the table is printed whole, in place), as are the
running header/footer and the margin text; see WEB_CAPABILITIES (model.py reads CAPABILITIES_WEB).
render() returns, besides "applied" (document axes), "tables": {table id: realised table axes}.
"""
import html
import os
import re
import shutil
import subprocess
import tempfile
import zlib

PRINT_SCALE = 3  # layout scale of the print HTML (see the module doc)

CAPABILITIES = {
    # what the chromium (PDF) producer realises; table.html: the print HTML honours it as well
    "page.orientation": {"portrait", "landscape"},
    "page.text_columns": {1, 2},
    "page.running": {"none", "header", "footer", "both"},
    "page.margin_text": {"no", "yes"},
    "table.rules": {"grid", "horizontal", "booktabs", "header_underline", "zebra", "none"},
    "table.rule_weight": {"hairline", "thin", "normal"},
    "table.rule_color": {"black", "grey", "pale"},
    "table.backgrounds": {"no", "yes"},
    "table.placement": {"full", "beside_prose", "side_by_side", "stacked", "inline", "rotated", "two_sided"},
    "table.html": {"table", "div_grid", "dl"},
    "table.continued": {"no", "repeat_header", "no_header", "vervolg_title", "carried_subtotal"},
    "page.furniture": {"none", "section_headings", "footnote_block", "chart"},
    "table.header_lines": {"1", "multi"},
    "table.figure_marks": {"none", "superscript", "inline"},
}

# A web page has no pages: no running header/footer, no margin text, no page orientation, no
# rotated table, no table continued on a next page.
WEB_CAPABILITIES = dict(CAPABILITIES)
WEB_CAPABILITIES.update({
    "page.orientation": {"portrait"},
    "page.running": {"none"},
    "page.margin_text": {"no"},
    "table.placement": CAPABILITIES["table.placement"] - {"rotated"},
    "table.continued": {"no"},
})

PRODUCER_CAPABILITIES = {"chromium": CAPABILITIES, "web": WEB_CAPABILITIES}
CAPABILITIES_WEB = WEB_CAPABILITIES  # the name model.py looks for


def capabilities(producer):
    return PRODUCER_CAPABILITIES[producer]


FONTS = ["Liberation Sans", "DejaVu Sans"]
A4_MM = (210, 297)
MM = 72 / 25.4


def _esc(s):
    return html.escape(s or "", quote=True)


def _css_str(s):
    out = []
    for ch in s:
        if ch in '"\\' or ord(ch) < 32:
            out.append("\\%x " % ord(ch))
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _num(x):
    s = ("%.4f" % x).rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


WEIGHTS = {0.25: "hairline", 0.5: "hairline", 0.75: "thin", 1.0: "normal"}
COLORS = {"#000000": "black", "#808080": "grey", "#b0b0b0": "pale"}


def _style(tb):
    st = dict(tb.get("style") or {})
    st.setdefault("rules", "horizontal")
    st.setdefault("rule_width", 0.5)
    st.setdefault("rule_color", "#000000")
    st.setdefault("cell_backgrounds", False)
    st.setdefault("font_size", 9)
    st.setdefault("html", "table")
    return st


MIN_TABLE_PT = 5.0

# Print only: a table wider than its place (or a grid cell wider than its column) gets a smaller font,
# step by step down to MIN_TABLE_PT, so that nothing is clipped at the page edge or overlaps. While it
# measures, the body has the page's content width, so the screen layout it sees is the print layout
# (the width is removed afterwards: a rotated table's portrait page in a landscape document must not
# inherit the landscape width).
FIT_SCRIPT = """(function () {
  document.body.style.width = '%s';
  var MIN = %.4f;
  function over(el) {
    var p = el.parentElement;
    if (el.offsetWidth > p.clientWidth + 0.5) return true;
    var cells = el.querySelectorAll('.cell');
    for (var i = 0; i < cells.length; i++) if (cells[i].scrollWidth > cells[i].clientWidth + 0.5) return true;
    return false;
  }
  var els = document.querySelectorAll('table.t, .dg, dl.dl');
  for (var i = 0; i < els.length; i++) {
    var el = els[i], fs = parseFloat(getComputedStyle(el).fontSize), n = 0;
    // a table beside prose may take up to three quarters of the width before its font shrinks
    var gi = el.closest('.grp-beside_prose > .gi-tbl');
    if (gi && over(el)) gi.style.maxWidth = '75%%';
    while (over(el) && fs * 0.94 >= MIN && n < 40) { fs = fs * 0.94; el.style.fontSize = fs + 'px'; n++; }
    if (over(el)) el.classList.add('tight');
    // still too wide at the smallest font: zoom the whole table down (its rules get thinner too)
    for (n = 0; n < 12 && (over(el) || el.parentElement.scrollWidth > el.parentElement.clientWidth + 0.5); n++) {
      var z = parseFloat(el.style.zoom || '1');
      var w = Math.max(el.offsetWidth, el.parentElement.scrollWidth) * z;
      el.style.zoom = String(z * Math.min(0.97, el.parentElement.clientWidth / w));
    }
  }
  document.body.style.width = '';
})();"""


def _dl_ok(tb):
    """A <dl> holds a table without header whose label (and code) columns come before its figures:
    per row the label cells as <dt>, the figure cells as <dd>."""
    roles = [c.get("role") for c in tb.get("columns") or []]
    k = sum(1 for r in roles if r != "number")
    return (not tb.get("header") and 0 < k < len(roles)
            and all(r != "number" for r in roles[:k]) and all(r == "number" for r in roles[k:]))


# ---------------------------------------------------------------- HTML builder

class _Builder:
    def __init__(self, spec, mode):
        self.spec = spec
        self.mode = mode  # "print" or "web"
        self.k = PRINT_SCALE if mode == "print" else 1
        self.page = spec.get("page") or {}
        self.landscape = self.page.get("orientation") == "landscape"
        self.two_cols = int(self.page.get("text_columns") or 1) == 2
        h = zlib.crc32(str(spec.get("id", "")).encode("utf-8"))
        self.font = FONTS[h % 2]
        self.tables = {}  # table id -> applied table axes

    # lengths ---------------------------------------------------------
    def u(self, pt):
        """A length of `pt` points in the print layout (times the layout scale), px on the web."""
        if self.mode == "print":
            return _num(pt * self.k) + "pt"
        return _num(pt * 4 / 3) + "px"

    def rule(self, width_pt):
        if self.mode == "print":
            px = width_pt * self.k / 0.75
            if abs(px - round(px)) > 1e-9:
                raise ValueError("rule width %r pt is not a whole pixel at scale %d" % (width_pt, self.k))
            return "%dpx" % round(px)
        return "%gpx" % max(1, round(width_pt * 4 / 3))

    # page geometry (print) -------------------------------------------
    def margins(self, landscape=None):
        # top, right, bottom, left in pt
        landscape = self.landscape if landscape is None else landscape
        return (50, 46, 52, 62) if not landscape else (44, 46, 44, 62)

    def content_box(self, landscape):
        w, h = (A4_MM[1], A4_MM[0]) if landscape else A4_MM
        t, r, b, l = self.margins(landscape)
        return w * MM - l - r, h * MM - t - b

    # table axes --------------------------------------------------------
    def note_table(self, tb, placement, html_kind, continued, rules):
        st = _style(tb)
        ax = dict(tb.get("axes") or {})
        if placement == "side_by_side" and ax.get("table.placement") == "two_sided":
            placement = "two_sided"
        ax.update({
            "table.rules": rules,
            "table.rule_weight": WEIGHTS.get(float(st["rule_width"]), ax.get("table.rule_weight")),
            "table.rule_color": COLORS.get(str(st["rule_color"]).lower(), ax.get("table.rule_color")),
            "table.backgrounds": "yes" if st["cell_backgrounds"] else "no",
            "table.placement": placement,
            "table.continued": continued,
        })
        if self.mode == "web" or "table.html" in ax or st.get("html") != "table":
            ax["table.html"] = html_kind
        self.tables[tb.get("id")] = ax

    # blocks ------------------------------------------------------------
    def block(self, b, extra_cls="", placement="full"):
        t = b.get("type")
        if t == "heading":
            lvl = min(3, max(1, int(b.get("level") or 1)))
            return '<h%d class="h l%d%s">%s</h%d>' % (lvl + 1, lvl, extra_cls, _esc(b.get("text")), lvl + 1)
        if t == "paragraph":
            return '<p class="para%s">%s</p>' % (extra_cls, _esc(b.get("text")))
        if t == "list":
            tag = "ol" if b.get("ordered") else "ul"
            items = "".join("<li>%s</li>" % _esc(x) for x in b.get("items") or [])
            return '<%s class="list%s">%s</%s>' % (tag, extra_cls, items, tag)
        if t == "key_figures":
            return self.key_figures(b, extra_cls)
        if t == "group":
            return self.group(b, extra_cls)
        if t == "table":
            return self.table(b, extra_cls, placement)
        if t == "page_break":
            return ""
        if t == "furniture":
            import furniture_html
            return furniture_html.markup(b, extra_cls, self.mode)
        raise ValueError("unknown block type %r" % t)

    def key_figures(self, b, extra_cls):
        out = ['<section class="kf%s">' % extra_cls]
        if b.get("title"):
            out.append('<p class="kf-title">%s</p>' % _esc(b["title"]))
        if (b.get("layout") or "cards") == "cards":
            out.append('<div class="kf-cards">')
            for it in b.get("items") or []:
                out.append('<div class="kf-card"><div class="kf-value">%s</div><div class="kf-label">%s</div></div>'
                           % (_esc(it.get("value")), _esc(it.get("label"))))
            out.append("</div>")
        else:
            out.append('<div class="kf-lines">')
            for it in b.get("items") or []:
                out.append('<p class="kf-line"><span class="kf-label">%s</span>: <span class="kf-value">%s</span></p>'
                           % (_esc(it.get("label")), _esc(it.get("value"))))
            out.append("</div>")
        out.append("</section>")
        return "".join(out)

    def group(self, b, extra_cls):
        arr = b.get("arrangement") or "side_by_side"
        items = b.get("items") or []
        out = ['<div class="grp grp-%s%s">' % (arr, extra_cls)]
        for it in items:
            kind = "tbl" if it.get("type") == "table" else "txt"
            out.append('<div class="gi gi-%s">%s</div>' % (kind, self.block(it, placement=arr)))
        out.append("</div>")
        return "".join(out)

    # tables --------------------------------------------------------------
    def widths(self, tb):
        cols = tb.get("columns") or []
        n = len(cols)
        w = [0] * n
        for r in tb.get("rows") or []:
            for i, c in enumerate((r.get("cells") or [])[:n]):
                sup = (r.get("sup") or {}).get(str(i), "") + (r.get("pre") or {}).get(str(i), "")
                ind = int(r.get("indent") or 0) if cols[i].get("role") == "label" else 0
                w[i] = max(w[i], len(c) + len(sup) + 2 * ind)
        for hr in tb.get("header") or []:
            i = 0
            for hc in hr:
                span = int(hc.get("span") or 1)
                if span == 1 and i < n:
                    longest = max([len(x) for x in (hc.get("text") or "").split()] + [0])
                    w[i] = max(w[i], longest)
                i += span
        out = []
        for i, c in enumerate(cols):
            if c.get("role") == "label":
                out.append(min(max(w[i], 14), 48))
            else:
                out.append(max(w[i], 4) + 2)
        tot = sum(out) or 1
        return [x * 100.0 / tot for x in out]

    def table(self, tb, extra_cls, placement):
        st = _style(tb)
        rules = st["rules"]
        kind = st.get("html") or "table"
        if kind == "dl" and not _dl_ok(tb):
            kind = "table"
        if rules == "header_underline" and not tb.get("header"):
            applied_rules = "none"  # nothing to underline
        else:
            applied_rules = rules
        rows = tb.get("rows") or []
        split = tb.get("split") if self.mode == "print" and placement in ("full", "inline") else None
        rotated = bool(tb.get("rotated")) and self.mode == "print" and placement in ("full",)
        if placement == "full":
            if tb.get("inline"):
                placement = "inline"
            elif rotated:
                placement = "rotated"
        if split:
            a = int(split["after_row"])
            parts = [(rows[:a + 1], True, tb.get("title")),
                     (rows[a + 1:], bool(split.get("repeat_header")),
                      (tb.get("title") or "") + split["title_suffix"] if split.get("title_suffix") is not None
                      and tb.get("title") else None)]
            if any(r.get("kind") == "carried" for r in rows):
                continued = "carried_subtotal"
            elif split.get("title_suffix") is not None and tb.get("title"):
                continued = "vervolg_title"
            elif split.get("repeat_header") and tb.get("header"):
                continued = "repeat_header"
            else:
                continued = "no_header"
            want = (tb.get("axes") or {}).get("table.continued")
            if want in ("carried_subtotal", "vervolg_title", "repeat_header", "no_header") and \
                    self._continued_ok(tb, split, want):
                continued = want
        else:
            parts = [(rows, True, tb.get("title"))]
            continued = "no"
        self.note_table(tb, placement, kind, continued, applied_rules)
        widths = self.widths(tb)
        out = []
        for pi, (prow, with_header, title) in enumerate(parts):
            last = pi == len(parts) - 1
            cls = "tblock"
            if tb.get("inline") and placement == "inline":
                cls += " inline"
            if pi > 0:
                cls += " pb"
            elif extra_cls:
                cls += extra_cls
            body = []
            if title:
                if not (self.mode == "web" and kind == "table"):
                    body.append('<p class="tbl-title">%s</p>' % _esc(title))
                if tb.get("unit_note"):
                    body.append('<p class="unit-note">%s</p>' % _esc(tb["unit_note"]))
            elif tb.get("unit_note") and pi == 0:
                body.append('<p class="unit-note">%s</p>' % _esc(tb["unit_note"]))
            caption = title if (self.mode == "web" and kind == "table") else None
            body.append(self.table_markup(tb, st, kind, prow, tb.get("header") if with_header else [],
                                          widths, caption, applied_rules, placement))
            if last and tb.get("footnotes"):
                body.append('<div class="footnotes">%s</div>'
                            % "".join("<p>%s</p>" % _esc(f) for f in tb["footnotes"]))
            inner = "".join(body)
            if rotated:
                out.append(self.rotated_page(inner, first=(pi == 0)))
            else:
                out.append('<div class="%s" data-table="%s">%s</div>' % (cls, _esc(tb.get("id")), inner))
        return "".join(out)

    @staticmethod
    def _continued_ok(tb, split, want):
        if want == "carried_subtotal":
            return any(r.get("kind") == "carried" for r in tb.get("rows") or [])
        if want == "vervolg_title":
            return split.get("title_suffix") is not None and bool(tb.get("title"))
        if want == "repeat_header":
            return bool(split.get("repeat_header"))
        return True

    def rotated_page(self, inner, first):
        cw, ch = self.content_box(False)
        # the unrotated box stays at the top of the page (only its width overflows, sideways), so the
        # page fragmentation never cuts it; translateY(W) rotate(-90deg) maps (x, y) to (y, W - x)
        return ('<div class="rotpage"><div class="rotinner" style="width:%s;transform:translateY(%s) rotate(-90deg)">'
                '%s</div></div>' % (self.u(ch - 4), self.u(ch - 4), inner))

    def cell_inner(self, text, sup, bold, pre=None, st=None, header=False):
        s = _esc(text)
        if header and (st or {}).get("header_wrap"):
            s = "<br>".join(_esc(w) for w in text.split())
        if pre:
            # a footnote marker before the figure, a space apart ("23 1.929,5")
            m = _esc(pre)
            s = ("<sup>%s</sup> " % m if (st or {}).get("figure_marks") == "superscript" else m + " ") + s
        if sup:
            s += "<sup>%s</sup>" % _esc(sup)
        if bold and text:
            s = "<strong>%s</strong>" % s
        return s

    def table_markup(self, tb, st, kind, rows, header, widths, caption, rules, placement):
        cols = tb.get("columns") or []
        n = len(cols)
        aligns = ["al-r" if (c.get("align") == "right") else "al-l" for c in cols]
        nowrap = ["nw" if c.get("role") in ("number", "code") else "" for c in cols]
        label_col = next((i for i, c in enumerate(cols) if c.get("role") == "label"), 0)
        cls = "rules-%s" % rules
        if st.get("cell_backgrounds"):
            cls += " bg"
        if st.get("header_wrap"):
            cls += " hwrap"
        fs = self.u(float(st["font_size"])) if self.mode == "print" else _num(float(st["font_size"]) * 1.6) + "px"
        size_style = "font-size:%s;--rw:%s;--rc:%s" % (fs, self.rule(float(st["rule_width"])),
                                                        st["rule_color"])
        wide = placement in ("full", "rotated", "two_sided", "side_by_side", "stacked") and not tb.get("inline")
        if placement == "full" and n <= 3:
            wide_cls = " mid"
        else:
            wide_cls = " wide" if wide else ""

        def head_cells(hr):
            cells, i = [], 0
            for hc in hr:
                span = max(1, int(hc.get("span") or 1))
                al = "al-c" if span > 1 else (aligns[i] if i < n else "al-l")
                cells.append((hc.get("text") or "", span, al))
                i += span
            return cells

        def head_text(text):
            # header_wrap: one word per line
            return "<br>".join(_esc(w) for w in text.split()) if st.get("header_wrap") else _esc(text)

        def row_cls(r):
            k = r.get("kind") or "item"
            return "row k-%s%s" % (k, " b" if r.get("bold") else "")

        def pad(r, i):
            ind = int(r.get("indent") or 0)
            if i == label_col and ind:
                return ' style="padding-left:%s"' % self.u(4 + 12 * ind)
            return ""

        out = []
        if kind == "table":
            out.append('<table class="t %s%s" style="%s">' % (cls, wide_cls, size_style))
            if caption:
                out.append('<caption>%s</caption>' % _esc(caption))
            out.append("<colgroup>%s</colgroup>" % "".join('<col style="width:%s%%">' % _num(w) for w in widths))
            if header:
                out.append("<thead>")
                for hi, hr in enumerate(header):
                    last = " hlast" if hi == len(header) - 1 else ""
                    out.append('<tr class="row hrow%s">' % last)
                    for text, span, al in head_cells(hr):
                        out.append('<th class="cell %s"%s scope="col">%s</th>'
                                   % (al, ' colspan="%d"' % span if span > 1 else "", head_text(text)))
                    out.append("</tr>")
                out.append("</thead>")
            out.append("<tbody>")
            for r in rows:
                cells = (r.get("cells") or [])[:n]
                sup = r.get("sup") or {}
                tag = "th" if r.get("kind") == "header" else "td"
                out.append('<tr class="%s">' % row_cls(r))
                for i, c in enumerate(cells):
                    out.append('<%s class="cell %s %s"%s>%s</%s>'
                               % (tag, aligns[i], nowrap[i], pad(r, i),
                                  self.cell_inner(c, sup.get(str(i)), r.get("bold"), (r.get("pre") or {}).get(str(i)), st,
                                                  r.get("kind") == "header"), tag))
                out.append("</tr>")
            out.append("</tbody></table>")
        elif kind == "div_grid":
            tmpl = " ".join("minmax(0,%sfr)" % _num(w) for w in widths)
            out.append('<div class="dg %s%s" role="table" style="%s;--gcols:%s">'
                       % (cls, wide_cls, size_style, tmpl))
            if header:
                out.append('<div class="dg-head" role="rowgroup">')
                for hi, hr in enumerate(header):
                    last = " hlast" if hi == len(header) - 1 else ""
                    out.append('<div class="row hrow%s" role="row">' % last)
                    for text, span, al in head_cells(hr):
                        out.append('<div class="cell %s" role="columnheader"%s>%s</div>'
                                   % (al, ' style="grid-column:span %d"' % span if span > 1 else "", head_text(text)))
                    out.append("</div>")
                out.append("</div>")
            out.append('<div class="dg-body" role="rowgroup">')
            for r in rows:
                cells = (r.get("cells") or [])[:n]
                sup = r.get("sup") or {}
                role = "columnheader" if r.get("kind") == "header" else "cell"
                out.append('<div class="%s" role="row">' % row_cls(r))
                for i, c in enumerate(cells):
                    out.append('<div class="cell %s %s" role="%s"%s>%s</div>'
                               % (aligns[i], nowrap[i], role, pad(r, i),
                                  self.cell_inner(c, sup.get(str(i)), r.get("bold"), (r.get("pre") or {}).get(str(i)), st,
                                                  r.get("kind") == "header")))
                out.append("</div>")
            out.append("</div></div>")
        else:  # dl (see _dl_ok): label cells as <dt>, figures as <dd>, one <div> per row
            tmpl = " ".join("minmax(0,%sfr)" % _num(w) for w in widths)
            out.append('<dl class="dl %s%s" style="%s;--gcols:%s">' % (cls, " wide" if n > 2 and wide else "",
                                                                       size_style, tmpl))
            for r in rows:
                cells = (r.get("cells") or [])[:n]
                sup = r.get("sup") or {}
                out.append('<div class="%s">' % row_cls(r))
                for i, c in enumerate(cells):
                    tag = "dd" if cols[i].get("role") == "number" else "dt"
                    out.append('<%s class="cell %s %s"%s>%s</%s>'
                               % (tag, aligns[i], nowrap[i], pad(r, i),
                                  self.cell_inner(c, sup.get(str(i)), r.get("bold"), (r.get("pre") or {}).get(str(i)), st,
                                                  r.get("kind") == "header"), tag))
                out.append("</div>")
            out.append("</dl>")
        return "".join(out)

    # document --------------------------------------------------------------
    def body_blocks(self):
        blocks = [b for b in self.spec.get("blocks") or []]
        out = []
        cols_open = False
        pending = False
        first = True

        def next_block(i):
            for b in blocks[i + 1:]:
                if b.get("type") != "page_break":
                    return b
            return None

        for i, b in enumerate(blocks):
            t = b.get("type")
            if t == "page_break":
                if self.mode == "print" and not first:
                    pending = True
                continue
            brk = self.mode == "print" and not first and (pending or (t == "heading" and int(b.get("level") or 1) == 1))
            pending = False
            nb = next_block(i)
            prose = self.two_cols and (t in ("paragraph", "list") or (
                t == "heading" and int(b.get("level") or 1) > 1 and nb is not None
                and nb.get("type") in ("paragraph", "list")))
            if prose:
                if not cols_open or brk:
                    if cols_open:
                        out.append("</div>")
                    out.append('<div class="cols%s">' % (" pb" if brk else ""))
                    cols_open = True
                out.append(self.block(b))
            else:
                if cols_open:
                    out.append("</div>")
                    cols_open = False
                out.append(self.block(b, " pb" if brk else ""))
            first = False
        if cols_open:
            out.append("</div>")
        return "\n".join(out)

    def css_common(self):
        import furniture_html
        u, k = self.u, self.k
        return furniture_html.css(u) + f"""
* {{ box-sizing: border-box; }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ font-family: "{self.font}", "{FONTS[1 - FONTS.index(self.font)]}", sans-serif; color: #1d1d1d; }}
h2.l1 {{ font-size: {u(17)}; color: #1b3a5c; margin: 0 0 {u(10)}; font-weight: bold; }}
h3.l2 {{ font-size: {u(12.5)}; color: #1b3a5c; margin: {u(12)} 0 {u(5)}; font-weight: bold; }}
h4.l3 {{ font-size: {u(10.5)}; color: #333; margin: {u(9)} 0 {u(4)}; font-weight: bold; }}
p.para {{ margin: 0 0 {u(6)}; }}
.list {{ margin: 0 0 {u(6)}; padding-left: {u(16)}; }}
.list li {{ margin-bottom: {u(2)}; }}
.tblock {{ margin: {u(8)} 0 {u(10)}; }}
.tblock.inline {{ margin: {u(3)} 0 {u(7)}; }}
.tbl-title, table.t caption {{ font-weight: bold; font-size: {u(10)}; margin: 0 0 {u(2)}; text-align: left; caption-side: top; padding: 0 0 {u(2)}; }}
.unit-note {{ font-size: {u(7.5)}; color: #444; margin: 0 0 {u(3)}; }}
.footnotes {{ margin-top: {u(3)}; }}
.footnotes p {{ font-size: {u(7)}; color: #333; margin: 0 0 {u(1)}; }}
table.t {{ border-collapse: collapse; border-spacing: 0; }}
table.t.wide {{ width: 100%; }}
table.t.mid {{ width: 72%; }}
.dg {{ display: block; }}
.dg.mid {{ width: 72%; }}
.dg .row {{ display: grid; grid-template-columns: var(--gcols); }}
dl.dl {{ margin: 0; display: inline-block; min-width: 50%; }}
dl.dl.wide {{ display: block; }}
dl.dl .row {{ display: grid; grid-template-columns: var(--gcols); }}
dl.dl dt, dl.dl dd {{ margin: 0; }}
.cell {{ padding: {u(1.6)} {u(4)}; vertical-align: bottom; line-height: 1.25; font-weight: normal; }}
th.cell, .hrow .cell, .k-header .cell {{ font-weight: bold; }}
.al-l {{ text-align: left; }} .al-r {{ text-align: right; }} .al-c {{ text-align: center; }}
.nw {{ white-space: nowrap; }}
.tight .cell {{ padding: {u(0.8)} {u(1.6)}; }}
sup {{ font-size: 70%; line-height: 0; vertical-align: super; }}
/* rules: cells draw their right/bottom edges, the container its top/left: no edge twice */
.rules-grid {{ border-top: var(--rw) solid var(--rc); border-left: var(--rw) solid var(--rc); }}
.rules-grid .cell {{ border-right: var(--rw) solid var(--rc); border-bottom: var(--rw) solid var(--rc); }}
.rules-horizontal {{ border-top: var(--rw) solid var(--rc); }}
.rules-horizontal .cell {{ border-bottom: var(--rw) solid var(--rc); }}
.rules-booktabs {{ border-top: var(--rw) solid var(--rc); border-bottom: var(--rw) solid var(--rc); }}
.rules-booktabs .hlast .cell, .rules-header_underline .hlast .cell {{ border-bottom: var(--rw) solid var(--rc); }}
table.t.rules-zebra tbody tr:nth-child(even) .cell, .dg.rules-zebra .dg-body .row:nth-child(even) .cell,
dl.rules-zebra .row:nth-child(even) .cell {{ background: #ececec; }}
.bg .hrow .cell, .bg .k-header .cell {{ background: #d5e0ee; }}
.hwrap .hrow .cell {{ background: #d5e0ee; }}
.bg .k-total .cell {{ background: #dfe7f1; }}
.bg .k-subtotal .cell {{ background: #edf1f7; }}
.kf {{ margin: {u(8)} 0 {u(10)}; }}
.kf-title {{ font-weight: bold; font-size: {u(11)}; color: #1b3a5c; margin: 0 0 {u(5)}; }}
.kf-cards {{ display: flex; flex-wrap: wrap; gap: {u(8)}; }}
.kf-card {{ flex: 1 1 auto; min-width: {u(90)}; background: #eef3f9; border-top: {u(2.5)} solid #1b6aa5; padding: {u(7)} {u(8)}; }}
.kf-card .kf-value {{ font-size: {u(19)}; font-weight: bold; color: #1b3a5c; white-space: nowrap; }}
.kf-card .kf-label {{ font-size: {u(8)}; color: #333; margin-top: {u(2)}; }}
.kf-line {{ margin: 0 0 {u(2)}; }}
.kf-line .kf-value {{ font-weight: bold; white-space: nowrap; }}
.grp {{ display: flex; margin: {u(8)} 0 {u(10)}; }}
.grp .tblock {{ margin: 0; }}
.grp-side_by_side {{ flex-direction: row; gap: {u(14)}; align-items: flex-start; }}
.grp-side_by_side > .gi {{ flex: 1 1 0; min-width: 0; }}
.grp-stacked {{ flex-direction: column; gap: {u(6)}; }}
.grp-beside_prose {{ flex-direction: row; gap: {u(14)}; align-items: flex-start; }}
.grp-beside_prose > .gi-tbl {{ flex: 0 1 auto; max-width: 58%; }}
.grp-beside_prose > .gi-txt {{ flex: 1 1 0; min-width: 0; }}
.grp table.t {{ width: 100%; }}
.grp-beside_prose table.t {{ width: auto; }}
"""

    def print_css(self):
        u, k = self.u, self.k
        t, r, b, l = self.margins()
        w, h = A4_MM
        size_p = "%smm %smm" % (_num(w * k), _num(h * k))
        size = size_p if not self.landscape else "%smm %smm" % (_num(h * k), _num(w * k))
        boxes = []
        rh = self.page.get("running_header")
        rf = self.page.get("running_footer")
        mt = self.page.get("margin_text")
        font = f'font-family: "{self.font}", sans-serif; font-size: {u(7.5)}; color: #555;'
        if rh:
            boxes.append("@top-center { content: %s; %s vertical-align: bottom; padding-bottom: %s; }"
                         % (self.css_content(rh), font, u(10)))
        if rf:
            boxes.append("@bottom-center { content: %s; %s vertical-align: top; padding-top: %s; }"
                         % (self.css_content(rf), font, u(10)))
        if mt:
            boxes.append("@left-middle { content: %s; writing-mode: vertical-rl; transform: rotate(180deg); "
                         "font-family: \"%s\", sans-serif; font-size: %s; color: #666; text-align: center; }"
                         % (_css_str(mt), self.font, u(6.5)))
        cw, ch = self.content_box(False)
        cols = "columns: 2; column-gap: %s;" % u(18)
        return self.css_common() + f"""
@page {{ size: {size}; margin: {u(t)} {u(r)} {u(b)} {u(l)}; {" ".join(boxes)} }}
@page rotp {{ size: {size_p}; margin: {" ".join(u(x) for x in self.margins(False))}; }}
html, body {{ margin: 0; padding: 0; }}
body {{ font-size: {u(9.5)}; line-height: 1.38; }}
.cover {{ margin: 0 0 {u(16)}; padding-bottom: {u(6)}; }}
.cover .org {{ font-size: {u(10.5)}; color: #555; margin: 0 0 {u(2)}; letter-spacing: {u(0.4)}; }}
.cover h1 {{ font-size: {u(24)}; color: #1b3a5c; margin: 0; }}
.pb {{ break-before: page; }}
.cols {{ {cols} }}
.cols .h {{ break-after: avoid; }}
.h {{ break-after: avoid; }}
.tblock, .grp, .kf {{ break-inside: avoid; }}
.rotpage {{ page: rotp; break-before: page; break-after: page; position: relative; contain: paint; height: {u(ch - 4)}; width: {u(cw - 2)}; overflow: visible; }}
.rotinner {{ position: absolute; left: 0; top: 0; transform-origin: 0 0; }}
.rotinner .tblock {{ margin: 0; }}
.rotinner table.t {{ width: 100%; }}
"""

    def css_content(self, text):
        parts = text.split("{page}")
        out = []
        for i, p in enumerate(parts):
            if p:
                out.append(_css_str(p))
            if i < len(parts) - 1:
                out.append("counter(page)")
        return " ".join(out) or '""'

    def print_html(self):
        sp = self.spec
        return ('<!doctype html>\n<html lang="nl"><head><meta charset="utf-8"><title>%s</title><style>%s</style></head>\n'
                '<body><header class="cover"><p class="org">%s</p><h1>%s</h1></header>\n<main>\n%s\n</main>\n'
                '<script>%s</script></body></html>\n'
                % (_esc(sp.get("title")), self.print_css(), _esc(sp.get("org")), _esc(sp.get("title")), self.body_blocks(),
                   FIT_SCRIPT % (self.u(self.content_box(self.landscape)[0]), MIN_TABLE_PT * self.k * 4 / 3)))

    def web_css(self):
        return self.css_common() + """
body { margin: 0; font-size: 16px; line-height: 1.55; background: #f4f6f8; }
a { color: #1b6aa5; text-decoration: none; }
.wrap { max-width: 1080px; margin: 0 auto; padding: 0 24px; }
.site { background: #1b3a5c; color: #fff; }
.site .wrap { display: flex; align-items: center; justify-content: space-between; min-height: 68px; }
.brand { color: #fff; font-weight: bold; font-size: 20px; }
.site nav ul { list-style: none; display: flex; gap: 22px; margin: 0; padding: 0; }
.site nav a { color: #dbe6f2; font-size: 15px; }
.crumbs { font-size: 13px; color: #667; padding-top: 14px; padding-bottom: 4px; }
main.wrap { padding-bottom: 40px; }
article { background: #fff; padding: 28px 36px 36px; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
article > h1 { font-size: 32px; color: #1b3a5c; margin: 0 0 6px; }
.meta { color: #667; font-size: 14px; margin: 0 0 24px; }
h2.l1 { font-size: 26px; margin-top: 32px; }
h3.l2 { font-size: 20px; }
h4.l3 { font-size: 17px; }
.cols { columns: 2 320px; column-gap: 36px; }
.tblock { overflow-x: auto; }
.cell { padding: 5px 9px; }
.tbl-title, table.t caption { font-size: 16px; margin-bottom: 6px; }
.unit-note { font-size: 13px; }
.footnotes p { font-size: 13px; }
.site-foot { background: #22313f; color: #c9d3dc; font-size: 14px; }
.site-foot .wrap { display: flex; justify-content: space-between; padding-top: 22px; padding-bottom: 22px; }
.site-foot a { color: #c9d3dc; }
@media (max-width: 720px) { .grp { flex-direction: column !important; } .grp > .gi { max-width: none !important; } }
"""

    def web_html(self):
        sp = self.spec
        org, title = sp.get("org") or "", sp.get("title") or ""
        year = sp.get("year")
        nav = "".join('<li><a href="#">%s</a></li>' % x for x in ("Over ons", "Onze werking", "Publicaties", "Contact"))
        foot_year = (int(year) + 1) if isinstance(year, int) else ""
        return ('<!doctype html>\n<html lang="nl"><head><meta charset="utf-8">'
                '<meta name="viewport" content="width=device-width, initial-scale=1">'
                '<title>%s | %s</title><style>%s</style></head>\n<body>\n'
                '<header class="site"><div class="wrap"><a class="brand" href="#">%s</a><nav aria-label="Hoofdmenu"><ul>%s</ul></nav></div></header>\n'
                '<div class="crumbs wrap"><a href="#">Home</a> › <a href="#">Publicaties</a> › %s</div>\n'
                '<main class="wrap"><article>\n<h1>%s</h1>\n<p class="meta">%s</p>\n%s\n</article></main>\n'
                '<footer class="site-foot"><div class="wrap"><span>© %s %s</span><span><a href="#">Privacy</a> · <a href="#">Toegankelijkheid</a> · <a href="#">Contact</a></span></div></footer>\n'
                '</body></html>\n'
                % (_esc(title), _esc(org), self.web_css(), _esc(org), nav, _esc(title), _esc(title), _esc(org),
                   self.body_blocks(), foot_year, _esc(org)))


# ---------------------------------------------------------------- applied axes

def _doc_applied(spec, producer):
    page = spec.get("page") or {}
    ax = dict(spec.get("axes") or {})
    ax["producer"] = producer
    if producer == "web":
        ax["page.orientation"] = "portrait"
        ax["page.running"] = "none"
        ax["page.margin_text"] = "no"
    else:
        ax["page.orientation"] = "landscape" if page.get("orientation") == "landscape" else "portrait"
        h, f = bool(page.get("running_header")), bool(page.get("running_footer"))
        ax["page.running"] = "both" if h and f else "header" if h else "footer" if f else "none"
        ax["page.margin_text"] = "yes" if page.get("margin_text") else "no"
    ax["page.text_columns"] = 2 if int(page.get("text_columns") or 1) == 2 else 1
    if isinstance((spec.get("axes") or {}).get("page.text_columns"), str):
        ax["page.text_columns"] = str(ax["page.text_columns"])
    return ax


# ---------------------------------------------------------------- printing

def chromium_path():
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        p = shutil.which(name)
        if p:
            return p
    raise RuntimeError("render_html: no chromium found")


# (--no-pdf-header-footer is for --print-to-pdf only: with --remote-debugging-pipe it stops page loads)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-extensions", "--disable-background-networking", "--disable-sync",
                  "--disable-component-update", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
                  "--no-default-browser-check", "--run-all-compositor-stages-before-draw"]


def _print_pdf(html_path, pdf_path, profile):
    cmd = [chromium_path()] + CHROMIUM_FLAGS + ["--no-pdf-header-footer", "--user-data-dir=" + profile,
                                                "--print-to-pdf=" + pdf_path,
                                                "file://" + os.path.abspath(html_path)]
    r = subprocess.run(cmd, capture_output=True, timeout=300)
    if r.returncode != 0 or not os.path.exists(pdf_path) or os.path.getsize(pdf_path) == 0:
        raise RuntimeError("chromium failed (%d): %s" % (r.returncode, r.stderr.decode("utf-8", "replace")[-2000:]))


class _Chromium:
    """One headless Chromium driven through the DevTools protocol on a pipe (fds 3 and 4 of the child,
    NUL-separated JSON); prints a file:// page with Page.printToPDF, the same output as --print-to-pdf."""

    def __init__(self, profile):
        import fcntl
        import json
        self.json = json
        r_cmd, self.w_cmd = os.pipe()
        self.r_resp, w_resp = os.pipe()

        def child_fds():
            a = fcntl.fcntl(r_cmd, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(w_resp, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        cmd = [chromium_path()] + CHROMIUM_FLAGS + ["--remote-debugging-pipe", "--user-data-dir=" + profile,
                                                    "about:blank"]
        self.proc = subprocess.Popen(cmd, pass_fds=(3, 4), preexec_fn=child_fds, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(r_cmd)
        os.close(w_resp)
        self.buf, self.next_id, self.pending = b"", 0, []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.sid = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=True)

    def send(self, method, params=None, session=False):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self.sid
        data = self.json.dumps(msg).encode("utf-8") + b"\0"
        while data:
            data = data[os.write(self.w_cmd, data):]
        return self.next_id

    def wait_for(self, pred, timeout):
        import select
        import time
        end = time.monotonic() + timeout
        for k, o in enumerate(self.pending):  # a message that came while another was awaited
            if pred(o):
                return self.pending.pop(k)
        while True:
            while b"\0" in self.buf:
                m, self.buf = self.buf.split(b"\0", 1)
                o = self.json.loads(m)
                if pred(o):
                    return o
                if o.get("method") == "Page.loadEventFired":  # may come before the navigate answer
                    self.pending.append(o)
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.r_resp], [], [], left)[0]:
                raise TimeoutError("chromium: no answer in %d s" % timeout)
            chunk = os.read(self.r_resp, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            self.buf += chunk

    def call(self, method, params=None, session=False, timeout=60):
        i = self.send(method, params, session)
        o = self.wait_for(lambda o: o.get("id") == i, timeout)
        if "error" in o:
            raise RuntimeError("chromium %s: %s" % (method, o["error"]))
        return o.get("result") or {}

    def print_pdf(self, html_path, pdf_path):
        import base64
        self.pending = []
        nav = self.call("Page.navigate", {"url": "file://" + os.path.abspath(html_path)}, session=True)
        if nav.get("errorText"):
            raise RuntimeError("chromium: %s" % nav["errorText"])
        url = "file://" + os.path.abspath(html_path)
        for _ in range(20):  # a load event of an earlier page does not count: our page, loaded
            self.wait_for(lambda o: o.get("method") == "Page.loadEventFired" and o.get("sessionId") == self.sid, 120)
            state = self.call("Runtime.evaluate", {"expression": "location.href + ' ' + document.readyState",
                                                   "returnByValue": True}, session=True)
            if (state.get("result") or {}).get("value") == url + " complete":
                break
        else:
            raise RuntimeError("chromium: %s did not load" % html_path)
        res = self.call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True,
                                            "displayHeaderFooter": False, "generateTaggedPDF": True},
                        session=True, timeout=300)
        with open(pdf_path, "wb") as f:
            f.write(base64.b64decode(res["data"]))

    def close(self):
        try:
            self.send("Browser.close")
            self.proc.wait(20)
        except Exception:  # noqa: BLE001
            self.proc.kill()
            self.proc.wait()
        for fd in (self.w_cmd, self.r_resp):
            try:
                os.close(fd)
            except OSError:
                pass


_BOX = re.compile(rb"(/(?:MediaBox|CropBox|BleedBox|TrimBox|ArtBox) \[)([^\]]*)(\])")
_CONTENTS = re.compile(rb"(%% Contents for page \d+\n(?:%%[^\n]*\n)*\d+ 0 obj\n<<[^>]*>>\nstream\n)(.*?)(\nendstream)", re.S)
_DATE = re.compile(rb"/(CreationDate|ModDate) \((?:[^()\\]|\\.)*\)")


_TOP_CM = re.compile(rb"^([\d.]+) 0 0 -([\d.]+) 0 [\d.]+ cm\s", re.M)
_CLIP = re.compile(rb"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re\s+W\*? n")


def _check_not_shrunk(data, content_widths):
    """Chromium shrinks a whole page when something on it is wider than the page; every rule would come
    out thinner. A page's first clip is its content box: its width must be one of `content_widths` (pt)."""
    for i, m in enumerate(_CONTENTS.finditer(data)):
        s = _TOP_CM.search(m.group(2))
        c = _CLIP.search(m.group(2))
        if not s or not c:
            continue
        w = float(c.group(3)) * float(s.group(1))
        if not any(abs(w - cw) <= 0.005 * cw for cw in content_widths):
            raise RuntimeError("render_html: page %d printed shrunk to %.1f%% (content wider than the page)"
                               % (i + 1, 100 * w / max(content_widths)))


def _postprocess(raw, out, tmp, scale, date, content_widths=None):
    """Scale every page of `raw` down by `scale`, pin dates, write `out` with a deterministic /ID."""
    q = os.path.join(tmp, "q.pdf")
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", raw, q], check=True, capture_output=True)
    with open(q, "rb") as f:
        data = f.read()
    if content_widths:
        _check_not_shrunk(data, content_widths)
    if scale != 1:
        f_ = 1.0 / scale

        def box(m):
            nums = [float(x) for x in m.group(2).split()]
            return m.group(1) + b" ".join(_num(x * f_).encode() for x in nums) + m.group(3)

        data, nbox = _BOX.subn(box, data)
        pre = ("q %.9f 0 0 %.9f 0 0 cm\n" % (f_, f_)).encode()
        data, ncont = _CONTENTS.subn(lambda m: m.group(1) + pre + m.group(2) + b"\nQ" + m.group(3), data)
        pages = len(re.findall(rb"^%% Page \d+$", data, re.M))
        if ncont != pages or nbox < pages:
            raise RuntimeError("page scaling: %d pages, %d content streams, %d boxes" % (pages, ncont, nbox))
    data = _DATE.sub(lambda m: b"/" + m.group(1) + b" (" + date.encode() + b")", data)
    # the tagged PDF's structure element ids are DOM node numbers, which grow from one document to the next
    # in one Chromium: renumber them 1, 2, ... in their order (fixed width: the /IDTree stays sorted)
    ids = sorted({int(x) for x in re.findall(rb"\(node(\d{8})\)", data)})
    renum = {n: i + 1 for i, n in enumerate(ids)}
    data = re.sub(rb"\(node(\d{8})\)", lambda m: b"(node%08d)" % renum[int(m.group(1))], data)
    # chromium's /ID is random: drop it, qpdf --deterministic-id writes one from the content
    data = re.sub(rb"\n\s*/ID \[\s*<[0-9A-Fa-f]*>\s*<[0-9A-Fa-f]*>\s*\]", b"", data)
    q1 = os.path.join(tmp, "q1.pdf")
    with open(q1, "wb") as f:
        f.write(data)
    fixed = subprocess.run(["fix-qdf", q1], check=True, capture_output=True).stdout
    q2 = os.path.join(tmp, "q2.pdf")
    with open(q2, "wb") as f:
        f.write(fixed)
    subprocess.run(["qpdf", "--deterministic-id", "--object-streams=generate", "--compress-streams=y", q2, out],
                   check=True, capture_output=True)


def _pdf_date(spec):
    y = spec.get("year")
    y = int(y) + 1 if isinstance(y, int) else 2025
    return "D:%04d0430120000+00'00'" % y


def build_html(spec, mode):
    """(html text, builder) for mode "print" or "web"."""
    b = _Builder(spec, mode)
    text = b.print_html() if mode == "print" else b.web_html()
    return text, b


def _check_applied(producer, applied, tables):
    caps = capabilities(producer)
    for k, v in list(applied.items()) + [(k, v) for t in tables.values() for k, v in t.items()]:
        if k in caps and v not in caps[k] and str(v) not in {str(x) for x in caps[k]}:
            raise ValueError("render_html: %s = %r is not realisable by %s" % (k, v, producer))


def _web(spec, out_path):
    text, b = build_html(spec, "web")
    applied = _doc_applied(spec, "web")
    _check_applied("web", applied, b.tables)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, out_path)
    return {"applied": applied, "tables": b.tables}


def render(spec, out_path):
    return render_batch([(spec, out_path)])[0]


def render_batch(items):
    """[(spec, out_path)] -> [render result], in order. All PDFs of the batch are printed by one Chromium
    (DevTools protocol over a pipe): its start-up, most of a single print's CPU time, is paid once. If that
    session fails, the documents it did not print are printed one by one with `--print-to-pdf`. A
    document that fails is reported (RuntimeError) after all others are written."""
    results, jobs, errors = [None] * len(items), [], []
    for i, (spec, out_path) in enumerate(items):
        out_path = str(out_path)
        if out_path.endswith(".html"):
            results[i] = _web(spec, out_path)
        elif out_path.endswith(".pdf"):
            text, b = build_html(spec, "print")
            applied = _doc_applied(spec, "chromium")
            _check_applied("chromium", applied, b.tables)
            jobs.append((i, spec, out_path, text, b))
            results[i] = {"applied": applied, "tables": b.tables}
        else:
            raise ValueError("render_html: out_path must end in .html or .pdf: %r" % out_path)
    if not jobs:
        return results
    with tempfile.TemporaryDirectory(prefix="forge-html-") as tmp:
        session = None
        try:
            session = _Chromium(os.path.join(tmp, "profile"))
        except Exception:
            session = None
        for n, (i, spec, out_path, text, b) in enumerate(jobs):
            work = os.path.join(tmp, "d%d" % n)
            os.mkdir(work)
            src = os.path.join(work, "doc.html")
            with open(src, "w", encoding="utf-8") as f:
                f.write(text)
            raw = os.path.join(work, "raw.pdf")
            try:
                if session is not None:
                    try:
                        session.print_pdf(src, raw)
                    except Exception:
                        session.close()
                        session = None
                if session is None:
                    _print_pdf(src, raw, os.path.join(work, "profile"))
                _postprocess(raw, out_path + ".tmp", work, PRINT_SCALE, _pdf_date(spec),
                             [b.content_box(land)[0] * PRINT_SCALE for land in (False, True)])
                os.replace(out_path + ".tmp", out_path)
            except Exception as e:  # noqa: BLE001 - reported below, after the other documents
                errors.append("%s: %s" % (spec.get("id"), e))
                if os.path.exists(out_path + ".tmp"):
                    os.remove(out_path + ".tmp")
            shutil.rmtree(work, ignore_errors=True)
        if session is not None:
            session.close()
    if errors:
        raise RuntimeError("render_html: %d of %d documents failed: %s" % (len(errors), len(items), "; ".join(errors)))
    return results


if __name__ == "__main__":
    import json
    import sys
    with open(sys.argv[1], encoding="utf-8") as fh:
        sp = json.load(fh)
    print(json.dumps(render(sp, sys.argv[2]), ensure_ascii=False, default=sorted))
