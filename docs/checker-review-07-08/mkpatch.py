#!/usr/bin/env python3
"""(Needs labLAB/correct/: build.sh correct leaves it in /tmp/h-review78-labLAB-correct.)
docs/checker-review-07-08/mkpatch.py LAB: write docs/checker-review-07-08/labLAB/NAME.patch for each wrong program below, each one
mistake applied to docs/checker-review-07-08/labLAB/correct/ (a one-line comment on top: the mistake, the check
expected to catch it)."""
import difflib, os, sys

LAB = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
exec(open(os.path.join(HERE, f"lab{LAB}", "mistakes.py")).read())  # defines MISTAKES

for name, comment, edits in MISTAKES:
    out = [f"# {name}: {comment}\n"]
    files = {}
    for fname, old, new in edits:
        if fname not in files:
            files[fname] = open(os.path.join(HERE, f"lab{LAB}", "correct", fname)).read()
        s = files[fname]
        if s.count(old) != 1:
            sys.exit(f"{name}: {fname}: {old!r} found {s.count(old)} times")
        files[fname] = s.replace(old, new)
    for fname, s in files.items():
        orig = open(os.path.join(HERE, f"lab{LAB}", "correct", fname)).read()
        out += difflib.unified_diff(orig.splitlines(True), s.splitlines(True),
                                    f"a/{fname}", f"b/{fname}")
    open(os.path.join(HERE, f"lab{LAB}", f"{name}.patch"), "w").writelines(out)
    print(name)
