/* test_touch: the mouse as command lines (view/touch.c): numbers rounded
 * to a pixel's decimal step as the line prints them; a drag along a bar
 * of z, up on an edge or an input, the wheel, a double click, a click on
 * an output, the data view's clicks and drags; what hovering explains;
 * a hidden unit explained; every tip inside the frame at any size, its
 * text whole; what a snapshot's hover= finds and the pointer it draws;
 * and the keys Ctrl-Z, Ctrl-Shift-Z and c. Each gesture's command, run in
 * a fresh session after the same setup, gives the same values bit for bit
 * as the gesture did (its previews run first, quietly). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scene.h"
#include "touch.h"
#include "draw.h"
#include "keys.h"
#include "undo.h"
#include "session.h"
#include "command.h"

#define W 1280
#define H 800

static void run(struct session *S, const char *line)
{
    if (command_run(S, line) < 0)
        fail_msg("'%s': %s", line, S->err);
}

static void start(struct session *S, const char *setup)
{
    session_init(S, tmpfile());
    S->run = command_run;
    assert_int_equal(undo_init(S), 0);
    run(S, setup);
}

static void finish(struct session *S)
{
    fclose(S->out);
    undo_free(S);
    session_release(S);
}

static const struct grip *grip_named(const struct scene *sc, const char *name)
{
    for (int k = 0; k < sc->n_grips; k++)
        if (!strcmp(sc->grips[k].name, name))
            return &sc->grips[k];
    fail_msg("no grip '%s' among %d", name, sc->n_grips);
    return NULL;
}

/* the point of a grip the mouse takes it at: a bar's middle, a node's
 * centre, an edge's middle */
static void grip_point(const struct grip *g, int *x, int *y)
{
    if (g->kind == GRIP_BAR) {
        *x = (int)((g->x + g->x2) / 2);
        *y = (int)((g->y + g->y2) / 2);
    } else if (g->kind == GRIP_NODE) {
        *x = (int)g->x;
        *y = (int)g->y;
    } else {
        *x = (int)lround((g->x + g->x2) / 2);
        *y = (int)lround((g->y + g->y2) / 2);
    }
}

/* a gesture's preview: run quietly, not a step (as the loop does) */
static void preview(struct session *S, const char *line)
{
    undo_hold(S, 1);
    run(S, line);
    undo_hold(S, 0);
}

static void same_tensor(const tensor *a, const tensor *b)
{
    assert_int_equal(a->rows, b->rows);
    assert_int_equal(a->cols, b->cols);
    assert_memory_equal(a->data, b->data, (size_t)a->rows * a->cols * sizeof(double));
}

/* S after setup, v showing view, and sc its frame */
static void frame(struct session *S, const char *setup, struct view_state *v, enum view view, struct scene *sc)
{
    start(S, setup);
    view_state_init(v);
    v->view = view;
    v->class_count = 2;
    scene_init(sc);
    scene_build(sc, S, v, W, H);
}

static void test_numbers(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(touch_number(b, sizeof b, 0.3517, 0.015), "0.35");
    assert_string_equal(touch_number(b, sizeof b, -0.0001, 0.01), "0");
    assert_string_equal(touch_number(b, sizeof b, 2.0, 0.5), "2");
    assert_string_equal(touch_number(b, sizeof b, 1234.56, 3), "1235");
    assert_string_equal(touch_number(b, sizeof b, -0.4, 0.004), "-0.4");
    assert_string_equal(touch_number(b, sizeof b, 0.1 + 0.2, 0.001), "0.3");
    assert_string_equal(touch_number(b, sizeof b, 7.25, 0), "7.25");
}

