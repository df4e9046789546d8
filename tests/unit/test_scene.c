/* test_scene: the pure scene module: colours of known values, edge widths,
 * layout sanity of the views, large n through one image, the data view
 * (boundary, points, accuracy) and the curve growing while train runs. */
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
#include "draw.h"
#include "keys.h"
#include "session.h"
#include "softmax.h"
#include "command.h"
#include "lesson.h"
#include "typed.h"
#include "undo.h"
#include "tmpdir.h"
#include "upscale.h"
#include "net.h"
#include <unistd.h>

#define assert_close(a, b, tol) do { \
        double a_ = (a), b_ = (b); \
        if (!(fabs(a_ - b_) <= (tol))) \
            fail_msg("%s = %.17g, expected %.17g (tol %g)", #a, a_, b_, (double)(tol)); \
    } while (0)

static void assert_rgb(struct rgba c, int r, int g, int b)
{
    if (abs(c.r - r) > 1 || abs(c.g - g) > 1 || abs(c.b - b) > 1)
        fail_msg("colour (%d, %d, %d), expected (%d, %d, %d)", c.r, c.g, c.b, r, g, b);
}

/* a session holding only logits z (no session.c needed) */
static void logits(struct session *S, const double *z, int n)
{
    memset(S, 0, sizeof *S);
    assert_int_equal(tensor_init(&S->z, 1, n), 0);
    assert_int_equal(tensor_init(&S->s, 1, n), 0);
    assert_int_equal(tensor_init(&S->J, n, n), 0);
    memcpy(S->z.data, z, (size_t)n * sizeof *z);
    assert_int_equal(softmax(S->z.data, S->s.data, n), 0);
    softmax_jacobian(S->s.data, S->J.data, n);
    S->has_logits = 1;
}

/* logits z_i = amp sin(f i), with z_0 = first: a Jacobian with structure */
static void wave_logits(struct session *S, int n, double f, double amp, double first)
{
    double *z = malloc((size_t)n * sizeof *z);
    assert_non_null(z);
    for (int i = 0; i < n; i++)
        z[i] = i == 0 ? first : sin(i * f) * amp;
    logits(S, z, n);
    free(z);
}

static void release(struct session *S)
{
    tensor_release(&S->z);
    tensor_release(&S->s);
    tensor_release(&S->J);
    if (S->has_net)
        net_release(&S->net);
}

static void test_colormap_known_values(void **state)
{
    (void)state;
    assert_rgb(colormap_rgba(0.0, 0.25), 0xf7, 0xf7, 0xf7);    /* neutral centre */
    assert_rgb(colormap_rgba(0.25, 0.25), 0x67, 0x00, 0x1f);   /* positive end: dark red */
    assert_rgb(colormap_rgba(-0.25, 0.25), 0x05, 0x30, 0x61);  /* negative end: dark blue */
    /* clamping beyond the scale, and NaN to the centre */
    assert_rgb(colormap_rgba(3.0, 0.25), 0x67, 0x00, 0x1f);
    assert_rgb(colormap_rgba(-1e300, 0.25), 0x05, 0x30, 0x61);
    assert_rgb(colormap_rgba(NAN, 0.25), 0xf7, 0xf7, 0xf7);
    assert_rgb(colormap_rgba(INFINITY, 0.25), 0x67, 0x00, 0x1f);
    /* a tiny value stays neutral; positive is red-ish, negative blue-ish */
    assert_rgb(colormap_rgba(1e-9, 0.25), 0xf7, 0xf7, 0xf7);
    struct rgba p = colormap_rgba(0.1, 0.25), n = colormap_rgba(-0.1, 0.25);
    assert_true(p.r > p.b);
    assert_true(n.b > n.r);
    /* another scale (autoscale): its end is the map's end */
    assert_rgb(colormap_rgba(0.1, 0.1), 0x67, 0x00, 0x1f);
    /* the packed form agrees */
    assert_int_equal(colormap_argb(0.25, 0.25), 0xff67001fu);
}

static void test_colormap_monotonic_red_and_blue(void **state)
{
    (void)state;
    /* from the centre outwards, red grows darker on one side and blue on the other */
    int last_g = 256;
    for (int k = 0; k <= 20; k++) {
        struct rgba c = colormap_rgba(0.25 * k / 20.0, 0.25);
        assert_true(c.g <= last_g);
        last_g = c.g;
    }
    last_g = 256;
    for (int k = 0; k <= 20; k++) {
        struct rgba c = colormap_rgba(-0.25 * k / 20.0, 0.25);
        assert_true(c.g <= last_g + 1);     /* green falls toward the blue end (with rounding) */
        last_g = c.g;
    }
}

static void test_edge_width_and_colour(void **state)
{
    (void)state;
    assert_close(scene_edge_width(0.0, 2.0, 1.0), 1.0, 1e-6);
    assert_close(scene_edge_width(2.0, 2.0, 1.0), 10.0, 1e-6);
    assert_close(scene_edge_width(-2.0, 2.0, 1.0), 10.0, 1e-6);     /* by |w| */
    assert_close(scene_edge_width(1.0, 2.0, 1.0), 5.5, 1e-6);
    assert_close(scene_edge_width(5.0, 2.0, 1.0), 10.0, 1e-6);      /* clamped */
    assert_close(scene_edge_width(1.0, 2.0, 2.0), 11.0, 1e-6);      /* zoom scales it */
    assert_close(scene_edge_width(1.0, 0.0, 1.0), 1.0, 1e-6);       /* no weights yet */
    assert_true(scene_edge_width(0.3, 1.0, 1.0) < scene_edge_width(0.6, 1.0, 1.0));
    /* colour: from the background towards the theme's ends (test_palette
     * holds their contrasts) */
    struct rgba p = scene_edge_color(THEME_DARK, 1.0, 1.0), n = scene_edge_color(THEME_DARK, -1.0, 1.0);
    assert_true(p.r > p.b && n.b > n.r);
    assert_int_equal(p.a, 255);
    assert_rgb(p, 0xff, 0x7a, 0x5c);
    assert_rgb(scene_edge_color(THEME_LIGHT, -2.0, 1.0), 0x21, 0x66, 0xac);     /* clamped */
    struct rgba faint = scene_edge_color(THEME_DARK, 0.01, 1.0);
    assert_true(abs(faint.r - 0x16) + abs(faint.g - 0x18) + abs(faint.b - 0x1e) < 120);     /* near the background */
}

