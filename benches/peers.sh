#!/usr/bin/env bash
# mend against the fastest peer at each of its jobs, all in one interleaved run (issue 26):
#
#   benches/peers.sh [ROUNDS] [BIG_ROUNDS] [MEND_BASE]    (defaults: 40 rounds, 10 for the 230 MB row)
#
# | job                                   | peer                                       |
# | `mend say honest-ask`, four values    | tealdeer `tldr --render` of a page         |
# | `mend diagnose --answers`, full path  | tealdeer, as above                         |
# | `mend lint` of a 1.5 KB email         | hello-world; write-good (npm); proselint   |
# | `mend lint --format line`, 230 MB     | ripgrep `-i -w` with five "but" words      |
# | `mend next` over 10,000 accounts      | (goal in ms; hello-world for scale)        |
#
# Peers come from the system's packages where they can: tealdeer and ripgrep through apt-get
# (when run as root), write-good through npm and proselint through pip, both into
# target/bench-peers so a second run needs no network. A peer that cannot be had is skipped with a
# note. The 230 MB are the machine's own documentation (/usr/share/doc, /usr/share/man,
# /usr/share/info), decompressed once into a temporary file. MEND_BASE, if given, is an older
# mend binary timed in the same rounds (to show what a change bought). Prints a Markdown table of
# medians and ratios; on a shared machine read the ratios, not the times. MEND_BENCH_DOCS=FILE
# reuses a corpus instead of decompressing one; MEND_BENCH_ONLY=say,diagnose,email,docs,next runs
# only those rows.
#
# Not part of CI: timings belong in a benchmark you run and read, not in a test that flakes.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=${1:-40}
big_rounds=${2:-10}
base=${3:-}
peers=$root/target/bench-peers
work=$(mktemp -d "${TMPDIR:-/tmp}/mend-peers.XXXXXX")
trap 'rm -rf "$work"' EXIT
note() { printf 'note: %s\n' "$*" >&2; }

# Peers from system packages.
missing=()
command -v tldr >/dev/null || missing+=(tealdeer)
command -v rg >/dev/null || missing+=(ripgrep)
[[ -x /usr/bin/time ]] || missing+=(time)
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 || note "apt-get install ${missing[*]} failed"
  else
    note "not installed: ${missing[*]} (apt-get install ${missing[*]}); their rows are skipped"
  fi
fi
mkdir -p "$peers/bin"
if [[ ! -x $peers/npm/node_modules/.bin/write-good ]]; then
  if command -v npm >/dev/null; then
    npm install --silent --no-audit --no-fund --prefix "$peers/npm" write-good >/dev/null 2>&1 ||
      note "npm install write-good failed (offline?)"
  else
    note "npm missing: write-good skipped"
  fi
fi
[[ -x $peers/npm/node_modules/.bin/write-good ]] && ln -sf "$peers/npm/node_modules/.bin/write-good" "$peers/bin/write-good"
if ! PYTHONPATH="$peers/py" python3 -c 'import proselint' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check --target "$peers/py" proselint >/dev/null 2>&1 ||
    note "pip install proselint failed (offline?)"
fi
if PYTHONPATH="$peers/py" python3 -c 'import proselint' 2>/dev/null; then
  # A launcher that runs the interpreter directly, so the bench times proselint, not a shim.
  printf '#!/bin/sh\nPYTHONPATH=%q exec %q -m proselint "$@"\n' "$peers/py" "$(python3 -c 'import sys; print(sys.executable)')" \
    >"$peers/bin/proselint"
  chmod +x "$peers/bin/proselint"
fi
mkdir -p "$work/peers"
ln -s "$peers/bin" "$work/peers/bin"
ln -s "$peers/py" "$work/peers/py"

# mend and a hello-world with the same release profile, both copied into one folder as
# `cargo install` would place them (a file fresh from the linker faults in more slowly).
(cd "$root" && cargo build --release --quiet)
cp "$root/target/release/mend" "$work/mend"
if [[ ! -x $peers/hello/target/release/hello ]]; then
  mkdir -p "$peers/hello/src"
  printf '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2021"\n[profile.release]\ncodegen-units = 1\nlto = true\npanic = "abort"\n' \
    >"$peers/hello/Cargo.toml"
  echo 'fn main() { println!("Hello, world!"); }' >"$peers/hello/src/main.rs"
  cargo build --release --quiet --manifest-path "$peers/hello/Cargo.toml" --target-dir "$peers/hello/target"