/* drag z[2] 40 pixels right: previews, then the line the release runs */
static void test_drag_a_logit(void **state)
{
    (void)state;
    struct session S, F;
    struct view_state v;
    struct scene sc;
    frame(&S, "logits 2 1 0.1", &v, VIEW_JACOBIAN, &sc);
    const struct grip *g = grip_named(&sc, "z[2]");
    assert_int_equal(g->kind, GRIP_BAR);
    assert_true(g->per_px > 0);
    assert_true(g->value == 0.1);
    double per_px = g->per_px;
    int x, y;
    grip_point(g, &x, &y);
    assert_ptr_equal(touch_grip_at(&sc, x, y), g);
    struct touch T;
    char line[TOUCH_LINE], want[TOUCH_LINE], num[64];
    int steps = undo_can_undo(&S);
    assert_int_equal(touch_press(&T, &sc, &S, &v, 1, 1, x, y, line, sizeof line), TOUCH_NOTHING);
    /* a pixel or two is still a click: nothing */
    assert_int_equal(touch_motion(&T, x + 1, y, line, sizeof line), TOUCH_NOTHING);
    assert_int_equal(touch_motion(&T, x + 20, y + 5, line, sizeof line), TOUCH_PREVIEW);
    preview(&S, line);
    assert_int_equal(touch_motion(&T, x + 40, y - 3, line, sizeof line), TOUCH_PREVIEW);
    snprintf(want, sizeof want, "z[2] = %s", touch_number(num, sizeof num, 0.1 + 40 * per_px, per_px));
    assert_string_equal(line, want);
    preview(&S, line);
    assert_int_equal(touch_release(&T, x + 40, y, line, sizeof line), TOUCH_RUN);
    assert_string_equal(line, want);
    run(&S, line);
    assert_true(S.z.data[2] > 0.1 + 30 * per_px);
    /* the drag is one step of undo */
    assert_int_equal(undo_can_undo(&S), steps + 1);
    run(&S, "undo");
    assert_true(S.z.data[2] == 0.1);
    run(&S, "redo");
    /* the echoed line in a fresh session: the same bits */
    start(&F, "logits 2 1 0.1");
    run(&F, want);
    same_tensor(&S.z, &F.z);
    same_tensor(&S.s, &F.s);
    same_tensor(&S.J, &F.J);
    /* a release where it went down is a click: nothing runs */
    assert_int_equal(touch_press(&T, &sc, &S, &v, 1, 1, x, y, line, sizeof line), TOUCH_NOTHING);
    assert_int_equal(touch_release(&T, x, y, line, sizeof line), TOUCH_NOTHING);
    /* the wheel: one fine step a notch; a double click: the line to end */
    assert_int_equal(touch_wheel(&sc, x, y, -2, line, sizeof line), TOUCH_RUN);
    snprintf(want, sizeof want, "z[2] = %s", touch_number(num, sizeof num, 0.1 - 2 * pow(10, floor(log10(per_px))),
                                                          per_px));
    assert_string_equal(line, want);
    assert_int_equal(touch_press(&T, &sc, &S, &v, 1, 2, x, y, line, sizeof line), TOUCH_PROMPT);
    assert_string_equal(line, "z[2] = ");
    /* the s bars are not grips; the heatmap is not one */
    for (int k = 0; k < sc.n_grips; k++)
        assert_int_equal(sc.grips[k].name[0], 'z');
    assert_null(touch_grip_at(&sc, (int)(sc.heat.x + sc.heat.side / 2), (int)(sc.heat.y + sc.heat.side / 2)));
    scene_release(&sc);
    finish(&S);
    finish(&F);
}

