#!/usr/bin/env python3
"""Generates annual-report-style PDFs for the benchmark (Python 3 stdlib only, no browser).

A minimal PDF writer: base-14 Helvetica and Helvetica-Bold (not embedded), WinAnsi encoding,
every string drawn with Tj at an absolute position (Tm), content streams Flate-compressed.
Pages look like the tables of an annual report: a numbered heading per table, a bold header
row, 10-25 rows with a left-aligned label and 3-6 right-aligned Dutch-format numbers, a bold
TOTAAL row that sums correctly, paragraphs of text and a page-number footer.
Seeded random: the same seed and page count give the same bytes.

    python3 bench/gen_pdf.py OUT.pdf --pages 500 --seed 1
"""
import argparse
import random
import zlib

PAGE_W, PAGE_H = 595.0, 842.0  # A4 in points
MARGIN_L, MARGIN_R, MARGIN_T, MARGIN_B = 56.0, 56.0, 60.0, 64.0

# Advance widths (1/1000 em) of the Adobe core-font AFMs, for codes 32..126.
_HELV = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
]
_HELV_BOLD = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
]
# The few non-ASCII WinAnsi letters the text uses (é ë è ï ö ü €): the width of their base letter.
_EXTRA = {"é": "e", "ë": "e", "è": "e", "ï": "i", "ö": "o", "ü": "u", "\u00a0": " "}
_EXTRA_WIDTH = {"€": 556}


def text_width(s, size, bold=False):
    table = _HELV_BOLD if bold else _HELV
    w = 0
    for ch in s:
        if ch in _EXTRA_WIDTH:
            w += _EXTRA_WIDTH[ch]
            continue
        ch = _EXTRA.get(ch, ch)
        o = ord(ch)
        w += table[o - 32] if 32 <= o <= 126 else 556
    return w * size / 1000.0


def pdf_string(s):
    b = s.encode("cp1252")
    b = b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"(" + b + b")"


class Page:
    def __init__(self):
        self.ops = []

    def text(self, x, y, s, size=9.0, bold=False):
        font = b"/F2" if bold else b"/F1"
        self.ops.append(
            b"BT %s %.1f Tf 1 0 0 1 %.2f %.2f Tm %s Tj ET" % (font, size, x, y, pdf_string(s)))

    def text_right(self, x_right, y, s, size=9.0, bold=False):
        self.text(x_right - text_width(s, size, bold), y, s, size, bold)

    def rule(self, x0, y, x1, width=0.5):
        self.ops.append(b"%.2f w %.2f %.2f m %.2f %.2f l S" % (width, x0, y, x1, y))

    def content(self):
        return b"\n".join(self.ops) + b"\n"


def write_pdf(path, pages, title="Jaarverslag"):
    """Writes the pages (list of Page) as one PDF with a classic xref table."""
    objects = []  # index i holds the body of object i+1

    def add(body):
        objects.append(body)
        return len(objects)

    catalog = add(None)
    pages_obj = add(None)
    f1 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    f2 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    kids = []
    for p in pages:
        data = zlib.compress(p.content(), 6)
        contents = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> >>"
            % (pages_obj, PAGE_W, PAGE_H, contents, f1, f2)))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    info = add(b"<< /Title %s /Producer (tally bench/gen_pdf.py) >>" % pdf_string(title))

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, catalog, info, xref)
    with open(path, "wb") as f:
        f.write(out)


# ---------------------------------------------------------------- report content

