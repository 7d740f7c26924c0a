#!/usr/bin/env bash
# The release tarball runs without Swift: test_dist.sh TARBALL
# Unpacks it, then runs its binary with a clean environment (env -i, PATH=/usr/bin:/bin: no Swift
# toolchain on PATH, no LD_LIBRARY_PATH). When mount namespaces are available (root), /opt/swift
# is also hidden under an empty tmpfs, so nothing there can be loaded even by absolute path.
# Checks: ldd names nothing from the Swift runtime; --help and --version work; an ingest of a
# sample PDF and a sample HTML file completes with both documents read and valid output.
set -euo pipefail
tarball=$1
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "dist-test FAILED: $*" >&2; exit 1; }

tar -C "$work" -xzf "$tarball"
dir=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n1)
name=$(basename "$dir")
for f in tally tally.1 pipeline.yaml INSTALL.md DEPENDENCIES schemas/record.schema.json schemas/validate.py; do
  [ -e "$dir/$f" ] || fail "$name has no $f"
done

# Linked libraries: none from the Swift toolchain, none unresolved.
ldd "$dir/tally" >"$work/ldd.txt" || fail "ldd failed on the binary"
if grep -Ei 'libswift|libFoundation|libdispatch|libBlocksRuntime|/opt/swift|not found' "$work/ldd.txt"; then
  fail "the binary still needs the lines above at run time"
fi
# Every package DEPENDENCIES names is installed here, and it names poppler and libxml2.
while read -r pkg; do
  dpkg -s "$pkg" >/dev/null 2>&1 || fail "DEPENDENCIES names $pkg, which is not installed"
done <"$dir/DEPENDENCIES"
grep -q '^libpoppler-glib' "$dir/DEPENDENCIES" || fail "DEPENDENCIES lacks poppler-glib"
grep -q '^libxml2' "$dir/DEPENDENCIES" || fail "DEPENDENCIES lacks libxml2"

# The inbox: one sample PDF, one sample HTML file.
mkdir -p "$work/home" "$work/inbox"
cp "$repo/samples/imens-jaarverslag-2023.pdf" "$repo/samples/highlights-welzijn.html" "$work/inbox/"

# Everything below runs in the clean environment; with /opt/swift hidden when possible.
script="$work/run.sh"
cat >"$script" <<'INNER'
set -eu
cd "$1"
if command -v swift >/dev/null 2>&1; then echo "swift is on PATH" >&2; exit 90; fi
./tally --help >"$2/help.txt"
./tally --version >"$2/version.txt"
./tally ingest --inbox "$2/inbox" --out "$2/out" --config pipeline.yaml --jobs 2 >"$2/ingest.txt" 2>&1
INNER
clean_env=(env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8)
hidden="no"
if [ "$(id -u)" = 0 ] && [ -d /opt/swift ] && unshare -m true 2>/dev/null; then
  hidden="yes"
  "${clean_env[@]}" unshare -m sh -c 'mount -t tmpfs none /opt/swift && exec sh "$0" "$1" "$2"' \
    "$script" "$dir" "$work" || fail "a run in the clean environment exited $? (see above; ingest: $(cat "$work/ingest.txt" 2>/dev/null))"
else
  "${clean_env[@]}" sh "$script" "$dir" "$work" || fail "a run in the clean environment exited $? ($(cat "$work/ingest.txt" 2>/dev/null))"
fi

grep -q 'ingest' "$work/help.txt" || fail "--help does not list ingest"
version=$(cat "$work/version.txt")
[[ "$name" == "tally-$version-linux-"* ]] || fail "--version says '$version', the tarball is $name"
python3 - "$work/out" <<'PY' || fail "run.json does not show both documents read"
import json, sys
run = json.load(open(sys.argv[1] + "/run.json"))
status = {d["file"]: d["status"] for d in run["documents"]}
want = {"imens-jaarverslag-2023.pdf": "ok", "highlights-welzijn.html": "ok"}
if status != want:
    sys.exit(f"statuses {status}, expected {want}")
PY
[ -s "$work/out/records/imens-jaarverslag-2023.pdf.jsonl" ] || fail "no records for the PDF"
[ -s "$work/out/records/highlights-welzijn.html.jsonl" ] || fail "no records for the HTML file"
[ -s "$work/out/reconciliation.log" ] || fail "no reconciliation.log"
[ -s "$work/out/review.html" ] || fail "no review.html"
if python3 -c 'import jsonschema' 2>/dev/null; then
  python3 "$dir/schemas/validate.py" "$work/out" >/dev/null || fail "the output does not match the tarball's schemas"
fi
echo "dist-test passed: $name runs in a clean environment (/opt/swift hidden: $hidden); $(wc -l <"$work/out/records/imens-jaarverslag-2023.pdf.jsonl") records from the PDF, $(wc -l <"$work/out/records/highlights-welzijn.html.jsonl") from the HTML file"
