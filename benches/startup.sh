#!/usr/bin/env bash
# Start-up benchmark: mend's everyday commands against a hello-world Rust binary built the same
# way, interleaved over many runs. Prints medians, the ratio to hello-world, and peak RSS.
#
#   benches/startup.sh [RUNS]      (default 300 runs per command)
#
# Not part of CI: timings belong in a benchmark you run and read, not in a test that flakes.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet

# A hello-world binary with the same release profile.
mkdir -p "$work/hello/src"
cat > "$work/hello/Cargo.toml" <<'TOML'
[package]
name = "hello"
version = "0.1.0"
edition = "2021"
[profile.release]
codegen-units = 1
lto = true
panic = "abort"
TOML
echo 'fn main() { println!("Hello, world!"); }' > "$work/hello/src/main.rs"
# Linked as the toolchain links by default (position-independent), like mend.
cargo build --release --quiet --manifest-path "$work/hello/Cargo.toml" --target-dir "$work/hello/target"
# Both binaries are timed from copies in one folder, as `cargo install` would place them. A file
# fresh from the linker sits in the page cache in small pieces and faults in more slowly: about
# 70 us for mend and 10 us for hello-world here, which measures the build, not the program.
cp target/release/mend "$work/mend"
cp "$work/hello/target/release/hello" "$work/hello-world"
mend=$work/mend
hello=$work/hello-world

cat > "$work/answers.toml" <<'TOML'
stage = "client"
symptom = "gone-dark"
asked_client = "yes"
what_they_said = "nothing-wrong"
relationship = "building"
next_meeting = "no"
company = "Northwind"
client = "Dana"
TOML

python3 - "$runs" "$hello" "$mend" "$work" <<'PY'
import os, statistics, subprocess, sys, time
runs, hello, mend, work = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
home = os.path.join(work, "home"); os.makedirs(home, exist_ok=True)
env = {"PATH": "/usr/bin:/bin", "HOME": home}
commands = {
    "hello-world": [hello],
    "mend --version": [mend, "--version"],
    "mend say": [mend, "say", "honest-ask", "--set", "sponsor=Priya", "--set", "stakeholder=Marcus",
                 "--set", "company=Northwind", "--set", "result=the rollout"],
    "mend list --format json": [mend, "list", "--format", "json"],
    "mend diagnose --answers": [mend, "diagnose", "--answers", os.path.join(work, "answers.toml"), "--format", "json"],
}
times = {k: [] for k in commands}
rss = {k: 0 for k in commands}
devnull = os.open(os.devnull, os.O_WRONLY)
for _ in range(runs):
    for name, argv in commands.items():   # interleaved: every round runs each command once
        t0 = time.perf_counter_ns()
        pid = os.posix_spawn(argv[0], argv, env, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
        _, status, usage = os.wait4(pid, 0)
        times[name].append(time.perf_counter_ns() - t0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{name} failed with {os.waitstatus_to_exitcode(status)}")
# Peak RSS from GNU time: a spawned child's own rusage can include the spawning Python's pages.
have_time = os.path.exists("/usr/bin/time")
for name, argv in commands.items():
    for _ in range(5 if have_time else 0):
        out = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, check=True)
        rss[name] = max(rss[name], int(out.stderr.strip().splitlines()[-1]))
if not have_time:
    print("note: /usr/bin/time not found (apt-get install time) - peak RSS not measured")
base = statistics.median(times["hello-world"])
print(f"{'command':<26} {'median':>10} {'vs hello':>9} {'peak RSS':>10}   ({runs} interleaved runs)")
for name in commands:
    m = statistics.median(times[name])
    print(f"{name:<26} {m/1e6:>8.2f}ms {m/base:>8.2f}x {rss[name]/1024:>8.1f}MB")
PY
