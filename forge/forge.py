#!/usr/bin/env python3
"""Generate a batch of annual-report-like documents with exact truth and planted errors.

Usage: python3 forge/forge.py --seed N --count K --dir D [--producers chromium,reportlab,writer,web] [--jobs J]
                              [--report FILE] [--timeout SECONDS]

Writes, per document: D/<id>.pdf or D/<id>.html, D/truth/<file name>.json (the golden form of
samples/golden plus the forge's keys, see forge/SPEC.md) and D/spec/<id>.json (the document spec
it was rendered from). Documents are rendered by J worker processes (default: the number of
cores); the writer documents of a worker go through one soffice call, its chromium documents
through one Chromium session. The truth's table pages are
found in the rendered PDF (per page `pdftotext -layout` and `-raw`), and every truth is verified
against its document by forge/verify.py; any problem is printed with the document's name and the
exit status is 1. Forge documents left in D by an earlier run (a file with a truth in D/truth) that
are not part of this batch are removed, so D holds exactly this batch. Every file is written
atomically (a temporary name, then a rename).
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import signal
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import verify  # noqa: E402

PRODUCERS = ("chromium", "reportlab", "writer", "web")


def file_name(spec):
    return spec["id"] + (".html" if spec["producer"] == "web" else ".pdf")


def _jsonable(o):
    """Exact numbers in a spec's private keys (Fraction, Decimal) are written as their text."""
    return str(o)


def write_json(path, obj):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1, default=_jsonable)
        f.write("\n")
    os.replace(tmp, path)


def renderer(producer):
    if producer in ("chromium", "web"):
        import render_html as m
    elif producer == "reportlab":
        import render_reportlab as m
    elif producer == "writer":
        import render_writer as m
    else:
        raise ValueError("unknown producer %r" % producer)
    return m


# ---------------------------------------------------------------- table pages

def _figure_cells(row):
    return [c for c in row if verify.norm_text(c) and verify._is_figure(verify.norm_text(c))
            and verify.parse_number(c) is not None]


class PageFinder:
    """Finds the pages a truth table is printed on: each body row with a figure is looked up page by
    page from where the previous row was found; a row is on a page when each of its figures occurs
    there as one string and each word of its other cells occurs there (-layout or -raw text)."""

    def __init__(self, pdf):
        self.pages = [verify.TextIndex(t) for t in verify.pdf_texts(pdf)]
        self.cursor = 0

    def row_on(self, p, row):
        return all(self.pages[p].has(c) for c in row if verify.norm_text(c))

    def table_pages(self, table):
        rows = table.get("rows") or []
        body = rows[table.get("header_rows") or 0:]
        probe = [r for r in body if _figure_cells(r)] or [r for r in body if any(verify.norm_text(c) for c in r)] \
            or [r for r in rows if any(verify.norm_text(c) for c in r)]
        if (table.get("axes") or {}).get("table.cut") == "after_header":
            # caption and header alone at the foot of a page: the header marks the first page
            probe = [r for r in rows[:table.get("header_rows") or 0] if any(verify.norm_text(c) for c in r)][:1] + probe
        if table.get("title"):
            for p in range(self.cursor, len(self.pages)):
                if self.pages[p].has(table["title"]):
                    self.cursor = p
                    break
        found, missing = [], []
        for r in probe:
            hit = next((p for p in range(self.cursor, len(self.pages)) if self.row_on(p, r)), None)
            if hit is None:
                missing.append(r)
                continue
            self.cursor = hit
            if hit + 1 not in found:
                found.append(hit + 1)
        return sorted(found), missing


def fill_pages(pdf, truth):
    """Sets each truth table's pages from the PDF; returns the problems (rows found on no page)."""
    finder = PageFinder(pdf)
    problems = []
    for t in truth.get("tables") or []:
        pages, missing = finder.table_pages(t)
        t["pages"] = pages or None
        for r in missing[:3]:
            problems.append("table %s: row %r found on no page at or after page %d" % (t.get("id"), r, finder.cursor + 1))
    return problems


