/* test_palette: every theme's colours read, for normal colour vision and
 * under simulated protanopia, deuteranopia and tritanopia.
 *
 * The simulation is Machado, Oliveira and Fernandes (2009), "A
 * Physiologically-based Model for Simulation of Color Vision Deficiency",
 * IEEE Transactions on Visualization and Computer Graphics 15(6),
 * 1291-1298: for each dichromacy at severity 1.0 a 3x3 matrix applied to
 * linear sRGB (the authors' precomputed matrices, as published with the
 * paper and in G. M. Machado's thesis, 2010). The result is clamped to
 * [0, 1].
 *
 * The thresholds, and why:
 * - text: WCAG 2.1's contrast ratio (relative luminance, 1.4.3 and 1.4.6):
 *   body text (fg) 7:1 on the background and the panels (AAA); dim text
 *   and the accent, which the captions use for text, 4.5:1 (AA); text on
 *   the accent 4.5:1.
 * - graphics (bars, the strongest edges) 3:1 against what they are drawn
 *   on (WCAG 1.4.11, non-text contrast); the values written in heatmap
 *   cells 3:1 (WCAG's ratio for large text: cell values are the data's
 *   labels, drawn over any colour of the map).
 * - colours that must be told apart at a glance (an edge's sign, the two
 *   ends of the heatmap, the first three classes: every data set of the
 *   lessons has at most three): a CIE76 difference of 20 or more in
 *   CIELAB (D65), about nine just-noticeable differences (2.3 each, Sharma
 *   2003) - far from a near miss.
 * - the edges: contrast with the background grows with |w| (the strongest
 *   weights stand out most), checked at 21 steps. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include "draw.h"
#include "scene.h"

enum { NORMAL, PROTAN, DEUTAN, TRITAN, VISIONS };
static const char *const vision_names[VISIONS] = { "normal", "protanopia", "deuteranopia", "tritanopia" };
static const double machado[VISIONS][3][3] = {
    { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } },
    { { 0.152286, 1.052583, -0.204868 }, { 0.114503, 0.786281, 0.099216 }, { -0.003882, -0.048116, 1.051998 } },
    { { 0.367322, 0.860646, -0.227968 }, { 0.280085, 0.672501, 0.047413 }, { -0.011820, 0.042940, 0.968881 } },
    { { 1.255528, -0.076749, -0.178779 }, { -0.078411, 0.930809, 0.147602 }, { 0.004733, 0.691367, 0.303900 } },
};

/* c as seen with vision v: linear sRGB */
static void seen(struct rgba c, int v, double out[3])
{
    const uint8_t ch[3] = { c.r, c.g, c.b };
    double lin[3];
    for (int k = 0; k < 3; k++) {
        double x = ch[k] / 255.0;
        lin[k] = x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4);
    }
    for (int i = 0; i < 3; i++) {
        double s = 0;
        for (int j = 0; j < 3; j++)
            s += machado[v][i][j] * lin[j];
        out[i] = s < 0 ? 0 : s > 1 ? 1 : s;
    }
}

