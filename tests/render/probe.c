/* probe: render tests and benchmarks for the window, without the REPL.
 *
 *   probe snap OUT.png jacobian|flow W H [THEME] [n]   render a snapshot of a
 *        hand-built session (logits 2 1 0.1, or n random logits; a 2-3-2 net
 *        stepped to delta2 for flow)
 *   probe check FILE.png W H [THEME]    pixel checks of a Jacobian snapshot of
 *        logits 2 1 0.1 (from the real program or from snap); prints
 *        "ok ..." / "FAIL ..." lines and exits 1 on a failure
 *   probe keys                          the renderer's map of SDL's keys against
 *        the key table (keys.h): SDL's name of each key is the table's name of
 *        its code, and every binding's key is mapped
 *   probe scene VIEW N [H [REPS]]       the scene alone (no SDL drawing) of
 *        the bench's session for VIEW at size N, built 5 x REPS times: for
 *        profiling
 *   probe crop                          text textures cropped to their ink
 *        change no pixel: every view's picture, cropped and whole
 *   probe direct                        shapes drawn straight into a software
 *        target's surface change no pixel: every view's picture both ways
 *   probe edges                         the same for shapes at and past the
 *        edges of small frames (1x1 up), with and without alpha
 *   probe same A.png B.png              two pictures have the same pixels
 *   probe overflow                      a frame with more texts and disc sizes
 *        than the window keeps: drawn directly, the same pixels as SDL's
 *   probe triangles                     render_soft.c's triangles, drawn in
 *        bands, against SDL's software renderer, one by one
 *   probe frame OUT.png VIEW N W H THEME [KIND...]  the window's frame of the
 *        bench's session after frames of each KIND, and the same state as
 *        a snapshot (OUT.png.fresh.png): the same pixels
 *   probe renderer                      the renderer a window gets (needs a
 *        display)
 *   probe textbox                       the layout's text boxes against the
 *        rendered ink of texts at several sizes and anchors
 *   probe layout [LESSONS]              the layout test with the real font:
 *        every case of tests/unit/layout_cases.h, and every part of every
 *        lesson in LESSONS (default: lessons) played with --auto --present
 *   probe shots DIR W H [LESSONS]       a snapshot of every part of every
 *        lesson played with --auto --present: DIR/LESSON-PART.png
 *   probe grips VIEW W H SETUP          the scene of VIEW at W x H after the
 *        command line SETUP, with the real font: where the mouse takes hold of
 *        each entry ("grip NAME X Y VALUE"), the data view's points ("point I
 *        X Y") and the middle of its plot and loss curve, for the window tests
 *   probe drivers                       the video drivers SDL was built with,
 *        and those gradlab lets it choose from (render_display_drivers)
 *   probe bench                         frame times in a real window, for each
 *        view at n = 64, 1024, 4096 at 1280x800 and 3840x2160 (see
 *        do_bench); needs a display, or SDL_VIDEODRIVER=offscreen
 *   probe frames VIEW N W H KIND [REPS] frames of one kind (steady, change,
 *        drag; in the flow view drag:NAME drags an entry of NAME, W1, b1,
 *        W2, b2, x or y, in the data view one of W1, b1, W2 or b2, so that
 *        the boundary is made again) of the bench's case, for perf record
 *        (their median and least time); PROBE_THREADS=N runs the kernels
 *        on N threads (the window uses every core; probe one); PROBE_CPU=1
 *        times them in CPU time (with LP_NUM_THREADS=0: steadier when
 *        loaded) */
#include "command.h"
#include "draw.h"
#include "keys.h"
#include "layout_cases.h"
#include "render.h"
#include "render_int.h"
#include "window.h"
#include "scene.h"
#include "session.h"
#include "undo.h"
#include "files.h"
#include "platform.h"
#include "pool.h"
#include "softmax.h"
#include "data.h"
#include "rng.h"
#include "pool.h"
#include <SDL.h>
#include <SDL_image.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int failures;
static struct view_state wview;     /* the window's (window.c keeps a pointer) */

/* the renderer linked into probe, started in main */
static const struct render_api *linked(char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    return gradlab_window_api();
}

static void set_logits(struct session *S, const double *z, int n)
{
    tensor_init(&S->z, 1, n);
    tensor_init(&S->s, 1, n);
    tensor_init(&S->J, n, n);
    memcpy(S->z.data, z, (size_t)n * sizeof *z);
    softmax(S->z.data, S->s.data, n);
    softmax_jacobian(S->s.data, S->J.data, n);
    S->has_logits = 1;
}

static void make_session(struct session *S, int n)
{
    memset(S, 0, sizeof *S);
    S->out = stdout;
    if (n <= 0) {
        const double z[3] = { 2, 1, 0.1 };
        set_logits(S, z, 3);
    } else {
        double *z = malloc((size_t)n * sizeof *z);
        unsigned x = 12345;
        for (int i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            z[i] = ((x >> 8) % 10000) / 1000.0 - 5.0;
        }
        set_logits(S, z, n);
        free(z);
    }
    /* a 2-3-2 network with one example (2-H-3 with 4 examples when n > 0),
     * stepped to the stage in PROBE_STAGE (default delta2) */
    struct rng r;
    rng_seed(&r, 0);
    int H = n > 0 ? (n < 64 ? n : 64) : 3, K = n > 0 ? 3 : 2, N = n > 0 ? 4 : 1;
    if (net_init(&S->net, 2, H, K, ACT_TANH, &r) == 0) {
        tensor x = TENSOR_INIT, y = TENSOR_INIT;
        tensor_init(&x, N, 2);
        tensor_init(&y, N, K);
        x.data[0] = 0.5; x.data[1] = -1.2;
        y.data[1] = 1.0;
        for (int i = 1; i < N; i++) {
            T_AT(&x, i, 0) = 0.3 * i;
            T_AT(&x, i, 1) = 1.0 - 0.7 * i;
            T_AT(&y, i, i % K) = 1.0;
        }
        net_set_batch(&S->net, &x, &y);
        tensor_release(&x);
        tensor_release(&y);
        int target = STAGE_DELTA2;
        const char *ps = getenv("PROBE_STAGE");
        for (int k = 0; ps && k < STAGE_COUNT; k++)
            if (strcmp(ps, stage_names[k]) == 0)
                target = k;
        net_run_to(&S->net, (enum stage)target);
        S->has_net = 1;
    }
}

static void free_session(struct session *S)
{
    tensor_release(&S->z);
    tensor_release(&S->s);
    tensor_release(&S->J);
    if (S->has_net)
        net_release(&S->net);
}

static int theme_of(const char *s)
{
    for (int k = 0; k < THEME_COUNT; k++)
        if (strcmp(s, theme_names[k]) == 0)
            return k;
    return 0;
}

static void check(int cond, const char *what)
{
    printf("%s %s\n", cond ? "ok  " : "FAIL", what);
    if (!cond)
        failures++;
}

