/* The files every command opens (core/files.c) and text from files made
 * safe to print (core/paths.c): the confinement of a lesson (relative
 * paths in its folders only, no '..', dotfile or link, writes to its
 * scratch folder), regular files only, and the escaping. */
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

#include "tmpdir.h"
#include "files.h"
#include "paths.h"

static char home[700], scratch[700], outside[700];

/* dir/name, in one of two buffers that take turns */
static const char *in(const char *dir, const char *name)
{
    static char buf[2][1500];
    static int k;
    k ^= 1;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void put(const char *dir, const char *name, const char *text)
{
    FILE *f = fopen(in(dir, name), "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    const char *t = check_tmpdir();
    snprintf(home, sizeof home, "%s/lesson", t);
    snprintf(scratch, sizeof scratch, "%s/state/scratch/lesson", t);
    snprintf(outside, sizeof outside, "%s/outside", t);
    mkdir(home, 0700);
    mkdir(outside, 0700);
    put(home, "data.csv", "1,2\n");
    put(outside, "secret.csv", "3,4\n");
    mkdir(in(home, "sub"), 0700);
    put(home, "sub/in.csv", "5,6\n");
    put(home, ".hidden", "7,8\n");
    assert_int_equal(symlink(in(outside, "secret.csv"), in(home, "link.csv")), 0);
    assert_int_equal(symlink(outside, in(home, "out")), 0);
    assert_int_equal(mkfifo(in(home, "fifo.csv"), 0600), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    check_tmpdir_remove();
    return 0;
}

static void confine(struct file_policy *p)
{
    memset(p, 0, sizeof *p);
    file_policy_confine(p, "a lesson", home, scratch);
}

/* reading path under p: the text, or NULL with the error in err */
static char *read_text(const struct file_policy *p, const char *path, char *err, size_t errlen)
{
    char *buf;
    size_t len;
    return file_read_all(p, path, 1000, &buf, &len, err, errlen) == 0 ? buf : NULL;
}

static void refused(const struct file_policy *p, const char *path, const char *want)
{
    char err[400] = "";
    char *t = read_text(p, path, err, sizeof err);
    if (t || !strstr(err, want)) {
        print_error("reading '%s': got '%s', want an error with '%s'\n", path, t ? t : err, want);
        free(t);
        fail();
    }
}

static void test_confined_reads(void **state)
{
    (void)state;
    struct file_policy p;
    confine(&p);
    char err[400];
    char *t = read_text(&p, "data.csv", err, sizeof err);
    assert_non_null(t);
    assert_string_equal(t, "1,2\n");
    free(t);
    t = read_text(&p, "./sub/in.csv", err, sizeof err);
    assert_non_null(t);
    free(t);
    char abs[1500];
    snprintf(abs, sizeof abs, "%s", in(outside, "secret.csv"));
    refused(&p, abs, "is an absolute path: a lesson may only name files inside its folder");
    refused(&p, "../outside/secret.csv", "goes up a folder with '..'");
    refused(&p, "sub/../../outside/secret.csv", "goes up a folder");
    refused(&p, ".hidden", "names a hidden file");
    refused(&p, "link.csv", "symbolic link");
    refused(&p, "out/secret.csv", "symbolic link");
    refused(&p, "fifo.csv", "is not a regular file (a FIFO)");
    refused(&p, "sub", "is a directory");
    refused(&p, "none.csv", "cannot open 'none.csv': No such file or directory");
    refused(&p, "", "an empty file name");
    /* the user's own commands (no policy) may read anything regular */
    t = read_text(NULL, abs, err, sizeof err);
    assert_non_null(t);
    free(t);
    refused(NULL, "/dev/zero", "is not a regular file (a character device)");
}

static int write_text(FILE *fp, void *ctx)
{
    return fputs(ctx, fp) < 0 ? -1 : 0;
}

static void test_confined_writes(void **state)
{
    (void)state;
    struct file_policy p;
    confine(&p);
    char err[400] = "";
    /* a write goes to the scratch folder (made on first use), never home */
    assert_int_equal(file_write_atomic(&p, "data.csv", write_text, (char *)"9,9\n", err, sizeof err), 0);
    char *t = read_text(NULL, in(scratch, "data.csv"), err, sizeof err);
    assert_non_null(t);
    assert_string_equal(t, "9,9\n");
    free(t);
    t = read_text(NULL, in(home, "data.csv"), err, sizeof err);
    assert_string_equal(t, "1,2\n");
    free(t);
    /* ... and is read back from there first */
    t = read_text(&p, "data.csv", err, sizeof err);
    assert_string_equal(t, "9,9\n");
    free(t);
    const char *bad[][2] = {
        { "/tmp/x.csv", "absolute path" }, { "../x.csv", "'..'" }, { ".bashrc", "hidden file" },
        { "sub/x.csv", "No such file or directory" }, { "", "empty file name" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        err[0] = '\0';
        assert_int_equal(file_write_atomic(&p, bad[i][0], write_text, (char *)"x", err, sizeof err), -1);
        if (!strstr(err, bad[i][1])) {
            print_error("writing '%s': '%s' lacks '%s'\n", bad[i][0], err, bad[i][1]);
            fail();
        }
    }
    /* a link planted in the scratch folder is not followed */
    char target[1500];
    snprintf(target, sizeof target, "%s", in(outside, "secret.csv"));
    assert_int_equal(symlink(target, in(scratch, "planted.csv")), 0);
    assert_int_equal(file_write_atomic(&p, "planted.csv", write_text, (char *)"x", err, sizeof err), -1);
    assert_non_null(strstr(err, "symbolic link"));
    assert_int_equal(file_open_append(&p, "planted.csv", err, sizeof err), -1);
    t = read_text(NULL, target, err, sizeof err);
    assert_string_equal(t, "3,4\n");
    free(t);
    /* file_locate names where a read finds the file */
    char where[1500];
    assert_int_equal(file_locate(&p, "sub/in.csv", where, sizeof where, err, sizeof err), 0);
    assert_non_null(strstr(where, "/lesson/sub/in.csv"));
    assert_int_equal(file_locate(&p, "../x", where, sizeof where, err, sizeof err), -1);
}

/* a name longer than the buffers is refused with one line, never cut
 * short (a shorter name is another file, or another folder) */
static void test_too_long(void **state)
{
    (void)state;
    char err[400] = "", path[PATH_MAX + 400];
    /* HOME/././.../nowhere/x.csv: cut at PATH_MAX it would be HOME itself */
    int n = snprintf(path, sizeof path, "%s", home);
    while (n < PATH_MAX + 100)
        n += snprintf(path + n, sizeof path - (size_t)n, "/.");
    snprintf(path + n, sizeof path - (size_t)n, "/nowhere/x.csv");
    assert_int_equal(file_write_atomic(NULL, path, write_text, (char *)"x", err, sizeof err), -1);
    assert_non_null(strstr(err, "File name too long"));
    assert_int_equal(access(in(home, "x.csv"), F_OK), -1);
    char where[64];
    err[0] = '\0';
    assert_int_equal(file_locate(NULL, path, where, sizeof where, err, sizeof err), -1);
    assert_non_null(strstr(err, "File name too long"));
    struct file_policy p;
    confine(&p);
    err[0] = '\0';
    assert_int_equal(file_locate(&p, "sub/in.csv", where, 8, err, sizeof err), -1);
    assert_non_null(strstr(err, "File name too long"));
    /* a policy whose folder does not fit refuses everything */
    char far[FILE_PATH_MAX + 10];
    memset(far, 'a', sizeof far - 1);
    far[0] = '/';
    far[sizeof far - 1] = '\0';
    memset(&p, 0, sizeof p);
    assert_int_equal(file_policy_confine(&p, "a lesson", far, scratch), -1);
    assert_int_equal(file_policy_confine(&p, "a lesson", home, far), -1);
    assert_null(read_text(&p, "data.csv", err, sizeof err));
    assert_int_equal(file_write_atomic(&p, "y.csv", write_text, (char *)"x", err, sizeof err), -1);
    assert_int_equal(file_policy_confine(&p, "a lesson", home, scratch), 0);
}

static void test_escape(void **state)
{
    (void)state;
    char out[64];
    assert_string_equal(text_shown(out, sizeof out, "plain s\xc2\xb7t\xe1\xb5\x80"), "plain s\xc2\xb7t\xe1\xb5\x80");
    assert_string_equal(text_shown(out, sizeof out, "a\033]0;x\007b"), "a\\x1b]0;x\\x07b");
    assert_string_equal(text_shown(out, sizeof out, "c1\xc2\x9b" "2J"), "c1\\xc2\\x9b2J");   /* U+009B: CSI */
    assert_string_equal(text_shown(out, sizeof out, "bad\xff\xc3"), "bad\\xff\\xc3");
    assert_string_equal(text_shown(out, sizeof out, "over\xc0\xaf"), "over\\xc0\\xaf");     /* overlong '/' */
    assert_string_equal(text_shown(out, sizeof out, "del\x7f back\\"), "del\\x7f back\\\\");
    assert_string_equal(text_shown(out, sizeof out, "new\nline\ttab"), "new\\x0aline\ttab");
    char small[12];
    assert_string_equal(text_shown(small, sizeof small, "0123456789abc"), "01234567...");
    assert_string_equal(text_shown(small, sizeof small, "0123456789a"), "0123456789a");
    assert_string_equal(text_shown(small, sizeof small, "\033\033\033"), "\\x1b\\x1b...");
    assert_int_equal(text_clean_len("s\xc2\xb7 ok\t", 7), 7);
    assert_int_equal(text_clean_len("ab\xc2\x85", 4), 2);
    assert_int_equal(text_clean_len("\x7f", 1), 0);
    assert_int_equal(text_clean_len("\xe1\xb5", 2), 0);         /* a character cut short */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_confined_reads),
        cmocka_unit_test(test_confined_writes),
        cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_escape),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
