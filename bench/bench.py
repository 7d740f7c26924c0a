#!/usr/bin/env python3
"""tally's speed and memory benchmark, side by side with `pdftotext -layout` (Python 3 stdlib only).

Called by bench/run.sh (`make bench`). Generates its inputs into bench/work/ (not committed), runs
every command once to warm up and then REPS times, interleaving the commands that are compared so
that a burst of load hits both, and writes a Markdown summary (bench/results.md). Each child's
wall time, CPU time (user + system) and peak resident memory (ru_maxrss) come from os.wait4 on
that child alone. Nothing here asserts a time: figures are set against their targets and printed.
bench/floor.c (compiled here when poppler-glib's headers are present) measures poppler-glib's own
cost of a PDF's text, the floor under any extractor built on it.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import gen_html  # noqa: E402
import gen_pdf  # noqa: E402
import pipeline as pipeline_bench  # noqa: E402

LONG_SEED = 1
BATCH_SEEDS = list(range(101, 109))  # 8 documents
BATCH_PAGES = 60
HTML_ROWS, HTML_TABLES = 50_000, 10
# real reports added to the extraction table (not to the targets) when the shared corpus is there
REAL_DIR = os.path.join(REPO, "..", "shared", "corpus", "real-nl")
REAL_PDFS = ["wassenaar_begroting_2024.pdf", "dorothy_verslag_2021.pdf"]
FLOOR_MODES = ("text", "render+text")

TARGETS = {
    "ratio": 1.5,     # tally ingest time / pdftotext -layout time, one job, same PDFs: at most
    "extract": 1.5,   # tally tables time / pdftotext -layout time, per file, worst file (issue #4): at most
    "speedup": 1.7,   # --jobs 1 time / --jobs 2 time on the batch: at least
    "memory": 200.0,  # MB peak resident on the 500-page report: at most
    "html": 20.0,     # MB/s tally tables on the large page: at least
}


# ---------------------------------------------------------------- running one child

class Result:
    def __init__(self, wall, cpu, rss_mb, rc, err, timed_out=False, tree_rss_mb=None):
        self.wall, self.cpu, self.rss_mb, self.rc, self.err, self.timed_out = wall, cpu, rss_mb, rc, err, timed_out
        self.tree_rss_mb = tree_rss_mb  # summed resident size of the process tree at its peak (--tree-rss)

    @property
    def ok(self):
        return self.rc == 0 and not self.timed_out


def run_child(cmd, cwd, stdout_path, timeout, discard=False, tree_rss=False):
    """Runs cmd through measure.py; returns the wall time, CPU time and peak RSS of that child alone.
    With discard, the child's standard output goes to /dev/null instead of stdout_path; with
    tree_rss, the peak of the summed resident size of the child and its descendants too."""
    err_path = stdout_path + ".stderr"
    result_path = stdout_path + ".measure.json"
    if os.path.exists(result_path):
        os.unlink(result_path)
    subprocess.run([sys.executable, "-S", "-E", os.path.join(HERE, "measure.py")] + (["--tree-rss"] if tree_rss else [])
                   + [result_path, str(timeout),
                    os.devnull if discard else stdout_path, err_path] + cmd, cwd=cwd, stdin=subprocess.DEVNULL)
    with open(err_path, "rb") as f:
        tail = f.read()[-2000:].decode("utf-8", "replace").strip()
    try:
        with open(result_path) as f:
            m = json.load(f)
    except (OSError, ValueError):
        return Result(0.0, 0.0, 0.0, -1, "measure.py failed: " + tail)
    tree = m.get("tree_rss_kb")
    return Result(m["wall"], m["cpu"], m["maxrss_kb"] / 1024.0, m["rc"], tail, m["timed_out"],
                  tree / 1024.0 if tree is not None else None)


# ---------------------------------------------------------------- cases

class Case:
    """One command measured REPS times (after a warm-up), with what is needed to judge a run."""

    def __init__(self, name, cmd, cwd, work, pages=None, size=None, out_dir=None, kind="cmd", max_reps=None,
                 discard=False):
        self.name, self.cmd, self.cwd, self.work = name, cmd, cwd, work
        self.max_reps = max_reps  # a slow extra is run this often at most, without a warm-up
        self.pages, self.size, self.out_dir, self.kind = pages, size, out_dir, kind
        self.discard = discard  # measured runs write their output to /dev/null (the warm-up to a file)
        self.tree_rss = False  # sample the summed resident size of the process tree (worker processes)
        self.accept_verdicts = False  # ingest: a document's own verdict (a scan fails) is shown, not a failure
        self.verdict = None
        self.results, self.failures, self.notes = [], [], []
        self.tables_found = None
        self.floor_lines = []  # kind "floor": the parsed line of each measured run

    def once(self, timeout, record=True):
        if self.out_dir:
            shutil.rmtree(self.out_dir, ignore_errors=True)
        stdout_path = os.path.join(self.work, "logs", self.name.replace(":", "-") + ".out")
        discard = self.discard and record
        r = run_child(self.cmd, self.cwd, stdout_path, timeout, discard=discard, tree_rss=self.tree_rss)
        problem = None
        if r.timed_out:
            problem = "timed out after %ds" % timeout
        elif r.rc != 0:
            problem = "exit %d: %s" % (r.rc, last_line(r.err))
        elif self.kind == "ingest":
            problem = self.check_ingest()
        elif self.kind == "tables" and not discard:
            with open(stdout_path, "rb") as f:
                self.tables_found = sum(1 for line in f if line.strip())
        elif self.kind == "floor":
            problem = self.check_floor(stdout_path, record)
        if record:
            self.results.append(r)
            if problem:
                self.failures.append(problem)
        elif problem:
            self.notes.append("warm-up: " + problem)
        return r

    def check_ingest(self):
        """Reads run.json: a document that failed or was skipped makes the run a failure."""
        try:
            with open(os.path.join(self.out_dir, "run.json"), encoding="utf-8") as f:
                run = json.load(f)
        except (OSError, ValueError) as e:
            return "no readable run.json (%s)" % e
        bad = ["%s: %s" % (d.get("file"), d.get("reason") or d.get("status"))
               for d in run.get("documents", []) if d.get("status") != "ok"]
        self.tables_found = run.get("totals", {}).get("tables")
        if self.accept_verdicts and run.get("state", "complete") == "complete":
            self.verdict = "; ".join(bad) or None
            return None
        return "; ".join(bad) if bad else None

    def check_floor(self, stdout_path, record):
        """Reads floor's line (`floor mode=... pages=N ... failed=N cpu=S wall=S`)."""
        with open(stdout_path, encoding="utf-8", errors="replace") as f:
            lines = [l.split() for l in f if l.startswith("floor ")]
        try:
            line = {k: v for k, _, v in (field.partition("=") for field in lines[-1][1:])}
            line["pages"], line["failed"], line["cpu"] = int(line["pages"]), int(line["failed"]), float(line["cpu"])
        except (IndexError, KeyError, ValueError):
            return "no floor line in its output"
        if record:
            self.floor_lines.append(line)
        if self.pages and line["pages"] != self.pages:
            return "floor read %d pages of %d" % (line["pages"], self.pages)
        if line["failed"]:
            note = "%d pages not loaded or not rendered" % line["failed"]
            if note not in self.notes:
                self.notes.append(note)
        return None

    # statistics over the measured runs
    def walls(self):
        return [r.wall for r in self.results]

    def cpus(self):
        return [r.cpu for r in self.results]

    def median(self):
        return statistics.median(self.walls()) if self.results else None

    def min(self):
        return min(self.walls()) if self.results else None

    def max(self):
        return max(self.walls()) if self.results else None

    def cpu_median(self):
        return statistics.median(self.cpus()) if self.results else None

    def peak_mb(self):
        return max(r.rss_mb for r in self.results) if self.results else None

    def failed(self):
        return bool(self.failures)

    def status(self):
        if not self.failures:
            return "ok"
        first = self.failures[0]
        return "FAILED %d/%d runs (%s)" % (len(self.failures), len(self.results), first[:160])


