#!/usr/bin/env bash
# `make bench`: tally's speed and memory side by side with `pdftotext -layout` and poppler-glib's own
# floor (bench/floor.c, compiled with cc and pkg-config when poppler-glib's headers are there; skipped
# with a note otherwise). See bench/README.md.
#
#   TALLY_BIN=path   the tally binary to measure (default .build/release/tally)
#   BENCH_REPS=N     measured repetitions per command, after one warm-up (default 5)
#   BENCH_ONLY=list  comma-separated groups to run: pdf,extract,floor,jobs,html,review (default all;
#                    review alone writes its section to bench/work/review.md, not results.md)
#                    (extract: tally tables vs pdftotext per file, issue #4; floor: poppler-glib's own cost)
#   BENCH_LONG_PAGES=N  pages of the generated long report (default 500; the targets are for 500)
#   BENCH_RESULTS=path  where to write the Markdown summary (default bench/results.md)
#   BENCH_REAL_DIR=path  folder of the real reports added to the extraction table
#                    (default ../shared/corpus/real-nl; skipped with a note when missing)
#   BENCH_NOTE=text  a line for the header of results.md (how the binary was built, the load, ...)
#
# Inputs are generated into bench/work/ (ignored by git). Never part of `make test`; nothing here
# fails because of a time: the exit status is 0 once the figures are written, whatever they are.
set -euo pipefail
cd "$(dirname "$0")/.."

TALLY_BIN=${TALLY_BIN:-.build/release/tally}
if [ ! -x "$TALLY_BIN" ]; then
  echo "bench: no tally binary at $TALLY_BIN: run 'make release' (or set TALLY_BIN)" >&2
  exit 2
fi

# pdftotext (poppler-utils) is only the yardstick: install it when missing, else measure without it.
if ! command -v pdftotext >/dev/null 2>&1; then
  echo "bench: pdftotext not found; installing poppler-utils" >&2
  if [ "$(id -u)" = 0 ]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils; } >&2 || true
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    { sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils; } >&2 || true
  fi
  command -v pdftotext >/dev/null 2>&1 ||
    echo "bench: pdftotext still missing (sudo apt-get install -y poppler-utils): ratios will read n/a" >&2
fi

exec python3 bench/bench.py \
  --bin "$TALLY_BIN" \
  --reps "${BENCH_REPS:-5}" \
  --only "${BENCH_ONLY:-}" \
  --long-pages "${BENCH_LONG_PAGES:-500}" \
  --results "${BENCH_RESULTS:-bench/results.md}" \
  --note "${BENCH_NOTE:-}" \
  --real-dir "${BENCH_REAL_DIR:-}" \
  "$@"