static void test_numbers_and_formulas(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(scene_number(b, sizeof b, -0.0241), "\xe2\x88\x92" "0.024");
    assert_string_equal(scene_number(b, sizeof b, 0.2247), "0.225");
    assert_string_equal(scene_number(b, sizeof b, -0.0000001), "0.000");
    assert_string_equal(scene_number(b, sizeof b, 1000), "1000");                /* not 1e+03 */
    assert_string_equal(scene_number(b, sizeof b, -2.5e7), "\xe2\x88\x92" "2.5e7");
    assert_string_equal(scene_stage_formula(STAGE_DELTA3, ACT_TANH, 0), "delta3 = a2 \xe2\x88\x92 y");
    assert_non_null(strstr(scene_stage_formula(STAGE_DELTA2, ACT_TANH, 0), "(1 \xe2\x88\x92 a1\xc2\xb2)"));
}

static const struct item *find_text(const struct scene *sc, const char *needle)
{
    for (int k = 0; k < sc->n_items; k++)
        if (sc->items[k].kind == ITEM_TEXT && strstr(sc->items[k].text, needle))
            return &sc->items[k];
    return NULL;
}

/* rough text box with the estimate scene.c uses for layout */
static void text_box(const struct item *it, double *x0, double *y0, double *x1, double *y1)
{
    int chars = 0;
    for (const char *p = it->text; *p; p++)
        if (((unsigned char)*p & 0xc0) != 0x80)
            chars++;
    double w = chars * it->size * 0.60, h = it->size * 1.0;
    int col = it->anchor % 3, row = it->anchor / 3;
    *x0 = it->x - (col == 1 ? w / 2 : col == 2 ? w : 0);
    *y0 = it->y - (row == 1 ? h / 2 : row == 2 ? h : 0);
    *x1 = *x0 + w;
    *y1 = *y0 + h;
}

static void assert_texts_inside_and_apart(const struct scene *sc)
{
    for (int a = 0; a < sc->n_items; a++) {
        const struct item *p = &sc->items[a];
        if (p->kind != ITEM_TEXT)
            continue;
        double ax0, ay0, ax1, ay1;
        text_box(p, &ax0, &ay0, &ax1, &ay1);
        if (ax0 < -1 || ay0 < -1 || ax1 > sc->w + 1 || ay1 > sc->h + 1)
            fail_msg("text '%s' leaves the %dx%d frame (%.0f,%.0f)-(%.0f,%.0f)", p->text, sc->w,
                     sc->h, ax0, ay0, ax1, ay1);
        for (int b = a + 1; b < sc->n_items; b++) {
            const struct item *q = &sc->items[b];
            if (q->kind != ITEM_TEXT)
                continue;
            double bx0, by0, bx1, by1;
            text_box(q, &bx0, &by0, &bx1, &by1);
            if (ax0 < bx1 && bx0 < ax1 && ay0 < by1 && by0 < ay1)
                fail_msg("labels overlap: '%s' and '%s'", p->text, q->text);
        }
    }
}

static void test_jacobian_layout(void **state)
{
    (void)state;
    const double z[3] = { 2, 1, 0.1 };
    struct session S;
    logits(&S, z, 3);
    struct view_state v;
    view_state_init(&v);
    struct scene sc;
    scene_init(&sc);
    const int sizes[][2] = { { 1280, 800 }, { 1920, 1080 }, { 1024, 768 } };
    for (int k = 0; k < 3; k++) {
        int w = sizes[k][0], h = sizes[k][1];
        scene_build(&sc, &S, &v, w, h);
        assert_false(sc.overflow);
        assert_int_equal(sc.heat.n, 3);
        /* the heatmap, then the colour bar to its right, all inside the frame */
        assert_true(sc.heat.x > 0 && sc.heat.y > 0);
        assert_true(sc.heat.x + sc.heat.side < sc.cbar.x);
        assert_true(sc.cbar.x + sc.cbar.w < w && sc.heat.y + sc.heat.side < h);
        assert_true(sc.heat.side > h * 0.5);            /* big enough to read */
        assert_close(sc.jscale, 0.25, 0);
        /* values in the cells, labels and ticks */
        assert_non_null(find_text(&sc, "0.225"));
        assert_non_null(find_text(&sc, "\xe2\x88\x92" "0.160"));
        assert_non_null(find_text(&sc, "+0.25"));
        assert_non_null(find_text(&sc, "s = softmax(z)"));
        /* the signs as they are: an entry can be 0 (a -inf logit, underflow) */
        assert_non_null(find_text(&sc, "s\xe1\xb5\xa2) \xe2\x89\xa5 0"));
        assert_non_null(find_text(&sc, "s\xe2\xb1\xbc \xe2\x89\xa4 0   rows and columns sum to 0"));
        assert_texts_inside_and_apart(&sc);
        /* every item drawn inside the frame */
        for (int i = 0; i < sc.n_items; i++) {
            const struct item *it = &sc.items[i];
            if (it->kind == ITEM_RECT)
                assert_true(it->x >= 0 && it->y >= 0 && it->x + it->w <= w + 0.5 &&
                            it->y + it->h <= h + 0.5);
        }
    }
    /* the cell under the mouse is explained with its numbers */
    scene_build(&sc, &S, &v, 1280, 800);
    double cell = sc.heat.side / 3;
    v.mouse_x = (int)(sc.heat.x + 2.5 * cell);
    v.mouse_y = (int)(sc.heat.y + 1.5 * cell);
    scene_build(&sc, &S, &v, 1280, 800);
    assert_int_equal(sc.hover_i, 1);
    assert_int_equal(sc.hover_j, 2);
    assert_non_null(find_text(&sc, "J[1][2] = s1\xc2\xb7(0 \xe2\x88\x92 s2) = 0.242\xc2\xb7"
                                   "(0 \xe2\x88\x92 0.099) = \xe2\x88\x92" "0.024"));
    v.mouse_x = (int)(sc.heat.x + 0.5 * cell);
    v.mouse_y = (int)(sc.heat.y + 0.5 * cell);
    scene_build(&sc, &S, &v, 1280, 800);
    assert_non_null(find_text(&sc, "J[0][0] = s0\xc2\xb7(1 \xe2\x88\x92 s0) = 0.659"));
    /* autoscale: the largest |J| becomes the end of the scale */
    v.autoscale = 1;
    scene_build(&sc, &S, &v, 1280, 800);
    assert_close(sc.jscale, T_AT(&S.J, 0, 0), 1e-15);
    scene_release(&sc);
    release(&S);
}

