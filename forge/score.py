#!/usr/bin/env python3
"""Score tally's output on a forge batch against the batch's truth files.

Usage: python3 forge/score.py --truth D/truth --out OUT [--json FILE] [--top N]

OUT holds tally's tables/<file>.jsonl and findings/<file>.jsonl (a missing file is no output).
The table metrics are the samples' scorer's (samples/tools/eval.py, imported):

  tables found   a truth table matched by a predicted table with cell recall >= 0.5
  cell F1        per truth table, the best predicted table's F1 over the multiset of non-empty
                 normalised cells (PDF: only predicted tables sharing a page), averaged over tables
  row F1         per truth table against that same best predicted table: rows as tuples of their
                 non-empty normalised cells, multiset precision/recall/F1, averaged over tables
  caught         a planted error is caught when tally has a finding with status fail and severity
                 error or warning that matches one of the plant's checks (same stated and same
                 computed, each as printed or times the check's scale; any kind) or whose cells cite
                 the planted cell (same raw text after normalisation; for PDFs on one of its table's
                 pages); "caught at error" counts the catches by a finding of severity error
  false alarms   every finding with status fail and severity error or warning that matches no
                 truth check with status fail (same matching; a check with no figures, such as a
                 spreadsheet error, matches a finding citing its cell); per severity, and per 10
                 clean documents (documents without a plant)
  spurious       a table tally reports that matches no truth table: less than half of its non-empty
                 normalised cells are cells of any one truth table (PDF: sharing a page with it);
                 table precision = 1 - spurious / tables reported
  per axis value the document axes (producer included) and the table axes of the table concerned:
                 a plant's table; a false alarm's table is the truth table sharing the most cells
                 with tally's table of the finding ("unattributed" when none does); a spurious table's
                 table is the first truth table on its page (none: document axes only). Worst first, by
                 deficit = (1 - cell F1) + (1 - row F1) + missed share of plants + (false alarms +
                 spurious tables) per table.
"""
import argparse
import collections
import json
import os
import sys
from decimal import Decimal, InvalidOperation

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "samples", "tools"))
import eval as samples_eval  # noqa: E402  (samples/tools/eval.py: norm, cells, prf, best_match, ...)

norm = samples_eval.norm
ALARM_SEVERITIES = ("error", "warning")


# ---------------------------------------------------------------- tables

def row_tuples(rows):
    return collections.Counter(t for t in (tuple(x for x in (norm(c) for c in r) if x) for r in rows) if t)


def score_document_tables(truth_tables, predicted):
    """Per truth table: found, cell F1, row F1, and the predicted table it matched (or None)."""
    pred = samples_eval.candidates(predicted)
    out = []
    for g in truth_tables:
        gi = dict(g, pages=g.get("pages") or None)
        best = samples_eval.best_match(gi, pred)
        if best is None:
            out.append(dict(found=False, cell_f1=0.0, row_f1=0.0, match=None))
            continue
        (f, r, _), t, _ = best
        _, _, rf = samples_eval.prf(row_tuples(t.get("rows") or []), row_tuples(g["rows"]))
        out.append(dict(found=r >= 0.5, cell_f1=f, row_f1=rf, match=t))
    return out


def spurious_tables(truth_tables, predicted):
    """The predicted tables that match no truth table, each with the truth table it is attributed
    to (the first sharing a page; None when none does): [(predicted, truth or None)]."""
    out = []
    for t, tc, tp in samples_eval.candidates(predicted):
        n = sum(tc.values())
        on_page = [g for g in truth_tables if not tp or not g.get("pages") or tp & set(g["pages"])]
        best = max((sum((tc & samples_eval.cells(g.get("rows") or [])).values()) for g in on_page), default=0)
        if n == 0 or 2 * best < n:
            near = [g for g in on_page if tp and g.get("pages")]
            out.append((t, near[0] if near else None))
    return out


# ---------------------------------------------------------------- findings

def dec(v):
    if v is None:
        return None
    try:
        return Decimal(norm(v).replace(",", ".")) if isinstance(v, str) else Decimal(str(v))
    except (InvalidOperation, ValueError):
        return "bad"


def same_value(found, truth, scale):
    """tally's figure equals the truth's as printed or times the check's scale."""
    f, t = dec(found), dec(truth)
    if f is None or t is None or "bad" in (f, t):
        return False
    if f == t:
        return True
    try:
        s = Decimal(str(scale)) if scale not in (None, "") else None
    except InvalidOperation:
        s = None
    return s is not None and s != 1 and (f == t * s or f * s == t)


