#!/usr/bin/env python3
"""Runs `verify_bundle.py --summary` on every vector of
tests/vectors/negative/index.json and compares: the verdict must be the
listed one and, for `invalid`, the listed §8 check must be among those that
failed. Prints one line per vector; exits 1 if any differs.

Usage: python3 run_negative.py [NEGATIVE_DIR] [-- VERIFIER ARGS...]

By default the verifier is this directory's verify_bundle.py; after `--`
another command can be given (it is called with `--summary FILE` appended),
so that any verifier with the same one-line summary can be judged.
"""

import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DIR = os.path.join(HERE, "..", "vectors", "negative")
EXIT = {"unreadable": 2, "invalid": 1, "valid": 0, "rehearsal": 0, "sealed": 0}


def main(argv):
    args = argv[1:]
    cmd = [sys.executable, os.path.join(HERE, "verify_bundle.py")]
    if "--" in args:
        i = args.index("--")
        cmd, args = args[i + 1:], args[:i]
    d = args[0] if args else DEFAULT_DIR
    with open(os.path.join(d, "index.json"), encoding="utf-8") as f:
        index = json.load(f)
    bad = 0
    for e in index:
        p = subprocess.run(cmd + ["--summary", os.path.join(d, e["file"])],
                           capture_output=True, text=True)
        line = p.stdout.strip()
        verdict, _, checks = line.partition(":")
        failed = [c.strip() for c in checks.split(",") if c.strip()]
        problems = []
        if verdict != e["verdict"]:
            problems.append("verdict %r, expected %r" % (verdict, e["verdict"]))
        if e["verdict"] == "invalid" and e["check"] not in failed:
            problems.append("check %r did not fail" % e["check"])
        if len(p.stdout.splitlines()) != 1:
            problems.append("printed %d lines" % len(p.stdout.splitlines()))
        if p.returncode != EXIT.get(e["verdict"], -1):
            problems.append("exit %d" % p.returncode)
        want = e["verdict"] + (": " + e["check"] if e["check"] else "")
        if problems:
            bad += 1
            print("FAIL %s: got %r (%s), expected %s" % (e["file"], line, "; ".join(problems), want))
        else:
            print("OK %s: %s" % (e["file"], line))
    print("%d of %d vectors as expected" % (len(index) - bad, len(index)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
