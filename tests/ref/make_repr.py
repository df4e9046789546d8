#!/usr/bin/env python3
"""Python's repr of doubles, the reference for gradlab's shortest form
(src/core/repr.c, tests/unit/test_repr.c).

    make_repr.py fixture > tests/ref/repr.txt   the committed fixture: edge
        cases and 2000 random bit patterns, one "HEXBITS REPR" a line
    make_repr.py stream SEED N     repr of the first N finite doubles whose
        bits splitmix64(SEED) draws, one a line (the test draws the same)
Any Python 3 prints the same: repr is the shortest decimal that reads back,
the closest of those, exponent form from 1e+16 up and below 1e-04.
"""
import math
import struct
import sys

M = 2 ** 64 - 1


def splitmix64(state):
    """the generator tests/unit/test_repr.c runs: (new state, 64 bits)"""
    state = (state + 0x9E3779B97F4A7C15) & M
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return state, z ^ (z >> 31)


def of_bits(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def bits_of(v):
    return struct.unpack("<Q", struct.pack("<d", v))[0]


def finite_stream(seed, n):
    state = seed
    while n > 0:
        state, b = splitmix64(state)
        if (b >> 52) & 0x7FF == 0x7FF:      # inf and nan: drawn again
            continue
        n -= 1
        yield b


def edges():
    e = [0.0, -0.0, 5e-324, -5e-324, 1e-323, 2.2250738585072014e-308, 2.225073858507201e-308,
         1.7976931348623157e308, -1.7976931348623157e308, 0.1, 0.2, 0.3, 1 / 3, 2 / 3,
         100.0, 1.0, -1.0, 0.5, 1e-4, 1e-5, 9.999999999999999e-05, 1e15, 1e16, 1e17,
         9999999999999998.0, 1e22, 1e23, 2.0 ** 53, 2.0 ** 53 + 2, 2.0 ** 54, 2.0 ** 63, 2.0 ** 64,
         123456789012345680.0, 0.6931471805599453, 4.35, 9007199254740993.0, 1e300, 1e-300]
    e += [10.0 ** p for p in range(-323, 309)]
    e += [2.0 ** p for p in range(-1074, 1024)]
    e += [math.nextafter(2.0 ** p, 0) for p in range(-1021, 1024, 9)]
    e += [of_bits(b) for b in range(1, 40)]                 # the smallest subnormals
    e += [of_bits(0x000FFFFFFFFFFFFF - b) for b in range(10)]   # the largest
    return e


def main():
    if sys.argv[1:2] == ["fixture"]:
        out = [bits_of(v) for v in edges()]
        out += list(finite_stream(20250101, 2000))
        for b in out:
            print("%016x %s" % (b, repr(of_bits(b))))
    elif sys.argv[1:2] == ["stream"] and len(sys.argv) == 4:
        w = sys.stdout.write
        for b in finite_stream(int(sys.argv[2]), int(sys.argv[3])):
            w(repr(of_bits(b)) + "\n")
    else:
        sys.exit("usage: make_repr.py fixture | stream SEED N")


main()
