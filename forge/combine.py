#!/usr/bin/env python3
"""Combine the `score.py --json` files of several forge batches (several seeds) into one report.

Usage: python3 forge/combine.py SCORE.json [SCORE.json ...] [--axes REGEX] [--top N] [--json FILE]

Issues ask for scores "on three fresh seeds"; this adds the batches up: counts are summed, cell and
row F1 are averaged over all golden tables (weighted by each batch's table count, as score.py
averages within a batch), rates are recomputed from the summed counts. Per axis value the same.
"""
import argparse
import json
import re
import sys

COUNTS = ("tables", "tables_found", "plants", "caught", "false_alarms", "spurious")


def combine(scores):
    overall = {k: 0 for k in ("documents", "tables", "tables_found", "plants", "caught", "caught_error",
                              "false_alarms", "false_alarms_error", "false_alarms_warning",
                              "clean_documents", "false_alarms_in_clean", "predicted_tables", "spurious_tables")}
    cell = row = 0.0
    axes = {}
    for s in scores:
        o = s["overall"]
        for k in overall:
            overall[k] += o.get(k) or 0
        cell += (o.get("cell_f1") or 0) * (o.get("tables") or 0)
        row += (o.get("row_f1") or 0) * (o.get("tables") or 0)
        for a in s.get("axes", []):
            key = (a["axis"], str(a["value"]))
            acc = axes.setdefault(key, {k: 0 for k in COUNTS} | {"cell": 0.0, "row": 0.0})
            for k in COUNTS:
                acc[k] += a.get(k) or 0
            acc["cell"] += (a.get("cell_f1") or 0) * (a.get("tables") or 0)
            acc["row"] += (a.get("row_f1") or 0) * (a.get("tables") or 0)
    t = overall["tables"]
    overall["cell_f1"] = cell / t if t else None
    overall["row_f1"] = row / t if t else None
    overall["table_recall"] = overall["tables_found"] / t if t else None
    p = overall["predicted_tables"]
    overall["table_precision"] = (p - overall["spurious_tables"]) / p if p else None
    overall["catch_rate"] = overall["caught"] / overall["plants"] if overall["plants"] else None
    overall["catch_rate_error"] = overall["caught_error"] / overall["plants"] if overall["plants"] else None
    c = overall["clean_documents"]
    overall["false_alarms_per_10_clean"] = 10 * overall["false_alarms_in_clean"] / c if c else None
    rows = []
    for (axis, value), a in axes.items():
        n = a["tables"]
        rows.append({"axis": axis, "value": value, "tables": n, "tables_found": a["tables_found"],
                     "cell_f1": a["cell"] / n if n else None, "row_f1": a["row"] / n if n else None,
                     "plants": a["plants"], "caught": a["caught"], "false_alarms": a["false_alarms"],
                     "spurious": a["spurious"]})
    return overall, rows


def fmt(v):
    return "  -  " if v is None else "%.3f" % v


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scores", nargs="+")
    ap.add_argument("--axes", help="only axes whose name matches this regex")
    ap.add_argument("--top", type=int, default=0, help="only the N axis values with most false alarms + misses")
    ap.add_argument("--json")
    a = ap.parse_args()
    scores = []
    for path in a.scores:
        with open(path, encoding="utf-8") as f:
            scores.append(json.load(f))
    overall, rows = combine(scores)
    o = overall
    print("%d batches, %d documents, %d tables" % (len(scores), o["documents"], o["tables"]))
    print("  tables found     %d/%d (%s)" % (o["tables_found"], o["tables"], fmt(o["table_recall"])))
    print("  cell F1          %s" % fmt(o["cell_f1"]))
    print("  row F1           %s" % fmt(o["row_f1"]))
    print("  spurious tables  %d of %d reported (table precision %s)" % (o["spurious_tables"], o["predicted_tables"],
                                                                        fmt(o["table_precision"])))
    print("  errors caught    %d/%d (%s); at severity error %d/%d" % (o["caught"], o["plants"], fmt(o["catch_rate"]),
                                                                    o["caught_error"], o["plants"]))
    print("  false alarms     %d (error %d, warning %d); in %d clean documents %d = %s per 10 clean documents"
          % (o["false_alarms"], o["false_alarms_error"], o["false_alarms_warning"], o["clean_documents"],
             o["false_alarms_in_clean"], "-" if o["false_alarms_per_10_clean"] is None else
             "%.1f" % o["false_alarms_per_10_clean"]))
    if a.axes:
        rows = [r for r in rows if re.search(a.axes, r["axis"])]
    rows.sort(key=lambda r: (r["axis"], -(r["false_alarms"] + r["plants"] - r["caught"])))
    if a.top:
        rows = sorted(rows, key=lambda r: -(r["false_alarms"] + r["plants"] - r["caught"]))[:a.top]
    print("%-26s %-28s %6s %6s %7s %7s %8s %6s %5s" % ("axis", "value", "tables", "found", "cellF1", "rowF1", "caught",
                                                       "FA", "spur"))
    for r in rows:
        print("%-26s %-28s %6d %6d %7s %7s %8s %6d %5d" % (r["axis"], r["value"][:28], r["tables"], r["tables_found"],
                                                          fmt(r["cell_f1"]), fmt(r["row_f1"]),
                                                          "%d/%d" % (r["caught"], r["plants"]), r["false_alarms"],
                                                          r["spurious"]))
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"overall": overall, "axes": rows}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