static struct rgba pixel(SDL_Surface *s, int x, int y)
{
    Uint32 p = 0;
    const Uint8 *row = (const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch;
    memcpy(&p, row + x * 4, 4);
    Uint8 r, g, b, a;
    SDL_GetRGBA(p, s->format, &r, &g, &b, &a);
    return (struct rgba){ r, g, b, a };
}

static int do_check(const char *path, int w, int h, int theme)
{
    SDL_Surface *raw = IMG_Load(path);
    if (!raw) {
        printf("FAIL cannot read %s: %s\n", path, IMG_GetError());
        return 1;
    }
    SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(raw);
    check(s && s->w == w && s->h == h, "snapshot has the requested size");
    if (!s || s->w != w || s->h != h)
        return 1;
    /* recompute the layout: scene positions do not depend on the font */
    struct session S;
    make_session(&S, 0);
    struct view_state v;
    view_state_init(&v);
    v.theme = theme;
    struct scene sc;
    scene_init(&sc);
    sc.measure = gradlab_window_api()->measure;     /* as the snapshot was laid out */
    scene_build(&sc, &S, &v, w, h);
    float hx = sc.heat.x, hy = sc.heat.y, side = sc.heat.side;
    int n = sc.heat.n;
    check(n == 3 && side > 100, "layout: a 3x3 heatmap");
    double cell = side / n;
    int diag_ok = 1, off_ok = 1;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            /* a point in the cell away from its value text and frame */
            struct rgba c = pixel(s, (int)(hx + (j + 0.2) * cell), (int)(hy + (i + 0.2) * cell));
            struct rgba want = colormap_rgba(T_AT(&S.J, i, j), 0.25);
            int close = abs(c.r - want.r) < 8 && abs(c.g - want.g) < 8 && abs(c.b - want.b) < 8;
            if (i == j)
                diag_ok &= close && c.r > c.b + 20;         /* positive: the red side */
            else
                off_ok &= close && c.b > c.r;               /* negative: the blue side */
        }
    check(diag_ok, "diagonal cells on the positive (red) side of the map");
    check(off_ok, "off-diagonal cells on the negative (blue) side of the map");
    struct rgba top = pixel(s, (int)(sc.cbar.x + sc.cbar.w / 2), (int)(sc.cbar.y + 3));
    struct rgba mid = pixel(s, (int)(sc.cbar.x + sc.cbar.w / 2), (int)(sc.cbar.y + sc.cbar.h / 2));
    struct rgba bot = pixel(s, (int)(sc.cbar.x + sc.cbar.w / 2), (int)(sc.cbar.y + sc.cbar.h - 4));
    check(top.r > 90 && top.b < 60, "colour bar: positive end at the top");
    check(bot.b > 80 && bot.r < 40, "colour bar: negative end at the bottom");
    check(mid.r > 220 && mid.g > 220 && mid.b > 220, "colour bar: neutral centre in the middle");
    struct rgba bg = pixel(s, w - 2, h - 2);
    check(abs(bg.r - sc.clear.r) < 3 && abs(bg.b - sc.clear.b) < 3, "background is the theme's");
    /* text: the title line holds many pixels far from the background */
    int ink = 0;
    for (int y = 0; y < (int)(hy * 0.5); y++)
        for (int x = 0; x < w / 2; x++) {
            struct rgba c = pixel(s, x, y);
            if (abs(c.r - bg.r) + abs(c.g - bg.g) + abs(c.b - bg.b) > 200)
                ink++;
        }
    check(ink > 500, "title text drawn");
    /* values in the cells: dark/light ink at the centre of cell (0,0) region */
    int cell_ink = 0;
    for (int y = (int)(hy + cell * 0.4); y < (int)(hy + cell * 0.6); y++)
        for (int x = (int)(hx + cell * 0.3); x < (int)(hx + cell * 0.7); x++) {
            struct rgba c = pixel(s, x, y);
            struct rgba want = colormap_rgba(T_AT(&S.J, 0, 0), 0.25);
            if (abs(c.r - want.r) + abs(c.g - want.g) + abs(c.b - want.b) > 150)
                cell_ink++;
        }
    check(cell_ink > 30, "value text drawn in a cell");
    SDL_FreeSurface(s);
    scene_release(&sc);
    free_session(&S);
    return failures ? 1 : 0;
}

/* the renderer's map of SDL's keys against the key table */
static int do_keys(void)
{
    const struct render_api *R = gradlab_window_api();
    for (int k = 0; k < R->n_keys; k++) {
        const struct render_key *rk = &R->keys[k];
        char what[160];
        int ok = rk->key > KEY_NONE && rk->key < KEY_COUNT &&
                 strcmp(SDL_GetKeyName(rk->sym), key_code_names[rk->key]) == 0;
        snprintf(what, sizeof what, "SDL's key '%s' is the table's '%s'", SDL_GetKeyName(rk->sym),
                 ok ? key_code_names[rk->key] : "?");
        check(ok, what);
        snprintf(what, sizeof what, "SDL's key '%s' has a binding", SDL_GetKeyName(rk->sym));
        check(keys_find((enum key_code)rk->key, 0) || keys_find((enum key_code)rk->key, KEYMOD_CTRL), what);
    }
    /* '?' comes as text, whatever key it sits on */
    check(strcmp(SDL_GetKeyName(SDLK_QUESTION), key_code_names[KEY_QUESTION]) == 0, "'?' is the table's '?'");
    int all = 1;
    for (int b = 0; b < n_key_bindings; b++) {
        int found = key_bindings[b].key == KEY_QUESTION;
        for (int k = 0; k < R->n_keys; k++)
            found |= R->keys[k].key == (int)key_bindings[b].key;
        if (!found)
            printf("FAIL the key '%s' of the table is not mapped\n", key_bindings[b].label);
        all &= found;
    }
    check(all, "every key of the table comes from an SDL key");
    return failures ? 1 : 0;
}

/* a session for the flow view (an n-n-n net, a batch of 4, stepped to
 * delta2) or the data view (n moons points, a 2-H-2 net); -1 when out of
 * memory */
static int make_view_session(struct session *S, enum view view, int n, int hidden)
{
    memset(S, 0, sizeof *S);
    S->out = stdout;
    struct rng r;
    rng_seed(&r, 0);
    int D = view == VIEW_FLOW ? n : 2, H = view == VIEW_FLOW ? n : hidden, K = view == VIEW_FLOW ? n : 2;
    if (net_init(&S->net, D, H, K, ACT_TANH, &r) < 0)
        return -1;
    S->has_net = 1;
    if (view == VIEW_DATA) {
        if (data_moons(&S->data, n, 0.2, &r) < 0)
            return -1;
        S->has_data = 1;
        return 0;
    }
    tensor x = TENSOR_INIT, y = TENSOR_INIT;
    int rc = -1;
    if (tensor_init(&x, 4, D) == 0 && tensor_init(&y, 4, K) == 0) {
        for (size_t i = 0; i < tensor_size(&x); i++)
            x.data[i] = rng_double(&r) * 2 - 1;
        for (int i = 0; i < 4; i++)
            T_AT(&y, i, (i * 7) % K) = 1.0;
        rc = net_set_batch(&S->net, &x, &y) < 0 || net_run_to(&S->net, STAGE_DELTA2) < 0 ? -1 : 0;
    }
    tensor_release(&x);
    tensor_release(&y);
    return rc;
}

/* PROBE_CPU=1: the process's CPU time instead (with LP_NUM_THREADS=0,
 * llvmpipe draws in this thread): steadier on a loaded machine */
