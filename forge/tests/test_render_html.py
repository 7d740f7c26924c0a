"""forge/render_html.py: web pages (.html) and Chromium-printed PDFs (.pdf).

Hand-made specs (every block type, every style value the renderer offers) are rendered once per
test class; the tests read back what was printed: `pdftotext -layout` per page, `pdfinfo` page sizes,
the PDF content stream (rules and backgrounds as filled rectangles, with their exact width, colour
and position), and the web page's HTML.

Run: python3 -m unittest forge/tests/test_render_html.py    (from the repository root)
"""
import html.parser
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
FORGE = os.path.dirname(HERE)
sys.path.insert(0, FORGE)

import render_html  # noqa: E402

NBSP, THIN, NNBSP, MINUS = "\u00a0", "\u2009", "\u202f", "\u2212"


# ---------------------------------------------------------------- spec builders

def fig(rng, sep, neg=False, decimals=0, big=False):
    """A printed figure: a random whole part grouped by `sep` (thousands), optional decimals, sign."""
    v = rng.randrange(1000, 9_999_999) if not big else rng.randrange(10 ** 11, 10 ** 12)
    digits = str(v)
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    s = sep.join(groups)
    if decimals:
        s += "," + "".join(str(rng.randrange(10)) for _ in range(decimals))
    if neg:
        s = neg + s if neg in ("-", MINUS, "-/- ") else "(" + s + ")"
    return s