class Group:
    """Several cases whose repetitions are interleaved: rep 1 of each, then rep 2 of each, ..."""

    def __init__(self, name, cases):
        self.name, self.cases = name, cases

    def run(self, reps, timeout, log):
        log("== %s: warm-up" % self.name)
        for c in self.cases:
            if c.max_reps:
                continue
            r = c.once(timeout, record=False)
            log("   %-34s %8.3f s  %6.1f MB%s" % (c.name, r.wall, r.rss_mb, "" if r.ok else "  (" + last_line(r.err)[:90] + ")"))
        for i in range(reps):
            line = []
            for c in self.cases:
                if c.max_reps and len(c.results) >= c.max_reps:
                    continue
                r = c.once(timeout)
                line.append("%s %.3fs" % (c.name, r.wall))
            log("   rep %d/%d: %s" % (i + 1, reps, ", ".join(line)))


def total_case(name, cases):
    """A case whose runs are the given cases' runs summed rep by rep (the median of whole-set runs)."""
    t = Case(name, None, None, None)
    reps = min(len(c.results) for c in cases) if cases else 0
    t.results = [Result(sum(c.results[i].wall for c in cases), sum(c.results[i].cpu for c in cases),
                        max(c.results[i].rss_mb for c in cases), 0, "") for i in range(reps)]
    t.failures = [f for c in cases for f in c.failures]
    t.pages = sum(c.pages or 0 for c in cases)
    return t


def ratios(a, b):
    """a / b by median wall time, best run against best run, and median CPU time; Nones when either is missing."""
    if not a or not b or not a.results or not b.results:
        return None, None, None
    return a.median() / b.median(), a.min() / b.min(), a.cpu_median() / b.cpu_median()


def last_line(text):
    lines = [l for l in (text or "").splitlines() if l.strip()]
    return lines[-1] if lines else ""


# ---------------------------------------------------------------- inputs

def stamp_of(*parts):
    h = hashlib.sha256()
    for name in ("gen_pdf.py", "gen_html.py"):
        with open(os.path.join(HERE, name), "rb") as f:
            h.update(f.read())
    h.update(repr(parts).encode())
    return h.hexdigest()


