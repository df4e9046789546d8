/* test_pictures: the check view's pictures, read from the scene's items:
 * jacobian check (J, J by central differences, their difference on its
 * own scale), gradcheck (each parameter's error on a log scale against
 * the threshold), mistake naive (the overflow: inf, and the nan it makes)
 * and a mistake of the backward pass (the flow with the place framed, the
 * wrong and the right value side by side, the entries that differ framed).
 * A check made for other values says so. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "catalogue.h"
#include "command.h"
#include "draw.h"
#include "layout.h"
#include "layout_cases.h"
#include "scene.h"
#include "session.h"

struct lab {
    struct session S;
    struct view_state v;
    struct scene sc;
};

static void lab_open(struct lab *L)
{
    memset(L, 0, sizeof *L);
    layout_session(&L->S, &L->v);       /* as gradlab makes it: the window follows */
    scene_init(&L->sc);
}

static void lab_close(struct lab *L)
{
    scene_release(&L->sc);
    fclose(L->S.out);
    session_release(&L->S);
}

static void run(struct lab *L, const char *line)
{
    if (command_run(&L->S, line) < 0)
        fail_msg("'%s': %s", line, L->S.err);
}

/* the check view at w x h, checked for its layout */
static void build(struct lab *L, int w, int h)
{
    assert_int_equal(L->v.view, VIEW_CHECK);       /* the window followed the check */
    scene_build(&L->sc, &L->S, &L->v, w, h);
    struct layout_report r;
    if (layout_check(&L->sc, L->sc.min_text, &r))
        fail_msg("%dx%d: %s", w, h, r.msg[0]);
}

static int count(const struct scene *sc, const char *s)
{
    int n = 0;
    for (int k = 0; k < sc->n_items; k++)
        n += sc->items[k].kind == ITEM_TEXT && !strcmp(sc->items[k].text, s);
    return n;
}

static const struct item *find(const struct scene *sc, const char *needle)
{
    for (int k = 0; k < sc->n_items; k++)
        if (sc->items[k].kind == ITEM_TEXT && strstr(sc->items[k].text, needle))
            return &sc->items[k];
    return NULL;
}

static void test_jacobian_check(void **state)
{
    (void)state;
    struct lab L;
    lab_open(&L);
    run(&L, "logits 2 1 0.1; jacobian check");
    assert_int_equal(L.S.check.kind, CHECK_JACOBIAN);
    build(&L, 1920, 1080);
    assert_non_null(find(&L.sc, "J \xe2\x88\x92 J_fd"));
    assert_int_equal(count(&L.sc, "J_fd"), 1);
    assert_int_equal(count(&L.sc, "0.225"), 2);               /* J and J_fd */
    /* the difference, on its own scale, in scientific form */
    char b[64];
    double d = T_AT(&L.S.J, 0, 1) - T_AT(&L.S.check.fd, 0, 1), dmax = 0;
    for (size_t i = 0; i < tensor_size(&L.S.J); i++)
        dmax = fmax(dmax, fabs(L.S.J.data[i] - L.S.check.fd.data[i]));
    assert_true(dmax > 0 && dmax < 1e-8);
    assert_int_equal(count(&L.sc, draw_sci(b, sizeof b, d)), 1);
    char want[96];
    snprintf(want, sizeof want, "\xc2\xb1%s", draw_sci(b, sizeof b, dmax));
    assert_non_null(find(&L.sc, want));
    assert_non_null(find(&L.sc, "every entry within its error bound"));
    /* other logits: it says the check is old */
    run(&L, "logits 1 2");
    L.v.view = VIEW_CHECK;
    build(&L, 1280, 800);
    assert_non_null(find(&L.sc, "made for other logits"));
    lab_close(&L);
}