def table(tid, title, rules, width, color, *, bg=False, size=9, html="table", ncols=4, nrows=6, header=1,
          seed=0, sep=".", split=None, carried=False, rotated=False, inline=False, unit_note=None,
          footnotes=None, codes=False, big=False):
    rng = random.Random("%s-%d" % (tid, seed))
    cols = []
    if codes:
        cols.append({"role": "code", "align": "left"})
    cols.append({"role": "label", "align": "left"})
    while len(cols) < ncols:
        cols.append({"role": "number", "align": "right"})
    nnum = sum(1 for c in cols if c["role"] == "number")
    head = []
    if header >= 2:
        top = [{"text": "", "span": ncols - nnum}]
        if nnum >= 3:
            top += [{"text": "Realisatie %s" % tid, "span": nnum - 1}, {"text": "Begroting", "span": 1}]
        else:
            top += [{"text": "Bedragen %s" % tid, "span": nnum}]
        head.append(top)
    if header >= 1:
        row = ([{"text": "Code", "span": 1}] if codes else []) + [{"text": "Omschrijving", "span": 1}]
        row += [{"text": "Kolom%s%d" % (tid, i + 1), "span": 1} for i in range(nnum)]
        head.append(row)
    seps = [sep]
    rows = []
    for i in range(nrows):
        label = "Post %s r%02d %s" % (tid, i, rng.choice(["personeel", "werking", "huisvesting en onderhoud",
                                                            "afschrijvingen", "overige kosten"]))
        cells = (["%02d.%d" % (i + 10, rng.randrange(10))] if codes else []) + [label]
        for j in range(nnum):
            s = seps[(i + j) % len(seps)]
            neg = MINUS if (i == 2 and j == 0) else None
            cells.append(fig(rng, s, neg=neg, decimals=2 if big else 1 if j == nnum - 1 and i % 3 == 1 else 0,
                             big=big))
        kind, bold, indent = "item", False, (i % 3 if i > 0 else 0)
        if i == 0:
            kind, bold = "group", True
            cells = [cells[0]] + [""] * (ncols - 1) if not codes else [cells[0], cells[1]] + [""] * (ncols - 2)
        if i == nrows - 1:
            kind, bold, indent = "total", True, 0
            cells[len(cells) - nnum - 1] = "Totaal %s" % tid
        elif i == nrows - 2 and nrows > 4:
            kind, bold, indent = "subtotal", True, 0
        rows.append({"cells": cells, "kind": kind, "indent": indent, "bold": bold})
    if nrows > 3:
        rows[1]["sup"] = {str(ncols - 1): "1)"}
    if carried and split:
        a = split["after_row"]
        lab = len(cols) - nnum - 1
        rows[a]["kind"] = "carried"
        rows[a]["cells"][lab] = "Over te brengen"
        rows[a]["bold"] = True
        rows[a]["indent"] = 0
        rows[a + 1]["kind"] = "carried"
        rows[a + 1]["cells"][lab] = "Transport"
        rows[a + 1]["bold"] = True
        rows[a + 1]["indent"] = 0
    if header >= 1 and nrows >= 10:
        rows[nrows // 2] = {"cells": [c["text"] for c in head[-1]], "kind": "header", "indent": 0, "bold": True}
    return {"type": "table", "id": tid, "title": title, "unit_note": unit_note, "rotated": rotated, "inline": inline,
            "style": {"rules": rules, "rule_width": width, "rule_color": color, "cell_backgrounds": bg,
                      "font_size": size, "html": html},
            "columns": cols, "header": head, "rows": rows, "split": split,
            "footnotes": footnotes if footnotes is not None else (["1) Voetnoot bij %s." % tid] if nrows > 3 else [])}


def para(text):
    return {"type": "paragraph", "text": text}


def head(level, text):
    return {"type": "heading", "level": level, "text": text}


LOREM = ("De organisatie heeft in het voorbije jaar haar werking verder uitgebouwd. De omzet steeg tot circa "
         "1,2 miljoen euro en het aantal begeleide cliënten nam toe met 4,5%. De raad van bestuur vergaderde "
         "negen keer; de algemene vergadering keurde de jaarrekening goed op 12 mei. ")


def spec_a(producer="chromium"):
    """Portrait, two text columns, running header and footer, margin text; every table style value."""
    blocks = [
        head(1, "1. Inleiding"),
        para(LOREM * 2),
        head(2, "1.1 Onze missie"),
        para(LOREM),
        {"type": "list", "ordered": False, "items": ["Zorg op maat", "Wonen en werken", "Vrije tijd"]},
        {"type": "list", "ordered": True, "items": ["Eerste doel", "Tweede doel"]},
        para("Een kleine tabel midden in de tekst:"),
        table("ti", None, "horizontal", 0.5, "#808080", ncols=2, nrows=3, header=0, inline=True, seed=1,
              sep=NNBSP),
        para("En de tekst loopt daarna gewoon verder. " + LOREM),
        {"type": "key_figures", "title": "Kerncijfers a", "layout": "cards",
         "items": [{"label": "Cliënten", "value": "1" + NNBSP + "234"}, {"label": "Personeelsleden", "value": "312"},
                   {"label": "Omzet (k€)", "value": "18.765"}, {"label": "Resultaat", "value": MINUS + "1.234"}]},
        {"type": "key_figures", "title": "Kerncijfers b", "layout": "lines",
         "items": [{"label": "Bezettingsgraad", "value": "96,4%"}, {"label": "Vrijwilligers", "value": "2" + THIN + "045"}]},
        head(1, "2. Personeel"),
        para(LOREM),
        table("t1", "Tabel 1. Grid haarlijn zwart met achtergronden", "grid", 0.25, "#000000", bg=True, size=9,
              header=2, nrows=8, seed=2, unit_note="(x € 1.000)", sep="."),
        table("t2", "Tabel 2. Horizontaal dun grijs", "horizontal", 0.75, "#808080", size=8, header=1, nrows=7,
              seed=3, sep=NBSP, codes=True),
        head(1, "3. Financiën"),
        table("t3", "Tabel 3. Doorlopend met herhaalde kop", "horizontal", 0.5, "#b0b0b0", size=8, header=2,
              nrows=30, seed=4, sep=".", split={"after_row": 13, "repeat_header": True, "title_suffix": " (vervolg)"},
              carried=True),
        para("Na de doorlopende tabel volgt tekst. " + LOREM),
        {"type": "group", "arrangement": "side_by_side", "items": [
            table("t4", "Tabel 4. Activa booktabs", "booktabs", 1.0, "#000000", size=8, ncols=2, nrows=6, seed=5),
            table("t5", "Tabel 5. Passiva onderstreepte kop", "header_underline", 1.0, "#808080", size=8, ncols=2,
                  nrows=6, seed=6)]},
        {"type": "page_break"},
        {"type": "group", "arrangement": "stacked", "items": [
            table("t6", "Tabel 6. Zebra", "zebra", 0.5, "#000000", size=10, nrows=6, seed=7, sep=THIN),
            table("t7", "Tabel 7. Geen lijnen", "none", 0.5, "#000000", size=9, nrows=5, seed=8, bg=True)]},
        {"type": "group", "arrangement": "beside_prose", "items": [
            table("t8", "Tabel 8. Naast tekst", "grid", 0.5, "#808080", size=8, ncols=2, nrows=5, header=0, seed=9),
            para("Deze tabel staat naast de tekst. " + LOREM)]},
        head(3, "Toelichting"),
        para(LOREM),
        head(1, "4. Bijlage"),
        # too wide for the page at its font size: printed smaller, nothing clipped
        table("t9", "Tabel 9. Breed", "grid", 0.75, "#000000", size=10, ncols=11, nrows=6, seed=10, sep=NNBSP),
    ]
    return {"id": "fhtml-a" if producer != "web" else "fhtml-w", "seed": 1, "index": 0, "producer": producer,
            "org": "vzw Het Anker", "year": 2024, "title": "Jaarverslag 2024",
            "axes": {"page.orientation": "portrait", "page.text_columns": 2, "page.running": "both",
                     "page.margin_text": "yes"},
            "page": {"orientation": "portrait", "text_columns": 2,
                     "running_header": "vzw Het Anker — Jaarverslag 2024",
                     "running_footer": "Jaarverslag 2024 | pagina {page}",
                     "margin_text": "Goedgekeurd door de raad van bestuur op 12/05/2025"},
            "blocks": blocks}


def spec_b():
    """Landscape, one column, no running text: a rotated table and a split without header or title."""
    blocks = [
        head(1, "Jaarrekening"),
        para(LOREM),
        table("u1", "Tabel U1. Gedraaid", "grid", 0.75, "#000000", size=8, ncols=5, header=2, nrows=12, seed=11,
              rotated=True),
        head(2, "Resultatenrekening"),
        table("u2", "Tabel U2. Gesplitst zonder kop", "booktabs", 0.25, "#808080", size=9, ncols=4, header=1,
              nrows=24, seed=12, split={"after_row": 9, "repeat_header": False, "title_suffix": None}),
        head(2, "Slot"),
        para(LOREM),
    ]
    return {"id": "fhtml-b", "seed": 2, "index": 0, "producer": "chromium", "org": "OCMW Voorbeeldstad",
            "year": 2023, "title": "Jaarrekening 2023",
            "axes": {"page.orientation": "landscape", "page.text_columns": 1, "page.running": "none",
                     "page.margin_text": "no"},
            "page": {"orientation": "landscape", "text_columns": 1, "running_header": None, "running_footer": None,
                     "margin_text": None},
            "blocks": blocks}


def spec_c():
    """Portrait: a table too wide even at the smallest font size (zoomed down) after an ordinary one."""
    blocks = [
        head(1, "Bijlage"),
        para(LOREM),
        table("z1", "Tabel Z1. Gewoon", "horizontal", 0.5, "#000000", size=9, nrows=5, seed=31),
        table("z2", "Tabel Z2. Veel te breed", "grid", 0.25, "#b0b0b0", size=9, ncols=12, nrows=5, seed=32,
              sep=".", big=True),
    ]
    return {"id": "fhtml-c", "seed": 3, "index": 0, "producer": "chromium", "org": "vzw De Brug", "year": 2022,
            "title": "Jaarverslag 2022",
            "axes": {"page.orientation": "portrait", "page.text_columns": 1, "page.running": "footer",
                     "page.margin_text": "no"},
            "page": {"orientation": "portrait", "text_columns": 1, "running_header": None,
                     "running_footer": "pagina {page}", "margin_text": None},
            "blocks": blocks}


def spec_web():
    s = spec_a("web")
    s["page"] = dict(s["page"], running_header=None, running_footer=None, margin_text=None)
    s["axes"] = dict(s["axes"], **{"page.running": "none", "page.margin_text": "no"})
    # the web page's table kinds: div grid, dl (two columns, no header) and a dl request that cannot be a dl
    for b in s["blocks"]:
        if b.get("type") == "table" and b["id"] == "t1":
            b["style"]["html"] = "div_grid"
        if b.get("type") == "table" and b["id"] == "t3":
            b["style"]["html"] = "dl"  # has a header: must fall back to a <table>
    s["blocks"].insert(3, table("w1", "Tabel W1. Definitielijst", "horizontal", 0.5, "#808080", ncols=2, nrows=5,
                                header=0, html="dl", seed=21))
    s["blocks"].insert(4, table("w3", "Tabel W3. Definitielijst met twee cijfers", "booktabs", 0.5, "#000000", ncols=3,
                                nrows=4, header=0, html="dl", seed=23))
    s["blocks"].insert(4, table("w2", "Tabel W2. Grid van divs", "zebra", 0.5, "#808080", ncols=4, nrows=6,
                                header=2, html="div_grid", seed=22, bg=True))
    return s


# ---------------------------------------------------------------- reading PDFs back

def norm(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s or "")).strip()


