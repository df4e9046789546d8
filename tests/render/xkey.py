#!/usr/bin/env python3
"""Press a key in an X11 window, as a user would: give it the input focus,
then send it KeyPress and KeyRelease events (stdlib ctypes and Xlib only).
usage: xkey.py WINDOW_ID KEYSYM   e.g. xkey.py 0x200008 space
(DISPLAY from the environment)"""
import ctypes
import sys
import time

x = ctypes.CDLL("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
x.XOpenDisplay.argtypes = [ctypes.c_char_p]
x.XStringToKeysym.restype = ctypes.c_ulong
x.XStringToKeysym.argtypes = [ctypes.c_char_p]
x.XKeysymToKeycode.restype = ctypes.c_ubyte
x.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
x.XDefaultRootWindow.restype = ctypes.c_ulong
x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
x.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong]
x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
x.XFlush.argtypes = [ctypes.c_void_p]
x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
x.XCloseDisplay.argtypes = [ctypes.c_void_p]


class XKeyEvent(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("root", ctypes.c_ulong),
                ("subwindow", ctypes.c_ulong), ("time", ctypes.c_ulong), ("x", ctypes.c_int),
                ("y", ctypes.c_int), ("x_root", ctypes.c_int), ("y_root", ctypes.c_int),
                ("state", ctypes.c_uint), ("keycode", ctypes.c_uint), ("same_screen", ctypes.c_int)]


class XEvent(ctypes.Union):
    _fields_ = [("xkey", XKeyEvent), ("pad", ctypes.c_long * 24)]


d = x.XOpenDisplay(None)
if not d:
    sys.exit("xkey: cannot open the display")
wid = int(sys.argv[1], 0)
code = x.XKeysymToKeycode(d, x.XStringToKeysym(sys.argv[2].encode()))
if not code:
    sys.exit("xkey: no key for '%s'" % sys.argv[2])
x.XSetInputFocus(d, wid, 2, 0)          # RevertToParent, CurrentTime
x.XSync(d, 0)
time.sleep(0.1)
for kind, mask in ((2, 1), (3, 2)):     # KeyPress/KeyPressMask, KeyRelease/KeyReleaseMask
    ev = XEvent()
    k = ev.xkey
    k.type, k.display, k.window, k.root = kind, d, wid, x.XDefaultRootWindow(d)
    k.keycode, k.same_screen, k.time = code, 1, 0
    x.XSendEvent(d, wid, 1, mask, ctypes.byref(ev))
    x.XFlush(d)
    time.sleep(0.05)
x.XCloseDisplay(d)
