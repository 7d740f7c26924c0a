#!/usr/bin/env python3
"""Structure-aware PDF mutator for tally (issue #19): absurd geometry in real PDFs.

Takes real PDFs (the samples and ../shared/corpus/real-nl), keeps their first pages, has qpdf
write them uncompressed in QDF form (content streams in clear text, one object per line block),
rewrites numbers where geometry lives -- content-stream operands of `cm`, `Tm`, `Td`/`TD`, `Tf`,
`re`, `Tc`/`Tw`/`Tz`/`TL`/`Ts`; `/MediaBox`, `/CropBox`, `/Rotate`, `/UserUnit`; image `/Width`,
`/Height`, `/BitsPerComponent`; font `/FontMatrix`, `/Widths`; and object references `N 0 R` --
repairs lengths and the xref with `fix-qdf` (qpdf, Debian), and runs `tally tables FILE` on the
result. A run that ends by a signal is a crash, one killed at the time limit a hang; both are kept
as a *recipe* (seed file, pages kept, the list of byte edits in the QDF text), never as a binary:
`--replay RECIPE OUT.pdf` rebuilds the exact PDF from the seed, so tests can build their inputs.

    python3 fuzz/pdf_mutate.py --minutes 30 [--bin .build/release/tally]   (make fuzz runs it too)
    python3 fuzz/pdf_mutate.py --replay fuzz/regressions/pdf_mutate/X.json /tmp/x.pdf

Figures are never read as floats here: numbers are edited as text.
"""
import argparse
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
WORK = os.path.join(REPO, ".build-fuzz", "pdf_mutate")
SEED_DIRS = [os.path.join(REPO, "samples"), os.path.join(REPO, "..", "shared", "corpus", "real-nl")]
PAGES_KEPT = "1-3"

# Replacement numbers: huge, tiny, negative, zero, beyond Int64 and beyond any double (poppler
# reads a long run of digits as an infinite real).
ABSURD = [
    "0", "-0", "0.0000001", "-1", "1", "-99999", "99999999", "2147483647", "2147483648", "-2147483649",
    "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
    "1" + "0" * 20, "-1" + "0" * 20, "1" + "0" * 40, "1" + "0" * 308, "9" * 320, "-" + "9" * 320,
    "1e308", "nan", "0.5", "65536", "16777216", "3.4028235e38", "340282350000000000000000000000000000000",
]

NUM = rb"[-+]?(?:\d+\.?\d*|\.\d+)"
# Where numbers carry geometry. Each pattern's numeric groups are the edit points.
PATTERNS = {
    "cm": re.compile(rb"(?:(" + NUM + rb")\s+){6}cm\b"),
    "Tm": re.compile(rb"(?:(" + NUM + rb")\s+){6}Tm\b"),
    "Td": re.compile(rb"(?:(" + NUM + rb")\s+){2}T[dD]\b"),
    "Tf": re.compile(rb"/[^\s/\[\]()<>]+\s+(" + NUM + rb")\s+Tf\b"),
    "re": re.compile(rb"(?:(" + NUM + rb")\s+){4}re\b"),
    "Tc": re.compile(rb"(" + NUM + rb")\s+T[cwzLs]\b"),
    "box": re.compile(rb"/(?:MediaBox|CropBox|TrimBox|BBox)\s*\[\s*(?:(" + NUM + rb")\s*){4}\]"),
    "rotate": re.compile(rb"/(?:Rotate|UserUnit)\s+(" + NUM + rb")"),
    "image": re.compile(rb"/(?:Width|Height|BitsPerComponent)\s+(" + NUM + rb")"),
    "matrix": re.compile(rb"/(?:FontMatrix|Matrix)\s*\[\s*(?:(" + NUM + rb")\s*){6}\]"),
    "widths": re.compile(rb"/Widths\s*\[\s*(" + NUM + rb")"),
    "ref": re.compile(rb"\b(\d+) 0 R\b"),
}