def pdftotext(path, first=None, mode="-layout"):
    cmd = ["pdftotext", mode, "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first), "-l", str(first)]
    return subprocess.run(cmd + [path, "-"], capture_output=True, check=True).stdout.decode("utf-8")


def page_sizes(path):
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", path], capture_output=True, text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out, re.M)]


def has_text(text, s):
    """s printed in text: as one string (white space collapsed), or word by word for wrapped labels."""
    t = " " + norm(text) + " "
    s = norm(s)
    if s in t:
        return True
    if re.search(r"\d", s) and not re.search(r"[A-Za-z]", s):
        return False  # a figure must be one unbroken string
    return all(w in t for w in s.split())


_TOKEN = re.compile(rb"\s*(?:(%[^\n]*)|(<<|>>|\[|\]|\{|\})|(<[0-9A-Fa-f\s]*>)|(\((?:\\.|[^\\()]|\((?:\\.|[^\\()])*\))*\))"
                    rb"|(/[^\s/<>\[\]()%{}]*)|([^\s/<>\[\]()%{}]+))", re.S)


def content_ops(stream):
    """(operator, operands) of a content stream (operands: numbers as floats, everything else raw)."""
    ops, stack = [], []
    pos, n = 0, len(stream)
    while pos < n:
        m = _TOKEN.match(stream, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        comment, delim, hexs, lit, name, word = m.groups()
        if comment:
            continue
        tok = delim or hexs or lit or name or word
        if tok is None:
            continue
        if word is not None:
            try:
                stack.append(float(word))
                continue
            except ValueError:
                if word in (b"true", b"false", b"null"):
                    stack.append(word)
                    continue
                ops.append((word.decode("latin1"), stack))
                stack = []
        else:
            stack.append(tok)
    return ops


def mul(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


class PdfPages:
    """Filled rectangles per page (x0, y0, x1, y1 in pt, y up; fill colour as '#rrggbb') from `qpdf --qdf`,
    following q/Q/cm and form XObjects."""

    def __init__(self, path):
        with tempfile.TemporaryDirectory() as tmp:
            q = os.path.join(tmp, "q.pdf")
            subprocess.run(["qpdf", "--qdf", "--object-streams=disable", path, q], check=True, capture_output=True)
            with open(q, "rb") as f:
                self.data = f.read()
        self.objs = {int(m.group(1)): m.group(2) for m in
                     re.finditer(rb"\n(\d+) 0 obj\n(.*?)\nendobj", self.data, re.S)}
        self.rects = []
        page_objs = [int(x) for x in re.findall(rb"%% Page \d+\n%% Original object ID: \d+ \d+\n(\d+) 0 obj", self.data)]
        for po in page_objs:
            d = self.objs[po]
            cont = int(re.search(rb"/Contents (\d+) 0 R", d).group(1))
            rects = []
            self.run(self.stream(cont), [1, 0, 0, 1, 0, 0], rects, self.xobjects(d))
            self.rects.append(rects)

    def stream(self, num):
        o = self.objs[num]
        m = re.search(rb"stream\n(.*)\nendstream", o, re.S)
        return m.group(1) if m else b""

    def xobjects(self, d):
        res = re.search(rb"/Resources (\d+) 0 R", d)
        body = self.objs[int(res.group(1))] if res else d
        xo = re.search(rb"/XObject (?:(\d+) 0 R|<<(.*?)>>)", body, re.S)
        if not xo:
            return {}
        text = self.objs[int(xo.group(1))] if xo.group(1) else xo.group(2)
        return {n.decode(): int(o) for n, o in re.findall(rb"/(\w+) (\d+) 0 R", text)}

    def run(self, stream, ctm, rects, xobjs, depth=0):
        stack = []
        fill = "#000000"
        path = []
        for op, args in content_ops(stream):
            if op == "q":
                stack.append((ctm, fill))
            elif op == "Q":
                if stack:
                    ctm, fill = stack.pop()
            elif op == "cm":
                ctm = mul([float(x) for x in args], ctm)
            elif op == "rg":
                fill = "#%02x%02x%02x" % tuple(round(float(x) * 255) for x in args)
            elif op == "re":
                x, y, w, h = [float(a) for a in args]
                pts = [(x, y), (x + w, y + h)]
                tp = [(px * ctm[0] + py * ctm[2] + ctm[4], px * ctm[1] + py * ctm[3] + ctm[5]) for px, py in pts]
                path.append((min(tp[0][0], tp[1][0]), min(tp[0][1], tp[1][1]),
                             max(tp[0][0], tp[1][0]), max(tp[0][1], tp[1][1])))
            elif op in ("f", "f*", "F", "B", "B*"):
                rects.extend(r + (fill,) for r in path)
                path = []
            elif op in ("n", "S", "s"):
                path = []
            elif op == "Do" and depth < 4:
                name = args[0].decode()[1:]
                num = xobjs.get(name)
                if num is not None and b"/Form" in self.objs[num].split(b"stream")[0]:
                    head = self.objs[num].split(b"stream")[0]
                    mm = re.search(rb"/Matrix \[\s*([-\d.\s]+)\]", head)
                    m2 = [float(v) for v in mm.group(1).split()] if mm else [1, 0, 0, 1, 0, 0]
                    self.run(self.stream(num), mul(m2, ctm), rects, self.xobjects(self.objs[num]) or xobjs, depth + 1)


def rules_of(rects, width, color, tol=0.02):
    """Horizontal and vertical rules of this width and colour: ([(y, x0, x1)], [(x, y0, y1)]), merged."""
    hs, vs = {}, {}
    for x0, y0, x1, y1, c in rects:
        if c != color:
            continue
        w, h = x1 - x0, y1 - y0
        if abs(h - width) <= tol and w > h * 1.5:
            key = round((y0 + y1) / 2, 1)
            a, b = hs.get(key, (x0, x1))
            hs[key] = (min(a, x0), max(b, x1))
        elif abs(w - width) <= tol and h > w * 1.5:
            key = round((x0 + x1) / 2, 1)
            a, b = vs.get(key, (y0, y1))
            vs[key] = (min(a, y0), max(b, y1))
    return sorted((k,) + v for k, v in hs.items()), sorted((k,) + v for k, v in vs.items())


def fills_of(rects, color, min_size=2.0):
    return [r for r in rects if r[4] == color and r[2] - r[0] >= min_size and r[3] - r[1] >= min_size]


# ---------------------------------------------------------------- reading HTML back

class Dom(html.parser.HTMLParser):
    """A tiny element tree: (tag, attrs, children); text as str children."""

    VOID = {"meta", "link", "br", "img", "col", "hr", "input"}

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.root = ("#root", {}, [])
        self.stack = [self.root]
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        el = (tag, dict(attrs), [])
        self.stack[-1][2].append(el)
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1][2].append(data)

    def find(self, pred, el=None):
        el = el or self.root
        out = []
        for c in el[2]:
            if isinstance(c, tuple):
                if pred(c):
                    out.append(c)
                out.extend(self.find(pred, c))
        return out


def text_of(el):
    return "".join(c if isinstance(c, str) else text_of(c) for c in el[2])


def cls(el):
    return set((el[1].get("class") or "").split())


# ---------------------------------------------------------------- the tests

def blocks_tables(spec):
    for b in spec["blocks"]:
        if b["type"] == "table":
            yield b
        elif b["type"] == "group":
            for it in b["items"]:
                if it["type"] == "table":
                    yield it


def printed_strings(spec):
    """Every string the spec asks to print (headings, paragraphs' first words, titles, cells, key figures)."""
    out = [spec["title"], spec["org"]]
    for b in spec["blocks"]:
        items = b["items"] if b["type"] == "group" else [b]
        for x in items:
            if x["type"] == "heading":
                out.append(x["text"])
            elif x["type"] == "key_figures":
                out.append(x["title"])
                for it in x["items"]:
                    out += [it["label"], it["value"]]
            elif x["type"] == "list":
                out += x["items"]
            elif x["type"] == "table":
                if x.get("title"):
                    out.append(x["title"])
                if x.get("unit_note"):
                    out.append(x["unit_note"])
                out += x.get("footnotes") or []
                for hr in x["header"]:
                    out += [c["text"] for c in hr if c["text"]]
                for r in x["rows"]:
                    out += [c for c in r["cells"] if c]
                    out += list((r.get("sup") or {}).values())
    return out


class RenderedPdf(unittest.TestCase):
    spec = None
    zoomed = set()  # tables too wide for the page even at the smallest font: zoomed, rules thinner

    @classmethod
    def setUpClass(cls):
        if cls.spec is None:
            raise unittest.SkipTest("base class")
        cls.tmp = tempfile.TemporaryDirectory()
        cls.pdf = os.path.join(cls.tmp.name, cls.spec["id"] + ".pdf")
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.process_time()
        cls.result = render_html.render(cls.spec, cls.pdf)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cls.cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime) + (time.process_time() - t0)
        cls.sizes = page_sizes(cls.pdf)
        cls.pages = [pdftotext(cls.pdf, p) for p in range(1, len(cls.sizes) + 1)]
        cls.raw_pages = [pdftotext(cls.pdf, p, "-raw") for p in range(1, len(cls.sizes) + 1)]
        cls.rects = PdfPages(cls.pdf).rects

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def page_of(self, s, start=0):
        for i in range(start, len(self.pages)):
            if has_text(self.pages[i], s) or has_text(self.raw_pages[i], s):
                return i + 1
        return None

    def test_only_the_pdf_is_written(self):
        self.assertEqual(sorted(os.listdir(self.tmp.name)), [self.spec["id"] + ".pdf"])

    def test_every_string_is_printed(self):
        whole = "\n".join(self.pages + self.raw_pages)
        missing = [s for s in printed_strings(self.spec) if not has_text(whole, s)]
        self.assertEqual(missing, [])

    def test_special_spaces_and_minus_reach_the_text_layer(self):
        # pdftotext prints U+00A0/U+2009/U+202F as a plain space, so the characters are looked up in the
        # fonts' ToUnicode maps: every one the spec uses must be mapped from a glyph
        used = {c for s in printed_strings(self.spec) for c in s if c in (NBSP, THIN, NNBSP, MINUS)}
        data = PdfPages(self.pdf).data
        maps = b"".join(re.findall(rb"begincmap(.*?)endcmap", data, re.S)).upper()
        for c in used:
            self.assertIn(b"<%04X>" % ord(c), maps, "U+%04X not in any ToUnicode map" % ord(c))
        self.assertTrue(used)

    def test_unsplit_tables_stay_on_one_page(self):
        for t in blocks_tables(self.spec):
            if t.get("split"):
                continue
            pages = set()
            for r in t["rows"]:
                figs = [c for c in r["cells"] if c and re.search(r"\d", c) and not re.search(r"[A-Za-z]", c)]
                if figs:
                    pages.add(self.page_of(figs[0]))
            self.assertEqual(len(pages), 1, "%s on pages %s" % (t["id"], pages))
            self.assertNotIn(None, pages)

    def test_split_tables_break_after_the_row(self):
        if not any(t.get("split") for t in blocks_tables(self.spec)):
            self.skipTest("no split table in this spec")
        n = 0
        for t in blocks_tables(self.spec):
            sp = t.get("split")
            if not sp:
                continue
            n += 1
            a = sp["after_row"]
            label = [i for i, c in enumerate(t["columns"]) if c["role"] == "label"][0]

            def row_page(r):
                figs = [c for c in r["cells"] if c and re.search(r"\d", c) and not re.search(r"[A-Za-z]", c)]
                return self.page_of(figs[-1]) if figs else self.page_of(r["cells"][label])

            first = {row_page(r) for r in t["rows"][:a + 1] if any(r["cells"][1:])}
            second = {row_page(r) for r in t["rows"][a + 1:] if r["kind"] != "header" and any(r["cells"][1:])}
            self.assertEqual(len(first), 1, first)
            self.assertEqual(len(second), 1, second)
            p1, p2 = first.pop(), second.pop()
            self.assertEqual(p2, p1 + 1)
            # the header: printed on the second page iff repeated (texts unique to the header rows)
            htexts = [c["text"] for c in t["header"][-1] if c["text"].startswith("Kolom")]
            on2 = [h for h in htexts if has_text(self.pages[p2 - 1], h)]
            mid_header = any(r["kind"] == "header" for r in t["rows"][a + 1:])
            if sp["repeat_header"] or mid_header:
                self.assertEqual(on2, htexts)
                if sp["repeat_header"] and t["header"]:
                    self.assertTrue(any(has_text(self.pages[p2 - 1], c["text"]) for c in t["header"][0]
                                        if c["text"] and not c["text"].startswith("Kolom")))
            else:
                self.assertEqual(on2, [])
            # the title: printed again with the suffix iff a suffix is given
            if sp.get("title_suffix"):
                self.assertTrue(has_text(self.pages[p2 - 1], t["title"] + sp["title_suffix"]))
            else:
                self.assertFalse(has_text(self.pages[p2 - 1], t["title"]))
            self.assertTrue(has_text(self.pages[p1 - 1], t["title"]))
        self.assertGreater(n, 0)

    def test_rules_are_drawn_as_the_style_says(self):
        """Each table part's rules counted from the content stream by (width, colour); the test specs give
        every table on a page its own width/colour combination."""
        checked = 0
        for t in blocks_tables(self.spec):
            if t["id"] in self.zoomed:
                continue
            st = t["style"]
            w, color = st["rule_width"], st["rule_color"]
            sp = t.get("split")
            parts = [(t["rows"][:sp["after_row"] + 1], True), (t["rows"][sp["after_row"] + 1:], sp["repeat_header"])] \
                if sp else [(t["rows"], True)]
            for rows, with_header in parts:
                fig = next(c for r in rows for c in r["cells"] if c and re.search(r"\d", c) and not re.search(r"[A-Za-z]", c))
                p = self.page_of(fig)
                H = len(t["header"]) if with_header else 0
                R = len(rows)
                hs, vs = rules_of(self.rects[p - 1], w, color)
                rot = t.get("rotated")
                if rot:
                    hs, vs = vs, hs
                expect = {"grid": (H + R + 1, len(t["columns"]) + 1), "horizontal": (H + R + 1, 0),
                          "booktabs": (3 if H else 2, 0), "header_underline": (1 if H else 0, 0),
                          "zebra": (0, 0), "none": (0, 0)}[st["rules"]]
                got = (len(hs), len(vs))
                self.assertEqual(got, expect, "%s %s on page %d: %s %s" % (t["id"], st["rules"], p, hs, vs))
                if st["rules"] == "zebra":
                    even = [i for i in range(R) if i % 2 == 1]
                    fills = fills_of(self.rects[p - 1], "#ececec")
                    self.assertEqual(len({round(f[1], 1) for f in fills}), len(even))
                if st["cell_backgrounds"]:
                    self.assertTrue(fills_of(self.rects[p - 1], "#d5e0ee") or not H)
                    self.assertTrue(fills_of(self.rects[p - 1], "#dfe7f1"))
                checked += 1
        self.assertGreater(checked, 0)

    def test_no_rules_of_other_widths(self):
        # every rule on every page has one of the widths the spec's tables use
        widths = {t["style"]["rule_width"] for t in blocks_tables(self.spec) if t["style"]["rules"] not in ("zebra", "none")}
        skip = {t["style"]["rule_color"] for t in blocks_tables(self.spec) if t["id"] in self.zoomed}
        for p, rects in enumerate(self.rects):
            for x0, y0, x1, y1, c in rects:
                if c in skip:
                    continue
                thin = min(x1 - x0, y1 - y0)
                if thin < 1.2 and max(x1 - x0, y1 - y0) > 3:
                    self.assertTrue(any(abs(thin - w) < 0.02 for w in widths), "page %d: rule %.3f pt %s" % (p + 1, thin, c))

    def test_cpu_time(self):
        # the brief: a 5-page document in at most 3 s of CPU (chromium and qpdf included)
        self.assertLess(self.cpu, 3.0 * max(1.0, len(self.sizes) / 5), "cpu %.2fs for %d pages" % (self.cpu, len(self.sizes)))

    def test_deterministic(self):
        again = os.path.join(self.tmp.name, "again", self.spec["id"] + ".pdf")
        os.makedirs(os.path.dirname(again))
        try:
            render_html.render(self.spec, again)
            with open(again, "rb") as f1, open(self.pdf, "rb") as f2:
                self.assertEqual(f1.read(), f2.read())
        finally:
            os.remove(again)
            os.rmdir(os.path.dirname(again))


class PortraitTwoColumns(RenderedPdf):
    spec = spec_a()

    def test_pages_are_a4_portrait(self):
        self.assertGreaterEqual(len(self.sizes), 5)
        for w, h in self.sizes:
            self.assertAlmostEqual(w, 595.0, delta=0.5)
            self.assertAlmostEqual(h, 842.0, delta=0.5)

    def test_level_one_headings_start_pages(self):
        seen = []
        for b in self.spec["blocks"]:
            if b["type"] == "heading" and b["level"] == 1:
                # the first line under the running header (under the cover's org and title on page 1)
                firsts = [[ln.strip() for ln in t.splitlines() if ln.strip()][1] for t in self.pages]
                firsts[0] = [ln.strip() for ln in self.pages[0].splitlines() if ln.strip()][3]
                self.assertIn(b["text"], firsts)
                seen.append(firsts.index(b["text"]))
        self.assertEqual(seen, sorted(set(seen)))
        self.assertGreaterEqual(len(seen), 3)

    def test_running_header_footer_and_margin_text_on_every_page(self):
        for i, t in enumerate(self.pages):
            lines = [ln.strip() for ln in t.splitlines() if ln.strip()]
            self.assertEqual(lines[0], "vzw Het Anker — Jaarverslag 2024")
            self.assertIn("Jaarverslag 2024 | pagina %d" % (i + 1), lines[-1] if "pagina" in lines[-1] else t)
            self.assertTrue(has_text(self.raw_pages[i], "Goedgekeurd door de raad van bestuur op 12/05/2025"))

    def test_margin_text_is_vertical_in_the_left_margin(self):
        out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", self.pdf, "-"], capture_output=True,
                             text=True, check=True).stdout
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">Goedgekeurd</word>', out)
        x0, y0, x1, y1 = (float(v) for v in m.groups())
        self.assertLess(x1, 62)             # inside the left margin
        self.assertGreater(y1 - y0, 3 * (x1 - x0))  # taller than wide: vertical

    def test_prose_in_two_columns(self):
        # the first paragraph's text runs in two columns: two text blocks side by side on page 1
        out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", self.pdf, "-"], capture_output=True,
                             text=True, check=True).stdout
        xs = [float(x) for x in re.findall(r'<word xMin="([\d.]+)"[^>]*>organisatie</word>', out)]
        self.assertTrue(any(x < 200 for x in xs) and any(x > 300 for x in xs), xs)

    def test_applied(self):
        ap = self.result["applied"]
        self.assertEqual(ap["page.running"], "both")
        self.assertEqual(ap["page.margin_text"], "yes")
        self.assertEqual(ap["page.text_columns"], 2)
        tabs = self.result["tables"]
        self.assertEqual(tabs["t3"]["table.continued"], "carried_subtotal")
        self.assertEqual(tabs["t4"]["table.placement"], "side_by_side")
        self.assertEqual(tabs["t6"]["table.placement"], "stacked")
        self.assertEqual(tabs["t8"]["table.placement"], "beside_prose")
        self.assertEqual(tabs["ti"]["table.placement"], "inline")
        self.assertEqual(tabs["t1"]["table.rule_weight"], "hairline")
        self.assertEqual(tabs["t4"]["table.rule_weight"], "normal")
        self.assertEqual(tabs["t2"]["table.rule_color"], "grey")

    def test_wide_table_fits_the_page(self):
        t = next(t for t in blocks_tables(self.spec) if t["id"] == "t9")
        p = self.page_of(t["title"])
        out = subprocess.run(["pdftotext", "-bbox", "-f", str(p), "-l", str(p), self.pdf, "-"], capture_output=True,
                             text=True, check=True).stdout
        xmax = max(float(x) for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', out))
        self.assertLess(xmax, 595.3 - 46 + 1)  # inside the right margin
        for r in t["rows"]:
            for c in r["cells"]:
                self.assertTrue(has_text(self.pages[p - 1], c), c)

    def test_side_by_side_tables_share_their_lines(self):
        # t4 and t5 stand next to each other: their first body rows on the same text line
        p = self.page_of("Tabel 4. Activa booktabs")
        t4 = next(t for t in blocks_tables(self.spec) if t["id"] == "t4")
        t5 = next(t for t in blocks_tables(self.spec) if t["id"] == "t5")
        line = next(ln for ln in self.pages[p - 1].splitlines() if t4["rows"][2]["cells"][0][:10] in ln)
        self.assertIn(t5["rows"][2]["cells"][0][:10], line)


class ZoomedWideTable(RenderedPdf):
    spec = spec_c()
    zoomed = {"z2"}

    def test_wide_table_fits_the_page(self):
        t = next(t for t in blocks_tables(self.spec) if t["id"] == "z2")
        p = self.page_of(t["title"])
        out = subprocess.run(["pdftotext", "-bbox", "-f", str(p), "-l", str(p), self.pdf, "-"], capture_output=True,
                             text=True, check=True).stdout
        xmax = max(float(x) for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', out))
        self.assertLess(xmax, 595.3 - 46 + 1)
        # its grid is still drawn, thinner than asked (zoomed), in its own colour
        hs, vs = rules_of(self.rects[p - 1], 0.25, "#b0b0b0", tol=0.2)
        self.assertEqual((len(hs), len(vs)), (len(t["header"]) + len(t["rows"]) + 1, len(t["columns"]) + 1))

    def test_shrunk_page_is_refused(self):
        # the check behind the zoom: a page chromium printed smaller than its content box is an error
        with open(self.pdf, "rb") as f:
            self.assertTrue(f.read(4) == b"%PDF")
        fake = b"%% Contents for page 1\n%% x\n5 0 obj\n<< /Length 6 0 R >>\nstream\n" \
               b".23999999 0 0 -.23999999 0 2526 cm\nq\n775 625 4043.75 6133.334 re\nW* n\n\nendstream"
        with self.assertRaises(RuntimeError):
            render_html._check_not_shrunk(fake, [1461.8, 2200.0])
        ok = fake.replace(b"4043.75", b"6090.9668")
        render_html._check_not_shrunk(ok, [1461.8, 2200.0])


class LandscapeRotatedSplit(RenderedPdf):
    spec = spec_b()

    def test_pages_landscape_except_the_rotated_table(self):
        t = next(t for t in blocks_tables(self.spec) if t["rotated"])
        p = self.page_of(t["rows"][3]["cells"][1])
        for i, (w, h) in enumerate(self.sizes):
            if i + 1 == p:
                self.assertLess(w, h)
            else:
                self.assertGreater(w, h)
        # alone on its page: nothing else of the spec's text there
        self.assertFalse(has_text(self.pages[p - 1], "Resultatenrekening"))

    def test_rotated_table_reads_bottom_to_top(self):
        t = next(t for t in blocks_tables(self.spec) if t["rotated"])
        p = self.page_of(t["rows"][3]["cells"][1])
        out = subprocess.run(["pdftotext", "-bbox", "-f", str(p), "-l", str(p), self.pdf, "-"], capture_output=True,
                             text=True, check=True).stdout
        words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out)
        a = next(w for w in words if w[4] == "r01")
        b = next(w for w in words if w[4] == "r05")
        # counter-clockwise: later rows further right, text runs upwards (taller than wide)
        self.assertGreater(float(b[0]), float(a[0]))
        self.assertGreater(float(a[3]) - float(a[1]), float(a[2]) - float(a[0]))

    def test_no_running_text(self):
        for t in self.pages:
            self.assertNotIn("pagina", t)


class WebPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.spec = spec_web()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, cls.spec["id"] + ".html")
        cls.result = render_html.render(cls.spec, cls.path)
        with open(cls.path, encoding="utf-8") as f:
            cls.text = f.read()
        cls.dom = Dom(cls.text)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def block_el(self, tid):
        return self.dom.find(lambda e: e[1].get("data-table") == tid)

    def test_self_contained(self):
        self.assertNotRegex(self.text, r"(?i)<(script|link|img|iframe)\b")
        self.assertNotRegex(self.text, r"(?i)(src|href)\s*=\s*\"(?!#)")
        self.assertNotRegex(self.text, r"(?i)url\(|@import")

    def test_site_frame(self):
        self.assertEqual(len(self.dom.find(lambda e: e[0] == "nav")), 1)
        self.assertEqual(len(self.dom.find(lambda e: e[0] == "article")), 1)
        self.assertEqual(len(self.dom.find(lambda e: e[0] == "footer")), 1)

    def test_every_string_is_in_the_page(self):
        body = text_of(self.dom.find(lambda e: e[0] == "article")[0])
        missing = [s for s in printed_strings(self.spec) if s != self.spec["org"] and not has_text(body, s)]
        self.assertEqual(missing, [])
        for c in (NBSP, THIN, NNBSP, MINUS):
            self.assertIn(c, self.text)

    def test_cells_exactly(self):
        """Each table's cells, read back from its markup, equal the spec's cell texts."""
        for t in blocks_tables(self.spec):
            el = self.block_el(t["id"])
            self.assertEqual(len(el), 1, t["id"])
            cells = [e for e in self.dom.find(lambda e: "cell" in cls(e), el[0]) if "hrow" not in cls(e)]
            body = [c for c in cells if not self._in_head(el[0], c)]

            def plain(e):
                return "".join(x if isinstance(x, str) else ("" if x[0] == "sup" else plain(x)) for x in e[2])

            got = [plain(c) for c in body]
            want = [c for r in t["rows"] for c in r["cells"]]
            if t["style"]["html"] == "dl" and len(t["columns"]) == 2 and not t["header"]:
                want = [c for r in t["rows"] for c in r["cells"]]
            self.assertEqual(got, want, t["id"])

    def _in_head(self, root, cell):
        heads = self.dom.find(lambda e: e[0] == "thead" or "dg-head" in cls(e), root)
        return any(cell in self.dom.find(lambda e: True, h) for h in heads)

    def test_table_kinds(self):
        kinds = {"w1": "dl", "w2": "div_grid", "w3": "dl", "t1": "div_grid", "t3": "table", "t2": "table"}
        for tid, kind in kinds.items():
            el = self.block_el(tid)[0]
            tables = self.dom.find(lambda e: e[0] == "table", el)
            dls = self.dom.find(lambda e: e[0] == "dl", el)
            grids = self.dom.find(lambda e: "dg" in cls(e), el)
            self.assertEqual((len(tables), len(dls), len(grids)),
                             {"table": (1, 0, 0), "dl": (0, 1, 0), "div_grid": (0, 0, 1)}[kind], tid)
            self.assertEqual(self.result["tables"][tid]["table.html"], kind)
        # div grid: rows are display:grid divs, a spanning header cell spans
        css = self.text
        self.assertRegex(css, r"\.dg \.row \{ display: grid;")
        span = self.dom.find(lambda e: "grid-column:span" in (e[1].get("style") or ""), self.block_el("w2")[0])
        self.assertTrue(span)
        # a real table: thead/th with colspan, bold rows in <strong>, sup markers
        t1 = self.block_el("t3")[0]
        self.assertTrue(self.dom.find(lambda e: e[0] == "th" and e[1].get("colspan"), t1))
        self.assertTrue(self.dom.find(lambda e: e[0] == "strong", t1))
        self.assertTrue(self.dom.find(lambda e: e[0] == "sup", t1))
        self.assertTrue(self.dom.find(lambda e: e[0] == "caption", t1))
        # dl: dt label, dd figure
        w1 = self.block_el("w1")[0]
        t = next(t for t in blocks_tables(self.spec) if t["id"] == "w1")
        dts = [text_of(e) for e in self.dom.find(lambda e: e[0] == "dt", w1)]
        dds = [text_of(e) for e in self.dom.find(lambda e: e[0] == "dd", w1)]
        self.assertEqual(dts, [r["cells"][0] for r in t["rows"]])
        # the figure, then its superscript marker if any
        self.assertEqual(dds, [r["cells"][1] + (r.get("sup") or {}).get("1", "") for r in t["rows"]])
        # three columns: each row a <div> with one <dt> and two <dd>
        w3 = self.block_el("w3")[0]
        t = next(t for t in blocks_tables(self.spec) if t["id"] == "w3")
        rows = self.dom.find(lambda e: e[0] == "div" and "row" in cls(e), w3)
        self.assertEqual([[c[0] for c in r[2] if isinstance(c, tuple)] for r in rows], [["dt", "dd", "dd"]] * len(t["rows"]))

    def test_key_figures_and_groups(self):
        cards = self.dom.find(lambda e: "kf-card" in cls(e))
        self.assertEqual(len(cards), 4)
        # big number above the label
        self.assertEqual([cls(c) for c in cards[0][2]], [{"kf-value"}, {"kf-label"}])
        lines = [text_of(e) for e in self.dom.find(lambda e: "kf-line" in cls(e))]
        self.assertEqual(lines, ["Bezettingsgraad: 96,4%", "Vrijwilligers: 2" + THIN + "045"])
        for arr in ("side_by_side", "stacked", "beside_prose"):
            self.assertEqual(len(self.dom.find(lambda e: "grp-" + arr in cls(e))), 1)
        self.assertRegex(self.text, r"\.grp \{ display: flex;")

    def test_split_is_ignored_on_the_web(self):
        t = next(t for t in blocks_tables(self.spec) if t["id"] == "t3")
        self.assertNotIn(t["title"] + " (vervolg)", self.text)
        self.assertEqual(self.text.count(_esc(t["title"])), 1)
        self.assertEqual(self.result["tables"]["t3"]["table.continued"], "no")
        self.assertEqual(self.result["applied"]["page.running"], "none")

    def test_deterministic(self):
        p2 = os.path.join(self.tmp.name, "x", "again.html")
        os.makedirs(os.path.dirname(p2))
        render_html.render(self.spec, p2)
        with open(p2, encoding="utf-8") as f:
            self.assertEqual(f.read(), self.text)