static void test_flow_gestures(void **state)
{
    (void)state;
    const char *setup = "seed 1; net 2 3 2; x = [[0.5, -1.5], [1, 2]]; y = [0, 1]; forward";
    struct session S, F;
    struct view_state v;
    struct scene sc;
    frame(&S, setup, &v, VIEW_FLOW, &sc);
    char line[TOUCH_LINE], want[TOUCH_LINE], num[64];
    struct touch T;
    int x, y;
    /* an edge: the weight W2[1][0]; a drag up makes it larger */
    const struct grip *g = grip_named(&sc, "W2[1][0]");
    assert_int_equal(g->kind, GRIP_EDGE);
    assert_true(g->value == T_AT(&S.net.W2, 1, 0));
    double w0 = g->value, per_px = g->per_px;
    grip_point(g, &x, &y);
    assert_ptr_equal(touch_grip_at(&sc, x, y), g);
    touch_press(&T, &sc, &S, &v, 1, 1, x, y, line, sizeof line);
    assert_int_equal(touch_motion(&T, x + 2, y - 30, line, sizeof line), TOUCH_PREVIEW);
    preview(&S, line);
    assert_int_equal(touch_release(&T, x + 2, y - 50, line, sizeof line), TOUCH_RUN);
    snprintf(want, sizeof want, "W2[1][0] = %s", touch_number(num, sizeof num, w0 + 50 * per_px, per_px));
    assert_string_equal(line, want);
    run(&S, line);
    assert_true(T_AT(&S.net.W2, 1, 0) > w0);
    /* an input node: x of the example shown, not the edges leaving it */
    g = grip_named(&sc, "x[0][1]");
    assert_int_equal(g->kind, GRIP_NODE);
    grip_point(g, &x, &y);
    assert_ptr_equal(touch_grip_at(&sc, x, y), g);
    touch_press(&T, &sc, &S, &v, 1, 1, x, y, line, sizeof line);
    touch_motion(&T, x, y + 10, line, sizeof line);
    preview(&S, line);
    assert_int_equal(touch_release(&T, x, y + 25, line, sizeof line), TOUCH_RUN);
    run(&S, line);
    assert_true(T_AT(&S.net.x, 0, 1) < -1.5);
    /* an output node: a click makes its class the example's target */
    g = grip_named(&sc, "y[0]");
    assert_int_equal(g->click, 0);
    g = &sc.grips[g - sc.grips + 1];
    assert_string_equal(g->name, "y[0]");
    assert_int_equal(g->click, 1);
    grip_point(g, &x, &y);
    assert_int_equal(touch_press(&T, &sc, &S, &v, 1, 1, x, y, line, sizeof line), TOUCH_RUN);
    assert_string_equal(line, "y[0] = 1");
    run(&S, line);
    assert_true(T_AT(&S.net.y, 0, 1) == 1.0 && T_AT(&S.net.y, 0, 0) == 0.0);
    /* the three gestures' lines after the same setup: the same bits */
    start(&F, setup);
    run(&F, want);
    char xline[TOUCH_LINE];
    snprintf(xline, sizeof xline, "x[0][1] = %.17g", T_AT(&S.net.x, 0, 1));
    run(&F, xline);
    run(&F, "y[0] = 1");
    same_tensor(&S.net.W2, &F.net.W2);
    same_tensor(&S.net.x, &F.net.x);
    same_tensor(&S.net.y, &F.net.y);
    same_tensor(&S.net.a2, &F.net.a2);
    assert_true(S.net.loss == F.net.loss);
    /* three steps of undo take it back to the setup */
    run(&S, "undo; undo; undo");
    assert_true(T_AT(&S.net.W2, 1, 0) == w0 && T_AT(&S.net.x, 0, 1) == -1.5 && T_AT(&S.net.y, 0, 0) == 1.0);
    scene_release(&sc);
    finish(&S);
    finish(&F);
}

/* the screen place of data point i */
static void point_xy(const struct scene *sc, const struct session *S, int i, int *x, int *y)
{
    *x = (int)lround(sc->plot.x + sc->plot.side * (T_AT(&S->data.X, i, 0) - sc->plot.x0) / sc->plot.span);
    *y = (int)lround(sc->plot.y + sc->plot.side * (1 - (T_AT(&S->data.X, i, 1) - sc->plot.y0) / sc->plot.span));
}

