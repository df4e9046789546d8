/* winload: find and load the window code (render.c with SDL2, SDL2_ttf,
 * SDL2_image: gradlab-window.so) when a window or a snapshot is first
 * needed. gradlab itself links only readline, so it starts without the
 * dynamic loader mapping the seventy libraries SDL brings; the REPL,
 * scripts and lessons never pay for them.
 *
 * The plugin exports one function, gradlab_window_api, which returns its
 * entry points (render.h); it needs nothing from gradlab. See winload.h. */
#include "winload.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "paths.h"

static void *lib;                   /* the plugin, once loaded */
static const struct render_api *api;
static char font_path[1024];        /* --font, handed to the plugin's init */
static int have_font;
static char load_error[512];

/* the first bytes of a TrueType or OpenType font: its version tag, then
 * (not in a collection) the number of its tables, whose directory follows */
static int is_font(const unsigned char *h, size_t n, long long size)
{
    if (n < 12)
        return 0;
    if (!memcmp(h, "ttcf", 4))                 /* a collection: its fonts' count */
        return size >= 16 && (h[8] | h[9] | h[10] | h[11]) != 0;
    int tag = !memcmp(h, "\0\1\0\0", 4) || !memcmp(h, "OTTO", 4) || !memcmp(h, "true", 4) ||
              !memcmp(h, "typ1", 4);
    int tables = h[4] << 8 | h[5];
    return tag && tables >= 1 && tables <= 512 && size >= 12 + 16LL * tables;
}

int winload_font(const char *font, char *err, size_t errlen)
{
    if (!font)
        return 0;
    /* checked when given: a regular file (never a FIFO that blocks), and
     * a font, not any readable file */
    char why[400], shown[300];
    int fd = file_open_read(NULL, font, why, sizeof why);
    if (fd < 0) {
        snprintf(err, errlen, "--font: %s", why);
        return -1;
    }
    unsigned char head[12];
    struct stat st;
    ssize_t n = read(fd, head, sizeof head);
    int ok = n > 0 && fstat(fd, &st) == 0 && is_font(head, (size_t)n, (long long)st.st_size);
    close(fd);
    if (!ok) {
        snprintf(err, errlen, "--font: '%s' is not a TrueType or OpenType font", text_shown(shown, sizeof shown, font));
        return -1;
    }
    snprintf(font_path, sizeof font_path, "%s", font);
    have_font = 1;
    return 0;
}

static void *try_open(const char *path)
{
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h && !load_error[0])
        snprintf(load_error, sizeof load_error, "%s", dlerror());
    return h;
}

/* gradlab-window.so: $GRADLAB_WINDOW_LIB, else where gradlab's own files
 * are (paths.h: the build tree, or the PREFIX it is installed in) */
static void *open_plugin(void)
{
    const char *env = getenv("GRADLAB_WINDOW_LIB");
    load_error[0] = '\0';
    return try_open(env && *env ? env : window_lib_path());
}

const struct render_api *winload_api(char *err, size_t errlen)
{
    if (api)
        return api;
    void *h = open_plugin();
    if (!h) {
        snprintf(err, errlen, "the window code cannot be loaded: %s", load_error);
        return NULL;
    }
    gradlab_window_api_fn get;
    *(void **)(&get) = dlsym(h, "gradlab_window_api");
    const struct render_api *a = get ? get() : NULL;
    if (!a || a->version != RENDER_API_VERSION) {
        snprintf(err, errlen, "the window code is incomplete (gradlab-window.so of another version?)");
        dlclose(h);
        return NULL;
    }
    if (a->init(have_font ? font_path : NULL, err, errlen) < 0) {
        dlclose(h);
        return NULL;
    }
    lib = h;
    api = a;
    return api;
}

const struct render_api *winload_loaded(void)
{
    return api;
}
