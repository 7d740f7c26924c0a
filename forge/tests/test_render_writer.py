"""forge/render_writer.py: .docx through LibreOffice Writer to PDF.

Hand-made specs exercise every block type, every placement and every style value; the PDFs are read
back with poppler (`pdftotext -layout`/`-raw` per page, `pdfinfo`, `pdftoppm`) and with a small
content-stream decoder (poppler prints U+00A0/U+2009/U+202F as plain spaces, so the exact characters
are checked in the PDF's own text layer). All figures in the specs are formatted by the test's own
formatter from integers drawn by a seeded random generator; nothing is typed as a result.

The documents are rendered once for the whole module with `render_batch` (one soffice call), plus
one `render` of the first spec for determinism (byte-identical output).
"""
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import render_writer  # noqa: E402

HAVE_TOOLS = all(shutil.which(t) for t in ("soffice", "pdftotext", "pdfinfo", "pdftoppm", "qpdf"))
try:
    import docx  # noqa: F401
    HAVE_DOCX = True
except ImportError:
    HAVE_DOCX = False

SEP = {"dot": ".", "space": " ", "nbsp": "\u00a0", "thin": "\u2009", "narrow": "\u202f", "none": ""}


def fmt(n, sep=".", neg="minus", decimals=0):
    """An integer number of hundredths (decimals=2) or units, printed the Dutch way."""
    a = abs(n)
    whole, frac = (divmod(a, 10 ** decimals) if decimals else (a, None))
    d = str(whole)
    groups = []
    while len(d) > 3:
        groups.insert(0, d[-3:])
        d = d[:-3]
    groups.insert(0, d)
    s = sep.join(groups) + ("," + str(frac).rjust(decimals, "0") if decimals else "")
    if n < 0:
        s = {"minus": "-" + s, "unicode": "\u2212" + s, "parens": "(" + s + ")"}[neg]
    return s


class Maker:
    """Builds table blocks with figures drawn from a seeded generator."""

    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.n = 0

    def table(self, rules="grid", width=0.5, color="#000000", backgrounds=False, font_size=9, nrows=6,
              ncols=3, header_levels=1, title="auto", unit_note=None, sep=".", neg="minus", split=None,
              footnotes=(), rotated=False, inline=False, indent=False, sup=False, carried_at=None,
              label_prefix="Post", group_row=False):
        self.n += 1
        tid = "t%d" % self.n
        rng = self.rng
        cols = [{"role": "label", "align": "left"}] + [{"role": "number", "align": "right"}] * (ncols - 1)
        header = []
        if header_levels >= 2:
            header.append([{"text": "", "span": 1}, {"text": "Groep %s-A" % tid, "span": ncols - 2},
                           {"text": "Groep %s-B" % tid, "span": 1}])
        if header_levels >= 1:
            header.append([{"text": "Omschrijving %s" % tid, "span": 1}] +
                          [{"text": "Kolom %s.%d" % (tid, j), "span": 1} for j in range(1, ncols)])
        rows, sums = [], [0] * (ncols - 1)
        for i in range(nrows):
            vals = [rng.randrange(-99999, 9999999) for _ in range(ncols - 1)]
            if carried_at is not None and i == carried_at:
                cells = ["Over te brengen %s" % tid] + [fmt(s, sep, neg) for s in sums]
                rows.append({"cells": cells, "kind": "carried", "indent": 0, "bold": True})
                continue
            if carried_at is not None and i == carried_at + 1:
                cells = ["Transport %s" % tid] + [fmt(s, sep, neg) for s in sums]
                rows.append({"cells": cells, "kind": "carried", "indent": 0, "bold": True})
                continue
            sums = [a + b for a, b in zip(sums, vals)]
            row = {"cells": ["%s %s.%d" % (label_prefix, tid, i)] + [fmt(v, sep, neg) for v in vals],
                   "kind": "item", "indent": (i % 3) if indent else 0, "bold": False}
            if sup and i == 1:
                row["sup"] = {"1": "1)"}
            rows.append(row)
        rows.append({"cells": ["Totaal %s" % tid] + [fmt(s, sep, neg) for s in sums], "kind": "total",
                     "indent": 0, "bold": True})
        if group_row:     # a label-only row: printed across the figure columns (not in a grid)
            rows.insert(0, {"cells": ["Groep van posten %s met een lange naam" % tid] + [""] * (ncols - 1),
                            "kind": "group", "indent": 0, "bold": True})
        return {"type": "table", "id": tid, "title": ("Tabel %s. Overzicht" % tid) if title == "auto" else title,
                "unit_note": unit_note, "rotated": rotated, "inline": inline,
                "style": {"rules": rules, "rule_width": width, "rule_color": color, "cell_backgrounds": backgrounds,
                          "font_size": font_size, "html": "table"},
                "columns": cols, "header": header, "rows": rows, "split": split, "footnotes": list(footnotes)}


