/* check: helpers shared by the unit tests.
 * cmocka 1.1.5 has no assert_double_equal: assert_close prints both values,
 * the difference and the tolerance, then fails. fixture_get reads the
 * reference values that tests/ref/make_ref.py computed with numpy.
 * check_tmpdir (tmpdir.h) gives the test program a folder of its own. */
#ifndef GRADLAB_CHECK_H
#define GRADLAB_CHECK_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tensor.h"
#include "tmpdir.h"

/* |a - b| <= tol, or a == b (so equal infinities pass); NaN never passes */
#define assert_close(a, b, tol) check_close((a), (b), (tol), #a, #b, __FILE__, __LINE__)

static inline void check_close(double a, double b, double tol, const char *as, const char *bs,
                               const char *file, int line)
{
    double d = fabs(a - b);
    if (!(a == b || d <= tol)) {
        print_error("%s:%d: %s = %.17g and %s = %.17g differ by %.3g > %.3g\n", file, line, as, a, bs, b, d, tol);
        _fail(file, line);
    }
}

/* |a - b| <= rel * max(|a|, |b|) + abs_tol, element by element */
#define assert_tensor_close(t, ref, rel, abs_tol) \
    check_tensor_close((t), (ref), (rel), (abs_tol), #t, __FILE__, __LINE__)

static inline void check_tensor_close(const tensor *t, const tensor *ref, double rel, double abs_tol,
                                      const char *name, const char *file, int line)
{
    if (t->rows != ref->rows || t->cols != ref->cols) {
        print_error("%s:%d: %s is %dx%d, the reference %dx%d\n", file, line, name, t->rows, t->cols,
                    ref->rows, ref->cols);
        _fail(file, line);
    }
    for (size_t i = 0; i < tensor_size(t); i++) {
        double a = t->data[i], b = ref->data[i];
        double tol = rel * fmax(fabs(a), fabs(b)) + abs_tol;
        if (!(fabs(a - b) <= tol)) {
            print_error("%s:%d: %s[%zu] = %.17g, reference %.17g (diff %.3g > %.3g)\n", file, line, name, i,
                        a, b, fabs(a - b), tol);
            _fail(file, line);
        }
    }
}

/* every entry of t has the bits of the next 16-hex-digit word of hex (the
 * fixtures' way of writing doubles exactly); what names t in messages */
static inline void check_bits_hex(const char *what, const tensor *t, const char *hex)
{
    for (size_t k = 0; k < tensor_size(t); k++) {
        char *end;
        unsigned long long want = strtoull(hex, &end, 16);
        uint64_t got;
        memcpy(&got, &t->data[k], sizeof got);
        if (end == hex || got != want)
            fail_msg("%s entry %zu: %016llx (%.17g), the fixture's %016llx", what, k, (unsigned long long)got,
                     t->data[k], want);
        hex = end;
    }
}

/* a fixture list's line "NAME WORDS...": NAME into name (size bytes);
 * the words after it returned, without the newline */
static inline char *fixture_words(char *line, char *name, size_t size)
{
    size_t n = strcspn(line, " \n");
    if (n == 0 || n >= size)
        fail_msg("a fixture line without a name: %s", line);
    memcpy(name, line, n);
    name[n] = '\0';
    char *words = line + n + (line[n] == ' ');
    words[strcspn(words, "\n")] = '\0';
    return words;
}

/* the value called name in the fixture file tests/ref/FILE (run from the
 * repository root); a newly allocated tensor; fails the test if missing */
static inline tensor fixture_get(const char *file, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "tests/ref/%s", file);
    FILE *f = fopen(path, "r");
    if (!f) {
        print_error("cannot open the fixture %s (run the tests from the repository root)\n", path);
        fail();
    }
    char key[64];
    int rows, cols;
    tensor t = TENSOR_INIT;
    while (fscanf(f, "%63s %d %d", key, &rows, &cols) == 3) {
        int want = strcmp(key, name) == 0;
        if (want && tensor_init(&t, rows, cols) < 0)
            fail();
        for (int i = 0; i < rows * cols; i++) {
            double v;
            if (fscanf(f, "%lf", &v) != 1)
                fail();
            if (want)
                t.data[i] = v;
        }
        if (want) {
            fclose(f);
            return t;
        }
    }
    fclose(f);
    print_error("no value '%s' in %s\n", name, path);
    fail();
    return t;
}

#endif