def _esc(s):
    import html as h
    return h.escape(s, quote=True)


class Batch(unittest.TestCase):
    def test_batch_equals_single_renders_and_the_cli_fallback(self):
        with tempfile.TemporaryDirectory() as tmp:
            specs = [spec_b(), spec_c(), spec_web()]
            paths = [os.path.join(tmp, "batch", s["id"] + (".html" if s["producer"] == "web" else ".pdf"))
                     for s in specs]
            os.makedirs(os.path.join(tmp, "batch"))
            printed, cli = [], []
            real_print, real_cli = render_html._Chromium.print_pdf, render_html._print_pdf

            def counted(self, src, raw):
                real_print(self, src, raw)
                printed.append(src)
            render_html._Chromium.print_pdf = counted
            render_html._print_pdf = lambda *a: (cli.append(a), real_cli(*a))
            try:
                res = render_html.render_batch(list(zip(specs, paths)))
            finally:
                render_html._Chromium.print_pdf, render_html._print_pdf = real_print, real_cli
            # both PDFs printed by the one DevTools session, none by the fallback
            self.assertEqual((len(printed), len(cli)), (2, 0))
            self.assertEqual([r["applied"]["producer"] for r in res], ["chromium", "chromium", "web"])
            self.assertEqual(sorted(os.listdir(os.path.join(tmp, "batch"))), sorted(os.path.basename(p) for p in paths))
            for s, p in zip(specs, paths):
                one = os.path.join(tmp, os.path.basename(p))
                render_html.render(s, one)
                with open(p, "rb") as f1, open(one, "rb") as f2:
                    self.assertEqual(f1.read(), f2.read(), s["id"])
            # without the DevTools session (chromium --print-to-pdf per document): the same bytes
            real = render_html._Chromium

            class NoSession:
                def __init__(self, *a):
                    raise OSError("no session")
            render_html._Chromium = NoSession
            try:
                cli_pdf = os.path.join(tmp, "cli.pdf")
                render_html.render(specs[1], cli_pdf)
            finally:
                render_html._Chromium = real
            with open(cli_pdf, "rb") as f1, open(paths[1], "rb") as f2:
                self.assertEqual(f1.read(), f2.read())


class Capabilities(unittest.TestCase):
    def test_cheap_import_and_layout_axes(self):
        out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import render_html"], cwd=FORGE,
                             capture_output=True, text=True, check=True).stderr
        mods = [ln.split("|")[-1].strip() for ln in out.splitlines() if "|" in ln]
        for heavy in ("reportlab", "docx", "PIL"):
            self.assertFalse([m for m in mods if m.startswith(heavy)], heavy)
        caps = render_html.CAPABILITIES
        for axis in ("page.orientation", "page.text_columns", "page.running", "page.margin_text", "table.rules",
                     "table.rule_weight", "table.rule_color", "table.backgrounds", "table.placement", "table.html",
                     "table.continued"):
            self.assertIn(axis, caps)
        self.assertEqual(render_html.WEB_CAPABILITIES["page.running"], {"none"})
        self.assertNotIn("rotated", render_html.WEB_CAPABILITIES["table.placement"])


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--dump":
        for f in (spec_a, spec_b, spec_c, spec_web):
            s = f()
            with open(os.path.join(sys.argv[2], s["id"] + ".json"), "w", encoding="utf-8") as fh:
                json.dump(s, fh, ensure_ascii=False, indent=1)
        sys.exit(0)
    unittest.main()