def prose(rng, words, number_sep="\u2009"):
    vocab = ["de", "organisatie", "heeft", "in", "het", "werkjaar", "opnieuw", "sterk", "ingezet", "op",
             "kwaliteit", "zorg", "cliënten", "medewerkers", "vrijwilligers", "begeleiding", "regio"]
    out = [rng.choice(vocab) for _ in range(words)]
    out.insert(words // 2, "ongeveer %s euro" % fmt(rng.randrange(10 ** 5, 10 ** 8), number_sep))
    return " ".join(out).capitalize() + "."


def number_run(rng, sep, n=48):
    """A paragraph of n seven-digit figures 'd ddd ddd' joined by '; ': lines must break between them."""
    return "; ".join(fmt(rng.randrange(10 ** 6, 10 ** 7), sep) for _ in range(n)) + "."


NUMBER_LINE = re.compile(r"^(\d \d{3} \d{3}; )*\d \d{3} \d{3}[;.]$")


def spec_portrait():
    """Portrait, one column, header + footer, margin text; every table style on its own page."""
    m = Maker(11)
    rng = random.Random(12)
    blocks = [{"type": "heading", "level": 1, "text": "1. Voorwoord"},
              {"type": "paragraph", "text": prose(rng, 60)},
              {"type": "list", "ordered": False, "items": ["Eerste punt", "Tweede punt met %s" % fmt(123456, "\u00a0")]},
              {"type": "list", "ordered": True, "items": ["Stap een", "Stap twee", "Stap drie"]},
              {"type": "paragraph", "text": number_run(rng, "\u2009")},
              {"type": "heading", "level": 2, "text": "1.1 Kerncijfers"},
              {"type": "key_figures", "title": "Kerncijfers in het kort", "layout": "cards",
               "items": [{"label": "Cliënten", "value": fmt(rng.randrange(1000, 99999))},
                         {"label": "Medewerkers (VTE)", "value": fmt(rng.randrange(1000, 99999), decimals=2)},
                         {"label": "Omzet", "value": "€ " + fmt(rng.randrange(10 ** 6, 10 ** 8), "\u202f")},
                         {"label": "Resultaat", "value": fmt(-rng.randrange(1000, 99999), neg="unicode")}]},
              {"type": "key_figures", "title": "Kerncijfers als lijst", "layout": "lines",
               "items": [{"label": "Bezettingsgraad", "value": "%s%%" % fmt(rng.randrange(8000, 9999), decimals=2)},
                         {"label": "Wachtlijst", "value": fmt(rng.randrange(100, 999))}]},
              {"type": "heading", "level": 1, "text": "2. Financieel overzicht"}]
    styles = [("grid", 1.0, "#000000"), ("horizontal", 1.0, "#000000"), ("booktabs", 1.0, "#000000"),
              ("header_underline", 1.0, "#000000"), ("zebra", 0.5, "#000000"), ("none", 0.5, "#000000")]
    style_tables = []
    for k, (rules, w, c) in enumerate(styles):
        t = m.table(rules=rules, width=w, color=c, nrows=5, ncols=4, header_levels=1,
                    backgrounds=(rules == "grid"), sep=SEP[["dot", "nbsp", "thin", "narrow", "space", "none"][k]],
                    neg=["minus", "unicode", "parens", "minus", "unicode", "minus"][k], indent=(k == 1), sup=(k == 0),
                    footnotes=["1) Voetnoot bij tabel %d." % (k + 1)] if k == 0 else (), group_row=(k == 1))
        if k:
            blocks.append({"type": "page_break"})
        blocks.append({"type": "heading", "level": 3, "text": "2.%d Tabel in stijl %s" % (k + 1, rules)})
        blocks.append(t)
        style_tables.append(t)
    # a two-level header with spans and a unit note
    t_span = m.table(rules="grid", width=0.25, color="#808080", header_levels=2, ncols=4, nrows=4,
                     unit_note="(x € 1.000)", font_size=10)
    blocks += [{"type": "page_break"}, {"type": "paragraph", "text": prose(rng, 30)}, t_span]
    # inline table between two paragraphs
    t_inline = m.table(rules="horizontal", width=0.75, color="#b0b0b0", nrows=2, ncols=2, header_levels=0,
                       title=None, inline=True)
    blocks += [{"type": "paragraph", "text": prose(rng, 25)}, t_inline, {"type": "paragraph", "text": prose(rng, 25)}]
    # a long table that does not split: pushed to the next page whole by the prose before it
    blocks += [{"type": "heading", "level": 1, "text": "3. Lange tabel"}]
    blocks += [{"type": "paragraph", "text": prose(rng, 120)} for _ in range(4)]
    t_keep = m.table(rules="horizontal", nrows=26, ncols=3, title="Tabel lang. Blijft op één pagina")
    blocks.append(t_keep)
    # split tables: repeated header + title suffix, and no header + no suffix with carried rows
    blocks += [{"type": "heading", "level": 1, "text": "4. Doorlopende tabellen"}]
    t_split1 = m.table(rules="booktabs", nrows=20, ncols=4, split={"after_row": 9, "repeat_header": True,
                                                                  "title_suffix": " (vervolg)"})
    blocks.append(t_split1)
    blocks.append({"type": "paragraph", "text": prose(rng, 20)})
    t_split2 = m.table(rules="grid", nrows=16, ncols=3, carried_at=8,
                       split={"after_row": 8, "repeat_header": False, "title_suffix": None})
    blocks.append(t_split2)
    spec = {"id": "wtest-portrait", "seed": 11, "index": 1, "producer": "writer", "org": "vzw Het Testanker",
            "year": 2024, "title": "Jaarverslag 2024",
            "axes": {"page.orientation": "portrait", "page.text_columns": "1", "page.running": "both",
                     "page.margin_text": "yes"},
            "page": {"orientation": "portrait", "text_columns": 1,
                     "running_header": "vzw Het Testanker \u2014 Jaarverslag 2024",
                     "running_footer": "Jaarverslag 2024 | pagina {page}",
                     "margin_text": "Goedgekeurd door de raad van bestuur op 12/05/2025"},
            "blocks": blocks}
    parts = {"styles": style_tables, "span": t_span, "inline": t_inline, "keep": t_keep,
             "split1": t_split1, "split2": t_split2}
    return spec, parts


def spec_landscape():
    """Landscape, two text columns, footer only; groups, a rotated table."""
    m = Maker(21)
    rng = random.Random(22)
    blocks = [{"type": "heading", "level": 1, "text": "1. Inleiding"}]
    blocks += [{"type": "paragraph", "text": prose(rng, 90)} for _ in range(3)]
    blocks.append({"type": "heading", "level": 2, "text": "1.1 Balans"})
    act = m.table(rules="horizontal", width=0.5, color="#808080", nrows=5, ncols=3, title="Activa",
                  label_prefix="Actief")
    pas = m.table(rules="horizontal", width=0.5, color="#808080", nrows=5, ncols=3, title="Passiva",
                  label_prefix="Passief")
    blocks.append({"type": "group", "arrangement": "side_by_side", "items": [act, pas]})
    st1 = m.table(rules="booktabs", nrows=3, ncols=4, title="Baten")
    st2 = m.table(rules="booktabs", nrows=3, ncols=4, title=None)
    blocks.append({"type": "group", "arrangement": "stacked", "items": [st1, st2]})
    bp = m.table(rules="zebra", nrows=4, ncols=2, title="Kleine tabel")
    blocks.append({"type": "group", "arrangement": "beside_prose",
                   "items": [{"type": "paragraph", "text": prose(rng, 70)}, bp]})
    rot = m.table(rules="grid", width=0.75, nrows=12, ncols=5, header_levels=2, rotated=True,
                  unit_note="(in euro)", footnotes=["Bron: eigen berekening."], backgrounds=True)
    rot2 = m.table(rules="booktabs", nrows=6, ncols=3, rotated=True, title="Tabel gedraaid twee")
    blocks += [rot, rot2, {"type": "page_break"}]
    blocks.append({"type": "heading", "level": 1, "text": "2. Na de gedraaide tabel"})
    blocks += [{"type": "paragraph", "text": prose(rng, 60)}]
    # a split table and a page break between two-column prose (LibreOffice sections)
    sp = m.table(rules="header_underline", nrows=14, ncols=4, split={"after_row": 5, "repeat_header": False,
                                                                    "title_suffix": " (vervolg)"})
    blocks += [sp, {"type": "paragraph", "text": prose(rng, 40)}, {"type": "page_break"},
               {"type": "key_figures", "title": None, "layout": "cards",
                "items": [{"label": "Leerlingen", "value": fmt(rng.randrange(100, 9999))},
                          {"label": "Scholen", "value": fmt(rng.randrange(10, 99))}]},
               {"type": "paragraph", "text": prose(rng, 40)}]
    spec = {"id": "wtest-landscape", "seed": 21, "index": 2, "producer": "writer", "org": "Stad Teststad",
            "year": 2023, "title": "Jaarrekening 2023",
            "axes": {"page.orientation": "landscape", "page.text_columns": "2", "page.running": "footer",
                     "page.margin_text": "no"},
            "page": {"orientation": "landscape", "text_columns": 2, "running_header": None,
                     "running_footer": "pagina {page}", "margin_text": None},
            "blocks": blocks}
    return spec, {"act": act, "pas": pas, "st1": st1, "st2": st2, "bp": bp, "rot": rot, "rot2": rot2, "split": sp}


# ------------------------------------------------------------------------------------ reading the PDF back

def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True).stdout


