#!/usr/bin/env bash
# `mend lint` over the documentation that ships with this machine (/usr/share/doc and
# /usr/share/man, decompressed), in every output format and with --fix: text nobody here wrote,
# with the punctuation, scripts and oddities real text has (NUL bytes of binary files dropped). It fails on a panic or on any exit
# other than 0 (clean) or 1 (findings); it prints the size, the time and the finding count.
#
#   benches/real-text.sh [MAX_FILES]      (default: every file)
#
# Not part of CI: what a machine ships differs, so this runs by hand (the checked-in sample in
# tests/data/real-world-sample.md is the part CI runs).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mend-real-text.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
max=${1:-}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
mend="$root/target/release/mend"

find /usr/share/doc /usr/share/man -type f -print0 2>/dev/null |
  if [ -n "$max" ]; then head -z -n "$max"; else cat; fi |
  while IFS= read -r -d '' f; do
    case $f in *.gz) zcat -- "$f" 2>/dev/null || true ;; *) cat -- "$f" ;; esac
  done | LC_ALL=C tr -d '\000' >"$tmp/docs.txt"
printf 'corpus: %s MB of shipped documentation\n' "$(( $(stat -c %s "$tmp/docs.txt") / 1048576 ))"

status=0
for format in line text json; do
  start=$(date +%s.%N)
  set +e
  RUST_BACKTRACE=0 "$mend" lint --lossy --color never --format "$format" - <"$tmp/docs.txt" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  set -e
  end=$(date +%s.%N)
  if [ "$rc" -gt 1 ] || grep -q panicked "$tmp/err"; then
    printf '%-5s FAILED (exit %s)\n' "$format" "$rc"; sed -n 1,5p "$tmp/err"; status=1
  else
    printf '%-5s ok in %.2f s, %s output lines\n' "$format" "$(echo "$end - $start" | bc)" "$(wc -l <"$tmp/out")"
  fi
done
iconv -c -f utf-8 -t utf-8 <"$tmp/docs.txt" >"$tmp/clean.txt" || true
if ! "$mend" lint --fix "$tmp/clean.txt" >/dev/null 2>"$tmp/err"; then
  if grep -q panicked "$tmp/err"; then echo "--fix FAILED"; sed -n 1,5p "$tmp/err"; status=1; fi
fi
echo "--fix ok"
exit $status
