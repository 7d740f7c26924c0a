"""spec -> PDF drawn on a reportlab canvas (forge/SPEC.md, "Renderer interface").

InDesign-style output: every text run is placed by coordinates (justified prose word by word,
table cells one run each), rules are vector lines of the exact width and colour the style asks,
shading is filled rectangles, rotated tables and the margin text use `canvas.rotate`.

    render(spec, out_path) -> {"applied": {...}, "tables": {id: {"pages": [...], ...}}, "pages": n}

Heavy imports (reportlab) happen inside functions so `CAPABILITIES` is cheap to read.
"""

import os
import zlib

CAPABILITIES = {
    "page.orientation": {"portrait", "landscape"},
    "page.text_columns": {"1", "2"},
    "page.running": {"none", "header", "footer", "both"},
    "page.margin_text": {"no", "yes"},
    "table.rules": {"grid", "horizontal", "booktabs", "header_underline", "zebra", "none"},
    "table.rule_weight": {"hairline", "thin", "normal"},
    "table.rule_color": {"black", "grey", "pale"},
    "table.backgrounds": {"no", "yes"},
    "table.placement": {"full", "beside_prose", "side_by_side", "stacked", "inline", "rotated", "two_sided"},
    "table.continued": {"no", "repeat_header", "no_header", "vervolg_title", "carried_subtotal"},
    "page.furniture": {"none", "section_headings", "footnote_block", "chart"},
    "table.header_lines": {"1", "multi"},
    "table.figure_marks": {"none", "superscript", "inline"},
    "table.cut": {"none", "rows", "after_header"},
}

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
REG, BOLD, OBL = "ForgeSans", "ForgeSans-Bold", "ForgeSans-Oblique"

A4 = (595.2756, 841.8898)

PALETTES = [  # (accent, tint) per document, chosen from the spec id
    ("#1f4e79", "#dce6f1"), ("#7a2e3a", "#f2e0df"), ("#2e6b3a", "#e2efda"),
    ("#5b3a7a", "#e9e1f1"), ("#8a5a00", "#fbeed5"), ("#00636e", "#d9eef0"),
]
TOTAL_FILL = "#e4e4e4"
SUBTOTAL_FILL = "#f0f0f0"
ZEBRA_FILL = "#eef0f3"
INDENT_PT = 12.0

_fonts_done = False


def _exact_ttfont_class():
    """A TTFont that keeps U+00A0 a character of its own.

    reportlab's TTFont.splitString prints U+00A0 with the code of U+0020, so the PDF's text layer
    would say U+0020. Here U+00A0 gets its own code (and ToUnicode entry): reportlab allocates a code
    for an unused stand-in character, which is then handed over to U+00A0."""
    from reportlab.pdfbase.ttfonts import TTFont

    class ExactTTFont(TTFont):
        def splitString(self, text, doc, encoding="utf-8"):
            if isinstance(text, bytes):
                text = text.decode(encoding)
            if "\u00a0" not in text:
                return TTFont.splitString(self, text, doc, encoding)
            n = self._nbsp_code(doc, encoding)
            parts = []
            for i, part in enumerate(text.split("\u00a0")):
                if i:
                    parts.append((n >> 8, bytes([n & 0xFF])))
                if part:
                    parts += TTFont.splitString(self, part, doc, encoding)
            merged = []
            for subset, chunk in parts:
                if merged and merged[-1][0] == subset:
                    merged[-1] = (subset, merged[-1][1] + chunk)
                else:
                    merged.append((subset, chunk))
            return merged

        def _nbsp_code(self, doc, encoding):
            TTFont.splitString(self, "", doc, encoding)  # the document's subsetting state
            state = self.state[doc]
            if 0xA0 not in state.assignments:
                cmap = self.face.charToGlyph
                stand_in = next(c for c in range(0x2580, 0x2600) if c in cmap and c not in state.assignments)
                TTFont.splitString(self, chr(stand_in), doc, encoding)
                n = state.assignments.pop(stand_in)
                state.subsets[n >> 8][n & 0xFF] = 0xA0
                state.assignments[0xA0] = n
            return state.assignments[0xA0]

    return ExactTTFont