static void test_large_n_is_one_image(void **state)
{
    (void)state;
    int n = 1024;
    struct session S;
    wave_logits(&S, n, 0.37, 3, 10.0);
    struct view_state v;
    view_state_init(&v);
    struct scene sc;
    scene_init(&sc);
    scene_build(&sc, &S, &v, 1280, 800);
    int images = 0;
    for (int k = 0; k < sc.n_items; k++)
        images += sc.items[k].kind == ITEM_IMAGE;
    assert_int_equal(images, 1);
    assert_true(sc.has_image);
    assert_true(sc.n_items < 5000);                 /* not n^2 rectangles */
    assert_true(sc.img_w <= (int)sc.heat.side + 1 && sc.img_w == sc.img_h);
    /* pooled pixels keep the positive diagonal */
    assert_true(((sc.pixels[0] >> 16) & 0xff) > (sc.pixels[0] & 0xff));
    /* an unchanged session does not rebuild the pixels */
    unsigned g = sc.img_gen;
    scene_build(&sc, &S, &v, 1280, 800);
    assert_int_equal(sc.img_gen, g);
    v.gen++;
    scene_build(&sc, &S, &v, 1280, 800);
    assert_int_equal(sc.img_gen, g + 1);
    assert_texts_inside_and_apart(&sc);
    scene_release(&sc);
    release(&S);
}

/* the heatmap image of a large J against the definition: pixel (px, py)
 * shows, of the block of rows floor(py n / res) .. floor((py + 1) n / res) - 1
 * and the same columns, the entry of largest magnitude (the larger of the
 * max and -min); and max |J| is the largest |entry| of all. J is filled
 * with random entries (and one planted outlier) so that every block differs. */
static void check_heat_image(int n, int autoscale)
{
    double *z = calloc((size_t)n, sizeof *z);
    struct session S;
    logits(&S, z, n);
    free(z);
    unsigned x = 7u;
    double want_max = 0;
    for (size_t k = 0; k < (size_t)n * n; k++) {
        x = x * 1103515245u + 12345u;
        S.J.data[k] = ((x >> 8) % 20001) / 20000.0 * 0.5 - 0.25;   /* -0.25 .. 0.25 */
    }
    T_AT(&S.J, n / 3, n / 2) = -0.3;            /* one outlier, beyond the scale */
    for (size_t k = 0; k < (size_t)n * n; k++)
        want_max = fabs(S.J.data[k]) > want_max ? fabs(S.J.data[k]) : want_max;
    struct view_state v;
    view_state_init(&v);
    v.autoscale = autoscale;
    struct scene sc;
    scene_init(&sc);
    scene_build(&sc, &S, &v, 1280, 800);
    assert_true(sc.has_image);
    int res = sc.img_w;
    assert_true(res > 100 && res <= n);
    assert_true(sc.jmax == want_max);
    assert_true(sc.jscale == (autoscale ? want_max : 0.25));
    int bad = 0;
    for (int py = 0; py < res; py++) {
        int i0 = (int)((long long)py * n / res), i1 = (int)((long long)(py + 1) * n / res);
        for (int px = 0; px < res; px++) {
            int j0 = (int)((long long)px * n / res), j1 = (int)((long long)(px + 1) * n / res);
            double hi = -HUGE_VAL, lo = HUGE_VAL;
            for (int i = i0; i < i1; i++)
                for (int j = j0; j < j1; j++) {
                    hi = fmax(hi, T_AT(&S.J, i, j));
                    lo = fmin(lo, T_AT(&S.J, i, j));
                }
            uint32_t want = colormap_argb(hi >= -lo ? hi : lo, sc.jscale);
            bad += sc.pixels[(size_t)py * res + px] != want;
        }
    }
    assert_int_equal(bad, 0);
    /* the outlier's pixel is the map's blue end */
    int opy = 0, opx = 0;
    while ((long long)(opy + 1) * n / res <= n / 3)
        opy++;
    while ((long long)(opx + 1) * n / res <= n / 2)
        opx++;
    if (!autoscale)
        assert_int_equal(sc.pixels[(size_t)opy * res + opx], colormap_argb(-1, 0.25));
    scene_release(&sc);
    release(&S);
}

static void test_heat_image_is_the_block_extremes(void **state)
{
    (void)state;
    check_heat_image(1024, 0);      /* 1 or 2 rows a pixel */
    check_heat_image(1999, 1);      /* n not a multiple of anything, autoscale */
    check_heat_image(4096, 0);      /* several rows a pixel */
}

/* with n no larger than the square, one pixel per entry: J itself */
static void test_heat_image_one_pixel_per_entry(void **state)
{
    (void)state;
    int n = 300;
    struct session S;
    wave_logits(&S, n, 0.71, 4, 0.0);
    struct view_state v;
    view_state_init(&v);
    struct scene sc;
    scene_init(&sc);
    scene_build(&sc, &S, &v, 1280, 800);
    assert_int_equal(sc.img_w, n);
    for (size_t k = 0; k < (size_t)n * n; k++)
        if (sc.pixels[k] != colormap_argb(S.J.data[k], 0.25))
            fail_msg("pixel %zu: %08x, J = %g wants %08x", k, sc.pixels[k], S.J.data[k],
                     colormap_argb(S.J.data[k], 0.25));
    /* autoscale on: the same values against max |J| (the largest diagonal entry) */
    double jmax = 0;
    for (int i = 0; i < n; i++)
        jmax = fmax(jmax, T_AT(&S.J, i, i));
    v.autoscale = 1;
    scene_build(&sc, &S, &v, 1280, 800);
    assert_true(sc.jscale == jmax);
    scene_release(&sc);
    release(&S);
}