static void test_data_gestures(void **state)
{
    (void)state;
    const char *setup = "data = [[-1, -1, 0], [-1, 1, 0], [1, -1, 1], [1, 1, 1]]";
    struct session S, F;
    struct view_state v;
    struct scene sc;
    frame(&S, setup, &v, VIEW_DATA, &sc);
    char line[TOUCH_LINE], tip[300];
    struct touch T;
    int x, y;
    /* hovering a point says which it is */
    point_xy(&sc, &S, 2, &x, &y);
    assert_int_equal(touch_point_at(&sc, &S, &v, x, y), 2);
    touch_tip(&sc, &S, &v, x, y, tip, sizeof tip);
    assert_non_null(strstr(tip, "point 2: (1.000, \xe2\x88\x92" "1.000), class 1"));
    /* right click deletes it */
    assert_int_equal(touch_press(&T, &sc, &S, &v, 3, 1, x, y, line, sizeof line), TOUCH_RUN);
    assert_string_equal(line, "data del 2");
    /* a drag moves point 1, by the plot's scale */
    point_xy(&sc, &S, 1, &x, &y);
    touch_press(&T, &sc, &S, &v, 1, 1, x, y, line, sizeof line);
    assert_int_equal(touch_motion(&T, x + 10, y, line, sizeof line), TOUCH_PREVIEW);
    preview(&S, line);
    assert_int_equal(touch_release(&T, x + 40, y + 40, line, sizeof line), TOUCH_RUN);
    assert_int_equal(strncmp(line, "data move 1 ", 12), 0);
    double mx, my;
    assert_int_equal(sscanf(line + 12, "%lf %lf", &mx, &my), 2);
    double per_px = sc.plot.span / sc.plot.side;
    assert_true(fabs(mx - (-1 + 40 * per_px)) <= 2 * per_px && fabs(my - (1 - 40 * per_px)) <= 2 * per_px);
    run(&S, line);
    assert_true(T_AT(&S.data.X, 1, 0) == mx && T_AT(&S.data.X, 1, 1) == my);
    /* a click on the empty plot adds a point of the class key c chose */
    const struct key_binding *c = keys_find(KEY_C, 0);
    assert_non_null(c);
    assert_int_equal(keys_apply(c, &v), 1);
    assert_int_equal(v.touch_class, 1);
    int ex = (int)(sc.plot.x + sc.plot.side / 2), ey = (int)(sc.plot.y + sc.plot.side / 2);
    assert_int_equal(touch_point_at(&sc, &S, &v, ex, ey), -1);
    touch_tip(&sc, &S, &v, ex, ey, tip, sizeof tip);
    assert_non_null(strstr(tip, "click: a point of class 1"));
    assert_int_equal(touch_press(&T, &sc, &S, &v, 1, 1, ex, ey, line, sizeof line), TOUCH_NOTHING);
    assert_int_equal(touch_release(&T, ex, ey, line, sizeof line), TOUCH_RUN);
    assert_int_equal(strncmp(line, "data add ", 9), 0);
    assert_int_equal(line[strlen(line) - 1], '1');
    char add[TOUCH_LINE], move[TOUCH_LINE];
    snprintf(add, sizeof add, "%s", line);
    snprintf(move, sizeof move, "data move 1 %.17g %.17g", mx, my);
    run(&S, add);
    assert_int_equal(S.data.X.rows, 5);
    assert_int_equal(S.data.labels[4], 1);
    /* again: key c cycles back to class 0 */
    keys_apply(c, &v);
    assert_int_equal(v.touch_class, 0);
    start(&F, setup);
    run(&F, move);
    run(&F, add);
    same_tensor(&S.data.X, &F.data.X);
    assert_memory_equal(S.data.labels, F.data.labels, 5 * sizeof *S.data.labels);
    scene_release(&sc);
    finish(&S);
    finish(&F);
}

static void test_tips(void **state)
{
    (void)state;
    struct session S;
    struct view_state v;
    struct scene sc;
    char tip[300];
    int x, y;
    frame(&S, "seed 0; data moons 40 noise=0.1; net 2 3 2; train 50 every=0", &v, VIEW_FLOW, &sc);
    grip_point(grip_named(&sc, "W1[0][1]"), &x, &y);
    touch_tip(&sc, &S, &v, x, y, tip, sizeof tip);
    assert_non_null(strstr(tip, "W1[0][1] = "));
    assert_non_null(strstr(tip, "the weight from input 0 to hidden unit 1"));
    grip_point(grip_named(&sc, "x[0][0]"), &x, &y);
    touch_tip(&sc, &S, &v, x, y, tip, sizeof tip);
    assert_non_null(strstr(tip, "input 0 of example 0"));
    touch_tip(&sc, &S, &v, 2, 2, tip, sizeof tip);
    assert_string_equal(tip, "");
    /* the loss curve: the loss after the pass under the mouse */
    v.view = VIEW_DATA;
    scene_build(&sc, &S, &v, W, H);
    assert_true(sc.curve.w > 0);
    x = (int)(sc.curve.x + sc.curve.w);
    y = (int)(sc.curve.y + sc.curve.h / 2);
    touch_tip(&sc, &S, &v, x, y, tip, sizeof tip);
    char want[100], num[64];
    int last = S.curve.rows - 1;
    snprintf(want, sizeof want, "after pass %.0f: loss %s", T_AT(&S.curve, last, 0),
             scene_number(num, sizeof num, T_AT(&S.curve, last, 1)));
    assert_string_equal(tip, want);
    /* the tip is drawn over the picture where the mouse is */
    v.mouse_x = x;
    v.mouse_y = y;
    scene_build(&sc, &S, &v, W, H);
    int found = 0;
    for (int k = 0; k < sc.n_items; k++)
        found |= sc.items[k].kind == ITEM_TEXT && !strcmp(sc.items[k].text, want);
    assert_true(found);
    /* a key or a typed line hides it until the mouse moves (the window
     * clears tip_hidden on a motion): nothing drawn on a rest */
    v.tip_hidden = 1;
    scene_build(&sc, &S, &v, W, H);
    found = 0;
    for (int k = 0; k < sc.n_items; k++)
        found |= sc.items[k].kind == ITEM_TEXT && !strcmp(sc.items[k].text, want);
    assert_false(found);
    scene_release(&sc);
    finish(&S);
}

