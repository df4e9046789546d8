/* Unit tests of print.c's lines that are not values: print_report and
 * print_text write one JSON object a line in format json (strings escaped,
 * numbers in the shortest form, non-finite ones as strings) and their
 * text, or nothing, in the other formats. */
#include "check.h"

#include "print.h"
#include "session.h"

/* what out holds, from its start; out emptied */
static const char *taken(FILE *out)
{
    static char buf[4096];
    fflush(out);
    rewind(out);
    size_t n = fread(buf, 1, sizeof buf - 1, out);
    buf[n] = '\0';
    rewind(out);
    assert_int_equal(ftruncate(fileno(out), 0), 0);
    return buf;
}

static struct session S;
static FILE *f;

/* a session printing into a temporary file, in format json */
static int setup(void **state)
{
    (void)state;
    f = tmpfile();
    if (!f)
        return -1;
    session_init(&S, f);
    S.format = FORMAT_JSON;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    session_release(&S);
    return fclose(f);
}

static void test_report_in_json(void **state)
{
    (void)state;
    int counts[3] = { 5, 0, 12 };
    assert_int_equal(print_report(&S, "data", "name:s rows:i big:l ok:b counts:a none:a", "a \"b\"\\\t", 17,
                                  4294967295L, 1, 3, counts, 0, counts), 1);
    assert_string_equal(taken(f), "{\"report\":\"data\",\"name\":\"a \\\"b\\\"\\\\\\u0009\",\"rows\":17,"
                                  "\"big\":4294967295,\"ok\":true,\"counts\":[5,0,12],\"none\":[]}\n");
    assert_int_equal(print_report(&S, "x", "a:n b:n c:n d:n e:s", 100.0, 0.1, -INFINITY, NAN, (const char *)NULL), 1);
    assert_string_equal(taken(f), "{\"report\":\"x\",\"a\":100,\"b\":0.1,\"c\":\"-Infinity\",\"d\":\"NaN\",\"e\":null}\n");
    assert_int_equal(print_report(&S, "empty", ""), 1);
    assert_string_equal(taken(f), "{\"report\":\"empty\"}\n");
}

static void test_text_in_json(void **state)
{
    (void)state;
    print_text(&S, "one %d\n  two \"2\"\nthree", 1);
    assert_string_equal(taken(f), "{\"text\":\"one 1\"}\n{\"text\":\"  two \\\"2\\\"\"}\n{\"text\":\"three\"}\n");
    char longer[3000];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    print_text(&S, "%s\n", longer);         /* over print_text's 1 KiB */
    const char *got = taken(f);
    assert_int_equal(strlen(got), strlen(longer) + strlen("{\"text\":\"\"}\n"));
    assert_int_equal(strncmp(got, "{\"text\":\"xxx", 12), 0);
}

static void test_other_formats(void **state)
{
    (void)state;
    for (int fmt = 0; fmt < FORMAT_COUNT; fmt++) {
        if (fmt == FORMAT_JSON)
            continue;
        S.format = (enum format)fmt;
        assert_int_equal(print_json(&S), 0);
        assert_int_equal(print_report(&S, "x", "a:n", 1.0), 0);
        assert_string_equal(taken(f), "");
        print_text(&S, "as it is %s\n", "here");
        assert_string_equal(taken(f), "as it is here\n");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_report_in_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_text_in_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_formats, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
