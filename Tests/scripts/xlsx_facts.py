#!/usr/bin/env python3
"""Open tally's workbooks in LibreOffice Calc (headless) and check them against the JSONL.

Usage: xlsx_facts.py OUT_DIR

- tables.xlsx, converted to CSV by `soffice --headless --convert-to csv` (every sheet, cells as
  shown): its `facts` sheet holds every fact of out/records/*.jsonl, each shown value equal to
  the exact value (Decimal, no rounding), with thousands separators (a number, not text);
- findings.xlsx: one row per finding line of out/findings/*.jsonl, in the same order by id;
- the document sheets of tables.xlsx: the cells filled as "a finding points here" are exactly
  the figures the errors and warnings cite (checked in the workbook's XML).
Prints a summary; exits 1 on any difference.
"""
import collections, csv, glob, json, os, re, subprocess, sys, tempfile, zipfile
from decimal import Decimal

HIGHLIGHT = "FFFFE08A"


def jsonl(pattern):
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            yield from (json.loads(line) for line in f if line.strip())


def convert(xlsx, work):
    profile = "file://" + os.path.join(work, "profile")
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                    "--outdir", work, xlsx], check=True, capture_output=True, timeout=600)
    stem = os.path.splitext(os.path.basename(xlsx))[0]
    return {os.path.basename(p)[len(stem) + 1:-4]: p for p in glob.glob(os.path.join(work, stem + "-*.csv"))}


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def check_facts(out, sheets, errors):
    facts = list(jsonl(os.path.join(out, "records", "*.jsonl")))
    table = rows(sheets["facts"])
    header, body = table[0], table[1:]
    col = {name: i for i, name in enumerate(header)}
    key = lambda source, t, r, c, raw: (source, str(t), str(r), str(c), raw)
    want = collections.Counter(key(f["source"], f["table_index"], f["grid_row"], f["grid_column"], f["raw"]) + (Decimal(f["value"]),) for f in facts)
    got = collections.Counter()
    unformatted = 0
    for r in body:
        shown = r[col["value"]]
        value = Decimal(shown.replace(",", ""))
        if abs(value) >= 1000 and "," not in shown:
            unformatted += 1
        got[key(r[col["source"]], r[col["table_index"]], r[col["grid_row"]], r[col["grid_column"]], r[col["raw"]]) + (value,)] += 1
    if len(body) != len(facts):
        errors.append(f"facts sheet has {len(body)} rows, the JSONL {len(facts)} facts")
    missing = want - got
    if missing:
        errors.append(f"{sum(missing.values())} facts differ, e.g. {next(iter(missing))}")
    if unformatted:
        errors.append(f"{unformatted} figures of 1000 or more shown without thousands separators (text?)")
    return len(facts)


def check_findings(out, sheets, errors):
    findings = list(jsonl(os.path.join(out, "findings", "*.jsonl")))
    table = rows(sheets["findings"])
    ids = [r[0] for r in table[1:]]
    if sorted(ids) != sorted(f["id"] for f in findings):
        errors.append(f"findings sheet ids differ from the JSONL ({len(ids)} rows, {len(findings)} findings)")
    return len(findings)


def highlighted_cells(xlsx):
    """{sheet name: set of (row, column)} of cells filled in the highlight colour (0-based)."""
    z = zipfile.ZipFile(xlsx)
    styles = z.read("xl/styles.xml").decode()
    fills = re.findall(r"<fill>(.*?)</fill>", re.search(r"<fills[^>]*>(.*?)</fills>", styles, re.S).group(1), re.S)
    lit_fills = {i for i, f in enumerate(fills) if HIGHLIGHT in f}
    xfs = re.findall(r"<xf [^>]*?fillId=\"(\d+)\"", re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S).group(1))
    lit_styles = {str(i) for i, fill in enumerate(xfs) if int(fill) in lit_fills}
    book = z.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet name="([^"]*)"', book)
    out = {}
    for i, name in enumerate(names, 1):
        xml = z.read(f"xl/worksheets/sheet{i}.xml").decode()
        cells = set()
        for ref, style in re.findall(r'<c r="([A-Z]+\d+)"[^>]*? s="(\d+)"', xml):
            if style in lit_styles:
                letters, digits = re.match(r"([A-Z]+)(\d+)", ref).groups()
                c = 0
                for ch in letters:
                    c = c * 26 + ord(ch) - 64
                cells.add((int(digits) - 1, c - 1))
        out[name.replace("&amp;", "&")] = cells
    return out


def check_highlights(out, xlsx, errors):
    """The filled cells of each document's sheet are exactly the figures its errors and warnings cite."""
    lit = highlighted_cells(xlsx)
    total = 0
    for path in sorted(glob.glob(os.path.join(out, "tables", "*.jsonl"))):
        doc = os.path.basename(path)[:-6]
        sheet = lit.get(doc[:31])
        if sheet is None:
            continue
        cited = set()
        positions = collections.defaultdict(set)
        for f in jsonl(os.path.join(out, "records", doc + ".jsonl")):
            positions[(f["table_index"], tuple(f["row_path"]), tuple(f["column_path"]))].add((f["table_index"], f["grid_row"], f["grid_column"]))
        for f in jsonl(os.path.join(out, "findings", doc + ".jsonl")):
            if f["severity"] == "info" or "review" in f:
                continue
            cited |= positions.get((f["table_index"], tuple(f["row_path"]), tuple(f["column_path"])), set())
            for c in f["cells"]:
                cited |= positions.get((c["table_index"], tuple(c["row_path"]), tuple(c["column_path"])), set())
        offset, expected = 0, set()
        for t in jsonl(path):
            for (ti, r, c) in cited:
                if ti == t["table_index"]:
                    expected.add((offset + 1 + r, c))
            offset += len(t["rows"]) + 2
        total += len(sheet)
        if sheet != expected:
            errors.append(f"{doc}: {len(sheet)} cells filled, {len(expected)} cited by findings")
    if total == 0:
        errors.append("no cell is filled on any document sheet")
    return total


def main():
    out = os.path.abspath(sys.argv[1])
    errors = []
    with tempfile.TemporaryDirectory() as work:
        tables = convert(os.path.join(out, "tables.xlsx"), work)
        findings = convert(os.path.join(out, "findings.xlsx"), work)
        n_facts = check_facts(out, tables, errors)
        n_findings = check_findings(out, findings, errors)
    n_lit = check_highlights(out, os.path.join(out, "tables.xlsx"), errors)
    for e in errors:
        print(e)
    print(f"{n_facts} facts, {n_findings} findings, {n_lit} cells filled; {len(errors)} problems")
    sys.exit(1 if errors or not n_facts else 0)


if __name__ == "__main__":
    main()