static void test_gradcheck(void **state)
{
    (void)state;
    struct lab L;
    lab_open(&L);
    run(&L, "seed 0; net 2 3 2; x = [[0.5, -1.2]]; y = [[0, 1]]; gradcheck");
    assert_int_equal(L.S.check.kind, CHECK_GRAD);
    build(&L, 1280, 800);
    assert_int_equal(count(&L.sc, "ok"), 4);
    assert_non_null(find(&L.sc, "threshold 1e\xe2\x88\x92" "5"));
    /* the axis: 1e-16 at x0, 1 at x0 + w; each row's dot at log10 of its error */
    const struct item *lo = find(&L.sc, "1e\xe2\x88\x92" "16"), *hi = NULL;
    for (int k = 0; k < L.sc.n_items; k++)
        if (L.sc.items[k].kind == ITEM_TEXT && !strcmp(L.sc.items[k].text, "1"))
            hi = &L.sc.items[k];
    assert_non_null(lo);
    assert_non_null(hi);
    double x0 = lo->x, w = hi->x - lo->x;
    int dots = 0;
    for (int k = 0; k < L.sc.n_items; k++) {
        const struct item *it = &L.sc.items[k];
        if (it->kind != ITEM_DISC)
            continue;
        int r = dots++;
        assert_true(r < 4);
        double want = x0 + w * (log10(L.S.check.rows[r].max_rel_err) + 16) / 16;
        if (fabs(it->x - want) > 1.0)
            fail_msg("%s: dot at %.1f, its error %.3g is at %.1f", L.S.check.rows[r].name, it->x,
                     L.S.check.rows[r].max_rel_err, want);
    }
    assert_int_equal(dots, 4);
    /* other weights: it says the check is old */
    run(&L, "reg = 0.1");
    L.v.view = VIEW_CHECK;
    build(&L, 1280, 800);
    assert_non_null(find(&L.sc, "made for other weights"));
    lab_close(&L);
}

static void test_naive_overflow(void **state)
{
    (void)state;
    struct lab L;
    lab_open(&L);
    run(&L, "logits 1000 999 998; mistake naive");
    assert_int_equal(L.S.check.kind, CHECK_MISTAKE);
    build(&L, 1920, 1080);
    assert_int_equal(count(&L.sc, "inf"), 4);       /* exp(z) of each logit, and the sum */
    assert_int_equal(count(&L.sc, "nan"), 3);       /* inf / inf */
    assert_non_null(find(&L.sc, "exp overflows past z"));
    assert_int_equal(count(&L.sc, "0.665"), 1);     /* the stable softmax beside it */
    assert_int_equal(count(&L.sc, "0.090"), 1);
    /* one column, one form: 1000.0 above 999.0 (not 1000 above 999.000);
     * the stable exps as plain numbers, e^-1 and their sum */
    assert_int_equal(count(&L.sc, "1000.0"), 1);
    assert_int_equal(count(&L.sc, "999.0"), 1);
    assert_int_equal(count(&L.sc, "999.000"), 0);
    assert_int_equal(count(&L.sc, "0.368"), 1);
    assert_int_equal(count(&L.sc, "1.503"), 1);
    /* on a projector too, each column of exps has its header, an em from
     * the header at its left (the estimate of widths is a little narrow
     * for these letters: with DejaVu Sans the long header touched) */
    L.v.present = 1;
    static const int sizes[][2] = { { 1920, 1080 }, { 1280, 720 } };
    for (int k = 0; k < 2; k++) {
        build(&L, sizes[k][0], sizes[k][1]);
        assert_int_equal(count(&L.sc, "exp(z)"), 1);
        const struct item *e = NULL, *zm = NULL;
        for (int i = 0; i < L.sc.n_items; i++) {
            const struct item *it = &L.sc.items[i];
            if (it->kind != ITEM_TEXT)
                continue;
            if (!strcmp(it->text, "exp(z \xe2\x88\x92 max z)") || !strcmp(it->text, "exp"))
                e = it;
            if (!strcmp(it->text, "z \xe2\x88\x92 max z"))
                zm = it;
        }
        assert_non_null(e);
        assert_non_null(zm);
        double eb[4], zb[4];
        draw_text_box(&L.sc, e->text, e->size, e->bold, e->anchor, e->x, e->y, eb);
        draw_text_box(&L.sc, zm->text, zm->size, zm->bold, zm->anchor, zm->x, zm->y, zb);
        assert_true(eb[0] - zb[2] >= e->size);
    }
    L.v.present = 0;
    /* no overflow: no inf, and it says both agree */
    run(&L, "logits 2 1 0.1; mistake naive");
    build(&L, 1920, 1080);
    assert_int_equal(count(&L.sc, "inf"), 0);
    assert_non_null(find(&L.sc, "no overflow"));
    lab_close(&L);
}

