#!/usr/bin/env python3
"""Every row of the speed table (issue 26) against its peer, interleaved in one run.

    peers.py WORK MEND HELLO [--rounds N] [--big-rounds N] [--base MEND_BASE]

Called by benches/peers.sh, which installs the peers, builds the binaries and prepares WORK
(the documentation corpus, the accounts). Each round runs every command of every row once, in an
order that alternates between rounds, so load from other work on a shared machine falls on mend
and its peer alike; the table gives medians and the ratio mend / peer, which is the figure to
read on a busy machine. A peer that is missing is skipped with a note. With --base, an older
mend binary runs in the same rounds, and its column shows what a change bought.

Peak RSS is read afterwards with GNU time, one run per command: a child spawned from Python can
be charged the parent's pages in its own rusage.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("work")
parser.add_argument("mend")
parser.add_argument("hello")
parser.add_argument("--rounds", type=int, default=40)
parser.add_argument("--big-rounds", type=int, default=10, help="rounds of the 230 MB row")
parser.add_argument("--base", help="an older mend binary to time in the same rounds")
parser.add_argument("--only", help="comma-separated row keys (say,diagnose,email,docs,next)")
args = parser.parse_args()
work = args.work


def peer(name):
    """The path of a peer's executable from WORK/peers/bin or PATH, or None."""
    local = os.path.join(work, "peers", "bin", name)
    return local if os.access(local, os.X_OK) else shutil.which(name)


home = os.path.join(work, "home")
env = {"PATH": f"{os.path.join(work, 'peers', 'bin')}:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8",
       "MEND_TODAY": "2026-11-26", "PYTHONPATH": os.path.join(work, "peers", "py")}
docs = os.path.join(work, "docs.txt")
email = os.path.join(work, "email.txt")
answers = os.path.join(work, "answers.toml")
page = os.path.join(work, "page.md")
but_words = ["but", "however", "yet", "although", "nevertheless"]

mends = [("mend", args.mend)] + ([("mend (base)", args.base)] if args.base else [])


def mend_cmds(argv, stdin=None):
    return [(label, [binary] + argv, stdin) for label, binary in mends]


# Rows: key, job, goal, peer commands [(label, argv, stdin)], mend argv, rounds.
# The goal is (peer label, ratio) or an absolute time in ms.
rows = []
tldr = peer("tldr")
hello = [("hello-world", [args.hello], None)]
# mend's own floor: loading the binary and parsing the arguments, no work.
floor = [("mend --version", [args.mend, "--version"], None)]
say = ["say", "honest-ask", "--no-input", "--set", "sponsor=Priya", "--set", "stakeholder=Marcus",
       "--set", "company=Northwind", "--set", "result=the rollout"]
tealdeer = [("tealdeer", [tldr, "--render", page], None)] if tldr else []
rows.append(("say", "`mend say honest-ask` with four values", ("tealdeer", 1.0), tealdeer + hello + floor,
             mend_cmds(say), args.rounds))
rows.append(("diagnose", "`mend diagnose --answers` (a full path, values given)", ("tealdeer", 2.0),
             tealdeer + hello + floor, mend_cmds(["diagnose", "--no-input", "--answers", answers]), args.rounds))
write_good, proselint = peer("write-good"), peer("proselint")
email_peers = hello[:]
if write_good:
    email_peers.append(("write-good", [write_good, email], None))
if proselint:
    check = subprocess.run([proselint, "--help"], env=env, capture_output=True, text=True).stdout
    email_peers.append(("proselint", [proselint] + (["check"] if " check" in check else []) + [email], None))
rows.append(("email", "`mend lint` of a 1.5 KB email", [("hello-world", 3.0), ("write-good", 0.1), ("proselint", 0.1)],
             email_peers, mend_cmds(["lint", email]), args.rounds))
rg = peer("rg")
rg_argv = [rg, "-i", "-w", "-n", "--no-filename"] + [a for w in but_words for a in ("-e", w)] + [docs]
docs_mb = os.path.getsize(docs) / 1e6 if os.path.exists(docs) else 0
rows.append(("docs", f"`mend lint --format line`, {docs_mb:.0f} MB of the machine's documentation", ("ripgrep", 2.0),
             [("ripgrep", rg_argv, None)] if rg else [],
             mend_cmds(["lint", "--lossy", "--color", "never", "--format", "line", docs]), args.big_rounds))
rows.append(("next", "`mend next` over 10,000 accounts", 150.0, hello, mend_cmds(["next"]), args.rounds))
if args.only:
    keep = args.only.split(",")
    rows = [r for r in rows if r[0] in keep]

for key, _, _, peers, _, _ in rows:
    if key in ("say", "diagnose") and not tldr:
        print("note: tealdeer (`tldr`) not installed; its comparison is skipped", file=sys.stderr)
    if key == "email":
        for name, found in (("write-good", write_good), ("proselint", proselint)):
            if not found:
                print(f"note: {name} not installed; skipped", file=sys.stderr)
    if key == "docs" and not rg:
        print("note: ripgrep (`rg`) not installed; skipped", file=sys.stderr)

devnull = os.open(os.devnull, os.O_WRONLY)
cpu_times = []  # CPU time (user + system, ms) of the last command run, read by the caller


