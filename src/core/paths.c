/* paths: the state directory, and text made safe to print. See paths.h. */
#include "paths.h"

#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform.h"

/* $VAR/gradlab/LEAF when VAR is an absolute path (the XDG base
 * directories), else $HOME/FALLBACK/gradlab/LEAF */
static void xdg_path(char *buf, size_t size, const char *var, const char *fallback, const char *leaf)
{
    const char *dir = getenv(var);
    int n = -1;
    if (dir && *dir == '/') {
        n = snprintf(buf, size, "%s/gradlab/%s", dir, leaf);
    } else {
        /* HOME, or when it is unset (or not a full path) the user's entry
         * in the password database: never the current folder */
        const char *home = getenv("HOME");
        if (!(home && *home == '/')) {
            struct passwd *pw = getpwuid(getuid());
            home = pw && pw->pw_dir && *pw->pw_dir == '/' ? pw->pw_dir : NULL;
        }
        if (home)
            n = snprintf(buf, size, "%s/%s/gradlab/%s", home, fallback, leaf);
    }
    if (size && (n < 0 || (size_t)n >= size))
        buf[0] = '\0';         /* no home, or too long: no path rather than a shorter one */
}

void state_path(char *buf, size_t size, const char *leaf)
{
    xdg_path(buf, size, "XDG_STATE_HOME", ".local/state", leaf);
}

void config_path(char *buf, size_t size, const char *leaf)
{
    xdg_path(buf, size, "XDG_CONFIG_HOME", ".config", leaf);
}

int text_fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

void make_parent_dirs(const char *path)
{
    char dir[PATH_MAX];
    int n = snprintf(dir, sizeof dir, "%s", path);
    if (n < 0 || (size_t)n >= sizeof dir)
        return;                 /* too long: the open that follows says so */
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0700);
            *p = '/';
        }
    }
    mkdir(dir, 0700);
}

/* the length of the valid, printable UTF-8 character at s (n bytes left),
 * or 0 when s[0] starts no such character (a control character, a stray
 * or overlong byte, a surrogate, a C1 control) */
