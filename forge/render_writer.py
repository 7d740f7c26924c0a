"""spec -> .docx (python-docx) -> PDF through LibreOffice Writer (forge/SPEC.md, "Renderer interface").

Word-style output: the document is a real .docx (Word heading styles, Word tables with
`w:tblBorders` / `w:tcBorders` / `w:shd`, `w:tblHeader`, `w:cantSplit`, keep-with-next, sections
for landscape pages and two-column prose, running header/footer with a PAGE field, a vertical
text box in the header for the margin text, a transposed table with bottom-to-top cell text for a
rotated table), converted by `soffice --headless --convert-to pdf` with a private profile per
process. The PDF's /CreationDate and /ID are pinned afterwards (`qpdf --deterministic-id`), so a
spec always gives the same bytes.

    render(spec, out_path) -> {"applied": {...}}
    render_batch([(spec, out_path), ...]) -> [{"applied": {...}}, ...]   # one soffice call

Heavy imports (python-docx, reportlab metrics) happen inside functions so `CAPABILITIES` is cheap.
"""

import os
import re
import shutil
import subprocess
import tempfile
import threading
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
}

FONTS = {  # family -> (regular, bold) files, used for the column widths
    "Liberation Sans": ("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
                        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"),
    "DejaVu Sans": ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
PALETTES = [  # (accent, header tint) per document, chosen from the spec id
    ("1F4E79", "DCE6F1"), ("7A2E3A", "F2E0DF"), ("2E6B3A", "E2EFDA"),
    ("5B3A7A", "E9E1F1"), ("8A5A00", "FBEED5"), ("00636E", "D9EEF0"),
]
TOTAL_FILL = "E4E4E4"
SUBTOTAL_FILL = "F0F0F0"
ZEBRA_FILL = "EEF0F3"
INDENT_PT = 12.0
CELL_PAD_LR = 4.0          # pt, left and right cell margin at 9 pt (scaled with the table's font)
CELL_PAD_TB = 1.0          # pt, top and bottom cell margin
GAP_PT = 14.0              # between two side-by-side blocks
A4_TW = (11906, 16838)     # twips
MARGINS_TW = {"portrait": (1134, 1134, 1417, 1247), "landscape": (1077, 1077, 1191, 1077)}  # l, r, t, b
HEADER_DIST_TW, FOOTER_DIST_TW = 680, 624

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"


# ------------------------------------------------------------------------------------ small helpers

def _hash(s):
    return zlib.crc32((s or "").encode("utf-8"))


def _tw(pt):
    return int(round(pt * 20))


_THIN_IN_NUMBER = re.compile(r"(?<=[0-9.,])(\u2009)(?=[0-9])")


def _protect(text):
    """Word joiners (U+2060, no glyph, not in the text layer) around a thin space between digits, so
    a line never wraps inside a number such as '1\u2009234'. (LibreOffice breaks at a U+0020 space
    whatever joins it: a figure with plain-space thousands can wrap in running text; table columns
    are made wide enough for their figures.)"""
    return _THIN_IN_NUMBER.sub("\u2060\\1\u2060", text or "")


_metrics = {}


def _font_names(family):
    """reportlab font names for a family's regular and bold face (registered once per process)."""
    if family not in _metrics:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        names = []
        for i, path in enumerate(FONTS[family]):
            name = "W-%s-%d" % (family.replace(" ", ""), i)
            pdfmetrics.registerFont(TTFont(name, path))
            names.append(name)
        _metrics[family] = tuple(names)
    return _metrics[family]


def _E(tag, *children, **attrs):
    """An OOXML element `w:tag` with w: attributes (trailing '_' stripped) and children."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    el = OxmlElement(tag if ":" in tag else "w:" + tag)
    for k, v in attrs.items():
        if v is None:
            continue
        k = k.rstrip("_")
        el.set(qn(k if ":" in k else "w:" + k), str(v))
    for c in children:
        if c is not None:
            el.append(c)
    return el


# ------------------------------------------------------------------------------------ document state

class Doc:
    def __init__(self, spec):
        import docx
        self.spec = spec
        self.page = spec.get("page") or {}
        self.orient = "landscape" if (self.page.get("orientation") or "portrait") == "landscape" else "portrait"
        self.two_col = str(self.page.get("text_columns") or "1") == "2"
        h = _hash(spec.get("id") or spec.get("title") or "")
        self.font = ("Liberation Sans", "DejaVu Sans")[h % 2]
        self.accent, self.tint = PALETTES[(h >> 3) % len(PALETTES)]
        self.body_pt = (10.0, 9.5, 10.0)[(h >> 6) % 3]
        self.justify = bool((h >> 9) & 1)
        self.fn_reg, self.fn_bold = _font_names(self.font)
        self.d = docx.Document()
        self.body = self.d.element.body
        self.sentinel = self.body.get_or_add_sectPr()
        self.sec = {"cols": 1, "orient": self.orient, "type": "nextPage"}
        self.first_sect = True
        self.pending_break = False
        self.at_top = True
        self.last = None            # the last element added to the body
        self.drawing_id = 1
        self.fallbacks = {}         # table id -> axis values realised instead of the spec's
        self._styles()
        self._numbering()

    # --- geometry (pt)
    def page_size(self, orient):
        w, h = A4_TW
        return (h, w) if orient == "landscape" else (w, h)

    def text_width(self, orient=None, cols=1):
        orient = orient or self.sec["orient"]
        l, r, _, _ = MARGINS_TW[orient]
        w = (self.page_size(orient)[0] - l - r) / 20.0
        return (w - 18.0) / 2 if cols == 2 else w

    def text_height(self, orient):
        _, _, t, b = MARGINS_TW[orient]
        return (self.page_size(orient)[1] - t - b) / 20.0

    def sw(self, text, size, bold=False):
        from reportlab.pdfbase.pdfmetrics import stringWidth
        return stringWidth((text or "").replace("\u2060", ""), self.fn_bold if bold else self.fn_reg, size)

    def wrap_lines(self, text, size, bold, width):
        """Greedy word wrap: the number of lines `text` takes in `width` pt."""
        words = (text or "").split(" ")
        lines, cur = 1, ""
        for w in words:
            trial = (cur + " " + w) if cur else w
            if cur and self.sw(trial, size, bold) > width:
                lines += 1
                cur = w
            else:
                cur = trial
        return lines

    # --- styles
    def _fonts_el(self):
        f = self.font
        return _E("rFonts", ascii=f, hAnsi=f, cs=f, eastAsia=f)

    def _styles(self):
        from docx.shared import Pt, RGBColor
        from docx.oxml.ns import qn
        d = self.d
        styles_el = d.styles.element
        # document defaults: the font, no theme fonts
        rpr = styles_el.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            old = rpr.find(qn("w:rFonts"))
            if old is not None:
                rpr.remove(old)
            rpr.insert(0, self._fonts_el())
        for st in d.styles:
            el = st.element
            r = el.find(qn("w:rPr"))
            if r is not None:
                old = r.find(qn("w:rFonts"))
                if old is not None:
                    r.remove(old)
                    r.insert(0, self._fonts_el())
        normal = d.styles["Normal"]
        normal.font.name = self.font
        normal.font.size = Pt(self.body_pt)
        pf = normal.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(6)
        pf.line_spacing = 1.1
        pf.widow_control = True
        sizes = {1: 17, 2: 13, 3: 11}
        for lvl in (1, 2, 3):
            st = d.styles["Heading %d" % lvl]
            st.font.name = self.font
            st.font.size = Pt(sizes[lvl])
            st.font.bold = True
            st.font.italic = False
            st.font.color.rgb = RGBColor.from_string(self.accent if lvl < 3 else "333333")
            st.paragraph_format.space_before = Pt({1: 0, 2: 12, 3: 9}[lvl])
            st.paragraph_format.space_after = Pt({1: 12, 2: 6, 3: 4}[lvl])
            st.paragraph_format.keep_with_next = True
        title = d.styles["Title"]
        title.font.name = self.font
        title.font.size = Pt(30)
        title.font.color.rgb = RGBColor.from_string(self.accent)
        # remove the template's bottom border under Title
        tpp = title.element.find(qn("w:pPr"))
        if tpp is not None:
            b = tpp.find(qn("w:pBdr"))
            if b is not None:
                tpp.remove(b)
        from docx.enum.style import WD_STYLE_TYPE
        for name, size, bold, after in (("Tabeltekst", None, False, 0), ("Tabeltitel", None, True, 2),
                                        ("Tabelnoot", 7.5, False, 0), ("Kop- en voettekst", 7.5, False, 0)):
            st = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = normal
            st.font.name = self.font
            if size:
                st.font.size = Pt(size)
            st.font.bold = bold
            st.paragraph_format.space_before = Pt(0)
            st.paragraph_format.space_after = Pt(after)
            st.paragraph_format.line_spacing = 1.0

    def _numbering(self):
        """Our own bullet and decimal list definitions (the bullet in the document font)."""
        from docx.oxml.ns import qn
        num = self.d.part.numbering_part.element
        self.numbering = num
        base = 9000
        self.abs_bullet, self.abs_decimal = base, base + 1
        for aid, fmt, text in ((base, "bullet", "\u2022"), (base + 1, "decimal", "%1.")):
            lvl = _E("lvl", _E("start", val=1), _E("numFmt", val=fmt), _E("lvlText", val=text),
                     _E("lvlJc", val="left"),
                     _E("pPr", _E("ind", left=360, hanging=360)),
                     _E("rPr", self._fonts_el()), ilvl=0)
            ab = _E("abstractNum", _E("multiLevelType", val="singleLevel"), lvl, abstractNumId=aid)
            first_num = num.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(ab)
            else:
                num.append(ab)
        self.next_num_id = base

    def new_num(self, ordered):
        """A fresh list instance (numbering restarts at 1 for every ordered list)."""
        self.next_num_id += 1
        nid = self.next_num_id
        n = _E("num", _E("abstractNumId", val=self.abs_decimal if ordered else self.abs_bullet), numId=nid)
        if ordered:
            n.append(_E("lvlOverride", _E("startOverride", val=1), ilvl=0))
        self.numbering.append(n)
        return nid

    # --- body
    def add(self, el):
        self.sentinel.addprevious(el)
        self.last = el

    def take_break(self):
        b = self.pending_break
        self.pending_break = False
        return b

    def sect_pr(self, sec, with_refs):
        from docx.oxml.ns import qn
        orient = sec["orient"]
        w, h = self.page_size(orient)
        l, r, t, b = MARGINS_TW[orient]
        sp = _E("sectPr")
        if with_refs:
            for ref in self.sentinel.xpath("w:headerReference|w:footerReference"):
                sp.append(_copy(ref))
        sp.append(_E("type", val=sec["type"]))
        sp.append(_E("pgSz", w=w, h=h, orient="landscape" if orient == "landscape" else None))
        sp.append(_E("pgMar", top=t, right=r, bottom=b, left=l, header=HEADER_DIST_TW,
                     footer=FOOTER_DIST_TW, gutter=0))
        sp.append(_E("cols", num=sec["cols"], space=360))
        if with_refs and self.sentinel.find(qn("w:titlePg")) is not None:
            sp.append(_E("titlePg"))
        return sp

    def set_section(self, cols=None, orient=None):
        """End the current section if the columns or orientation change; the next one starts
        continuous (columns only) or on a new page (orientation, or a pending page break)."""
        cols = cols or self.sec["cols"]
        orient = orient or self.sec["orient"]
        if cols == self.sec["cols"] and orient == self.sec["orient"]:
            return
        holder = self.last
        if holder is None or holder.tag != "{%s}p" % W_NS or holder.find("{%s}pPr/{%s}sectPr" % (W_NS, W_NS)) is not None:
            holder = _para(self, [("", {})], style="Tabeltekst", size=1, line_exact=1)
            self.add(holder)
        ppr = holder.get_or_add_pPr()
        ppr.append(self.sect_pr(self.sec, self.first_sect))
        self.first_sect = False
        new_page = orient != self.sec["orient"] or self.pending_break
        self.sec = {"cols": cols, "orient": orient, "type": "nextPage" if new_page else "continuous"}
        if new_page:
            self.pending_break = False
            self.at_top = True
        self.last = None

    def finish_sections(self):
        """The body's last sectPr describes the last section (with the references when it is the only one)."""
        final = self.sect_pr(self.sec, self.first_sect)
        self.sentinel.getparent().replace(self.sentinel, final)
        self.sentinel = final


def _copy(el):
    import copy
    return copy.deepcopy(el)


# ------------------------------------------------------------------------------------ paragraphs

def _run(text, bold=False, italic=False, size=None, color=None, sup=False):
    rpr = _E("rPr")
    if bold:
        rpr.append(_E("b"))
        rpr.append(_E("bCs"))
    if italic:
        rpr.append(_E("i"))
    if color:
        rpr.append(_E("color", val=color))
    if size:
        rpr.append(_E("sz", val=int(round(size * 2))))
        rpr.append(_E("szCs", val=int(round(size * 2))))
    if sup:
        rpr.append(_E("vertAlign", val="superscript"))
    t = _E("t")
    t.text = text
    t.set("{%s}space" % XML_NS, "preserve")
    return _E("r", rpr if len(rpr) else None, t)


def _para(doc, runs, style=None, align=None, size=None, keep_next=False, keep_lines=False,
          page_break=False, ind_left=None, space_before=None, space_after=None, line_exact=None,
          num_id=None, bold=False, color=None, italic=False):
    """A w:p; runs = [(text, {bold, italic, sup, size, color})]."""
    ppr = _E("pPr")
    if style:
        ppr.append(_E("pStyle", val=_style_id(doc, style)))
    if keep_next:
        ppr.append(_E("keepNext"))
    if keep_lines:
        ppr.append(_E("keepLines"))
    if page_break:
        ppr.append(_E("pageBreakBefore"))
    if num_id is not None:
        ppr.append(_E("numPr", _E("ilvl", val=0), _E("numId", val=num_id)))
    if space_before is not None or space_after is not None or line_exact is not None:
        ppr.append(_E("spacing", before=_tw(space_before) if space_before is not None else None,
                      after=_tw(space_after) if space_after is not None else None,
                      line=_tw(line_exact) if line_exact is not None else None,
                      lineRule="exact" if line_exact is not None else None))
    if ind_left:
        ppr.append(_E("ind", left=_tw(ind_left)))
    if align:
        ppr.append(_E("jc", val={"left": "left", "right": "right", "center": "center", "both": "both"}[align]))
    p = _E("p", ppr)
    for text, f in runs:
        p.append(_run(text, bold=f.get("bold", bold), italic=f.get("italic", italic), size=f.get("size", size),
                      color=f.get("color", color), sup=f.get("sup", False)))
    return p


def _style_id(doc, name):
    ids = doc.__dict__.setdefault("_style_ids", {})
    if name not in ids:
        ids[name] = doc.d.styles[name].style_id
    return ids[name]


def _page_field_runs(text, size, color):
    """Runs for a running header/footer text; '{page}' becomes a PAGE field."""
    out = []
    parts = text.split("{page}")
    for i, part in enumerate(parts):
        if part:
            out.append(_run(part, size=size, color=color))
        if i < len(parts) - 1:
            out.append(_E("fldSimple", _run("1", size=size, color=color), instr=" PAGE "))
    return out


# ------------------------------------------------------------------------------------ header, footer, margin text

def _margin_box(doc, orient):
    """A text box anchored to the page in the left margin, its text running bottom-to-top."""
    from docx.oxml import parse_xml
    pw, ph = doc.page_size(orient)
    emu = 635  # per twip
    H = int(ph * 0.6) * emu
    Wd = 11 * 20 * emu
    x = int(MARGINS_TW[orient][0] * 0.35) * emu
    y = int((ph - ph * 0.6) / 2) * emu
    doc.drawing_id += 1
    text = doc.page.get("margin_text") or ""
    f = doc.font
    xml = (
        '<w:r xmlns:w="%s" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="3" behindDoc="0" '
        'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="page"><wp:posOffset>%d</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="page"><wp:posOffset>%d</wp:posOffset></wp:positionV>'
        '<wp:extent cx="%d" cy="%d"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        '<wp:docPr id="%d" name="Kanttekst %d"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="%d" cy="%d"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln></wps:spPr>'
        '<wps:txbx><w:txbxContent><w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:jc w:val="center"/></w:pPr>'
        '<w:r><w:rPr><w:rFonts w:ascii="%s" w:hAnsi="%s" w:cs="%s"/><w:color w:val="777777"/><w:sz w:val="13"/></w:rPr>'
        '<w:t xml:space="preserve">%s</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
        '<wps:bodyPr rot="0" vert="vert270" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" anchor="ctr">'
        '<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>'
    ) % (W_NS, x, y, Wd, H, doc.drawing_id, doc.drawing_id, Wd, H, f, f, f, _xml_escape(_protect(text)))
    return parse_xml(xml)


def _xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _clear(p):
    for ch in list(p):
        p.remove(ch)
    return p


def _setup_header_footer(doc):
    from docx.oxml.ns import qn
    sec = doc.d.sections[0]
    page = doc.page
    sec.different_first_page_header_footer = True      # the cover page has no running header/footer
    hdr_text, ftr_text = page.get("running_header"), page.get("running_footer")
    margin = page.get("margin_text")
    for part, is_first in ((sec.header, False), (sec.first_page_header, True)):
        p = _clear(part.paragraphs[0]._p)
        p.append(_E("pPr", _E("pStyle", val=_style_id(doc, "Kop- en voettekst")), _E("jc", val="right")))
        if hdr_text and not is_first:
            for r in _page_field_runs(_protect(hdr_text), 7.5, "555555"):
                p.append(r)
        if margin:
            p.append(_margin_box(doc, doc.orient))
    for part, is_first in ((sec.footer, False), (sec.first_page_footer, True)):
        p = _clear(part.paragraphs[0]._p)
        p.append(_E("pPr", _E("pStyle", val=_style_id(doc, "Kop- en voettekst")), _E("jc", val="center")))
        if ftr_text and not is_first:
            for r in _page_field_runs(_protect(ftr_text), 7.5, "555555"):
                p.append(r)
    assert doc.sentinel.find(qn("w:titlePg")) is not None


# ------------------------------------------------------------------------------------ tables

def _border(style):
    w = float(style.get("rule_width") or 0.5)
    color = (style.get("rule_color") or "#000000").lstrip("#").upper()
    return ("single", max(2, int(round(w * 8))), color)


def _border_el(side, b):
    if b is None:
        return _E(side, val="nil")
    kind, sz, color = b
    return _E(side, val=kind, sz=sz, space=0, color=color)


class TableLayout:
    """Widths, rows and rules of one table block (both parts of a split table use the same).

    Figures and codes never wrap; header texts and labels may wrap at spaces. When the figures and
    the labels' longest words do not fit in the width, the font goes down by half points (to 6 pt),
    as a typesetter would; the font size actually used is `fs`."""

    def __init__(self, doc, t, avail, natural=False, max_height=None):
        self.doc, self.t = doc, t
        st = t.get("style") or {}
        self.style = st
        self.fs0 = float(st.get("font_size") or 9)
        self.rules = st.get("rules") or "grid"
        self.backgrounds = bool(st.get("cell_backgrounds"))
        self.B = _border(st)
        self.cols = t.get("columns") or []
        self.n = len(self.cols) or max([len(r.get("cells") or []) for r in t.get("rows") or []] + [1])
        self.header = t.get("header") or []
        self.rows = t.get("rows") or []
        self.label_col = next((i for i, c in enumerate(self.cols) if c.get("role") == "label"), None)
        fs = self.fs0
        while True:
            ok = self._fit(fs, avail, natural)
            if ok and max_height and fs > 6.0 and self.height() > max_height:
                ok = False
            if ok or fs <= 6.0:
                break
            fs -= 0.5
        self.fits = ok

    def align(self, j):
        if j < len(self.cols):
            return self.cols[j].get("align") or ("right" if self.cols[j].get("role") == "number" else "left")
        return "left"

    def is_label(self, j):
        return j == self.label_col or (j < len(self.cols) and self.cols[j].get("role") == "label")

    def row_bold(self, row):
        return bool(row.get("bold")) or row.get("kind") == "header"

    def spans_label(self, row):
        """A group row with only its label printed spans the table from the label on (not in a grid)."""
        if row.get("kind") != "group" or self.rules == "grid" or self.label_col is None:
            return False
        cells = row.get("cells") or []
        return all(not (c or "").strip() for j, c in enumerate(cells) if j != self.label_col)

    def _sup_w(self, row, j, fs):
        sup = (row.get("sup") or {}).get(str(j))
        return self.doc.sw(sup, fs * 0.65, self.row_bold(row)) + 0.5 if sup else 0.0

    def _fit(self, fs, avail, natural):
        """Column widths at font size fs; False when the figures cannot fit in avail."""
        doc = self.doc
        self.fs = fs
        self.cell_lr = max(2.5, CELL_PAD_LR * fs / 9.0)
        self.pad = 2 * self.cell_lr + 1.5
        n = self.n
        nat, mins = [0.0] * n, [0.0] * n
        for row in self.rows:
            bold = self.row_bold(row)
            cells = list(row.get("cells") or [])
            for j, text in enumerate(cells[:n]):
                if self.spans_label(row) and j == self.label_col:
                    continue
                ind = INDENT_PT * int(row.get("indent") or 0) if j == self.label_col else 0.0
                w = doc.sw(text, fs, bold) + self._sup_w(row, j, fs) + ind
                nat[j] = max(nat[j], w)
                if self.is_label(j) or row.get("kind") == "header":     # (a header row repeated mid-table wraps too)
                    words = [doc.sw(x, fs, bold) for x in (text or "").split(" ")]
                    mins[j] = max(mins[j], max(words + [0.0]) + ind + self._sup_w(row, j, fs))
                else:
                    mins[j] = max(mins[j], w)
        spans = []
        for hrow in self.header:
            j = 0
            for cell in hrow:
                span = int(cell.get("span") or 1)
                text = cell.get("text") or ""
                if j < n:
                    full = doc.sw(text, fs, True)
                    word = max([doc.sw(x, fs, True) for x in text.split(" ")] + [0.0])
                    if span == 1:
                        nat[j] = max(nat[j], full)
                        mins[j] = max(mins[j], word)
                    else:
                        spans.append((j, min(n, j + span), full, word))
                j += span
        for j in range(n):
            if self.is_label(j):
                mins[j] = max(mins[j], min(nat[j], fs * 7.5))
        nat = [w + self.pad for w in nat]
        mins = [w + self.pad for w in mins]
        lab = [j for j in range(n) if self.is_label(j)]
        widths = list(nat)
        if sum(widths) > avail:
            # from the smallest widths: labels unwrapped first (up to half the table), then header
            # texts unwrapped, then the rest of the labels
            widths = list(mins)
            spare = avail - sum(widths)
            others = [j for j in range(n) if j not in lab]
            for cols, cap in ((lab, 0.5 * avail), (others, None), (lab, None)):
                if spare <= 0:
                    break
                want = {j: max(0.0, (nat[j] if cap is None else min(nat[j], cap)) - widths[j]) for j in cols}
                total = sum(want.values())
                if total <= 0:
                    continue
                k = min(1.0, spare / total)
                for j, w in want.items():
                    widths[j] += w * k
                spare -= total * k
        # a spanning header cell needs at least its longest word
        for (a, b, full, word) in spans:
            have = sum(widths[a:b])
            need = (full if sum(widths) - have + full + self.pad <= avail else word) + self.pad
            if have < need:
                grow = [j for j in range(a, b) if j not in lab] or list(range(a, b))
                for j in grow:
                    widths[j] += (need - have) / len(grow)
        if sum(widths) > avail + 0.01:
            self.widths = widths
            return False
        if not natural and sum(widths) < avail:
            extra = avail - sum(widths)
            if lab:
                # figure columns widen towards a usual width, the labels take the rest
                want = {j: max(0.0, fs * 6.5 - widths[j]) for j in range(n) if j not in lab}
                tw = sum(want.values())
                if tw > 0:
                    k = min(1.0, extra * 0.5 / tw)
                    for j, w in want.items():
                        widths[j] += w * k
                        extra -= w * k
                for j in lab:
                    widths[j] += extra / len(lab)
            else:
                widths = [w + extra / n for w in widths]
        self.widths = widths
        return True

    def height(self, rows=None):
        """Estimated height (pt) of the header and the given body rows (all by default)."""
        doc, fs = self.doc, self.fs
        lead = fs * 1.17
        h = 0.0
        for v in self.header_vrows() + self.body_vrows(0, len(self.rows)) if rows is None else rows:
            lines = 1
            for (j, span, text, sup) in v["cells"]:
                w = sum(self.widths[j:j + span]) - self.pad + 1.5 - (INDENT_PT * v["indent"] if j == self.label_col else 0)
                lines = max(lines, doc.wrap_lines(text + (sup or ""), fs, v["bold"], max(w, 5.0)))
            h += lines * lead + 2 * CELL_PAD_TB + 1.0
        return h

    # --- logical parts: list of rows (each: dict(cells=[(col, span, text, sup)], header, kind, bold, indent))
    def header_vrows(self):
        out = []
        for hrow in self.header:
            cells, j = [], 0
            for cell in hrow:
                span = int(cell.get("span") or 1)
                cells.append((j, span, cell.get("text") or "", None))
                j += span
            out.append({"cells": cells, "header": True, "kind": "header", "bold": True, "indent": 0})
        return out

    def body_vrows(self, lo, hi):
        out = []
        for i in range(lo, hi):
            row = self.rows[i]
            texts = list(row.get("cells") or [])
            texts += [""] * (self.n - len(texts))
            sup = row.get("sup") or {}
            if self.spans_label(row):
                lc = self.label_col
                cells = [(j, 1, texts[j], sup.get(str(j))) for j in range(lc)]
                cells.append((lc, self.n - lc, texts[lc], sup.get(str(lc))))
            else:
                cells = [(j, 1, texts[j], sup.get(str(j))) for j in range(self.n)]
            out.append({"cells": cells, "header": False, "kind": row.get("kind") or "item",
                        "bold": self.row_bold(row), "indent": int(row.get("indent") or 0), "index": i})
        return out

    def fill(self, vrow):
        if vrow["header"] or vrow["kind"] == "header":
            return self.doc.tint if self.backgrounds else None
        if self.backgrounds and vrow["kind"] == "total":
            return TOTAL_FILL
        if self.backgrounds and vrow["kind"] == "subtotal":
            return SUBTOTAL_FILL
        if self.rules == "zebra" and vrow["kind"] not in ("group",) and vrow.get("index", 0) % 2 == 1:
            return ZEBRA_FILL
        return None

    def table_borders(self):
        B, r = self.B, self.rules
        if r == "grid":
            return dict(top=B, left=B, bottom=B, right=B, insideH=B, insideV=B)
        if r == "horizontal":
            return dict(top=B, bottom=B, insideH=B)
        if r == "booktabs":
            return dict(top=B, bottom=B)
        return {}

    def cell_bottom(self, vrows, i):
        """The rule under row i of a part beyond the table-level borders (a header's underline)."""
        if self.rules not in ("booktabs", "header_underline"):
            return None
        v = vrows[i]
        is_head = v["header"] or v["kind"] == "header"
        nxt = vrows[i + 1] if i + 1 < len(vrows) else None
        if is_head and (nxt is None or not (nxt["header"] or nxt["kind"] == "header")):
            return self.B
        return None


def _cell_paras(doc, lay, vrow, j, span, text, sup, keep_next=False):
    align = lay.align(j)
    if vrow["header"] and span > 1:
        align = "center"
    ind = INDENT_PT * vrow["indent"] if (j == lay.label_col and not vrow["header"]) else None
    runs = [(_protect(text), {})]
    if sup:
        runs.append((sup, {"sup": True}))
    return _para(doc, runs, style="Tabeltekst", align=align, size=lay.fs, bold=vrow["bold"], ind_left=ind,
                 keep_next=keep_next)


def _table_el(doc, lay, vrows, keep=True, repeat_header=False, keep_last=False):
    """A Word table of the given logical rows, in the normal orientation."""
    widths = [_tw(w) for w in lay.widths]
    tb = lay.table_borders()
    bd = _E("tblBorders", *[_border_el(s, tb.get(s)) for s in ("top", "left", "bottom", "right", "insideH", "insideV")])
    tblpr = _E("tblPr", _E("tblW", w=sum(widths), type="dxa"), _E("jc", val="left"), _E("tblInd", w=0, type="dxa"), bd,
               _E("tblLayout", type="fixed"),
               _E("tblCellMar", _E("top", w=_tw(CELL_PAD_TB), type="dxa"), _E("left", w=_tw(lay.cell_lr), type="dxa"),
                  _E("bottom", w=_tw(CELL_PAD_TB), type="dxa"), _E("right", w=_tw(lay.cell_lr), type="dxa")),
               _E("tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1))
    tbl = _E("tbl", tblpr, _E("tblGrid", *[_E("gridCol", w=w) for w in widths]))
    for i, v in enumerate(vrows):
        trpr = _E("trPr", _E("cantSplit"))
        if v["header"] and repeat_header:
            trpr.append(_E("tblHeader"))
        tr = _E("tr", trpr)
        fill = lay.fill(v)
        under = lay.cell_bottom(vrows, i)
        for (j, span, text, sup) in v["cells"]:
            w = sum(widths[j:j + span])
            tcpr = _E("tcPr", _E("tcW", w=w, type="dxa"))
            if span > 1:
                tcpr.append(_E("gridSpan", val=span))
            if under is not None:
                tcpr.append(_E("tcBorders", _border_el("bottom", under)))
            if fill:
                tcpr.append(_E("shd", val="clear", color="auto", fill=fill))
            tcpr.append(_E("vAlign", val="bottom"))
            # keep-with-next on every row but the last keeps the table on one page
            p = _cell_paras(doc, lay, v, j, span, text, sup, keep_next=keep and (i < len(vrows) - 1 or keep_last))
            tr.append(_E("tc", tcpr, p))
        tbl.append(tr)
    return tbl


def _rotated_table_el(doc, lay, vrows, title, unit_note, footnotes):
    """The table turned 90 degrees counter-clockwise: rows become columns (left to right), columns
    become rows (bottom to top), every cell's text runs bottom-to-top (`btLr`). The title (and unit
    note) are a column on the left, the footnotes a column on the right."""
    fs = lay.fs
    lead = fs * 1.22
    n = lay.n
    colw = lay.widths                                   # original column widths -> row heights
    # original row heights -> column widths
    rowh = []
    for v in vrows:
        lines = 1
        for (j, span, text, sup) in v["cells"]:
            w = sum(colw[j:j + span]) - 2 * lay.cell_lr - (INDENT_PT * v["indent"] if j == lay.label_col else 0)
            lines = max(lines, doc.wrap_lines(text + (sup or ""), fs, v["bold"], max(w, 10)))
        rowh.append(lines * lead + 2 * CELL_PAD_TB + 4.0)
    avail_h = sum(colw)
    extra = []                                          # (kind, paragraphs, width)
    if title:
        lines = doc.wrap_lines(title, fs + 1, True, avail_h - 2 * CELL_PAD_LR)
        paras = [_para(doc, [(_protect(title), {})], style="Tabeltitel", size=fs + 1, bold=True)]
        wcol = lines * (fs + 1) * 1.22 + 6
        if unit_note:
            paras.append(_para(doc, [(_protect(unit_note), {})], style="Tabelnoot", size=7.5))
            wcol += 7.5 * 1.22 * doc.wrap_lines(unit_note, 7.5, False, avail_h - 2 * CELL_PAD_LR)
        extra.append(("head", paras, wcol + 4))
    elif unit_note:
        extra.append(("head", [_para(doc, [(_protect(unit_note), {})], style="Tabelnoot", size=7.5)], 7.5 * 1.3 + 8))
    if footnotes:
        paras = [_para(doc, [(_protect(f), {})], style="Tabelnoot", size=7.5) for f in footnotes]
        lines = sum(doc.wrap_lines(f, 7.5, False, avail_h - 2 * CELL_PAD_LR) for f in footnotes)
        extra.append(("foot", paras, lines * 7.5 * 1.25 + 8))
    heads = [e for e in extra if e[0] == "head"]
    foots = [e for e in extra if e[0] == "foot"]
    gcols = [e[2] for e in heads] + rowh + [e[2] for e in foots]
    gw = [_tw(w) for w in gcols]
    off = len(heads)
    tblpr = _E("tblPr", _E("tblW", w=sum(gw), type="dxa"), _E("jc", val="center"),
               _E("tblBorders", *[_border_el(s, None) for s in ("top", "left", "bottom", "right", "insideH", "insideV")]),
               _E("tblLayout", type="fixed"),
               _E("tblCellMar", _E("top", w=_tw(lay.cell_lr), type="dxa"), _E("left", w=_tw(CELL_PAD_TB + 1), type="dxa"),
                  _E("bottom", w=_tw(lay.cell_lr), type="dxa"), _E("right", w=_tw(CELL_PAD_TB + 1), type="dxa")),
               _E("tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1))
    tbl = _E("tbl", tblpr, _E("tblGrid", *[_E("gridCol", w=w) for w in gw]))
    # logical borders of the original orientation
    tb = lay.table_borders()
    nrows = len(vrows)
    grid = {}                                           # (orig row, orig col) -> (span start, span, ...)
    for r, v in enumerate(vrows):
        for (j, span, text, sup) in v["cells"]:
            for k in range(j, j + span):
                grid[(r, k)] = (j, span, text, sup)

    def orig_sides(r, j, span):
        top = tb.get("top") if r == 0 else tb.get("insideH")
        bottom = lay.cell_bottom(vrows, r) or (tb.get("bottom") if r == nrows - 1 else tb.get("insideH"))
        if r > 0 and lay.cell_bottom(vrows, r - 1):
            top = lay.cell_bottom(vrows, r - 1)
        left = tb.get("left") if j == 0 else tb.get("insideV")
        right = tb.get("right") if j + span == n else tb.get("insideV")
        return top, bottom, left, right

    def merged_cells(tr, i, items):
        """The title/unit cells spanning every new row: their text in row 0, merged below."""
        for kind, paras, w in items:
            if i == 0:
                tcpr = _E("tcPr", _E("tcW", w=_tw(w), type="dxa"), _E("vMerge", val="restart"),
                          _E("textDirection", val="btLr"), _E("vAlign", val="top"))
                tr.append(_E("tc", tcpr, *[_copy(p) for p in paras]))
            else:
                tr.append(_E("tc", _E("tcPr", _E("tcW", w=_tw(w), type="dxa"), _E("vMerge"),
                                      _E("textDirection", val="btLr")), _para(doc, [("", {})], style="Tabeltekst")))

    for i in range(n):                                  # new row i <- original column n-1-i
        oc = n - 1 - i
        tr = _E("tr", _E("trPr", _E("cantSplit"), _E("trHeight", val=_tw(colw[oc]), hRule="exact")))
        merged_cells(tr, i, heads)
        for r, v in enumerate(vrows):
            j, span, text, sup = grid[(r, oc)]
            tcpr = _E("tcPr", _E("tcW", w=_tw(rowh[r]), type="dxa"))
            if span > 1:
                # the original span j..j+span-1 covers new rows n-j-span .. n-1-j
                tcpr.append(_E("vMerge", val="restart") if i == n - j - span else _E("vMerge"))
            top, bottom, left, right = orig_sides(r, j, span)
            # counter-clockwise: top -> left, bottom -> right, left -> bottom, right -> top
            bdr = _E("tcBorders", _border_el("top", right if oc == j + span - 1 else None),
                     _border_el("left", top), _border_el("bottom", left if oc == j else None),
                     _border_el("right", bottom))
            tcpr.append(bdr)
            fill = lay.fill(v)
            if fill:
                tcpr.append(_E("shd", val="clear", color="auto", fill=fill))
            tcpr.append(_E("textDirection", val="btLr"))
            tcpr.append(_E("vAlign", val="bottom"))
            if span > 1 and i != n - j - span:
                p = _para(doc, [("", {})], style="Tabeltekst", size=lay.fs)
            else:
                p = _cell_paras(doc, lay, v, j, span, text, sup)
            tr.append(_E("tc", tcpr, p))
        merged_cells(tr, i, foots)
        tbl.append(tr)
    return tbl


def _spacer(doc, pt=6.0, keep_next=False, page_break=False):
    return _para(doc, [("", {})], style="Tabeltekst", size=1, line_exact=pt, keep_next=keep_next, page_break=page_break)


def _layout(doc, t, avail, natural=False, top_level=True):
    """The table's layout; an unsplit table must fit on one page (the font shrinks if it must)."""
    split = t.get("split") if top_level else None
    room = doc.text_height(doc.sec["orient"]) - _extras_height(t) - 24.0
    return TableLayout(doc, t, avail, natural=natural or bool(t.get("inline")), max_height=None if split else room)


def _extras_height(t):
    """Title, unit note and footnotes (estimated, pt)."""
    fs = float((t.get("style") or {}).get("font_size") or 9)
    h = (fs + 1) * 1.25 + 6 if t.get("title") else 0.0
    h += 7.5 * 1.25 + 2 if t.get("unit_note") else 0.0
    return h + sum(7.5 * 1.25 * (1 + len(f) // 90) for f in t.get("footnotes") or [])


def _emit_table(doc, t, add, avail, natural=False, top_level=True, keep_last=False, lay=None):
    """Title, unit note, the table (in parts when split), footnotes; through `add(element)`."""
    lay = lay or _layout(doc, t, avail, natural, top_level)
    title = t.get("title")
    unit = t.get("unit_note")
    notes = t.get("footnotes") or []
    split = t.get("split") if top_level else None
    hv = lay.header_vrows()
    nrows = len(lay.rows)
    brk = doc.take_break() if top_level else False
    if brk and not title and not unit:
        # (a page break on a table is lost inside a LibreOffice section: an empty 1 pt paragraph carries it)
        add(_spacer(doc, 1.0, keep_next=True, page_break=True))
        brk = False
    if title:
        add(_para(doc, [(_protect(title), {})], style="Tabeltitel", size=lay.fs + 1, keep_next=True, page_break=brk,
                  space_before=4))
        brk = False
    if unit:
        add(_para(doc, [(_protect(unit), {})], style="Tabelnoot", keep_next=True, page_break=brk, space_after=2))
        brk = False
    if split and 0 <= int(split.get("after_row", -1)) < nrows - 1:
        k = int(split["after_row"])
        rep = bool(split.get("repeat_header"))
        add(_table_el(doc, lay, hv + lay.body_vrows(0, k + 1), keep=True, repeat_header=rep))
        suffix = split.get("title_suffix")
        if title and suffix is not None:
            add(_para(doc, [(_protect(title + suffix), {})], style="Tabeltitel", size=lay.fs + 1, keep_next=True,
                      page_break=True))
        else:
            # a page break on the table itself is lost inside a LibreOffice section: an empty 1 pt paragraph
            add(_spacer(doc, 1.0, keep_next=True, page_break=True))
        add(_table_el(doc, lay, (hv if rep else []) + lay.body_vrows(k + 1, nrows), keep=True, repeat_header=rep,
                      keep_last=bool(notes) or keep_last))
    else:
        add(_table_el(doc, lay, hv + lay.body_vrows(0, nrows), keep=True, repeat_header=bool(hv),
                      keep_last=bool(notes) or keep_last))
    for i, f in enumerate(notes):
        add(_para(doc, [(_protect(f), {})], style="Tabelnoot", keep_next=(i < len(notes) - 1) or keep_last,
                  space_before=2 if i == 0 else None))
    return lay


def _emit_rotated(doc, t):
    """A rotated table on its own portrait page."""
    doc.set_section(cols=1, orient="portrait")
    if not doc.at_top:
        doc.pending_break = True
    brk = doc.take_break()
    tw = doc.text_width("portrait")
    th = doc.text_height("portrait")
    lay = TableLayout(doc, t, th - 40.0, max_height=tw - 2 * _extras_height(t) - 20.0)
    tbl = _rotated_table_el(doc, lay, lay.header_vrows() + lay.body_vrows(0, len(lay.rows)), t.get("title"),
                            t.get("unit_note"), t.get("footnotes") or [])
    if brk:
        doc.add(_spacer(doc, 1.0, keep_next=True, page_break=True))
    doc.add(tbl)
    doc.add(_spacer(doc, 1.0))
    doc.at_top = False
    # whatever follows starts a new page (in a landscape document: the next block's section goes
    # back to landscape, see _emit_block)
    doc.pending_break = True


# ------------------------------------------------------------------------------------ other blocks

def _emit_paragraph(doc, text, add, brk=False):
    add(_para(doc, [(_protect(text), {})], align="both" if doc.justify else None, page_break=brk))


def _emit_list(doc, b, add, brk=False):
    nid = doc.new_num(bool(b.get("ordered")))
    items = b.get("items") or []
    for i, it in enumerate(items):
        add(_para(doc, [(_protect(it), {})], num_id=nid, page_break=brk and i == 0,
                  space_after=2 if i < len(items) - 1 else 6))


def _emit_key_figures(doc, b, add, avail, brk=False):
    title = b.get("title")
    items = b.get("items") or []
    if title:
        add(_para(doc, [(_protect(title), {})], style="Heading 3", page_break=brk, keep_next=True))
        brk = False
    if (b.get("layout") or "cards") == "lines":
        for i, it in enumerate(items):
            add(_para(doc, [(_protect((it.get("label") or "") + ": "), {}), (_protect(it.get("value") or ""), {"bold": True})],
                      page_break=brk and i == 0, keep_next=i < len(items) - 1, space_after=2))
        add(_spacer(doc, 6.0))
        return
    if brk:
        add(_spacer(doc, 1.0, keep_next=True, page_break=True))
        brk = False
    per_row = max(1, min(len(items), 4 if avail < 600 else 5))
    gap = 10.0
    cw = (avail - gap * (per_row - 1)) / per_row
    grid = []
    for k in range(per_row):
        grid.append(cw)
        if k < per_row - 1:
            grid.append(gap)
    gw = [_tw(w) for w in grid]
    tbl = _E("tbl", _E("tblPr", _E("tblW", w=sum(gw), type="dxa"), _E("tblBorders", *[_border_el(s, None) for s in
                                                                                      ("top", "left", "bottom", "right", "insideH", "insideV")]),
                       _E("tblLayout", type="fixed"),
                       _E("tblCellMar", _E("top", w=100, type="dxa"), _E("left", w=100, type="dxa"),
                          _E("bottom", w=100, type="dxa"), _E("right", w=100, type="dxa"))),
             _E("tblGrid", *[_E("gridCol", w=w) for w in gw]))
    rows = [items[i:i + per_row] for i in range(0, len(items), per_row)]
    box = ("single", 6, doc.accent)
    vsize = 18.0
    for ri, chunk in enumerate(rows):
        tr = _E("tr", _E("trPr", _E("cantSplit")))
        for k in range(per_row):
            it = chunk[k] if k < len(chunk) else None
            tcpr = _E("tcPr", _E("tcW", w=gw[2 * k], type="dxa"))
            if it is not None:
                tcpr.append(_E("tcBorders", *[_border_el(s, box) for s in ("top", "left", "bottom", "right")]))
                tcpr.append(_E("shd", val="clear", color="auto", fill=doc.tint))
                val = it.get("value") or ""
                size = vsize
                while size > 10 and doc.sw(val, size, True) > cw - 12:
                    size -= 1
                paras = [_para(doc, [(_protect(val), {})], style="Tabeltekst", size=size, bold=True, color=doc.accent,
                               align="center", keep_next=ri < len(rows) - 1),
                         _para(doc, [(_protect(it.get("label") or ""), {})], style="Tabeltekst", size=8, align="center",
                               keep_next=ri < len(rows) - 1)]
            else:
                paras = [_para(doc, [("", {})], style="Tabeltekst")]
            tr.append(_E("tc", tcpr, *paras))
            if k < per_row - 1:
                tr.append(_E("tc", _E("tcPr", _E("tcW", w=gw[2 * k + 1], type="dxa")), _para(doc, [("", {})], style="Tabeltekst")))
        tbl.append(tr)
        if ri < len(rows) - 1:
            sp = _E("tr", _E("trPr", _E("cantSplit"), _E("trHeight", val=160, hRule="exact")))
            for w in gw:
                sp.append(_E("tc", _E("tcPr", _E("tcW", w=w, type="dxa")), _para(doc, [("", {})], style="Tabeltekst", size=1)))
            tbl.append(sp)
    add(tbl)
    add(_spacer(doc, 8.0))


def _emit_in_cell(doc, b, tc, width):
    """A block inside a layout-table cell (side by side, beside prose)."""
    add = tc.append
    kind = b.get("type")
    if kind == "table":
        _emit_table(doc, b, add, width, natural=False, top_level=False)
    elif kind == "paragraph":
        add(_para(doc, [(_protect(b.get("text") or ""), {})], align="both" if doc.justify else None))
    elif kind == "list":
        _emit_list(doc, b, add)
    elif kind == "key_figures":
        _emit_key_figures(doc, b, add, width)
    elif kind == "heading":
        add(_para(doc, [(_protect(b.get("text") or ""), {})], style="Heading %d" % min(3, max(2, int(b.get("level") or 2)))))
    else:
        raise ValueError("block type %r cannot be placed in a group" % kind)
    if tc[-1].tag != "{%s}p" % W_NS:
        tc.append(_para(doc, [("", {})], style="Tabeltekst", size=1, line_exact=1))


def _min_nat(doc, t):
    """(smallest width at 6 pt, natural width at the table's own font size) of a table, pt."""
    return sum(TableLayout(doc, t, 1.0).widths), sum(TableLayout(doc, t, 10.0 ** 6, natural=True).widths)


def _fallback_stacked(doc, g):
    """Two blocks too wide to stand side by side even at 6 pt: one under the other (recorded)."""
    for b in g.get("items") or []:
        if b.get("type") == "table" and b.get("id"):
            doc.fallbacks[b["id"]] = {"table.placement": "stacked"}
    _emit_group(doc, dict(g, arrangement="stacked"))


def _emit_group(doc, g):
    items = g.get("items") or []
    arr = g.get("arrangement") or "side_by_side"
    avail = doc.text_width(cols=1)
    if arr == "stacked":
        # kept together on one page when they fit on one (else each table on its own stays whole)
        lays = [_layout(doc, b, avail) if b.get("type") == "table" else None for b in items]
        total = sum(l.height() + _extras_height(b) + 8.0 for l, b in zip(lays, items) if l is not None)
        together = all(l is not None for l in lays) and total < doc.text_height(doc.sec["orient"]) * 0.9
        for i, b in enumerate(items):
            last = i == len(items) - 1
            if lays[i] is not None:
                _emit_table(doc, b, doc.add, avail, keep_last=together and not last, lay=lays[i])
            else:
                _emit_block(doc, b)
            if not last:
                doc.add(_spacer(doc, 6.0, keep_next=together))
        doc.add(_spacer(doc, 8.0))
        return
    if len(items) != 2:
        raise ValueError("group %r needs two items, got %d" % (arr, len(items)))
    A = avail - GAP_PT
    if arr == "side_by_side":
        sizes = [_min_nat(doc, b) if b.get("type") == "table" else (A * 0.3, A / 2) for b in items]
        mins, nats = [x[0] for x in sizes], [x[1] for x in sizes]
        if sum(mins) > A:
            return _fallback_stacked(doc, g)
        if max(nats) <= A / 2:
            ws = [A / 2, A / 2]
        elif sum(nats) <= A:
            ws = [A * x / sum(nats) for x in nats]
        else:
            # each side its smallest width, the rest shared as they would need it
            want = [max(0.0, n - m) for n, m in zip(nats, mins)]
            ws = [m + (A - sum(mins)) * (w / sum(want) if sum(want) else 0.5) for m, w in zip(mins, want)]
    elif arr == "beside_prose":
        ti = 0 if items[0].get("type") == "table" else 1
        if items[ti].get("type") != "table":
            raise ValueError("beside_prose needs a table")
        mn, nat = _min_nat(doc, items[ti])
        if mn > A - 100.0:
            return _fallback_stacked(doc, g)
        tw = max(mn, min(max(nat, A * 0.35), A * 0.6))
        ws = [0.0, 0.0]
        ws[ti] = tw
        ws[1 - ti] = A - tw
    else:
        raise ValueError("unknown arrangement %r" % arr)
    grid = [ws[0], GAP_PT, ws[1]]
    gw = [_tw(w) for w in grid]
    tbl = _E("tbl", _E("tblPr", _E("tblW", w=sum(gw), type="dxa"),
                       _E("tblBorders", *[_border_el(s, None) for s in ("top", "left", "bottom", "right", "insideH", "insideV")]),
                       _E("tblLayout", type="fixed"),
                       _E("tblCellMar", _E("top", w=0, type="dxa"), _E("left", w=0, type="dxa"),
                          _E("bottom", w=0, type="dxa"), _E("right", w=0, type="dxa"))),
             _E("tblGrid", *[_E("gridCol", w=w) for w in gw]))
    tr = _E("tr", _E("trPr", _E("cantSplit")))
    brk = doc.take_break()
    cells = []
    for k, w in ((0, ws[0]), (None, GAP_PT), (1, ws[1])):
        tc = _E("tc", _E("tcPr", _E("tcW", w=_tw(w), type="dxa")))
        if k is None:
            tc.append(_para(doc, [("", {})], style="Tabeltekst"))
        else:
            _emit_in_cell(doc, items[k], tc, w)
        cells.append(tc)
        tr.append(tc)
    if brk:
        doc.add(_spacer(doc, 1.0, keep_next=True, page_break=True))
    tbl.append(tr)
    doc.add(tbl)
    doc.add(_spacer(doc, 8.0))


def _emit_block(doc, b):
    kind = b.get("type")
    if doc.sec["orient"] != doc.orient and kind != "page_break" and not (kind == "table" and b.get("rotated")):
        doc.set_section(orient=doc.orient)         # back from a rotated table's portrait page
    if kind == "heading":
        level = min(3, max(1, int(b.get("level") or 1)))
        if level == 1:
            doc.set_section(cols=1)
            if not doc.at_top:
                doc.pending_break = True
        elif doc.two_col:
            doc.set_section(cols=2)
        brk = doc.take_break()
        doc.add(_para(doc, [(_protect(b.get("text") or ""), {})], style="Heading %d" % level, page_break=brk))
    elif kind == "paragraph":
        if doc.two_col:
            doc.set_section(cols=2)
        _emit_paragraph(doc, b.get("text") or "", doc.add, doc.take_break())
    elif kind == "list":
        if doc.two_col:
            doc.set_section(cols=2)
        _emit_list(doc, b, doc.add, doc.take_break())
    elif kind == "page_break":
        doc.pending_break = True
        return
    elif kind == "table":
        if b.get("rotated"):
            _emit_rotated(doc, b)
            return
        doc.set_section(cols=1)
        _emit_table(doc, b, doc.add, doc.text_width(cols=1))
        doc.add(_spacer(doc, 8.0))
    elif kind == "key_figures":
        doc.set_section(cols=1)
        _emit_key_figures(doc, b, doc.add, doc.text_width(cols=1), doc.take_break())
    elif kind == "group":
        doc.set_section(cols=1)
        _emit_group(doc, b)
    else:
        raise ValueError("unknown block type %r" % kind)
    doc.at_top = False


def _cover(doc):
    spec = doc.spec
    doc.add(_para(doc, [("", {})], space_before=150))
    doc.add(_para(doc, [(_protect(spec.get("title") or ""), {})], style="Title"))
    doc.add(_para(doc, [(_protect(spec.get("org") or ""), {})], size=16, color="444444", space_before=6))
    doc.pending_break = True
    doc.at_top = False


def build_docx(spec, path):
    """The .docx of a spec (every text printed exactly as given)."""
    import datetime
    doc = Doc(spec)
    _setup_header_footer(doc)
    cp = doc.d.core_properties
    cp.title = spec.get("title") or ""
    cp.author = spec.get("org") or ""
    cp.last_modified_by = ""
    year = int(spec.get("year") or 2024)
    cp.created = cp.modified = datetime.datetime(year + 1, 5, 1, 12, 0, 0)
    cp.revision = 1
    _cover(doc)
    for b in spec.get("blocks") or []:
        _emit_block(doc, b)
    doc.finish_sections()
    doc.d.save(path)
    return doc


# ------------------------------------------------------------------------------------ soffice and PDF

_profile_lock = threading.Lock()
_profile_dir = None


def _profile():
    """A LibreOffice user profile private to this process (reused: a fresh one costs ~1 s of CPU)."""
    global _profile_dir
    if _profile_dir is None or not os.path.isdir(_profile_dir):
        import atexit
        import multiprocessing.util
        _profile_dir = tempfile.mkdtemp(prefix="lo-forge-%d-" % os.getpid())
        atexit.register(shutil.rmtree, _profile_dir, True)
        # a multiprocessing worker leaves through os._exit (no atexit): its finalizers run instead
        multiprocessing.util.Finalize(None, shutil.rmtree, args=(_profile_dir, True), exitpriority=0)
    return _profile_dir


def _soffice(docx_paths, outdir, profile):
    cmd = ["soffice", "--headless", "--norestore", "--nolockcheck", "--nologo", "--nodefault",
           "-env:UserInstallation=file://" + profile, "--convert-to", "pdf:writer_pdf_Export", "--outdir", outdir]
    env = dict(os.environ)
    env.setdefault("HOME", tempfile.gettempdir())
    subprocess.run(cmd + list(docx_paths), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                   timeout=120 + 20 * len(docx_paths), check=False)


_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D:)(\d{14})")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")
_ID = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]+)(>\s*<)([0-9A-Fa-f]+)(>\s*\])")


def _pin_pdf(src, dst, year, key):
    """Fixed dates (same length, so offsets stay valid) and a deterministic /ID."""
    with open(src, "rb") as f:
        data = f.read()
    stamp = ("%04d0501120000" % (year + 1)).encode()
    data = _DATE.sub(lambda m: m.group(1) + stamp, data)
    # LibreOffice's trailer checksum covers the export time: zeroed (same length)
    data = _CHECKSUM.sub(lambda m: m.group(1) + b"0" * len(m.group(2)), data)
    # qpdf keeps the first /ID string and derives the second from the content: both pinned first
    import hashlib
    ident = hashlib.md5(key.encode("utf-8")).hexdigest().upper().encode()
    data = _ID.sub(lambda m: b"".join(m.group(i) + (ident * 4)[:len(m.group(i + 1))] for i in (1, 3)) + m.group(5), data)
    with open(src, "wb") as f:
        f.write(data)
    r = subprocess.run(["qpdf", "--deterministic-id", src, dst], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode not in (0, 3):
        raise RuntimeError("qpdf failed on %s: %s" % (src, r.stderr.decode("utf-8", "replace")))


def _check_axes(spec):
    for axis, value in (spec.get("axes") or {}).items():
        if axis in CAPABILITIES and str(value) not in CAPABILITIES[axis]:
            raise ValueError("render_writer cannot realise %s = %r" % (axis, value))


def _applied(spec, doc=None):
    """The document axes as realised; "tables": per table, the axis values realised instead of the
    spec's (only a side-by-side pair too wide for the page even at 6 pt, printed stacked)."""
    out = {"applied": {k: v for k, v in (spec.get("axes") or {}).items()}}
    if doc is not None and doc.fallbacks:
        out["tables"] = {k: dict(v) for k, v in doc.fallbacks.items()}
    return out


def render_batch(items):
    """Render many specs with ONE soffice call; returns one {"applied": ...} per item, in order."""
    items = list(items)
    if not items:
        return []
    for spec, _ in items:
        _check_axes(spec)
    with tempfile.TemporaryDirectory(prefix="forge-writer-") as tmp:
        docxs, built = [], []
        for i, (spec, out_path) in enumerate(items):
            p = os.path.join(tmp, "d%04d.docx" % i)
            built.append(build_docx(spec, p))
            docxs.append(p)
        outdir = os.path.join(tmp, "pdf")
        os.makedirs(outdir)
        if _profile_lock.acquire(blocking=False):
            try:
                _soffice(docxs, outdir, _profile())
            finally:
                _profile_lock.release()
        else:
            _soffice(docxs, outdir, os.path.join(tmp, "profile"))
        missing = [d for d in docxs if not os.path.exists(os.path.join(outdir, os.path.basename(d)[:-5] + ".pdf"))]
        if missing:   # one more try for the ones LibreOffice dropped, with a fresh profile
            _soffice(missing, outdir, os.path.join(tmp, "profile2"))
        results, failed = [], []
        for i, (spec, out_path) in enumerate(items):
            pdf = os.path.join(outdir, "d%04d.pdf" % i)
            if not os.path.exists(pdf):
                failed.append(spec.get("id"))
                results.append(None)
                continue
            tmp_out = out_path + ".tmp"
            _pin_pdf(pdf, tmp_out, int(spec.get("year") or 2024), str(spec.get("id")))
            os.replace(tmp_out, out_path)
            results.append(_applied(spec, built[i]))
        if failed:
            raise RuntimeError("soffice produced no PDF for %s" % ", ".join(map(str, failed)))
        return results


def render(spec, out_path):
    return render_batch([(spec, out_path)])[0]


def render_docx(spec, out_path):
    """Only the .docx (for looking at the Word document itself)."""
    doc = build_docx(spec, out_path + ".tmp")
    os.replace(out_path + ".tmp", out_path)
    return _applied(spec, doc)