/* a hidden unit: hovering explains its a1 (its formula and the z1 it is
 * made from; delta2 once the pass went back), and the mouse cannot drag
 * it: the net computes it */
static void test_hidden_tips(void **state)
{
    (void)state;
    struct session S;
    struct view_state v;
    struct scene sc;
    char tip[300], want[300], a[64], z[64], d[64], line[TOUCH_LINE];
    int x, y;
    frame(&S, "seed 1; net 2 3 2 act=sigmoid; x = [[0.5, -1.5], [1, 2]]; y = [0, 1]; forward", &v, VIEW_FLOW, &sc);
    const struct grip *g = grip_named(&sc, "a1[0][1]");
    assert_true(g->value == T_AT(&S.net.a1, 0, 1));
    grip_point(g, &x, &y);
    assert_ptr_equal(touch_grip_at(&sc, x, y), g);
    touch_tip(&sc, &S, &v, x, y, tip, sizeof tip);
    snprintf(want, sizeof want, "a1[0][1] = %s: hidden unit 1 of example 0, a1 = sigmoid(z1) = 1 / (1 + exp(\xe2\x88\x92z1)) "
             "with z1[0][1] = %s", scene_number(a, sizeof a, T_AT(&S.net.a1, 0, 1)),
             scene_number(z, sizeof z, T_AT(&S.net.z1, 0, 1)));
    assert_string_equal(tip, want);
    /* not a thing to drag, scroll or click */
    struct touch T;
    assert_int_equal(touch_press(&T, &sc, &S, &v, 1, 1, x, y, line, sizeof line), TOUCH_NOTHING);
    assert_int_equal(touch_motion(&T, x, y - 40, line, sizeof line), TOUCH_NOTHING);
    assert_int_equal(touch_release(&T, x, y - 40, line, sizeof line), TOUCH_NOTHING);
    assert_int_equal(touch_wheel(&sc, x, y, 1, line, sizeof line), TOUCH_NOTHING);
    /* after backward: delta2 too */
    run(&S, "backward");
    scene_build(&sc, &S, &v, W, H);
    grip_point(grip_named(&sc, "a1[0][2]"), &x, &y);
    touch_tip(&sc, &S, &v, x, y, tip, sizeof tip);
    snprintf(want, sizeof want, "; delta2[0][2] = %s", scene_number(d, sizeof d, T_AT(&S.net.delta2, 0, 2)));
    assert_non_null(strstr(tip, "a1[0][2] = "));
    assert_non_null(strstr(tip, want));
    /* stepping: at z1 the unit's z1, before its activation */
    run(&S, "reset; step");
    scene_build(&sc, &S, &v, W, H);
    grip_point(grip_named(&sc, "z1[0][0]"), &x, &y);
    touch_tip(&sc, &S, &v, x, y, tip, sizeof tip);
    snprintf(want, sizeof want, "z1[0][0] = %s: hidden unit 0 of example 0 before its activation, z1 = x\xc2\xb7W1 + b1",
             scene_number(z, sizeof z, T_AT(&S.net.z1, 0, 0)));
    assert_string_equal(tip, want);
    scene_release(&sc);
    finish(&S);
}