def is_alarm(f):
    return f.get("status") == "fail" and f.get("severity") in ALARM_SEVERITIES


def cites(finding, raw, pages, is_pdf):
    """finding's cells include one printed as raw (normalised), on one of `pages` for a PDF."""
    want = norm(raw)
    if not want:
        return False
    for c in finding.get("cells") or []:
        if norm(c.get("raw")) != want:
            continue
        if is_pdf and pages and c.get("page") not in pages:
            continue
        return True
    return False


class DocTruth:
    def __init__(self, truth):
        self.truth = truth
        self.is_pdf = str(truth.get("source", "")).endswith(".pdf")
        self.tables = {t.get("id", i): t for i, t in enumerate(truth.get("tables") or [])}
        self.checks = {c.get("id"): c for c in truth.get("checks") or []}
        self.plants = truth.get("planted") or []
        self.plant_of = {p.get("id"): p for p in self.plants}

    def pages_of(self, table_id):
        t = self.tables.get(table_id)
        return set(t.get("pages") or []) if t else set()

    def matches_check(self, f, c):
        """finding f matches truth check c: same figures, or it cites the check's planted cell, or
        (a check without figures) its stated cell."""
        scale = c.get("scale")
        if (c.get("stated") is not None or c.get("computed") is not None) \
                and (c.get("stated") is None or same_value(f.get("stated"), c["stated"], scale)) \
                and (c.get("computed") is None or same_value(f.get("computed"), c["computed"], scale)):
            return True
        p = self.plant_of.get(c.get("planted"))
        if p and cites(f, p.get("printed"), self.pages_of(p.get("table")), self.is_pdf):
            return True
        if c.get("stated") is None and c.get("total_text") is not None:
            table = (c.get("total_at") or [c.get("table")])[0]
            return cites(f, c["total_text"], self.pages_of(table), self.is_pdf)
        return False

    def catches(self, f, plant):
        if not is_alarm(f):
            return False
        if any(self.matches_check(f, self.checks[k]) for k in plant.get("checks") or [] if k in self.checks):
            return True
        return cites(f, plant.get("printed"), self.pages_of(plant.get("table")), self.is_pdf)


def table_axes(t):
    return dict(t.get("axes") or {})


def document_axes(truth):
    axes = dict(truth.get("axes") or {})
    axes.setdefault("producer", truth.get("producer") or "?")
    return axes


def score_document(truth, predicted_tables, findings):
    """All scores of one document, plus the per-axis-value contributions."""
    doc = DocTruth(truth)
    tables = truth.get("tables") or []
    per_table = score_document_tables(tables, predicted_tables)
    dax = document_axes(truth)
    contrib = []  # (axis, value, field, amount)

    def add(axes, field, amount=1):
        for k, v in axes.items():
            contrib.append((k, str(v), field, amount))

    for g, s in zip(tables, per_table):
        axes = dict(table_axes(g), **dax)
        add(axes, "tables")
        add(axes, "found", int(s["found"]))
        add(axes, "cell_f1", s["cell_f1"])
        add(axes, "row_f1", s["row_f1"])

    spurious = spurious_tables(tables, predicted_tables)
    for _t, g in spurious:
        # one on a page without a truth table counts for the document axes only (page furniture)
        add(dict(table_axes(g) if g else {}, **dax), "spurious")

    alarms = [f for f in findings if is_alarm(f)]
    caught = caught_error = 0
    plant_rows = []
    for p in doc.plants:
        hit = [f for f in alarms if doc.catches(f, p)]
        ok, ok_err = bool(hit), any(f.get("severity") == "error" for f in hit)
        caught += ok
        caught_error += ok_err
        # a key-figure plant sits outside the tables: its axes are those of the table it summarises
        t = doc.tables.get(p.get("table")) or doc.tables.get(p.get("detail_table"))
        axes = dict(table_axes(t) if t else {}, **dax)
        axes["plant"] = p.get("operation", "?")
        add(axes, "plants")
        add(axes, "caught", int(ok))
        plant_rows.append(dict(id=p.get("id"), operation=p.get("operation"), table=p.get("table"), caught=ok,
                               caught_error=ok_err))

    fail_checks = [c for c in doc.checks.values() if c.get("status") == "fail"]
    by_index = {t.get("table_index"): t for t in predicted_tables if isinstance(t.get("table_index"), int)}
    false_alarms = collections.Counter()
    alarm_rows = []
    for f in alarms:
        if any(doc.matches_check(f, c) for c in fail_checks):
            continue
        false_alarms[f.get("severity")] += 1
        g = attribute(f, by_index.get(f.get("table_index")), tables)
        axes = dict(table_axes(g) if g else {}, **dax)
        if g is None:
            for k in table_axis_names(tables) - set(dax):
                axes[k] = "unattributed"
        add(axes, "false_alarms")
        alarm_rows.append(dict(kind=f.get("kind"), severity=f.get("severity"), page=f.get("page"),
                               table_title=f.get("table_title"), stated=f.get("stated"), computed=f.get("computed"),
                               truth_table=g.get("id") if g else None))

    n = len(tables)
    result = dict(
        producer=dax["producer"], tables=n, predicted_tables=len(predicted_tables), spurious_tables=len(spurious),
        tables_found=sum(s["found"] for s in per_table),
        cell_f1_sum=sum(s["cell_f1"] for s in per_table), row_f1_sum=sum(s["row_f1"] for s in per_table),
        plants=len(doc.plants), caught=caught, caught_error=caught_error,
        false_alarms_error=false_alarms["error"], false_alarms_warning=false_alarms["warning"],
        plant_details=plant_rows, false_alarm_details=alarm_rows)
    return result, contrib