static double lum(const double l[3])
{
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

/* WCAG 2.1 contrast ratio of a and b seen with vision v */
static double contrast(struct rgba a, struct rgba b, int v)
{
    double la[3], lb[3];
    seen(a, v, la);
    seen(b, v, lb);
    double ya = lum(la), yb = lum(lb);
    return (fmax(ya, yb) + 0.05) / (fmin(ya, yb) + 0.05);
}

static void lab(const double l[3], double out[3])
{
    double X = 0.4124 * l[0] + 0.3576 * l[1] + 0.1805 * l[2];
    double Y = 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
    double Z = 0.0193 * l[0] + 0.1192 * l[1] + 0.9505 * l[2];
    double t[3] = { X / 0.95047, Y, Z / 1.08883 };
    for (int k = 0; k < 3; k++)
        t[k] = t[k] > 216.0 / 24389 ? cbrt(t[k]) : (24389.0 / 27 * t[k] + 16) / 116;
    out[0] = 116 * t[1] - 16;
    out[1] = 500 * (t[0] - t[1]);
    out[2] = 200 * (t[1] - t[2]);
}

/* CIE76 colour difference of a and b seen with vision v */
static double delta_e(struct rgba a, struct rgba b, int v)
{
    double la[3], lb[3], A[3], B[3];
    seen(a, v, la);
    seen(b, v, lb);
    lab(la, A);
    lab(lb, B);
    return sqrt((A[0] - B[0]) * (A[0] - B[0]) + (A[1] - B[1]) * (A[1] - B[1]) + (A[2] - B[2]) * (A[2] - B[2]));
}

static int failures;

static void want(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void want(int ok, const char *fmt, ...)
{
    if (ok)
        return;
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    failures++;
}

static void test_text_contrast(void **state)
{
    (void)state;
    failures = 0;
    for (int th = 0; th < THEME_COUNT; th++)
        for (int v = 0; v < VISIONS; v++) {
            const struct theme_colors *t = theme_colors_of(th);
            const char *tn = theme_names[th], *vn = vision_names[v];
            struct { struct rgba a, b; double min; const char *what; } pairs[] = {
                { t->fg, t->bg, 7, "text on the background" },
                { t->fg, t->panel, 7, "text on a panel" },
                { t->dim, t->bg, 4.5, "dim text" },
                { t->dim, t->panel, 4.5, "dim text on a panel" },
                { t->accent, t->bg, 4.5, "accent text" },
                { t->accent_fg, t->accent, 4.5, "text on the accent" },
                { t->bar_z, t->panel, 3, "z's bars" },
                { t->bar_s, t->panel, 3, "s's bars" },
            };
            for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
                double c = contrast(pairs[k].a, pairs[k].b, v);
                want(c >= pairs[k].min, "%s, %s: %s %.2f < %.1f", tn, vn, pairs[k].what, c, pairs[k].min);
            }
        }
    assert_int_equal(failures, 0);
}

/* the strongest edges contrast most, and their signs stay apart */
static void test_edges(void **state)
{
    (void)state;
    failures = 0;
    for (int th = 0; th < THEME_COUNT; th++)
        for (int v = 0; v < VISIONS; v++) {
            const struct theme_colors *t = theme_colors_of(th);
            const char *tn = theme_names[th], *vn = vision_names[v];
            for (int sign = -1; sign <= 1; sign += 2) {
                double last = 0;
                for (int k = 1; k <= 20; k++) {
                    double c = contrast(scene_edge_color(th, sign * k / 20.0, 1.0), t->bg, v);
                    want(c >= last - 1e-9, "%s, %s: an edge of weight %+.2f contrasts less (%.2f) than a lighter "
                         "one (%.2f)", tn, vn, sign * k / 20.0, c, last);
                    last = c;
                }
                want(last >= 3, "%s, %s: the strongest %s edge contrasts %.2f < 3 with the background", tn, vn,
                     sign > 0 ? "positive" : "negative", last);
            }
            double d = delta_e(scene_edge_color(th, 1, 1), scene_edge_color(th, -1, 1), v);
            want(d >= 20, "%s, %s: the strongest positive and negative edges are %.1f apart < 20", tn, vn, d);
            /* widths grow with |w| too */
            want(scene_edge_width(0.9, 1, 1) > scene_edge_width(0.5, 1, 1), "edge width does not grow");
        }
    assert_int_equal(failures, 0);
}

/* the heatmap's two ends stay apart; every cell's value is legible */
static void test_heatmap(void **state)
{
    (void)state;
    failures = 0;
    for (int v = 0; v < VISIONS; v++) {
        const char *vn = vision_names[v];
        double d = delta_e(colormap_rgba(1, 1), colormap_rgba(-1, 1), v);
        want(d >= 20, "%s: the map's ends are %.1f apart < 20", vn, d);
        for (int k = 0; k < 256; k++) {
            struct rgba cell = colormap_at(k / 255.0);
            double c = contrast(theme_ink_on(cell), cell, v);
            want(c >= 3, "%s: a value on the map's colour %d/255 (#%02x%02x%02x) contrasts %.2f < 3", vn, k,
                 cell.r, cell.g, cell.b, c);
        }
    }
    assert_int_equal(failures, 0);
}

/* the first three classes (every data set of the lessons) stay apart */
static void test_classes(void **state)
{
    (void)state;
    failures = 0;
    for (int v = 0; v < VISIONS; v++)
        for (int a = 0; a < 3; a++)
            for (int b = a + 1; b < 3; b++) {
                double d = delta_e(scene_class_color(a), scene_class_color(b), v);
                want(d >= 20, "%s: classes %d and %d are %.1f apart < 20", vision_names[v], a, b, d);
            }
    assert_int_equal(failures, 0);
}

/* the simulation itself: a protanope cannot tell red-green confusion
 * colours apart, and grey stays grey (rows of each matrix sum to 1) */
static void test_simulation(void **state)
{
    (void)state;
    for (int v = 0; v < VISIONS; v++)
        for (int i = 0; i < 3; i++)
            assert_true(fabs(machado[v][i][0] + machado[v][i][1] + machado[v][i][2] - 1) < 1e-5);
    struct rgba red = { 0xd0, 0x50, 0x30, 255 }, olive = { 0x8a, 0x78, 0x30, 255 };
    assert_true(delta_e(red, olive, NORMAL) > 25);
    assert_true(delta_e(red, olive, PROTAN) < delta_e(red, olive, NORMAL) / 2);
    struct rgba grey = { 0x80, 0x80, 0x80, 255 };
    for (int v = 0; v < VISIONS; v++)
        assert_true(delta_e(grey, grey, v) == 0 && contrast(grey, grey, v) == 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simulation),
        cmocka_unit_test(test_text_contrast),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_heatmap),
        cmocka_unit_test(test_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