/* s with each run of spaces made one, into out */
static void one_space(const char *s, char *out, size_t n)
{
    size_t o = 0;
    for (; *s && o + 1 < n; s++)
        if (*s != ' ' || (o > 0 && out[o - 1] != ' '))
            out[o++] = *s;
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
}

/* the mouse at (x, y) of a w x h frame: the tip's box and lines lie
 * inside the frame, and its lines say the whole tip, at one size; 1 when
 * there was a tip */
static int tip_inside(struct scene *sc, const struct session *S, struct view_state *v, int x, int y, int w, int h)
{
    char tip[300], want[300], got[600] = "";
    v->mouse_x = x;
    v->mouse_y = y;
    scene_build(sc, S, v, w, h);
    touch_tip(sc, S, v, x, y, tip, sizeof tip);
    if (!tip[0])
        return 0;
    /* the tip is drawn last: its box, its frame, its lines */
    int first = sc->n_items, size = 0;
    while (first > 0 && sc->items[first - 1].kind == ITEM_TEXT && sc->items[first - 1].layer == 1)
        first--;
    assert_true(first >= 2 && first < sc->n_items);
    assert_int_equal(sc->items[first - 1].kind, ITEM_FRAME);
    assert_int_equal(sc->items[first - 2].kind, ITEM_RECT);
    first -= 2;
    for (int k = first; k < sc->n_items; k++) {
        const struct item *it = &sc->items[k];
        float x0 = it->kind == ITEM_TEXT ? it->box[0] : it->x, y0 = it->kind == ITEM_TEXT ? it->box[1] : it->y;
        float x1 = it->kind == ITEM_TEXT ? it->box[2] : it->x + it->w, y1 = it->kind == ITEM_TEXT ? it->box[3] : it->y + it->h;
        if (x0 < -0.5f || y0 < -0.5f || x1 > w + 0.5f || y1 > h + 0.5f)
            fail_msg("%dx%d, mouse at (%d, %d): the tip's item %d (%g, %g)-(%g, %g) leaves the frame", w, h, x, y, k,
                     x0, y0, x1, y1);
        if (it->kind == ITEM_TEXT) {
            if (size && it->size != size)
                fail_msg("%dx%d: the tip's lines at sizes %d and %d", w, h, size, it->size);
            size = it->size;
            strncat(got, it->text, sizeof got - strlen(got) - 2);
            strcat(got, " ");
        }
    }
    one_space(tip, want, sizeof want);
    one_space(got, got, sizeof got);
    if (strcmp(want, got))
        fail_msg("%dx%d, mouse at (%d, %d): the tip says\n  '%s'\nnot\n  '%s'", w, h, x, y, got, want);
    return 1;
}

/* the tips of every grip (at its point and at the frame's right and
 * bottom edges) and of the data view's plot fit the frame at any size */
static void test_tips_fit(void **state)
{
    (void)state;
    static const int sizes[][2] = { { 320, 240 }, { 640, 480 }, { 800, 600 }, { 1280, 800 }, { 3840, 2160 } };
    struct session S;
    struct view_state v;
    struct scene sc;
    int tips = 0;
    frame(&S, "seed 0; data moons 40 noise=0.1; net 2 3 2; train 50 every=0; x = [[0.5, -1.5]]; y = [1]; "
              "forward; backward; logits 2 1 0.1", &v, VIEW_FLOW, &sc);
    for (int view = VIEW_JACOBIAN; view <= VIEW_DATA; view++) {
        v.view = (enum view)view;
        for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
            int w = sizes[k][0], h = sizes[k][1];
            v.mouse_x = v.mouse_y = -1;
            scene_build(&sc, &S, &v, w, h);
            int n = sc.n_grips, x, y;
            struct grip g[64];
            memcpy(g, sc.grips, (size_t)(n < 64 ? n : 64) * sizeof *g);
            for (int i = 0; i < n && i < 64; i++) {
                grip_point(&g[i], &x, &y);
                tips += tip_inside(&sc, &S, &v, x, y, w, h);
                if (g[i].kind == GRIP_BAR)
                    tips += tip_inside(&sc, &S, &v, (int)g[i].x2 - 1, (int)g[i].y2 - 1, w, h);
            }
            if (view == VIEW_DATA && sc.plot.side > 0) {
                float px = sc.plot.x, py = sc.plot.y, side = sc.plot.side;
                tips += tip_inside(&sc, &S, &v, (int)(px + side) - 1, (int)(py + side) - 1, w, h);
                tips += tip_inside(&sc, &S, &v, (int)(px + side) - 1, (int)py + 1, w, h);
            }
        }
    }
    assert_true(tips > 100);
    scene_release(&sc);
    finish(&S);
}

