#!/usr/bin/env python3
"""Check samples/golden/*.json against the seed texts and the rendered documents.

Usage: python3 samples/tools/check_golden.py [-v]

For every golden file:
  1. every non-empty cell (label or figure) occurs in the seed text (whitespace collapsed, markup removed);
  2. every table row of the seed (a tab-separated line, or a markdown "a | b |" row) is a row of some golden
     table (compared on its non-empty cells; a spanning cell counted once);
  3. PDF: every figure of a table occurs in `pdftotext -layout` of the pages listed for the table, and every
     body row's figures occur together on one of those pages; HTML: every cell occurs in the page's text;
  4. findings carry exact decimal strings ("." as decimal point) or null.
Exits 1 on the first file with a mismatch (after reporting all mismatches).
"""
import html
import json
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samplelib import SAMPLES, GOLDEN, read_seed, norm, looks_numeric, pdf_page_texts  # noqa: E402

SEED_OF = {
    "imens-jaarverslag-2023.pdf": "000_", "imens-jaarverslag-2023.html": "000_",
    "highlights-welzijn.html": "001_", "maatschappelijke-ondersteuning-2023.html": "002_",
    "gent-jaarrekening-2024.pdf": "003_", "besluit-caw-2013.html": "004_",
}


def strip_md(s):
    s = re.sub(r"</?b>|<br\s*/?>", " ", s)
    s = re.sub(r"\*\*([^*\n]+)\*\*", r"\1", s).replace("\\*", "*")
    return norm(s)


def seed_rows(prefix, text):
    """Table rows of a seed, as tuples of non-empty cells, with the lines that are not table rows removed."""
    rows = []
    in_toc = False
    for line in text.split("\n"):
        if line.startswith("#"):
            in_toc = "INHOUD" in line
        if prefix == "003_":
            if line.startswith("Inhoudstafel"):
                in_toc = True
            elif in_toc and "\t" not in line:
                in_toc = False
        if in_toc:
            continue
        if "\t" in line:
            cells = [strip_md(c) for c in line.split("\t")]
        elif re.match(r"^[^|]+\|[^|]*\|\s*$", line) and not line.startswith("---"):
            cells = [strip_md(c) for c in line.split("|")]
        else:
            continue
        ne = tuple(c for c in cells if c)
        if ne and all(re.match(r"^-+$", c) for c in ne):
            continue  # markdown table rule
        if prefix == "003_" and (ne[:1] in (("Acties",), ("Actieplan",))
                                 or re.match(r"^(SD|OD|PO|AC[A-Z]?|PR[A-Z]?)\d+", ne[0] if ne else "")):
            continue  # heading lines of the plan (code, title, period, service), not table rows
        if ne:
            rows.append(ne)
    return rows


def dedup(cells):
    out = []
    for c in cells:
        if c and (not out or out[-1] != c):
            out.append(c)
    return tuple(out)


def html_text(path):
    with open(path, encoding="utf-8") as f:
        s = f.read()
    s = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", s, flags=re.S)
    s = re.sub(r"<[^>]+>", " ", s)
    return norm(html.unescape(s))


def check(name, verbose=False):
    errors = []
    g = json.load(open(os.path.join(GOLDEN, name + ".json"), encoding="utf-8"))
    if g["source"] != name:
        errors.append("source field %r" % g["source"])
    seed = read_seed(SEED_OF[name])
    seed_flat = strip_md(seed)
    # 1. cells occur in the seed
    for t in g["tables"]:
        for r in t["rows"]:
            for c in r:
                if c and norm(c) not in seed_flat:
                    errors.append("cell %r of table %r not in the seed" % (c, t["title"]))
    # 2. seed rows present
    grows = set()
    for t in g["tables"]:
        for r in t["rows"]:
            grows.add(dedup(r))
            grows.add(tuple(c for c in r if c))
    for sr in seed_rows(SEED_OF[name], seed):
        if sr not in grows and dedup(sr) not in grows:
            errors.append("seed row %r missing from the golden tables" % (sr,))
    # 3. rendered document
    path = os.path.join(SAMPLES, name)
    if not os.path.exists(path):
        errors.append("document %s missing" % name)
    elif name.endswith(".pdf"):
        pages = [norm(t) for t in pdf_page_texts(path)]
        for t in g["tables"]:
            if not t["pages"]:
                errors.append("table %r has no pages" % t["title"])
                continue
            if any(p < 1 or p > len(pages) for p in t["pages"]):
                errors.append("table %r: page out of range %r" % (t["title"], t["pages"]))
                continue
            text = " \n ".join(pages[p - 1] for p in t["pages"])
            for r in t["rows"][t["header_rows"]:]:
                nums = [c for c in r if c and looks_numeric(c)]
                pat = [re.compile(r"(?<![\d,.])" + re.escape(norm(c)) + r"(?![\d])") for c in nums]
                if not any(all(p.search(pages[pg - 1]) for p in pat) for pg in t["pages"]):
                    errors.append("table %r row %r: figures not on pages %r" % (t["title"], r, t["pages"]))
            for r in t["rows"][:t["header_rows"]]:
                for c in r:
                    for w in re.split(r"[\s\-/]+", c):
                        if w and w not in text:
                            errors.append("table %r header word %r not on pages %r" % (t["title"], w, t["pages"]))
    else:
        text = html_text(path)
        for t in g["tables"]:
            if t.get("pages") is not None:
                errors.append("HTML table %r with pages" % t["title"])
            for r in t["rows"]:
                for c in r:
                    if c and norm(c) not in text:
                        errors.append("table %r cell %r not in the page text" % (t["title"], c))
    # 4. findings
    dec = re.compile(r"^-?\d+(\.\d+)?$")
    for f in g["findings"]:
        for k in ("kind", "status", "table_title", "row", "column", "stated", "computed"):
            if k not in f:
                errors.append("finding without %s: %r" % (k, f))
        if f.get("status") not in ("fail", "pass_within_rounding"):
            errors.append("finding status %r" % f.get("status"))
        for k in ("stated", "computed"):
            v = f.get(k)
            if v is not None and not dec.match(v):
                errors.append("finding %s %r is not an exact decimal string" % (k, v))
    status = "OK" if not errors else "FAIL (%d)" % len(errors)
    print("%-45s %3d tables %3d findings  %s" % (name, len(g["tables"]), len(g["findings"]), status))
    for e in errors[: (None if verbose else 15)]:
        print("   - " + e)
    return not errors


def main():
    verbose = "-v" in sys.argv
    names = sorted(n[:-5] for n in os.listdir(GOLDEN) if n.endswith(".json"))
    ok = all([check(n, verbose) for n in names])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
