#!/usr/bin/env python3
"""Score pipeline output against samples/golden (the scorer behind `make eval`).

Usage: python3 samples/tools/eval.py --out OUT_DIR [--golden DIR] [--only REGEX] [--json FILE] [--misses]

--misses also lists, per document, each golden table whose best predicted table misses cells or
the title: its index, pages, cell F1, the cells missing and extra, the titles.

OUT_DIR holds, per document file name N:
  tables/N.jsonl    one JSON object per table: {"source","page","pages","title","header_rows","rows":[[...]]}
  findings/N.jsonl  one JSON object per finding: {"kind","status","table_title","row_path","column_path","stated","computed",...}
A missing file counts as no output (scores 0), never as an error.

Per document and overall:
  table recall    golden tables matched by a predicted table with cell recall >= 0.5
  cell F1         per golden table, the best predicted table's F1 over the multiset of non-empty cells
                  (NFKC + collapsed white space, as /work/shared/tools/score_tables.py), averaged over golden tables;
                  for PDFs only predicted tables sharing a page with the golden table are candidates
  title acc       share of golden tables whose best predicted table has the same title (normalised)
  findings recall golden findings (fail / pass_within_rounding) matched by a predicted finding with the same
                  kind + status + stated + computed (a golden null stated/computed matches anything); several
                  candidates are told apart by table title; each predicted finding matches at most once
  false alarms    predicted findings with status "fail" that match no golden finding
  key figures     golden key figures (labelled figures outside tables: cards, "label: figure") found as a row
                  [label, value] (exact after normalisation) of a predicted table with the golden title; each
                  predicted row matches at most once; "-" when the golden file lists none
"""
import argparse
import collections
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
_ws = re.compile(r"\s+")


def norm(s):
    return _ws.sub(" ", unicodedata.normalize("NFKC", "" if s is None else str(s))).strip()


def cells(rows):
    return collections.Counter(x for r in rows for x in (norm(c) for c in r) if x)


def prf(pred, exp):
    tp = sum((pred & exp).values())
    p = tp / sum(pred.values()) if pred else 0.0
    r = tp / sum(exp.values()) if exp else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def read_jsonl(path):
    out = []
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                out.append(obj)
    return out


def pred_pages(t):
    pages = set()
    if isinstance(t.get("pages"), list):
        pages.update(p for p in t["pages"] if isinstance(p, int))
    if isinstance(t.get("page"), int):
        pages.add(t["page"])
    return pages


def candidates(predicted):
    """Predicted tables with their cell multisets and pages, ready for best_match."""
    return [(t, cells(t.get("rows") or []), pred_pages(t)) for t in predicted if isinstance(t.get("rows"), list)]


def best_match(g, pred):
    """The predicted table that best matches golden table g: highest cell F1, then recall, then same
    title; for PDFs only tables sharing a page. Returns ((f1, recall, same_title), table, cells) or None."""
    gc = cells(g["rows"])
    gp = set(g["pages"] or [])
    best = None
    for t, tc, tp in pred:
        if gp and tp and not (gp & tp):
            continue
        p, r, f = prf(tc, gc)
        key = (f, r, norm(t.get("title")).casefold() == norm(g["title"]).casefold())
        if best is None or key > best[0]:
            best = (key, t, tc)
    return best


def score_tables(golden, predicted):
    found = f1sum = titles = 0
    pred = candidates(predicted)
    for g in golden:
        best = best_match(g, pred)
        if best is None:
            continue
        (f, r, _), t, _ = best
        f1sum += f
        found += int(r >= 0.5)
        titles += int(norm(t.get("title")).casefold() == norm(g["title"]).casefold())
    n = len(golden)
    return dict(tables=n, table_recall=found / n if n else None, cell_f1=f1sum / n if n else None,
                title_acc=titles / n if n else None)


def score_key_figures(golden, predicted):
    rows = [(norm(t.get("title")).casefold(), [norm(c) for c in r]) for t in predicted
            for r in (t.get("rows") or []) if isinstance(r, list)]
    used = set()
    found = 0
    for g in golden:
        for k, (title, r) in enumerate(rows):
            if (k not in used and title == norm(g["title"]).casefold() and len(r) >= 2
                    and r[0] == norm(g["label"]) and r[1] == norm(g["value"])):
                used.add(k)
                found += 1
                break
    return dict(key_figures=len(golden), key_figures_found=found)


def list_misses(name, golden, predicted):
    """Print each golden table the best predicted table does not match exactly (the same choice as
    score_tables)."""
    pred = candidates(predicted)
    for i, g in enumerate(golden):
        gc = cells(g["rows"])
        best = best_match(g, pred)
        if best is None:
            print("  %s #%d pages %s: no predicted table" % (name, i, g["pages"]))
            continue
        (f, _, same_title), t, tc = best
        if f >= 0.9995 and same_title:
            continue
        print("  %s #%d pages %s: cell F1 %.3f" % (name, i, g["pages"], f))
        if f < 0.9995:
            print("    missing: %s" % sorted((gc - tc).elements())[:12])
            print("    extra:   %s" % sorted((tc - gc).elements())[:12])
        if not same_title:
            print("    title:   %r, golden %r" % (t.get("title"), g["title"]))