static void test_flow_layout(void **state)
{
    (void)state;
    struct session S;
    memset(&S, 0, sizeof S);
    struct rng r;
    rng_seed(&r, 0);
    assert_int_equal(net_init(&S.net, 2, 3, 2, ACT_TANH, &r), 0);
    S.has_net = 1;
    tensor x = TENSOR_INIT, y = TENSOR_INIT;
    tensor_init(&x, 1, 2);
    tensor_init(&y, 1, 2);
    x.data[0] = 0.5; x.data[1] = -1.2; y.data[1] = 1;
    assert_int_equal(net_set_batch(&S.net, &x, &y), 0);
    tensor_release(&x);
    tensor_release(&y);
    struct view_state v;
    view_state_init(&v);
    v.view = VIEW_FLOW;
    struct scene sc;
    scene_init(&sc);
    for (int st = STAGE_NONE; st <= STAGE_LAST; st++) {
        assert_int_equal(net_run_to(&S.net, (enum stage)st), 0);
        scene_build(&sc, &S, &v, 1280, 800);
        assert_false(sc.overflow);
        if (st != STAGE_NONE)
            assert_non_null(find_text(&sc, scene_stage_formula(st, ACT_TANH, 0)));
        /* 2*3 + 3*2 weight edges at least */
        int lines = 0;
        for (int k = 0; k < sc.n_items; k++)
            lines += sc.items[k].kind == ITEM_LINE;
        assert_true(lines >= 12);
    }
    /* the loss node shows the loss of the reduce mode; the gradients are
     * named as those of the summed loss */
    assert_int_equal(net_run_to(&S.net, STAGE_DW2), 0);
    scene_build(&sc, &S, &v, 1280, 800);
    assert_non_null(find_text(&sc, "gradient, of the summed loss"));
    char lb[64], lwant[80];
    snprintf(lwant, sizeof lwant, "loss %s", scene_number(lb, sizeof lb, S.net.loss));
    assert_non_null(find_text(&sc, lwant));
    /* at delta2, delta3 and delta2 are shown with their values */
    assert_int_equal(net_run_to(&S.net, STAGE_DELTA2), 0);
    scene_build(&sc, &S, &v, 1280, 800);
    char b[64], want[80];
    snprintf(want, sizeof want, "\xce\xb4\xe2\x82\x82 %s", scene_number(b, sizeof b, T_AT(&S.net.delta2, 0, 0)));
    assert_non_null(find_text(&sc, want));
    snprintf(want, sizeof want, "\xce\xb4\xe2\x82\x83 %s", scene_number(b, sizeof b, T_AT(&S.net.delta3, 0, 1)));
    assert_non_null(find_text(&sc, want));
    /* one share delta3_k W2[j][k] per edge */
    snprintf(want, sizeof want, "%s",
             scene_number(b, sizeof b, T_AT(&S.net.delta3, 0, 1) * T_AT(&S.net.W2, 2, 1)));
    assert_non_null(find_text(&sc, want));
    scene_release(&sc);
    release(&S);
}

static void test_empty_session(void **state)
{
    (void)state;
    struct session S;
    memset(&S, 0, sizeof S);
    struct view_state v;
    view_state_init(&v);
    struct scene sc;
    scene_init(&sc);
    scene_build(&sc, &S, &v, 800, 600);
    assert_non_null(find_text(&sc, "logits 2 1 0.1"));
    v.view = VIEW_FLOW;
    scene_build(&sc, &S, &v, 800, 600);
    assert_non_null(find_text(&sc, "net 2 3 2"));
    v.help = 1;
    scene_build(&sc, &S, &v, 800, 600);
    assert_non_null(find_text(&sc, "theme"));
    scene_release(&sc);
}

/* ---- the data view -------------------------------------------------- */

static void run(struct session *S, const char *line)
{
    if (command_run(S, line) < 0)
        fail_msg("'%s': %s", line, S->err);
}

/* distance in RGB between an ARGB pixel and a colour */
static int dist(uint32_t px, struct rgba c)
{
    return abs((int)((px >> 16) & 0xff) - c.r) + abs((int)((px >> 8) & 0xff) - c.g) +
           abs((int)(px & 0xff) - c.b);
}

/* a net whose boundary is the line x1 = 0 (class 1 right of it), four
 * points of which the last is on the wrong side */
