#!/usr/bin/env python3
"""Prints every phrase of lint/rules.toml after `{a|b}` expansion, one a line, with the typographic
apostrophe variant too: the same pattern set mend's automaton holds, for timing ripgrep on it.

    phrases.py RULES_TOML > patterns.txt
"""
import itertools
import re
import sys
import tomllib


def expand(pattern):
    parts = re.split(r"(\{[^}]*\})", pattern)
    choices = [p[1:-1].split("|") if p.startswith("{") else [p] for p in parts]
    for combo in itertools.product(*choices):
        yield " ".join("".join(combo).split())


def main():
    with open(sys.argv[1], "rb") as f:
        rules = tomllib.load(f)["rule"]
    seen = set()
    for rule in rules:
        lists = [rule.get("phrases", [])] + [t["phrases"] for t in rule.get("trigger", [])]
        for phrase in itertools.chain.from_iterable(lists):
            for p in expand(phrase):
                for variant in {p, p.replace("'", "\u2019")}:
                    if variant and variant.lower() not in seen:
                        seen.add(variant.lower())
                        print(variant)


main()