_WORDS = (
    "de het een van en in op voor met door bij naar uit over aan als dat die dit wordt werd zijn "
    "is was heeft hebben kan zal ook nog niet meer minder dan tot onder tussen binnen tegenover "
    "gemeente stad bestuur begroting rekening exploitatie investering ontvangsten uitgaven "
    "personeel werking subsidie dotatie schuld lening rente afschrijving reserve voorziening "
    "beleidsdomein beleidsveld jaarrekening meerjarenplan budget saldo resultaat autofinancieringsmarge "
    "liquiditeit patrimonium vastgoed mobiliteit onderwijs welzijn cultuur sport zorg wonen "
    "dienstverlening transitie financiering verhoging daling stijging evolutie verschil vergelijking "
    "boekjaar vorig huidig gerealiseerd geraamd aangepast toegelicht opgenomen verwerkt verklaard "
    "belangrijk beperkt aanzienlijk gemiddeld totaal structureel eenmalig bijkomend opnieuw "
    "financiële bijdrage éénmalige geïnvesteerd coördinatie"
).split()

_LABELS = (
    "Personeelskosten", "Werkingskosten", "Toegestane werkingssubsidies", "Financiële kosten",
    "Overige operationele uitgaven", "Fiscale ontvangsten en boetes", "Werkingsbijdragen",
    "Ontvangsten uit de verkoop van goederen", "Overige operationele ontvangsten",
    "Aflossing financiële schulden", "Investeringen in financiële vaste activa",
    "Investeringen in materiële vaste activa", "Investeringen in immateriële vaste activa",
    "Toegestane investeringssubsidies", "Verkoop van materiële vaste activa",
    "Ontvangen investeringssubsidies", "Terugbetaling ontvangen leningen", "Rentelasten",
    "Onderwijs en vorming", "Cultuur en vrije tijd", "Sociale bescherming", "Wonen en ruimtelijke ordening",
    "Mobiliteit en openbare werken", "Milieubeheer", "Veiligheidszorg", "Algemene financiering",
    "Zorg en opvang", "Economie en werk", "Dienstverlening aan burgers", "Sport en recreatie",
    "Jeugd", "Ouderenzorg", "Kinderopvang", "Bibliotheek", "Musea", "Groenbeheer", "Afvalbeleid",
    "Energie en klimaat", "Digitalisering", "Huisvesting", "Leningen aan derden", "Dotaties aan OCMW",
    "Bijdrage politiezone", "Bijdrage hulpverleningszone", "Erfpacht en huur", "Verzekeringen",
)

_HEADINGS = (
    "Exploitatie per beleidsdomein", "Investeringsuitgaven per project", "Evolutie van de schuld",
    "Ontvangsten per economische aard", "Uitgaven per economische aard", "Personeelsbestand per dienst",
    "Financieringsmiddelen", "Liquiditeitenrekening", "Budgettair resultaat", "Autofinancieringsmarge",
    "Werkingssubsidies per vereniging", "Transacties in kapitaal", "Overzicht van de reserves",
    "Voorzieningen voor risico's en kosten", "Overzicht van de vaste activa",
)

_COLUMN_SETS = (
    ["Rekening 2023", "Budget 2024", "Rekening 2024"],
    ["2021", "2022", "2023", "2024"],
    ["Initieel", "Aangepast", "Gerealiseerd", "Verschil"],
    ["Uitgaven", "Ontvangsten", "Saldo", "Vorig jaar", "Evolutie"],
    ["2019", "2020", "2021", "2022", "2023", "2024"],
    ["Q1", "Q2", "Q3", "Q4", "Jaar"],
)


