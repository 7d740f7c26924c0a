"""forge/render_reportlab.py: hand-made specs covering every block type and every style value,
rendered and read back three ways: `pdftotext -layout` / `-raw` per page (what users and forge.py
see), the PDF's own text layer decoded from the content streams through each font's ToUnicode map
(poppler turns U+00A0, U+2009 and U+202F into word breaks, so exact characters are checked there),
and the vector strokes and fills of the content streams (where the rules really are).

Figures in the specs are formatted by the test's own formatter from random integers; totals are
summed by Python, never typed."""
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import unittest
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import render_reportlab as R  # noqa: E402

NBSP, THIN, NARROW, MINUS = "\u00a0", "\u2009", "\u202f", "\u2212"


# ------------------------------------------------------------------------------------ formatting

def fmt(value, sep=".", decimals=0, neg="minus"):
    value = Fraction(value)
    scaled = abs(value) * 10 ** decimals
    assert scaled.denominator == 1
    digits = str(scaled.numerator).rjust(decimals + 1, "0")
    whole, frac = (digits[:-decimals], digits[-decimals:]) if decimals else (digits, "")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    s = sep.join(groups) + ("," + frac if decimals else "")
    if value < 0:
        s = {"minus": "-" + s, "unicode": MINUS + s, "parens": "(" + s + ")"}[neg]
    return s


# ------------------------------------------------------------------------------------ spec builders

LABELS = ["Personeelskosten", "Werkingskosten", "Afschrijvingen en waardeverminderingen op vaste activa",
          "Huisvesting", "Vorming en opleiding van medewerkers en vrijwilligers", "Vervoer", "Energie",
          "Onderhoud gebouwen", "Administratie", "ICT en telefonie", "Verzekeringen", "Erelonen",
          "Maaltijden", "Schoonmaak", "Kleine aankopen", "Diverse kosten", "Financiële kosten",
          "Uitzonderlijke kosten", "Belastingen", "Overige"]