static clockid_t probe_clock = CLOCK_MONOTONIC;

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(probe_clock, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *t, int n)
{
    qsort(t, (size_t)n, sizeof *t, cmp_double);
    return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* the scene alone for a changed session (no SDL): median of 7, in ms */
static double scene_ms(const struct session *S, struct view_state *v, int w, int h)
{
    struct scene sc;
    scene_init(&sc);
    double t[7];
    for (int f = 0; f < 7; f++) {
        v->gen++;
        struct timespec t0;
        clock_gettime(probe_clock, &t0);
        scene_build(&sc, S, v, w, h);
        t[f] = ms_since(&t0);
    }
    scene_release(&sc);
    return median(t, 7);
}

/* one frame of a drag, as the window's drag makes it (front/preview.c):
 * the entry's line run quietly, outside the history, then the frame drawn;
 * the time of both in ms, and of the line alone in *cmd_ms */
static double drag_frame(struct session *S, const char *line, double *cmd_ms)
{
    FILE *null = file_null_stream(), *out = S->out;
    struct timespec t0;
    clock_gettime(probe_clock, &t0);
    S->out = null ? null : out;
    S->quiet = 1;
    undo_hold(S, 1);
    if (command_run(S, line) < 0) {
        fprintf(stderr, "probe: %s: %s\n", line, S->err);
        S->err[0] = '\0';
    }
    undo_hold(S, 0);
    S->quiet = 0;
    S->out = out;
    *cmd_ms = ms_since(&t0);
    window_changed();
    window_draw_timed(S);
    double ms = ms_since(&t0);
    if (null)
        fclose(null);
    return ms;
}

/* the line of drag frame f in view: one logit, one weight, one point; in
 * the flow view an entry of what (W1, b1, W2, b2, x or y; NULL: W1), in
 * the data view an entry of the net's what (NULL: point 3 moves); -1 (said
 * on stderr) when what names nothing */
static int drag_line(enum view view, struct session *S, const char *what, int f, char *line, size_t n)
{
    if (what && strcmp(what, "y") && !net_tensor(&S->net, what)) {
        fprintf(stderr, "probe: drag:%s: no such tensor (W1, b1, W2, b2, x or y)\n", what);
        return -1;
    }
    double d = (f % 2 ? 0.01 : -0.01) * (f + 1);
    if (view == VIEW_JACOBIAN)
        snprintf(line, n, "z[2] = %.17g", S->z.data[2] + d);
    else if (view == VIEW_DATA && !what)
        snprintf(line, n, "data move 3 %.17g %.17g", T_AT(&S->data.X, 3, 0) + d, T_AT(&S->data.X, 3, 1) - d);
    else if (what && !strcmp(what, "y"))
        snprintf(line, n, "y[1] = %d", f % S->net.n_out);
    else if (what && what[0] == 'b')
        snprintf(line, n, "%s[1] = %.17g", what, T_AT(net_tensor(&S->net, what), 0, 1) + d);
    else
        snprintf(line, n, "%s[1][0] = %.17g", what ? what : "W1",
                 T_AT(net_tensor(&S->net, what ? what : "W1"), 1, 0) + d);
    return 0;
}

/* the floor of a frame: the window cleared and presented, nothing drawn */
static double floor_ms(int w, int h)
{
    struct scene sc;
    scene_init(&sc);
    sc.w = w;
    sc.h = h;
    sc.clear = (struct rgba){ 20, 22, 28, 255 };
    double t[15];
    for (int f = 0; f < 15; f++) {
        window_api()->finish();
        struct timespec t0;
        clock_gettime(probe_clock, &t0);
        window_api()->draw(&sc);
        window_api()->finish();
        t[f] = ms_since(&t0);
    }
    scene_release(&sc);
    return median(t, 15);
}

/* Frame times of every view at n = 64, 1024, 4096, in a window of
 * 1280 x 800 and of 3840 x 2160 (a 4K projector): the Jacobian of n
 * logits, the flow of an n-n-n net (every column n wide), the data view of
 * n points (moons) under the tutorial's 2-3-2 net; and the data view of 200
 * points under a wide 2-64-2 net (its boundary image is made through the
 * net). For each: the median of 30 steady frames (the mouse moves: the
 * scene is rebuilt, the images kept), of 7 frames after a change (the
 * images made again and uploaded), of 9 frames of a drag (the Jacobian:
 * z[2] changed, so s, J and the heatmap are made again; the flow: W1[1][0];
 * the data view: point 3 moved; each through the command a drag runs), and
 * of the scene alone after a change. First, at each size, the floor: a
 * frame that only clears and presents. */
static int do_bench(void)
{
    char err[256];
    struct view_state *v = &wview;
    if (window_open(err, sizeof err) != 0) {
        fprintf(stderr, "probe: %s\n", err);
        return 1;
    }
    printf("renderer: %s\n", window_api()->renderer_name());
    const struct { enum view view; int n, hidden; } cases[] = {
        { VIEW_JACOBIAN, 64, 0 }, { VIEW_JACOBIAN, 1024, 0 }, { VIEW_JACOBIAN, 4096, 0 },
        { VIEW_FLOW, 64, 0 }, { VIEW_FLOW, 1024, 0 }, { VIEW_FLOW, 4096, 0 },
        { VIEW_DATA, 64, 3 }, { VIEW_DATA, 1024, 3 }, { VIEW_DATA, 4096, 3 },
        { VIEW_DATA, 200, 64 },
    };
    const int sizes[2][2] = { { 1280, 800 }, { 3840, 2160 } };
    for (int z = 0; z < 2; z++) {
        if (window_api()->reopen(sizes[z][0], sizes[z][1], err, sizeof err) != 0) {
            fprintf(stderr, "probe: %s\n", err);
            return 1;
        }
        int w, h;
        window_api()->output_size(&w, &h);
        printf("floor size=%dx%d %.2f ms\n", w, h, floor_ms(w, h));
        for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
            struct session S;
            if (cases[k].view == VIEW_JACOBIAN)
                make_session(&S, cases[k].n);
            else if (make_view_session(&S, cases[k].view, cases[k].n, cases[k].hidden) < 0) {
                fprintf(stderr, "probe: out of memory for n = %d\n", cases[k].n);
                return 1;
            }
            S.run = command_run;
            v->view = cases[k].view;
            window_changed();
            window_draw_timed(&S);
            double steady[30], change[7], drag[9];
            for (int f = 0; f < 30; f++) {
                v->mouse_x = 100 + f * 7;
                v->mouse_y = 200 + f * 5;
                steady[f] = window_draw_timed(&S);
            }
            for (int f = 0; f < 7; f++) {
                window_changed();
                change[f] = window_draw_timed(&S);
            }
            for (int f = 0; f < 9; f++) {
                char line[200];
                double cmd;
                drag_line(cases[k].view, &S, NULL, f, line, sizeof line);
                drag[f] = drag_frame(&S, line, &cmd);
            }
            printf("view=%s n=%d net=%d-%d-%d size=%dx%d steady %.2f ms change %.2f ms drag %.2f ms "
                   "scene %.2f ms\n",
                   view_names[cases[k].view], cases[k].n, S.net.n_in, S.net.n_hidden, S.net.n_out, w, h,
                   median(steady, 30), median(change, 7), median(drag, 9), scene_ms(&S, v, w, h));
            session_release(&S);
        }
    }
    window_close();
    return 0;
}

/* the bench's session for the view named view at size n, shown in the
 * window's view; the view, or -1 when out of memory */
static int bench_session(struct session *S, const char *view, int n)
{
    enum view vw = VIEW_JACOBIAN;
    for (int k = 0; k < VIEW_COUNT; k++)
        if (!strcmp(view, view_names[k]))
            vw = (enum view)k;
    if (vw == VIEW_JACOBIAN)
        make_session(S, n);
    else if (make_view_session(S, vw, n, 3) < 0)
        return -1;
    S->run = command_run;
    wview.view = vw;
    return (int)vw;
}

/* probe frames VIEW N W H KIND [REPS]: REPS frames of one kind (steady,
 * change, drag, or drag:NAME, an entry of NAME) of the bench's session
 * for VIEW at size N in a W x H window, for perf record; prints their
 * median and least time (and for a drag those of its line alone) */
static int do_frames(const char *view, int n, int w, int h, const char *kind, int reps)
{
    char err[256];
    struct session S;
    int vw = bench_session(&S, view, n);
    if (vw < 0)
        return 1;
    if (window_open(err, sizeof err) != 0 || window_api()->reopen(w, h, err, sizeof err) != 0) {
        fprintf(stderr, "probe: %s\n", err);
        return 1;
    }
    double *t = calloc((size_t)reps + 1, sizeof *t), *cmd = calloc((size_t)reps + 1, sizeof *cmd);
    int drag = !strncmp(kind, "drag", 4);
    window_changed();
    window_draw_timed(&S);
    for (int f = 0; t && cmd && f < reps; f++) {
        char line[200];
        wview.mouse_x = 100 + f % 50 * 7;
        wview.mouse_y = 200 + f % 50 * 5;
        if (drag) {
            if (drag_line(vw, &S, kind[4] == ':' ? kind + 5 : NULL, f, line, sizeof line) < 0)
                return 1;
            t[f] = drag_frame(&S, line, &cmd[f]);
            continue;
        }
        if (!strcmp(kind, "change"))
            window_changed();
        window_api()->finish();
        struct timespec t0;
        clock_gettime(probe_clock, &t0);
        window_draw_timed(&S);
        t[f] = ms_since(&t0);
    }
    if (t && cmd && reps > 0) {
        double mid = median(t, reps);       /* sorts: t[0] is then the least */
        printf("view=%s n=%d size=%dx%d %s: median %.2f ms, min %.2f ms", view, n, w, h, kind, mid, t[0]);
    }
    if (t && cmd && reps > 0 && drag) {
        double mid = median(cmd, reps);     /* sorts: cmd[0] is then the least */
        printf(" (the line alone: median %.2f ms, min %.2f ms)", mid, cmd[0]);
    }
    printf("\n");
    free(t);
    free(cmd);
    window_close();
    session_release(&S);
    return 0;
}

