#!/usr/bin/env python3
"""Reads iCalendar files with the `icalendar` package, as a calendar app would, and prints what it
found as JSON: the calendar's PRODID and, per event, the properties a calendar uses to decide
whether an event is new, changed or gone.

A file the parser refuses, or an event without the UID or DTSTAMP that RFC 5545 requires, exits 1
with the reason. Exit 3 means the package is missing (`pip install icalendar`)."""

import json
import sys

try:
    import icalendar
except ImportError:
    print("the icalendar package is missing: pip install icalendar", file=sys.stderr)
    sys.exit(3)


def utc(value):
    """A DATE-TIME property as ISO text, refusing one that is not in UTC."""
    when = value.dt
    if when.tzinfo is None or when.utcoffset().total_seconds() != 0:
        raise ValueError(f"{when!r} is not a UTC time")
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def read(path):
    with open(path, "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    events = []
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART"):
            if required not in event:
                raise ValueError(f"an event has no {required}")
        modified = event.get("LAST-MODIFIED")
        events.append(
            {
                "uid": str(event["UID"]),
                "summary": str(event.get("SUMMARY", "")),
                "sequence": int(event.get("SEQUENCE", 0)),
                "status": str(event.get("STATUS", "")),
                "dtstamp": utc(event["DTSTAMP"]),
                "last_modified": utc(modified) if modified is not None else None,
                "start": event.decoded("DTSTART").isoformat(),
            }
        )
    return {"prodid": str(calendar.get("PRODID", "")), "version": str(calendar.get("VERSION", "")), "events": events}


def main():
    try:
        print(json.dumps([read(path) for path in sys.argv[1:]]))
    except Exception as e:  # a calendar app would refuse the file: say why
        print(f"not a calendar a parser accepts: {e}", file=sys.stderr)
        sys.exit(1)


main()