static void boundary_session(struct session *S)
{
    session_init(S, tmpfile());
    char path[600];
    snprintf(path, sizeof path, "%s/scene.csv", check_tmpdir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("x1,x2,label\n-1,-1,0\n-1,1,0\n1,-1,1\n1,1,0\n", f);
    fclose(f);
    char line[640];
    snprintf(line, sizeof line, "data load %s", path);
    run(S, line);
    remove(path);
    run(S, "net 2 1 2");
    run(S, "W1 = [[1], [0]]");
    run(S, "W2 = [[-5, 5]]");
}

static void test_data_view_boundary(void **state)
{
    (void)state;
    struct session S;
    boundary_session(&S);
    struct view_state v;
    view_state_init(&v);
    v.view = VIEW_DATA;
    struct scene sc;
    scene_init(&sc);
    scene_build(&sc, &S, &v, 1200, 800);
    assert_true(sc.has_image);
    assert_close(sc.accuracy, 0.75, 0);
    assert_non_null(find_text(&sc, "accuracy 75.0 %"));
    /* the tint: class 0 left of x1 = 0, class 1 right of it, the edge at
     * the middle column (the plot is centred on the data) */
    struct rgba c0 = scene_class_color(0), c1 = scene_class_color(1);
    int res = sc.img_w, mid = res / 2;
    for (int py = 0; py < res; py += 7)
        for (int px = 0; px < res; px += 5) {
            uint32_t q = sc.pixels[(size_t)py * res + px];
            if (px < mid - 1)
                assert_true(dist(q, c0) < dist(q, c1));
            else if (px > mid + 1)
                assert_true(dist(q, c1) < dist(q, c0));
        }
    /* the image is drawn pixel for pixel: its cells, at half that size,
     * made twice as large */
    assert_int_equal(res, (int)sc.plot.side);
    assert_int_equal(res, 2 * sc.bnd.res);
    /* the edge is drawn in light ink on the dark theme; the tints are dark */
    int edges = 0;
    for (int px = 0; px < res; px++) {
        uint32_t q = sc.pixels[(size_t)(res / 3) * res + px];
        int sum = (int)((q >> 16) & 0xff) + (int)((q >> 8) & 0xff) + (int)(q & 0xff);
        if (sum > 400) {
            assert_true(abs(px - mid) <= 2);
            edges++;
        }
    }
    assert_true(edges >= 1 && edges <= 4);
    /* the points: four discs of the class colours; one ring in the ink
     * colour (the wrong one), the others in the background colour */
    int pts0 = 0, pts1 = 0, rings = 0;
    for (int k = 0; k < sc.n_items; k++) {
        const struct item *it = &sc.items[k];
        if (it->kind != ITEM_DISC || it->x < sc.plot.x || it->x > sc.plot.x + sc.plot.side)
            continue;
        struct rgba c = it->color;
        pts0 += c.r == c0.r && c.g == c0.g && c.b == c0.b;
        pts1 += c.r == c1.r && c.g == c1.g && c.b == c1.b;
    }
    for (int k = 0; k + 1 < sc.n_items; k++) {
        const struct item *a = &sc.items[k], *b = &sc.items[k + 1];
        if (a->kind == ITEM_DISC && b->kind == ITEM_DISC && a->x == b->x && a->y == b->y &&
            a->w > b->w && (a->color.r != sc.clear.r || a->color.g != sc.clear.g))
            rings++;
    }
    assert_int_equal(pts0, 3);
    assert_int_equal(pts1, 1);
    assert_int_equal(rings, 1);
    /* a net that does not take the data: no boundary, and it says so */
    run(&S, "net 3 2 2");
    v.gen++;
    scene_build(&sc, &S, &v, 1200, 800);
    assert_false(sc.has_image);
    assert_non_null(find_text(&sc, "does not fit"));
    scene_release(&sc);
    fclose(S.out);
    session_release(&S);
}

/* train shows its progress: the curve grows in S->curve while it runs, and
 * the hook sees consistent, finite numbers */
static int busy_calls;
static int busy_rows[4096];
static struct session *busy_S;

static void on_busy(void *ud, long done, long total)
{
    (void)ud;
    assert_true(done >= 1 && done <= total);
    const tensor *cv = &busy_S->curve;
    assert_true(cv->rows >= 1 && isfinite(T_AT(cv, cv->rows - 1, 1)));
    assert_true(T_AT(cv, cv->rows - 1, 0) < (double)done);
    if (busy_calls < 4096)
        busy_rows[busy_calls] = cv->rows;
    busy_calls++;
}

/* words (res x res over plot) against the net run at every pixel: the
 * classes all the same; the sureness, interpolated away from the
 * boundary, within a few steps */
static void check_words(const struct net *nt, const double plot[3], int res, const uint32_t *words)
{
    tensor grid = TENSOR_INIT, probs = TENSOR_INIT;
    assert_int_equal(tensor_init(&grid, res, 2), 0);
    int K = nt->n_out, wrong = 0, classes_seen = 0, seen[256] = { 0 };
    double worst_sure = 0;
    for (int py = 0; py < res; py++) {
        for (int px = 0; px < res; px++) {
            T_AT(&grid, px, 0) = plot[0] + plot[2] * (px + 0.5) / res;
            T_AT(&grid, px, 1) = plot[1] + plot[2] * (1.0 - (py + 0.5) / res);
        }
        assert_int_equal(net_predict(nt, &grid, &probs), 0);
        for (int px = 0; px < res; px++) {
            const double *p = probs.data + (size_t)px * K;
            int k = 0;
            for (int j = 1; j < K; j++)
                if (p[j] > p[k])
                    k = j;
            double sure = (p[k] - 1.0 / K) / (1.0 - 1.0 / K) * 255;
            uint32_t w = words[(size_t)py * res + px];
            wrong += (int)(w & 0xff) != k;
            if (!seen[k]++)
                classes_seen++;
            worst_sure = fmax(worst_sure, fabs((double)((w >> 8) & 0xff) - sure));
        }
    }
    assert_int_equal(wrong, 0);
    assert_true(classes_seen >= 2);                 /* there is a boundary to find */
    /* of 255: the tint's strength is 0.10 + 0.32 sure, so 12 moves a colour
     * channel by at most 4 of 255 */
    assert_true(worst_sure <= 12.0);
    tensor_release(&grid);
    tensor_release(&probs);
}

/* the boundary image's words of S's net over a fixed square */
static void check_boundary_words(struct session *S, int res)
{
    const double plot[3] = { -2.0, -1.5, 4.0 };
    uint32_t *words = malloc((size_t)res * res * sizeof *words);
    assert_non_null(words);
    assert_int_equal(scene_boundary_words(&S->net, plot, res, words), 0);
    check_words(&S->net, plot, res, words);
    free(words);
}

/* the tutorial's moons and 2-3-2 net, trained for passes */
static void trained_moons(struct session *S, int passes)
{
    session_init(S, tmpfile());
    run(S, "seed 0");
    run(S, "data moons 200 noise=0.2");
    run(S, "net 2 3 2");
    char line[80];
    snprintf(line, sizeof line, "train %d lr=0.01 reg=0.01 every=0", passes);
    run(S, line);
}

/* a colour from a towards b by t, as the data view mixes its tints */
static uint32_t mix(struct rgba a, struct rgba b, double t)
{
    return 0xff000000u | (uint32_t)lround(a.r + (b.r - a.r) * t) << 16 |
           (uint32_t)lround(a.g + (b.g - a.g) * t) << 8 | (uint32_t)lround(a.b + (b.b - a.b) * t);
}

/* the data view's scene against what it must show, computed here: the
 * words it keeps are the net's over the plot it drew, at half the plot's
 * side; the image is drawn pixel for pixel, and is their colours in the
 * theme th (the class's tint by its sureness, ink where the right or
 * lower neighbour's class differs) made twice as large (while training,
 * from a quarter of the side, twice so) */
static void check_data_image(const struct scene *sc, const struct net *nt, int th)
{
    int res = sc->bnd.res, side = (int)sc->plot.side;
    assert_true(sc->has_image);
    assert_true(side == 2 * res || side == 4 * res);      /* a quarter while training */
    assert_int_equal(sc->img_w, side);
    assert_int_equal(sc->img_h, side);
    const double plot[3] = { sc->plot.x0, sc->plot.y0, sc->plot.span };
    check_words(nt, plot, res, sc->bnd.words);
    const struct theme_colors *t = theme_colors_of(th);
    uint32_t *col = malloc((size_t)res * res * sizeof *col), *big = malloc((size_t)side * side * sizeof *big);
    assert_non_null(col);
    assert_non_null(big);
    const uint32_t *w = sc->bnd.words;
    for (int y = 0; y < res; y++)
        for (int x = 0; x < res; x++) {
            uint32_t q = w[y * res + x], k = q & 0xff;
            int edge = (x + 1 < res && (w[y * res + x + 1] & 0xff) != k) ||
                       (y + 1 < res && (w[(y + 1) * res + x] & 0xff) != k);
            col[y * res + x] = edge ? mix(t->bg, t->fg, 0.75)
                                    : mix(t->bg, scene_class_color((int)k), 0.10 + 0.32 * (((q >> 8) & 0xff) / 255.0));
        }
    if (side == 4 * res) {
        uint32_t *half = malloc((size_t)4 * res * res * sizeof *half);
        assert_non_null(half);
        upscale2_plain(col, res, res, half);
        upscale2_plain(half, 2 * res, 2 * res, big);
        free(half);
    } else {
        upscale2_plain(col, res, res, big);
    }
    assert_memory_equal(sc->pixels, big, (size_t)side * side * sizeof *big);
    free(col);
    free(big);
}

/* a data point that is at no end of either feature's range: moving it
 * within the ranges leaves the plot as it is */
static int inner_point(const struct dataset *d)
{
    for (int i = 0; i < d->X.rows; i++) {
        int inner = 1;
        for (int f = 0; f < 2; f++) {
            int below = 0, above = 0;
            for (int j = 0; j < d->X.rows; j++) {
                below += T_AT(&d->X, j, f) < T_AT(&d->X, i, f);
                above += T_AT(&d->X, j, f) > T_AT(&d->X, i, f);
            }
            inner &= below > 0 && above > 0;
        }
        if (inner)
            return i;
    }
    return -1;
}

/* The data view keeps the boundary's words while the net and the plot
 * stay, and makes them again when either changes: each parameter, the
 * activation, the plot (a point moved past the data's ends), the size;
 * the theme colours them again from the words kept, as does the image
 * after the other view drew its own; while training, at a quarter of the
 * side, doubled twice. Every time, what it shows is checked
 * against the net run here and the colours mixed here. */
static void test_data_view_boundary_kept(void **state)
{
    (void)state;
    struct session S;
    trained_moons(&S, 500);
    struct view_state v;
    view_state_init(&v);
    v.view = VIEW_DATA;
    struct scene sc;
    scene_init(&sc);
    scene_build(&sc, &S, &v, 1200, 800);
    check_data_image(&sc, &S.net, v.theme);
    unsigned made = sc.bnd.made, img = sc.img_gen;
    assert_int_equal(made, 1);

    /* a change elsewhere, and a point moved within the plot (to the
     * middle): the same words and image; the point's prediction new */
    v.gen++;
    scene_build(&sc, &S, &v, 1200, 800);
    assert_int_equal(sc.bnd.made, made);
    assert_int_equal(sc.img_gen, img);
    int i = inner_point(&S.data);
    assert_true(i >= 0);
    float px = sc.plot.x, side = sc.plot.side;
    char line[200];
    for (int pass = 0; pass < 2; pass++) {
        double x = sc.plot.x0 + sc.plot.span * (pass ? 0.3 : 0.7), y = sc.plot.y0 + sc.plot.span * 0.5;
        snprintf(line, sizeof line, "data move %d %.17g %.17g", i, x, y);
        run(&S, line);
        v.gen++;
        scene_build(&sc, &S, &v, 1200, 800);
        assert_int_equal(sc.bnd.made, made);
        assert_int_equal(sc.img_gen, img);
        assert_true(sc.plot.x == px && sc.plot.side == side);
        tensor pt = TENSOR_INIT, probs = TENSOR_INIT;
        assert_int_equal(tensor_init(&pt, 1, 2), 0);
        pt.data[0] = x;
        pt.data[1] = y;
        assert_int_equal(net_predict(&S.net, &pt, &probs), 0);
        assert_int_equal(sc.pred[i], probs.data[1] > probs.data[0]);
        tensor_release(&pt);
        tensor_release(&probs);
    }
    check_data_image(&sc, &S.net, v.theme);

    /* each parameter of the net */
    const char *const entries[] = { "W1[0][1]", "b1[2]", "W2[1][0]", "b2[1]" };
    for (int k = 0; k < 4; k++) {
        snprintf(line, sizeof line, "%s = 0.75", entries[k]);
        run(&S, line);
        v.gen++;
        scene_build(&sc, &S, &v, 1200, 800);
        assert_int_equal(sc.bnd.made, ++made);
        assert_true(sc.img_gen != img);
        img = sc.img_gen;
        check_data_image(&sc, &S.net, v.theme);
    }
    /* the activation alone */
    S.net.act = ACT_SIGMOID;
    v.gen++;
    scene_build(&sc, &S, &v, 1200, 800);
    assert_int_equal(sc.bnd.made, ++made);
    check_data_image(&sc, &S.net, v.theme);
    img = sc.img_gen;

    /* the theme: the same words, coloured again */
    v.theme = THEME_LIGHT;
    scene_build(&sc, &S, &v, 1200, 800);
    assert_int_equal(sc.bnd.made, made);
    assert_true(sc.img_gen != img);
    check_data_image(&sc, &S.net, v.theme);
    img = sc.img_gen;

    /* the image drawn over by the other view: coloured again */
    sc.img_key_view = VIEW_JACOBIAN;
    memset(sc.pixels, 0, (size_t)sc.img_w * sc.img_h * sizeof *sc.pixels);
    scene_build(&sc, &S, &v, 1200, 800);
    assert_int_equal(sc.bnd.made, made);
    assert_true(sc.img_gen != img);
    check_data_image(&sc, &S.net, v.theme);

    /* the plot: a point moved past the data's right end */
    snprintf(line, sizeof line, "data move %d %.17g 0", i, sc.plot.x0 + sc.plot.span * 2);
    run(&S, line);
    v.gen++;
    double span = sc.plot.span;
    scene_build(&sc, &S, &v, 1200, 800);
    assert_true(sc.plot.span != span);
    assert_int_equal(sc.bnd.made, ++made);
    check_data_image(&sc, &S.net, v.theme);

    /* another size */
    scene_build(&sc, &S, &v, 1500, 900);
    assert_int_equal(sc.bnd.made, ++made);
    check_data_image(&sc, &S.net, v.theme);

    /* training: half as many cells, doubled twice */
    v.busy = 1;
    v.gen++;
    scene_build(&sc, &S, &v, 1500, 900);
    assert_int_equal(sc.bnd.made, ++made);
    assert_int_equal(sc.bnd.res * 4, (int)sc.plot.side);
    check_data_image(&sc, &S.net, v.theme);

    scene_release(&sc);
    fclose(S.out);
    session_release(&S);
}

static void test_boundary_words_match_the_net(void **state)
{
    (void)state;
    struct session S;
    /* the tutorial's net after some training: a curved boundary */
    trained_moons(&S, 3000);
    check_boundary_words(&S, 300);
    check_boundary_words(&S, 97);                   /* res - 1 not a multiple of the grid step */
    /* a wide random net with three classes: several boundaries */
    run(&S, "seed 3");
    run(&S, "net 2 64 3");
    check_boundary_words(&S, 256);
    session_release(&S);
}

static void test_train_curve_grows(void **state)
{
    (void)state;
    struct session S;
    session_init(&S, tmpfile());
    busy_S = &S;
    S.fe.busy = on_busy;
    run(&S, "seed 0; data moons 200 noise=0.2; net 2 3 2");
    run(&S, "train 2000 lr=0.01 reg=0.01");
    assert_true(busy_calls >= 100);
    for (int k = 1; k < busy_calls && k < 4096; k++)
        assert_true(busy_rows[k] >= busy_rows[k - 1]);
    assert_true(busy_rows[busy_calls - 1] > busy_rows[0]);
    /* in the end: every 5th pass (2000/500 + 1) and the last */
    assert_int_equal(S.curve.rows, 401);
    assert_close(T_AT(&S.curve, S.curve.rows - 1, 0), 1999, 0);
    /* a run that ends in a 2-cycle says so under the curve, with the two
     * losses it alternates between (the classic tutorial's, after 20000
     * passes in all: README, Data and training); this one did not */
    struct view_state v;
    view_state_init(&v);
    v.view = VIEW_DATA;
    struct scene sc;
    scene_init(&sc);
    assert_false(S.has_cycle);
    scene_build(&sc, &S, &v, 1280, 800);
    assert_non_null(find_text(&sc, "Loss curve"));
    assert_null(find_text(&sc, "2-cycle"));
    S.fe.busy = NULL;
    assert_int_equal(undo_init(&S), 0);
    run(&S, "train 18000");
    assert_true(S.has_cycle);
    assert_close(S.cycle[0], 0.070758, 5e-7);
    assert_close(S.cycle[1], 0.071316, 5e-7);
    scene_build(&sc, &S, &v, 1280, 800);
    /* with the decimals that tell them apart (both are 0.071 at 3) */
    assert_non_null(find_text(&sc, "alternating 0.0708 / 0.0713: a 2-cycle"));
    /* undo puts back the first run's curve, which did not end so */
    run(&S, "undo");
    scene_build(&sc, &S, &v, 1280, 800);
    assert_non_null(find_text(&sc, "Loss curve"));
    assert_null(find_text(&sc, "2-cycle"));
    scene_release(&sc);
    undo_free(&S);
    fclose(S.out);
    session_release(&S);
}

/* a lesson's narration reaches the window: the band shows its title and
 * the latest narration, and a right answer; it goes when the lesson is left */
static void typed(struct session *S, const char *line)
{
    if (typed_run(S, line) < 0)
        fail_msg("'%s': %s", line, S->err);
}

/* a session with a window's view state, playing the lesson text */
static void band_lesson(struct session *S, struct view_state *v, const char *text)
{
    session_init(S, tmpfile());
    S->run = command_run;
    view_state_init(v);
    S->view = v;
    char path[600];
    snprintf(path, sizeof path, "%s/band.lesson", check_tmpdir());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    char line[640];
    snprintf(line, sizeof line, "lesson %s", path);
    setenv("XDG_STATE_HOME", check_tmpdir(), 1);    /* the progress file */
    typed(S, line);
    remove(path);
}

static void test_lesson_band(void **state)
{
    (void)state;
    struct session S;
    struct view_state v;
    band_lesson(&S, &v, "title: Band test\nsay: The softmax of 2 1 0.1.\nrun: logits 2 1 0.1\n"
                "ask: What is s0?\nanswer: 0.659\npause\nsay: Well done.\npause\nsay: The end.\n");
    struct lesson_caption cap;
    assert_true(lesson_caption(&S, &cap));
    assert_true(cap.active);
    assert_string_equal(cap.text, "The softmax of 2 1 0.1.\nQuestion: What is s0?");
    assert_string_equal(cap.title, "Band test  \xc2\xb7  1/4");
    struct scene sc;
    scene_init(&sc);
    scene_build(&sc, &S, &v, 1280, 800);
    assert_non_null(find_text(&sc, "The softmax of 2 1 0.1."));       /* the whole part */
    assert_non_null(find_text(&sc, "Question: What is s0?"));
    assert_non_null(find_text(&sc, "Band test"));
    assert_non_null(find_text(&sc, "1/4"));                  /* the part, at the right */
    typed(&S, "0.5");
    scene_build(&sc, &S, &v, 1280, 800);
    assert_non_null(find_text(&sc, "Not quite, try again."));         /* the class sees the verdict */
    typed(&S, "0.659");
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "Right: 0.659.");                   /* ... and the answer */
    typed(&S, "next");
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "Well done.");
    typed(&S, "next");
    scene_build(&sc, &S, &v, 1280, 800);
    assert_non_null(find_text(&sc, "The end."));                      /* the last words stay */
    assert_non_null(find_text(&sc, "End of the lesson."));
    typed(&S, "quit");
    assert_false(lesson_caption(&S, &cap));
    assert_false(cap.active);
    scene_build(&sc, &S, &v, 1280, 800);
    assert_null(find_text(&sc, "The end."));                          /* the band is gone */
    scene_release(&sc);
    fclose(S.out);
    session_release(&S);
}

