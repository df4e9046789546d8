/* Unit tests of the logits lab (cmd_lab.c): J keeps its buffer while n is
 * unchanged (a fresh 128 MiB at n = 4096 costs more in page faults than
 * computing J), holds the new J to the bit, and refused logits leave J,
 * its buffer and its bits as they were. */
#include "check.h"

#include "cmd_lab.h"
#include "session.h"
#include "softmax.h"

static void set(struct session *S, const double *z, int n, int want_rc)
{
    tensor t = { 1, n, (double *)z };
    assert_int_equal(lab_set_logits(S, &t), want_rc);
}

/* S->J is softmax_jacobian of softmax(z), bit for bit */
static void check_J(struct session *S, const double *z, int n)
{
    double *s = malloc(n * sizeof *s), *J = malloc((size_t)n * n * sizeof *J);
    assert_non_null(s);
    assert_non_null(J);
    assert_int_equal(softmax(z, s, n), 0);
    softmax_jacobian(s, J, n);
    assert_int_equal(S->J.rows, n);
    assert_int_equal(S->J.cols, n);
    assert_memory_equal(S->J.data, J, (size_t)n * n * sizeof *J);
    free(s);
    free(J);
}

static void test_J_keeps_its_buffer(void **state)
{
    (void)state;
    struct session S;
    FILE *out = tmpfile();
    assert_non_null(out);
    session_init(&S, out);
    double a[3] = { 2, 1, 0.1 }, b[3] = { -1, 5, 0.5 }, c[4] = { 1, 2, 3, 4 };
    double none[3] = { -INFINITY, -INFINITY, -INFINITY };
    set(&S, a, 3, 0);
    check_J(&S, a, 3);
    const double *buf = S.J.data;
    set(&S, b, 3, 0);                       /* the same n: the same buffer */
    assert_ptr_equal(S.J.data, buf);
    check_J(&S, b, 3);
    set(&S, none, 3, -1);                   /* refused: J as it was */
    assert_ptr_equal(S.J.data, buf);
    check_J(&S, b, 3);
    set(&S, c, 4, 0);                       /* another n: another J */
    check_J(&S, c, 4);
    session_release(&S);
    fclose(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_J_keeps_its_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
