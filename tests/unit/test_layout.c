/* test_layout: the layout fits any window. The smallest text of each theme
 * and size; the checker finds texts over each other, too small, or out of
 * their panel; then every view in every state (layout_cases.h) at 800x600,
 * 1280x800, 1920x1080 and 3840x2160, in every theme, with and without
 * presenter mode, and every part of every lesson played with --auto
 * --present, pass the checks. Widths here are the estimate; the render
 * probe (tests/render/probe.c layout) runs the same cases with the font. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "draw.h"
#include "tmpdir.h"
#include "layout_cases.h"

static void test_min_text(void **state)
{
    (void)state;
    /* presenter: 28 px at 1920x1080, scaling with the frame */
    assert_int_equal(scene_min_text(THEME_PROJECTOR, 1, 1920, 1080), 28);
    assert_int_equal(scene_min_text(THEME_DARK, 1, 1920, 1080), 28);
    assert_int_equal(scene_min_text(THEME_PROJECTOR, 1, 3840, 2160), 56);
    assert_int_equal(scene_min_text(THEME_PROJECTOR, 1, 1280, 720), 19);
    assert_int_equal(scene_min_text(THEME_PROJECTOR, 1, 2560, 1080), 28);     /* the short side rules */
    assert_int_equal(scene_min_text(THEME_PROJECTOR, 1, 800, 600), 12);
    /* the themes for a screen */
    assert_int_equal(scene_min_text(THEME_DARK, 0, 1920, 1080), 14);
    assert_int_equal(scene_min_text(THEME_LIGHT, 0, 3840, 2160), 28);
    assert_int_equal(scene_min_text(THEME_PROJECTOR, 0, 1920, 1080), 20);
    assert_int_equal(scene_min_text(THEME_DARK, 0, 800, 600), 10);             /* never under 10 */
}

/* a scene of hand-placed texts */
static void add(struct scene *sc, double x, double y, int size, const char *s)
{
    draw_text(sc, x, y, size, 0, ANCHOR_TL, (struct rgba){ 255, 255, 255, 255 }, "%s", s);
}

static void fresh(struct scene *sc, int w, int h)
{
    scene_init(sc);
    sc->w = w;
    sc->h = h;
    sc->panels[0] = (struct panel){ 0, 0, (float)w, (float)h, "frame" };
    sc->n_panels = 1;
}

static void finish(struct scene *sc)
{
    for (int k = 0; k < sc->n_items; k++)
        if (sc->items[k].kind == ITEM_TEXT)
            sc->items[k].text = sc->arena + sc->items[k].text_off;
}

static int problems(struct scene *sc, int min, const char *want)
{
    finish(sc);
    struct layout_report r;
    int n = layout_check(sc, min, &r);
    if (want && (n == 0 || !strstr(r.msg[0], want)))
        fail_msg("expected a problem saying '%s', got %d: %s", want, n, n ? r.msg[0] : "");
    return n;
}

/* the checker itself: each rule catches what it is for, and passes what
 * it is not */
static void test_checker_catches(void **state)
{
    (void)state;
    struct scene sc;
    fresh(&sc, 400, 300);
    add(&sc, 10, 10, 20, "alpha");
    add(&sc, 10, 40, 20, "beta");           /* 1.164 x 20 = 23 px below: apart */
    assert_int_equal(problems(&sc, 12, NULL), 0);
    add(&sc, 30, 25, 20, "gamma");          /* over both */
    assert_int_equal(problems(&sc, 12, "overlap"), 2);
    scene_release(&sc);

    fresh(&sc, 400, 300);
    add(&sc, 10, 10, 11, "small");
    problems(&sc, 12, "under the smallest text 12 px");
    scene_release(&sc);

    fresh(&sc, 400, 300);
    add(&sc, 380, 10, 20, "cut at the right");
    problems(&sc, 12, "leaves the 400x300 frame");
    scene_release(&sc);

    /* a panel: its texts stay in it; a label that would not is left out */
    fresh(&sc, 400, 300);
    int prev = draw_panel(&sc, 0, 0, 200, 100, "left");
    add(&sc, 150, 10, 20, "too wide for it");
    assert_null(draw_label(&sc, 150, 40, 20, 0, ANCHOR_TL, (struct rgba){ 0, 0, 0, 255 }, "%s", "not in it"));
    assert_non_null(draw_label(&sc, 10, 40, 20, 0, ANCHOR_TL, (struct rgba){ 0, 0, 0, 255 }, "%s", "yes"));
    assert_null(draw_label(&sc, 12, 45, 20, 0, ANCHOR_TL, (struct rgba){ 0, 0, 0, 255 }, "%s", "over"));
    draw_panel_end(&sc, prev);
    problems(&sc, 12, "leaves its panel left");
    assert_int_equal(sc.n_items, 2);
    scene_release(&sc);

    /* texts of an overlay are not compared with the picture under it */
    fresh(&sc, 400, 300);
    add(&sc, 10, 10, 20, "picture");
    sc.cur_layer = 1;
    add(&sc, 12, 12, 20, "overlay");
    assert_int_equal(problems(&sc, 12, NULL), 0);
    scene_release(&sc);
}

