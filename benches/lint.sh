#!/usr/bin/env bash
# Throughput and memory of `mend lint` on generated English prose, and its worst cases.
#
#   benches/lint.sh [BIG_MB] [SMALL_MB]      (defaults: 200 and 5)
#
# Reports (targets from issue 13 in brackets):
# - line format on BIG_MB of prose, in GB/s [>= 1 GB/s];
# - ripgrep on the same file with the same pattern set (every phrase of lint/rules.toml, expanded
#   by benches/phrases.py), when `rg` is installed [mend <= 1.5x ripgrep's time];
# - peak RSS of text, line and json on BIG_MB [<= 64 MB each];
# - a 500 KB line with no sentence punctuation ("well, but " x 50,000) [<= 0.5 s];
# - `--diff` on half of BIG_MB against GNU `diff -u` of the same change;
# - /dev/zero: stops at once with exit 2 (binary input).
# Then write-good and proselint on SMALL_MB, in MB/s; a peer that cannot be installed is skipped
# with a note, never a failure. Everything is installed under a temporary directory that is
# removed at the end.
set -euo pipefail

big_mb=${1:-200}
small_mb=${2:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mend-lint-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

note() { printf '%s\n' "$*" >&2; }

# "seconds peak_rss_MB" of a command, output discarded (GNU time's %e is only 10 ms precise, so
# the clock is read around it).
time_rss() {
  local start end kb
  start=$(date +%s.%N)
  kb=$(/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1) || true
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v k="$kb" 'BEGIN { printf "%.3f %.1f\n", e - s, k / 1024 }'
}

# Seconds (float) taken by a command; its output is discarded, its status ignored (linters exit
# non-zero when they find something).
time_cmd() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}

mbps() { awk -v b="$1" -v s="$2" 'BEGIN { if (s <= 0) s = 0.001; printf "%.1f", b / 1e6 / s }'; }

note "building mend (release)..."
(cd "$root" && cargo build --release --quiet)
mend="$root/target/release/mend"
: "${CARGO_TARGET_DIR:=}"
[[ -n $CARGO_TARGET_DIR && -x $CARGO_TARGET_DIR/release/mend ]] && mend="$CARGO_TARGET_DIR/release/mend"

note "generating ${big_mb} MB and ${small_mb} MB of prose..."
python3 "$root/benches/gen_prose.py" "$big_mb" "$tmp/big.txt"
python3 "$root/benches/gen_prose.py" "$small_mb" "$tmp/small.txt"
big_bytes=$(wc -c <"$tmp/big.txt")
small_bytes=$(wc -c <"$tmp/small.txt")

declare -A rate
run() { # name bytes command...
  local name=$1 bytes=$2
  shift 2
  local secs
  secs=$(time_cmd "$@")
  rate[$name]=$(mbps "$bytes" "$secs")
  printf '%-28s %8.1f MB in %7.3f s  = %8s MB/s\n' "$name" "$(mbps "$bytes" 1)" "$secs" "${rate[$name]}"
}

# Warm the page cache so the first run is not penalised.
cat "$tmp/big.txt" "$tmp/small.txt" >/dev/null

run "mend (${big_mb} MB)" "$big_bytes" "$mend" lint --format line "$tmp/big.txt"
run "mend (${small_mb} MB)" "$small_bytes" "$mend" lint --format line "$tmp/small.txt"

echo
echo "== mend, best of 3, and peak RSS per format on ${big_mb} MB"
for format in line text json; do
  best=
  for _ in 1 2 3; do
    read -r secs rss < <(time_rss "$mend" lint --format "$format" "$tmp/big.txt")
    if [[ -z $best ]] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$secs; fi
  done
  printf '%-6s %7.3f s  %6.2f GB/s  peak RSS %6.1f MB\n' "$format" "$best" \
    "$(awk -v b="$big_bytes" -v s="$best" 'BEGIN { print b / 1e9 / s }')" "$rss"
  if [[ $format == line ]]; then mend_line=$best; fi
done