def generate_inputs(work, long_pages, log):
    """Generated documents go to work/gen; regenerated only when the generators or sizes changed."""
    gen = os.path.join(work, "gen")
    stamp = stamp_of(long_pages, LONG_SEED, BATCH_SEEDS, BATCH_PAGES, HTML_ROWS, HTML_TABLES)
    manifest_path = os.path.join(gen, "manifest.json")
    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
        if manifest.get("stamp") == stamp and all(os.path.exists(os.path.join(gen, n)) for n in manifest["files"]):
            log("inputs: reusing %s" % gen)
            return manifest
    except (OSError, ValueError, KeyError):
        pass
    shutil.rmtree(gen, ignore_errors=True)
    os.makedirs(os.path.join(gen, "batch"))
    files = {}
    t0 = time.perf_counter()
    name = "long-report-%dp.pdf" % long_pages
    pages, tables = gen_pdf.generate(long_pages, LONG_SEED)
    gen_pdf.write_pdf(os.path.join(gen, name), pages, title="Jaarverslag (bench, %d pagina's)" % long_pages)
    files[name] = {"pages": len(pages), "tables": tables}
    for seed in BATCH_SEEDS:
        bname = "batch/report-seed%d.pdf" % seed
        pages, tables = gen_pdf.generate(BATCH_PAGES, seed)
        gen_pdf.write_pdf(os.path.join(gen, bname), pages)
        files[bname] = {"pages": len(pages), "tables": tables}
    hname = "large-page-%drows.html" % HTML_ROWS
    data = gen_html.generate(HTML_ROWS, HTML_TABLES, LONG_SEED).encode("utf-8")
    with open(os.path.join(gen, hname), "wb") as f:
        f.write(data)
    files[hname] = {"rows": HTML_ROWS, "tables": HTML_TABLES}
    for n in files:
        files[n]["bytes"] = os.path.getsize(os.path.join(gen, n))
    manifest = {"stamp": stamp, "files": files, "long": name, "html": hname}
    with open(manifest_path, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
    log("inputs: generated in %.1f s into %s" % (time.perf_counter() - t0, gen))
    return manifest


def pdf_pages(path):
    """Page count of a sample PDF: pdfinfo when present, else /Count of the page tree root."""
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
    import re
    with open(path, "rb") as f:
        counts = [int(m) for m in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", f.read())]
    return max(counts) if counts else None


def real_pdfs(folder, notes):
    """The real reports of REAL_PDFS found in folder; a note for each one (or the folder) missing."""
    if not os.path.isdir(folder):
        notes.append("real reports skipped: no folder %s" % os.path.normpath(folder))
        return []
    found = []
    for name in REAL_PDFS:
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            found.append(os.path.abspath(path))
        else:
            notes.append("real report skipped: %s not in %s" % (name, os.path.normpath(folder)))
    return found


def build_floor(work, notes):
    """Compiles bench/floor.c into work/floor; None (and a note) when there is no compiler or poppler-glib."""
    out = os.path.join(work, "floor")
    cc = shutil.which("cc")
    pkg = shutil.which("pkg-config")
    if not cc or not pkg:
        notes.append("poppler-glib floor skipped: no %s" % ("cc" if not cc else "pkg-config"))
        return None, None
    flags = subprocess.run([pkg, "--cflags", "--libs", "poppler-glib", "cairo"], capture_output=True, text=True)
    if flags.returncode != 0:
        notes.append("poppler-glib floor skipped: pkg-config poppler-glib cairo: %s" % last_line(flags.stderr))
        return None, None
    p = subprocess.run([cc, "-O2", os.path.join(HERE, "floor.c")] + flags.stdout.split() + ["-o", out],
                       capture_output=True, text=True)
    if p.returncode != 0:
        notes.append("poppler-glib floor skipped: bench/floor.c did not compile: %s" % last_line(p.stderr))
        return None, None
    version = subprocess.run([pkg, "--modversion", "poppler-glib"], capture_output=True, text=True).stdout.strip()
    return out, version or "?"


def make_inbox(work, name, paths):
    """An inbox folder of symbolic links (tally follows them) to the given files."""
    d = os.path.join(work, "inbox", name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    for p in paths:
        os.symlink(os.path.abspath(p), os.path.join(d, os.path.basename(p)))
    return d


# ---------------------------------------------------------------- report

def fmt_s(x):
    return "-" if x is None else ("%.3f" % x if x < 10 else "%.2f" % x)


def fmt(x, spec="%.1f"):
    return "-" if x is None else spec % x


def verdict(value, target, at_most, failed=False):
    if value is None:
        return "n/a"
    if failed:
        return "n/a (runs failed)"
    ok = value <= target if at_most else value >= target
    return "met" if ok else "MISSED"


def machine_info():
    mem_kb = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem_kb = int(line.split()[1])
    except OSError:
        pass
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "mem_gib": (mem_kb or 0) / 1048576.0, "cpu": cpu,
            "kernel": platform.release()}


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def git_commit():
    try:
        c = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "Sources", "Package.swift"],
                               cwd=REPO, capture_output=True, text=True).stdout.strip()
        return c + (" (+ uncommitted changes in Sources/)" if dirty else "")
    except OSError:
        return "?"


