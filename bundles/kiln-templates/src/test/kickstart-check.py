#!/usr/bin/env python3
"""What real tools can check of a kickstart where ksvalidator (pykickstart) is not available (no Debian package):

- every command line splits into words the way pykickstart splits it (shlex, '#' comments), so no quote is left open;
- every section (%packages, %pre, %post, ...) is closed by %end, and none is opened inside another;
- the body of each %pre/%post script without --interpreter passes `bash -n` (bash's own parser).

Usage: kickstart-check.py KS.CFG   -> prints "ok" and exits 0, or prints "line N: why" and exits 1.
"""
import shlex
import subprocess
import sys


def main(path):
    problems = []
    section, start, body = None, 0, []
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        s = line.strip()
        if s.startswith("%end"):
            if section is None:
                problems.append("line %d: %%end without a section" % n)
            elif section[0] in ("%pre", "%post") and not any(w.startswith("--interpreter") for w in section[1:]):
                r = subprocess.run(["bash", "-n"], input="".join(body), text=True, capture_output=True)
                if r.returncode != 0:
                    problems.append("line %d: %s script is not valid shell: %s" % (start, section[0], r.stderr.strip()))
            section, body = None, []
            continue
        if s.startswith("%") and not s.startswith("%include") and not s.startswith("%ksappend"):
            if section is not None:
                problems.append("line %d: %s opened inside %s (line %d) without %%end" % (n, s.split()[0], section[0], start))
            section, start, body = shlex.split(s), n, []
            continue
        if section is not None:
            body.append(line)
            continue
        if not s or s.startswith("#"):
            continue
        try:
            shlex.split(s, comments=True)
        except ValueError as e:
            problems.append("line %d: %s: %s" % (n, e, s))
    if section is not None:
        problems.append("line %d: %s is never closed with %%end" % (start, section[0]))
    for p in problems:
        print(p)
    if not problems:
        print("ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
