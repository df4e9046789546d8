#!/usr/bin/env python3
"""Print a digest of what the X screen shows now (the root window's pixels,
through XGetImage; stdlib ctypes only), so a test can tell whether a window
was redrawn. usage: xshot.py   (DISPLAY from the environment)"""
import ctypes
import hashlib
import sys

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
print(hashlib.sha1(ctypes.string_at(im.data, im.bytes_per_line * im.height)).hexdigest())