def version_of(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
        lines = [l.strip() for l in (p.stdout + "\n" + p.stderr).splitlines() if l.strip()]
        return next((l for l in lines if "version" in l.lower()), lines[0] if lines else "?")
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def main():
    ap = argparse.ArgumentParser(description="tally benchmark (see bench/README.md)")
    ap.add_argument("--bin", default=os.path.join(REPO, ".build/release/tally"))
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--work", default=os.path.join(HERE, "work"))
    ap.add_argument("--results", default=os.path.join(HERE, "results.md"))
    ap.add_argument("--long-pages", type=int, default=500)
    ap.add_argument("--timeout", type=int, default=900, help="seconds before one child is killed")
    ap.add_argument("--note", default="", help="a line to add to the header of results.md")
    ap.add_argument("--only", default="", help="comma-separated groups: pdf,extract,floor,jobs,html,review (default all)")
    ap.add_argument("--real-dir", default="", help="folder of the real reports added to the extraction table "
                    "(default ../shared/corpus/real-nl next to the repository)")
    a = ap.parse_args()

    tally = os.path.abspath(a.bin)
    if not os.access(tally, os.X_OK):
        sys.exit("bench: no tally binary at %s (run `make release`, or set TALLY_BIN)" % tally)
    pdftotext = shutil.which("pdftotext")
    work = os.path.abspath(a.work)
    os.makedirs(os.path.join(work, "logs"), exist_ok=True)
    os.makedirs(os.path.join(work, "txt"), exist_ok=True)
    # tally reads ./pipeline.yaml when present: run in a folder without one, so defaults apply.
    cwd = os.path.join(work, "cwd")
    os.makedirs(cwd, exist_ok=True)
    only = set(filter(None, a.only.split(","))) or {"pdf", "extract", "floor", "pipeline", "jobs", "html", "review"}
    notes = []  # for the summary: what was skipped and why

    def log(msg):
        print(msg, flush=True)

    if only == {"review"}:
        # The review page's crops alone (BENCH_ONLY=review): no generated inputs needed, and
        # results.md (the full report) is left as it is; the section goes to work/review.md.
        md = review_cost(tally, work, cwd, a.reps, log)
        print(md)
        with open(os.path.join(work, "review.md"), "w", encoding="utf-8") as f:
            f.write(md)
        return

    started = datetime.datetime.now().astimezone()
    load_start = loadavg()
    commit = git_commit()  # at the start: the tree may move on while the benchmark runs
    log("tally benchmark: %s, %d reps, binary %s" % (started.strftime("%Y-%m-%d %H:%M %Z"), a.reps, tally))
    manifest = generate_inputs(work, a.long_pages, log)
    gen = os.path.join(work, "gen")
    long_pdf = os.path.join(gen, manifest["long"])
    big_html = os.path.join(gen, manifest["html"])

    # the benchmark set: top-level samples plus the generated long report
    sample_pdfs = sorted(os.path.join(REPO, "samples", n) for n in os.listdir(os.path.join(REPO, "samples")) if n.endswith(".pdf"))
    sample_html = sorted(os.path.join(REPO, "samples", n) for n in os.listdir(os.path.join(REPO, "samples")) if n.endswith(".html"))
    pdfs = [(long_pdf, manifest["files"][manifest["long"]]["pages"], manifest["files"][manifest["long"]]["tables"])]
    pdfs += [(p, pdf_pages(p), None) for p in sample_pdfs]

    def ingest(name, inbox, jobs, pages=None, size=None, max_reps=None):
        out = os.path.join(work, "out", name.replace(":", "-"))
        return Case(name, [tally, "ingest", "--inbox", inbox, "--out", out, "--force", "--jobs", str(jobs)],
                    cwd, work, pages=pages, size=size, out_dir=out, kind="ingest", max_reps=max_reps)

    groups, pdf_pairs = [], []
    if "pdf" in only:
        cases = []
        for path, pages, _ in pdfs:
            base = os.path.basename(path)
            t = ingest("tally:" + base, make_inbox(work, base, [path]), 1, pages=pages)
            cases.append(t)
            p = None
            if pdftotext:
                p = Case("pdftotext:" + base, [pdftotext, "-layout", path, os.path.join(work, "txt", base + ".txt")],
                         cwd, work, pages=pages)
                cases.append(p)
            pdf_pairs.append((path, pages, t, p))
        groups.append(Group("PDF: tally ingest --jobs 1 vs pdftotext -layout, per document", cases))
    # extraction alone (issue #4's criterion) and poppler-glib's floor, file by file, interleaved
    extract_rows, floor_version, floor = [], None, None
    if "floor" in only or "pipeline" in only:
        floor, floor_version = build_floor(work, notes)
    if "extract" in only or "floor" in only:
        files = [(path, pages, tables, False) for path, pages, tables in pdfs]
        files += [(path, pdf_pages(path), None, True) for path in real_pdfs(a.real_dir or REAL_DIR, notes)]
        cases = []
        for path, pages, _, real in files:
            base = os.path.basename(path)
            row = {"path": path, "pages": pages, "real": real, "tables": None, "pdftotext": None,
                   "text": None, "render+text": None}
            if "extract" in only:
                row["tables"] = Case("tables:" + base, [tally, "tables", path], cwd, work, pages=pages, kind="tables",
                                     discard=True)
            if pdftotext:
                row["pdftotext"] = Case("pdftotext-x:" + base, [pdftotext, "-layout", path,
                                                                os.path.join(work, "txt", base + ".x.txt")],
                                        cwd, work, pages=pages)
            for mode in FLOOR_MODES if floor and "floor" in only else ():
                row[mode] = Case("floor-%s:%s" % (mode, base), [floor, path, mode], cwd, work, pages=pages, kind="floor")
            cases += [row[k] for k in ("tables", "pdftotext", "text", "render+text") if row[k]]
            extract_rows.append(row)
        if cases:
            groups.append(Group("Extraction: tally tables vs pdftotext -layout vs poppler-glib floor, per document",
                                cases))
    pipeline = None
    if "pipeline" in only:
        pipeline = pipeline_bench.build(
            [(p, n) for p, n, _ in pdfs], pipeline_bench.real_reports(a.real_dir or REAL_DIR, notes), floor, pdf_pages,
            lambda name, inbox, jobs, pages: ingest(name, inbox, jobs, pages=pages),
            lambda name, path, pages: Case(name, [floor, path, "render+text"], cwd, work, pages=pages, kind="floor"),
            lambda name, paths: make_inbox(work, name, paths))
        if not floor:
            notes.append("whole pipeline vs floor: no floor binary, only the real-nl batch is measured")
        if pipeline.cases():
            groups.append(Group("Whole pipeline vs poppler-glib floor, per document; real-nl batch at --jobs 2",
                                pipeline.cases()))
    jobs_cases = None
    if "jobs" in only:
        batch = [os.path.join(gen, n) for n in sorted(manifest["files"]) if n.startswith("batch/")]
        batch_pages = sum(manifest["files"][n]["pages"] for n in manifest["files"] if n.startswith("batch/"))
        inbox = make_inbox(work, "batch", batch)
        jobs_cases = (ingest("batch:jobs1", inbox, 1, pages=batch_pages), ingest("batch:jobs2", inbox, 2, pages=batch_pages))
        groups.append(Group("Batch of %d PDFs: --jobs 1 vs --jobs 2" % len(batch), list(jobs_cases)))
    html_cases = None
    if "html" in only:
        big_size = os.path.getsize(big_html)
        small_size = sum(os.path.getsize(p) for p in sample_html)
        html_cases = {
            "tables": Case("tables:large-page", [tally, "tables", big_html], cwd, work, size=big_size, kind="tables"),
            # the whole pipeline on 50 000 rows: once, no warm-up (it can take minutes)
            "ingest": ingest("ingest:large-page", make_inbox(work, "large-html", [big_html]), 1, size=big_size,
                             max_reps=1),
            "samples": ingest("ingest:html-samples", make_inbox(work, "html-samples", sample_html), 1, size=small_size),
        }
        groups.append(Group("HTML throughput", list(html_cases.values())))

    for g in groups:
        g.run(a.reps, a.timeout, log)

    review_md = review_cost(tally, work, cwd, a.reps, log) if "review" in only else ""

    finished = datetime.datetime.now().astimezone()
    md = report(a, tally, pdftotext, commit, started, finished, load_start, loadavg(), manifest, pdf_pairs, jobs_cases,
                html_cases, sample_html, extract_rows, floor_version, notes, pipeline) + review_md
    print()
    print(md)
    with open(a.results, "w", encoding="utf-8") as f:
        f.write(md)
    log("written: %s" % os.path.relpath(a.results, REPO))


def review_cost(tally, work, cwd, reps, log):
    """Issue #20's criterion: rendering the review page's crops costs at most 20 % of the ingest
    time of the samples. Each rep ingests samples/ with --force and no crops left from before (so
    every crop is rendered), then reads run.json: the run's seconds and review.crop_seconds."""
    out = os.path.join(work, "out", "review-samples")
    inbox = os.path.join(REPO, "samples")
    rows = []
    for i in range(reps + 1):
        shutil.rmtree(os.path.join(out, "review"), ignore_errors=True)
        r = subprocess.run([tally, "ingest", "--inbox", inbox, "--out", out, "--force", "--jobs", "1"], cwd=cwd,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(os.path.join(out, "run.json"), encoding="utf-8") as f:
            m = json.load(f)
        rv = m.get("review") or {}
        if r.returncode != 0 or "crop_seconds" not in rv:
            log("review: run %d failed (exit %d)" % (i, r.returncode))
            return "\n## Review page crops\n\nnot measured: the ingest failed or run.json has no review member\n"
        if i == 0:
            continue  # warm-up
        total = float(m["totals"]["seconds"])
        crop = float(rv["crop_seconds"])
        rows.append((total, crop, rv["crops"], rv["crops_rendered"]))
        log("review: ingest %.2f s, crops %.2f s (%d crops)" % (total, crop, rv["crops_rendered"]))
    rows.sort(key=lambda r: r[1] / r[0])
    total, crop, crops, rendered = rows[len(rows) // 2]
    share = 100.0 * crop / total
    L = ["", "## Review page crops (issue #20: at most 20 % of the ingest time of the samples)", "",
         "`tally ingest --inbox samples --force --jobs 1` with `out/review/` emptied before each run, so every crop "
         "is rendered; median of %d runs by share." % len(rows), "",
         "| ingest (s) | crops rendered | crop rendering (s) | share of ingest | target ≤ 20 % |", "|---|---|---|---|---|",
         "| %.2f | %d of %d | %.2f | %.1f %% | %s |" % (total, rendered, crops, crop, share, "met" if share <= 20 else "NOT met"),
         "", "Every run: " + ", ".join("%.1f %%" % (100.0 * c / t) for t, c, _, _ in rows), ""]
    return "\n".join(L)


def report(a, tally, pdftotext, commit, started, finished, load_start, load_end, manifest, pdf_pairs, jobs_cases,
           html_cases, sample_html, extract_rows, floor_version, run_notes, pipeline=None):
    m = machine_info()
    L = []
    w = L.append
    w("# tally benchmark results")
    w("")
    w("Latest `make bench` measurement (written by `bench/bench.py`; see `bench/README.md` for how to read it).")
    w("")
    w("| | |")
    w("| --- | --- |")
    w("| date | %s (took %.0f s) |" % (started.strftime("%Y-%m-%d %H:%M %Z"), (finished - started).total_seconds()))
    w("| machine | %s cores (nproc), %.1f GiB memory, %s, Linux %s |" % (m["nproc"], m["mem_gib"], m["cpu"] or "?", m["kernel"]))
    w("| load average (1, 5, 15 min) | %s at start, %s at end |" % (load_start, load_end))
    w("| tally commit | %s at the start |" % commit)
    shown = os.path.relpath(tally, REPO) if tally.startswith(REPO + os.sep) else tally
    built = datetime.datetime.fromtimestamp(os.path.getmtime(tally)).astimezone().strftime("%Y-%m-%d %H:%M %Z")
    w("| tally binary | `%s`, version %s, built %s |" % (shown, version_of([tally, "--version"]), built))
    w("| yardstick | %s |" % ("`pdftotext -layout` " + version_of([pdftotext, "-v"]) if pdftotext else "pdftotext not installed: ratios n/a"))
    if floor_version:
        w("| floor | `bench/floor.c` on poppler-glib %s |" % floor_version)
    if a.note:
        w("| note | %s |" % a.note.replace("|", "/"))
    w("| repetitions | %d after one warm-up run each; median (min-max) of wall time; CPU = user+system of the child |" % a.reps)
    w("")

    # ---- targets
    summary = []
    ratio = ratio_min = None
    tot_t = tot_p = None
    pdf_failed = False
    if pdf_pairs:
        # per-rep sums over the documents, so the set figure is the median of whole-set runs
        reps = min(len(t.results) for _, _, t, _ in pdf_pairs)
        tot_t = [sum(t.results[i].wall for _, _, t, _ in pdf_pairs) for i in range(reps)]
        pdf_failed = any(t.failed() for _, _, t, _ in pdf_pairs)
        if all(p for _, _, _, p in pdf_pairs):
            tot_p = [sum(p.results[i].wall for _, _, _, p in pdf_pairs) for i in range(reps)]
            ratio = statistics.median(tot_t) / statistics.median(tot_p)
            ratio_min = min(tot_t) / min(tot_p)
    long_case = pdf_pairs[0][2] if pdf_pairs else None
    speedup = speedup_min = None
    if jobs_cases and jobs_cases[0].results and jobs_cases[1].results:
        speedup = jobs_cases[0].median() / jobs_cases[1].median()
        speedup_min = jobs_cases[0].min() / jobs_cases[1].min()
    html_rate = None
    if html_cases and html_cases["tables"].results:
        html_rate = html_cases["tables"].size / 1e6 / html_cases["tables"].median()

    # extraction: per file of the benchmark set (the real reports are shown, not judged)
    set_rows = [r for r in extract_rows if not r["real"]]
    worst = worst_min = worst_name = None
    extract_failed = any(r["tables"].failed() for r in set_rows if r["tables"])
    for r in set_rows:
        med, best, _ = ratios(r["tables"], r["pdftotext"])
        if med is not None and (worst is None or med > worst):
            worst, worst_name = med, os.path.basename(r["path"])
        if best is not None and (worst_min is None or best > worst_min):
            worst_min = best

    w("## Against the targets")
    w("")
    w("| figure | measured (median) | best run (min) | target | verdict |")
    w("| --- | --- | --- | --- | --- |")
    if pdf_pairs:
        w("| whole pipeline (`tally ingest`) vs `pdftotext -layout`, one job, all PDFs together (time ratio) | %s | %s "
          "| <= %.1fx | %s |" % (fmt(ratio, "%.2fx"), fmt(ratio_min, "%.2fx"), TARGETS["ratio"],
                                verdict(ratio, TARGETS["ratio"], True, pdf_failed)))
    if any(r["tables"] for r in set_rows):
        w("| extraction (`tally tables`) vs `pdftotext -layout`, per file, worst file (time ratio) | %s | %s | <= %.1fx "
          "| %s |" % (fmt(worst, "%.2fx") + (" (%s)" % worst_name if worst_name else ""), fmt(worst_min, "%.2fx"),
                      TARGETS["extract"], verdict(worst, TARGETS["extract"], True, extract_failed)))
    if pdf_pairs:
        w("| peak resident memory, %d-page report | %s MB | | <= %.0f MB | %s |" % (
            pdf_pairs[0][1], fmt(long_case.peak_mb(), "%.0f"), TARGETS["memory"],
            verdict(long_case.peak_mb(), TARGETS["memory"], True, long_case.failed())))
    if jobs_cases:
        w("| speed-up of `--jobs 2` over `--jobs 1`, %d documents | %s | %s | >= %.1fx | %s |" % (
            len(BATCH_SEEDS), fmt(speedup, "%.2fx"), fmt(speedup_min, "%.2fx"), TARGETS["speedup"],
            verdict(speedup, TARGETS["speedup"], False, jobs_cases[0].failed() or jobs_cases[1].failed())))
    if html_cases:
        c = html_cases["tables"]
        best = c.size / 1e6 / c.min() if c.results else None
        w("| HTML throughput, `tally tables` on a %.1f MB page | %s MB/s | %s MB/s | >= %.0f MB/s | %s |" % (
            c.size / 1e6, fmt(html_rate), fmt(best), TARGETS["html"], verdict(html_rate, TARGETS["html"], False, c.failed())))
    for line in pipeline_bench.target_lines(pipeline, fmt, verdict) if pipeline else ():
        w(line)
    w("")
    w("A verdict reads `n/a (runs failed)` when tally did not finish the work (see Status below): the time of a "
      "run that stops early says nothing about speed.")
    w("")

    if pdf_pairs:
        w("## PDF: pages per second, tally vs pdftotext")
        w("")
        w("Each document alone in its own inbox: `tally ingest --jobs 1 --force` (start-up, extraction, "
          "normalisation, reconciliation, writing JSONL) against `pdftotext -layout FILE out.txt`.")
        w("")
        w("| document | pages | command | wall s median (min-max) | ms/page | pages/s | CPU s | peak MB | tables | status |")
        w("| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
        for path, pages, t, p in pdf_pairs:
            name = os.path.basename(path)
            gen_tables = manifest["files"].get(manifest["long"], {}).get("tables") if path.endswith(manifest["long"]) else None
            for label, c in (("tally ingest", t), ("pdftotext -layout", p)):
                if c is None:
                    continue
                tables = ""
                if label == "tally ingest":
                    tables = "-" if c.tables_found is None else str(c.tables_found)
                    if gen_tables:
                        tables += " (%d drawn)" % gen_tables
                w("| %s | %s | %s | %s (%s-%s) | %s | %s | %s | %s | %s | %s |" % (
                    name, pages or "?", label, fmt_s(c.median()), fmt_s(c.min()), fmt_s(c.max()),
                    fmt(1000 * c.median() / pages if pages else None), fmt(pages / c.median() if pages else None, "%.0f"),
                    fmt_s(c.cpu_median()), fmt(c.peak_mb(), "%.0f"), tables, c.status()))
        pages_all = sum(pg or 0 for _, pg, _, _ in pdf_pairs)
        w("| **all PDFs** | %d | tally ingest | %s (%s-%s) | %s | %s | | | | %s |" % (
            pages_all, fmt_s(statistics.median(tot_t)), fmt_s(min(tot_t)), fmt_s(max(tot_t)),
            fmt(1000 * statistics.median(tot_t) / pages_all), fmt(pages_all / statistics.median(tot_t), "%.0f"),
            "FAILED" if pdf_failed else "ok"))
        if tot_p:
            w("| **all PDFs** | %d | pdftotext -layout | %s (%s-%s) | %s | %s | | | | |" % (
                pages_all, fmt_s(statistics.median(tot_p)), fmt_s(min(tot_p)), fmt_s(max(tot_p)),
                fmt(1000 * statistics.median(tot_p) / pages_all), fmt(pages_all / statistics.median(tot_p), "%.0f")))
        w("")
        if tot_p:
            cpu_ratio = (sum(t.cpu_median() for _, _, t, _ in pdf_pairs) / sum(p.cpu_median() for _, _, _, p in pdf_pairs))
            w("Ratio tally / pdftotext on all PDFs: %s by median wall time, %s best against best, %s by CPU time "
              "(CPU time suffers least from other load on the machine)." % (
                  fmt(ratio, "%.2fx"), fmt(ratio_min, "%.2fx"), fmt(cpu_ratio, "%.2fx")))
            w("")

    if extract_rows:
        extraction_sections(w, manifest, extract_rows, set_rows, worst, worst_name)

    if pipeline:
        pipeline_bench.section(w, pipeline, fmt, fmt_s)

    if jobs_cases:
        j1, j2 = jobs_cases
        w("## Parallel documents: `--jobs 2` vs `--jobs 1`")
        w("")
        w("%d generated reports of %d pages each (%d pages) in one inbox." % (len(BATCH_SEEDS), BATCH_PAGES, j1.pages))
        w("")
        w("| jobs | wall s median (min-max) | pages/s | CPU s | peak MB | status |")
        w("| ---: | --- | ---: | ---: | ---: | --- |")
        for n, c in ((1, j1), (2, j2)):
            w("| %d | %s (%s-%s) | %s | %s | %s | %s |" % (
                n, fmt_s(c.median()), fmt_s(c.min()), fmt_s(c.max()), fmt(c.pages / c.median() if c.results else None, "%.0f"),
                fmt_s(c.cpu_median()), fmt(c.peak_mb(), "%.0f"), c.status()))
        w("")
        w("Speed-up: %s by median, %s best against best. With 2 cores the ceiling is 2.0x; other work on the "
          "machine takes from it." % (fmt(speedup, "%.2fx"), fmt(speedup_min, "%.2fx")))
        w("")

    if html_cases:
        w("## HTML throughput")
        w("")
        w("| input | MB | command | wall s median (min-max) | MB/s | CPU s | peak MB | tables | status |")
        w("| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | --- |")
        hname = manifest["html"]
        for key, label, what in (("tables", "tally tables", hname), ("ingest", "tally ingest --jobs 1 (one run)", hname),
                                 ("samples", "tally ingest --jobs 1", "%d samples/*.html" % len(sample_html))):
            c = html_cases[key]
            tables = "-" if c.tables_found is None else str(c.tables_found)
            if key != "samples":
                tables += " (%d drawn)" % HTML_TABLES
            w("| %s | %.2f | %s | %s (%s-%s) | %s | %s | %s | %s | %s |" % (
                what, c.size / 1e6, label, fmt_s(c.median()), fmt_s(c.min()), fmt_s(c.max()),
                fmt(c.size / 1e6 / c.median() if c.results else None), fmt_s(c.cpu_median()), fmt(c.peak_mb(), "%.0f"),
                tables, c.status()))
        w("")
        w("The large page has %d rows in %d tables. The samples are small, so their figure is mostly start-up time." % (
            HTML_ROWS, HTML_TABLES))
        w("")

    notes = list(run_notes)
    for c in all_cases(pdf_pairs, jobs_cases, html_cases, extract_rows) + (pipeline.cases() if pipeline else []):
        for n in c.notes:
            notes.append("%s %s" % (c.name, n))
    if notes:
        w("## Notes from the run")
        w("")
        for n in notes:
            w("- " + n[:300])
        w("")
    return "\n".join(L)


def extraction_sections(w, manifest, rows, set_rows, worst, worst_name):
    """The extraction table (`tally tables` against pdftotext, issue #4) and the poppler-glib floor table."""
    def name_of(r):
        return os.path.basename(r["path"]) + (" (real-nl)" if r["real"] else "")

    def wall(c):
        return "%s (%s-%s)" % (fmt_s(c.median()), fmt_s(c.min()), fmt_s(c.max())) if c and c.results else "-"

    def cpu(c):
        return fmt_s(c.cpu_median()) if c and c.results else "-"

    def total(key, rs):
        cases = [r[key] for r in rs]
        return total_case("all:" + key, cases) if cases and all(cases) else None

    totals = {k: total(k, set_rows) for k in ("tables", "pdftotext") + FLOOR_MODES}
    all_row = {"path": "**all PDFs**", "pages": sum(r["pages"] or 0 for r in set_rows), "real": False}
    all_row.update(totals)
    real_rows = [r for r in rows if r["real"]]
    shown = set_rows + ([all_row] if len(set_rows) > 1 else []) + real_rows

    if any(r["tables"] for r in rows):
        w("## Extraction: `tally tables` vs `pdftotext -layout`, per file")
        w("")
        w("Issue #4's speed criterion: extracting a whole PDF takes at most %.1f times as long as `pdftotext -layout` on "
          "the same file. `tally tables FILE > /dev/null` (start-up, reading the PDF, finding its tables, writing them "
          "as JSON lines) against `pdftotext -layout FILE out.txt`, interleaved. The ratios are tally / pdftotext: by "
          "median wall time, best run against best run, by median CPU time. Files marked real-nl come from "
          "`../shared/corpus/real-nl/` when it is there: shown, not counted in the target or the all-PDFs line." % (
              TARGETS["extract"]))
        w("")
        w("| document | pages | tally tables wall s median (min-max) | CPU s | peak MB | tables "
          "| pdftotext wall s median (min-max) | CPU s | ratio (median) | ratio (min) | ratio (CPU) | status |")
        w("| --- | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |")
        for r in shown:
            t, p = r["tables"], r["pdftotext"]
            if t is None:
                continue
            med, best, by_cpu = ratios(t, p)
            tables = "-" if t.tables_found is None else str(t.tables_found)
            if r["path"].endswith(manifest["long"]):
                tables += " (%d drawn)" % manifest["files"][manifest["long"]]["tables"]
            w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                name_of(r), r["pages"] or "?", wall(t), cpu(t), fmt(t.peak_mb(), "%.0f"),
                tables if r is not all_row else "", wall(p), cpu(p), fmt(med, "%.2fx"), fmt(best, "%.2fx"),
                fmt(by_cpu, "%.2fx"), "FAILED" if r is all_row and t.failed() else t.status()))
        w("")
        med, best, by_cpu = ratios(totals["tables"], totals["pdftotext"])
        w("Worst file of the benchmark set: %s at %s (target <= %.1fx). All PDFs together: %s by median wall time, %s "
          "best against best, %s by CPU time." % (worst_name or "-", fmt(worst, "%.2fx"), TARGETS["extract"],
                                                 fmt(med, "%.2fx"), fmt(best, "%.2fx"), fmt(by_cpu, "%.2fx")))
        w("")

    if any(r["render+text"] for r in rows):
        w("## poppler-glib floor")
        w("")
        w("`bench/floor.c` opens the PDF with poppler-glib and takes its pages one at a time, doing only what any "
          "extractor built on poppler-glib must do: **text** = `poppler_page_get_text`, `_get_text_layout` and "
          "`_get_text_attributes` (characters, boxes, fonts); **render+text** = first `poppler_page_render` into a "
          "white RGB24 image of the page at 1 pixel per point (tally's default `ruling_scale`), then the same three "
          "calls. render+text is the least an extractor that reads rules from the rendered page can cost, as tally "
          "does; tally tables / render+text is what tally's own work (words, lines, rules, tables, JSON) adds on top. "
          "Each cell: ratio of median wall times, then of CPU times in brackets.")
        w("")
        w("| document | pages | floor text wall s median (min-max) | CPU s | floor render+text wall s median (min-max) "
          "| CPU s | text / pdftotext | render+text / pdftotext | tally tables / render+text | tally's own CPU s (share) |")
        w("| --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |")

        def both(a, b):
            med, _, by_cpu = ratios(a, b)
            return "-" if med is None else "%.2fx (%.2fx)" % (med, by_cpu)

        for r in shown:
            ft, fr, t = r["text"], r["render+text"], r["tables"]
            if fr is None:
                continue
            own = "-"
            if t and t.results and fr.results:
                own_s = t.cpu_median() - fr.cpu_median()
                own = "%s (%.0f%%)" % (fmt_s(own_s), 100 * own_s / t.cpu_median()) if t.cpu_median() > 0 else fmt_s(own_s)
            w("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                name_of(r), r["pages"] or "?", wall(ft), cpu(ft), wall(fr), cpu(fr), both(ft, r["pdftotext"]),
                both(fr, r["pdftotext"]), both(t, fr), own))
        w("")
        loops = [(c.cpu_median(), statistics.median(l["cpu"] for l in c.floor_lines))
                 for r in set_rows for c in (r["render+text"],) if c and c.floor_lines]
        if loops:
            w("Times are of the whole process, start-up included, like tally's and pdftotext's; floor's own line "
              "(its CPU from opening the document to the last page) puts start-up and library loading at %.0f ms a "
              "run on average. tally's own CPU: tally tables' CPU time minus floor render+text's, and its share of "
              "tally tables' CPU time." % (1000 * sum(p - l for p, l in loops) / len(loops)))
            w("")


def all_cases(pdf_pairs, jobs_cases, html_cases, extract_rows):
    out = [r[k] for r in extract_rows for k in ("tables", "pdftotext") + FLOOR_MODES if r[k]]
    for _, _, t, p in pdf_pairs or []:
        out += [t] + ([p] if p else [])
    out += list(jobs_cases or [])
    out += list((html_cases or {}).values())
    return out


if __name__ == "__main__":
    main()