/* what a snapshot's hover= names: a grip's entry, or a data point; the
 * pointer drawn there, over the tip, only when asked */
static void test_find_and_pointer(void **state)
{
    (void)state;
    struct session S;
    struct view_state v;
    struct scene sc;
    int x, y;
    frame(&S, "seed 0; data moons 40 noise=0.1; net 2 3 2; train 50 every=0; forward", &v, VIEW_FLOW, &sc);
    const char *names[] = { "W2[1][0]", "W1[0][1]", "a1[0][2]", "x[0][1]" };
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        assert_int_equal(touch_find(&sc, &S, &v, names[k], &x, &y), 0);
        const struct grip *g = touch_grip_at(&sc, x, y);
        assert_non_null(g);
        assert_string_equal(g->name, names[k]);
    }
    assert_int_equal(touch_find(&sc, &S, &v, "W2[9][0]", &x, &y), -1);
    assert_int_equal(touch_find(&sc, &S, &v, "point[3]", &x, &y), -1);     /* not the data view */
    /* the pointer: an arrow whose head is the mouse, drawn last */
    assert_int_equal(touch_find(&sc, &S, &v, "a1[0][2]", &v.mouse_x, &v.mouse_y), 0);
    scene_build(&sc, &S, &v, W, H);
    const struct item *last = &sc.items[sc.n_items - 1];
    assert_false(last->kind == ITEM_LINE && last->arrow);
    v.pointer = 1;
    scene_build(&sc, &S, &v, W, H);
    last = &sc.items[sc.n_items - 1];
    assert_int_equal(last->kind, ITEM_LINE);
    assert_true(last->arrow);
    assert_true(last->x2 == v.mouse_x && last->y2 == v.mouse_y);
    assert_true(last->x > last->x2 && last->y > last->y2);     /* from below right */
    assert_int_equal(last[-1].kind, ITEM_LINE);                 /* its edge */
    /* the data view's points */
    v.view = VIEW_DATA;
    v.pointer = 0;
    v.mouse_x = v.mouse_y = -1;
    scene_build(&sc, &S, &v, W, H);
    for (int i = 0; i < 40; i += 13) {
        char name[32];
        snprintf(name, sizeof name, "point[%d]", i);
        assert_int_equal(touch_find(&sc, &S, &v, name, &x, &y), 0);
        assert_int_equal(touch_point_at(&sc, &S, &v, x, y), i);
    }
    const char *bad[] = { "point[40]", "point[-1]", "point[3]x", "point[3", "point[]", "z[0]", "" };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        assert_int_equal(touch_find(&sc, &S, &v, bad[k], &x, &y), -1);
    scene_release(&sc);
    finish(&S);
}

static void test_undo_keys(void **state)
{
    (void)state;
    struct view_state v;
    char line[64];
    view_state_init(&v);
    const struct key_binding *b = keys_find(KEY_Z, KEYMOD_CTRL);
    assert_non_null(b);
    assert_int_equal(keys_line(b, &v, line, sizeof line), 1);
    assert_string_equal(line, "undo");
    b = keys_find(KEY_Z, KEYMOD_CTRL | KEYMOD_SHIFT);
    assert_non_null(b);
    assert_int_equal(keys_line(b, &v, line, sizeof line), 1);
    assert_string_equal(line, "redo");
    assert_null(keys_find(KEY_Z, 0));
    assert_null(keys_find(KEY_C, KEYMOD_CTRL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_drag_a_logit),
        cmocka_unit_test(test_flow_gestures),
        cmocka_unit_test(test_data_gestures),
        cmocka_unit_test(test_tips),
        cmocka_unit_test(test_hidden_tips),
        cmocka_unit_test(test_tips_fit),
        cmocka_unit_test(test_find_and_pointer),
        cmocka_unit_test(test_undo_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
