#!/usr/bin/env python3
"""Deterministic English-like prose for benchmarking `mend lint`: gen_prose.py SIZE_MB OUT.

Business-email sentences with the usual function words, "but"/"however"/"yet" at about their
natural rate, look-alikes (button, attribute, distribute) and exceptions (all but, not yet),
wrapped at 72 columns with blank lines between paragraphs.
"""
import random
import sys

rng = random.Random(20240601)
subjects = ["we", "the team", "our client", "the supplier", "I", "you", "the board", "Maria",
            "the project", "this quarter", "the new plan", "our account manager", "the courier"]
verbs = ["reviewed", "sent", "discussed", "signed", "delivered", "expected", "asked for",
         "approved", "changed", "scheduled", "postponed", "confirmed", "shared", "priced"]
objects = ["the proposal", "the contract", "the invoice", "a new timeline", "the renewal",
           "the pricing sheet", "the rollout plan", "the training session", "the dashboard",
           "the quarterly numbers", "a short summary", "the next steps", "the support ticket",
           "the budget", "the slides", "the reference call", "the onboarding guide",
           "the security review", "the purchase order", "the meeting notes", "the forecast",
           "the pilot results", "the licence count", "the project charter", "the demo",
           "the statement of work", "the data export", "the service levels", "the roadmap"]
# Words that merely contain a trigger ("button", "attribute", "distribution"), now and then.
rare_objects = ["the button on the order page", "the attribute list", "the distribution report",
                "the contribution margin", "the debut event"]
tails = ["last week", "on Friday", "before the meeting", "in the morning", "with the finance team",
         "as planned", "for the second time", "after the call", "ahead of the deadline", ""]
# Roughly the rates of running English: "but" about 4 per 1000 words, "however", "yet" and
# "although" well under 1.
joins = [", and", ", so", ", but", " because", " while", " and", " but", " when", " after",
         ", which means", " so that", " before", " since", " until", " as", " where", " if",
         " and then", ", and so", " unless", ", while", " once", " whereas", " even if",
         "; however,", ", yet", " although", " or", ", or", " and also"]
extras = ["It is all but finished.", "We have not heard back yet.", "Thanks for the update.",
          "Let me know if that works.", "Happy to help with anything else.",
          "Last but not least, the team says thanks.", "Please see the attached file.",
          "Could we meet on Tuesday?", "Unfortunately, the shipment is late.",
          "The numbers look good this month.", "We will distribute the notes tomorrow."]


def clause():
    t = rng.choice(tails)
    o = rng.choice(rare_objects) if rng.random() < 0.02 else rng.choice(objects)
    return f"{rng.choice(subjects)} {rng.choice(verbs)} {o}" + (f" {t}" if t else "")


def sentence():
    if rng.random() < 0.04:
        return rng.choice(extras)
    s = clause()
    if rng.random() < 0.3:
        s += f"{rng.choice(joins)} {clause()}"
    return s[0].upper() + s[1:] + rng.choice([".", ".", ".", "!", "?"])


def paragraph():
    words = " ".join(sentence() for _ in range(rng.randint(2, 7))).split(" ")
    lines, line = [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > 72:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    lines.append(line)
    return "\n".join(lines) + "\n\n"


def main():
    size = int(float(sys.argv[1]) * 1024 * 1024)
    pool = [paragraph().encode() for _ in range(4000)]
    written = 0
    with open(sys.argv[2], "wb") as out:
        while written < size:
            block = b"".join(pool[rng.randrange(len(pool))] for _ in range(256))
            out.write(block)
            written += len(block)


main()
