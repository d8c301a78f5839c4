#!/usr/bin/env bash
# Throughput of `mend lint` against write-good and proselint on the same generated English prose.
#
#   benches/lint.sh [BIG_MB] [SMALL_MB]      (defaults: 200 and 5)
#
# mend runs on both files; the peers are far slower, so they run on the small file only and the
# comparison is in MB/s. A peer that cannot be installed is skipped with a note, never a failure.
# Everything is installed under a temporary directory that is removed at the end.
set -euo pipefail

big_mb=${1:-200}
small_mb=${2:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mend-lint-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

note() { printf '%s\n' "$*" >&2; }

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