/* probe triangles: render_soft.c's triangles against SDL's software
 * renderer, one by one, over a noisy background: random corners (whole
 * and fractional, thin and wide, partly outside the surface), opaque and
 * translucent colours; the direct way drawn in bands of random heights */
static int do_triangles(void)
{
    const int w = 300, h = 200;
    SDL_Surface *a = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Surface *b = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = a ? SDL_CreateSoftwareRenderer(a) : NULL;
    if (!r || !b) {
        printf("FAIL no software renderer: %s\n", SDL_GetError());
        return 1;
    }
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    unsigned x = 2024;
#define NEXT() (x = x * 1103515245u + 12345u, x >> 8)
    for (int y = 0; y < h; y++)
        for (int i = 0; i < w; i++) {
            Uint32 p = (Uint32)NEXT() | 0xff000000u;
            ((Uint32 *)((Uint8 *)a->pixels + (size_t)y * a->pitch))[i] = p;
            ((Uint32 *)((Uint8 *)b->pixels + (size_t)y * b->pitch))[i] = p;
        }
    int bad = 0, n = 3000;
    for (int k = 0; k < n && !bad; k++) {
        SDL_Vertex v[3];
        SDL_FPoint p[3];
        /* one draw a declarator: an initializer list's are unsequenced */
        Uint8 cr = (Uint8)NEXT(), cg = (Uint8)NEXT(), cb = (Uint8)NEXT();
        SDL_Color c = { cr, cg, cb, k % 3 ? 255 : (Uint8)NEXT() };
        for (int j = 0; j < 3; j++) {
            float fx = (float)(NEXT() % 4000) / 10.0f - 50.0f, fy = (float)(NEXT() % 3000) / 10.0f - 50.0f;
            if (k % 5 == 1 && j > 0)        /* thin: close to the first corner */
                fx = p[0].x + (float)(NEXT() % 30) / 10.0f, fy = p[0].y + (float)(NEXT() % 2000) / 10.0f;
            if (k % 7 == 2)
                fx = (float)(int)fx, fy = (float)(int)fy;
            p[j] = (SDL_FPoint){ fx, fy };
            v[j] = (SDL_Vertex){ p[j], c, { 0, 0 } };
        }
        SDL_RenderGeometry(r, NULL, v, 3, NULL, 0);
        SDL_RenderFlush(r);
        for (int y0 = 0; y0 < h;) {
            int y1 = y0 + 1 + (int)(NEXT() % 90);
            soft_triangle(b, p, c, y0, y1 < h ? y1 : h);
            y0 = y1;
        }
        for (int y = 0; y < h && !bad; y++)
            bad = memcmp((Uint8 *)a->pixels + (size_t)y * a->pitch, (Uint8 *)b->pixels + (size_t)y * b->pitch,
                         (size_t)w * 4) != 0;
        if (bad)
            printf("# triangle %d: (%g, %g) (%g, %g) (%g, %g) colour %d %d %d %d\n", k, p[0].x, p[0].y, p[1].x,
                   p[1].y, p[2].x, p[2].y, c.r, c.g, c.b, c.a);
    }
#undef NEXT
    char what[120];
    snprintf(what, sizeof what, "%d triangles drawn in bands the same as SDL's software renderer draws them", n);
    check(!bad, what);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    return failures ? 1 : 0;
}

static void both_ways_same(int *toggle, const struct scene *sc, const char *what);
static int do_same(const char *a, const char *b);

/* an empty scene of w x h in the colour clear, measured with the font */
static void blank_scene(struct scene *sc, int w, int h, struct rgba clear)
{
    scene_init(sc);
    sc->measure = gradlab_window_api()->measure;
    sc->w = w;
    sc->h = h;
    sc->clear = clear;
    sc->panels[0] = (struct panel){ 0, 0, w, h, "frame" };
    sc->n_panels = 1;
}

/* probe overflow: a frame with more texts than the glyph cache keeps
 * (it is emptied while the frame is recorded), and one with more disc
 * sizes than the stamps kept: drawn the direct way (then item by item,
 * not from the recording, whose texts or stamps are gone) and through
 * SDL's renderer, the same pixels */
static int do_overflow(void)
{
    for (int discs = 0; discs < 2; discs++) {
        struct scene sc;
        blank_scene(&sc, 1280, 800, (struct rgba){ 20, 22, 28, 255 });
        int n = discs ? SCALED_SPRITES + 6 : GLYPH_SLOTS;
        for (int k = 0; k < n; k++)
            if (discs)      /* a size each */
                draw_disc(&sc, 90 + k % 10 * 110, 90 + k / 10 * 100, 1 + k, (struct rgba){ 90, 160, 230, 255 });
            else
                draw_text(&sc, 10 + k % 40 * 31, 10 + k / 40 * 7, 9, 0, ANCHOR_TL, (struct rgba){ 200, 210, 90, 255 },
                          "%d", k);
        for (int k = 0; k < sc.n_items; k++)     /* as scene_build leaves them */
            if (sc.items[k].kind == ITEM_TEXT)
                sc.items[k].text = sc.arena + sc.items[k].text_off;
        char what[200];
        snprintf(what, sizeof what, "%d %s in one frame (more than the window keeps): the same pixels as SDL's "
                 "renderer draws", n, discs ? "sizes of discs" : "texts");
        both_ways_same(&render_direct, &sc, what);
        scene_release(&sc);
    }
    return failures ? 1 : 0;
}

/* probe frame OUT.png VIEW N W H THEME [KIND...]: the window's frame of
 * the bench's session for VIEW at size N in a W x H window in THEME (the
 * mouse away), after frames of each KIND in turn (steady, change, drag or
 * drag:NAME, three frames each; theme:NAME, size:WxH, zoom:Z, a frame
 * after the window's theme, size or text scale changed), grabbed into
 * OUT.png; and a snapshot of the same state (a fresh target: nothing kept
 * from the frames before) into OUT.png's name with ".fresh.png", which
 * must have the same pixels: what the window keeps between frames
 * (texts, discs, images) follows what it depends on */
