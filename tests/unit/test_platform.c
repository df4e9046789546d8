/* The platform file (core/platform.c): where the running program is, from
 * the system and from argv[0] and PATH (the fallback of systems without
 * /proc), and the stream whose writes go to a function: the system's
 * (fopencookie, funopen) and the portable one (open_memstream). */
#define _XOPEN_SOURCE 700     /* realpath, symlink */
#include "tmpdir.h"
#include "platform.h"

static char bin[700], other[700];

static void make_exe(const char *dir, const char *name, int mode)
{
    char p[1500];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("#!/bin/sh\n", f);
    fclose(f);
    chmod(p, (mode_t)mode);
}

static int setup(void **state)
{
    (void)state;
    const char *t = check_tmpdir();
    snprintf(bin, sizeof bin, "%s/bin", t);
    snprintf(other, sizeof other, "%s/other", t);
    mkdir(bin, 0700);
    mkdir(other, 0700);
    make_exe(bin, "prog", 0700);
    make_exe(other, "prog", 0600);      /* not executable: a shell skips it */
    make_exe(other, "tool", 0700);
    return 0;
}

/* the program's path as the system gives it: this test's own binary */
static void test_exe_path(void **state)
{
    (void)state;
    char p[4096];
    assert_int_equal(platform_exe_path(p, sizeof p), 0);
    assert_true(p[0] == '/');
    size_t n = strlen(p), k = strlen("/test_platform");
    assert_true(n > k && !strcmp(p + n - k, "/test_platform"));
    char small[4];
    assert_int_equal(platform_exe_path(small, sizeof small), -1);
}

/* argv[0] without a '/': looked up in PATH as a shell does (the first
 * folder that has it as an executable file), the result absolute */
static void test_argv0_in_path(void **state)
{
    (void)state;
    char p[4096], want[1500], path[2000];
    snprintf(path, sizeof path, "/nonexistent:%s:%s", other, bin);
    assert_int_equal(platform_exe_from_argv0("prog", path, p, sizeof p), 0);
    char *real = realpath(bin, NULL);
    assert_non_null(real);
    snprintf(want, sizeof want, "%s/prog", real);
    assert_string_equal(p, want);
    free(real);
    assert_int_equal(platform_exe_from_argv0("tool", path, p, sizeof p), 0);
    assert_int_equal(platform_exe_from_argv0("missing", path, p, sizeof p), -1);
    assert_int_equal(platform_exe_from_argv0("prog", "", p, sizeof p), -1);
    assert_int_equal(platform_exe_from_argv0("", path, p, sizeof p), -1);
    assert_int_equal(platform_exe_from_argv0(NULL, path, p, sizeof p), -1);
}

/* argv[0] with a '/': a path, made absolute and resolved (.., links) */
static void test_argv0_as_path(void **state)
{
    (void)state;
    char p[4096], arg[1500], want[1500], link[1500];
    snprintf(arg, sizeof arg, "%s/../bin/prog", other);
    assert_int_equal(platform_exe_from_argv0(arg, NULL, p, sizeof p), 0);
    char *real = realpath(bin, NULL);
    assert_non_null(real);
    snprintf(want, sizeof want, "%s/prog", real);
    free(real);
    assert_string_equal(p, want);
    snprintf(link, sizeof link, "%s/link", other);
    snprintf(arg, sizeof arg, "%s/prog", bin);
    assert_int_equal(symlink(arg, link), 0);
    assert_int_equal(platform_exe_from_argv0(link, NULL, p, sizeof p), 0);
    assert_string_equal(p, want);
    snprintf(arg, sizeof arg, "%s/nothing", other);
    assert_int_equal(platform_exe_from_argv0(arg, NULL, p, sizeof p), -1);
}

struct got {
    char text[256];
    size_t len;
    int calls;
    int fail;               /* the function refuses the bytes */
};

static int take(void *cookie, const char *buf, size_t n)
{
    struct got *g = cookie;
    if (g->fail)
        return -1;
    assert_true(g->len + n < sizeof g->text);
    memcpy(g->text + g->len, buf, n);
    g->len += n;
    g->text[g->len] = '\0';
    g->calls++;
    return 0;
}

/* the system's stream: each write arrives as it is made */
static void test_stream(void **state)
{
    (void)state;
    struct got g = { .len = 0 };
    FILE *f = platform_stream_open(&g, take);
    assert_non_null(f);
    fprintf(f, "z = %d", 3);
#if defined(__linux__) || defined(__APPLE__) || defined(__FreeBSD__)
    assert_string_equal(g.text, "z = 3");   /* before the close: unbuffered */
#endif
    fputs("\ns\n", f);
    assert_int_equal(platform_stream_close(f), 0);
    assert_string_equal(g.text, "z = 3\ns\n");
    /* a write the function refuses fails, and the close says so */
    g.fail = 1;
    f = platform_stream_open(&g, take);
    assert_non_null(f);
    fputs("more", f);
#if defined(__linux__) || defined(__APPLE__) || defined(__FreeBSD__)
    assert_true(ferror(f));
#endif
    assert_int_equal(platform_stream_close(f), -1);
    assert_string_equal(g.text, "z = 3\ns\n");
}

/* the portable stream: everything arrives at the close, in one piece;
 * two at once keep apart */
static void test_stream_portable(void **state)
{
    (void)state;
    struct got a = { .len = 0 }, b = { .len = 0 };
    FILE *fa = platform_stream_open_portable(&a, take);
    FILE *fb = platform_stream_open_portable(&b, take);
    assert_non_null(fa);
    assert_non_null(fb);
    fprintf(fa, "first %s", "line");
    fputs("other", fb);
    fputs("\nsecond\n", fa);
    assert_int_equal(a.calls, 0);
    assert_int_equal(platform_stream_close(fa), 0);
    assert_string_equal(a.text, "first line\nsecond\n");
    assert_int_equal(a.calls, 1);
    assert_int_equal(b.calls, 0);
    platform_stream_close(fb);
    assert_string_equal(b.text, "other");
    /* nothing written: nothing arrives */
    struct got c = { .len = 0 };
    FILE *fc = platform_stream_open_portable(&c, take);
    platform_stream_close(fc);
    assert_int_equal(c.calls, 0);
    /* refused at the close: the close fails */
    struct got d = { .fail = 1 };
    FILE *fd = platform_stream_open_portable(&d, take);
    fputs("x", fd);
    assert_int_equal(platform_stream_close(fd), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exe_path),
        cmocka_unit_test(test_argv0_in_path),
        cmocka_unit_test(test_argv0_as_path),
        cmocka_unit_test(test_stream),
        cmocka_unit_test(test_stream_portable),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
