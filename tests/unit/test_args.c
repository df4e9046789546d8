/* Unit tests of args.c, the argument readers every family of commands
 * shares: key=value, numbers in a range with their messages, the silent
 * whole number, joining words into one literal, and the edit distance of
 * "did you mean" (with names.c's choice of the name it suggests). */
#include "check.h"

#include "args.h"
#include "names.h"
#include "session.h"

static void test_kv(void **state)
{
    (void)state;
    assert_string_equal(args_kv("lr=0.5", "lr"), "0.5");
    assert_string_equal(args_kv("lr=", "lr"), "");
    assert_null(args_kv("lr", "lr"));
    assert_null(args_kv("lrx=1", "lr"));
    assert_null(args_kv("reg=1", "lr"));
}

static void test_numbers_and_their_messages(void **state)
{
    (void)state;
    struct session S;
    session_init(&S, stdout);
    long n = 7;
    double d = 7;
    assert_int_equal(args_int(&S, "train: every", "12", 0, 100, &n), 0);
    assert_int_equal(n, 12);
    assert_int_equal(args_int(&S, "train: every", "", 0, 100, &n), -1);
    assert_string_equal(S.err, "train: every: missing number");
    assert_int_equal(args_int(&S, "seed", "1.5", 0, 100, &n), -1);
    assert_string_equal(S.err, "seed: '1.5' is not a whole number");
    assert_int_equal(args_int(&S, "precision", "18", 1, 17, &n), -1);
    assert_string_equal(S.err, "precision: 18 is out of range (1 to 17)");
    assert_int_equal(n, 12);                        /* untouched on error */
    assert_int_equal(args_double(&S, "train: lr", "1e-3", 1e-12, 1e6, &d), 0);
    assert_close(d, 1e-3, 0);
    assert_int_equal(args_double(&S, "train: lr", "2e6", 1e-12, 1e6, &d), -1);
    assert_string_equal(S.err, "train: lr: 2e+06 is out of range (1e-12 to 1e+06)");
    assert_int_equal(args_double(&S, "data: noise", "x", 0, 10, &d), -1);
    assert_non_null(strstr(S.err, "data: noise: "));
    assert_close(d, 1e-3, 0);
    char *none[] = { (char *)"reset", NULL }, *one[] = { (char *)"reset", (char *)"now", NULL };
    assert_int_equal(args_none(&S, 1, none), 0);
    assert_int_equal(args_none(&S, 2, one), -1);
    assert_string_equal(S.err, "'reset' takes no arguments (got 'now')");
    session_release(&S);
}

static void test_long_is_silent_and_strict(void **state)
{
    (void)state;
    long v = -1;
    assert_int_equal(args_long("64", 64, 8192, &v), 0);
    assert_int_equal(v, 64);
    assert_int_equal(args_long("63", 64, 8192, &v), -1);
    assert_int_equal(args_long("", 0, 9, &v), -1);
    assert_int_equal(args_long("3x", 0, 9, &v), -1);
    assert_int_equal(args_long("99999999999999999999999", 0, 9, &v), -1);
    assert_int_equal(v, 64);
}

static void test_join(void **state)
{
    (void)state;
    char *argv[] = { (char *)"logits", (char *)"2", (char *)"1", (char *)"[0.1,", (char *)"3]", NULL };
    char *t = args_join(5, argv, 1);
    assert_string_equal(t, "2 1 [0.1, 3]");
    free(t);
    t = args_join(1, argv, 1);
    assert_string_equal(t, "");
    free(t);
}

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(args_distance("help", "help"), 0);
    assert_int_equal(args_distance("hlep", "help"), 1);     /* a swap counts as one */
    assert_int_equal(args_distance("HELP", "help"), 0);     /* case does not count */
    assert_int_equal(args_distance("jacobain", "jacobian"), 1);
    assert_int_equal(args_distance("lesson", "lessons"), 1);
    assert_int_equal(args_distance("step", "reset"), 4);
    assert_int_equal(args_distance("", "net"), 3);
    assert_int_equal(args_distance("an-unusually-long-word-of-40-bytes!!", "net"), 99);
}

/* "did you mean": a near miss, and the same word in the wrong case (whose
 * distance is 0), but never the word itself */
static void test_suggest(void **state)
{
    (void)state;
    assert_string_equal(names_suggest("jacobain"), "jacobian");
    assert_string_equal(names_suggest("Logits"), "logits");
    assert_string_equal(names_suggest("LOGITS"), "logits");
    assert_string_equal(names_suggest("w1"), "W1");
    assert_string_equal(names_suggest("j"), "J");
    assert_null(names_suggest("logits"));
    assert_null(names_suggest("W1"));
    assert_null(names_suggest("s"));
    assert_null(names_suggest("zzzzzzzz"));
    assert_null(names_suggest("1abc"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kv),
        cmocka_unit_test(test_numbers_and_their_messages),
        cmocka_unit_test(test_long_is_silent_and_strict),
        cmocka_unit_test(test_join),
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_suggest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