def table_axis_names(tables):
    names = set()
    for t in tables:
        names.update((t.get("axes") or {}).keys())
    return names or {"table.placement"}


def attribute(finding, predicted_table, truth_tables):
    """The truth table sharing most cells with tally's table of the finding (None: no overlap)."""
    if predicted_table is None:
        return None
    pc = samples_eval.cells(predicted_table.get("rows") or [])
    best, best_n = None, 0
    for g in truth_tables:
        n = sum((pc & samples_eval.cells(g.get("rows") or [])).values())
        if n > best_n:
            best, best_n = g, n
    return best


# ---------------------------------------------------------------- batch

def score_batch(truth_dir, out_dir):
    documents = {}
    contrib = []
    names = sorted(n[:-5] for n in os.listdir(truth_dir) if n.endswith(".json"))
    for name in names:
        with open(os.path.join(truth_dir, name + ".json"), encoding="utf-8") as f:
            truth = json.load(f)
        source = truth.get("source") or name
        pt = samples_eval.read_jsonl(os.path.join(out_dir, "tables", source + ".jsonl"))
        pf = samples_eval.read_jsonl(os.path.join(out_dir, "findings", source + ".jsonl"))
        r, c = score_document(truth, pt, pf)
        documents[source] = r
        contrib += c
    return documents, summarise(documents), by_axis(contrib)


def _ratio(a, b):
    return a / b if b else None


def summarise(documents):
    docs = list(documents.values())
    T = sum(d["tables"] for d in docs)
    P = sum(d["plants"] for d in docs)
    clean = [d for d in docs if d["plants"] == 0]
    fa_clean = sum(d["false_alarms_error"] + d["false_alarms_warning"] for d in clean)
    out = dict(
        documents=len(docs), tables=T, tables_found=sum(d["tables_found"] for d in docs),
        table_recall=_ratio(sum(d["tables_found"] for d in docs), T),
        cell_f1=_ratio(sum(d["cell_f1_sum"] for d in docs), T), row_f1=_ratio(sum(d["row_f1_sum"] for d in docs), T),
        plants=P, caught=sum(d["caught"] for d in docs), caught_error=sum(d["caught_error"] for d in docs),
        catch_rate=_ratio(sum(d["caught"] for d in docs), P), catch_rate_error=_ratio(sum(d["caught_error"] for d in docs), P),
        false_alarms_error=sum(d["false_alarms_error"] for d in docs),
        false_alarms_warning=sum(d["false_alarms_warning"] for d in docs),
        clean_documents=len(clean), false_alarms_in_clean=fa_clean,
        false_alarms_per_10_clean=_ratio(10 * fa_clean, len(clean)))
    out["false_alarms"] = out["false_alarms_error"] + out["false_alarms_warning"]
    out["predicted_tables"] = sum(d.get("predicted_tables", 0) for d in docs)
    out["spurious_tables"] = sum(d.get("spurious_tables", 0) for d in docs)
    out["table_precision"] = precision(out["predicted_tables"], out["spurious_tables"])
    return out


def precision(reported, spurious):
    """Share of the reported tables that match a truth table (None when none was reported)."""
    return (reported - spurious) / reported if reported else None


