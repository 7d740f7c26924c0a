#!/usr/bin/env python3
"""Measure tally on a fresh forge batch: seed -> documents -> tally ingest -> forge/score.py.

Usage: python3 forge/eval_forge.py [--seed N] [--count 40] [--keep] [--jobs J] [--tally BIN] [--json FILE]

Without --seed a fresh seed is drawn from os.urandom and printed first, so any run can be replayed
(`make eval-forge SEED=N`). The batch is generated into .build/forge/<seed>/, tally writes to
.build/forge/<seed>/out, and the score report is printed (and written to
.build/forge/<seed>/score.json). Without --keep the documents are removed afterwards (the score
and tally's output stay). Documents whose truth fails the forge's verification are set aside in
.build/forge/<seed>/unverified/ and not scored; the run then exits 1 after printing the report.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main(argv=None):
    ncores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int)
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--jobs", type=int, default=ncores)
    ap.add_argument("--keep", action="store_true", help="keep the generated documents")
    ap.add_argument("--tally", default=os.path.join(ROOT, ".build", "release", "tally"))
    ap.add_argument("--json", help="also write the scores here (default: <batch>/score.json)")
    a = ap.parse_args(argv)
    seed = a.seed if a.seed is not None else int.from_bytes(os.urandom(4), "big")
    print("forge seed: %d (replay with make eval-forge SEED=%d)" % (seed, seed), flush=True)
    batch = os.path.join(ROOT, ".build", "forge", str(seed))
    out = os.path.join(batch, "out")
    if os.path.isdir(batch):
        shutil.rmtree(batch)
    os.makedirs(batch)

    t0 = time.time()
    os.makedirs(os.path.join(batch, "log"))  # a sub-folder: tally reads only the top level of its inbox
    report = os.path.join(batch, "log", "forge-report.json")
    r = subprocess.run([sys.executable, os.path.join(HERE, "forge.py"), "--seed", str(seed), "--count", str(a.count),
                        "--dir", batch, "--jobs", str(a.jobs), "--report", report])
    if not os.path.exists(report):
        print("eval-forge: the forge failed (exit %d) before it finished; nothing scored" % r.returncode,
              file=sys.stderr)
        return r.returncode or 1
    with open(report, encoding="utf-8") as f:
        unverified = [d["name"] for d in json.load(f)["documents"] if d["problems"]]
    if unverified:
        # a truth that does not match its document would score tally against a wrong answer: set
        # those documents aside (with their truth) and score the verified ones
        aside = os.path.join(batch, "unverified")
        os.makedirs(os.path.join(aside, "truth"))
        for name in unverified:
            for src, dst in ((os.path.join(batch, name), os.path.join(aside, name)),
                             (os.path.join(batch, "truth", name + ".json"), os.path.join(aside, "truth", name + ".json"))):
                if os.path.exists(src):
                    os.replace(src, dst)
        print("eval-forge: %d document(s) failed the forge's verification and are not scored (kept in %s): %s"
              % (len(unverified), aside, ", ".join(unverified)), file=sys.stderr)
    t1 = time.time()
    r = subprocess.run([a.tally, "ingest", "--inbox", batch, "--out", out, "--force", "--jobs", str(a.jobs)])
    if r.returncode != 0:
        print("eval-forge: tally ingest exited %d (scoring what it wrote)" % r.returncode, file=sys.stderr)
    t2 = time.time()
    print("eval-forge: forge %.1f s, tally ingest %.1f s" % (t1 - t0, t2 - t1), flush=True)
    score_json = a.json or os.path.join(batch, "score.json")
    rc = subprocess.run([sys.executable, os.path.join(HERE, "score.py"), "--truth", os.path.join(batch, "truth"),
                         "--out", out, "--json", score_json]).returncode
    if not a.keep:
        for n in os.listdir(batch):
            if n.endswith((".pdf", ".html")):
                os.remove(os.path.join(batch, n))
    print("forge seed: %d; scores in %s" % (seed, score_json))
    if unverified:
        print("eval-forge: %d of %d documents were not scored: their truth failed verification (see above)"
              % (len(unverified), a.count), file=sys.stderr)
        return 1
    return rc


if __name__ == "__main__":
    sys.exit(main())
