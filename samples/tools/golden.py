#!/usr/bin/env python3
"""Write samples/golden/<document>.json from the same data the samples are rendered from.

Usage: python3 samples/tools/golden.py [--only imens|gent|web]

Tables: every data table of the document, cells as printed (markup removed, whitespace collapsed, a
header cell spanning several columns repeated in each of them), in document order. `pages` (PDF only)
is found in the rendered PDF: each body row is looked up, page by page from where the previous row
was found, with `pdftotext -layout`; a row counts as found on a page when every figure of it occurs
there as printed and every word of its text cells occurs there.
Findings: computed by the sample's module with exact arithmetic (see samplelib.check_sum/check_ratio).
Key figures (web pages): every figure the page shows with its own label outside a table, read from the
page's data: a card (label, big number, unit), a statistic (big number above its label), a paragraph
"label: **figure**", and a big-number paragraph under a paragraph "label:". Each has the title of the
nearest heading above it, its label (markup removed, no trailing colon) and its value as printed, unit
words included.
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samplelib import (SAMPLES, SRC, GOLDEN, read_json, write_json, norm, golden_cells, looks_numeric,  # noqa: E402
                       pdf_page_texts)


def _tokens(text):
    return set(t for t in re.split(r"[\s\-/]+", norm(text)) if t)


class PageFinder:
    def __init__(self, pdf):
        self.texts = [norm(t) for t in pdf_page_texts(pdf)]
        self.toks = [_tokens(t) for t in self.texts]
        self.cursor = 0

    def row_on(self, p, row):
        for c in row:
            c = norm(c)
            if not c:
                continue
            if looks_numeric(c):
                if not re.search(r"(?<![\d,.])" + re.escape(c) + r"(?![\d])", self.texts[p]):
                    return False
            elif not _tokens(c) <= self.toks[p]:
                return False
        return True

    def find_row(self, row):
        for p in range(self.cursor, len(self.texts)):
            if self.row_on(p, row):
                self.cursor = p
                return p + 1
        return None

    def table_pages(self, grid, header_rows, anchor=None):
        """anchor: text that must be on the page where the table starts (its title)."""
        if anchor:
            for p in range(self.cursor, len(self.texts)):
                if _tokens(anchor) <= self.toks[p]:
                    self.cursor = p
                    break
        pages = []
        body = grid[header_rows:] or grid
        for r in body:
            if not any(norm(c) for c in r):
                continue
            pg = self.find_row(r)
            if pg is None:
                raise SystemExit("golden.py: row %r not found in the PDF after page %d" % (r, self.cursor + 1))
            if pg not in pages:
                pages.append(pg)
        return pages


def golden_table(t, pages):
    return {"title": t["title"], "pages": pages, "header_rows": t["header_rows"], "rows": golden_cells_plain(t["rows"])}


def golden_cells_plain(rows):
    return [[norm(c) for c in r] for r in golden_cells(rows)]


def imens_golden():
    import imens
    doc = read_json(os.path.join(SRC, "imens-jaarverslag-2023.json"))
    fnd, _ = imens.findings(doc)
    pf = PageFinder(os.path.join(SAMPLES, imens.SOURCE_PDF))
    tabs_pdf, tabs_html = [], []
    for t in imens.tables(doc):
        grid = golden_cells_plain(t["rows"])
        pages = pf.table_pages(grid, t["header_rows"], anchor=t["title"])
        tabs_pdf.append(golden_table(t, pages))
        tabs_html.append(golden_table(t, None))
    write_json(os.path.join(GOLDEN, imens.SOURCE_PDF + ".json"),
               {"source": imens.SOURCE_PDF, "tables": tabs_pdf, "findings": fnd})
    write_json(os.path.join(GOLDEN, imens.SOURCE_HTML + ".json"),
               {"source": imens.SOURCE_HTML, "tables": tabs_html, "findings": fnd})
    print("golden: %s %d tables, %d findings" % (imens.SOURCE_PDF, len(tabs_pdf), len(fnd)))


def gent_golden():
    import gent
    doc = read_json(os.path.join(SRC, gent.DATA))
    fnd = gent.findings(doc)
    bud, vte = gent.table_pages(pdf_page_texts(os.path.join(SAMPLES, gent.SOURCE_PDF)))
    n = len(doc["items"])
    if len(bud) != n or len(vte) != n:
        raise SystemExit("golden.py: %d items but %d budget / %d staff table headers in the PDF" % (n, len(bud), len(vte)))
    tabs = []
    for t in gent.tables(doc):
        k = t["item"]
        pages = [bud[k]] if t["rows"][0][0].startswith("Budgettaire") else [vte[k]]
        tabs.append(golden_table(t, pages))
    write_json(os.path.join(GOLDEN, gent.SOURCE_PDF + ".json"), {"source": gent.SOURCE_PDF, "tables": tabs, "findings": fnd})
    print("golden: %s %d tables, %d findings" % (gent.SOURCE_PDF, len(tabs), len(fnd)))


_FIGURE = re.compile(r"^[-+]?\d[\d.,]*%?$")


def _plain(s):
    """A label as the page shows it: markdown bold and links removed, white space collapsed."""
    s = re.sub(r"\[([^\]]+)\]\(#\)", r"\1", s)
    return norm(s.replace("**", ""))


def web_key_figures(doc):
    """The key figures of a web page's data blocks (see the module docstring), in page order."""
    out, title, prev = [], None, None
    for b in doc["blocks"]:
        t = b["type"]
        if t in ("heading", "section"):
            title = b["text"]
        elif t == "cards":
            out += [dict(title=title, label=_plain(c["label"]), value=norm("%s %s" % (c["value"], c["unit"])))
                    for c in b["cards"]]
        elif t == "stat":
            out.append(dict(title=title, label=_plain(b["label"]), value=norm(b["value"])))
        elif t == "para":
            m = re.match(r"^([^:*]+):\s*\*\*([^*]+)\*\*$", b["text"])
            if m and _FIGURE.match(m.group(2).strip()):
                out.append(dict(title=title, label=_plain(m.group(1)), value=norm(m.group(2))))
            elif (_FIGURE.match(b["text"].strip()) and prev is not None and prev["type"] == "para"
                  and prev["text"].rstrip().endswith(":")):
                out.append(dict(title=title, label=_plain(prev["text"].rstrip()[:-1]), value=norm(b["text"])))
        prev = b
    return out


def web_golden():
    import webpages
    for name, tables, fnd in webpages.golden_all():
        data = [p[2] for p in webpages.PAGES if p[0] == name][0]
        keys = web_key_figures(read_json(os.path.join(SRC, data)))
        write_json(os.path.join(GOLDEN, name + ".json"),
                   {"source": name, "tables": [dict(title=t["title"], pages=None, header_rows=t["header_rows"],
                                                    rows=golden_cells_plain(t["rows"])) for t in tables],
                    "key_figures": keys, "findings": fnd})
        print("golden: %s %d tables, %d key figures, %d findings" % (name, len(tables), len(keys), len(fnd)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", choices=["imens", "gent", "web"])
    a = ap.parse_args()
    if a.only in (None, "imens"):
        imens_golden()
    if a.only in (None, "web") and os.path.exists(os.path.join(os.path.dirname(__file__), "webpages.py")):
        web_golden()
    if a.only in (None, "gent") and os.path.exists(os.path.join(os.path.dirname(__file__), "gent.py")):
        gent_golden()


if __name__ == "__main__":
    main()