def dutch(value_cents, style):
    """Formats an amount as printed in Dutch reports: 'space' -> '3 543 495,67', 'dot' -> '1.204.300'."""
    neg = value_cents < 0
    v = abs(value_cents)
    if style == "space":
        whole, cents = divmod(v, 100)
        s = "{:,}".format(whole).replace(",", " ") + ",%02d" % cents
    else:
        s = "{:,}".format(v // 100).replace(",", ".")
    return ("-" + s) if neg else s


def make_table(rng, number):
    ncols = rng.randint(3, 6)
    candidates = [c for c in _COLUMN_SETS if len(c) == ncols]
    headers = list(rng.choice(candidates)) if candidates else ["Kolom %d" % (i + 1) for i in range(ncols)]
    nrows = rng.randint(10, 25)
    style = rng.choice(("space", "dot"))
    scale = rng.choice((10**6, 10**7, 10**9, 10**10))  # in cents: up to 10 000 .. 100 000 000 euro
    labels = rng.sample(_LABELS, min(nrows, len(_LABELS)))
    rows, sums = [], [0] * ncols
    for i in range(nrows):
        vals = []
        for c in range(ncols):
            v = rng.randint(0, scale)
            if rng.random() < 0.08:
                v = -v
            if style == "dot":
                v = v - v % 100  # whole euros
            vals.append(v)
            sums[c] += v
        rows.append((labels[i % len(labels)], vals))
    heading = "%d. %s" % (number, rng.choice(_HEADINGS))
    return {"heading": heading, "headers": headers, "rows": rows, "sums": sums, "style": style}


def paragraph(rng, n_words):
    words = [rng.choice(_WORDS) for _ in range(n_words)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def wrap(text, width, size):
    lines, line = [], ""
    for word in text.split():
        trial = (line + " " + word) if line else word
        if text_width(trial, size) > width and line:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return lines


def generate(pages_wanted, seed, title=None):
    """Returns (pages, tables) for a report of exactly pages_wanted pages."""
    rng = random.Random(seed)
    title = title or "Jaarverslag %d (bench seed %d)" % (2000 + seed % 25, seed)
    size, lead = 9.0, 12.0
    body_w = PAGE_W - MARGIN_L - MARGIN_R
    pages, tables = [], 0
    while len(pages) < pages_wanted:
        page = Page()
        pno = len(pages) + 1
        page.text_right(PAGE_W - MARGIN_R, PAGE_H - 36, title, 7.5)
        y = PAGE_H - MARGIN_T
        while True:
            # a paragraph, then a table when one fits
            para = wrap(paragraph(rng, rng.randint(30, 90)), body_w, size)
            t = make_table(rng, tables + 1)
            need_table = 22 + lead * (len(t["rows"]) + 2) + 8
            need_para = lead * len(para) + 8
            if y - need_para - need_table < MARGIN_B:
                # fill the rest of the page with text when there is room
                if y - need_para >= MARGIN_B and rng.random() < 0.5:
                    for line in para:
                        page.text(MARGIN_L, y, line, size)
                        y -= lead
                break
            for line in para:
                page.text(MARGIN_L, y, line, size)
                y -= lead
            y -= 8
            tables += 1
            y = draw_table(page, t, y, size, lead)
            y -= 14
        page.text_right(PAGE_W / 2 + 20, 34, "Pagina %d van %d" % (pno, pages_wanted), 8)
        pages.append(page)
    return pages, tables


def draw_table(page, t, y, size, lead):
    page.text(MARGIN_L, y, t["heading"], 11, bold=True)
    y -= 20
    ncols = len(t["headers"])
    right = PAGE_W - MARGIN_R
    col_w = min(78.0, (PAGE_W - MARGIN_L - MARGIN_R - 170) / ncols)
    xs = [right - (ncols - 1 - c) * col_w for c in range(ncols)]
    page.text(MARGIN_L, y, "Omschrijving (in euro)", size, bold=True)
    for c, h in enumerate(t["headers"]):
        page.text_right(xs[c], y, h, size, bold=True)
    page.rule(MARGIN_L, y - 3.5, right)
    y -= lead
    for label, vals in t["rows"]:
        page.text(MARGIN_L, y, label, size)
        for c, v in enumerate(vals):
            page.text_right(xs[c], y, dutch(v, t["style"]), size)
        y -= lead
    page.rule(MARGIN_L, y + lead - 3.5, right)
    page.text(MARGIN_L, y, "TOTAAL", size, bold=True)
    for c, v in enumerate(t["sums"]):
        page.text_right(xs[c], y, dutch(v, t["style"]), size, bold=True)
    return y - lead


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--pages", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    pages, tables = generate(a.pages, a.seed)
    write_pdf(a.out, pages)
    print("%s: %d pages, %d tables" % (a.out, len(pages), tables))


if __name__ == "__main__":
    main()