# ---------------------------------------------------------------- one worker task

def finish(spec, applied, directory):
    """Truth for a rendered document: build, realised axes, pages, verify, write. Returns problems."""
    import truth as truth_mod
    name = file_name(spec)
    path = os.path.join(directory, name)
    truth = truth_mod.build_truth(spec)
    truth.setdefault("source", name)
    truth.setdefault("producer", spec["producer"])
    truth.setdefault("seed", spec.get("seed"))
    problems = []
    applied = applied or {}
    axes = truth.setdefault("axes", {})
    for k, v in (applied.get("applied") or {}).items():
        if k in axes and str(axes[k]) != str(v):
            problems.append("renderer realised %s = %r, the spec asked %r" % (k, v, axes[k]))
    by_id = {t.get("id"): t for t in truth.get("tables") or []}
    for tid, got in (applied.get("tables") or {}).items():
        want = (by_id.get(tid) or {}).get("axes") or {}
        for k, v in (got or {}).items():
            if "." in k and k in want and str(want[k]) != str(v):
                problems.append("table %s: renderer realised %s = %r, the spec asked %r" % (tid, k, v, want[k]))
    if name.endswith(".pdf"):
        problems += fill_pages(path, truth)
        for tid, got in (applied.get("tables") or {}).items():
            drawn = (got or {}).get("pages")
            found = (by_id.get(tid) or {}).get("pages")
            if drawn and found and sorted(drawn) != sorted(found):
                problems.append("table %s: the renderer drew it on pages %s, its rows are found on pages %s"
                                % (tid, sorted(drawn), sorted(found)))
    problems += verify.verify(path, truth)
    write_json(os.path.join(directory, "truth", name + ".json"), truth)
    return problems


def run_group(producer, specs, directory):
    """Render and finish a group of documents of one producer (one render_batch call for BATCHED ones)."""
    results = []
    t0 = time.time()
    try:
        m = renderer(producer)
        paths = [os.path.join(directory, file_name(s)) for s in specs]
        if producer in BATCHED and hasattr(m, "render_batch") and len(specs) > 1:
            applied = m.render_batch(list(zip(specs, paths)))
            applied = list(applied) if applied is not None else [None] * len(specs)
        else:
            applied = [m.render(s, p) for s, p in zip(specs, paths)]
    except Exception:
        return [dict(id=s["id"], name=file_name(s), producer=producer, problems=["render failed: %s" % traceback.format_exc()],
                     seconds=time.time() - t0) for s in specs]
    for s, a in zip(specs, applied):
        t1 = time.time()
        try:
            problems = finish(s, a, directory)
        except Exception:
            problems = ["truth or verification failed: %s" % traceback.format_exc()]
        results.append(dict(id=s["id"], name=file_name(s), producer=producer, problems=problems, seconds=time.time() - t1))
    return results


# producers whose start-up dominates: their documents go in at most `jobs` batches, one soffice /
# one Chromium session per batch
BATCHED = ("writer", "chromium")


def groups(specs, jobs):
    """Work units: one per document, except writer and chromium documents: at most `jobs` batches each
    (first, so the pool does not end on one long batch)."""
    units = []
    for producer in BATCHED:
        docs = [s for s in specs if s["producer"] == producer]
        n = max(1, min(jobs, len(docs)))
        units += [(producer, docs[i::n]) for i in range(n) if docs[i::n]]
    units += [(s["producer"], [s]) for s in specs if s["producer"] not in BATCHED]
    return units


def _own_process_group():
    os.setpgid(0, 0)