static int do_frame(int argc, char **argv)
{
    char err[256];
    struct session S;
    int vw = bench_session(&S, argv[3], atoi(argv[4]));
    if (vw < 0)
        return 1;
    wview.theme = theme_of(argv[7]);
    wview.mouse_x = wview.mouse_y = -1;
    if (window_open(err, sizeof err) != 0 || window_api()->reopen(atoi(argv[5]), atoi(argv[6]), err, sizeof err) != 0) {
        fprintf(stderr, "probe: %s\n", err);
        return 1;
    }
    window_changed();
    window_draw_timed(&S);
    int w = atoi(argv[5]), h = atoi(argv[6]);
    for (int a = 8; a < argc; a++)
        for (int f = 0; f < 3; f++) {
            char line[200];
            double cmd;
            if (!strncmp(argv[a], "theme:", 6) || !strncmp(argv[a], "size:", 5) || !strncmp(argv[a], "zoom:", 5)) {
                if (argv[a][0] == 't')
                    wview.theme = theme_of(argv[a] + 6);
                else if (argv[a][0] == 'z')
                    wview.zoom = atof(argv[a] + 5);
                else if (sscanf(argv[a] + 5, "%dx%d", &w, &h) != 2 ||
                         window_api()->reopen(w, h, err, sizeof err) != 0) {
                    fprintf(stderr, "probe: %s: %s\n", argv[a], err);
                    session_release(&S);
                    return 1;
                }
                window_changed();
                window_draw_timed(&S);
                break;
            }
            if (!strncmp(argv[a], "drag", 4)) {
                if (drag_line(vw, &S, argv[a][4] == ':' ? argv[a] + 5 : NULL, f, line, sizeof line) < 0) {
                    session_release(&S);
                    return 1;
                }
                drag_frame(&S, line, &cmd);
                continue;
            }
            if (!strcmp(argv[a], "change"))
                window_changed();
            window_draw_timed(&S);
        }
    char fresh[1024];
    snprintf(fresh, sizeof fresh, "%s.fresh.png", argv[2]);
    int rc = window_api()->grab(argv[2], err, sizeof err);
    if (rc == 0)
        rc = window_snapshot(&S, fresh, w, h, err, sizeof err);
    if (rc)
        fprintf(stderr, "probe: %s\n", err);
    window_close();
    session_release(&S);
    return rc ? 1 : do_same(argv[2], fresh);
}

static int count_kind(const struct scene *sc, enum item_kind kind)
{
    int n = 0;
    for (int k = 0; k < sc->n_items; k++)
        n += sc->items[k].kind == kind;
    return n;
}

/* where two pictures differ: how many pixels, and the first */
static void first_difference(SDL_Surface *a, SDL_Surface *b)
{
    long n = 0;
    int fx = -1, fy = -1;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            const Uint32 *pa = (const Uint32 *)((const Uint8 *)a->pixels + (size_t)y * a->pitch) + x;
            const Uint32 *pb = (const Uint32 *)((const Uint8 *)b->pixels + (size_t)y * b->pitch) + x;
            if (*pa != *pb && n++ == 0) {
                fx = x;
                fy = y;
            }
        }
    if (n)
        printf("# %ld pixels differ; the first at (%d, %d): %08x, %08x\n", n, fx, fy,
               ((const Uint32 *)((const Uint8 *)a->pixels + (size_t)fy * a->pitch))[fx],
               ((const Uint32 *)((const Uint8 *)b->pixels + (size_t)fy * b->pitch))[fx]);
}

/* sc's picture drawn with *toggle 0 and 1 (left at 1): the same bytes */
static void both_ways_same(int *toggle, const struct scene *sc, const char *what)
{
    char err[256];
    SDL_Surface *pic[2];
    for (int way = 0; way < 2; way++) {
        *toggle = way;
        pic[way] = gradlab_window_api()->picture(sc, err, sizeof err);
    }
    *toggle = 1;
    int same = pic[0] && pic[1];
    for (int y = 0; same && y < sc->h; y++)
        same = !memcmp((Uint8 *)pic[0]->pixels + (size_t)y * pic[0]->pitch,
                       (Uint8 *)pic[1]->pixels + (size_t)y * pic[1]->pitch, (size_t)sc->w * 4);
    check(same, what);
    if (!same && pic[0] && pic[1])
        first_difference(pic[0], pic[1]);
    for (int k = 0; k < 2; k++)
        if (pic[k])
            SDL_FreeSurface(pic[k]);
}

/* every view's picture in every theme at two sizes drawn with *toggle 0
 * and 1, byte for byte: the sessions of 3 logits (a 2-3-2 net for flow)
 * and 64 data points, and with big, those of the bench at n = 64 too (64
 * logits, a 64-64-64 net, 64 points) */
static int both_ways(int *toggle, const char *how, int big)
{
    static const int sizes[][2] = { { 1280, 800 }, { 3840, 2160 } };
    for (int n = 0; n <= (big ? 64 : 0); n += 64)
        for (int v = 0; v < 3; v++) {
            struct session S;
            if (v == VIEW_JACOBIAN)
                make_session(&S, n);
            else if (v == VIEW_FLOW && n == 0)
                make_session(&S, 0);
            else if (make_view_session(&S, (enum view)v, 64, 3) < 0)
                return 1;
            for (int th = 0; th < THEME_COUNT; th++)
                for (int z = 0; z < 2; z++) {
                    struct view_state vs;
                    view_state_init(&vs);
                    vs.view = (enum view)v;
                    vs.theme = th;
                    vs.mouse_x = vs.mouse_y = -1;
                    struct scene sc;
                    scene_init(&sc);
                    sc.measure = gradlab_window_api()->measure;
                    scene_build(&sc, &S, &vs, sizes[z][0], sizes[z][1]);
                    char what[200];
                    snprintf(what, sizeof what,
                             "%s view (n = %d), %s theme, %dx%d: %d texts, %d rectangles, %d lines %s, the same pixels",
                             view_names[v], n, theme_names[th], sc.w, sc.h, count_kind(&sc, ITEM_TEXT),
                             count_kind(&sc, ITEM_RECT), count_kind(&sc, ITEM_LINE), how);
                    both_ways_same(toggle, &sc, what);
                    scene_release(&sc);
                }
            session_release(&S);
        }
    return failures ? 1 : 0;
}

/* probe crop: text textures cropped to their ink change no pixel */
static int do_crop(void)
{
    return both_ways(&render_crop_glyphs, "drawn with their textures cropped to the ink and whole", 0);
}

/* probe direct: shapes drawn straight into a software target's surface
 * change no pixel against SDL's software renderer */
static int do_direct(void)
{
    both_ways(&render_direct, "drawn into the surface directly and through SDL's renderer", 1);
    /* discs of one size in more colours than a stamp keeps tinted (so
     * that its tints are made again in turn), opaque and translucent,
     * with and without a rim, over stripes of colour */
    struct scene sc;
    scene_init(&sc);
    sc.w = 640;
    sc.h = 400;
    sc.clear = (struct rgba){ 20, 22, 28, 255 };
    for (int k = 0; k < 16; k++)
        draw_rect(&sc, k * 40, 0, 40, 400, (struct rgba){ (unsigned char)(k * 15), 90, (unsigned char)(255 - k * 13), 255 });
    for (int round = 0; round < 3; round++)
        for (int k = 0; k < 12; k++) {
            struct rgba c = scene_class_color(k % 10);
            c.a = k == 11 ? 140 : 255;
            struct item *it = draw_disc(&sc, 30 + k * 50 + round * 7.3, 60 + round * 110 + k * 3.1, 11.6, c);
            if (it)
                it->rim = (k + round) % 2;
        }
    char err[256];
    SDL_Surface *pic[2];
    for (int way = 0; way < 2; way++) {
        render_direct = way;
        pic[way] = gradlab_window_api()->picture(&sc, err, sizeof err);
    }
    render_direct = 1;
    int same = pic[0] && pic[1];
    for (int y = 0; same && y < sc.h; y++)
        same = !memcmp((Uint8 *)pic[0]->pixels + (size_t)y * pic[0]->pitch,
                       (Uint8 *)pic[1]->pixels + (size_t)y * pic[1]->pitch, (size_t)sc.w * 4);
    check(same, "36 discs of one size in 12 colours (one translucent) over stripes, drawn into the surface "
                "directly and through SDL's renderer: the same pixels");
    if (!same && pic[0] && pic[1])
        first_difference(pic[0], pic[1]);
    for (int k = 0; k < 2; k++)
        SDL_FreeSurface(pic[k]);
    scene_release(&sc);
    return failures ? 1 : 0;
}

/* a scene of shapes at and past the edges of a w x h frame: rectangles,
 * lines, discs, texts and frames partly or wholly off it, less than a
 * pixel or nothing wide, opaque and translucent */