def table(tid, rng, n_rows=6, ncols=3, title="", unit_note=None, style=None, header_levels=1, sep=".",
          split=None, carried=False, sup=False, footnotes=None, rotated=False, inline=False, group_rows=False,
          neg="minus", total_label="Totaal"):
    """A table block; the last row is the total of the item rows (summed here by Python)."""
    st = {"rules": "horizontal", "rule_width": 0.5, "rule_color": "#000000", "cell_backgrounds": False,
          "font_size": 9, "html": "table"}
    st.update(style or {})
    columns = [{"role": "label", "align": "left"}] + [{"role": "number", "align": "right"}] * (ncols - 1)
    header = []
    if header_levels >= 2:
        header.append([{"text": "", "span": 1}, {"text": "Realisatie", "span": ncols - 1}])
    if header_levels >= 1:
        header.append([{"text": "Omschrijving", "span": 1}] +
                      [{"text": str(2020 + j), "span": 1} for j in range(ncols - 1)])
    rows, sums = [], [0] * (ncols - 1)
    k = 0
    for i in range(n_rows):
        if group_rows and i % 4 == 0:
            rows.append({"cells": ["Groep %s %d" % (LABELS[(i + 5) % len(LABELS)].lower(), i // 4 + 1)] + [""] * (ncols - 1),
                         "kind": "group", "indent": 0, "bold": i % 8 == 0})
            continue
        vals = [rng.randint(-900, 2_500_000) if j % 2 else rng.randint(0, 99_999) for j in range(ncols - 1)]
        if k == 2:
            vals[0] = -rng.randint(100, 9_999)  # one negative figure per table
        for j, v in enumerate(vals):
            sums[j] += v
        row = {"cells": [LABELS[k % len(LABELS)]] + [fmt(v, sep, neg=neg) for v in vals], "kind": "item",
               "indent": 1 if group_rows else 0, "bold": False}
        if sup and k == 1:
            row["sup"] = {"1": "1)"}
        rows.append(row)
        k += 1
        if carried and split and len(rows) == split["after_row"]:
            rows.append({"cells": ["Over te brengen"] + [fmt(v, sep, neg=neg) for v in sums], "kind": "carried",
                         "indent": 0, "bold": True})
            rows.append({"cells": ["Transport"] + [fmt(v, sep, neg=neg) for v in sums], "kind": "carried",
                         "indent": 0, "bold": True})
    rows.append({"cells": [total_label] + [fmt(v, sep, neg=neg) for v in sums], "kind": "total", "indent": 0,
                 "bold": True})
    return {"type": "table", "id": tid, "title": title or None, "unit_note": unit_note, "rotated": rotated,
            "inline": inline, "style": st, "columns": columns, "header": header, "rows": rows, "split": split,
            "footnotes": footnotes or []}


def para(rng, n=60, figure=None):
    words = ["de", "organisatie", "heeft", "in", "het", "afgelopen", "werkjaar", "opnieuw", "sterk",
             "ingezet", "op", "zorg", "nabij", "cliënten", "met", "aandacht", "voor", "kwaliteit", "en",
             "samenwerking", "binnen", "regio", "circa", "1,2", "miljoen", "euro", "vrijwilligers", "dienst"]
    ws = [rng.choice(words) for _ in range(n)]
    if figure:
        ws.insert(n // 2, figure)
    ws[0] = ws[0].capitalize()
    return {"type": "paragraph", "text": " ".join(ws) + "."}


def doc(spec_id, blocks, orientation="portrait", columns=1, header=True, footer=True, margin=True):
    title = "Jaarverslag 2024"
    return {"id": spec_id, "seed": 1, "index": 0, "producer": "reportlab", "org": "vzw Het Testanker",
            "year": 2024, "title": title,
            "axes": {"page.orientation": orientation, "page.text_columns": str(columns),
                     "page.running": {(True, True): "both", (True, False): "header", (False, True): "footer",
                                      (False, False): "none"}[(header, footer)],
                     "page.margin_text": "yes" if margin else "no"},
            "page": {"orientation": orientation, "text_columns": columns,
                     "running_header": "vzw Het Testanker \u2014 Jaarverslag 2024" if header else None,
                     "running_footer": "Jaarverslag 2024 | pagina {page}" if footer else None,
                     "margin_text": "Goedgekeurd door de raad van bestuur op 12/05/2025" if margin else None},
            "blocks": blocks}


def spec_all(seed=1):
    """Every block type, every rules style, split variants, groups, inline, rotated."""
    rng = random.Random(seed)
    b = []
    b.append({"type": "heading", "level": 1, "text": "1. Inleiding"})
    b.append(para(rng, 120, figure="1\u00a0234"))
    b.append({"type": "list", "ordered": False, "items": ["Eerste punt van de lijst", "Tweede punt met 12 cliënten"]})
    b.append({"type": "list", "ordered": True, "items": ["Genummerd punt een", "Genummerd punt twee"]})
    b.append({"type": "key_figures", "title": "Kerncijfers 2024", "layout": "cards",
              "items": [{"label": "cliënten begeleid", "value": fmt(rng.randint(1000, 9999), NBSP)},
                        {"label": "medewerkers (VTE)", "value": fmt(rng.randint(1000, 99999), ".", 1)},
                        {"label": "vrijwilligers", "value": fmt(rng.randint(10, 999))},
                        {"label": "budget (x € 1.000)", "value": fmt(rng.randint(10000, 99999), THIN)},
                        {"label": "locaties", "value": fmt(rng.randint(2, 30))}]})
    b.append({"type": "key_figures", "title": "Kort", "layout": "lines",
              "items": [{"label": "Totaal aantal cliënten", "value": fmt(rng.randint(1000, 9999), NARROW)},
                        {"label": "Gemiddelde leeftijd", "value": fmt(rng.randint(200, 900), "", 1)}]})
    b.append({"type": "heading", "level": 2, "text": "1.1 Financiën"})
    b.append(table("t1", rng, 7, 4, "Tabel 1. Exploitatie per jaar", "(x € 1.000)",
                   {"rules": "grid", "rule_width": 0.25, "rule_color": "#808080", "cell_backgrounds": True,
                    "font_size": 8}, header_levels=2, sep=NBSP, sup=True,
                   footnotes=["1) Exclusief tijdelijke contracten."], neg="unicode"))
    b.append(para(rng, 40))
    b.append({"type": "heading", "level": 3, "text": "Personeel"})
    b.append(table("t2", rng, 5, 3, "Tabel 2. Personeel", None,
                   {"rules": "booktabs", "rule_width": 1.0, "rule_color": "#000000", "font_size": 10},
                   header_levels=2, sep=THIN, group_rows=True))
    b.append(para(rng, 30))
    b.append(table("t3", rng, 4, 2, None, None, {"rules": "none", "font_size": 9}, header_levels=0,
                   inline=True, sep=NARROW))
    b.append(para(rng, 30))
    b.append({"type": "page_break"})
    b.append(table("t4", rng, 24, 3, "Tabel 4. Lange tabel met overdracht", None,
                   {"rules": "booktabs", "rule_width": 0.5, "rule_color": "#000000", "font_size": 9},
                   split={"after_row": 12, "repeat_header": True, "title_suffix": " (vervolg)"}, carried=True))
    b.append(table("t5", rng, 20, 3, "Tabel 5. Vervolg zonder kop", None,
                   {"rules": "header_underline", "rule_width": 0.75, "rule_color": "#b0b0b0", "font_size": 9},
                   split={"after_row": 9, "repeat_header": False, "title_suffix": None}))
    b.append({"type": "heading", "level": 1, "text": "2. Balans"})
    b.append({"type": "group", "arrangement": "side_by_side", "items": [
        table("t6", rng, 6, 2, "Activa", None, {"rules": "horizontal", "rule_width": 0.5, "font_size": 8}, total_label="Totaal activa"),
        table("t7", rng, 3, 2, "Passiva", None, {"rules": "horizontal", "rule_width": 0.5, "font_size": 8}, total_label="Totaal passiva")]})
    b.append({"type": "group", "arrangement": "stacked", "items": [
        table("t8", rng, 3, 3, "Tabel 8. Boven", None, {"rules": "zebra", "font_size": 9}),
        table("t9", rng, 3, 3, None, None, {"rules": "zebra", "font_size": 9, "cell_backgrounds": True})]})
    b.append({"type": "group", "arrangement": "beside_prose", "items": [
        para(rng, 70),
        table("t10", rng, 4, 2, "Tabel 10. Naast tekst", None, {"rules": "grid", "rule_width": 0.5, "font_size": 8})]})
    b.append(table("t11", rng, 10, 9, "Tabel 11. Gedraaide tabel", "(in euro)",
                   {"rules": "grid", "rule_width": 0.5, "rule_color": "#000000", "font_size": 9},
                   rotated=True, header_levels=2))
    b.append({"type": "heading", "level": 2, "text": "2.1 Slot"})
    b.append(para(rng, 50))
    return doc("rl-all", b)


def spec_columns(seed=2, orientation="landscape"):
    rng = random.Random(seed)
    b = [{"type": "heading", "level": 1, "text": "Werking in twee kolommen"}]
    for i in range(10):
        if i % 3 == 0:
            b.append({"type": "heading", "level": 2, "text": "Afdeling %d" % (i + 1)})
        b.append(para(rng, 90))
        if i == 4:
            b.append(table("c1", rng, 3, 2, None, None, {"rules": "horizontal", "rule_width": 0.25, "font_size": 8},
                           header_levels=0, inline=True))
        if i == 6:
            b.append(table("c2", rng, 6, 5, "Tabel A. Over beide kolommen", "(x € 1.000)",
                           {"rules": "grid", "rule_width": 0.75, "rule_color": "#808080", "font_size": 9}))
    b.append({"type": "key_figures", "title": "Kerncijfers", "layout": "lines",
              "items": [{"label": "Aantal dossiers", "value": fmt(rng.randint(1000, 99999), NBSP)}]})
    return doc("rl-cols", b, orientation=orientation, columns=2, header=True, footer=False, margin=False)


def spec_rules(rules, width, color, backgrounds=False, header_levels=2):
    rng = random.Random(hash((rules, width, color)) & 0xffff)
    t = table("r1", rng, 5, 4, "Tabel R. Stijl %s" % rules, None,
              {"rules": rules, "rule_width": width, "rule_color": color, "cell_backgrounds": backgrounds,
               "font_size": 9}, header_levels=header_levels)
    return doc("rl-rules-%s" % rules, [t], header=False, footer=False, margin=False)


def spec_rotated_split():
    rng = random.Random(5)
    b = [{"type": "heading", "level": 1, "text": "Bijlage"}, para(rng, 40),
         table("x1", rng, 40, 8, "Tabel X. Gedraaid en gesplitst", None,
               {"rules": "horizontal", "rule_width": 0.5, "font_size": 8}, rotated=True,
               split={"after_row": 19, "repeat_header": True, "title_suffix": " (vervolg)"}),
         para(rng, 40)]
    return doc("rl-rot", b, footer=True, header=False, margin=True)


def spec_five_pages():
    rng = random.Random(9)
    b = []
    for ch in range(5):
        b.append({"type": "heading", "level": 1, "text": "Hoofdstuk %d" % (ch + 1)})
        b.append(para(rng, 150))
        b.append(table("f%d" % ch, rng, 12, 4, "Tabel %d" % (ch + 1), "(x € 1.000)",
                       {"rules": ["grid", "horizontal", "booktabs", "zebra", "none"][ch], "font_size": 9}))
        b.append(para(rng, 80))
    return doc("rl-five", b)


# ------------------------------------------------------------------------------------ PDF reading

def run(cmd):
    return subprocess.run(cmd, capture_output=True, check=True).stdout


def pdftotext(path, page=None, mode="-layout"):
    cmd = ["pdftotext", mode, "-enc", "UTF-8"]
    if page:
        cmd += ["-f", str(page), "-l", str(page)]
    return run(cmd + [path, "-"]).decode("utf-8")


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def page_sizes(path):
    out = run(["pdfinfo", "-f", "1", "-l", "999", path]).decode()
    return [(float(a), float(b)) for a, b in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", out)]


_tok = re.compile(rb"\s*(?:(<<|>>|\[|\])|(\((?:\\.|[^\\)])*\))|(<[0-9A-Fa-f\s]*>)|(/[^\s/\[\]()<>]+)|([^\s/\[\]()<>]+))", re.S)


def _unescape(lit):
    out, i = bytearray(), 0
    while i < len(lit):
        ch = lit[i]
        if ch == 0x5c:
            nxt = lit[i + 1]
            if nxt in b"01234567":
                j = i + 1
                while j < min(i + 4, len(lit)) and lit[j] in b"01234567":
                    j += 1
                out.append(int(lit[i + 1:j], 8) & 0xff)
                i = j
                continue
            out += {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b",
                    ord("f"): b"\f"}.get(nxt, bytes([nxt]))
            i += 2
        else:
            out.append(ch)
            i += 1
    return bytes(out)


class PDF:
    """The content streams of a reportlab PDF as text runs, strokes and fills, per page."""

    def __init__(self, path):
        with tempfile.TemporaryDirectory() as tmp:
            q = os.path.join(tmp, "q.pdf")
            subprocess.run(["qpdf", "--qdf", "--object-streams=disable", path, q], check=True)
            with open(q, "rb") as f:
                data = f.read()
        objs = {}
        for m in re.finditer(rb"\n(\d+) 0 obj\n(.*?)\nendobj", data, re.S):
            objs[int(m.group(1))] = m.group(2)
        self.objs = objs
        # font resource name -> code -> unicode text
        self.cmaps = {}
        for body in objs.values():
            m = re.search(rb"/Name /(\S+)", body)
            tu = re.search(rb"/ToUnicode (\d+) 0 R", body)
            if m and b"/Font" in body:
                self.cmaps[m.group(1).decode()] = self._cmap(objs[int(tu.group(1))]) if tu else None
        self.pages = []
        for m in re.finditer(rb"%% Page (\d+)\n%% Original object ID: [^\n]*\n(\d+) 0 obj", data):
            body = objs[int(m.group(2))]
            contents = [int(x) for x in re.findall(rb"(\d+) 0 R", re.search(rb"/Contents (\[[^\]]*\]|\d+ 0 R)", body).group(1))]
            stream = b"\n".join(self._stream(objs[c]) for c in contents)
            self.pages.append(self._interpret(stream))

    @staticmethod
    def _stream(body):
        m = re.search(rb"stream\n(.*)\nendstream", body, re.S)
        return m.group(1) if m else b""

    def _cmap(self, body):
        s = self._stream(body).decode("latin-1")
        cmap = {}
        for block in re.findall(r"beginbfchar(.*?)endbfchar", s, re.S):
            for a, b in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                cmap[int(a, 16)] = bytes.fromhex(b).decode("utf-16-be")
        for block in re.findall(r"beginbfrange(.*?)endbfrange", s, re.S):
            for a, b, c in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                for k in range(int(a, 16), int(b, 16) + 1):
                    cmap[k] = chr(int(c, 16) + k - int(a, 16))
        return cmap

    def _interpret(self, stream):
        runs, strokes, fills = [], [], []
        ctm = (1, 0, 0, 1, 0, 0)
        stack = []
        lw, stroke_rgb, fill_rgb = 1.0, (0, 0, 0), (0, 0, 0)
        font, size = None, 0
        tm = (1, 0, 0, 1, 0, 0)
        path, cur, pts = [], None, []
        ops = []
        for m in _tok.finditer(stream):
            tok = next(g for g in m.groups() if g is not None)
            if tok[:1] in b"(<" and tok not in (b"<<",) or tok[:1] == b"/" or re.match(rb"^[-+.\d]+$", tok) or tok in (b"[", b"]"):
                ops.append(tok)
                continue
            op, args = tok.decode(), ops
            ops = []
            num = [float(a) for a in args if re.match(rb"^[-+.\d]+$", a)]

            def mul(a, b):
                return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
                        a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])

            def pt(x, y):
                return (ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5])
            if op == "q":
                stack.append((ctm, lw, stroke_rgb, fill_rgb))
            elif op == "Q":
                ctm, lw, stroke_rgb, fill_rgb = stack.pop()
            elif op == "cm":
                ctm = mul(tuple(num), ctm)
            elif op == "w":
                lw = num[0]
            elif op == "RG":
                stroke_rgb = tuple(round(v, 3) for v in num)
            elif op == "rg":
                fill_rgb = tuple(round(v, 3) for v in num)
            elif op == "Tf":
                font, size = args[0].decode()[1:], num[0]
            elif op == "Tm":
                tm = tuple(num)
            elif op in ("Tj", "'"):
                raw = args[-1]
                if raw[:1] == b"<":
                    codes = bytes.fromhex(raw[1:-1].decode())
                else:
                    codes = _unescape(raw[1:-1])
                cmap = self.cmaps.get(font)
                text = "".join(cmap.get(b, "\ufffd") for b in codes) if cmap else codes.decode("latin-1")
                full = mul(tm, ctm)
                runs.append({"text": text, "x": full[4], "y": full[5], "font": font, "size": size,
                             "rot": (round(full[0], 3), round(full[1], 3))})
            elif op == "m":
                cur = pt(num[0], num[1])
                pts.append(cur)
            elif op == "l":
                nxt = pt(num[0], num[1])
                path.append((cur, nxt))
                pts.append(nxt)
                cur = nxt
            elif op == "c":
                cur = pt(num[4], num[5])
                pts.append(cur)
            elif op == "re":
                x, y, w, h = num
                path.append(("re", pt(x, y), pt(x + w, y + h)))
            elif op in ("S", "f", "B", "f*", "n"):
                if pts and op in ("f", "B", "f*"):  # a filled outline (rounded card)
                    fills.append({"p0": (min(p[0] for p in pts), min(p[1] for p in pts)),
                                  "p1": (max(p[0] for p in pts), max(p[1] for p in pts)), "rgb": fill_rgb})
                pts = []
                for seg in path:
                    if seg[0] == "re":
                        if op in ("f", "B", "f*"):
                            fills.append({"p0": seg[1], "p1": seg[2], "rgb": fill_rgb})
                    elif op in ("S", "B"):
                        strokes.append({"p0": seg[0], "p1": seg[1], "w": lw * abs(ctm[0] or ctm[1]), "rgb": stroke_rgb})
                path = []
        return {"runs": runs, "strokes": strokes, "fills": fills}

    def texts(self, page):
        return [r["text"] for r in self.pages[page - 1]["runs"]]


def rgb(hexstr):
    return tuple(round(int(hexstr[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))


# ------------------------------------------------------------------------------------ tests

class Base(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.docs = {}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    @classmethod
    def rendered(cls, name, spec):
        if name not in cls.docs:
            d = os.path.join(cls.tmp.name, name)
            os.makedirs(d)
            path = os.path.join(d, spec["id"] + ".pdf")
            res = R.render(spec, path)
            cls.docs[name] = (path, res, PDF(path))
        return cls.docs[name]

    def page_of(self, pdf, text, start=1):
        for p in range(start, len(pdf.pages) + 1):
            if text in pdf.texts(p):
                return p
        return None


def iter_tables(blocks):
    for b in blocks:
        if b["type"] == "table":
            yield b
        elif b["type"] == "group":
            yield from iter_tables(b["items"])


def cell_texts(t):
    for hr in t["header"]:
        for c in hr:
            if c["text"]:
                yield c["text"], True
    for r in t["rows"]:
        for j, c in enumerate(r["cells"]):
            if c:
                yield c, t["columns"][j]["role"] == "label"


class TestEverything(Base):
    def setUp(self):
        self.spec = spec_all()
        self.path, self.res, self.pdf = self.rendered("all", self.spec)

    def test_every_text_in_the_text_layer_exactly(self):
        """Figures are one run each with their exact characters (U+00A0, U+2009, U+202F, U+2212 kept);
        labels and headers are one run each or wrapped into runs that join back with spaces."""
        runs = [t for p in range(1, len(self.pdf.pages) + 1) for t in self.pdf.texts(p)]
        joined = "\n".join(runs)
        seen_special = set()
        for t in iter_tables(self.spec["blocks"]):
            for text, wraps in cell_texts(t):
                if not wraps:
                    self.assertIn(text, runs, "figure %r of %s is not one run" % (text, t["id"]))
                    seen_special |= {ch for ch in text if ch in (NBSP, THIN, NARROW, MINUS)}
                else:
                    self.assertTrue(text in runs or all(w in joined for w in text.split(" ")), text)
            if t["title"]:
                self.assertTrue(any(r.startswith(t["title"].split(" ")[0]) for r in runs))
            for note in t["footnotes"]:
                self.assertIn(note, runs)
            if t["unit_note"]:
                self.assertIn(t["unit_note"], runs)
        self.assertEqual(seen_special, {NBSP, THIN, NARROW, MINUS})
        for b in self.spec["blocks"]:
            if b["type"] == "key_figures":
                for it in b["items"]:
                    if b["layout"] == "cards":
                        self.assertIn(it["value"], runs)
                    else:
                        self.assertTrue(any(r.endswith(" " + it["value"]) for r in runs), it["value"])
            if b["type"] == "heading":
                self.assertIn(b["text"], runs)

    def test_every_text_in_pdftotext(self):
        """What poppler gives back: every figure as a whole token, every label's words, every
        paragraph word in reading order (-raw)."""
        layout = norm(pdftotext(self.path))
        raw = norm(pdftotext(self.path, mode="-raw"))
        for t in iter_tables(self.spec["blocks"]):
            for text, wraps in cell_texts(t):
                if wraps:
                    for w in norm(text).split(" "):
                        self.assertIn(w, layout)
                else:
                    self.assertRegex(layout, r"(?<![\d.,])" + re.escape(norm(text)) + r"(?![\d])")
        for b in self.spec["blocks"]:
            items = [b] + (b["items"] if b["type"] == "group" else [])
            for x in items:
                if x["type"] == "paragraph":
                    self.assertIn(norm(x["text"]), raw)
                if x["type"] == "list":
                    for it in x["items"]:
                        self.assertIn(it, raw)

    def test_pages_and_decorations(self):
        sizes = page_sizes(self.path)
        self.assertEqual(len(sizes), len(self.pdf.pages))
        self.assertEqual(len(sizes), self.res["pages"])
        rot_page = self.res["tables"]["t11"]["pages"]
        self.assertEqual(len(rot_page), 1)
        for p, (w, h) in enumerate(sizes, start=1):
            self.assertLess(w, h)  # portrait everywhere
            text = pdftotext(self.path, p)
            runs = self.pdf.texts(p)
            self.assertIn("Goedgekeurd door de raad van bestuur op 12/05/2025", runs)
            margin = [r for r in self.pdf.pages[p - 1]["runs"] if r["text"].startswith("Goedgekeurd")][0]
            self.assertEqual(margin["rot"], (0.0, 1.0))  # drawn vertically
            self.assertLess(margin["x"], 40)
            if p == 1:
                self.assertNotIn("pagina", text)  # the cover has no running header/footer
                continue
            self.assertIn("Jaarverslag 2024 | pagina %d" % p, runs)
            self.assertIn("pagina %d" % p, text)
            self.assertIn("vzw Het Testanker \u2014 Jaarverslag 2024", runs)

    def test_level1_heading_starts_a_page(self):
        for b in self.spec["blocks"]:
            if b["type"] == "heading" and b["level"] == 1:
                p = self.page_of(self.pdf, b["text"])
                first = [r for r in self.pdf.pages[p - 1]["runs"] if r["size"] >= 12]
                self.assertEqual(first[0]["text"], b["text"])
                self.assertGreater(first[0]["y"], 841.89 - 100)

    def test_unsplit_tables_stay_on_one_page(self):
        for t in iter_tables(self.spec["blocks"]):
            if t["split"]:
                continue
            pages = self.res["tables"][t["id"]]["pages"]
            self.assertEqual(len(pages), 1, t["id"])
            runs = self.pdf.texts(pages[0])
            sizes = {x["text"]: x["size"] for x in self.pdf.pages[pages[0] - 1]["runs"]}
            for r in t["rows"]:
                for j, c in enumerate(r["cells"]):
                    if c and j:
                        self.assertIn(c, runs)
                        self.assertEqual(sizes[c], t["style"]["font_size"])  # the style's font size

    def test_split_with_repeated_header_and_vervolg_title(self):
        t = next(x for x in iter_tables(self.spec["blocks"]) if x["id"] == "t4")
        p1, p2 = self.res["tables"]["t4"]["pages"]
        self.assertEqual(p2, p1 + 1)
        a = t["split"]["after_row"]
        r1, r2 = self.pdf.texts(p1), self.pdf.texts(p2)
        for i, row in enumerate(t["rows"]):
            on, off = (r1, r2) if i <= a else (r2, r1)
            self.assertIn(row["cells"][1], on)
            if row["kind"] != "carried":  # "Over te brengen" and "Transport" print the same figures
                self.assertNotIn(row["cells"][1], off)
        self.assertEqual(t["rows"][a]["cells"][0], "Over te brengen")
        self.assertEqual(r1.count(t["title"]), 1)
        self.assertEqual(r2.count(t["title"] + " (vervolg)"), 1)
        self.assertEqual(r1.count("Omschrijving"), 1)
        i = r2.index(t["title"] + " (vervolg)")
        self.assertEqual(r2[i + 1:i + 5], ["Omschrijving", "2020", "2021", "Transport"])
        # pdftotext: "Transport" opens the second page's body, right under the repeated header
        lines = [ln for ln in pdftotext(self.path, p2).splitlines() if ln.strip()]
        i = next(k for k, ln in enumerate(lines) if "(vervolg)" in ln)
        self.assertIn("Omschrijving", lines[i + 1])
        self.assertIn("Transport", lines[i + 2])

    def test_split_without_header_or_title(self):
        t = next(x for x in iter_tables(self.spec["blocks"]) if x["id"] == "t5")
        p1, p2 = self.res["tables"]["t5"]["pages"]
        self.assertEqual(p2, p1 + 1)
        a = t["split"]["after_row"]
        r2 = self.pdf.texts(p2)
        self.assertNotIn("Omschrijving", r2)
        self.assertFalse(any(x.startswith(t["title"]) for x in r2))
        lines = [ln for ln in pdftotext(self.path, p2).splitlines() if ln.strip()]
        self.assertIn(t["rows"][a + 1]["cells"][0], lines[1])  # line 0 is the running header
        self.assertIn(t["rows"][a + 1]["cells"][1], lines[1])

    def test_rotated_table(self):
        t = next(x for x in iter_tables(self.spec["blocks"]) if x["id"] == "t11")
        (p,) = self.res["tables"]["t11"]["pages"]
        runs = self.pdf.pages[p - 1]["runs"]
        cells = {c for r in t["rows"] for c in r["cells"][1:] if c}
        labels = " ".join(r["cells"][0] for r in t["rows"])
        mine = [r for r in runs if r["text"] in cells]
        self.assertEqual({r["text"] for r in mine}, cells)
        self.assertTrue(all(r["rot"] == (0.0, 1.0) for r in mine))  # 90 degrees counter-clockwise
        # its own page: nothing else than the table, the running texts and the margin text
        others = {r["text"] for r in runs} - cells - {c["text"] for hr in t["header"] for c in hr}
        others -= {t["title"], t["unit_note"], "Jaarverslag 2024 | pagina %d" % p,
                   "vzw Het Testanker \u2014 Jaarverslag 2024", "Goedgekeurd door de raad van bestuur op 12/05/2025"}
        self.assertEqual({o for o in others if o not in labels}, set())
        text = norm(pdftotext(self.path, p))
        for c in cells:
            self.assertIn(norm(c), text)
        for w in labels.split(" "):
            self.assertIn(w, text)
        self.assertIn(t["title"], text)

    def test_groups(self):
        pages = self.res["tables"]
        # side by side: both tables on one page, the second starting right of the middle, totals on one line
        self.assertEqual(pages["t6"]["pages"], pages["t7"]["pages"])
        p = pages["t6"]["pages"][0]
        runs = self.pdf.pages[p - 1]["runs"]
        act = next(r for r in runs if r["text"] == "Activa")
        pas = next(r for r in runs if r["text"] == "Passiva")
        self.assertAlmostEqual(act["y"], pas["y"], places=2)
        self.assertGreater(pas["x"], 595.28 / 2)
        ta = next(r for r in runs if r["text"] == "Totaal activa")
        tp = next(r for r in runs if r["text"] == "Totaal passiva")
        self.assertAlmostEqual(ta["y"], tp["y"], places=2)
        line = next(ln for ln in pdftotext(self.path, p).splitlines() if "Totaal activa" in ln)
        self.assertIn("Totaal passiva", line)
        # stacked: t9 starts 4-8 pt under t8's last row
        self.assertEqual(pages["t8"]["pages"], pages["t9"]["pages"])
        # beside prose: the table's figures share lines with prose words
        t10 = next(x for x in iter_tables(self.spec["blocks"]) if x["id"] == "t10")
        q = pages["t10"]["pages"][0]
        fig = next(r for r in self.pdf.pages[q - 1]["runs"] if r["text"] == t10["rows"][0]["cells"][1])
        prose = [r for r in self.pdf.pages[q - 1]["runs"] if r["size"] == self.pdf.pages[q - 1]["runs"][-1]["size"]
                 and abs(r["y"] - fig["y"]) < 12 and r["x"] < fig["x"] - 100]
        self.assertTrue(prose)

    def test_stacked_gap(self):
        pdf = self.pdf
        t8 = next(x for x in iter_tables(self.spec["blocks"]) if x["id"] == "t8")
        t9 = next(x for x in iter_tables(self.spec["blocks"]) if x["id"] == "t9")
        p = self.res["tables"]["t8"]["pages"][0]
        fills = pdf.pages[p - 1]["fills"]
        # zebra fills of t8 and the (background) header fill of t9: the gap between the tables' boxes
        runs = pdf.pages[p - 1]["runs"]
        last8 = next(r for r in runs if r["text"] == t8["rows"][-1]["cells"][1])
        first9 = next(r for r in runs if r["text"] == t9["header"][0][1]["text"] and r["y"] < last8["y"])
        gap = last8["y"] - first9["y"]
        fs = 9
        row = fs * 1.22 + 2 * fs * 0.34
        self.assertTrue(row + 4 <= gap <= row + 8 + 0.01, gap)
        self.assertTrue(fills)

    def test_inline_table_between_paragraphs(self):
        t3 = next(x for x in iter_tables(self.spec["blocks"]) if x["id"] == "t3")
        (p,) = self.res["tables"]["t3"]["pages"]
        raw = norm(pdftotext(self.path, p, mode="-raw"))
        i = self.spec["blocks"].index(t3)
        before, after = self.spec["blocks"][i - 1]["text"], self.spec["blocks"][i + 1]["text"]
        a, b = raw.find(norm(before)), raw.find(norm(after))
        c = raw.find(t3["rows"][0]["cells"][0], max(a, 0))
        self.assertTrue(0 <= a < c < b, (a, c, b))

    def test_cards(self):
        kf = next(b for b in self.spec["blocks"] if b["type"] == "key_figures" and b["layout"] == "cards")
        p = self.page_of(self.pdf, kf["items"][0]["value"])
        runs = self.pdf.pages[p - 1]["runs"]
        for it in kf["items"]:
            v = next(r for r in runs if r["text"] == it["value"])
            lab = next(r for r in runs if r["text"] == it["label"])
            self.assertGreater(v["size"], lab["size"] * 1.5)
            self.assertGreater(v["y"], lab["y"])  # big number over its label
            self.assertLess(abs(v["x"] - lab["x"]), 80)
        self.assertGreaterEqual(len(self.pdf.pages[p - 1]["fills"]), len(kf["items"]))

    def test_capabilities_and_applied(self):
        self.assertEqual(self.res["applied"]["page.orientation"], "portrait")
        for axis, values in R.CAPABILITIES.items():
            self.assertTrue(values, axis)
        self.assertEqual(R.CAPABILITIES["table.placement"],
                         {"full", "beside_prose", "side_by_side", "stacked", "inline", "rotated", "two_sided"})
        self.assertEqual(os.listdir(os.path.dirname(self.path)), [os.path.basename(self.path)])


class TestRules(Base):
    """Each rules style on its own page: the strokes and fills of the content stream."""

    def strokes(self, rules, width=0.5, color="#808080", backgrounds=False, header_levels=2):
        spec = spec_rules(rules, width, color, backgrounds, header_levels)
        path, res, pdf = self.rendered("rules-%s-%s-%s-%s" % (rules, width, color, backgrounds), spec)
        t = spec["blocks"][0]
        page = pdf.pages[1]
        lines = [s for s in page["strokes"] if s["rgb"] == rgb(color)]
        for s in lines:
            self.assertAlmostEqual(s["w"], width, places=4)
        vert = [s for s in lines if abs(s["p0"][0] - s["p1"][0]) < 0.01]
        horiz = [s for s in lines if abs(s["p0"][1] - s["p1"][1]) < 0.01]
        self.assertEqual(len(vert) + len(horiz), len(lines))
        return t, page, vert, horiz, path

    def test_grid(self):
        t, page, vert, horiz, path = self.strokes("grid", 0.25, "#808080")
        n_rows = len(t["header"]) + len(t["rows"])
        self.assertEqual(len(horiz), n_rows + 1)
        xs = sorted({round(s["p0"][0], 2) for s in vert})
        self.assertEqual(len(xs), len(t["columns"]) + 1)

    def test_horizontal(self):
        t, page, vert, horiz, _ = self.strokes("horizontal", 0.75, "#000000")
        self.assertEqual(vert, [])
        # top, a partial rule under the spanning "Realisatie", under the header, under each body row
        self.assertEqual(len(horiz), 1 + 1 + 1 + len(t["rows"]))
        widths = sorted(round(s["p1"][0] - s["p0"][0], 1) for s in horiz)
        self.assertLess(widths[0], widths[-1])

    def test_booktabs(self):
        t, page, vert, horiz, _ = self.strokes("booktabs", 1.0, "#b0b0b0")
        self.assertEqual(vert, [])
        # top, cmidrule, midrule, rule above the total row, bottom
        self.assertEqual(len(horiz), 5)

    def test_header_underline(self):
        t, page, vert, horiz, _ = self.strokes("header_underline", 0.5, "#000000")
        self.assertEqual(vert, [])
        self.assertEqual(len(horiz), 1)
        under = horiz[0]["p0"][1]
        runs = page["runs"]
        head = next(r for r in runs if r["text"] == "Omschrijving")
        first = next(r for r in runs if r["text"] == t["rows"][0]["cells"][0])
        self.assertTrue(first["y"] < under < head["y"])

    def test_header_underline_without_header(self):
        t, page, vert, horiz, _ = self.strokes("header_underline", 0.25, "#b0b0b0", header_levels=0)
        self.assertEqual(vert, [])
        self.assertEqual(len(horiz), 1)
        runs = page["runs"]
        total = next(r for r in runs if r["text"] == "Totaal")
        above = next(r for r in runs if r["text"] == t["rows"][-2]["cells"][0])
        self.assertTrue(total["y"] < horiz[0]["p0"][1] < above["y"])

    def test_zebra_and_none(self):
        t, page, vert, horiz, _ = self.strokes("zebra", 0.5, "#000000")
        self.assertEqual(vert + horiz, [])
        zebra = [f for f in page["fills"] if f["rgb"] == rgb(R.ZEBRA_FILL)]
        self.assertEqual(len(zebra), len(t["rows"]) // 2)
        t, page, vert, horiz, _ = self.strokes("none", 0.5, "#000000")
        self.assertEqual(vert + horiz, [])
        self.assertEqual(page["fills"], [])

    def test_backgrounds(self):
        t, page, vert, horiz, _ = self.strokes("horizontal", 0.5, "#000000", backgrounds=True)
        tints = [f for f in page["fills"] if f["rgb"] != rgb(R.TOTAL_FILL)]
        totals = [f for f in page["fills"] if f["rgb"] == rgb(R.TOTAL_FILL)]
        self.assertEqual(len(tints), len(t["header"]))
        self.assertEqual(len(totals), 1)
        total_run = next(r for r in page["runs"] if r["text"] == "Totaal")
        f = totals[0]
        self.assertTrue(f["p0"][1] < total_run["y"] < f["p1"][1])

    def test_pixels(self):
        """The grid really shows: dark pixel columns where the vertical rules are (pdftoppm -r 72)."""
        t, page, vert, horiz, path = self.strokes("grid", 1.0, "#000000", header_levels=1)
        with tempfile.TemporaryDirectory() as tmp:
            run(["pdftoppm", "-r", "72", "-gray", "-f", "2", "-l", "2", path, os.path.join(tmp, "p")])
            with open(os.path.join(tmp, os.listdir(tmp)[0]), "rb") as f:
                pgm = f.read()
        m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
        w, h = int(m.group(1)), int(m.group(2))
        px = pgm[m.end():]
        top = min(s["p0"][1] for s in horiz)
        bottom = max(s["p0"][1] for s in horiz)
        x = round(vert[0]["p0"][0])
        ymid = h - round((top + bottom) / 2)
        col = [px[(ymid + d) * w + x + e] for d in range(-3, 4) for e in (-1, 0, 1)]
        self.assertLess(min(col), 100)
        blank = [px[(ymid + d) * w + 20] for d in range(-3, 4)]
        self.assertEqual(min(blank), 255)


class TestColumns(Base):
    def test_two_columns_landscape(self):
        spec = spec_columns()
        path, res, pdf = self.rendered("cols", spec)
        sizes = page_sizes(path)
        self.assertTrue(all(w > h for w, h in sizes))
        self.assertGreaterEqual(len(sizes), 3)
        r = R.Renderer(spec, os.path.join(self.tmp.name, "unused.pdf"))
        right_x = r.ml + r.col_w + r.gutter
        body = [x for p in pdf.pages[1:] for x in p["runs"] if x["size"] == r.body_fs]
        lefts = [x for x in body if abs(x["x"] - r.ml) < 0.01]
        rights = [x for x in body if abs(x["x"] - right_x) < 0.01]
        self.assertGreater(len(lefts), 20)
        self.assertGreater(len(rights), 20)
        self.assertTrue(all(x["x"] < r.ml + r.col_w for x in body if x["x"] < right_x - 1))
        # every paragraph in reading order in -raw (column by column)
        raw = norm(pdftotext(path, mode="-raw").replace("vzw Het Testanker \u2014 Jaarverslag 2024", " "))
        pos = 0
        for b in spec["blocks"]:
            if b["type"] == "paragraph":
                i = raw.find(norm(b["text"]), pos)
                self.assertGreaterEqual(i, 0, b["text"][:40])
                pos = i
        # the spanning table is wider than a column, the inline one fits in a column
        c2 = next(t for t in iter_tables(spec["blocks"]) if t["id"] == "c2")
        p = res["tables"]["c2"]["pages"][0]
        runs = pdf.pages[p - 1]["runs"]
        xs = [x["x"] for x in runs if x["text"] in {c for row in c2["rows"] for c in row["cells"]}]
        self.assertGreater(max(xs) - min(xs), r.col_w)
        c1 = next(t for t in iter_tables(spec["blocks"]) if t["id"] == "c1")
        p = res["tables"]["c1"]["pages"][0]
        xs = [x["x"] for x in pdf.pages[p - 1]["runs"] if x["text"] in {c for row in c1["rows"] for c in row["cells"]}]
        self.assertLess(max(xs) - min(xs), r.col_w)
        # running header, no footer, no margin text
        for p in range(2, len(sizes) + 1):
            self.assertIn("vzw Het Testanker \u2014 Jaarverslag 2024", pdf.texts(p))
            self.assertNotIn("pagina", pdftotext(path, p))

    def test_two_columns_portrait_text_flows_over_pages(self):
        spec = spec_columns(orientation="portrait")
        path, res, pdf = self.rendered("cols-p", spec)
        self.assertTrue(all(w < h for w, h in page_sizes(path)))
        text = norm(pdftotext(path))
        for b in spec["blocks"]:
            if b["type"] == "heading":
                self.assertIn(b["text"], text)


class TestRotatedSplit(Base):
    def test_rotated_split_over_two_pages(self):
        spec = spec_rotated_split()
        path, res, pdf = self.rendered("rot", spec)
        t = spec["blocks"][2]
        p1, p2 = res["tables"]["x1"]["pages"]
        self.assertEqual(p2, p1 + 1)
        a = t["split"]["after_row"]
        for i, row in enumerate(t["rows"]):
            p = p1 if i <= a else p2
            self.assertIn(row["cells"][1], pdf.texts(p))
            run_ = next(x for x in pdf.pages[p - 1]["runs"] if x["text"] == row["cells"][1])
            self.assertEqual(run_["rot"], (0.0, 1.0))
        self.assertIn(t["title"] + " (vervolg)", pdf.texts(p2))
        self.assertIn("Omschrijving", pdf.texts(p2))
        # the paragraph after the table starts a new page
        last = spec["blocks"][3]["text"].split(" ")[0]
        self.assertIn(last, pdftotext(path, p2 + 1))
        self.assertEqual(len(page_sizes(path)), p2 + 1)


class TestLandscapeAndFallbacks(Base):
    def test_landscape_rotated_page_is_portrait_and_long_table_is_cut_with_header(self):
        rng = random.Random(11)
        long_t = table("L", rng, 90, 3, "Tabel L. Langer dan een pagina", None, {"rules": "grid", "font_size": 9})
        wide = table("W", rng, 4, 16, "Tabel W. Zeer breed", None, {"rules": "horizontal", "font_size": 10})
        rot = table("Q", rng, 6, 6, "Tabel Q. Gedraaid", None, {"rules": "booktabs", "font_size": 9}, rotated=True)
        spec = doc("rl-land", [{"type": "heading", "level": 1, "text": "Breed"}, para(rng, 60), wide, rot,
                               para(rng, 30), long_t], orientation="landscape")
        path, res, pdf = self.rendered("land", spec)
        sizes = page_sizes(path)
        (q,) = res["tables"]["Q"]["pages"]
        for p, (w, h) in enumerate(sizes, start=1):
            self.assertEqual(w < h, p == q, p)  # landscape pages, the rotated table's page portrait
        # the wide table got a smaller font to fit the text width; every figure is still one run
        self.assertLess(res["tables"]["W"]["font_size"], 10)
        self.assertNotIn("overflow", res["tables"]["W"])
        (pw,) = res["tables"]["W"]["pages"]
        runs = pdf.pages[pw - 1]["runs"]
        xs = [r["x"] for r in runs if r["text"] in wide["rows"][-1]["cells"]]
        self.assertLessEqual(max(xs), sizes[pw - 1][0])
        for c in wide["rows"][-1]["cells"]:
            self.assertIn(c, pdf.texts(pw))
        # a table taller than a page without split: cut where the page ends, header repeated, reported
        pages = res["tables"]["L"]["pages"]
        self.assertGreaterEqual(len(pages), 2)
        self.assertTrue(res["tables"]["L"]["forced_split"])
        for p in pages:
            self.assertIn("Omschrijving", pdf.texts(p))
        found = [next(p for p in pages if r["cells"][1] in pdf.texts(p)) for r in long_t["rows"]]
        self.assertEqual(found, sorted(found))


class TestDeterminismAndSpeed(Base):
    def test_byte_identical_in_process_and_across_processes(self):
        spec = spec_all()
        a = os.path.join(self.tmp.name, "a.pdf")
        b = os.path.join(self.tmp.name, "b.pdf")
        R.render(spec, a)
        R.render(spec, b)
        self.assertEqual(open(a, "rb").read(), open(b, "rb").read())
        c = os.path.join(self.tmp.name, "c.pdf")
        code = ("import json,sys; sys.path.insert(0, %r); import render_reportlab as R; "
                "R.render(json.load(open(%r)), %r)")
        js = os.path.join(self.tmp.name, "spec.json")
        import json
        with open(js, "w") as f:
            json.dump(spec, f)
        subprocess.run([sys.executable, "-c", code % (os.path.dirname(HERE), js, c)], check=True)
        self.assertEqual(open(a, "rb").read(), open(c, "rb").read())

    def test_five_pages_in_under_three_seconds_cpu(self):
        spec = spec_five_pages()
        path = os.path.join(self.tmp.name, "five.pdf")
        R.render(spec_rules("grid", 0.5, "#000000"), path)  # fonts loaded once per process
        t0 = time.process_time()
        res = R.render(spec, path)
        cpu = time.process_time() - t0
        self.assertGreaterEqual(res["pages"], 5)
        self.assertLess(cpu, 3.0)

    def test_capabilities_import_is_cheap(self):
        code = "import sys; sys.path.insert(0, %r); import render_reportlab as R; R.CAPABILITIES; " \
               "print(any(m.startswith('reportlab') for m in sys.modules))" % os.path.dirname(HERE)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        self.assertEqual(out.strip(), "False")


if __name__ == "__main__":
    unittest.main()