/* ---- the diagnosis view -------------------------------------------- */

static int count_frames(const struct scene *sc, struct rgba c)
{
    int n = 0;
    for (int k = 0; k < sc->n_items; k++)
        if (sc->items[k].kind == ITEM_FRAME && sc->items[k].color.r == c.r && sc->items[k].color.g == c.g &&
            sc->items[k].color.b == c.b)
            n++;
    return n;
}

/* yours and the right values side by side on one scale, the entries that
 * differ framed, the mistake named below; "right" when right */
static void test_diagnose_view(void **state)
{
    (void)state;
    struct session S;
    session_init(&S, tmpfile());
    struct view_state v;
    view_state_init(&v);
    v.view = VIEW_DIAGNOSE;
    struct scene sc;
    scene_init(&sc);
    scene_build(&sc, &S, &v, 1280, 800);
    assert_non_null(find_text(&sc, "no diagnosis yet"));
    run(&S, "seed 0");
    run(&S, "net 2 3 2");
    run(&S, "x = [[0.5, -1.2], [1.0, 0.3], [-0.7, 0.8]]; y = [1, 0, 1]");
    /* the tanh gate forgotten: every entry differs */
    run(&S, "diagnose dW1 = array([[-0.5028856 ,  0.23459292,  0.59820998], "
            "[ 0.01926497, -0.00898698, -0.02291673]])");
    const int sizes[][2] = { { 1280, 800 }, { 1920, 1080 }, { 1024, 768 } };
    for (int k = 0; k < 3; k++) {
        scene_build(&sc, &S, &v, sizes[k][0], sizes[k][1]);
        assert_false(sc.overflow);
        assert_non_null(find_text(&sc, "the mistake: gate"));
        assert_non_null(find_text(&sc, "\xe2\x88\x92" "0.503"));     /* yours */
        assert_non_null(find_text(&sc, "\xe2\x88\x92" "0.261"));     /* right */
        assert_non_null(find_text(&sc, "+0.598"));                      /* the one scale */
        assert_int_equal(count_frames(&sc, theme_colors_of(v.theme)->accent), 6);
        assert_texts_inside_and_apart(&sc);
    }
    /* the same colour for the same number in both */
    run(&S, "diagnose dW1 = array([[-0.26072247,  0.15379068,  0.39131937], "
            "[ 0.21441231, -0.03135406,  0.01395036]])");
    scene_build(&sc, &S, &v, 1280, 800);
    assert_non_null(find_text(&sc, "right: every entry agrees"));
    assert_int_equal(count_frames(&sc, theme_colors_of(v.theme)->accent), 0);
    /* lesson 10's last part: a vector where J is 3x3; the right J is
     * drawn beside it (not said in words), each titled with its shape,
     * at a screen's size and on a projector */
    run(&S, "logits 2 1 0.1; diagnose J = [-0.0659, -0.0242, -0.0099]");
    for (int present = 0; present <= 1; present++) {
        v.present = present;
        v.theme = present ? THEME_PROJECTOR : THEME_DARK;
        scene_build(&sc, &S, &v, present ? 1920 : 1280, present ? 1080 : 800);
        assert_null(find_text(&sc, "another shape"));
        assert_non_null(find_text(&sc, "yours, 1\xc3\x97" "3"));
        assert_non_null(find_text(&sc, "right, 3\xc3\x97" "3"));
        static const char *const j[] = { "0.225", "0.184", "0.089", "\xe2\x88\x92" "0.160",
                                         "\xe2\x88\x92" "0.065", "\xe2\x88\x92" "0.066" };
        for (int k = 0; k < 6; k++)
            assert_non_null(find_text(&sc, j[k]));
        assert_non_null(find_text(&sc, "+0.225"));                      /* the one scale: J's largest */
        assert_int_equal(count_frames(&sc, theme_colors_of(v.theme)->accent), 3);
        assert_texts_inside_and_apart(&sc);
    }
    scene_release(&sc);
    fclose(S.out);
    session_release(&S);
}