static void edge_scene(struct scene *sc, int w, int h)
{
    scene_init(sc);
    sc->w = w;
    sc->h = h;
    sc->clear = (struct rgba){ 20, 30, 40, 255 };
    sc->measure = gradlab_window_api()->measure;
    const struct rgba solid = { 200, 90, 17, 255 }, glass = { 30, 200, 120, 100 }, white = { 255, 255, 255, 255 };
    for (int k = 0; k < 2; k++) {
        struct rgba c = k ? glass : solid;
        double rects[][4] = { { -5, -5, 10, 10 }, { w - 3.0, h - 3.0, 10, 10 }, { -100, -100, 1e4, 1e4 },
                              { w + 5.0, 0, 10, 10 }, { 0, h + 2.0, 5, 5 }, { 0.3, 0.3, 0.4, 0.4 },
                              { 1.7, 0.2, 2.6, 3.9 }, { 1, 1, 0, 5 }, { 1, 1, -3, 4 }, { -7.5, 0.5, 8.2, 1.2 } };
        for (size_t r = 0; r < sizeof rects / sizeof rects[0]; r++)
            draw_rect(sc, rects[r][0], rects[r][1], rects[r][2], rects[r][3], c);
        double lines[][5] = { { -20, -7, w + 20.0, h + 9.0, 1 }, { -20, h + 7.0, w + 20.0, -9, 3 },
                              { w / 2.0, -50, w / 2.0 + 7, h + 50.0, 2 }, { w + 10.0, h + 10.0, w + 40.0, h + 30.0, 4 },
                              { -1e4, -3e3, 1e4, 2e3, 1.5 }, { 0.5, 0.5, 0.5, 0.5, 2 }, { 0, 0, 1, 1, 0.3 },
                              { w - 1.0, 0, 0, h - 1.0, 1 } };
        for (size_t l = 0; l < sizeof lines / sizeof lines[0]; l++)
            draw_line(sc, lines[l][0], lines[l][1], lines[l][2], lines[l][3], lines[l][4], c, (int)l % 3 == 2);
        double discs[][3] = { { 0, 0, 5 }, { w, h, 3 }, { w / 2.0, h / 2.0, 0.4 }, { w / 2.0, h / 2.0, 20 },
                              { -10, -10, 4 }, { w - 2.0, 1, 6 } };
        for (size_t d = 0; d < sizeof discs / sizeof discs[0]; d++) {
            struct item *it = draw_disc(sc, discs[d][0], discs[d][1], discs[d][2], c);
            if (it)
                it->rim = (int)d % 2;
        }
        draw_frame(sc, -2, -2, w + 4.0, h + 4.0, 3, c);
        draw_frame(sc, 0.5, 0.5, w - 1.0, h - 1.0, 1, c);
    }
    const struct rgba inks[] = { white, solid, glass, { 255, 255, 255, 128 } };
    for (size_t i = 0; i < sizeof inks / sizeof inks[0]; i++) {
        draw_text(sc, -3, -4, 14, 0, ANCHOR_TL, inks[i], "Ag%zu", i);
        draw_text(sc, w - 2.0, h - 3.0, 12, 1, ANCHOR_TL, inks[i], "Wy");
        draw_text(sc, w + 1.0, h + 1.0, 16, 0, ANCHOR_BR, inks[i], "gj");
        draw_text(sc, -50, h / 2.0, 30, 0, ANCHOR_ML, inks[i], "\xe2\x88\x92" "0.125");
        draw_text(sc, w / 2.0, h / 2.0, 9, 0, ANCHOR_MC, inks[i], "x");
        draw_text(sc, w + 40.0, -40, 11, 0, ANCHOR_TL, inks[i], "off");
    }
    /* the texts into the arena, as scene_build ends */
    for (int k = 0; k < sc->n_items; k++)
        if (sc->items[k].kind == ITEM_TEXT)
            sc->items[k].text = sc->arena + sc->items[k].text_off;
}

/* probe edges: the shapes of edge_scene drawn straight into the surface
 * and through SDL's software renderer, into surfaces with alpha (a
 * snapshot's) and without (a window's), from 1 x 1 pixel up: the same
 * bytes */
static int do_edges(void)
{
    char err[256];
    static const int sizes[][2] = { { 1, 1 }, { 2, 3 }, { 7, 5 }, { 64, 40 }, { 301, 97 } };
    static const Uint32 formats[] = { SDL_PIXELFORMAT_ARGB8888, SDL_PIXELFORMAT_RGB888 };
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++)
        for (size_t f = 0; f < 2; f++) {
            struct scene sc;
            edge_scene(&sc, sizes[z][0], sizes[z][1]);
            SDL_Surface *pic[2];
            for (int way = 0; way < 2; way++) {
                render_direct = way;
                pic[way] = render_picture(&sc, formats[f], err, sizeof err);
            }
            render_direct = 1;
            /* (a window's pixels have no alpha: their top byte is
             * padding, which the two ways fill differently) */
            Uint32 mask = f == 0 ? 0xffffffffu : 0xffffffu;
            long differ = 0;
            for (int y = 0; pic[0] && pic[1] && y < sc.h; y++)
                for (int x = 0; x < sc.w; x++) {
                    const Uint32 *pa = (const Uint32 *)((const Uint8 *)pic[0]->pixels + (size_t)y * pic[0]->pitch);
                    const Uint32 *pb = (const Uint32 *)((const Uint8 *)pic[1]->pixels + (size_t)y * pic[1]->pitch);
                    if ((pa[x] ^ pb[x]) & mask && differ++ == 0)
                        printf("# at (%d, %d): %08x through SDL, %08x directly\n", x, y, pa[x], pb[x]);
                }
            char what[200];
            snprintf(what, sizeof what, "%d items at the edges of %dx%d %s drawn directly and through SDL: the same pixels",
                     sc.n_items, sc.w, sc.h, SDL_GetPixelFormatName(formats[f]));
            check(pic[0] && pic[1] && differ == 0, what);
            for (int k = 0; k < 2; k++)
                SDL_FreeSurface(pic[k]);
            scene_release(&sc);
        }
    return failures ? 1 : 0;
}

/* probe same A.png B.png: the two pictures have the same pixels (red,
 * green, blue): a window's frame against a snapshot */
static int do_same(const char *a, const char *b)
{
    SDL_Surface *raw[2] = { IMG_Load(a), IMG_Load(b) }, *pic[2] = { NULL, NULL };
    for (int k = 0; k < 2; k++)
        if (raw[k]) {
            pic[k] = SDL_ConvertSurfaceFormat(raw[k], SDL_PIXELFORMAT_RGB888, 0);
            SDL_FreeSurface(raw[k]);
        }
    char what[300];
    int ok = pic[0] && pic[1] && pic[0]->w == pic[1]->w && pic[0]->h == pic[1]->h;
    snprintf(what, sizeof what, "%s and %s have the same size", a, b);
    check(ok, what);
    if (ok) {
        for (int k = 0; k < 2; k++)     /* the byte above the colour is no part of it */
            for (int y = 0; y < pic[k]->h; y++)
                for (int x = 0; x < pic[k]->w; x++)
                    ((Uint32 *)((Uint8 *)pic[k]->pixels + (size_t)y * pic[k]->pitch))[x] &= 0xffffff;
        int same = 1;
        for (int y = 0; same && y < pic[0]->h; y++)
            same = !memcmp((Uint8 *)pic[0]->pixels + (size_t)y * pic[0]->pitch,
                           (Uint8 *)pic[1]->pixels + (size_t)y * pic[1]->pitch, (size_t)pic[0]->w * 4);
        snprintf(what, sizeof what, "%s and %s have the same pixels", a, b);
        check(same, what);
        if (!same)
            first_difference(pic[0], pic[1]);
    }
    for (int k = 0; k < 2; k++)
        if (pic[k])
            SDL_FreeSurface(pic[k]);
    return failures ? 1 : 0;
}

/* probe textbox: the box the layout gives a text (draw_text_box, with
 * the font's widths) holds all of its ink, and is no larger than it */