if command -v rg >/dev/null; then
  python3 "$root/benches/phrases.py" "$root/lint/rules.toml" >"$tmp/patterns.txt"
  best=
  for _ in 1 2 3; do
    secs=$(time_cmd rg --no-filename --line-number --ignore-case --fixed-strings \
      --file "$tmp/patterns.txt" "$tmp/big.txt")
    if [[ -z $best ]] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$secs; fi
  done
  printf 'ripgrep %s, %s phrases (-i -F): %.3f s; mend line / ripgrep = %.2fx\n' \
    "$(rg --version | head -1 | cut -d' ' -f2)" "$(wc -l <"$tmp/patterns.txt")" "$best" \
    "$(awk -v m="$mend_line" -v r="$best" 'BEGIN { print m / r }')"
else
  note "note: rg not installed; the ripgrep comparison is skipped"
fi

echo
echo "== worst cases"
python3 -c 'import sys; sys.stdout.write("well, but " * 50000 + "\n")' >"$tmp/line.txt"
read -r secs rss < <(time_rss "$mend" lint --format text "$tmp/line.txt")
printf '500 KB line without sentence punctuation, text format: %.3f s, peak RSS %.1f MB, %s bytes of report\n' \
  "$secs" "$rss" "$("$mend" lint --format text "$tmp/line.txt" 2>/dev/null | wc -c)"
read -r secs rss < <(time_rss "$mend" lint --format line "$tmp/line.txt")
printf '500 KB line, line format: %.3f s, peak RSS %.1f MB\n' "$secs" "$rss"

half=$((big_bytes / 2))
head -c "$half" "$tmp/big.txt" >"$tmp/half.txt"
"$mend" lint --fix - <"$tmp/half.txt" >"$tmp/half.fixed" 2>/dev/null || true
read -r secs rss < <(time_rss "$mend" lint --diff "$tmp/half.txt")
dsecs=$(time_cmd diff -u "$tmp/half.txt" "$tmp/half.fixed")
printf -- '--diff on %s MB: %.3f s, peak RSS %.1f MB (GNU diff -u of the same change: %.3f s)\n' \
  "$(mbps "$half" 1)" "$secs" "$rss" "$dsecs"

start=$(date +%s.%N)
code=0
timeout 10 "$mend" lint /dev/zero >/dev/null 2>&1 || code=$?
end=$(date +%s.%N)
printf '/dev/zero: exit %s after %.3f s\n' "$code" "$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')"
echo

# write-good (npm).
if command -v npm >/dev/null && npm install --silent --no-audit --no-fund --prefix "$tmp/npm" write-good >/dev/null 2>&1 &&
  [[ -x $tmp/npm/node_modules/.bin/write-good ]]; then
  run "write-good (${small_mb} MB)" "$small_bytes" "$tmp/npm/node_modules/.bin/write-good" "$tmp/small.txt"
else
  note "note: write-good could not be installed (npm missing or offline); skipped"
fi

# proselint (pip, into a private target directory).
if command -v python3 >/dev/null &&
  python3 -m pip install --quiet --disable-pip-version-check --target "$tmp/py" proselint >/dev/null 2>&1; then
  proselint=(env PYTHONPATH="$tmp/py" python3 -m proselint)
  [[ -x $tmp/py/bin/proselint ]] && proselint=(env PYTHONPATH="$tmp/py" "$tmp/py/bin/proselint")
  # proselint 0.14 wants `proselint check FILE`; older releases take the file directly.
  if "${proselint[@]}" --help 2>&1 | grep -qw check; then proselint+=(check); fi
  run "proselint (${small_mb} MB)" "$small_bytes" "${proselint[@]}" "$tmp/small.txt"
else
  note "note: proselint could not be installed (pip missing or offline); skipped"
fi

mend_rate=${rate["mend (${small_mb} MB)"]}
for peer in "write-good (${small_mb} MB)" "proselint (${small_mb} MB)"; do
  if [[ -n ${rate[$peer]:-} ]]; then
    awk -v m="$mend_rate" -v p="${rate[$peer]}" -v name="$peer" \
      'BEGIN { if (p <= 0) p = 0.001; printf "mend is %.0fx faster than %s\n", m / p, name }'
  fi
done
