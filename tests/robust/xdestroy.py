#!/usr/bin/env python3
"""Destroy an X11 window from another client, as `xdotool windowclose` does
(XDestroyWindow; stdlib ctypes only). usage: xdestroy.py WINDOW_ID"""
import ctypes
import sys

x = ctypes.CDLL("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XDestroyWindow.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
x.XCloseDisplay.argtypes = [ctypes.c_void_p]
d = x.XOpenDisplay(None)
if not d:
    sys.exit("xdestroy: cannot open display")
x.XDestroyWindow(d, int(sys.argv[1], 0))
x.XSync(d, 0)
x.XCloseDisplay(d)
