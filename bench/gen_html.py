#!/usr/bin/env python3
"""Generates one large report web page for the HTML throughput benchmark (Python 3 stdlib only).

About 20 MB: ROWS table rows spread over TABLES tables, each with a <caption>, a <thead>, Dutch-format
numbers ("3 543 495,67" or "1.204.300") and a TOTAAL row in <tfoot> that sums correctly, with
paragraphs of text between the tables and markup as a CMS would write it (classes, data attributes,
indentation). Seeded random: the same arguments give the same bytes.

    python3 bench/gen_html.py OUT.html --rows 50000 --tables 10 --seed 1
"""
import argparse
import html
import random

from gen_pdf import _COLUMN_SETS, _HEADINGS, _LABELS, dutch, paragraph


def generate(rows, tables, seed):
    rng = random.Random(seed)
    out = []
    w = out.append
    w("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>Jaarverslag (bench, %d rijen)</title>\n"
      "<style>table.data td.num{text-align:right} table.data tfoot td{font-weight:bold}</style>\n"
      "</head>\n<body>\n<main id=\"content\" class=\"report\">\n<h1>Jaarverslag - benchmark</h1>\n" % rows)
    per_table = [rows // tables + (1 if i < rows % tables else 0) for i in range(tables)]
    for t, nrows in enumerate(per_table, start=1):
        ncols = rng.randint(3, 6)
        headers = [c for c in _COLUMN_SETS if len(c) == ncols][0]
        style = rng.choice(("space", "dot"))
        scale = rng.choice((10**7, 10**9, 10**10))
        title = "%d. %s" % (t, rng.choice(_HEADINGS))
        w("<section class=\"chapter\" id=\"h%d\">\n<h2>%s</h2>\n" % (t, html.escape(title)))
        for _ in range(3):
            w("<p class=\"body-text\">%s</p>\n" % html.escape(paragraph(rng, rng.randint(40, 90))))
        w("<div class=\"table-wrapper table-responsive\">\n<table class=\"data table table-striped\" id=\"t%d\">\n" % t)
        w("  <caption>%s (in euro)</caption>\n  <thead>\n    <tr>\n      <th scope=\"col\" class=\"label\">Omschrijving</th>\n" % html.escape(title))
        for h in headers:
            w("      <th scope=\"col\" class=\"num\">%s</th>\n" % h)
        w("    </tr>\n  </thead>\n  <tbody>\n")
        sums = [0] * ncols
        for r in range(nrows):
            label = "%s %s %d" % (rng.choice(_LABELS), rng.choice(("project", "dienst", "post", "actie")), r + 1)
            w("    <tr class=\"%s\" data-row=\"%d-%d\">\n      <th scope=\"row\" class=\"label\"><span class=\"cell-text\">%s</span></th>\n"
              % ("even" if r % 2 else "odd", t, r + 1, html.escape(label)))
            for c in range(ncols):
                v = rng.randint(0, scale)
                if rng.random() < 0.08:
                    v = -v
                if style == "dot":
                    v -= v % 100
                sums[c] += v
                w("      <td class=\"num amount\" data-col=\"%d\">%s</td>\n" % (c + 1, dutch(v, style)))
            w("    </tr>\n")
        w("  </tbody>\n  <tfoot>\n    <tr class=\"total\">\n      <th scope=\"row\" class=\"label\">TOTAAL</th>\n")
        for v in sums:
            w("      <td class=\"num amount\">%s</td>\n" % dutch(v, style))
        w("    </tr>\n  </tfoot>\n</table>\n</div>\n")
        w("<p class=\"body-text\">%s</p>\n</section>\n" % html.escape(paragraph(rng, 60)))
    w("</main>\n</body>\n</html>\n")
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=50000)
    ap.add_argument("--tables", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    data = generate(a.rows, a.tables, a.seed).encode("utf-8")
    with open(a.out, "wb") as f:
        f.write(data)
    print("%s: %d rows in %d tables, %.1f MB" % (a.out, a.rows, a.tables, len(data) / 1e6))


if __name__ == "__main__":
    main()
