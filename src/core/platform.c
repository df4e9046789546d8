/* platform: what differs between systems. See platform.h. */
#define _GNU_SOURCE             /* fopencookie (glibc, musl) */
#define _DARWIN_C_SOURCE        /* funopen, _NSGetExecutablePath (macOS) */
#include "platform.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__APPLE__)
#include <mach-o/dyld.h>
#endif

/* ---------------------------------------------------------------- */
/* where the program is                                               */

static char argv0_path[4096];      /* argv[0] resolved at start, or "" */

/* the real path of p into buf (size bytes); 0, or -1 */
static int resolve(const char *p, char *buf, size_t size)
{
    char *r = realpath(p, NULL);
    if (!r)
        return -1;
    size_t n = strlen(r);
    int fits = n < size;
    if (fits)
        memcpy(buf, r, n + 1);
    free(r);
    return fits ? 0 : -1;
}

int platform_exe_from_argv0(const char *argv0, const char *path_env, char *buf, size_t size)
{
    if (!argv0 || !*argv0)
        return -1;
    if (strchr(argv0, '/'))
        return resolve(argv0, buf, size);
    /* as a shell looks a command up: each folder of PATH in turn (an
     * empty entry is the current folder) */
    for (const char *p = path_env ? path_env : ""; ; ) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char cand[4096];
        int n = snprintf(cand, sizeof cand, "%.*s%s%s", (int)len, p, len ? "/" : "", argv0);
        struct stat st;
        if (n > 0 && (size_t)n < sizeof cand && stat(cand, &st) == 0 && S_ISREG(st.st_mode) &&
            access(cand, X_OK) == 0)
            return resolve(cand, buf, size);
        if (!end)
            return -1;
        p = end + 1;
    }
}

void platform_set_argv0(const char *argv0)
{
    if (platform_exe_from_argv0(argv0, getenv("PATH"), argv0_path, sizeof argv0_path) < 0)
        argv0_path[0] = '\0';
}

/* what the system says, or -1 */
static int exe_from_system(char *buf, size_t size)
{
#if defined(__linux__) || defined(__CYGWIN__)
    return resolve("/proc/self/exe", buf, size);
#elif defined(__APPLE__)
    char raw[4096];
    uint32_t n = sizeof raw;
    return _NSGetExecutablePath(raw, &n) == 0 ? resolve(raw, buf, size) : -1;
#else
    (void)buf;
    (void)size;
    return -1;
#endif
}

int platform_exe_path(char *buf, size_t size)
{
    if (exe_from_system(buf, size) == 0)
        return 0;
    if (argv0_path[0] && strlen(argv0_path) < size) {
        memcpy(buf, argv0_path, strlen(argv0_path) + 1);
        return 0;
    }
    return -1;
}

/* ---------------------------------------------------------------- */
/* a stream that writes to a function                                 */

struct sink {
    void *cookie;
    platform_write_fn write;
    /* the portable stream: its memory, and the list of them */
    FILE *f;
    char *mem;
    size_t len;
    struct sink *next;
};

static struct sink *portable;      /* the open portable streams */

FILE *platform_stream_open_portable(void *cookie, platform_write_fn write)
{
    struct sink *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->cookie = cookie;
    s->write = write;
    s->f = open_memstream(&s->mem, &s->len);
    if (!s->f) {
        free(s);
        return NULL;
    }
    s->next = portable;
    portable = s;
    return s->f;
}

#if defined(__GLIBC__) || (defined(__linux__) && !defined(__ANDROID__))
#define STREAM_COOKIE 1         /* glibc and musl */
static ssize_t cookie_write(void *c, const char *buf, size_t n)
{
    struct sink *s = c;
    return s->write(s->cookie, buf, n) < 0 ? -1 : (ssize_t)n;
}

static int cookie_close(void *c)
{
    free(c);
    return 0;
}
#elif defined(__APPLE__) || defined(__FreeBSD__) || defined(__NetBSD__) || defined(__OpenBSD__)
#define STREAM_FUNOPEN 1
static int funopen_write(void *c, const char *buf, int n)
{
    struct sink *s = c;
    return s->write(s->cookie, buf, (size_t)n) < 0 ? -1 : n;
}

static int funopen_close(void *c)
{
    free(c);
    return 0;
}
#endif

FILE *platform_stream_open(void *cookie, platform_write_fn write)
{
#if defined(STREAM_COOKIE) || defined(STREAM_FUNOPEN)
    struct sink *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->cookie = cookie;
    s->write = write;
#ifdef STREAM_COOKIE
    cookie_io_functions_t io = { NULL, cookie_write, NULL, cookie_close };
    FILE *f = fopencookie(s, "w", io);
#else
    FILE *f = funopen(s, NULL, funopen_write, NULL, funopen_close);
#endif
    if (!f) {
        free(s);
        return NULL;
    }
    setvbuf(f, NULL, _IONBF, 0);
    return f;
#else
    return platform_stream_open_portable(cookie, write);
#endif
}

int platform_stream_close(FILE *f)
{
    for (struct sink **p = &portable; *p; p = &(*p)->next) {
        struct sink *s = *p;
        if (s->f != f)
            continue;
        *p = s->next;
        int rc = fclose(f);     /* mem and len now hold every byte */
        if (rc == 0 && s->len && s->write(s->cookie, s->mem, s->len) < 0)
            rc = -1;
        free(s->mem);
        free(s);
        return rc == 0 ? 0 : -1;
    }
    int failed = ferror(f);     /* a write refused before */
    return fclose(f) == 0 && !failed ? 0 : -1;
}

int platform_cores(void)
{
#ifdef _SC_NPROCESSORS_ONLN
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
#else
    return 1;
#endif
}