fi
cp "$peers/hello/target/release/hello" "$work/hello-world"
[[ -n $base ]] && cp "$base" "$work/mend-base"

# Inputs. The documentation is cut at a line end after 230 MB (NUL bytes of binary files dropped).
mkdir -p "$work/home"
if [[ -n ${MEND_BENCH_DOCS:-} ]]; then
  ln -s "$(realpath "$MEND_BENCH_DOCS")" "$work/docs.txt"   # a corpus kept from an earlier run
else
  find /usr/share/doc /usr/share/man /usr/share/info -type f -print0 2>/dev/null | sort -z |
    while IFS= read -r -d '' f; do
      case $f in *.gz) zcat -- "$f" 2>/dev/null || true ;; *) cat -- "$f" ;; esac
    done | LC_ALL=C tr -d '\000' | head -c 230000000 | sed '$d' >"$work/docs.txt" || true
fi
python3 "$root/benches/gen_accounts.py" 10000 "$work/home/.local/share/mend/accounts"
cat >"$work/answers.toml" <<'TOML'
stage = "client"
symptom = "gone-dark"
asked_client = "yes"
what_they_said = "nothing-wrong"
relationship = "building"
next_meeting = "no"
company = "Northwind"
client = "Dana"

[values]
their_goal = "a smoother launch in the spring"
TOML
# tealdeer renders a page in its own format; this one is the size of a common page (tar).
cat >"$work/page.md" <<'EOF'
# tar

> Archiving utility.
> Often combined with a compression method, such as gzip or bzip2.
> More information: <https://www.gnu.org/software/tar>.

- [c]reate an archive and write it to a [f]ile:

`tar cf {{path/to/target.tar}} {{path/to/file1 path/to/file2 ...}}`

- [c]reate a g[z]ipped archive and write it to a [f]ile:

`tar czf {{path/to/target.tar.gz}} {{path/to/file1 path/to/file2 ...}}`

- E[x]tract a (compressed) archive [f]ile into the current directory [v]erbosely:

`tar xvf {{path/to/source.tar[.gz|.bz2|.xz]}}`

- Lis[t] the contents of a tar [f]ile [v]erbosely:

`tar tvf {{path/to/source.tar}}`
EOF
# A follow-up email of 1.5 KB, with the defensive habits the lint is for.
cat >"$work/email.txt" <<'EOF'
Subject: Rollout at Northwind, where we stand

Hi Priya,

Thank you for the call on Tuesday, and for being so direct about the dashboard. I understand the
delay put your team in a hard spot with the board, but we had no choice once the data feed changed
on your side. Unfortunately the carrier also lost two of the training kits, which was not our
fault, and the new ones only arrived on Friday.

I know the last three weeks were frustrating. We did everything we could to keep the original
date, however the integration simply needed more testing than anyone planned for. To be honest,
I think the plan was always a little tight, and your IT team was very busy with the audit.

Here is what I suggest. Marcus and I will run the first training session on Monday at 10:00, and
I will send the revised timeline by Wednesday evening so you can share it with the board before
Thursday. If the feed changes again, I will call you the same day rather than wait for the weekly
meeting. Yet I would still like to hear what the board needs to see from us in January, so that
we can plan the second phase around it and not around our own calendar.

Could we take twenty minutes on Thursday afternoon to go through it together? I can come to your
office, or we can do it by phone, whichever is easier for you.

Best regards,
Sam
EOF
args=("$work" "$work/mend" "$work/hello-world" --rounds "$rounds" --big-rounds "$big_rounds")
[[ -n $base ]] && args+=(--base "$work/mend-base")
printf 'machine: %s, %s cores, load average %s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" \
  "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$root/benches/peers.py" "${args[@]}" ${MEND_BENCH_ONLY:+--only "$MEND_BENCH_ONLY"}