static size_t utf8_char(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c == '\t' || (c >= 0x20 && c < 0x7f))
        return 1;
    size_t len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    unsigned cp = c & (0x7f >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    static const unsigned least[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (cp < least[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
        return 0;
    return len;
}

size_t text_clean_len(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    for (size_t k; i < n && (k = utf8_char(p + i, n - i)) > 0;)
        i += k;
    return i;
}

/* the piece src[i..] becomes: its bytes in piece (at most 7), its
 * length in *plen; returns the input bytes it takes */
static size_t escape_piece(const unsigned char *s, size_t n, char *piece, size_t *plen)
{
    size_t k = utf8_char(s, n);
    if (k == 1 && s[0] == '\\') {
        memcpy(piece, "\\\\", *plen = 2);
    } else if (k) {
        memcpy(piece, s, *plen = k);
    } else {
        snprintf(piece, 8, "\\x%02x", s[0]);
        *plen = 4;
        k = 1;
    }
    return k;
}

char *text_escape(char *dst, size_t size, const char *src, size_t n)
{
    if (size == 0)
        return dst;
    const unsigned char *s = (const unsigned char *)src;
    char piece[8];
    size_t plen, total = 0;
    for (size_t i = 0; i < n; total += plen)
        i += escape_piece(s + i, n - i, piece, &plen);
    /* when it does not all fit, keep room for "..." */
    size_t limit = total + 1 <= size ? size : size > 4 ? size - 3 : 1;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t k = escape_piece(s + i, n - i, piece, &plen);
        if (o + plen + 1 > limit)
            break;
        memcpy(dst + o, piece, plen);
        o += plen;
        i += k;
    }
    if (total + 1 > size && size > 4) {
        memcpy(dst + o, "...", 3);
        o += 3;
    }
    dst[o] = '\0';
    return dst;
}

char *text_shown(char *dst, size_t size, const char *s)
{
    return text_escape(dst, size, s, strlen(s));
}

/* ---------------------------------------------------------------- */
/* gradlab's own files                                                */

/* what the Makefile says: where `make install` puts things, and the same
 * below PREFIX (relative: "bin", "share/gradlab"; absolute when the
 * folder is outside PREFIX) */
#ifndef GRADLAB_DATADIR
#define GRADLAB_DATADIR "/usr/local/share/gradlab"
#endif
#ifndef GRADLAB_LIBDIR
#define GRADLAB_LIBDIR "/usr/local/lib/gradlab"
#endif
#ifndef GRADLAB_BIN_SUBDIR
#define GRADLAB_BIN_SUBDIR "bin"
#endif
#ifndef GRADLAB_DATA_SUBDIR
#define GRADLAB_DATA_SUBDIR "share/gradlab"
#endif
#ifndef GRADLAB_LIB_SUBDIR
#define GRADLAB_LIB_SUBDIR "lib/gradlab"
#endif

static int exists(const char *dir, const char *leaf)
{
    char p[4200];
    struct stat st;
    return snprintf(p, sizeof p, "%s/%s", dir, leaf) < (int)sizeof p && stat(p, &st) == 0;
}

/* where the program is: its folder, the clone it was built in (or ""),
 * the PREFIX it is installed under (or "") */
static struct {
    int known;
    char dir[4096], tree[4096], prefix[4096];
} home;

static void find_home(void)
{
    if (home.known)
        return;
    home.known = 1;
    if (platform_exe_path(home.dir, sizeof home.dir) < 0)
        return;
    char *slash = strrchr(home.dir, '/');
    if (!slash)
        return;
    *slash = '\0';
    /* a clone: ./gradlab at its top, or build/gradlab one below */
    char up[4096];
    snprintf(up, sizeof up, "%s", home.dir);
    slash = strrchr(up, '/');
    if (slash)
        *(slash == up ? slash + 1 : slash) = '\0';
    if (exists(home.dir, "lessons/README.md") && exists(home.dir, "src/README.md"))
        snprintf(home.tree, sizeof home.tree, "%s", home.dir);
    else if (slash && exists(up, "lessons/README.md") && exists(up, "src/README.md"))
        snprintf(home.tree, sizeof home.tree, "%s", up);
    /* PREFIX/bin: the folder less its last part(s) */
    size_t n = strlen(home.dir), b = strlen(GRADLAB_BIN_SUBDIR);
    if (GRADLAB_BIN_SUBDIR[0] != '/' && n > b && home.dir[n - b - 1] == '/' &&
        !strcmp(home.dir + n - b, GRADLAB_BIN_SUBDIR))
        snprintf(home.prefix, sizeof home.prefix, "%.*s", (int)(n - b - 1), home.dir);
}

/* DIR under the PREFIX the program is in ("" when it is not installed),
 * or DIR itself when absolute */
static void under_prefix(char *buf, size_t size, const char *sub)
{
    if (sub[0] == '/')
        snprintf(buf, size, "%s", sub);
    else if (home.prefix[0])
        snprintf(buf, size, "%s/%s", home.prefix, sub);
    else
        buf[0] = '\0';
}

const char *data_dir(void)
{
    static char dir[4200];
    find_home();
    if (home.tree[0])
        return home.tree;
    under_prefix(dir, sizeof dir, GRADLAB_DATA_SUBDIR);
    if (dir[0] && exists(dir, "lessons"))
        return dir;
    return GRADLAB_DATADIR;
}

const char *window_lib_path(void)
{
    static char path[4300];
    char dir[4200];
    find_home();
    if (home.dir[0]) {
        snprintf(path, sizeof path, "%s/gradlab-window.so", home.dir);
        if (exists(home.dir, "gradlab-window.so"))
            return path;
    }
    if (home.tree[0] && exists(home.tree, "build/gradlab-window.so")) {
        snprintf(path, sizeof path, "%s/build/gradlab-window.so", home.tree);
        return path;
    }
    under_prefix(dir, sizeof dir, GRADLAB_LIB_SUBDIR);
    if (dir[0] && exists(dir, "gradlab-window.so")) {
        snprintf(path, sizeof path, "%s/gradlab-window.so", dir);
        return path;
    }
    return GRADLAB_LIBDIR "/gradlab-window.so";
}