def page_count(pdf):
    return int(re.search(rb"Pages:\s+(\d+)", run(["pdfinfo", pdf])).group(1))


def page_sizes(pdf):
    """[(width, height, rotation)] per page."""
    out = run(["pdfinfo", "-f", "1", "-l", str(page_count(pdf)), pdf]).decode()
    sizes = {int(m.group(1)): (float(m.group(2)), float(m.group(3))) for m in
             re.finditer(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", out)}
    rots = {int(m.group(1)): int(m.group(2)) for m in re.finditer(r"Page\s+(\d+) rot:\s+(\d+)", out)}
    return [sizes[k] + (rots.get(k, 0),) for k in sorted(sizes)]


def norm(s):
    """What poppler prints: every Unicode space as a plain space, runs of white space as one."""
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")).strip()


def page_texts(pdf, mode="-layout"):
    return run(["pdftotext", mode, pdf, "-"]).decode("utf-8").split("\f")[:page_count(pdf)]


def lines_of(text):
    return [norm(x) for x in text.split("\n") if x.strip()]


_LIT_ESC = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")", b"\\": b"\\"}


def _literal(raw):
    out, i = bytearray(), 0
    while i < len(raw):
        c = raw[i:i + 1]
        if c == b"\\":
            nxt = raw[i + 1:i + 2]
            m = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4])
            if m:
                out.append(int(m.group(0), 8) & 255)
                i += 1 + len(m.group(0))
                continue
            out += _LIT_ESC.get(nxt, nxt)
            i += 2
            continue
        out += c
        i += 1
    return bytes(out)