/* frames in the accent colour of at most cell size within x0..x1 */
static int accent_cells(const struct lab *L, double x0, double x1, double most)
{
    const struct theme_colors *t = theme_colors_of(L->v.theme);
    int n = 0;
    for (int k = 0; k < L->sc.n_items; k++) {
        const struct item *it = &L->sc.items[k];
        n += it->kind == ITEM_FRAME && it->x >= x0 && it->x + it->w <= x1 && it->w <= most &&
             !memcmp(&it->color, &t->accent, sizeof it->color);
    }
    return n;
}

static void test_net_mistake(void **state)
{
    (void)state;
    struct lab L;
    lab_open(&L);
    run(&L, "seed 0; net 2 3 2; x = [[0.5, -1.2]]; y = [[0, 1]]; mistake gate");
    assert_int_equal(L.S.check.kind, CHECK_MISTAKE);
    assert_int_equal(L.S.check.target, DT_DW1);
    build(&L, 1920, 1080);
    /* the place it enters (delta2, at the hidden units) named and framed */
    const struct item *mark = find(&L.sc, "\xe2\x9c\x97 delta2: gate");
    assert_non_null(mark);
    int framed = 0;
    for (int k = 0; k < L.sc.n_items; k++) {
        const struct item *it = &L.sc.items[k];
        framed += it->kind == ITEM_FRAME && it->x < mark->x && it->x + it->w > mark->x && it->h > 200;
    }
    assert_int_equal(framed, 1);
    /* the gates it forgets are drawn there */
    assert_non_null(find(&L.sc, "\xe2\x8a\x99 0.200"));
    /* the wrong and the right dW1, their values, the differing entries framed */
    assert_non_null(find(&L.sc, "wrong dW1"));
    assert_non_null(find(&L.sc, "framed: the wrong entries"));
    assert_non_null(find(&L.sc, "right dW1"));
    char b[64];
    for (size_t i = 0; i < tensor_size(&L.S.wrong); i++) {
        assert_true(count(&L.sc, scene_number(b, sizeof b, L.S.wrong.data[i])) >= 1);
        assert_true(count(&L.sc, scene_number(b, sizeof b, L.S.right.data[i])) >= 1);
    }
    int differ = 0;
    for (size_t i = 0; i < tensor_size(&L.S.wrong); i++)
        differ += L.S.wrong.data[i] != L.S.right.data[i];
    assert_true(differ > 0);
    assert_int_equal(accent_cells(&L, 1920 * 0.56, 1920, 400), differ);
    /* on a projector the errors and the mistake's words are whole, wrapped
     * onto lines, not cut short with an ellipsis */
    L.v.present = 1;
    static const int sizes[][2] = { { 1920, 1080 }, { 1280, 720 } };
    for (int k = 0; k < 2; k++) {
        build(&L, sizes[k][0], sizes[k][1]);
        char wrong[64];
        snprintf(wrong, sizeof wrong, "wrong %s", draw_sci(b, sizeof b, L.S.err_wrong));
        assert_non_null(find(&L.sc, wrong));
        for (int i = 0; i < L.sc.n_items; i++) {
            const struct item *it = &L.sc.items[i];
            if (it->kind == ITEM_TEXT && it->x > sizes[k][0] * 0.5 && strstr(it->text, "\xe2\x80\xa6"))
                fail_msg("%dx%d: cut short: %s", sizes[k][0], sizes[k][1], it->text);
        }
    }
    L.v.present = 0;
    /* reg and batch: their places */
    run(&L, "reg = 0.1; mistake reg");
    build(&L, 1920, 1080);
    assert_non_null(find(&L.sc, "\xe2\x9c\x97 dW2: reg"));
    run(&L, "data moons 20; net 2 3 2; mistake batch");
    build(&L, 1920, 1080);
    assert_non_null(find(&L.sc, "\xe2\x9c\x97 delta3: batch"));
    assert_non_null(find(&L.sc, "wrong dW2"));
    lab_close(&L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jacobian_check),
        cmocka_unit_test(test_gradcheck),
        cmocka_unit_test(test_naive_overflow),
        cmocka_unit_test(test_net_mistake),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
