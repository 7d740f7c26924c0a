"""Issue #18's speed criterion: the whole pipeline against poppler-glib's floor, per document.

The `pipeline` group of bench.py. For each PDF of the benchmark set and each real report in
BENCH_REAL_DIR (every *.pdf there, not only the two of the extraction table), interleaved:
`tally ingest` of that document alone (its own inbox, `--jobs 1 --force`: start-up, the worker,
extraction, normalisation, reconciliation, JSONL, log, review page, run.json) against
`bench/work/floor FILE render+text` (what poppler-glib itself costs to render each page once at
1 pixel per point and give its text). Then the real reports as one batch at `--jobs 2`, with the
peak of the resident memory of all its processes together (parent and workers, sampled from
/proc by measure.py --tree-rss). A document's own verdict (a scan without a text layer fails)
is shown, not counted as a failed run: its cost is still the pipeline's.
"""
import os

RATIO_TARGET = 1.3      # tally ingest / floor render+text, per document: at most
MEMORY_TARGET = 250.0   # MB, all processes of the real-nl batch at --jobs 2 together: at most
BATCH_REPS = 3          # the batch runs this often, without a warm-up


def real_reports(folder, notes):
    """Every PDF in the folder of real reports, sorted; a note when the folder is missing."""
    if not os.path.isdir(folder):
        notes.append("whole pipeline vs floor: real reports skipped: no folder %s" % os.path.normpath(folder))
        return []
    return sorted(os.path.abspath(os.path.join(folder, n)) for n in os.listdir(folder) if n.lower().endswith(".pdf"))


class Pipeline:
    """The cases of the group: one row per document, and the real-nl batch."""

    def __init__(self, rows, batch, batch_docs):
        self.rows, self.batch, self.batch_docs = rows, batch, batch_docs

    def cases(self):
        out = [c for r in self.rows for c in (r["ingest"], r["floor"])]
        return out + ([self.batch] if self.batch else [])


def build(set_pdfs, real, floor, pages_of, ingest, floor_case, make_inbox):
    """set_pdfs: (path, pages) of the benchmark set; real: paths of real reports; floor: the floor
    binary (None: no rows). ingest(name, inbox, jobs, pages) and floor_case(name, path, pages) make
    Cases; make_inbox(name, paths) an inbox of links."""
    rows = []
    if floor:
        for path, pages, is_real in [(p, n, False) for p, n in set_pdfs] + [(p, pages_of(p), True) for p in real]:
            base = os.path.basename(path)
            t = ingest("pipeline:" + base, make_inbox("pipeline-" + base, [path]), 1, pages)
            t.accept_verdicts = True
            rows.append({"path": path, "pages": pages, "real": is_real, "ingest": t,
                         "floor": floor_case("pipeline-floor:" + base, path, pages)})
    batch = None
    if real:
        batch = ingest("pipeline:real-nl-jobs2", make_inbox("real-nl", real), 2, None)
        batch.accept_verdicts, batch.tree_rss, batch.max_reps = True, True, BATCH_REPS
    return Pipeline(rows, batch, len(real))


def ratios(a, b):
    if not a.results or not b.results:
        return None, None, None
    return a.median() / b.median(), a.min() / b.min(), a.cpu_median() / b.cpu_median()


def worst(rows):
    """(ratio by median wall, by CPU, name) of the row with the highest median ratio; Nones if none."""
    best = (None, None, None)
    for r in rows:
        med, _, cpu = ratios(r["ingest"], r["floor"])
        if med is not None and (best[0] is None or med > best[0]):
            best = (med, cpu, os.path.basename(r["path"]))
    return best


def batch_peak(batch):
    """(peak MB of all processes together, of the largest single process) over the batch runs."""
    if not batch or not batch.results:
        return None, None
    trees = [r.tree_rss_mb for r in batch.results if r.tree_rss_mb is not None]
    return (max(trees) if trees else None), batch.peak_mb()


