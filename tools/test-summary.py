#!/usr/bin/env python3
"""Print 'N passed, N failed, N skipped' over every meson test log in a meson-logs directory.

Counts test programs as meson reports them (a TAP program counts once, with its own verdict);
exits non-zero when any failed, so a skipped or failed test is never counted as passing."""
import json
import pathlib
import sys

logs = pathlib.Path(sys.argv[1])
counts = {"passed": 0, "failed": 0, "skipped": 0}
for log in sorted(logs.glob("testlog*.json")):
    for line in log.read_text().splitlines():
        if not line.strip():
            continue
        result = json.loads(line).get("result", "")
        if result in ("OK", "EXPECTEDFAIL"):
            counts["passed"] += 1
        elif result == "SKIP":
            counts["skipped"] += 1
        else:
            counts["failed"] += 1
print(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
sys.exit(1 if counts["failed"] else 0)