def _dec(v):
    if v is None:
        return None
    s = norm(v).replace(",", ".") if isinstance(v, str) else repr(v)
    try:
        from decimal import Decimal
        return Decimal(s).normalize()
    except Exception:
        return s


def score_findings(golden, predicted):
    gold = [g for g in golden if g.get("status") in ("fail", "pass_within_rounding")]
    used = set()
    matched = 0
    for g in gold:
        cands = []
        for k, p in enumerate(predicted):
            if k in used:
                continue
            if p.get("kind") != g["kind"] or p.get("status") != g["status"]:
                continue
            if g.get("stated") is not None and _dec(p.get("stated")) != _dec(g["stated"]):
                continue
            if g.get("computed") is not None and _dec(p.get("computed")) != _dec(g["computed"]):
                continue
            same_title = norm(p.get("table_title")).casefold() == norm(g.get("table_title")).casefold()
            cands.append((not same_title, k))
        if cands:
            cands.sort()
            used.add(cands[0][1])
            matched += 1
    false_alarms = sum(1 for k, p in enumerate(predicted) if p.get("status") == "fail" and k not in used)
    return dict(findings=len(gold), findings_matched=matched,
                findings_recall=matched / len(gold) if gold else None, false_alarms=false_alarms)


def _found(found, expected):
    return "%d/%d" % (found, expected) if expected else "-"


def fmt(v):
    return "  -  " if v is None else "%.3f" % v


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="pipeline output folder (with tables/ and findings/)")
    ap.add_argument("--golden", default=os.path.join(os.path.dirname(HERE), "golden"))
    ap.add_argument("--only", help="regex on the document file name")
    ap.add_argument("--json", help="also write the scores here")
    ap.add_argument("--misses", action="store_true", help="list the golden tables not matched exactly")
    a = ap.parse_args()

    names = sorted(n[:-5] for n in os.listdir(a.golden) if n.endswith(".json"))
    if a.only:
        names = [n for n in names if re.search(a.only, n)]
    results = {}
    misses = []
    print("%-42s %6s %7s %7s %7s %9s %6s %8s" % ("document", "tables", "recall", "cellF1", "title", "find.R", "FA",
                                                 "keyfig"))
    for n in names:
        with open(os.path.join(a.golden, n + ".json"), encoding="utf-8") as f:
            g = json.load(f)
        pt = read_jsonl(os.path.join(a.out, "tables", n + ".jsonl"))
        pf = read_jsonl(os.path.join(a.out, "findings", n + ".jsonl"))
        r = score_tables(g["tables"], pt)
        r.update(score_findings(g["findings"], pf))
        r.update(score_key_figures(g.get("key_figures") or [], pt))
        r["predicted_tables"] = len(pt)
        results[n] = r
        if a.misses:
            misses.append((n, g["tables"], pt))
        print("%-42s %6d %7s %7s %7s %9s %6d %8s" % (n, r["tables"], fmt(r["table_recall"]), fmt(r["cell_f1"]),
                                                 fmt(r["title_acc"]), ("%d/%d" % (r["findings_matched"], r["findings"])),
                                                 r["false_alarms"], _found(r["key_figures_found"], r["key_figures"])))

    # overall: micro-averaged over golden tables / golden findings
    T = sum(r["tables"] for r in results.values())
    tot = {}
    for key in ("table_recall", "cell_f1", "title_acc"):
        tot[key] = (sum((r[key] or 0) * r["tables"] for r in results.values()) / T) if T else None
    F = sum(r["findings"] for r in results.values())
    M = sum(r["findings_matched"] for r in results.values())
    tot.update(tables=T, findings=F, findings_matched=M, findings_recall=M / F if F else None,
               false_alarms=sum(r["false_alarms"] for r in results.values()),
               key_figures=sum(r["key_figures"] for r in results.values()),
               key_figures_found=sum(r["key_figures_found"] for r in results.values()))
    # macro over documents with tables, so the 548-table Gent report does not drown the others
    with_tables = [r for r in results.values() if r["tables"]]
    tot["cell_f1_macro"] = sum(r["cell_f1"] for r in with_tables) / len(with_tables) if with_tables else None
    print("%-42s %6d %7s %7s %7s %9s %6d %8s" % ("OVERALL (micro)", T, fmt(tot["table_recall"]), fmt(tot["cell_f1"]),
                                             fmt(tot["title_acc"]), "%d/%d" % (M, F), tot["false_alarms"],
                                             _found(tot["key_figures_found"], tot["key_figures"])))
    print("cell F1 macro over documents: %s   findings recall: %s" % (fmt(tot["cell_f1_macro"]), fmt(tot["findings_recall"])))
    for n, golden, predicted in misses:
        list_misses(n, golden, predicted)
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"documents": results, "overall": tot}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