/* a long part is paged: Space turns the page first, then goes on; at a
 * question, the first Space says how to skip it and the second skips */

/* the band's texts joined by spaces */
static const char *band_text(const struct scene *sc)
{
    static char buf[4096];
    size_t n = 0;
    buf[0] = '\0';
    for (int k = sc->band_first; k < sc->n_items; k++)
        if (sc->items[k].kind == ITEM_TEXT && n + strlen(sc->items[k].text) + 2 < sizeof buf)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s ", sc->items[k].text);
    return buf;
}

static int band_lines(const struct scene *sc)
{
    int n = 0;
    for (int k = sc->band_first; k < sc->n_items; k++)
        n += sc->items[k].kind == ITEM_TEXT;
    return n;
}

static void space(struct view_state *v, const struct scene *sc, struct session *S, const char *want)
{
    const struct key_binding *b = keys_find(KEY_SPACE, 0);
    char line[64];
    v->lesson_active = lesson_active(S);
    if (keys_lesson(b, v, sc)) {
        assert_null(want);
        return;
    }
    assert_true(keys_line(b, v, line, sizeof line));
    assert_non_null(want);
    assert_string_equal(line, want);
    typed(S, line);
}

static void test_lesson_band_pages(void **state)
{
    (void)state;
    char text[2048] = "title: Pages\n";
    for (int k = 0; k < 12; k++)
        snprintf(text + strlen(text), sizeof text - strlen(text),
                 "say: Paragraph %d of a long part, long enough to fill most of a line of the band.\n", k);
    snprintf(text + strlen(text), sizeof text - strlen(text),
             "pause\nsay: Short.\nask: What is 1 + 1?\nanswer: 2\nhint: Count.\nsay: After.\n");
    struct session S;
    struct view_state v;
    band_lesson(&S, &v, text);
    struct scene sc;
    scene_init(&sc);
    scene_build(&sc, &S, &v, 1280, 800);
    int pages = sc.band_pages;
    assert_true(pages >= 3);
    assert_int_equal(sc.band_page, 0);
    assert_non_null(find_text(&sc, "Paragraph 0 "));
    assert_null(find_text(&sc, "Paragraph 11 "));
    assert_non_null(find_text(&sc, "page 1/"));
    assert_true(band_lines(&sc) <= 3 + 3);                /* title, part, page; a page of lines */
    /* Space turns the pages, then goes on */
    for (int p = 1; p < pages; p++) {
        space(&v, &sc, &S, NULL);
        scene_build(&sc, &S, &v, 1280, 800);
        assert_int_equal(sc.band_page, p);
    }
    assert_non_null(find_text(&sc, "Paragraph 11 "));
    assert_null(find_text(&sc, "Paragraph 0 "));
    space(&v, &sc, &S, "next");
    scene_build(&sc, &S, &v, 1280, 800);
    assert_int_equal(sc.band_page, 0);                    /* a new part, from its first page */
    assert_int_equal(sc.band_pages, 1);
    assert_true(sc.band_question);
    /* at the question: Space says how to skip, then skips */
    space(&v, &sc, &S, NULL);
    scene_build(&sc, &S, &v, 1280, 800);
    assert_non_null(strstr(band_text(&sc), "press Space again to skip it"));
    assert_true(lesson_at_question(&S));
    /* a wrong answer in between: Space says it again */
    typed(&S, "3");
    scene_build(&sc, &S, &v, 1280, 800);
    assert_non_null(strstr(band_text(&sc), "Not quite, try again. Hint: Count."));
    assert_null(strstr(band_text(&sc), "press Space again to skip it"));
    space(&v, &sc, &S, NULL);
    scene_build(&sc, &S, &v, 1280, 800);
    assert_non_null(strstr(band_text(&sc), "press Space again to skip it"));
    space(&v, &sc, &S, "next");
    assert_false(lesson_at_question(&S));
    scene_build(&sc, &S, &v, 1280, 800);
    assert_non_null(find_text(&sc, "Skipped; the answer was 2."));
    assert_non_null(find_text(&sc, "After."));
    scene_release(&sc);
    lesson_stop(&S);
    fclose(S.out);
    session_release(&S);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_colormap_known_values),
        cmocka_unit_test(test_colormap_monotonic_red_and_blue),
        cmocka_unit_test(test_edge_width_and_colour),
        cmocka_unit_test(test_numbers_and_formulas),
        cmocka_unit_test(test_jacobian_layout),
        cmocka_unit_test(test_large_n_is_one_image),
        cmocka_unit_test(test_heat_image_is_the_block_extremes),
        cmocka_unit_test(test_heat_image_one_pixel_per_entry),
        cmocka_unit_test(test_flow_layout),
        cmocka_unit_test(test_empty_session),
        cmocka_unit_test(test_data_view_boundary),
        cmocka_unit_test(test_boundary_words_match_the_net),
        cmocka_unit_test(test_data_view_boundary_kept),
        cmocka_unit_test(test_train_curve_grows),
        cmocka_unit_test(test_lesson_band),
        cmocka_unit_test(test_diagnose_view),
        cmocka_unit_test(test_lesson_band_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
