/* The CSV reader (core/csv.c) on the dialects of numpy and pandas:
 * tests/ref/csv/, made by tests/ref/make_csv.py (np.savetxt's files, and
 * pandas' to_csv text), with expect.txt giving each good file's values as
 * the bits of each double and each bad file's error. Every value must
 * come back bit for bit, pandas' index column dropped (or kept with the
 * option), and every bad file refused with its line. */
#include "check.h"
#include "csv.h"

#define DIR_REF "tests/ref/csv/"

/* "NAME ROWS COLS [INDEX] HEX...": read NAME with the option, compare */
static void check_values(char *rest, int keep)
{
    char name[64];
    int rows, cols, index = 0, used;
    if (keep)
        assert_int_equal(sscanf(rest, "%63s %d %d%n", name, &rows, &cols, &used), 3);
    else
        assert_int_equal(sscanf(rest, "%63s %d %d %d%n", name, &rows, &cols, &index, &used), 4);
    char path[200], err[400] = "";
    snprintf(path, sizeof path, DIR_REF "%s", name);
    tensor m = TENSOR_INIT;
    struct csv_options opt = { keep, 0 };
    struct csv_info info;
    if (csv_read(NULL, path, &opt, &m, &info, err, sizeof err, NULL) != 0)
        fail_msg("%s: %s", path, err);
    if (m.rows != rows || m.cols != cols)
        fail_msg("%s: %dx%d, expected %dx%d", path, m.rows, m.cols, rows, cols);
    if (info.index_dropped != (keep ? 0 : index) || (keep && !info.index))
        fail_msg("%s: index found %d, dropped %d", path, info.index, info.index_dropped);
    check_bits_hex(path, &m, rest + used);
    tensor_release(&m);
}

static void check_bad(char *rest)
{
    char name[64];
    char *words = fixture_words(rest, name, sizeof name);
    char path[200], err[400] = "";
    snprintf(path, sizeof path, DIR_REF "%s", name);
    tensor m = TENSOR_INIT;
    assert_int_equal(tensor_init(&m, 1, 2), 0);
    double *keep = m.data;
    if (csv_read(NULL, path, NULL, &m, NULL, err, sizeof err, NULL) == 0)
        fail_msg("%s was read (%dx%d)", path, m.rows, m.cols);
    if (!strstr(err, words) || strchr(err, '\n'))
        fail_msg("%s: said \"%s\", expected \"%s\"", path, err, words);
    assert_true(m.data == keep && m.rows == 1 && m.cols == 2);
    tensor_release(&m);
}

static void test_fixtures(void **state)
{
    (void)state;
    FILE *f = fopen(DIR_REF "expect.txt", "r");
    assert_non_null(f);
    static char line[1 << 16];
    int good = 0, keep = 0, bad = 0;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "good ", 5))
            check_values(line + 5, 0), good++;
        else if (!strncmp(line, "keep ", 5))
            check_values(line + 5, 1), keep++;
        else if (!strncmp(line, "bad ", 4))
            check_bad(line + 4), bad++;
    }
    fclose(f);
    assert_true(good >= 21 && keep >= 6 && bad >= 9);
}

/* what the reader says it found: the delimiter, a header, comments */
static void test_info(void **state)
{
    (void)state;
    static const struct { const char *name; char delim; int header, comments; } cases[] = {
        { "savetxt_default.txt", ' ', 0, 0 },
        { "savetxt_header.txt", ' ', 0, 3 },
        { "savetxt_semicolon.csv", ';', 0, 0 },
        { "savetxt_tab.tsv", '\t', 0, 1 },
        { "savetxt_comma.csv", ',', 1, 0 },
        { "pandas_quote_all.csv", ',', 1, 0 },
        { "comments.csv", ',', 0, 3 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[200], err[400] = "";
        snprintf(path, sizeof path, DIR_REF "%s", cases[i].name);
        tensor m = TENSOR_INIT;
        struct csv_info info;
        assert_int_equal(csv_read(NULL, path, NULL, &m, &info, err, sizeof err, NULL), 0);
        if (info.delim != cases[i].delim || info.header != cases[i].header || info.comments != cases[i].comments)
            fail_msg("%s: delimiter '%c', header %d, %d comments", path, info.delim, info.header, info.comments);
        tensor_release(&m);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_info),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