def run_once(argv, stdin):
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    fd = None
    if stdin:
        fd = os.open(stdin, os.O_RDONLY)
        actions.append((os.POSIX_SPAWN_DUP2, fd, 0))
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    took = time.perf_counter_ns() - start
    if fd is not None:
        os.close(fd)
    code = os.waitstatus_to_exitcode(status)
    cpu_times.append((usage.ru_utime + usage.ru_stime) * 1e3)
    return took, code


# Every command is run once before timing: a failing command stops the bench (a linter's exit 1
# that reports findings is fine), and the page cache is warm for all alike.
for key, _, _, peers, mine, _ in rows:
    for label, argv, stdin in peers + mine:
        _, code = run_once(argv, stdin)
        # mend exits 1 for findings; write-good exits with its count of suggestions.
        if (code not in (0, 1) and label.startswith("mend")) or code < 0 or code >= 126:
            sys.exit(f"{label} ({' '.join(argv)}) exited {code}")

times, cpu = {}, {}
for key, _, _, peers, mine, rounds in rows:
    cmds = peers + mine
    for r in range(rounds):
        order = cmds if r % 2 == 0 else cmds[::-1]
        for label, argv, stdin in order:
            took, _ = run_once(argv, stdin)
            times.setdefault((key, label), []).append(took / 1e6)
            cpu.setdefault((key, label), []).append(cpu_times[-1])

have_time = os.path.exists("/usr/bin/time")
rss = {}
if have_time:
    for key, _, _, peers, mine, _ in rows:
        for label, argv, stdin in mine + (peers if key == "docs" else []):
            with open(stdin or os.devnull, "rb") as inp:
                out = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, env=env, stdin=inp,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            rss[(key, label)] = int(out.stderr.strip().splitlines()[-1]) / 1024
    for fmt in ("text", "json"):
        for label, binary in mends:
            argv = [binary, "lint", "--lossy", "--color", "never", "--format", fmt, docs]
            if "docs" in [r[0] for r in rows]:
                out = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                rss[("docs", f"{label} {fmt}")] = int(out.stderr.strip().splitlines()[-1]) / 1024
else:
    print("note: /usr/bin/time not found (apt-get install time); peak RSS not measured", file=sys.stderr)


def ms(x):
    return f"{x / 1000:.2f} s" if x >= 1000 else f"{x:.1f} ms" if x >= 10 else f"{x:.2f} ms"


med = {k: statistics.median(v) for k, v in times.items()}
print(f"\n{args.rounds} interleaved rounds ({args.big_rounds} for the documentation row), medians\n")
print("| job | peer or floor | mend | ratio | goal | met |")
print("| --- | --- | --- | --- | --- | --- |")
for key, job, goal, peers, mine, _ in rows:
    m = med[(key, "mend")]
    peer_text = "; ".join(f"{label} {ms(med[(key, label)])}" for label, _, _ in peers)
    goals = goal if isinstance(goal, list) else [goal]
    ratios, goal_text, met = [], [], []
    for g in goals:
        if isinstance(g, float):
            goal_text.append(f"≤ {g:.0f} ms")
            met.append(m <= g)
            continue
        label, limit = g
        goal_text.append(f"≤ {limit}x {label}")
        if (key, label) in med:
            ratio = m / med[(key, label)]
            ratios.append(f"{ratio:.2f}x {label}")
            met.append(ratio <= limit)
        else:
            met.append(None)
    mend_text = ms(m)
    if key == "docs":
        mend_text += f" ({docs_mb / (m / 1000):.0f} MB/s)"
    if ("mend (base)" in [l for l, _ in mends]):
        b = med[(key, "mend (base)")]
        mend_text += f" (base {ms(b)}: {m / b:.2f}x)"
    verdict = "n/a" if all(x is None for x in met) else "yes" if all(x is not False for x in met) else "no"
    if key in ("say", "diagnose", "next"):
        ratios.append(f"{m / med[(key, 'hello-world')]:.1f}x hello-world")
    print(f"| {job} | {peer_text or 'none installed'} | {mend_text} | {', '.join(ratios)} | "
          f"{', '.join(goal_text)} | {verdict} |")

# CPU time is disturbed less than wall time by other work on the machine (not at all by waiting
# for a core): the column to compare when the load average is above the core count.
print("\nCPU time (user + system), medians: mend / each peer or floor\n")
for key, job, _, peers, mine, _ in rows:
    m = statistics.median(cpu[(key, "mend")])
    parts = [f"{label} {statistics.median(cpu[(key, label)]):.1f} ms" for label, _, _ in peers + mine[1:]]
    ratios = [f"{m / max(statistics.median(cpu[(key, label)]), 0.001):.2f}x {label}" for label, _, _ in peers + mine[1:]]
    print(f"- {job}: mend {m:.1f} ms; {'; '.join(parts)}; {', '.join(ratios)}")

if rss:
    print("\nPeak RSS (GNU time, one run each)\n")
    for (key, label), kb in rss.items():
        fmt = "" if label.endswith(("text", "json")) or key != "docs" or not label.startswith("mend") else " line"
        print(f"- {key}: {label}{fmt}: {kb:.1f} MB")