/* the band at each stop of a lesson: where it is, and what it shows */
struct band_seen {
    int stops;
    float y[8], h[8];
    int ellipsis[8];        /* a line (or the title) ends in an ellipsis */
    int part_shown[8];      /* the part "k/3" is drawn */
};

static void band_at_stop(struct session *S, void *ud)
{
    struct band_seen *b = ud;
    struct scene sc;
    scene_init(&sc);
    scene_build(&sc, S, S->view, 1920, 1080);
    int k = b->stops++;
    for (int p = 0; p < sc.n_panels; p++)
        if (!strcmp(sc.panels[p].name, "band")) {
            b->y[k] = sc.panels[p].y;
            b->h[k] = sc.panels[p].h;
        }
    char part[16];
    snprintf(part, sizeof part, "%d/3", k + 1);
    for (int i = 0; i < sc.n_items; i++) {
        const struct item *it = &sc.items[i];
        if (it->kind != ITEM_TEXT)
            continue;
        size_t n = strlen(it->text);
        b->ellipsis[k] |= n > 3 && !strcmp(it->text + n - 3, "\xe2\x80\xa6");
        b->part_shown[k] |= !strcmp(it->text, part);
    }
    struct layout_report r;
    if (layout_check(&sc, sc.min_text, &r))
        fail_msg("stop %d: %s", k + 1, r.msg[0]);
    scene_release(&sc);
}

