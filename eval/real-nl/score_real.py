#!/usr/bin/env python3
"""Re-score a tally run on the real-nl corpus against hand verdicts and counted totals.

    python3 eval/real-nl/score_real.py --out OUT_DIR [--verdicts eval/real-nl/verdicts.csv]
        [--totals eval/real-nl/totals.csv] [--json FILE] [--check-totals]

A claim is a finding with status `fail` and severity `error` or `warning`. It matches a
verdict row by the key (source, page, kind, stated, computed, column); stated/computed are
compared as exact decimal values (so "200.0" equals "200"), column is the header path joined
with " › ". Verdict rows are used at most once each: a claim first takes an unused row with the
same key and the same row path, then any unused row with the same key. A claim left without a
row is "unlabelled" and counts as false in the precision (it is listed, ready to label).
UNCLEAR claims are left out of the precision's denominator and reported.

Coverage: each row of totals.csv (a total printed on a page) is matched to the run's findings
on the same document and page whose `stated` equals the printed figure as an exact value
(allowing the table's unit: x1 000, x1 000 000, x1 000 000 000). Findings whose row label
matches the total's label are preferred, then findings whose column matches; each finding is
used by at most one total. A total is "checked correctly" when a matched finding is pass,
pass_within_rounding or a fail labelled TRUE; "checked wrongly" when the only matched
findings are fails labelled FALSE/UNCLEAR or unlabelled; else "not checked" (skipped findings
count as not checked). Passing checks are only in the findings when the run used
`emit: {findings: all}` (pipeline.yaml); without them coverage is understated and a warning
is printed.

Always exits 0. Exact arithmetic only (decimal.Decimal from strings).
"""
import argparse
import collections
import csv
import glob
import json
import os
import re
import sys
from decimal import Decimal, InvalidOperation

HERE = os.path.dirname(os.path.abspath(__file__))
SEP = " › "
CORRECT_STATUSES = ("pass", "pass_within_rounding")


def dec(s):
    """Exact value of a tally figure string ('5266359.49', '-789.07'); None when empty/null."""
    if s is None:
        return None
    s = str(s).strip()
    if s == "":
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def key_value(s):
    d = dec(s)
    if d is None:
        return "" if s is None else str(s).strip()
    return str(d.normalize()) if d != 0 else "0"


def printed_value(s):
    """Exact value of a figure as printed in a Dutch/Flemish report: '1.929,5', '-€ 789,07',
    '29 500,00', '100,0%', '0360,05', '-' (= 0)."""
    t = str(s).strip().replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    t = t.replace("€", "").replace("%", "").strip()
    neg = False
    if t[:1] in ("-", "−", "–"):
        neg = True
        t = t[1:].strip()
    if t == "":
        return Decimal(0)
    t = t.replace(" ", "")
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    elif "." in t and re.fullmatch(r"\d{1,3}(\.\d{3})+", t):
        t = t.replace(".", "")
    v = Decimal(t)
    return -v if neg else v


def decimals_of(s):
    t = str(s).strip().replace("%", "").replace("€", "").strip()
    if "," in t:
        return len(t.split(",")[-1].strip())
    if "." in t and not re.fullmatch(r"-?\s*\d{1,3}(\.\d{3})+", t):
        return len(t.split(".")[-1].strip())
    return 0


def eval_items(expr):
    """Value and operand count of an items expression: printed figures joined by ' + ' / ' - '."""
    parts = re.split(r" ([+-]) ", expr.strip())
    total = printed_value(parts[0])
    n = 1
    for op, operand in zip(parts[1::2], parts[2::2]):
        v = printed_value(operand)
        total = total + v if op == "+" else total - v
        n += 1
    return total, n


def norm_label(s):
    s = (s or "").lower()
    s = re.sub(r"\(.*?\)", " ", s)
    return re.sub(r"[^0-9a-zà-ÿ]+", "", s)


