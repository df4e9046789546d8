#!/usr/bin/env python3
"""The pixels where two PNGs differ (stdlib only: zlib), for the tests of
`make screenshots`: not a comparison with a stored picture, but where a
frame differs from another of the same state.
usage: pngdiff.py A.png [B.png]
  prints "W H" of A; with B (the same size), also "X0 Y0 X1 Y1 N": the box
  of the N pixels that differ (X1, Y1 past its end), or "none"."""
import struct
import sys
import zlib


def read(path, header_only=False):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        sys.exit("pngdiff: %s is not a PNG" % path)
    if header_only:
        return struct.unpack(">II", data[16:24]) + (None,)
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, tag = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if tag == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or ctype not in (2, 6) or interlace:
                sys.exit("pngdiff: %s: only 8-bit RGB or RGBA, not interlaced" % path)
            bpp = 3 if ctype == 2 else 4
        elif tag == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line[k] for k in range(stride) if bpp == 3 or k % 4 != 3))
        prev = line
    return w, h, rows


wa, ha, ra = read(sys.argv[1], len(sys.argv) < 3)
print(wa, ha)
if len(sys.argv) > 2:
    wb, hb, rb = read(sys.argv[2])
    if (wa, ha) != (wb, hb):
        sys.exit("pngdiff: the sizes differ: %dx%d and %dx%d" % (wa, ha, wb, hb))
    box, n = [wa, ha, -1, -1], 0
    for y in range(ha):
        if ra[y] == rb[y]:
            continue
        for x in range(wa):
            if ra[y][3 * x:3 * x + 3] != rb[y][3 * x:3 * x + 3]:
                n += 1
                box = [min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)]
    print("none" if n == 0 else "%d %d %d %d %d" % (box[0], box[1], box[2] + 1, box[3] + 1, n))
