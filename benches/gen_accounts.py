#!/usr/bin/env python3
"""Generated account files for benchmarking `mend next`: gen_accounts.py COUNT ACCOUNTS_DIR.

Each account has three people, two promises (one kept) and six history entries; a third are on
a ladder in progress, half have a cadence. Deterministic: the same COUNT gives the same files.
"""
import os
import sys

count, accounts = int(sys.argv[1]), sys.argv[2]
os.makedirs(accounts, mode=0o700, exist_ok=True)
stages = ["prospect", "open-deal", "client", "lost"]
for i in range(count):
    day = 1 + i % 28
    history = "".join(
        f'\n[[history]]\ndate = 2026-{9 + (i + k) % 3:02d}-{day:02d}\nnote = "Call {k}: went through the plan with Dana"\n'
        for k in range(6))
    if i % 3 == 0:
        history += f'\n[[history]]\ndate = 2026-11-{day:02d}\ndone = "gatekeeper:{1 + i % 4}"\n'
    cadence = 'check-in-every = "3 weeks"' if i % 2 else ""
    text = f'''# Generated account {i}: a rep's comment.
company = "Company {i} Ltd"
stage = "{stages[i % 4]}"     # prospect | open-deal | client | lost
kind = "{"ongoing" if i % 2 else "one-off"}"
created = 2026-08-01
{cadence}

[people]
sponsor = "Dana {i}"
stakeholder = "Jim {i}"
client = "Tom {i}"

[[promise]]
what = "Send the revised plan to {i}"
due = 2026-12-{day:02d}
kept = false

[[promise]]
what = "Book the review"
due = 2026-10-{day:02d}
kept = true
{history}'''
    with open(os.path.join(accounts, f"acct-{i:04d}.toml"), "w") as f:
        f.write(text)