static int do_textbox(void)
{
    static const char *const texts[] = { "J[1][2] = \xe2\x88\x92" "0.024", "s\xe2\x82\x81\xe2\x82\x82", "Wg",
                                         "0.225", "\xce\xb4\xe2\x82\x82 \xe2\x88\x92" "0.069" };
    static const int sizes[] = { 10, 19, 28, 56 };
    int bad = 0, cases = 0;
    char err[256];
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
        for (int si = 0; si < 4; si++)
            for (int an = 0; an < 9; an += 4) {     /* TL, MC, BR */
                struct scene sc;
                blank_scene(&sc, 1200, 200, (struct rgba){ 0, 0, 0, 255 });
                struct item *it = draw_text(&sc, 600, 100, sizes[si], si & 1, (enum anchor)an,
                                            (struct rgba){ 255, 255, 255, 255 }, "%s", texts[k]);
                it->text = sc.arena + it->text_off;
                SDL_Surface *s = gradlab_window_api()->picture(&sc, err, sizeof err);
                int x0 = 1200, y0 = 200, x1 = -1, y1 = -1;
                for (int y = 0; s && y < 200; y++)
                    for (int x = 0; x < 1200; x++)
                        if (pixel(s, x, y).r > 24) {
                            x0 = x < x0 ? x : x0; x1 = x > x1 ? x : x1;
                            y0 = y < y0 ? y : y0; y1 = y > y1 ? y : y1;
                        }
                /* ink inside the box (rounding: a pixel), and the box at most
                 * the side bearings wider than the ink */
                const float *b = it->box;
                int ok = s && x1 >= 0 && x0 >= b[0] - 1 && y0 >= b[1] - 1 && x1 <= b[2] + 1 && y1 <= b[3] + 1 &&
                         (b[2] - b[0]) - (x1 - x0 + 1) <= sizes[si] * 0.3 + 2;
                if (!ok && bad++ < 5)
                    printf("# '%s' at %d px: ink (%d,%d)-(%d,%d), box (%.0f,%.0f)-(%.0f,%.0f)\n", texts[k],
                           sizes[si], x0, y0, x1, y1, b[0], b[1], b[2], b[3]);
                cases++;
                if (s)
                    gradlab_window_api()->picture_free(s);
                scene_release(&sc);
            }
    printf("%s the layout's text boxes hold the rendered ink (%d texts, %d not)\n", bad ? "FAIL" : "ok  ",
           cases, bad);
    return bad != 0;
}

/* a session as gradlab makes one, its view the window's */
static void lab_session(struct session *S)
{
    layout_session(S, &wview);
}

/* probe layout [LESSONS]: the layout test's cases with the font's widths */
static int do_layout(const char *lessons)
{
    struct session S;
    lab_session(&S);
    struct layout_tally t;
    memset(&t, 0, sizeof t);
    t.verbose = 1;
    t.measure = gradlab_window_api()->measure;
    scene_init(&t.sc);
    layout_cases(&t, &S);
    printf("%s layout of the views: %d scenes, %d texts checked: %d scenes with %d problems\n",
           t.problems ? "FAIL" : "ok  ", t.scenes, t.texts, t.bad_scenes, t.problems);
    int bad = t.problems;
    memset(&t, 0, (size_t)((char *)&t.sc - (char *)&t));
    t.verbose = 1;
    t.measure = gradlab_window_api()->measure;
    int parts = 0, n = layout_lessons(&t, &S, lessons, &parts);
    printf("%s layout of the lessons (--auto --present): %d parts of %d lessons at 5 sizes in 3 themes, "
           "%d scenes, %d texts checked: %d scenes with %d problems\n",
           t.problems || n < 1 ? "FAIL" : "ok  ", parts, n, t.scenes, t.texts, t.bad_scenes, t.problems);
    bad += t.problems + (n < 1);
    int missing = layout_presence(&t, &S);
    printf("%s presenter mode at 1920x1080 draws the numbers of #13's points 1, 4, 5 (%d missing)\n",
           missing ? "FAIL" : "ok  ", missing);
    bad += missing;
    missing = layout_five_logit_values(&t, &S, lessons);
    printf("%s lesson 2 with five logits at 1920x1080 and 1280x720 shows J's 25 values (%d problems)\n",
           missing ? "FAIL" : "ok  ", missing);
    bad += missing;
    missing = layout_gate_presence(&t, &S);
    printf("%s the gate mistake at 1920x1080 and 1280x720 draws x and every gate, over no node (%d problems)\n",
           missing ? "FAIL" : "ok  ", missing);
    bad += missing;
    scene_release(&t.sc);
    fclose(S.out);
    session_release(&S);
    return bad != 0;
}

struct shots {
    const char *dir;
    int w, h, part;
    char lesson[200];
};

static void shot_at_stop(struct session *S, void *ud)
{
    struct shots *sh = ud;
    char path[1200], err[256];
    snprintf(path, sizeof path, "%s/%s-%02d.png", sh->dir, sh->lesson, ++sh->part);
    if (window_snapshot(S, path, sh->w, sh->h, err, sizeof err) != 0) {
        fprintf(stderr, "probe: %s\n", err);
        failures++;
    }
}

/* probe shots DIR W H [LESSONS]: every part of every lesson as a PNG */
static int do_shots(const char *dir, int w, int h, const char *lessons)
{
    struct dirent **names;
    int nn = scandir(lessons, &names, layout_is_lesson, alphasort);
    if (nn < 0)
        return 1;
    for (int k = 0; k < nn; k++) {
        struct session S;
        lab_session(&S);
        struct shots sh = { dir, w, h, 0, "" };
        snprintf(sh.lesson, sizeof sh.lesson, "%.*s", (int)strlen(names[k]->d_name) - 7, names[k]->d_name);
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", lessons, names[k]->d_name);
        view_state_init(&wview);
        wview.present = 1;
        wview.theme = THEME_PROJECTOR;
        lesson_on_stop(shot_at_stop, &sh);
        lesson_trust_named(&S, path);   /* no budget of time: a slow machine skips nothing */
        if (lesson_start(&S, path, 1) < 0) {
            fprintf(stderr, "probe: %s\n", S.err);
            failures++;
        }
        lesson_on_stop(NULL, NULL);
        lesson_stop(&S);
        fclose(S.out);
        session_release(&S);
        free(names[k]);
    }
    free(names);
    return failures != 0;
}

/* probe grips VIEW W H SETUP: see the top */
static int do_grips(const char *view, int w, int h, const char *setup)
{
    struct session S;
    session_init(&S, tmpfile());
    S.run = command_run;
    if (command_run(&S, setup) < 0) {
        fprintf(stderr, "probe: %s\n", S.err);
        return 1;
    }
    struct view_state v;
    view_state_init(&v);
    for (int k = 0; k < VIEW_COUNT; k++)
        if (!strcmp(view, view_names[k]))
            v.view = (enum view)k;
    struct scene sc;
    scene_init(&sc);
    sc.measure = gradlab_window_api()->measure;
    scene_build(&sc, &S, &v, w, h);
    for (int k = 0; k < sc.n_grips; k++) {
        const struct grip *g = &sc.grips[k];
        int edge = g->kind == GRIP_EDGE, bar = g->kind == GRIP_BAR;
        printf("grip %s %d %d %.17g\n", g->name, (int)lround(edge || bar ? (g->x + g->x2) / 2 : g->x),
               (int)lround(edge || bar ? (g->y + g->y2) / 2 : g->y), g->value);
    }
    for (int i = 0; v.view == VIEW_DATA && S.has_data && sc.plot.span > 0 && i < S.data.X.rows; i++)
        printf("point %d %d %d\n", i,
               (int)lround(sc.plot.x + sc.plot.side * (T_AT(&S.data.X, i, 0) - sc.plot.x0) / sc.plot.span),
               (int)lround(sc.plot.y + sc.plot.side * (1 - (T_AT(&S.data.X, i, 1) - sc.plot.y0) / sc.plot.span)));
    if (v.view == VIEW_DATA && sc.plot.side > 0)
        printf("plot %d %d\n", (int)(sc.plot.x + sc.plot.side / 2), (int)(sc.plot.y + sc.plot.side / 2));
    if (sc.curve.w > 0)
        printf("curve %d %d\n", (int)(sc.curve.x + sc.curve.w / 2), (int)(sc.curve.y + sc.curve.h / 2));
    scene_release(&sc);
    fclose(S.out);
    session_release(&S);
    return 0;
}

