#!/usr/bin/env python3
"""Print a digest of what the X screen shows now (the root window's pixels,
through XGetImage; stdlib ctypes only), so a test can tell whether a window
was redrawn; with OUT.png, also save the screen as a PNG to look at.
usage: xshot.py [OUT.png]   (DISPLAY from the environment; 24-bit screens)
       xshot.py --lit Y0 Y1: how many pixels of rows Y0..Y1-1 are not black"""
import ctypes
import hashlib
import struct
import sys
import zlib

x = ctypes.CDLL("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XDefaultRootWindow.restype = ctypes.c_ulong
x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x.XDisplayWidth.argtypes = [ctypes.c_void_p, ctypes.c_int]
x.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]


class XImage(ctypes.Structure):
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.POINTER(ctypes.c_char)),
                ("byte_order", ctypes.c_int), ("bitmap_unit", ctypes.c_int),
                ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
                ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int),
                ("bits_per_pixel", ctypes.c_int)]


x.XGetImage.restype = ctypes.POINTER(XImage)
x.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                        ctypes.c_uint, ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]

d = x.XOpenDisplay(None)
if not d:
    sys.exit("xshot: cannot open the display")
w, h = x.XDisplayWidth(d, 0), x.XDisplayHeight(d, 0)
img = x.XGetImage(d, x.XDefaultRootWindow(d), 0, 0, w, h, 0xffffffff, 2)  # ZPixmap
if not img:
    sys.exit("xshot: XGetImage failed")
im = img.contents
raw = ctypes.string_at(im.data, im.bytes_per_line * im.height)
if len(sys.argv) == 4 and sys.argv[1] == "--lit" and im.bits_per_pixel == 32:
    y0, y1 = max(0, int(sys.argv[2])), min(im.height, int(sys.argv[3]))
    print(sum(1 for y in range(y0, y1) for x in range(im.width)
              if any(raw[y * im.bytes_per_line + x * 4 + k] for k in (0, 1, 2))))
    sys.exit(0)
print(hashlib.sha1(raw).hexdigest())
if len(sys.argv) > 1 and im.bits_per_pixel == 32:
    rows = b"".join(b"\0" + bytes(raw[y * im.bytes_per_line + x * 4 + k] for x in range(im.width) for k in (2, 1, 0))
                    for y in range(im.height))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    with open(sys.argv[1], "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", im.width, im.height, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))
