#!/usr/bin/env python3
"""Reads gradlab's output in `format json` on stdin and checks that every
line is one JSON object that a strict reader accepts: Python's json with
NaN, Infinity and -Infinity refused (they are not JSON), and, with
--numbers, that every number is written as Python's repr writes it
(without a final ".0") and that a value's data has as many entries as its
shape says. Prints "N lines" or the first bad line, and exits 1 on it.
"""
import json
import sys


def refuse(token):
    raise ValueError("%s is not JSON" % token)


def numbers(x, out):
    """the number tokens in x, as written (parse_float/parse_int keep text)"""
    if isinstance(x, dict):
        for v in x.values():
            numbers(v, out)
    elif isinstance(x, list):
        for v in x:
            numbers(v, out)
    elif isinstance(x, str) and x.startswith("#N:"):
        out.append(x[3:])


def main():
    check_numbers = "--numbers" in sys.argv
    n = 0
    for n, line in enumerate(sys.stdin, 1):
        try:
            obj = json.loads(line, parse_constant=refuse)
            if not isinstance(obj, dict):
                raise ValueError("not an object")
            if "data" in obj:
                size = 1
                for d in obj["shape"]:
                    size *= d
                if len(obj["data"]) != size:
                    raise ValueError("%d entries for the shape %s" % (len(obj["data"]), obj["shape"]))
            if check_numbers:
                raw = json.loads(line, parse_constant=refuse,
                                 parse_float=lambda s: "#N:" + s, parse_int=lambda s: "#N:" + s)
                toks = []
                numbers(raw, toks)
                for t in toks:
                    want = repr(float(t))
                    if want.endswith(".0"):
                        want = want[:-2]
                    if t != want:
                        raise ValueError("%s is not written as repr writes %s" % (t, want))
        except ValueError as e:
            print("line %d: %s: %s" % (n, e, line[:200].rstrip()))
            sys.exit(1)
    print("%d lines" % n)


main()
