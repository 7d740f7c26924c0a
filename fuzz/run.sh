#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for SECONDS (default 60), one after another.
#
#   bash fuzz/run.sh [SECONDS]                 (make fuzz FUZZ_SECONDS=...)
#   FUZZ_TARGETS="html_extract" bash fuzz/run.sh 600
#   bash fuzz/run.sh --build-only
#   bash fuzz/run.sh --repro TARGET FILE       run one input through a target (a crash reproducer)
#
# Each target is one harness in fuzz/targets/<target>.swift compiled together with its module's
# sources (so internal functions are reachable) with -sanitize=fuzzer,address into
# .build-fuzz/fuzz-<target>. TallyCore is built once as a static library. The corpus grows in
# .build-fuzz/corpus-<target>, seeded from fuzz/seeds/<target>; crashes, timeouts and
# out-of-memory inputs land in .build-fuzz/artifacts-<target>/. Exit status 1 when any target
# found something. One line per target is appended to .build-fuzz/stats.tsv.
#
# pdf_mutate is not a libFuzzer target: fuzz/pdf_mutate.py rewrites the geometry of real PDFs
# (samples/ and ../shared/corpus/real-nl) with qpdf and runs the release `tally tables` on each;
# its crash and hang recipes land in .build-fuzz/pdf_mutate/artifacts/ (see fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=.build-fuzz
TARGETS=${FUZZ_TARGETS:-"number_lexer html_extract pdf_geometry pdf_mutate"}
FLAGS=(-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6)
# Swift's crash backtracer waits on the crashed process and hangs under libFuzzer/ASan.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}

xcc() { for f in $(pkg-config --cflags "$@"); do printf -- '-Xcc\n%s\n' "$f"; done; }
libs() { for f in $(pkg-config --libs "$@"); do printf -- '%s\n' "$f"; done; }
sources() { find "$1" -name '*.swift' | sort; }

build_core() {
  mkdir -p "$OUT/mods"
  swiftc "${FLAGS[@]}" -emit-library -static -module-name TallyCore \
    -emit-module -emit-module-path "$OUT/mods/TallyCore.swiftmodule" \
    $(sources Sources/TallyCore) -o "$OUT/libTallyCore.a"
}

build_target() {
  local target=$1 module extra=()
  case $target in
    number_lexer) module=TallyNormalize ;;
    html_extract)
      module=TallyExtractHTML
      mapfile -t extra < <(printf -- '-I\nSources/CLibXML2\n'; xcc libxml-2.0; libs libxml-2.0) ;;
    pdf_geometry)
      module=TallyExtractPDF
      mapfile -t extra < <(printf -- '-I\nSources/CPopplerGlib\n'; xcc poppler-glib; libs poppler-glib) ;;
    *) echo "unknown fuzz target: $target" >&2; return 2 ;;
  esac
  swiftc "${FLAGS[@]}" -module-name "$module" -I "$OUT/mods" "${extra[@]}" \
    $(sources "Sources/$module") "fuzz/targets/$target.swift" "$OUT/libTallyCore.a" \
    -o "$OUT/fuzz-$target"
}

max_len() {
  case $1 in
    number_lexer) echo 256 ;;
    html_extract) echo 65536 ;;
    pdf_geometry) echo 16384 ;;
  esac
}

build_all() {
  build_core
  for t in $TARGETS; do
    [[ $t == pdf_mutate ]] && continue
    echo "== building $t"
    build_target "$t"
  done
}

if [[ ${1:-} == --build-only ]]; then build_all; exit 0; fi
if [[ ${1:-} == --repro ]]; then
  [[ -x $OUT/fuzz-$2 ]] || { TARGETS=$2; build_all; }
  exec "$OUT/fuzz-$2" -runs=1 "$3"
fi

SECONDS_PER_TARGET=${1:-60}
build_all
found=0
for t in $TARGETS; do
  if [[ $t == pdf_mutate ]]; then
    command -v fix-qdf >/dev/null || { echo "pdf_mutate needs qpdf: apt-get install -y qpdf" >&2; found=1; continue; }
    [[ -x .build/release/tally ]] || swift build -c release --product tally
    echo "== fuzzing pdf_mutate for ${SECONDS_PER_TARGET}s"
    status=0
    python3 fuzz/pdf_mutate.py --minutes "$(python3 -c "print($SECONDS_PER_TARGET / 60)")" \
      > "$OUT/fuzz-pdf_mutate.log" 2>&1 || status=$?
    tail -n 25 "$OUT/fuzz-pdf_mutate.log"
    execs=$(python3 -c "import json; print(json.load(open('$OUT/pdf_mutate/stats.json'))['inputs'])" 2>/dev/null || echo '?')
    crashes=$(find "$OUT/pdf_mutate/artifacts" -type f 2>/dev/null | wc -l)
    printf '%s\t%s\t%ss\t%s execs\texit %s\t%s artifacts\n' \
      "$(date -u +%FT%TZ)" "$t" "$SECONDS_PER_TARGET" "$execs" "$status" "$crashes" | tee -a "$OUT/stats.tsv"
    [[ $status -ne 0 ]] && found=1
    continue
  fi
  corpus="$OUT/corpus-$t"
  artifacts="$OUT/artifacts-$t/"
  mkdir -p "$corpus" "$artifacts"
  dict=()
  [[ -f fuzz/dicts/$t.dict ]] && dict=(-dict="fuzz/dicts/$t.dict")
  echo "== fuzzing $t for ${SECONDS_PER_TARGET}s"
  log="$OUT/fuzz-$t.log"
  status=0
  "$OUT/fuzz-$t" -max_total_time="$SECONDS_PER_TARGET" -timeout=25 -rss_limit_mb=2048 \
    -max_len="$(max_len "$t")" -print_final_stats=1 -artifact_prefix="$artifacts" "${dict[@]}" \
    "$corpus" "fuzz/seeds/$t" > "$log" 2>&1 || status=$?
  tail -n 25 "$log"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  crashes=$(find "$artifacts" -type f | wc -l)
  printf '%s\t%s\t%ss\t%s execs\texit %s\t%s artifacts\n' \
    "$(date -u +%FT%TZ)" "$t" "$SECONDS_PER_TARGET" "${execs:-?}" "$status" "$crashes" | tee -a "$OUT/stats.tsv"
  [[ $status -ne 0 ]] && found=1
done
exit $found