def numbers_in(match):
    """Every number inside a match (repeated groups keep only their last capture)."""
    out = []
    for m in re.finditer(NUM, match.group(0)):
        out.append((match.start() + m.start(), match.start() + m.end()))
    return out


def seeds():
    found = []
    for d in SEED_DIRS:
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            if name.endswith(".pdf"):
                found.append(os.path.relpath(os.path.join(d, name), REPO))
    return found


def qdf_of(seed):
    """The seed's first pages, uncompressed QDF (cached; deterministic for one qpdf version)."""
    os.makedirs(os.path.join(WORK, "qdf"), exist_ok=True)
    key = hashlib.sha256((seed + PAGES_KEPT).encode()).hexdigest()[:16]
    path = os.path.join(WORK, "qdf", key + ".pdf")
    if not os.path.exists(path):
        tmp = path + ".tmp.pdf"
        cut = path + ".cut.pdf"
        r = subprocess.run(["qpdf", "--empty", "--pages", os.path.join(REPO, seed), PAGES_KEPT, "--", cut],
                           capture_output=True)
        if r.returncode not in (0, 3):
            r = subprocess.run(["qpdf", os.path.join(REPO, seed), cut], capture_output=True)
            if r.returncode not in (0, 3):
                return None
        r = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", "--stream-data=uncompress",
                            "--decode-level=generalized", cut, tmp], capture_output=True)
        os.unlink(cut)
        if r.returncode not in (0, 3):
            return None
        os.replace(tmp, path)
    with open(path, "rb") as f:
        return f.read()


def apply(qdf, edits):
    """Applies byte edits [(offset, old, new)] (offsets into the original QDF text)."""
    out = bytearray(qdf)
    for off, old, new in sorted(edits, key=lambda e: -e[0]):
        old_b, new_b = old.encode("latin-1"), new.encode("latin-1")
        if bytes(out[off:off + len(old_b)]) != old_b:
            raise ValueError("recipe does not match the seed at offset %d" % off)
        out[off:off + len(old_b)] = new_b
    return bytes(out)


def fix(data, path):
    """fix-qdf repairs stream lengths and the xref of the edited QDF text."""
    r = subprocess.run(["fix-qdf"], input=data, capture_output=True)
    with open(path, "wb") as f:
        f.write(r.stdout if r.returncode == 0 and r.stdout else data)


def mutate(qdf, rng):
    """One to four edits, each on a number where geometry lives."""
    edits = []
    kinds = list(PATTERNS)
    for _ in range(rng.randint(1, 4)):
        kind = rng.choice(kinds)
        matches = list(PATTERNS[kind].finditer(qdf))
        if not matches:
            continue
        m = rng.choice(matches)
        spots = numbers_in(m)
        if not spots:
            continue
        start, end = rng.choice(spots)
        old = qdf[start:end].decode("latin-1")
        if any(start < e_off + len(o) and e_off < end for e_off, o, _ in edits):
            continue
        if kind == "ref":
            new = str(rng.choice([0, 1, 2, 3, int(old) + 1, int(old) * 7, 99999, 2147483647]))
        elif rng.random() < 0.2:
            # scale the printed figure by a power of ten, keeping its text otherwise
            new = old + "0" * rng.randint(3, 40)
        else:
            new = rng.choice(ABSURD)
        edits.append((start, old, new))
    return edits


def run_tally(binary, pdf, limit):
    env = dict(os.environ, SWIFT_BACKTRACE="enable=no")
    p = subprocess.Popen([binary, "tables", pdf], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         env=env, start_new_session=True)
    try:
        _, err = p.communicate(timeout=limit)
        return p.returncode, err.decode("utf-8", "replace")[-1500:], False
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return None, "", True