def load_findings(out):
    rows = []
    for path in sorted(glob.glob(os.path.join(out, "findings", "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    rows.append(json.loads(line))
    return rows


def claim_key(source, page, kind, stated, computed, column):
    return (source, str(page), kind, key_value(stated), key_value(computed), column)


def join(path):
    return SEP.join(path or [])


def label_claims(claims, verdicts):
    """Attach a verdict row (or None) to each claim; each verdict row is used at most once."""
    by_key = collections.defaultdict(list)
    for i, v in enumerate(verdicts):
        by_key[claim_key(v["source"], v["page"], v["kind"], v["stated"], v["computed"], v["column"])].append(i)
    used = set()
    out = [None] * len(claims)
    keys = [claim_key(c["source"], c["page"], c["kind"], c["stated"], c["computed"], join(c["column_path"])) for c in claims]
    for exact in (True, False):
        for ci, c in enumerate(claims):
            if out[ci] is not None:
                continue
            for vi in by_key.get(keys[ci], []):
                if vi in used:
                    continue
                if exact and verdicts[vi]["row"] != join(c["row_path"]):
                    continue
                used.add(vi)
                out[ci] = verdicts[vi]
                break
    return out, [verdicts[i] for i in range(len(verdicts)) if i not in used]


def score_claims(claims, labels):
    per_sev = {}
    per_doc = collections.defaultdict(lambda: collections.Counter())
    causes = collections.Counter()
    for c, v in zip(claims, labels):
        verdict = v["verdict"].strip().upper() if v else "UNLABELLED"
        if verdict not in ("TRUE", "FALSE", "UNCLEAR"):
            verdict = "UNLABELLED"
        s = per_sev.setdefault(c["severity"], collections.Counter())
        s["claims"] += 1
        s[verdict] += 1
        per_doc[c["source"]][c["severity"] + ":" + verdict] += 1
        per_doc[c["source"]]["claims"] += 1
        if verdict == "FALSE":
            causes[(v["cause"] or "(no cause)").strip()] += 1
    result = {}
    for sev, s in sorted(per_sev.items()):
        denom = s["claims"] - s["UNCLEAR"]
        result[sev] = {
            "claims": s["claims"], "TRUE": s["TRUE"], "FALSE": s["FALSE"], "UNCLEAR": s["UNCLEAR"],
            "unlabelled": s["UNLABELLED"],
            "precision": (str((Decimal(s["TRUE"]) / Decimal(denom)).quantize(Decimal("0.001"))) if denom else None),
        }
    return result, per_doc, causes


def scaled_equal(stated, printed):
    if stated is None or printed is None:
        return False
    for k in (0, 3, 6, 9):
        if stated == printed * (Decimal(10) ** k):
            return True
    return False


def coverage(totals, findings, verdict_of):
    """Classify each counted total as correct / wrong / not checked."""
    by_page = collections.defaultdict(list)
    for i, f in enumerate(findings):
        by_page[(f["source"], str(f["page"]))].append(i)
    used = set()
    matched = [[] for _ in totals]

    def candidates(ti):
        t = totals[ti]
        pv = printed_value(t["printed"])
        for fi in by_page.get((t["source"], str(t["page"])), []):
            if fi in used:
                continue
            if scaled_equal(dec(findings[fi]["stated"]), pv):
                yield fi

    def label_match(t, f, exact):
        a = norm_label(t["label"])
        row = f.get("row_path") or []
        b = norm_label(row[-1]) if row else ""
        full = norm_label(join(row))
        if not a or not b:
            return False
        if exact:
            return a == b
        return (len(b) >= 4 and b in a) or (len(a) >= 4 and a in full)

    def column_match(t, f):
        a, b = norm_label(t["column"]), norm_label(join(f.get("column_path")))
        return bool(a) and bool(b) and (a in b or b in a)

    # pass 1 (exact label, then looser label): a total takes at most one finding per check kind,
    # so totals that share a label and a value (one per year column) each get their own finding
    for exact in (True, False):
        for ti, t in enumerate(totals):
            kinds = {findings[fi]["kind"] for fi in matched[ti]}
            for fi in list(candidates(ti)):
                f = findings[fi]
                if f["kind"] in kinds:
                    continue
                if label_match(t, f, exact) and (not t["column"] or not f.get("column_path") or column_match(t, f)):
                    matched[ti].append(fi)
                    used.add(fi)
                    kinds.add(f["kind"])
    # pass 2: column and value; pass 3: value only (one finding each)
    for ti, t in enumerate(totals):
        if matched[ti]:
            continue
        for fi in candidates(ti):
            if column_match(t, findings[fi]):
                matched[ti].append(fi)
                used.add(fi)
                break
    for ti, t in enumerate(totals):
        if matched[ti]:
            continue
        for fi in candidates(ti):
            matched[ti].append(fi)
            used.add(fi)
            break

    out = []
    for ti, t in enumerate(totals):
        status = "not checked"
        how = []
        for fi in matched[ti]:
            f = findings[fi]
            st = f["status"]
            if st in CORRECT_STATUSES:
                how.append(f"{f['kind']} {st}")
            elif st == "fail":
                how.append(f"{f['kind']} fail ({verdict_of(fi)})")
            else:
                how.append(f"{f['kind']} {st}")
        stats = [findings[fi]["status"] for fi in matched[ti]]
        verdicts = [verdict_of(fi) for fi in matched[ti] if findings[fi]["status"] == "fail"]
        if any(s in CORRECT_STATUSES for s in stats) or "TRUE" in verdicts:
            status = "correct"
        elif verdicts:
            status = "wrong"
        out.append((t, status, "; ".join(how)))
    return out


def check_totals(totals):
    rows = []
    for t in totals:
        try:
            v, n = eval_items(t["items"])
        except (InvalidOperation, ValueError, IndexError) as e:
            rows.append((t, "unparsable", str(e)))
            continue
        p = printed_value(t["printed"])
        diff = p - v
        unit = Decimal(1).scaleb(-decimals_of(t["printed"]))
        tol = unit / 2 * n
        if diff == 0:
            rows.append((t, "fits", ""))
        elif abs(diff) <= tol:
            rows.append((t, "within rounding", f"items {v}, printed {p}, diff {diff}, rounding allows ±{tol}"))
        else:
            rows.append((t, "DIFFERS", f"items {v}, printed {p}, diff {diff}"))
    return rows


def read_csv(path):
    if not os.path.exists(path):
        return None
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="tally output folder (holds findings/)")
    ap.add_argument("--verdicts", default=os.path.join(HERE, "verdicts.csv"))
    ap.add_argument("--totals", default=os.path.join(HERE, "totals.csv"))
    ap.add_argument("--json", help="write the numbers to this file")
    ap.add_argument("--check-totals", action="store_true", help="recompute every counted total from its items")
    ap.add_argument("--list-totals", action="store_true", help="print every counted total with its coverage status")
    a = ap.parse_args()

    findings = load_findings(a.out)
    if not findings and not glob.glob(os.path.join(a.out, "findings", "*.jsonl")):
        print(f"no findings/*.jsonl under {a.out}")
    verdicts = read_csv(a.verdicts) or []
    claim_idx = [i for i, f in enumerate(findings) if f.get("status") == "fail" and f.get("severity") in ("error", "warning")]
    claims = [findings[i] for i in claim_idx]
    labels, unused = label_claims(claims, verdicts)
    label_of_finding = {fi: labels[k] for k, fi in enumerate(claim_idx)}

    def verdict_of(fi):
        v = label_of_finding.get(fi)
        if v is None:
            return "unlabelled" if fi in label_of_finding else "not a claim"
        return v["verdict"].strip().upper() or "unlabelled"

    sev, per_doc, causes = score_claims(claims, labels)
    print(f"run: {a.out}   findings: {len(findings)}   claims (fail, error|warning): {len(claims)}   verdict rows: {len(verdicts)}")
    print("\n== precision per severity (TRUE / (claims - UNCLEAR); unlabelled count as false)")
    for s, r in sev.items():
        print(f"  {s:8s} claims {r['claims']:4d}  TRUE {r['TRUE']:4d}  FALSE {r['FALSE']:4d}  UNCLEAR {r['UNCLEAR']:3d}  "
              f"unlabelled {r['unlabelled']:4d}  precision {r['precision']}")
    print("\n== per document")
    for doc in sorted(per_doc):
        c = per_doc[doc]
        parts = ", ".join(f"{k} {v}" for k, v in sorted(c.items()) if k != "claims")
        print(f"  {doc}: {c['claims']} claims ({parts})")
    print("\n== false alarms per cause")
    for cause, n in causes.most_common():
        print(f"  {n:4d}  {cause}")
    trues = [(c, v) for c, v in zip(claims, labels) if v and v["verdict"].strip().upper() == "TRUE"]
    if trues:
        print("\n== claims labelled TRUE")
        for c, v in trues:
            print(f"  {c['source']} p{c['page']} {c['kind']} {join(c['row_path'])} / {join(c['column_path'])}: stated {c['stated']} computed {c['computed']}")
    unl = [c for c, v in zip(claims, labels) if v is None]
    print(f"\n== unlabelled claims: {len(unl)}" + (" (rows to add to verdicts.csv; fill verdict, cause, note)" if unl else ""))
    if unl:
        w = csv.writer(sys.stdout)
        for c in unl:
            w.writerow([c["source"], c["page"], c["kind"], "" if c["stated"] is None else c["stated"],
                        "" if c["computed"] is None else c["computed"], join(c["row_path"]), join(c["column_path"]), c["severity"], "", "",
                        (c.get("message") or "")[:160]])
    if unused:
        print(f"\n({len(unused)} verdict rows matched no claim of this run: those claims are gone or changed)")

    result = {"out": a.out, "claims": len(claims), "severity": sev,
              "false_causes": dict(causes), "unlabelled": len(unl), "verdict_rows_unused": len(unused)}

    totals = read_csv(a.totals)
    if totals:
        has_pass = any(f.get("status") in CORRECT_STATUSES for f in findings)
        run_json = os.path.join(a.out, "run.json")
        passes_in_run = 0
        if os.path.exists(run_json):
            with open(run_json, encoding="utf-8") as f:
                passes_in_run = json.load(f).get("totals", {}).get("findings", {}).get("pass", 0)
        if not any(f.get("status") == "pass" for f in findings) and passes_in_run:
            print(f"\nWARNING: run.json counts {passes_in_run} passed checks but findings hold none: run with "
                  f"`emit: {{findings: all}}` in the pipeline config, or coverage misses every pass.")
        cov = coverage(totals, findings, verdict_of)
        cnt = collections.Counter(s for _, s, _ in cov)
        n = len(cov)
        pct = (Decimal(cnt["correct"]) * 100 / Decimal(n)).quantize(Decimal("0.1")) if n else None
        pages = collections.defaultdict(collections.Counter)
        for t, s, _ in cov:
            pages[(t["source"], t["page"])][s] += 1
        pages_85 = sum(1 for c in pages.values() if Decimal(c["correct"]) * 100 >= Decimal(85) * sum(c.values()))
        print(f"\n== totals coverage ({n} printed totals on {len(pages)} pages of {len({t['source'] for t in totals})} documents)")
        print(f"  checked correctly {cnt['correct']}   checked wrongly {cnt['wrong']}   not checked {cnt['not checked']}   "
              f"-> {pct} % correct; pages with >= 85 % correct: {pages_85}/{len(pages)}")
        for (src, pg), c in sorted(pages.items(), key=lambda x: (x[0][0], int(x[0][1]))):
            print(f"  {src} p{pg}: {sum(c.values())} totals, correct {c['correct']}, wrong {c['wrong']}, not checked {c['not checked']}")
        if a.list_totals:
            for t, s, how in cov:
                print(f"    [{s}] {t['source']} p{t['page']} {t['label']} / {t['column']} = {t['printed']}  {how}")
        result["totals"] = {"counted": n, "correct": cnt["correct"], "wrong": cnt["wrong"], "not_checked": cnt["not checked"],
                            "correct_pct": str(pct) if pct is not None else None, "pages": len(pages),
                            "pages_at_least_85pct": pages_85, "run_has_passes": has_pass}
    if a.check_totals and totals:
        print("\n== recomputation of the counted totals from their items")
        chk = check_totals(totals)
        c = collections.Counter(s for _, s, _ in chk)
        print("  " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
        for t, s, why in chk:
            if s != "fits":
                print(f"  [{s}] {t['source']} p{t['page']} {t['label']} / {t['column']} = {t['printed']}: {why}")
        result["totals_recomputed"] = dict(c)
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # the score never fails the caller
        print(f"score_real.py: {type(e).__name__}: {e}", file=sys.stderr)
    sys.exit(0)