def target_lines(p, fmt, verdict):
    """Lines of the targets table."""
    L = []
    if p.rows:
        med, cpu, name = worst(p.rows)
        failed = any(r["ingest"].failed() for r in p.rows)
        L.append("| whole pipeline (`tally ingest`, one document, one job) vs poppler-glib floor render+text, worst "
                 "document of the set and real-nl (time ratio; CPU ratio in brackets) | %s | | <= %.1fx | %s |" % (
                     "-" if med is None else "%.2fx (%.2fx, %s)" % (med, cpu, name), RATIO_TARGET,
                     verdict(med, RATIO_TARGET, True, failed)))
    if p.batch:
        tree, single = batch_peak(p.batch)
        L.append("| peak resident memory of all processes, real-nl batch (%d PDFs) at `--jobs 2` | %s MB "
                 "(largest process %s MB) | | <= %.0f MB | %s |" % (
                     p.batch_docs, fmt(tree, "%.0f"), fmt(single, "%.0f"), MEMORY_TARGET,
                     verdict(tree, MEMORY_TARGET, True, p.batch.failed())))
    return L


def section(w, p, fmt, fmt_s):
    """The per-document table and the batch line."""
    if p.rows:
        w("## Whole pipeline vs the poppler-glib floor, per document (issue #18)")
        w("")
        w("`tally ingest` of one document alone (`--jobs 1 --force`: start-up, worker process, extraction, "
          "normalisation, reconciliation, JSONL, log, review page) against `floor FILE render+text` (poppler-glib "
          "rendering every page once at 1 pixel per point and giving its text), interleaved. Target: at most %.1fx on "
          "every document. Ratios tally / floor: median wall, best against best, median CPU; tally's own CPU is "
          "tally's CPU minus the floor's. Documents marked real-nl are every PDF of the real-reports folder." % RATIO_TARGET)
        w("")
        w("| document | pages | tally ingest wall s median (min-max) | CPU s | peak MB | floor wall s median (min-max) "
          "| CPU s | ratio (median) | ratio (min) | ratio (CPU) | tally's own CPU s | verdict | status |")
        w("| --- | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")

        def wall(c):
            return "%s (%s-%s)" % (fmt_s(c.median()), fmt_s(c.min()), fmt_s(c.max())) if c.results else "-"

        for r in p.rows:
            t, f = r["ingest"], r["floor"]
            med, best, cpu = ratios(t, f)
            own = t.cpu_median() - f.cpu_median() if t.results and f.results else None
            w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                os.path.basename(r["path"]) + (" (real-nl)" if r["real"] else ""), r["pages"] or "?", wall(t),
                fmt_s(t.cpu_median()), fmt(t.peak_mb(), "%.0f"), wall(f), fmt_s(f.cpu_median()), fmt(med, "%.2fx"),
                fmt(best, "%.2fx"), fmt(cpu, "%.2fx"), fmt_s(own), getattr(t, "verdict", None) or "-",
                "FAILED" if t.failed() else t.status()))
        w("")
        for label, rs in (("benchmark set", [r for r in p.rows if not r["real"]]),
                          ("real-nl", [r for r in p.rows if r["real"]]), ("all", p.rows)):
            med, cpu, name = worst(rs)
            if med is not None:
                over = sum(1 for r in rs if (ratios(r["ingest"], r["floor"])[0] or 0) > RATIO_TARGET)
                w("- worst document, %s: %s at %.2fx by median wall time (%.2fx by CPU); %d of %d over %.1fx" % (
                    label, name, med, cpu, over, len(rs), RATIO_TARGET))
        w("")
    if p.batch and p.batch.results:
        b = p.batch
        tree, single = batch_peak(b)
        w("Real-nl batch, %d PDFs in one inbox, `tally ingest --jobs 2 --force`, %d runs: wall %s s (%s-%s), CPU %s s, "
          "peak resident memory of all processes together %s MB (sampled every 10 ms), largest single process %s MB "
          "(target <= %.0f MB together); %s; %s." % (
              p.batch_docs, len(b.results), fmt_s(b.median()), fmt_s(b.min()), fmt_s(b.max()), fmt_s(b.cpu_median()),
              fmt(tree, "%.0f"), fmt(single, "%.0f"), MEMORY_TARGET, getattr(b, "verdict", None) or "all ok",
              b.status()))
        w("")
