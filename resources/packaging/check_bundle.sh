#!/usr/bin/env bash
# Check the self-contained build as a user's laptop would run it: no Python on PATH, no virtual
# environment, an empty HOME, no network (unshare -n where allowed), a clean environment (env -i).
# Runs the frozen self-test, summary and export, then starts the window (offscreen, until its
# first paint) from a moved copy in a path with spaces and non-ASCII characters, from a read-only
# install folder, and with a HOME that cannot be written.
#   bash resources/packaging/check_bundle.sh [dist/udcg-desktop]
set -euo pipefail
bundle=$(cd "${1:-dist/udcg-desktop}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin" "$work/home"          # PATH: an empty folder, so no python can be found
net=()
if unshare -n true 2>/dev/null; then net=(unshare -n); else echo "check: unshare -n not allowed; network left on"; fi

# run HOME [NAME=VALUE...] EXE ARGS...: the executable in a clean environment
run() {
  local home=$1; shift
  "${net[@]}" env -i PATH="$work/bin" HOME="$home" QT_QPA_PLATFORM=offscreen "$@"
}
step() { echo "== $*"; }

step "no python on the PATH used below"
if PATH="$work/bin" command -v python3 python >/dev/null; then echo "python found"; exit 1; fi

step "self-test"
run "$work/home" "$bundle/udcg-desktop" --self-test

step "summary"
run "$work/home" "$bundle/udcg-desktop" summary > "$work/summary.txt"
head -n 8 "$work/summary.txt"
grep -qi "pledge" "$work/summary.txt"
run "$work/home" "$bundle/udcg-desktop" summary --json > "$work/summary.json"
grep -q '"rows_read"' "$work/summary.json"

step "export"
run "$work/home" "$bundle/udcg-desktop" export --out "$work/pack" --as-of 2024-06-01
n=$(find "$work/pack" -type f -size +0 | wc -l)
echo "export wrote $n non-empty files"
[ "$n" -ge 6 ]

# first_paint HOME EXE: the window opens on the sample and paints (the app quits after that)
first_paint() {
  local home=$1 exe=$2 out
  out=$(run "$home" UDCG_BENCH_FIRST_PAINT=1 "$exe" 2>"$work/stderr") || {
    cat "$work/stderr"; return 1; }
  cat "$work/stderr"
  grep -q FIRST_PAINT <<<"$out" || { echo "no first paint: $out"; return 1; }
  echo "window painted"
}
step "moved to a path with spaces and non-ASCII characters"
moved="$work/Briefing tools/Übung – Харків"
mkdir -p "$moved"
cp -a "$bundle" "$moved/"
first_paint "$work/home" "$moved/udcg-desktop/udcg-desktop"
run "$work/home" "$moved/udcg-desktop/udcg-desktop" summary --as-of 2024-06-01 | head -n 3

step "read-only install folder"
if unshare -m true 2>/dev/null; then
  ro="$work/ro"
  cp -a "$bundle" "$ro"
  # In a private mount namespace, the copy is mounted read-only (root ignores file modes).
  unshare -m ${net:+-n} bash -c '
    mount --bind "$1" "$1" && mount -o remount,bind,ro "$1"
    if touch "$1/x" 2>/dev/null; then echo "not read-only"; exit 9; fi
    shift; exec "$@"' ro "$ro" \
    env -i PATH="$work/bin" HOME="$work/home" QT_QPA_PLATFORM=offscreen UDCG_BENCH_FIRST_PAINT=1 \
    "$ro/udcg-desktop" > "$work/ro.out"
  grep -q FIRST_PAINT "$work/ro.out"
  echo "window painted (install folder mounted read-only)"
else
  echo "check: unshare -m not allowed; read-only install folder not tried"
fi

step "no writable HOME (HOME is a file)"
touch "$work/not-a-folder"
first_paint "$work/not-a-folder" "$bundle/udcg-desktop"
grep -q "note: cannot write the cache folder" "$work/stderr"

echo "bundle checks passed"