def run_pool(units, directory, jobs, timeout):
    """Run the work units on `jobs` worker processes, each in a process group of its own so a worker
    and the producers it started can be killed together when the batch overruns `timeout` seconds
    (a producer that hangs); the unfinished documents are then reported as failed."""
    results = []
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=jobs, initializer=_own_process_group)
    futs = {pool.submit(run_group, producer, chunk, directory): (producer, chunk) for producer, chunk in units}
    try:
        for f in concurrent.futures.as_completed(futs, timeout=timeout):
            results += f.result()
    except concurrent.futures.TimeoutError:
        for f, (producer, chunk) in futs.items():
            if not f.done():
                results += [dict(id=s["id"], name=file_name(s), producer=producer, seconds=timeout,
                                 problems=["not finished after %.0f s (a hung producer?): killed" % timeout])
                            for s in chunk]
        for pid in list((getattr(pool, "_processes", None) or {}).keys()):
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        pool.shutdown(wait=False, cancel_futures=True)
        return results
    pool.shutdown(wait=True)
    return results


def remove_stale(directory, keep):
    tdir = os.path.join(directory, "truth")
    for n in os.listdir(tdir):
        if not n.endswith(".json") or n[:-5] in keep:
            continue
        doc = n[:-5]
        for p in (os.path.join(directory, doc), os.path.join(tdir, n),
                  os.path.join(directory, "spec", re.sub(r"\.(pdf|html)$", "", doc) + ".json")):
            if os.path.exists(p):
                os.remove(p)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--producers", help="comma-separated subset of %s" % ",".join(PRODUCERS))
    ap.add_argument("--report", help="also write every document's producer and problems here (JSON)")
    ap.add_argument("--timeout", type=float, help="give up (exit 1) on documents not finished after this many "
                    "seconds (default 120 + 15 per document); a hung producer is killed")
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                    else (os.cpu_count() or 1))
    a = ap.parse_args(argv)
    producers = None
    if a.producers:
        producers = [p.strip() for p in a.producers.split(",") if p.strip()]
        bad = [p for p in producers if p not in PRODUCERS]
        if bad:
            ap.error("unknown producer(s) %s; choose from %s" % (", ".join(bad), ", ".join(PRODUCERS)))
    t0 = time.time()
    import model
    specs = model.draw_batch(a.seed, a.count, producers=producers)
    directory = a.dir
    for sub in ("", "truth", "spec"):
        os.makedirs(os.path.join(directory, sub), exist_ok=True)
    remove_stale(directory, {file_name(s) for s in specs})
    for s in specs:
        write_json(os.path.join(directory, "spec", s["id"] + ".json"), s)

    results = []
    jobs = max(1, a.jobs)
    units = groups(specs, jobs)
    timeout = a.timeout if a.timeout is not None else 120 + 15 * len(specs)
    if jobs == 1 and a.timeout is None:
        for producer, chunk in units:
            results += run_group(producer, chunk, directory)
    else:
        results += run_pool(units, directory, jobs, timeout)

    failed = [r for r in results if r["problems"]]
    for r in sorted(failed, key=lambda r: r["name"]):
        for p in r["problems"]:
            print("forge: %s: %s" % (r["name"], p.rstrip()), file=sys.stderr)
    per = collections.Counter(s["producer"] for s in specs)
    planted, clean = 0, 0
    for s in specs:
        try:
            with open(os.path.join(directory, "truth", file_name(s) + ".json"), encoding="utf-8") as f:
                n = len(json.load(f).get("planted") or [])
        except (OSError, ValueError):
            n = 0
        planted += n
        clean += n == 0
    if a.report:
        write_json(a.report, {"seed": a.seed, "count": a.count, "seconds": round(time.time() - t0, 1),
                              "documents": sorted(({k: r[k] for k in ("name", "producer", "problems")} for r in results),
                                                  key=lambda r: r["name"])})
    print("forge: seed %d: %d documents in %s (%s); %d planted errors, %d clean documents; %.1f s%s" % (
        a.seed, len(specs), directory, ", ".join("%s %d" % (p, per[p]) for p in PRODUCERS if per[p]),
        planted, clean, time.time() - t0,
        "; %d FAILED verification" % len(failed) if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