def _register_fonts():
    global _fonts_done
    if _fonts_done:
        return
    from reportlab.pdfbase import pdfmetrics
    font = _exact_ttfont_class()
    pdfmetrics.registerFont(font(REG, os.path.join(FONT_DIR, "DejaVuSans.ttf")))
    pdfmetrics.registerFont(font(BOLD, os.path.join(FONT_DIR, "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(font(OBL, os.path.join(FONT_DIR, "DejaVuSans-Oblique.ttf")))
    _fonts_done = True


def _sw(text, font, size):
    from reportlab.pdfbase.pdfmetrics import stringWidth
    return stringWidth(text, font, size)


def _wrap(text, font, size, width):
    """Lines of `text` broken at U+0020 only (no-break and thin spaces never break)."""
    words = (text or "").split(" ")
    lines, cur = [], None
    for w in words:
        if cur is None:
            cur = w
            continue
        cand = cur + " " + w
        if _sw(cand, font, size) > width:
            lines.append(cur)
            cur = w
        else:
            cur = cand
    lines.append(cur if cur is not None else "")
    return lines


def _longest_word(text, font, size):
    return max([_sw(w, font, size) for w in (text or "").split(" ")] or [0.0])


def _hash(s):
    return zlib.crc32(str(s).encode("utf-8"))


def _color(hexstr):
    from reportlab.lib.colors import HexColor
    return HexColor(hexstr)


# ----------------------------------------------------------------------------- boxes

class Box:
    """Something of a fixed size drawn with its top-left corner at (x, ytop)."""

    def __init__(self, w, h, draw, gap_before=0.0, keep_next=False):
        self.w, self.h, self.draw_fn = w, h, draw
        self.gap_before, self.keep_next = gap_before, keep_next

    def draw(self, r, x, ytop):
        self.draw_fn(r, x, ytop)


# ----------------------------------------------------------------------------- tables

class TableLayout:
    """Column widths, wrapped labels and row heights of one table block at one width."""

    def __init__(self, t, avail_w, fill=True, accent=("#1f4e79", "#dce6f1")):
        self.t = t
        st = t.get("style") or {}
        self.rules = st.get("rules") or "horizontal"
        self.lw = float(st.get("rule_width") or 0.5)
        self.lc = st.get("rule_color") or "#000000"
        self.bg = bool(st.get("cell_backgrounds"))
        self.hwrap = bool(st.get("header_wrap"))      # a shaded header, one word per line
        self.marks = st.get("figure_marks")            # "superscript" | "inline": markers before figures
        self.accent, self.tint = accent
        self.columns = t.get("columns") or []
        self.ncols = len(self.columns)
        self.header = [[dict(c) for c in hr] for hr in (t.get("header") or [])]
        self.rows = t.get("rows") or []
        self.avail_w = avail_w
        self.forced_font = None
        fs0 = float(st.get("font_size") or 9)
        # first a font up to 2.5 pt smaller with labels on at most about two lines, then labels
        # wrapped as narrow as their longest word, the font down to 6 pt
        tries = [(fs0 - 0.5 * k, False) for k in range(6) if fs0 - 0.5 * k >= 6.0]
        tries += [(fs0 - 0.5 * k, True) for k in range(int((fs0 - 6.0) * 2) + 1)]
        for fs, relaxed in tries:
            if self._fit(fs, avail_w, fill, relaxed):
                break
        if fs != fs0:
            self.forced_font = fs
        self._layout_rows()

    # --- fonts per row
    def row_font(self, row):
        if row.get("bold") or row.get("kind") == "header":
            return BOLD
        return REG

    def _span_label(self, row):
        """A group row whose figures are all empty prints its label across the table (not in a grid)."""
        if row.get("kind") != "group" or self.rules == "grid" or self.ncols < 2:
            return False
        if not self.columns or self.columns[0].get("role") != "label":
            return False
        return all(not (c or "").strip() for c in row["cells"][1:])

    def _sup_w(self, row, j):
        s = (row.get("sup") or {}).get(str(j))
        w = _sw(s, REG, self.fs * 0.65) + 0.5 if s else 0.0
        return w + self._pre_w(row, j)

    def _pre_size(self):
        return self.fs * (0.65 if self.marks == "superscript" else 1.0)

    def _pre_w(self, row, j):
        """Width of a footnote marker printed before the figure, a full space apart."""
        p = (row.get("pre") or {}).get(str(j))
        return _sw(p, REG, self._pre_size()) + self._pre_gap() if p else 0.0

    def _pre_gap(self):
        return max(_sw(" ", REG, self.fs), self.fs * 0.4)

    def _header_cells(self):
        """[(row_index, col_start, span, text)] for the header grid."""
        out = []
        for i, hr in enumerate(self.header):
            col = 0
            for cell in hr:
                span = int(cell.get("span") or 1)
                out.append((i, col, span, cell.get("text") or ""))
                col += span
        return out

    def _fit(self, fs, avail_w, fill, relaxed=False):
        self.fs = fs
        self.pad = max(2.5, fs * 0.45)
        pad2 = 2 * self.pad
        # figures get wider padding: right-aligned columns stay apart by several spaces' width
        self.pads = [self.pad if c.get("role") == "label" else max(3.5, fs * 0.7) for c in self.columns]
        n = self.ncols
        nat = [0.0] * n
        mins = [0.0] * n
        for row in self.rows:
            f = self.row_font(row)
            span = self._span_label(row)
            for j, text in enumerate(row.get("cells") or []):
                if j >= n or (span and j == 0):
                    continue
                w = _sw(text, f, fs) + self._sup_w(row, j)
                if row.get("kind") == "header" and self.columns[j].get("role") != "label":
                    # a header row repeated mid-table: its texts wrap like header cells
                    nat[j] = max(nat[j], w)
                    mins[j] = max(mins[j], _longest_word(text, f, fs))
                elif self.columns[j].get("role") == "label":
                    ind = INDENT_PT * int(row.get("indent") or 0)
                    nat[j] = max(nat[j], w + ind)
                    mins[j] = max(mins[j], _longest_word(text, f, fs) + ind + self._sup_w(row, j))
                else:
                    nat[j] = max(nat[j], w)
                    mins[j] = max(mins[j], w)
        hcells = self._header_cells()
        hmin_extra = [0.0] * n
        for (_i, col, span, text) in hcells:
            if span == 1 and col < n:
                nat[col] = max(nat[col], _sw(text, BOLD, fs))
                hmin_extra[col] = max(hmin_extra[col], _longest_word(text, BOLD, fs))
        for j in range(n):
            mins[j] = max(mins[j], hmin_extra[j])
            if self.columns[j].get("role") == "label":
                mins[j] = max(mins[j], min(nat[j], max(45.0, 0.2 * avail_w)))
                if not relaxed:
                    mins[j] = max(mins[j], 0.5 * nat[j])
        nat = [w + 2 * self.pads[j] for j, w in enumerate(nat)]
        mins = [w + 2 * self.pads[j] for j, w in enumerate(mins)]
        label_cols = [j for j in range(n) if self.columns[j].get("role") == "label"]
        lab = label_cols[0] if label_cols else None

        widths = list(nat)
        if sum(widths) > avail_w:
            if lab is not None:
                others = sum(w for j, w in enumerate(widths) if j != lab)
                if avail_w - others >= mins[lab]:
                    widths[lab] = avail_w - others
                else:
                    widths = [mins[j] if j != lab else nat[j] for j in range(n)]
                    others = sum(w for j, w in enumerate(widths) if j != lab)
                    widths[lab] = max(mins[lab], avail_w - others)
            else:
                widths = list(mins)
        # spanning header cells need room for their text (longest word at least)
        for (_i, col, span, text) in hcells:
            if span <= 1:
                continue
            cols = list(range(col, min(n, col + span)))
            have = sum(widths[j] for j in cols)
            need = _sw(text, BOLD, fs) + pad2
            if have < need:
                grow = [j for j in cols if j != lab] or cols
                extra = (need - have) / len(grow)
                for j in grow:
                    widths[j] += extra
        if sum(widths) > avail_w + 0.01 and lab is not None:
            over = sum(widths) - avail_w
            give = min(over, widths[lab] - mins[lab])
            if give > 0:
                widths[lab] -= give
        if sum(widths) > avail_w + 0.01:
            self.widths = widths
            return False
        if fill and sum(widths) < avail_w:
            extra = avail_w - sum(widths)
            if lab is not None:
                # figure columns first widen towards a usual column width, the label takes the rest
                want = {j: max(0.0, fs * 6.0 - widths[j]) for j in range(n) if j != lab}
                total_want = sum(want.values())
                if total_want > 0:
                    k = min(1.0, extra * 0.5 / total_want)
                    for j, w in want.items():
                        widths[j] += w * k
                        extra -= w * k
                widths[lab] += extra
            else:
                widths = [w + extra / n for w in widths]
        self.widths = widths
        return True

    def _layout_rows(self):
        fs = self.fs
        self.lh = fs * 1.22
        self.vpad = fs * 0.34
        self.width = sum(self.widths)
        self.xs = [0.0]
        for w in self.widths:
            self.xs.append(self.xs[-1] + w)
        # header cells wrapped
        self.hcells = []
        self.hheights = [0.0] * len(self.header)
        for (i, col, span, text) in self._header_cells():
            w = self.xs[min(self.ncols, col + span)] - self.xs[col] - 2 * (self.pads[col] if span == 1 else self.pad)
            lines = _wrap(text, BOLD, fs, w) if text else [""]
            if self.hwrap and text and len(text.split()) > 1:
                lines = text.split()
            self.hcells.append((i, col, span, text, lines))
            self.hheights[i] = max(self.hheights[i], len(lines) * self.lh + 2 * self.vpad)
        # body rows: label cells wrapped
        self.rlines, self.rheights = [], []
        for row in self.rows:
            f = self.row_font(row)
            cells = row.get("cells") or []
            per = []
            nl = 1
            span = self._span_label(row)
            for j, text in enumerate(cells[:self.ncols]):
                if row.get("kind") == "header" and self.columns[j].get("role") != "label":
                    lines = _wrap(text, f, fs, self.widths[j] - 2 * self.pads[j])
                    if self.hwrap and len(text.split()) > 1:
                        lines = text.split()
                elif self.columns[j].get("role") == "label" and not (span and j == 0):
                    ind = INDENT_PT * int(row.get("indent") or 0)
                    w = self.widths[j] - 2 * self.pads[j] - ind - self._sup_w(row, j)
                    lines = _wrap(text, f, fs, w)
                else:
                    lines = [text]
                per.append(lines)
                nl = max(nl, len(lines))
            self.rlines.append(per)
            self.rheights.append(nl * self.lh + 2 * self.vpad)
        self.header_h = sum(self.hheights)
        # caption, unit note and footnotes
        self.title_fs = max(9.0, fs + 1.5)
        self.unit_fs = max(6.5, fs - 1.0)
        self.note_fs = max(6.5, fs - 1.5)
        self.note_lines = []
        for note in self.t.get("footnotes") or []:
            self.note_lines += _wrap(note, REG, self.note_fs, self.width)

    def caption_lines(self, suffix=""):
        title = self.t.get("title")
        if not title:
            return []
        return _wrap(title + (suffix or ""), BOLD, self.title_fs, max(self.width, min(self.avail_w, 360)))

    def caption_h(self, suffix=""):
        h = 0.0
        lines = self.caption_lines(suffix)
        if lines:
            h += len(lines) * self.title_fs * 1.25
        if self.t.get("unit_note"):
            h += self.unit_fs * 1.35
        if h:
            h += 3.0
        return h

    def notes_h(self):
        return (3.0 + len(self.note_lines) * self.note_fs * 1.3) if self.note_lines else 0.0

    def part_h(self, lo, hi, with_header, caption, suffix, notes, pad_before_last=0.0):
        h = self.caption_h(suffix) if caption else 0.0
        if with_header:
            h += self.header_h
        h += sum(self.rheights[lo:hi]) + pad_before_last
        if notes:
            h += self.notes_h()
        return h

    # --- drawing
    def draw_part(self, r, x, ytop, lo, hi, with_header, caption, suffix, notes, pad_before_last=0.0):
        c = r.c
        y = ytop
        fs = self.fs
        if caption:
            lines = self.caption_lines(suffix)
            c.setFillColor(_color("#111111"))
            for ln in lines:
                c.setFont(BOLD, self.title_fs)
                c.drawString(x, y - self.title_fs, ln)
                y -= self.title_fs * 1.25
            if self.t.get("unit_note"):
                c.setFont(REG, self.unit_fs)
                c.setFillColor(_color("#444444"))
                c.drawString(x, y - self.unit_fs, self.t["unit_note"])
                y -= self.unit_fs * 1.35
            if lines or self.t.get("unit_note"):
                y -= 3.0
        top = y
        # row geometry: (kind, index, ytop, ybottom)
        geo = []
        if with_header:
            for i, hh in enumerate(self.hheights):
                geo.append(("h", i, y, y - hh))
                y -= hh
        for k in range(lo, hi):
            if k == hi - 1 and pad_before_last:
                y -= pad_before_last
            geo.append(("b", k, y, y - self.rheights[k]))
            y -= self.rheights[k]
        bottom = y
        X = [x + v for v in self.xs]
        # fills
        body_n = 0
        for (kind, i, yt, yb) in geo:
            fill = None
            if kind == "h":
                if self.bg or self.hwrap:
                    fill = self.tint
            else:
                row = self.rows[i]
                rk = row.get("kind") or "item"
                if self.bg and rk == "total":
                    fill = TOTAL_FILL
                elif self.bg and rk in ("subtotal", "carried"):
                    fill = SUBTOTAL_FILL
                elif self.bg and rk == "header":
                    fill = self.tint
                elif self.rules == "zebra" and body_n % 2 == 1:
                    fill = ZEBRA_FILL
                body_n += 1
            if fill:
                c.setFillColor(_color(fill))
                c.rect(X[0], yb, self.width, yt - yb, stroke=0, fill=1)
        # texts
        c.setFillColor(_color("#000000"))
        for (kind, i, yt, yb) in geo:
            if kind == "h":
                for (hi_, col, span, text, lines) in self.hcells:
                    if hi_ != i:
                        continue
                    p = self.pads[col] if span == 1 else self.pad
                    x0, x1 = X[col] + p, X[min(self.ncols, col + span)] - p
                    align = "center" if span > 1 else (self.columns[col].get("align") or "left")
                    if span == 1 and self.columns[col].get("role") == "label":
                        align = "left"
                    self._draw_lines(c, lines, BOLD, fs, x0, x1, yt - self.vpad, align, None)
            else:
                row = self.rows[i]
                f = self.row_font(row)
                if row.get("kind") == "group" and not row.get("bold"):
                    f = OBL
                for j, lines in enumerate(self.rlines[i]):
                    if not "".join(lines):
                        continue
                    col = self.columns[j]
                    x0, x1 = X[j] + self.pads[j], X[j + 1] - self.pads[j]
                    if col.get("role") == "label":
                        x0 += INDENT_PT * int(row.get("indent") or 0)
                    if j == 0 and self._span_label(row):
                        x1 = X[-1] - self.pad
                    sup = (row.get("sup") or {}).get(str(j))
                    self._draw_lines(c, lines, f, fs, x0, x1, yt - self.vpad, col.get("align") or "left", sup,
                                     (row.get("pre") or {}).get(str(j)))
        self._draw_rules(c, geo, X, top, bottom)
        y = bottom
        if notes and self.note_lines:
            y -= 3.0
            c.setFont(REG, self.note_fs)
            c.setFillColor(_color("#333333"))
            for ln in self.note_lines:
                c.drawString(x, y - self.note_fs, ln)
                y -= self.note_fs * 1.3
        return ytop - y

    def _draw_lines(self, c, lines, font, fs, x0, x1, ytop, align, sup, pre=None):
        y = ytop - fs * 0.93
        for n, ln in enumerate(lines):
            last = n == len(lines) - 1
            s = sup if (sup and last) else None
            sw = _sw(s, REG, fs * 0.65) + 0.5 if s else 0.0
            tw = _sw(ln, font, fs)
            if align == "right":
                xs = x1 - tw - sw
            elif align == "center":
                xs = (x0 + x1 - tw - sw) / 2
            else:
                xs = x0
            c.setFont(font, fs)
            c.drawString(xs, y, ln)
            if pre and n == 0:
                ps = self._pre_size()
                c.setFont(REG, ps)
                c.drawString(xs - self._pre_gap() - _sw(pre, REG, ps), y + (fs * 0.3 if ps < fs else 0.0), pre)
            if s:
                c.setFont(REG, fs * 0.65)
                c.drawString(xs + tw + 0.5, y + fs * 0.3, s)
            y -= self.lh

    def _line(self, c, x0, y0, x1, y1):
        c.line(x0, y0, x1, y1)

    def _draw_rules(self, c, geo, X, top, bottom):
        st = self.rules
        if st in ("none", "zebra"):
            return
        c.setLineWidth(self.lw)
        c.setStrokeColor(_color(self.lc))
        left, right = X[0], X[-1]
        heads = [g for g in geo if g[0] == "h"]
        body = [g for g in geo if g[0] == "b"]
        nh = len(self.hheights)

        def cmid_lines(i, yb, trim):
            for (hi_, col, span, _t, _l) in self.hcells:
                if hi_ == i and span > 1:
                    self._line(c, X[col] + trim, yb, X[min(self.ncols, col + span)] - trim, yb)

        if st == "grid":
            self._line(c, left, top, right, top)
            for (kind, i, yt, yb) in geo:
                self._line(c, left, yb, right, yb)
            self._line(c, left, top, left, bottom)
            self._line(c, right, top, right, bottom)
            for (kind, i, yt, yb) in heads:
                for (hi_, col, span, _t, _l) in self.hcells:
                    if hi_ == i and col > 0:
                        self._line(c, X[col], yt, X[col], yb)
            if body:
                ytop_body = body[0][2]
                for j in range(1, self.ncols):
                    self._line(c, X[j], ytop_body, X[j], bottom)
        elif st == "horizontal":
            self._line(c, left, top, right, top)
            for (kind, i, yt, yb) in heads:
                if i == nh - 1:
                    self._line(c, left, yb, right, yb)
                else:
                    cmid_lines(i, yb, 0.0)
            for (kind, i, yt, yb) in body:
                self._line(c, left, yb, right, yb)
        elif st == "booktabs":
            self._line(c, left, top, right, top)
            for (kind, i, yt, yb) in heads:
                if i == nh - 1:
                    self._line(c, left, yb, right, yb)
                else:
                    cmid_lines(i, yb, 3.0)
            for n, (kind, i, yt, yb) in enumerate(body):
                rk = self.rows[i].get("kind")
                if rk in ("total", "header") and not (n == 0 and heads) and yt != top:
                    self._line(c, left, yt, right, yt)
                if rk == "header":
                    self._line(c, left, yb, right, yb)
            self._line(c, left, bottom, right, bottom)
        elif st == "header_underline":
            for (kind, i, yt, yb) in heads:
                if i == nh - 1:
                    self._line(c, left, yb, right, yb)
            for (kind, i, yt, yb) in body:
                rk = self.rows[i].get("kind")
                if rk == "header":
                    self._line(c, left, yb, right, yb)
                elif rk == "total" and not self.header and yt != top:
                    # a table without header rows: the one rule goes above its total instead
                    self._line(c, left, yt, right, yt)


# ----------------------------------------------------------------------------- document

class Renderer:
    def __init__(self, spec, path):
        from reportlab.pdfgen import canvas
        _register_fonts()
        self.spec = spec
        page = spec.get("page") or {}
        self.landscape = (page.get("orientation") or "portrait") == "landscape"
        self.size = (A4[1], A4[0]) if self.landscape else A4
        self.ncols = int(page.get("text_columns") or 1)
        self.header_text = page.get("running_header")
        self.footer_text = page.get("running_footer")
        self.margin_text = page.get("margin_text")
        h = _hash(spec.get("id") or spec.get("title") or "")
        self.accent, self.tint = PALETTES[h % len(PALETTES)]
        self.body_fs = (9.5, 10.0, 9.0)[(h >> 4) % 3]
        self.justify = bool((h >> 8) & 1)
        self.lead = self.body_fs * 1.38
        if self.landscape:
            self.ml, self.mr, self.mt, self.mb = 58.0, 50.0, 54.0, 50.0
        else:
            self.ml, self.mr, self.mt, self.mb = 66.0, 56.0, 66.0, 62.0
        self.gutter = 18.0
        self.c = canvas.Canvas(path, pagesize=self.size, invariant=1, pageCompression=1)
        self.c.setTitle(spec.get("title") or "")
        self.c.setAuthor(spec.get("org") or "")
        self.c.setCreator("forge render_reportlab")
        self.page = 0
        self.page_open = False
        self.has_content = False
        self.table_pages = {}
        self.table_info = {}

    # --- geometry
    @property
    def W(self):
        return self.size[0] - self.ml - self.mr

    @property
    def col_w(self):
        return (self.W - self.gutter) / 2 if self.ncols == 2 else self.W

    @property
    def ytop(self):
        return self.size[1] - self.mt

    # --- pages
    def new_page(self, portrait=False, cover=False):
        c = self.c
        if self.page_open:
            c.showPage()
        size = A4 if portrait else self.size
        c.setPageSize(size)
        self.page += 1
        self.page_open = True
        self.has_content = False
        self.cur_size = size
        self.y = size[1] - self.mt
        self._decorate(size, cover)

    def _decorate(self, size, cover):
        c = self.c
        pw, ph = size
        grey = _color("#555555")
        if not cover and self.header_text:
            c.setFont(REG, 7.5)
            c.setFillColor(grey)
            c.drawString(self.ml, ph - self.mt + 26, self.header_text)
            c.setStrokeColor(_color(self.accent))
            c.setLineWidth(0.6)
            c.line(self.ml, ph - self.mt + 21, pw - self.mr, ph - self.mt + 21)
        if not cover and self.footer_text:
            text = self.footer_text.replace("{page}", str(self.page))
            c.setFont(REG, 7.5)
            c.setFillColor(grey)
            if self.page % 2 == 0:
                c.drawString(self.ml, self.mb - 30, text)
            else:
                c.drawRightString(pw - self.mr, self.mb - 30, text)
        if self.margin_text:
            c.saveState()
            c.setFont(REG, 6.5)
            c.setFillColor(_color("#777777"))
            c.translate(self.ml * 0.42, ph / 2)
            c.rotate(90)
            c.drawCentredString(0, 0, self.margin_text)
            c.restoreState()

    def close_page(self):
        """Nothing more goes on the current page (the next content starts a new one)."""
        self.has_content = True
        self.y = self.mb - 1.0

    def ensure_page(self):
        if not self.page_open:
            self.new_page()

    def room(self):
        return self.y - self.mb

    def mark_table(self, tid, page=None):
        if tid is None:
            return
        pages = self.table_pages.setdefault(tid, [])
        p = page or self.page
        if p not in pages:
            pages.append(p)

    # --- cover
    def cover(self):
        spec = self.spec
        self.new_page(cover=True)
        c = self.c
        pw, ph = self.size
        c.setFillColor(_color(self.accent))
        c.rect(0, ph * 0.52, pw, ph * 0.30, stroke=0, fill=1)
        c.setFillColor(_color("#ffffff"))
        c.setFont(BOLD, 30)
        y = ph * 0.52 + ph * 0.30 - 70
        for ln in _wrap(spec.get("title") or "", BOLD, 30, pw - 2 * self.ml):
            c.drawString(self.ml, y, ln)
            y -= 36
        c.setFont(REG, 16)
        c.drawString(self.ml, ph * 0.52 + 28, spec.get("org") or "")
        c.setFillColor(_color(self.tint))
        c.rect(0, ph * 0.52 - 10, pw, 10, stroke=0, fill=1)
        self.close_page()

    # --- prose boxes (width = the box width)
    def para_items(self, text, width, gap=None):
        """A paragraph as one flow item per line (paragraphs break across columns and pages)."""
        fs = self.body_fs
        lead = self.lead
        lines = _wrap(text, REG, fs, width)
        items = []
        gap = self.lead * 0.55 if gap is None else gap
        for n, ln in enumerate(lines):
            last = n == len(lines) - 1
            items.append(self._line_item(ln, width, fs, lead, gap if n == 0 else 0.0,
                                         justify=self.justify and not last))
        return items

    def _line_item(self, ln, width, fs, lead, gap, justify=False, font=REG, color="#1a1a1a", indent=0.0,
                   bullet=None, keep_next=False):
        def draw(r, x, ytop):
            c = r.c
            c.setFillColor(_color(color))
            c.setFont(font, fs)
            y = ytop - fs
            if bullet:
                c.drawString(x + indent - 12, y, bullet)
            words = ln.split(" ")
            natural = _sw(ln, font, fs)
            space = _sw(" ", font, fs)
            avail = width - indent
            extra = (avail - natural) / (len(words) - 1) if len(words) > 1 else 0
            if justify and 0 < extra < 3 * space:
                xx = x + indent
                for w in words:
                    c.drawString(xx, y, w)
                    xx += _sw(w, font, fs) + space + extra
            else:
                c.drawString(x + indent, y, ln)
        return Box(width, lead, draw, gap_before=gap, keep_next=keep_next)

    def heading_items(self, level, text, width):
        fs = {1: 18.0, 2: 13.0, 3: 10.8}.get(level, 10.8)
        color = self.accent if level < 3 else "#333333"
        lines = _wrap(text, BOLD, fs, width)
        items = []
        for n, ln in enumerate(lines):
            gap = (fs * 1.1 if level > 1 else 0.0) if n == 0 else 0.0
            items.append(self._line_item(ln, width, fs, fs * 1.3, gap, font=BOLD, color=color, keep_next=True))
        if level == 1:
            items[-1].h += 6.0
        else:
            items[-1].h += 2.0
        return items

    def list_items(self, block, width):
        items = []
        fs = self.body_fs
        lead = fs * 1.38
        for k, it in enumerate(block.get("items") or []):
            bullet = ("%d." % (k + 1)) if block.get("ordered") else "\u2022"
            lines = _wrap(it, REG, fs, width - 16)
            for n, ln in enumerate(lines):
                gap = (self.lead * 0.55 if k == 0 else lead * 0.2) if n == 0 else 0.0
                items.append(self._line_item(ln, width, fs, lead, gap, indent=16.0,
                                             bullet=bullet if n == 0 else None))
        return items

    def keyfig_line_items(self, block, width):
        fs = self.body_fs
        lead = fs * 1.38
        items = []
        if block.get("title"):
            items += self.heading_items(3, block["title"], width)
        for n, it in enumerate(block.get("items") or []):
            lab = (it.get("label") or "") + ":"
            val = it.get("value") or ""
            lines = _wrap(lab, REG, fs, width)
            # the value never breaks: it joins the last label line or starts its own
            if _sw(lines[-1] + " " + val, REG, fs) <= width:
                lines[-1] = lines[-1] + " " + val
            else:
                lines.append(val)
            for k, ln in enumerate(lines):
                items.append(self._line_item(ln, width, fs, lead, (lead * 0.2 if n else lead * 0.4) if k == 0 else 0.0))
        return items

    def cards_box(self, block, width):
        items = block.get("items") or []
        title = block.get("title")
        vfs, lfs = 17.0, 7.8
        gap = 10.0
        n = min(4, max(1, len(items)))
        while n > 1:
            cw = (width - (n - 1) * gap) / n
            if all(_sw(it.get("value") or "", BOLD, vfs) <= cw - 12 for it in items):
                break
            n -= 1
        cw = (width - (n - 1) * gap) / n
        while any(_sw(it.get("value") or "", BOLD, vfs) > cw - 12 for it in items) and vfs > 9:
            vfs -= 1
        rows = [items[i:i + n] for i in range(0, len(items), n)]
        lab_lines = {}
        for k, it in enumerate(items):
            lab_lines[k] = _wrap(it.get("label") or "", REG, lfs, cw - 12)
        row_h = []
        for r_i, rw in enumerate(rows):
            nl = max(len(lab_lines[r_i * n + k]) for k in range(len(rw)))
            row_h.append(10 + vfs * 1.2 + 4 + nl * lfs * 1.25 + 8)
        th = 11.0 * 1.4 + 4 if title else 0.0
        h = th + sum(row_h) + gap * (len(rows) - 1)

        def draw(r, x, ytop):
            c = r.c
            y = ytop
            if title:
                c.setFont(BOLD, 11.0)
                c.setFillColor(_color("#222222"))
                c.drawString(x, y - 11.0, title)
                y -= th
            for r_i, rw in enumerate(rows):
                for k, it in enumerate(rw):
                    cx = x + k * (cw + gap)
                    c.setFillColor(_color(self.tint))
                    c.roundRect(cx, y - row_h[r_i], cw, row_h[r_i], 4, stroke=0, fill=1)
                    c.setFillColor(_color(self.accent))
                    c.setFont(BOLD, vfs)
                    c.drawCentredString(cx + cw / 2, y - 10 - vfs, it.get("value") or "")
                    c.setFillColor(_color("#333333"))
                    c.setFont(REG, lfs)
                    yy = y - 10 - vfs * 1.2 - 4 - lfs
                    for ln in lab_lines[r_i * n + k]:
                        c.drawCentredString(cx + cw / 2, yy, ln)
                        yy -= lfs * 1.25
                y -= row_h[r_i] + gap
        return Box(width, h, draw)

    # --- tables as boxes (whole, unsplit)
    def table_layout(self, t, width, fill):
        return TableLayout(t, width, fill=fill, accent=(self.accent, self.tint))

    def table_box(self, t, width, fill=True, lay=None, pad_before_last=0.0):
        lay = lay or self.table_layout(t, width, fill)
        n = len(lay.rows)
        h = lay.part_h(0, n, True, True, "", True, pad_before_last)

        def draw(r, x, ytop):
            lay.draw_part(r, x, ytop, 0, n, True, True, "", True, pad_before_last)
            r.mark_table(t.get("id"))
        self._info(t, lay)
        if t.get("split"):
            self.table_info.setdefault(t.get("id"), {})["split_ignored"] = True
        return Box(lay.width, h, draw)

    def _info(self, t, lay):
        info = self.table_info.setdefault(t.get("id"), {})
        if lay.forced_font:
            info["font_size"] = lay.forced_font
        if sum(lay.widths) > lay.avail_w + 0.01:
            info["overflow"] = True

    def block_box(self, b, width, natural=False):
        kind = b.get("type")
        if kind == "table":
            return self.table_box(b, width, fill=not natural)
        if kind == "key_figures":
            if b.get("layout") == "cards":
                return self.cards_box(b, width)
            return self.stack_items(self.keyfig_line_items(b, width), width)
        if kind == "paragraph":
            return self.stack_items(self.para_items(b.get("text") or "", width, gap=0.0), width)
        if kind == "list":
            return self.stack_items(self.list_items(b, width), width)
        if kind == "heading":
            return self.stack_items(self.heading_items(int(b.get("level") or 2), b.get("text") or "", width), width)
        raise ValueError("block type %r cannot be placed in a group" % kind)

    def stack_items(self, items, width):
        h = sum(it.h + (it.gap_before if k else 0.0) for k, it in enumerate(items))

        def draw(r, x, ytop):
            y = ytop
            for k, it in enumerate(items):
                if k:
                    y -= it.gap_before
                it.draw(r, x, y)
                y -= it.h
        return Box(width, h, draw)

    # --- flow (prose in one or two columns)
    def flush(self):
        items = self.pending
        self.pending = []
        ncols = self.ncols
        while items:
            self.ensure_page()
            H = self.room()
            ends = []
            start = 0
            for _ in range(ncols):
                k = self._fill(items, start, H)
                ends.append(k)
                start = k
            if ends[-1] == len(items):
                if ncols == 2:
                    s = self._balance(items, H)
                    h1 = self._col_h(items, 0, s)
                    h2 = self._col_h(items, s, len(items))
                    self._draw_col(items, 0, s, self.ml, self.y)
                    self._draw_col(items, s, len(items), self.ml + self.col_w + self.gutter, self.y)
                    self.y -= max(h1, h2)
                else:
                    self._draw_col(items, 0, len(items), self.ml, self.y)
                    self.y -= self._col_h(items, 0, len(items))
                self.has_content = True
                return
            if ends[0] == 0:
                if self.has_content:
                    self.new_page()
                    continue
                ends = [max(1, e) for e in ends]  # an item taller than a page: draw it anyway
            s = 0
            for ci, e in enumerate(ends):
                self._draw_col(items, s, e, self.ml + ci * (self.col_w + self.gutter), self.y)
                s = e
            items = items[ends[-1]:]
            self.has_content = True
            self.new_page()

    def _col_h(self, items, a, b):
        return sum(it.h + (it.gap_before if k > a else 0.0) for k, it in enumerate(items[a:b], start=a))

    def _fill(self, items, start, H):
        h = 0.0
        k = start
        while k < len(items):
            it = items[k]
            add = it.h + (it.gap_before if k > start else 0.0)
            if h + add > H + 0.01:
                break
            h += add
            k += 1
        # never leave a heading at the bottom of a column
        while k > start + 1 and k < len(items) and items[k - 1].keep_next:
            k -= 1
        return k

    def _balance(self, items, H):
        total = self._col_h(items, 0, len(items))
        best, best_s = None, len(items)
        for s in range(1, len(items) + 1):
            h1 = self._col_h(items, 0, s)
            h2 = self._col_h(items, s, len(items))
            if h1 > H + 0.01 or h2 > H + 0.01:
                continue
            if s < len(items) and items[s - 1].keep_next:
                continue
            m = max(h1, h2)
            if best is None or m < best - 0.01:
                best, best_s = m, s
            if h1 >= total / 2:
                break
        return best_s

    def _draw_col(self, items, a, b, x, ytop):
        y = ytop
        for k in range(a, b):
            it = items[k]
            if k > a:
                y -= it.gap_before
            it.draw(self, x, y)
            y -= it.h

    # --- spanning placement
    def take_lead(self):
        """The headings waiting at the end of the flow: they go with the block that follows them."""
        k = len(self.pending)
        while k > 0 and self.pending[k - 1].keep_next:
            k -= 1
        lead, self.pending = self.pending[k:], self.pending[:k]
        if not lead:
            return None
        box = self.stack_items(lead, self.W)
        box.gap_before = lead[0].gap_before
        return box

    def place(self, box, gap_before=8.0, gap_after=8.0):
        lead = self.take_lead()
        self.flush()
        self.ensure_page()
        lh = lead.h if lead else 0.0
        g = (lead.gap_before if lead else gap_before) if self.has_content else 0.0
        if lh + box.h + g > self.room() and self.has_content:
            self.new_page()
            g = 0.0
        self.y -= g
        if lead:
            lead.draw(self, self.ml, self.y)
            self.y -= lead.h
        box.draw(self, self.ml, self.y)
        self.y -= box.h + gap_after
        self.has_content = True

    def place_table(self, t):
        rot = bool(t.get("rotated"))
        if not rot and self.size[0] < self.size[1] and self._too_wide(t, self.W, shrink=3.0):
            # too wide for a portrait page even in a small font: printed rotated on its own page
            rot = True
            self.table_info.setdefault(t.get("id"), {})["placement"] = "rotated"
        lead = None if rot else self.take_lead()
        self.flush()
        split = t.get("split")
        if rot:
            if not (self.page_open and not self.has_content and self.cur_size == A4):
                self.new_page(portrait=True)
            W = A4[1] - self.mt - self.mb
            H = A4[0] - self.ml - self.mr
        else:
            self.ensure_page()
            W = self.W
            H = self.ytop - self.mb
        lay = self.table_layout(t, W, True)
        self._info(t, lay)
        n = len(lay.rows)
        parts = []  # (lo, hi, with_header, caption, suffix, notes)
        if split and split.get("after_row") is not None and int(split["after_row"]) + 1 < n:
            a = int(split["after_row"]) + 1
            suffix = split.get("title_suffix")
            parts.append((0, a, True, True, "", False))
            parts.append((a, n, bool(split.get("repeat_header")), suffix is not None, suffix or "", True))
        else:
            parts.append((0, n, True, True, "", True))
        # a part taller than a page is cut where the page ends (header repeated); recorded as forced
        final = []
        for (lo, hi, wh, cap, suf, notes) in parts:
            while lay.part_h(lo, hi, wh, cap, suf, notes) > H and hi - lo > 1:
                k = hi - 1
                while k > lo + 1 and lay.part_h(lo, k, wh, cap, suf, False) > H:
                    k -= 1
                final.append((lo, k, wh, cap, suf, False))
                self.table_info.setdefault(t.get("id"), {})["forced_split"] = True
                lo, wh, cap = k, True, False
            final.append((lo, hi, wh, cap, suf, notes))
        for pi, (lo, hi, wh, cap, suf, notes) in enumerate(final):
            h = lay.part_h(lo, hi, wh, cap, suf, notes)
            if pi > 0:
                self.new_page(portrait=rot)
            if rot:
                c = self.c
                c.saveState()
                c.translate(A4[0], 0)
                c.rotate(90)
                # rotated frame: x along the page's height, top edge at the page's left margin
                lay.draw_part(self, self.mb, A4[0] - self.ml, lo, hi, wh, cap, suf, notes)
                c.restoreState()
                self.has_content = True
            else:
                g = 8.0 if self.has_content else 0.0
                lh = 0.0
                if lead and pi == 0:
                    g = lead.gap_before if self.has_content else 0.0
                    lh = lead.h
                if lh + h + g > self.room() and self.has_content:
                    self.new_page()
                    g = 0.0
                self.y -= g
                if pi == 0 and lo == hi and len(final) > 1:
                    # the caption and header alone: at the foot of the page, the body on the next
                    self.y = self.mb + lh + h
                if lh:
                    lead.draw(self, self.ml, self.y)
                    self.y -= lh
                lay.draw_part(self, self.ml, self.y, lo, hi, wh, cap, suf, notes)
                self.y -= h + 10.0
                self.has_content = True
            self.mark_table(t.get("id"))
        if rot:
            self.close_page()

    def _fallback(self, items, how):
        for b in items:
            if b.get("type") == "table":
                self.table_info.setdefault(b.get("id"), {})["placement"] = how

    def _too_wide(self, b, width, fill=True, shrink=2.0):
        """A table that cannot be printed at `width` without overflowing or losing more than
        `shrink` pt of its font size."""
        if b.get("type") != "table":
            return False
        lay = self.table_layout(b, width, fill)
        fs0 = float((b.get("style") or {}).get("font_size") or 9)
        return sum(lay.widths) > width + 0.01 or fs0 - lay.fs > shrink

    def place_group(self, g):
        arr = g.get("arrangement")
        items = g.get("items") or []
        W = self.W
        frame_h = self.ytop - self.mb
        box = None
        if arr == "side_by_side" and len(items) == 2:
            gap = 16.0
            half = (W - gap) / 2
            if any(self._too_wide(b, half) for b in items):
                arr = None
            else:
                boxes = self._two_sided(items, half)
                h = max(b.h for b in boxes)

                def draw(r, x, ytop):
                    boxes[0].draw(r, x, ytop)
                    boxes[1].draw(r, x + half + gap, ytop)
                box = Box(W, h, draw)
        elif arr == "beside_prose" and len(items) == 2:
            gap = 16.0
            ti = 0 if items[0].get("type") == "table" else 1
            tmax = W - gap - max(150.0, 0.3 * W)
            if self._too_wide(items[ti], tmax, fill=False):
                arr = None
            else:
                tbox = self.block_box(items[ti], tmax, natural=True)
                obox = self.block_box(items[1 - ti], W - tbox.w - gap)
                boxes = [tbox, obox] if ti == 0 else [obox, tbox]
                h = max(b.h for b in boxes)

                def draw(r, x, ytop):
                    boxes[0].draw(r, x, ytop)
                    boxes[1].draw(r, x + boxes[0].w + gap, ytop)
                box = Box(W, h, draw)
        if arr == "stacked" and any(self._too_wide(b, W, shrink=3.0) for b in items):
            arr = None
        if arr == "stacked" and box is None:
            boxes = [self.block_box(b, W) for b in items]
            sgap = 6.0
            h = sum(b.h for b in boxes) + sgap * (len(boxes) - 1)

            def draw(r, x, ytop):
                y = ytop
                for b in boxes:
                    b.draw(r, x, y)
                    y -= b.h + sgap
            box = Box(W, h, draw)
        if box is None or box.h > frame_h:
            # too wide or too tall for the arrangement: the blocks one after the other
            self._fallback(items, "full")
            for b in items:
                self.block(b)
            return
        self.place(box)

    def _two_sided(self, items, half):
        """Side-by-side boxes; two tables that both end on a total row get their totals on one line."""
        if all(b.get("type") == "table" for b in items):
            lays = [self.table_layout(b, half, True) for b in items]
            ends = [bool(l.rows) and (l.rows[-1].get("kind") == "total") for l in lays]
            pads = [0.0, 0.0]
            if all(ends):
                above = [l.part_h(0, len(l.rows) - 1, True, True, "", False) for l in lays]
                m = max(above)
                pads = [m - a for a in above]
            return [self.table_box(b, half, lay=l, pad_before_last=p) for b, l, p in zip(items, lays, pads)]
        return [self.block_box(b, half) for b in items]

    # --- blocks
    def block(self, b):
        kind = b.get("type")
        if kind == "heading":
            level = int(b.get("level") or 2)
            if level == 1:
                self.flush()
                if self.page_open and self.has_content:
                    self.new_page()
                self.ensure_page()
                box = self.stack_items(self.heading_items(1, b.get("text") or "", self.W), self.W)
                box.draw(self, self.ml, self.y)
                self.y -= box.h + 4.0
                self.has_content = True
            else:
                self.pending += self.heading_items(level, b.get("text") or "", self.col_w)
        elif kind == "paragraph":
            self.pending += self.para_items(b.get("text") or "", self.col_w)
        elif kind == "list":
            self.pending += self.list_items(b, self.col_w)
        elif kind == "page_break":
            self.flush()
            self.ensure_page()
            if self.has_content:
                self.new_page()
        elif kind == "key_figures":
            if b.get("layout") == "cards":
                self.place(self.cards_box(b, self.W))
            else:
                self.pending += self.keyfig_line_items(b, self.col_w)
        elif kind == "table":
            if b.get("inline"):
                lay = self.table_layout(b, self.col_w - 12, False)
                box = self.table_box(b, self.col_w - 12, fill=False, lay=lay)

                def draw(r, x, ytop, box=box):
                    box.draw(r, x + 12, ytop - 3)
                self.pending.append(Box(self.col_w, box.h + 6, draw, gap_before=self.lead * 0.55))
            else:
                self.place_table(b)
        elif kind == "group":
            self.place_group(b)
        elif kind == "furniture":
            import furniture_reportlab
            furniture_reportlab.block(self, b)
        else:
            raise ValueError("unknown block type %r" % kind)

    def run(self):
        self.pending = []
        self.cover()
        for b in self.spec.get("blocks") or []:
            self.block(b)
        self.flush()
        self.c.showPage()
        self.c.save()


def _applied(spec, r):
    applied = dict(spec.get("axes") or {})
    applied["producer"] = "reportlab"
    return applied


def render(spec, out_path):
    tmp = out_path + ".tmp"
    r = Renderer(spec, tmp)
    r.run()
    os.replace(tmp, out_path)
    tables = {}
    for tid, pages in r.table_pages.items():
        tables[tid] = {"pages": sorted(pages)}
        tables[tid].update(r.table_info.get(tid, {}))
    return {"applied": _applied(spec, r), "tables": tables, "pages": r.page}