def by_axis(contrib):
    acc = collections.defaultdict(lambda: collections.defaultdict(float))
    for axis, value, field, amount in contrib:
        acc[(axis, value)][field] += amount
    rows = []
    for (axis, value), a in acc.items():
        n, p = int(a["tables"]), int(a["plants"])
        row = dict(axis=axis, value=value, tables=n, tables_found=int(a["found"]),
                   cell_f1=_ratio(a["cell_f1"], n), row_f1=_ratio(a["row_f1"], n),
                   plants=p, caught=int(a["caught"]), false_alarms=int(a["false_alarms"]),
                   spurious=int(a["spurious"]))
        row["deficit"] = ((1 - row["cell_f1"]) if n else 0) + ((1 - row["row_f1"]) if n else 0) \
            + (((p - row["caught"]) / p) if p else 0) + ((row["false_alarms"] + row["spurious"]) / max(n, 1))
        rows.append(row)
    rows.sort(key=lambda r: (-r["deficit"], r["axis"], r["value"]))
    return rows


# ---------------------------------------------------------------- report

def fmt(v):
    return "  -  " if v is None else "%.3f" % v


def report(documents, overall, axes, top=None, stream=sys.stdout):
    w = stream.write
    w("%-24s %-9s %6s %6s %7s %7s %9s %6s\n" % ("document", "producer", "tables", "found", "cellF1", "rowF1", "caught",
                                                "FA"))
    for name, d in sorted(documents.items()):
        n = d["tables"]
        w("%-24s %-9s %6d %6d %7s %7s %9s %6d\n" % (
            name, d["producer"], n, d["tables_found"], fmt(_ratio(d["cell_f1_sum"], n)), fmt(_ratio(d["row_f1_sum"], n)),
            "%d/%d" % (d["caught"], d["plants"]) if d["plants"] else "-",
            d["false_alarms_error"] + d["false_alarms_warning"]))
    o = overall
    w("\nOVERALL: %d documents, %d tables\n" % (o["documents"], o["tables"]))
    w("  tables found     %d/%d (%s)\n" % (o["tables_found"], o["tables"], fmt(o["table_recall"])))
    w("  cell F1          %s\n" % fmt(o["cell_f1"]))
    w("  row F1           %s\n" % fmt(o["row_f1"]))
    w("  spurious tables  %d of %d reported (table precision %s)\n" % (
        o["spurious_tables"], o["predicted_tables"], fmt(o["table_precision"])))
    w("  errors caught    %d/%d (%s); at severity error %d/%d (%s)\n" % (
        o["caught"], o["plants"], fmt(o["catch_rate"]), o["caught_error"], o["plants"], fmt(o["catch_rate_error"])))
    w("  false alarms     %d (error %d, warning %d); in %d clean documents %d = %s per 10 clean documents\n" % (
        o["false_alarms"], o["false_alarms_error"], o["false_alarms_warning"], o["clean_documents"],
        o["false_alarms_in_clean"], "-" if o["false_alarms_per_10_clean"] is None else "%.1f" % o["false_alarms_per_10_clean"]))
    prod = [r for r in axes if r["axis"] == "producer"]
    w("\nper producer:\n")
    _axis_table(w, sorted(prod, key=lambda r: r["value"]))
    rest = [r for r in axes if r["axis"] != "producer"]
    w("\nper axis value, worst first (deficit = (1-cellF1) + (1-rowF1) + missed share + (false alarms + spurious)"
      " per table)%s:\n"
      % ("" if top is None else ", top %d" % top))
    _axis_table(w, rest if top is None else rest[:top])


def _axis_table(w, rows):
    w("  %-28s %-28s %6s %6s %7s %7s %9s %5s %5s %7s\n" % ("axis", "value", "tables", "found", "cellF1", "rowF1",
                                                          "caught", "FA", "spur", "deficit"))
    for r in rows:
        w("  %-28s %-28s %6d %6d %7s %7s %9s %5d %5d %7.3f\n" % (
            r["axis"], r["value"][:28], r["tables"], r["tables_found"], fmt(r["cell_f1"]), fmt(r["row_f1"]),
            "%d/%d" % (r["caught"], r["plants"]) if r["plants"] else "-", r["false_alarms"], r.get("spurious", 0),
            r["deficit"]))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--truth", required=True, help="the batch's truth folder (D/truth)")
    ap.add_argument("--out", required=True, help="tally's output folder (with tables/ and findings/)")
    ap.add_argument("--json", help="also write the scores here")
    ap.add_argument("--top", type=int, default=40, help="axis values to print (worst first); 0 = all")
    a = ap.parse_args(argv)
    documents, overall, axes = score_batch(a.truth, a.out)
    report(documents, overall, axes, top=a.top or None)
    if a.json:
        tmp = a.json + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump({"documents": documents, "overall": overall, "axes": axes}, f, indent=1, ensure_ascii=False)
        os.replace(tmp, a.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