def crash_site(binary, pdf):
    """A release build traps without a message: run the input again under Swift's backtracer and
    keep the runtime failure and the first frame in tally's own sources."""
    env = dict(os.environ, SWIFT_BACKTRACE="enable=yes,interactive=no,color=no")
    try:
        r = subprocess.run([binary, "tables", pdf], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                           timeout=120)
    except subprocess.TimeoutExpired:
        return ""
    text = r.stderr.decode("utf-8", "replace")
    failure = re.search(r"Swift runtime failure: ([^\n]*?) in \S+ at \S*/Sources/([^:\s]+:\d+)", text)
    if failure:
        return "%s (%s)" % (failure.group(1), failure.group(2))
    frame = re.search(r" at \S*/Sources/([^:\s]+:\d+)", text)
    return frame.group(1) if frame else ""


def signature(rc, site, hang):
    if hang:
        return "hang"
    return "signal %d: %s" % (-rc, site)


def replay(recipe_path, out):
    with open(recipe_path) as f:
        recipe = json.load(f)
    qdf = qdf_of(recipe["seed"])
    if qdf is None:
        sys.exit("cannot read seed %s" % recipe["seed"])
    fix(apply(qdf, [tuple(e) for e in recipe["edits"]]), out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=1.0)
    ap.add_argument("--bin", default=os.path.join(REPO, ".build", "release", "tally"))
    ap.add_argument("--limit", type=float, default=60.0, help="seconds before a run counts as a hang")
    ap.add_argument("--seed", type=int, default=None, help="random seed (default: time)")
    ap.add_argument("--replay", nargs=2, metavar=("RECIPE", "OUT"))
    a = ap.parse_args()
    if a.replay:
        replay(*a.replay)
        return 0
    rng_seed = a.seed if a.seed is not None else int(time.time())
    rng = random.Random(rng_seed)
    artifacts = os.path.join(WORK, "artifacts")
    os.makedirs(artifacts, exist_ok=True)
    binary = os.path.join(WORK, "tally-under-test")
    shutil.copy2(a.bin, binary)  # a rebuild during the run does not change what is fuzzed
    pool = [(s, q) for s in seeds() for q in [qdf_of(s)] if q is not None]
    print("pdf_mutate: %d seed PDFs (first pages %s), random seed %d, %s min" % (len(pool), PAGES_KEPT, rng_seed,
                                                                               a.minutes), flush=True)
    end = time.time() + a.minutes * 60
    tried = crashes = hangs = backtraces = 0
    signatures = {}
    scratch = os.path.join(WORK, "current.pdf")
    while time.time() < end:
        seed, qdf = rng.choice(pool)
        edits = mutate(qdf, rng)
        if not edits:
            continue
        fix(apply(qdf, edits), scratch)
        rc, err, hang = run_tally(binary, scratch, a.limit)
        tried += 1
        if hang or (rc is not None and rc < 0):
            site = crash_site(binary, scratch) if not hang and backtraces < 300 else ""
            backtraces += not hang
            sig = signature(rc, site, hang)
            crashes += not hang
            hangs += hang
            recipe = {"seed": seed, "pages": PAGES_KEPT, "edits": edits, "outcome": sig, "stderr": err[-600:]}
            name = hashlib.sha256(json.dumps(edits).encode() + seed.encode()).hexdigest()[:12]
            with open(os.path.join(artifacts, name + ".json"), "w") as f:
                json.dump(recipe, f, indent=1)
            if sig not in signatures:
                print("new: %s  (%s, recipe %s.json)" % (sig, seed, name), flush=True)
            signatures[sig] = signatures.get(sig, 0) + 1
        if tried % 100 == 0:
            print("%d inputs, %d crashes, %d hangs" % (tried, crashes, hangs), flush=True)
    stats = {"inputs": tried, "crashes": crashes, "hangs": hangs, "signatures": signatures, "seed": rng_seed,
             "minutes": a.minutes, "seeds": len(pool)}
    with open(os.path.join(WORK, "stats.json"), "w") as f:
        json.dump(stats, f, indent=1)
    print(json.dumps(stats, indent=1), flush=True)
    return 1 if crashes or hangs else 0


if __name__ == "__main__":
    sys.exit(main())
