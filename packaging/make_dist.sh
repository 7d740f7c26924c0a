#!/usr/bin/env bash
# Packs a release tarball: make_dist.sh BIN GENERATE_MANUAL OUTDIR
#   BIN              the tally binary built with --static-swift-stdlib
#   GENERATE_MANUAL  swift-argument-parser's generate-manual tool (what its plugin runs)
#   OUTDIR           where dist/tally-<version>-linux-<arch>.tar.gz goes
# DEPENDENCIES is derived, never typed: every shared library ldd resolves for BIN, mapped to its
# Debian package with dpkg -S, so a new C library shows up by itself. A library that no package
# owns (the Swift runtime under /opt/swift, say) stops the build: the tarball would not run elsewhere.
set -euo pipefail
bin=$1 genman=$2 outdir=$3
repo=$(cd "$(dirname "$0")/.." && pwd)

version=$("$bin" --version)
arch=$(uname -m)
name="tally-$version-linux-$arch"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
dir="$stage/$name"
mkdir -p "$dir/schemas"

install -m 755 "$bin" "$dir/tally"
strip "$dir/tally" 2>/dev/null || true

# The man page, generated from the command's own help (the same declarations --help prints).
mkdir -p "$stage/man"
date=$(git -C "$repo" log -1 --format=%cs 2>/dev/null || date -u +%F)
# generate-manual lists hidden subcommands too (the internal `worker`): it is given a wrapper that
# drops every command whose shouldDisplay is false from the tool's --experimental-dump-help.
cat >"$stage/tally-visible" <<WRAP
#!/bin/sh
"$dir/tally" --experimental-dump-help | python3 -c '
import json, sys
def visible(c):
    c["subcommands"] = [visible(s) for s in c.get("subcommands", []) if s.get("shouldDisplay", True)]
    return c
info = json.load(sys.stdin)
visible(info["command"])
json.dump(info, sys.stdout)'
WRAP
chmod +x "$stage/tally-visible"
"$genman" "$stage/tally-visible" --output-directory "$stage/man" --date "$date" --section 1 \
  --authors "the tally project" >/dev/null
install -m 644 "$stage/man/tally.1" "$dir/tally.1"

install -m 644 "$repo"/schemas/*.schema.json "$dir/schemas/"
install -m 755 "$repo/schemas/validate.py" "$dir/schemas/"
install -m 644 "$repo/pipeline.yaml" "$dir/pipeline.yaml"
install -m 644 "$repo/packaging/INSTALL.md" "$dir/INSTALL.md"

# Run-time dependencies from the binary itself: ldd resolves every library to a path. Only the
# libraries the binary names itself (NEEDED, as dpkg-shlibdeps counts them) are listed when
# readelf is there; apt brings their own dependencies.
resolved=$(ldd "$dir/tally")
if grep -q 'not found' <<<"$resolved"; then
  echo "make_dist: ldd cannot resolve: $(grep 'not found' <<<"$resolved" | awk '{ print $1 }' | tr '\n' ' ')" >&2
  exit 1
fi
if command -v readelf >/dev/null 2>&1; then
  needed=$(readelf -d "$dir/tally" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
else
  needed=$(awk '{ print $1 }' <<<"$resolved")
fi
libs=$(awk -v names="$(tr '\n' ' ' <<<"$needed")" '
  BEGIN { n = split(names, a, " "); for (i = 1; i <= n; i++) want[a[i]] = 1 }
  { split($1, p, "/"); base = p[length(p)] }
  want[base] && /=>/ { print $3; next }
  want[base] && $1 ~ /^\// { print $1 }' <<<"$resolved")
packages=()
for lib in $libs; do
  pkg=""
  for candidate in "$lib" "$(readlink -f "$lib")" "/usr$lib" "${lib#/usr}"; do
    [ -n "$candidate" ] || continue
    pkg=$(dpkg -S "$candidate" 2>/dev/null | head -n1 | cut -d: -f1) && [ -n "$pkg" ] && break
  done
  if [ -z "$pkg" ]; then
    echo "make_dist: no Debian package owns $lib (linked by tally): the tarball would not run without it" >&2
    exit 1
  fi
  packages+=("$pkg")
done
printf '%s\n' "${packages[@]}" | sort -u >"$dir/DEPENDENCIES"

mkdir -p "$outdir"
tarball="$outdir/$name.tar.gz"
tar -C "$stage" --owner=0 --group=0 --sort=name -czf "$tarball" "$name"
echo "$tarball ($(du -h "$tarball" | cut -f1); binary $(du -h "$dir/tally" | cut -f1)); run-time packages: $(tr '\n' ' ' <"$dir/DEPENDENCIES")"
