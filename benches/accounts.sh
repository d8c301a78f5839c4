#!/usr/bin/env bash
# `mend next` over many accounts: generates N account files (default 1,000) with people,
# promises, a cadence and a ladder in progress, then times `mend next` in text, JSON and ICS.
# Prints the median wall time, its 90th percentile, and the median CPU time (user + system), which
# other work on a shared machine disturbs less. Target: median <= 50 ms for 1,000 accounts.
# Then `mend say --account` against `mend say --set` with the same names, runs interleaved so
# load on a shared machine hits both alike. Target: within 1.2x.
#
#   benches/accounts.sh [ACCOUNTS] [RUNS]      (defaults: 1000 accounts, 50 runs)
#
# Not part of CI: timings belong in a benchmark you run and read, not in a test that flakes.
set -euo pipefail
cd "$(dirname "$0")/.."
accounts=${1:-1000}
runs=${2:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
cp target/release/mend "$work/mend"
cp benches/gen_accounts.py "$work/gen_accounts.py"

python3 - "$accounts" "$runs" "$work" <<'PY'
import os, resource, statistics, subprocess, sys, time
count, runs, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
mend = os.path.join(work, "mend")
home = os.path.join(work, "home")
accounts = os.path.join(home, ".local/share/mend/accounts")
subprocess.run([sys.executable, os.path.join(os.path.dirname(mend), "gen_accounts.py"), str(count), accounts], check=True)
env = {"PATH": "/usr/bin:/bin", "HOME": home, "MEND_TODAY": "2026-11-26"}
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
def run(args):
    start, cpu_start = time.perf_counter(), cpu()
    out = subprocess.run([mend] + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    took, cpu_took = time.perf_counter() - start, cpu() - cpu_start
    if out.returncode != 0:
        sys.exit(f"mend {' '.join(args)} failed: {out.stderr.decode()}")
    return took, cpu_took, out.stdout
_, _, text = run(["next"])
print(f"{count} accounts; `mend next` lists {text.decode().count(chr(10) + chr(10))} items due within 7 days")
for args in (["next"], ["next", "--format", "json"], ["next", "--format", "ics", "--within", "30"], ["account", "list"]):
    run(args)  # warm the page cache
    samples = [run(args) for _ in range(runs)]
    times = sorted(s[0] * 1000 for s in samples)
    cpus = sorted(s[1] * 1000 for s in samples)
    p90 = times[int(len(times) * 0.9) - 1]
    print(f"  mend {' '.join(args):<36} median {statistics.median(times):5.1f} ms  p90 {p90:5.1f} ms"
          f"  cpu {statistics.median(cpus):5.1f} ms")
say_set = ["say", "just-ask", "--no-input", "--set", "client=Tom 7", "--set", "company=Company 7 Ltd"]
say_account = ["say", "just-ask", "--no-input", "--account", "acct-0007"]
if run(say_set)[2] != run(say_account)[2]:
    sys.exit("`say --account` and `say --set` render differently")
pairs = [(run(say_set), run(say_account)) for _ in range(runs * 2)]
medians = {}
for label, index in (("--set", 0), ("--account", 1)):
    times = sorted(p[index][0] * 1000 for p in pairs)
    cpus = sorted(p[index][1] * 1000 for p in pairs)
    medians[label] = (statistics.median(times), statistics.median(cpus))
    print(f"  mend say just-ask {label:<22} median {medians[label][0]:5.1f} ms  cpu {medians[label][1]:5.1f} ms")
print(f"  say --account / say --set: {medians['--account'][0] / medians['--set'][0]:.2f}x wall, "
      f"{medians['--account'][1] / medians['--set'][1]:.2f}x cpu")
PY