int main(int argc, char **argv)
{
    char err[256];
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* the threads gradlab's products and scenes use (main.c):
     * GRADLAB_THREADS, else every core */
    const char *threads = getenv("GRADLAB_THREADS");
    pool_threads(threads && atoi(threads) > 0 ? atoi(threads) : platform_cores());
    if (getenv("PROBE_CPU"))
        probe_clock = CLOCK_PROCESS_CPUTIME_ID;   /* each ok/FAIL line out, even if a sanitizer ends us */
    /* PROBE_THREADS=N: the kernels' threads, as the window has them
     * (gradlab takes every core); one unless set */
    if (getenv("PROBE_THREADS"))
        pool_threads(atoi(getenv("PROBE_THREADS")));
    if (gradlab_window_api()->init(getenv("GRADLAB_FONT"), err, sizeof err) != 0) {
        fprintf(stderr, "probe: %s\n", err);
        return 1;
    }
    view_state_init(&wview);
    window_init(&wview, linked);
    int rc = 2;
    if (argc >= 6 && strcmp(argv[1], "snap") == 0) {
        struct session S;
        make_session(&S, argc > 7 ? atoi(argv[7]) : 0);
        wview.view = strcmp(argv[3], "flow") == 0 ? VIEW_FLOW : VIEW_JACOBIAN;
        wview.theme = argc > 6 ? theme_of(argv[6]) : THEME_DARK;
        if (getenv("PROBE_EXAMPLE"))
            wview.example = atoi(getenv("PROBE_EXAMPLE"));
        rc = window_snapshot(&S, argv[2], atoi(argv[4]), atoi(argv[5]), err, sizeof err);
        if (rc)
            fprintf(stderr, "probe: %s\n", err);
        free_session(&S);
    } else if (argc >= 5 && strcmp(argv[1], "check") == 0) {
        rc = do_check(argv[2], atoi(argv[3]), atoi(argv[4]), argc > 5 ? theme_of(argv[5]) : 0);
    } else if (argc >= 6 && strcmp(argv[1], "grab") == 0) {
        /* probe grab OUT.png VIEW MOUSE_X MOUSE_Y [help]: a real window's frame */
        struct session S;
        make_session(&S, 0);
        wview.view = strcmp(argv[3], "flow") == 0 ? VIEW_FLOW : VIEW_JACOBIAN;
        wview.mouse_x = atoi(argv[4]);
        wview.mouse_y = atoi(argv[5]);
        wview.help = argc > 6;
        rc = window_open(err, sizeof err);
        if (rc == 0) {
            window_update(&S);
            rc = window_api()->grab(argv[2], err, sizeof err);
        }
        if (rc)
            fprintf(stderr, "probe: %s\n", err);
        window_close();
        free_session(&S);
    } else if (argc >= 4 && strcmp(argv[1], "scene") == 0) {
        /* probe scene VIEW N [H [REPS]]: the scene alone, REPS x 5 times,
         * for profiling (perf record, callgrind) without SDL in the way */
        struct session S;
        enum view view = strcmp(argv[2], "flow") == 0 ? VIEW_FLOW : strcmp(argv[2], "data") == 0 ? VIEW_DATA
                                                                                                : VIEW_JACOBIAN;
        int n = atoi(argv[3]), reps = argc > 5 ? atoi(argv[5]) : 20;
        if (view == VIEW_JACOBIAN)
            make_session(&S, n);
        rc = view == VIEW_JACOBIAN ? 0 : make_view_session(&S, view, n, argc > 4 ? atoi(argv[4]) : 3);
        if (rc == 0) {
            struct view_state v;
            view_state_init(&v);
            v.view = view;
            double sum = 0;
            for (int k = 0; k < reps; k++)
                sum += scene_ms(&S, &v, 1280, 800);
            printf("view=%s n=%d scene %.3f ms\n", view_names[view], n, sum / reps);
        }
        dataset_release(&S.data);
        free_session(&S);
    } else if (argc >= 3 && strcmp(argv[1], "changes") == 0) {
        /* probe changes N [REPS]: Jacobian frames after a change, for profiling */
        struct session S;
        make_session(&S, atoi(argv[2]));
        rc = window_open(err, sizeof err);
        int reps = argc > 3 ? atoi(argv[3]) : 200;
        double *t = calloc((size_t)reps + 1, sizeof *t);
        for (int k = 0; rc == 0 && t && k < reps; k++) {
            window_changed();
            t[k] = window_draw_timed(&S);
        }
        if (rc == 0 && t && reps > 0)
            printf("n=%d frames after a change: median %.2f ms\n", S.J.rows, median(t, reps));
        free(t);
        window_close();
        free_session(&S);
    } else if (argc >= 7 && strcmp(argv[1], "frames") == 0) {
        rc = do_frames(argv[2], atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), argv[6], argc > 7 ? atoi(argv[7]) : 100);
    } else if (argc >= 2 && strcmp(argv[1], "crop") == 0) {
        rc = do_crop();
    } else if (argc >= 2 && strcmp(argv[1], "direct") == 0) {
        rc = do_direct();
    } else if (argc >= 2 && strcmp(argv[1], "edges") == 0) {
        rc = do_edges();
    } else if (argc >= 2 && strcmp(argv[1], "overflow") == 0) {
        rc = do_overflow();
    } else if (argc >= 2 && strcmp(argv[1], "triangles") == 0) {
        rc = do_triangles();
    } else if (argc >= 8 && strcmp(argv[1], "frame") == 0) {
        rc = do_frame(argc, argv);
    } else if (argc >= 4 && strcmp(argv[1], "same") == 0) {
        rc = do_same(argv[2], argv[3]);
    } else if (argc >= 2 && strcmp(argv[1], "renderer") == 0) {
        /* the renderer a window gets here */
        rc = window_open(err, sizeof err);
        if (rc == 0)
            printf("%s\n", window_api()->renderer_name());
        else
            fprintf(stderr, "probe: %s\n", err);
        window_close();
    } else if (argc >= 2 && strcmp(argv[1], "textbox") == 0) {
        rc = do_textbox();
    } else if (argc >= 2 && strcmp(argv[1], "layout") == 0) {
        rc = do_layout(argc > 2 ? argv[2] : "lessons");
    } else if (argc >= 5 && strcmp(argv[1], "shots") == 0) {
        rc = do_shots(argv[2], atoi(argv[3]), atoi(argv[4]), argc > 5 ? argv[5] : "lessons");
    } else if (argc >= 2 && strcmp(argv[1], "keys") == 0) {
        rc = do_keys();
    } else if (argc >= 2 && strcmp(argv[1], "bench") == 0) {
        rc = do_bench();
    } else if (argc >= 6 && strcmp(argv[1], "grips") == 0) {
        rc = do_grips(argv[2], atoi(argv[3]), atoi(argv[4]), argv[5]);
    } else if (argc >= 2 && strcmp(argv[1], "drivers") == 0) {
        /* SDL's video drivers, then those gradlab lets it choose from */
        for (int i = 0; i < SDL_GetNumVideoDrivers(); i++)
            printf("%s%s", i ? "," : "", SDL_GetVideoDriver(i));
        char list[256];
        render_display_drivers(list, sizeof list);
        printf("\n%s\n", list);
        rc = 0;
    } else {
        fprintf(stderr, "usage: probe snap OUT.png VIEW W H [THEME [n]] | check FILE W H [THEME] | bench\n");
    }
    window_quit();                      /* the window, if one was opened */
    gradlab_window_api()->quit();       /* what init started: fonts, fontconfig */
    return rc;
}