def _qdf(pdf):
    with tempfile.TemporaryDirectory() as tmp:
        q = os.path.join(tmp, "q.pdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, q], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(q, "rb") as f:
            return f.read()


def _page_streams(data):
    """The uncompressed content stream of each page, in page order (qpdf --qdf marks them)."""
    out = []
    for chunk in re.split(rb"%% Contents for page \d+\n", data)[1:]:
        out.append(chunk[chunk.index(b"stream\n") + 7:chunk.index(b"endstream")])
    return out


def _decode_pages(data):
    objs = {int(m.group(1)): m.group(2) for m in re.finditer(rb"\n(\d+) 0 obj\n(.*?)\nendobj", data, re.S)}

    def stream(num):
        body = objs[num]
        return body[body.index(b"stream\n") + 7:body.rindex(b"endstream")]

    cmaps = {}
    for num, body in objs.items():
        m = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if m and b"/Type /Font" in body:
            cm = {}
            s = stream(int(m.group(1)))
            for blk in re.findall(rb"beginbfchar(.*?)endbfchar", s, re.S):
                for a, b in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", blk):
                    cm[bytes.fromhex(a.decode())] = bytes.fromhex(b.decode()).decode("utf-16-be")
            for blk in re.findall(rb"beginbfrange(.*?)endbfrange", s, re.S):
                for a, z, b in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", blk):
                    lo, hi, base = int(a, 16), int(z, 16), int(b, 16)
                    for k in range(lo, hi + 1):
                        cm[k.to_bytes(len(a) // 2, "big")] = chr(base + k - lo)
            cmaps[num] = cm
    names = {}
    for body in objs.values():
        for name, num in re.findall(rb"/(F\d+) (\d+) 0 R", body):
            if int(num) in cmaps:
                names.setdefault(name, int(num))
    tok = re.compile(rb"/(F\d+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>|\(((?:\\.|[^\\)])*)\)|\b(BT|ET)\b"
                     rb"|(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+-?[\d.]+\s+-?[\d.]+\s+Tm")
    pages = []
    for s in _page_streams(data):
        cm, buf, rot, texts = {}, [], False, []
        for m in tok.finditer(s):
            if m.group(1):
                cm = cmaps.get(names.get(m.group(1)), {})
            elif m.group(4) == b"BT":
                buf, rot = [], False
            elif m.group(4) == b"ET":
                texts.append(("".join(buf), rot))
            elif m.group(5):
                a, b, c, d = (float(m.group(i)) for i in (5, 6, 7, 8))
                rot = abs(a) < 1e-6 and abs(d) < 1e-6 and b > 0 and c < 0
            else:
                raw = bytes.fromhex(m.group(2).decode()) if m.group(2) is not None else _literal(m.group(3))
                width = len(next(iter(cm))) if cm else 1
                buf.append("".join(cm.get(raw[i:i + width], "\ufffd") for i in range(0, len(raw), width)))
        pages.append(texts)
    return pages


def text_layer(pdf):
    """The PDF's own text, decoded through each font's ToUnicode map (one string per text object,
    BT..ET): poppler folds U+00A0, U+2009 and U+202F into spaces, this does not."""
    return [t for page in _decode_pages(_qdf(pdf)) for t, rot in page]


def text_layer_by_page(pdf):
    """Per page: [(text of a text object, drawn rotated 90 degrees counter-clockwise)]."""
    return _decode_pages(_qdf(pdf))


_NUM = rb"-?(?:\d+\.?\d*|\.\d+)"
_OPS = re.compile(rb"(" + _NUM + rb")|(q|Q|RG|rg|re|w|m|l|S|n|f\*?|BT|ET|cm)(?=[\s\[\]<(/]|$)", re.M)


def drawings(pdf):
    """Per page: stroked straight segments [(x1, y1, x2, y2, width, stroke_rgb)] and filled rectangles
    [(x, y, w, h, fill_rgb)] from the uncompressed content streams (text objects skipped)."""
    pages = []
    for s in _page_streams(_qdf(pdf)):
        s = re.sub(rb"BT.*?ET", b" ", s, flags=re.S)
        st = {"w": 1.0, "RG": (0.0, 0.0, 0.0), "rg": (0.0, 0.0, 0.0)}
        stack, nums, path, segs, rects, pend = [], [], [], [], [], []
        for m in _OPS.finditer(s):
            if m.group(1):
                nums.append(float(m.group(1)))
                continue
            op = m.group(2)
            if op == b"q":
                stack.append(dict(st))
            elif op == b"Q":
                st = stack.pop() if stack else st
            elif op in (b"RG", b"rg") and len(nums) >= 3:
                st[op.decode()] = tuple(round(v * 255) for v in nums[-3:])
            elif op == b"w" and nums:
                st["w"] = nums[-1]
            elif op == b"m" and len(nums) >= 2:
                path = [tuple(nums[-2:])]
            elif op == b"l" and len(nums) >= 2 and path:
                path.append(tuple(nums[-2:]))
            elif op == b"re" and len(nums) >= 4:
                pend.append(tuple(nums[-4:]))
            elif op == b"S":
                for a, b in zip(path, path[1:]):
                    segs.append((a[0], a[1], b[0], b[1], st["w"], st["RG"]))
                path = []
            elif op in (b"f", b"f*"):
                rects += [r + (st["rg"],) for r in pend]
                pend = []
            elif op == b"n":          # a clipping path, not painted
                pend, path = [], []
            nums = []
        pages.append({"segs": segs, "rects": rects})
    return pages


def rule_lines(page, min_len=40.0):
    """Distinct horizontal (y) and vertical (x) rules of at least min_len pt on a page."""
    hs, vs = set(), set()
    for x1, y1, x2, y2, w, c in page["segs"]:
        if abs(y1 - y2) < 0.01 and abs(x2 - x1) >= min_len:
            hs.add(round(y1))
        elif abs(x1 - x2) < 0.01 and abs(y2 - y1) >= min_len / 4:
            vs.add(round(x1))
    return sorted(hs), sorted(vs)


def words_on(pdf, p):
    """First occurrence of each word on page p: text -> (xMin, yMin, xMax, yMax), y from the top."""
    out = {}
    xml = run(["pdftotext", "-bbox", "-f", str(p), "-l", str(p), pdf, "-"]).decode("utf-8")
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml):
        out.setdefault(m.group(5), tuple(float(m.group(i)) for i in range(1, 5)))
    return out


def find_page(texts, needle):
    """1-based numbers of the pages whose (normalised) text holds needle."""
    return [i + 1 for i, t in enumerate(texts) if norm(needle) in norm(t)]


def row_line_re(cells):
    """A regex for one printed row: its non-empty cells in order, each a whole token."""
    parts = [re.escape(norm(c)) for c in cells if norm(c)]
    return re.compile(r"(?:^|\s)" + r"(?:\S*\s+)*?".join(p + r"\S*\s*" for p in parts))


def row_page(layout, cells):
    """Pages (1-based) with a -layout line holding the row's cells in order."""
    rx = row_line_re(cells)
    return [i + 1 for i, t in enumerate(layout) if any(rx.search(ln) for ln in lines_of(t))]


def all_texts(spec):
    """Every text of the spec's blocks: (kind, text)."""
    out = []

    def walk(b):
        k = b["type"]
        if k in ("heading", "paragraph"):
            out.append((k, b["text"]))
        elif k == "list":
            out.extend(("item", x) for x in b["items"])
        elif k == "key_figures":
            if b.get("title"):
                out.append(("kf_title", b["title"]))
            out.extend(("kf", it["label"] + ": " + it["value"] if b["layout"] == "lines" else it["value"])
                       for it in b["items"])
            if b["layout"] == "cards":
                out.extend(("kf_label", it["label"]) for it in b["items"])
        elif k == "table":
            for t in (b.get("title"), b.get("unit_note")):
                if t:
                    out.append(("table_title", t))
            out.extend(("footnote", f) for f in b.get("footnotes") or [])
            for h in b.get("header") or []:
                out.extend(("header", c["text"]) for c in h if c["text"])
        elif k == "group":
            for it in b["items"]:
                walk(it)
    for b in spec["blocks"]:
        walk(b)
    return out


def all_tables(spec):
    out = []
    for b in spec["blocks"]:
        if b["type"] == "table":
            out.append(b)
        elif b["type"] == "group":
            out += [x for x in b["items"] if x["type"] == "table"]
    return out


@unittest.skipUnless(HAVE_TOOLS and HAVE_DOCX, "needs soffice, poppler-utils, qpdf and python-docx")
class WriterRender(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import resource
        cls.tmp = tempfile.mkdtemp(prefix="test-writer-")
        cls.a, cls.pa = spec_portrait()
        cls.b, cls.pb = spec_landscape()
        cls.pdf_a = os.path.join(cls.tmp, cls.a["id"] + ".pdf")
        cls.pdf_b = os.path.join(cls.tmp, cls.b["id"] + ".pdf")
        cls.applied = render_writer.render_batch([(cls.a, cls.pdf_a), (cls.b, cls.pdf_b)])
        cls.lay = {cls.pdf_a: page_texts(cls.pdf_a), cls.pdf_b: page_texts(cls.pdf_b)}
        cls.raw = {cls.pdf_a: page_texts(cls.pdf_a, "-raw"), cls.pdf_b: page_texts(cls.pdf_b, "-raw")}
        # a second, single render of the landscape document: determinism and CPU time
        cls.pdf_b2 = os.path.join(cls.tmp, "again", cls.b["id"] + ".pdf")
        os.makedirs(os.path.dirname(cls.pdf_b2))
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.process_time()
        render_writer.render(cls.b, cls.pdf_b2)
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cls.cpu_single = (time.process_time() - t0) + (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def docs(self):
        return ((self.a, self.pdf_a), (self.b, self.pdf_b))

    # --- interface
    def test_applied_and_only_the_pdf_written(self):
        self.assertEqual([x["applied"] for x in self.applied], [self.a["axes"], self.b["axes"]])
        self.assertEqual(sorted(os.listdir(self.tmp)), sorted(["again", self.a["id"] + ".pdf", self.b["id"] + ".pdf"]))
        self.assertEqual(os.listdir(os.path.join(self.tmp, "again")), [self.b["id"] + ".pdf"])

    def test_deterministic_bytes(self):
        with open(self.pdf_b, "rb") as f1, open(self.pdf_b2, "rb") as f2:
            self.assertEqual(f1.read(), f2.read())

    def test_cpu_time_of_a_five_to_nine_page_document(self):
        self.assertTrue(5 <= page_count(self.pdf_b) <= 9, page_count(self.pdf_b))
        self.assertLess(self.cpu_single, 3.0)

    def test_capabilities_cheap_and_within_the_model_axes(self):
        out = run([sys.executable, "-c", "import sys; sys.path.insert(0, %r); import render_writer as r; "
                   "print(sorted(r.CAPABILITIES)); print('docx' in sys.modules or 'reportlab' in sys.modules)"
                   % os.path.dirname(HERE)]).decode().split("\n")
        self.assertEqual(out[1], "False")
        try:
            import model
        except Exception:        # the model is another module's business; its axes are checked when present
            return
        axes = dict(model.DOC_AXES, **model.TABLE_AXES)
        for axis, values in render_writer.CAPABILITIES.items():
            self.assertTrue(set(values) <= set(axes[axis]), axis)

    def test_unrealisable_axis_value_is_refused(self):
        spec = dict(self.b, axes=dict(self.b["axes"], **{"table.rules": "double"}))
        with self.assertRaises(ValueError):
            render_writer.render(spec, os.path.join(self.tmp, "never.pdf"))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "never.pdf")))

    # --- text
    def test_every_text_is_printed(self):
        for spec, pdf in self.docs():
            page = spec["page"]
            drop = {norm(x.replace("{page}", "")) for x in (page.get("running_header"), page.get("margin_text")) if x}
            raw = " ".join(ln for t in self.raw[pdf] for ln in lines_of(t)
                           if norm(ln) not in drop and not re.fullmatch(r"(Jaarverslag 2024 \| )?pagina \d+", ln))
            whole = norm(raw)
            for kind, text in all_texts(spec):
                self.assertIn(norm(text), whole, "%s %s: %r" % (spec["id"], kind, text))
            self.assertIn(norm(spec["title"]), norm(self.lay[pdf][0]))
            self.assertIn(norm(spec["org"]), norm(self.lay[pdf][0]))

    def test_every_table_row_printed_on_one_line(self):
        for spec, pdf in self.docs():
            for t in all_tables(spec):
                for r in t["rows"]:
                    self.assertTrue(row_page(self.lay[pdf], r["cells"]), "%s %s row %r" % (spec["id"], t["id"], r["cells"]))

    def test_exact_characters_in_the_text_layer(self):
        layer = "\x00".join(text_layer(self.pdf_a))
        # LibreOffice writes a run with U+00A0/U+2009/U+202F as separate text objects: join them again
        layer = re.sub("\x00?([\u00a0\u2009\u202f])\x00?", r"\1", layer)
        special = 0
        for t in all_tables(self.a):
            for r in t["rows"]:
                for c in r["cells"]:
                    if any(ch in c for ch in "\u00a0\u2009\u202f\u2212 "):
                        special += 1
                        self.assertIn(c, layer, "%s %r" % (t["id"], c))
        self.assertGreater(special, 20)
        for ch in "\u00a0\u2009\u202f\u2212\u2014":
            self.assertIn(ch, layer)
        # key figures: a narrow no-break space and a U+2212 minus
        for it in [b for b in self.a["blocks"] if b["type"] == "key_figures"][0]["items"]:
            self.assertIn(it["value"], layer)
        # poppler folds them: why the check above reads the PDF itself
        self.assertNotIn("\u00a0", "".join(self.lay[self.pdf_a]))

    def test_no_line_breaks_inside_a_number(self):
        lines = [ln for t in self.raw[self.pdf_a] for ln in lines_of(t) if re.match(r"^[\d ;]+\.?$", ln)
                 and (";" in ln or ln.endswith("."))]
        self.assertGreater(len(lines), 3)           # the run of figures wraps over several lines
        for ln in lines:
            self.assertRegex(ln, NUMBER_LINE)
        self.assertEqual(norm(" ".join(lines)), norm(" ".join(b["text"] for b in self.a["blocks"]
                                                                 if b["type"] == "paragraph" and b["text"][:1].isdigit())))

    def test_running_header_footer_and_margin_text(self):
        lay = self.lay[self.pdf_a]
        layer_pages = text_layer_by_page(self.pdf_a)
        n = len(lay)
        for p in range(1, n + 1):
            lines = lines_of(lay[p - 1])
            has_head = norm(self.a["page"]["running_header"]) in lines
            has_foot = "Jaarverslag 2024 | pagina %d" % p in lines
            self.assertEqual((has_head, has_foot), (p > 1, p > 1), "page %d" % p)   # none on the cover
            rotated = [t for t, rot in layer_pages[p - 1] if rot]
            self.assertIn(self.a["page"]["margin_text"], rotated, "margin text on page %d" % p)
        for p, t in enumerate(self.lay[self.pdf_b], 1):
            self.assertEqual("pagina %d" % p in lines_of(t), p > 1)

    # --- pages
    def test_orientation(self):
        for w, h, rot in page_sizes(self.pdf_a):
            self.assertLess(w, h)
            self.assertEqual(rot, 0)
        sizes = page_sizes(self.pdf_b)
        rot_pages = find_page(self.lay[self.pdf_b], self.pb["rot"]["title"]) + \
            find_page(self.lay[self.pdf_b], self.pb["rot2"]["title"])
        self.assertEqual(len(rot_pages), 2)
        self.assertEqual(rot_pages[1], rot_pages[0] + 1)
        for p, (w, h, rot) in enumerate(sizes, 1):
            self.assertEqual(w < h, p in rot_pages, "page %d" % p)
            self.assertEqual(rot, 0)


    def test_no_empty_page(self):
        for spec, pdf in self.docs():
            page = spec["page"]
            running = {norm(x) for x in (page.get("running_header"), page.get("margin_text")) if x}
            for p, t in enumerate(self.lay[pdf], 1):
                own = [ln for ln in lines_of(t) if ln not in running and not ln.endswith("pagina %d" % p)]
                self.assertTrue(own, "%s page %d has nothing of its own" % (spec["id"], p))

    def test_rotated_table_is_drawn_rotated_counter_clockwise(self):
        t = self.pb["rot"]
        p = find_page(self.lay[self.pdf_b], t["title"])[0]
        texts = text_layer_by_page(self.pdf_b)[p - 1]
        rotated = {x for x, rot in texts if rot}
        upright = {x for x, rot in texts if not rot}
        for r in t["rows"]:
            for c in r["cells"]:
                self.assertIn(c, rotated)
                self.assertNotIn(c, upright)
        for h in t["header"]:
            for c in h:
                if c["text"]:
                    self.assertIn(c["text"], rotated)
        self.assertIn(t["title"], rotated)
        # alone on its page: nothing upright but the running footer
        self.assertEqual(norm("".join(x for x, rot in texts if not rot)), "pagina %d" % p)

    def test_unsplit_tables_stay_on_one_page(self):
        for spec, pdf in self.docs():
            for t in all_tables(spec):
                if t.get("split"):
                    continue
                pages = set()
                for r in t["rows"]:
                    pages.update(row_page(self.lay[pdf], r["cells"]))
                self.assertEqual(len(pages), 1, "%s %s on %s" % (spec["id"], t["id"], pages))
        # the long table was moved whole to the page after the prose it follows
        lay = self.lay[self.pdf_a]
        t = self.pa["keep"]
        p = row_page(lay, t["rows"][0]["cells"])[0]
        self.assertEqual(find_page(lay, t["title"]), [p])
        self.assertEqual(find_page(lay, "3. Lange tabel"), [p - 1])

    def test_split_with_repeated_header_and_title_suffix(self):
        lay = self.lay[self.pdf_a]
        t = self.pa["split1"]
        k = t["split"]["after_row"]
        p = row_page(lay, t["rows"][0]["cells"])[0]
        for i, r in enumerate(t["rows"]):
            self.assertEqual(row_page(lay, r["cells"]), [p if i <= k else p + 1], "row %d" % i)
        head = [c["text"] for c in t["header"][-1]]
        self.assertEqual(row_page(lay, head), [p, p + 1])
        self.assertEqual(find_page(lay, t["title"] + " (vervolg)"), [p + 1])
        self.assertEqual(find_page(lay, t["title"]), [p, p + 1])

    def test_split_without_header_with_carried_rows(self):
        lay = self.lay[self.pdf_a]
        t = self.pa["split2"]
        k = t["split"]["after_row"]
        self.assertEqual(t["rows"][k]["kind"], "carried")
        p = row_page(lay, t["rows"][0]["cells"])[0]
        for i, r in enumerate(t["rows"]):
            self.assertEqual(row_page(lay, r["cells"]), [p if i <= k else p + 1], "row %d" % i)
        head = [c["text"] for c in t["header"][-1]]
        self.assertEqual(row_page(lay, head), [p])
        self.assertEqual(find_page(lay, t["title"]), [p])
        # the second part starts at the top of its page: the first line after the running header
        lines = lines_of(lay[p])
        self.assertEqual(lines[0], norm(self.a["page"]["running_header"]))
        self.assertTrue(lines[1].startswith(norm(t["rows"][k + 1]["cells"][0])), lines[1])

    def test_split_and_page_break_between_two_column_prose(self):
        lay = self.lay[self.pdf_b]
        t = self.pb["split"]
        k = t["split"]["after_row"]
        p = row_page(lay, t["rows"][0]["cells"])[0]
        for i, r in enumerate(t["rows"]):
            self.assertEqual(row_page(lay, r["cells"]), [p if i <= k else p + 1], "row %d" % i)
        self.assertEqual(row_page(lay, [c["text"] for c in t["header"][-1]]), [p])
        self.assertEqual(find_page(lay, t["title"] + " (vervolg)"), [p + 1])
        cards = self.b["blocks"][-2]
        q = find_page(lay, cards["items"][0]["label"])
        self.assertEqual(len(q), 1)
        before = self.b["blocks"][-4]["text"]
        self.assertEqual(find_page(self.raw[self.pdf_b], before[-40:]), [q[0] - 1])
        # the cards start their page (after the running footer of the page before)
        self.assertTrue(lines_of(lay[q[0] - 1])[0].startswith(cards["items"][0]["value"]), lines_of(lay[q[0] - 1])[:2])

    # --- the Word document itself
    def test_docx_structure(self):
        import zipfile
        from lxml import etree
        W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

        def docx_parts(spec):
            path = os.path.join(self.tmp, "again", spec["id"] + ".docx")
            render_writer.render_docx(spec, path)
            with zipfile.ZipFile(path) as z:
                parts = {n: z.read(n) for n in z.namelist() if n.startswith("word/")}
            os.remove(path)
            return parts

        def text(el):
            return "".join(t.text or "" for t in el.iter(W + "t"))

        a = docx_parts(self.a)
        body = etree.fromstring(a["word/document.xml"]).find(W + "body")
        tables = body.findall(W + "tbl")
        by_first = {}
        for t in tables:
            by_first.setdefault(text(t.find(W + "tr")), []).append(t)
        for t in tables:
            for tr in t.findall(W + "tr"):
                self.assertIsNotNone(tr.find(W + "trPr/" + W + "cantSplit"))
        # split with repeat_header: two Word tables, each starting with the header row marked tblHeader
        s1 = self.pa["split1"]
        parts = by_first["".join(c["text"] for c in s1["header"][-1])]
        self.assertEqual(len(parts), 2)
        for t in parts:
            self.assertIsNotNone(t.find(W + "tr/" + W + "trPr/" + W + "tblHeader"))
        # borders: grid 1.0 pt black = sz 8; horizontal: no inside vertical rule
        grid = by_first["".join(c["text"] for c in self.pa["styles"][0]["header"][-1])][0]
        bd = grid.find(W + "tblPr/" + W + "tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            el = bd.find(W + side)
            self.assertEqual((el.get(W + "val"), el.get(W + "sz"), el.get(W + "color")), ("single", "8", "000000"))
        hor = by_first["".join(c["text"] for c in self.pa["styles"][1]["header"][-1])][0]
        self.assertEqual(hor.find(W + "tblPr/" + W + "tblBorders/" + W + "insideV").get(W + "val"), "nil")
        grp = by_first["".join(c["text"] for c in self.pa["styles"][1]["header"][-1])][0].findall(W + "tr")[1]
        self.assertEqual([c.find(W + "tcPr/" + W + "gridSpan").get(W + "val") for c in grp.findall(W + "tc")], ["4"])
        span = [t for t in tables if "Groep t7-A" in text(t)][0]
        self.assertEqual([g.get(W + "val") for g in span.iter(W + "gridSpan")][:1], [str(2)])
        self.assertTrue(any(e.get(W + "val") == "superscript" for e in body.iter(W + "vertAlign")))
        # header: the margin text in a bottom-to-top text box; footer: a PAGE field
        hdrs = b"".join(v for k, v in a.items() if k.startswith("word/header"))
        ftrs = b"".join(v for k, v in a.items() if k.startswith("word/footer"))
        self.assertIn(b'vert="vert270"', hdrs)
        self.assertIn(self.a["page"]["margin_text"].encode(), hdrs)
        self.assertIn(b'w:instr=" PAGE "', ftrs)
        b = docx_parts(self.b)
        body = etree.fromstring(b["word/document.xml"]).find(W + "body")
        sects = list(body.iter(W + "sectPr"))
        self.assertTrue(any(s.find(W + "cols").get(W + "num") == "2" for s in sects))
        sizes = {(s.find(W + "pgSz").get(W + "orient"), int(s.find(W + "pgSz").get(W + "w")) < int(s.find(W + "pgSz").get(W + "h")))
                 for s in sects}
        self.assertEqual(sizes, {("landscape", False), (None, True)})
        rot = [t for t in body.iter(W + "tbl") if self.pb["rot"]["title"] in text(t)]
        self.assertEqual(len(rot), 1)
        dirs = [e.get(W + "val") for e in rot[0].iter(W + "textDirection")]
        self.assertEqual(set(dirs), {"btLr"})

    # --- rules, colours, widths, backgrounds
    def test_rules_per_style(self):
        lay = self.lay[self.pdf_a]
        pages = drawings(self.pdf_a)
        n_rows = None
        for t in self.pa["styles"]:
            st = t["style"]
            p = find_page(lay, t["title"])
            self.assertEqual(len(p), 1)
            pg = pages[p[0] - 1]
            hs, vs = rule_lines(pg)
            n_rows = len(t["header"]) + len(t["rows"])
            n_cols = len(t["columns"])
            want_h = {"grid": n_rows + 1, "horizontal": n_rows + 1, "booktabs": 3, "header_underline": 1,
                      "zebra": 0, "none": 0}[st["rules"]]
            want_v = n_cols + 1 if st["rules"] == "grid" else 0
            self.assertEqual((len(hs), len(vs)), (want_h, want_v), st["rules"])
            for seg in pg["segs"]:
                if abs(seg[0] - seg[2]) > 40 or abs(seg[1] - seg[3]) > 20:
                    self.assertEqual(seg[4], st["rule_width"], st["rules"])
                    self.assertEqual(seg[5], (0, 0, 0), st["rules"])
            fills = {r[4] for r in pg["rects"]}
            zebra = {tuple(int(render_writer.ZEBRA_FILL[i:i + 2], 16) for i in (0, 2, 4))}
            if st["rules"] == "zebra":
                ys = {round(r[1]) for r in pg["rects"] if r[4] in zebra}
                self.assertEqual(len(ys), sum(1 for i in range(len(t["rows"])) if i % 2 == 1))
            else:
                self.assertFalse(fills & zebra, st["rules"])
            if st["cell_backgrounds"]:
                total = tuple(int(render_writer.TOTAL_FILL[i:i + 2], 16) for i in (0, 2, 4))
                self.assertIn(total, fills)
            elif st["rules"] != "zebra":
                self.assertEqual({f for f in fills if f != (255, 255, 255)}, set(), st["rules"])
        # booktabs: a rule above the header, one between the header and the first row, one under the total
        t = self.pa["styles"][2]
        p = find_page(lay, t["title"])[0]
        hs, _ = rule_lines(pages[p - 1])
        height = page_sizes(self.pdf_a)[p - 1][1]
        words = words_on(self.pdf_a, p)
        head = words[t["header"][-1][0]["text"].split()[0]]
        first = words[t["rows"][0]["cells"][0].split()[0]]
        last = words[t["rows"][-1]["cells"][0].split()[0]]
        top, mid, bottom = sorted((height - y for y in hs))
        centre = [(w[1] + w[3]) / 2 for w in (head, first, last)]
        self.assertTrue(top < centre[0] < mid < centre[1], (top, head, mid, first))
        self.assertGreater(bottom, centre[2])

    def test_rule_width_and_colour(self):
        lay = self.lay[self.pdf_a]
        pages = drawings(self.pdf_a)
        for t in (self.pa["span"], self.pa["inline"]):
            st = t["style"]
            p = find_page(lay, (t["rows"][0]["cells"][0]))[0]
            want = tuple(int(st["rule_color"][i:i + 2], 16) for i in (1, 3, 5))
            got = [s for s in pages[p - 1]["segs"] if s[5] == want]
            self.assertTrue(got, t["id"])
            self.assertEqual({s[4] for s in got}, {st["rule_width"]}, t["id"])
        # the spanning header: the grid's vertical rule between the spanned columns stops under the span
        t = self.pa["span"]
        p = find_page(lay, t["title"])[0]
        segs = [s for s in pages[p - 1]["segs"] if abs(s[0] - s[2]) < 0.01 and s[5] == (128, 128, 128)]
        tops = sorted({round(max(s[1], s[3])) for s in segs})
        self.assertEqual(len(tops), 2, tops)     # full-height rules, and the one under the span



if __name__ == "__main__":
    unittest.main()