static void play_band_lesson(int present, struct band_seen *b)
{
    char path[600];
    snprintf(path, sizeof path, "%s/band.lesson", check_tmpdir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("title: A title much longer than any window is wide, about the Jacobian of the softmax "
          "and its rows that sum to zero, and on and on\n"
          "say: Short.\nrun: logits 2 1 0.1\npause\nsay:", f);
    for (int k = 0; k < 60; k++)
        fputs(" A long narration that goes on.", f);
    fputs("\npause\nsay: Short again.\n", f);
    fclose(f);
    struct session S;
    session_init(&S, tmpfile());
    S.run = command_run;
    struct view_state v;
    view_state_init(&v);
    v.present = present;
    v.theme = present ? THEME_PROJECTOR : THEME_DARK;
    S.view = &v;
    memset(b, 0, sizeof *b);
    lesson_on_stop(band_at_stop, b);
    assert_int_equal(lesson_start(&S, path, 1), 0);
    lesson_on_stop(NULL, NULL);
    remove(path);
    lesson_stop(&S);
    fclose(S.out);
    session_release(&S);
    assert_int_equal(b->stops, 3);
}

static void test_band_fixed(void **state)
{
    (void)state;
    struct band_seen b;
    for (int present = 0; present <= 1; present++) {
        play_band_lesson(present, &b);
        /* the same band for a short and a long narration */
        for (int k = 0; k < 3; k++) {
            assert_true(b.y[k] == b.y[0] && b.h[k] == b.h[0]);
            assert_true(b.part_shown[k]);       /* the long title is cut, not its part */
            assert_true(b.ellipsis[k]);         /* ... and ends in an ellipsis */
        }
        assert_true(b.y[0] + b.h[0] == 1080);
        if (present)
            assert_true(b.h[0] == 291);         /* 27 % of the height */
        else
            assert_true(b.h[0] < 1080 * 0.2);
    }
}

/* a session that runs commands, with a view, and a tally of the checks */
struct lab {
    struct session S;
    struct view_state v;
    struct layout_tally t;
};

static void lab_open(struct lab *L)
{
    memset(L, 0, sizeof *L);
    layout_session(&L->S, &L->v);
    L->t.verbose = 1;
    scene_init(&L->t.sc);
}

static void lab_close(struct lab *L)
{
    scene_release(&L->t.sc);
    fclose(L->S.out);
    session_release(&L->S);
}

/* every view, state, size and theme */
static void test_every_view_fits(void **state)
{
    (void)state;
    struct lab L;
    lab_open(&L);
    layout_cases(&L.t, &L.S);
    printf("layout: %d scenes, %d texts checked; %d scenes with %d problems\n", L.t.scenes, L.t.texts,
           L.t.bad_scenes, L.t.problems);
    assert_true(L.t.scenes > 1200);
    assert_int_equal(L.t.problems, 0);
    lab_close(&L);
}

/* every part of every lesson, played as --auto --present plays it, each
 * at five sizes (the projectors' 1920x1080 and 1280x720 among them) in
 * each theme: texts inside the window and their panel, none under the
 * theme's smallest size, no two overlapping */
static void test_every_lesson_part_fits(void **state)
{
    (void)state;
    struct lab L;
    lab_open(&L);
    int parts = 0;
    int n = layout_lessons(&L.t, &L.S, lesson_dir(), &parts);
    printf("layout: %d lessons, %d parts, %d scenes, %d texts checked; %d scenes with %d problems\n",
           n, parts, L.t.scenes, L.t.texts, L.t.bad_scenes, L.t.problems);
    assert_true(n >= 8);
    assert_true(parts >= 40);
    assert_int_equal(L.t.scenes, parts * LAYOUT_LESSON_SIZES * THEME_COUNT);
    assert_int_equal(L.t.problems, 0);
    lab_close(&L);
}

/* 1000 logits near each other: every cell near white at the fixed scale,
 * and the window says to autoscale, at every size, in every theme, over
 * no other text; hovering a cell, its labels are drawn and the axis
 * labels give way to them */
static void test_autoscale_hint_and_hover(void **state)
{
    (void)state;
    struct lab L;
    lab_open(&L);
    layout_logits(&L.S, 1000, 1.0);
    for (int k = 0; k < LAYOUT_SIZES; k++)
        for (int th = 0; th < THEME_COUNT; th++)
            for (int present = 0; present <= 1; present++) {
                int w = layout_sizes[k][0], h = layout_sizes[k][1];
                L.v.theme = (enum theme)th;
                L.v.present = present;
                L.v.mouse_x = L.v.mouse_y = -1;
                L.v.autoscale = 0;
                scene_build(&L.t.sc, &L.S, &L.v, w, h);
                const struct item *hint = NULL;
                for (int i = 0; i < L.t.sc.n_items; i++)
                    if (L.t.sc.items[i].kind == ITEM_TEXT && strstr(L.t.sc.items[i].text, "autoscale on"))
                        hint = &L.t.sc.items[i];
                if (!hint)
                    fail_msg("no autoscale hint at %dx%d, %s%s", w, h, theme_names[th], present ? " presenter" : "");
                struct layout_report r;
                if (layout_check(&L.t.sc, L.t.sc.min_text, &r))
                    fail_msg("%dx%d: %s", w, h, r.msg[0]);
                /* the mouse over a cell near (500, 733): its row and column labels */
                L.v.mouse_x = (int)(L.t.sc.heat.x + L.t.sc.heat.side * 0.7335);
                L.v.mouse_y = (int)(L.t.sc.heat.y + L.t.sc.heat.side * 0.5005);
                int hi = (int)((L.v.mouse_y - L.t.sc.heat.y) / (L.t.sc.heat.side / 1000));
                int hj = (int)((L.v.mouse_x - L.t.sc.heat.x) / (L.t.sc.heat.side / 1000));
                scene_build(&L.t.sc, &L.S, &L.v, w, h);
                assert_int_equal(L.t.sc.hover_i, hi);
                assert_int_equal(L.t.sc.hover_j, hj);
                char lb[32];
                assert_true(presence_count(&L.t.sc, draw_subscript(lb, sizeof lb, "s", hi)) >= 1);
                assert_true(presence_count(&L.t.sc, draw_subscript(lb, sizeof lb, "z", hj)) >= 1);
                if (layout_check(&L.t.sc, L.t.sc.min_text, &r))
                    fail_msg("%dx%d hovered: %s", w, h, r.msg[0]);
                /* with autoscale on, no hint */
                L.v.autoscale = 1;
                L.v.mouse_x = L.v.mouse_y = -1;
                scene_build(&L.t.sc, &L.S, &L.v, w, h);
                for (int i = 0; i < L.t.sc.n_items; i++)
                    assert_true(L.t.sc.items[i].kind != ITEM_TEXT || !strstr(L.t.sc.items[i].text, "autoscale on"));
            }
    lab_close(&L);
}

/* #13's points 1, 4 and 5 on a projector: the numbers are drawn */
static void test_presenter_shows_the_numbers(void **state)
{
    (void)state;
    struct lab L;
    lab_open(&L);
    assert_int_equal(layout_presence(&L.t, &L.S), 0);
    lab_close(&L);
}

/* lesson 2 with five logits: J's 25 values at the projectors' sizes */
static void test_five_logits_have_values(void **state)
{
    (void)state;
    struct lab L;
    lab_open(&L);
    assert_int_equal(layout_five_logit_values(&L.t, &L.S, lesson_dir()), 0);
    lab_close(&L);
}

/* the gate mistake: its labels over no value, at the projectors' sizes */
static void test_gate_labels_leave_values(void **state)
{
    (void)state;
    struct lab L;
    lab_open(&L);
    assert_int_equal(layout_gate_presence(&L.t, &L.S), 0);
    lab_close(&L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_min_text),
        cmocka_unit_test(test_checker_catches),
        cmocka_unit_test(test_band_fixed),
        cmocka_unit_test(test_every_view_fits),
        cmocka_unit_test(test_every_lesson_part_fits),
        cmocka_unit_test(test_presenter_shows_the_numbers),
        cmocka_unit_test(test_gate_labels_leave_values),
        cmocka_unit_test(test_five_logits_have_values),
        cmocka_unit_test(test_autoscale_hint_and_hover),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
