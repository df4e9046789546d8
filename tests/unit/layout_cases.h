/* layout_cases: the scenes the layout test builds, shared by the unit
 * test (tests/unit/test_layout.c: widths estimated) and the render probe
 * (tests/render/probe.c layout: widths from the real font).
 *
 * Every view in the states a user meets (empty, small, large, hovered,
 * mid-animation, each stage, a mistake, training) is built at each size
 * and in each theme, with and without presenter mode, and with a lesson's
 * band; layout_check (layout.h) says what is wrong with each scene. A
 * header of static functions: include it once per program. */
#ifndef GRADLAB_LAYOUT_CASES_H
#define GRADLAB_LAYOUT_CASES_H

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "command.h"
#include "layout.h"
#include "lesson.h"
#include "scene.h"
#include "session.h"
#include "viewcmd.h"

/* the window follows the work as gradlab's loop makes it (fe.show) */
static inline void layout_show(void *ud, const char *name)
{
    viewcmd_follow(ud, name);
}

/* S as the front end makes it: commands run, the window follows them */
static inline void layout_session(struct session *S, struct view_state *v)
{
    session_init(S, tmpfile());
    S->run = command_run;
    view_state_init(v);
    S->view = v;
    S->fe.show = layout_show;
    S->fe.ud = v;
}

static const int layout_sizes[][2] = { { 800, 600 }, { 1280, 800 }, { 1920, 1080 }, { 3840, 2160 } };
#define LAYOUT_SIZES 4

/* what the checks found, over all scenes */
struct layout_tally {
    int scenes, texts, bad_scenes, problems;
    int verbose;            /* print the problems of the first bad scenes */
    int (*measure)(void *ud, const char *text, int size, int bold);
    struct scene sc;        /* reused from scene to scene */
};

/* build the scene of S and v at w x h and check it; what: the case's name */
static inline void layout_one(struct layout_tally *t, const char *what, const struct session *S,
                       const struct view_state *v, int w, int h)
{
    t->sc.measure = t->measure;
    scene_build(&t->sc, S, v, w, h);
    struct layout_report r;
    int min = scene_min_text((int)v->theme, v->present, w, h);
    layout_check(&t->sc, min, &r);
    t->scenes++;
    t->texts += r.texts;
    if (r.problems) {
        t->bad_scenes++;
        t->problems += r.problems;
        if (t->verbose && t->bad_scenes <= 12) {
            printf("# %s, %s, %s%s, %dx%d: %d problem%s\n", what, view_names[v->view],
                   theme_names[v->theme], v->present ? " presenter" : "", w, h, r.problems,
                   r.problems == 1 ? "" : "s");
            for (int k = 0; k < r.problems && k < LAYOUT_MSGS; k++)
                printf("#   %s\n", r.msg[k]);
        }
    }
}

/* every size, theme and presenter mode for one state of the session */
static inline void layout_all_sizes(struct layout_tally *t, const char *what, const struct session *S,
                             struct view_state *v)
{
    for (int th = 0; th < THEME_COUNT; th++)
        for (int present = 0; present <= 1; present++)
            for (int k = 0; k < LAYOUT_SIZES; k++) {
                v->theme = (enum theme)th;
                v->present = present;
                layout_one(t, what, S, v, layout_sizes[k][0], layout_sizes[k][1]);
            }
    v->present = 0;
    v->theme = THEME_DARK;
}

static inline void layout_run(struct session *S, const char *line)
{
    if (S->run(S, line) < 0) {
        fprintf(stderr, "layout case: '%s': %s\n", line, S->err);
        exit(2);
    }
}

/* n logits in one command: a smooth wave, the first one large */
static inline void layout_logits(struct session *S, int n, double amp)
{
    size_t cap = (size_t)n * 24 + 16;
    char *line = malloc(cap);
    if (!line)
        exit(2);
    size_t o = (size_t)snprintf(line, cap, "z = [");
    for (int i = 0; i < n; i++)
        o += (size_t)snprintf(line + o, cap - o, "%s%.4f", i ? ", " : "",
                              i == 0 ? amp * 1.5 : amp * sin(i * 0.37));
    snprintf(line + o, cap - o, "]");
    layout_run(S, line);
    free(line);
}

/* the Jacobian view: empty, n = 3 (and every cell hovered), 5, 10, 30,
 * 100, 1000, the mistake beside it, autoscale */
static inline void layout_jacobian_cases(struct layout_tally *t, struct session *S, struct view_state *v)
{
    v->view = VIEW_JACOBIAN;
    layout_all_sizes(t, "no logits", S, v);
    layout_run(S, "logits 2 1 0.1");
    layout_all_sizes(t, "logits 2 1 0.1", S, v);
    /* the mouse over each cell: its labels and the explanation */
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < LAYOUT_SIZES; k++) {
                int w = layout_sizes[k][0], h = layout_sizes[k][1];
                for (int present = 0; present <= 1; present++) {
                    v->present = present;
                    v->theme = present ? THEME_PROJECTOR : THEME_DARK;
                    v->mouse_x = v->mouse_y = -1;
                    scene_build(&t->sc, S, v, w, h);      /* where the cells are */
                    double cell = t->sc.heat.side / 3;
                    v->mouse_x = (int)(t->sc.heat.x + (j + 0.5) * cell);
                    v->mouse_y = (int)(t->sc.heat.y + (i + 0.5) * cell);
                    layout_one(t, "logits 2 1 0.1, a cell hovered", S, v, w, h);
                }
            }
    v->mouse_x = v->mouse_y = -1;
    v->present = 0;
    v->theme = THEME_DARK;
    layout_run(S, "logits 3 1 0.2 -1 2");
    layout_all_sizes(t, "5 logits", S, v);
    static const int ns[] = { 10, 30, 100, 1000 };
    for (int k = 0; k < 4; k++) {
        char what[64];
        layout_logits(S, ns[k], 2.0);
        snprintf(what, sizeof what, "%d logits", ns[k]);
        layout_all_sizes(t, what, S, v);
        /* the mouse in the middle of the map */
        scene_build(&t->sc, S, v, 1280, 800);
        v->mouse_x = (int)(t->sc.heat.x + t->sc.heat.side * 0.51);
        v->mouse_y = (int)(t->sc.heat.y + t->sc.heat.side * 0.49);
        snprintf(what, sizeof what, "%d logits, hovered", ns[k]);
        layout_all_sizes(t, what, S, v);
        v->mouse_x = v->mouse_y = -1;
    }
    v->autoscale = 1;
    layout_all_sizes(t, "1000 logits, autoscale", S, v);
    v->autoscale = 0;
    layout_run(S, "mistake logits");
    layout_all_sizes(t, "mistake logits", S, v);
}

/* the flow view: empty, 2-3-2 at every stage (at rest and mid-animation),
 * a wider net, a net larger than the columns */
static inline void layout_flow_cases(struct layout_tally *t, struct session *S, struct view_state *v)
{
    v->view = VIEW_FLOW;
    layout_all_sizes(t, "no network", S, v);
    layout_run(S, "seed 0; net 2 3 2; x = [[0.5, -1.2]]; y = [[0, 1]]");
    for (int st = STAGE_NONE; st <= STAGE_LAST; st++) {
        char what[64];
        snprintf(what, sizeof what, "2-3-2 at %s", st == STAGE_NONE ? "none" : stage_names[st]);
        if (st != STAGE_NONE)
            layout_run(S, "step");
        layout_all_sizes(t, what, S, v);
        v->anim_stage = st;
        v->anim_t = 0.7;
        snprintf(what, sizeof what, "2-3-2 moving to %s", st == STAGE_NONE ? "none" : stage_names[st]);
        layout_all_sizes(t, what, S, v);
        v->anim_t = 1.0;
    }
    layout_run(S, "seed 1; net 5 7 4 act=relu; backward");
    layout_all_sizes(t, "5-7-4 relu, backward", S, v);
    layout_run(S, "reset; step; step; step; step; step; step; step; step; step");
    layout_all_sizes(t, "5-7-4 relu at delta2", S, v);
    layout_run(S, "seed 2; net 12 20 11; backward");
    layout_all_sizes(t, "12-20-11, backward", S, v);
}

/* the data view: empty, no net, untrained, trained with its curve, three
 * features, and while training runs */
static inline void layout_data_cases(struct layout_tally *t, struct session *S, struct view_state *v)
{
    v->view = VIEW_DATA;
    layout_all_sizes(t, "no data", S, v);
    layout_run(S, "seed 0; data moons 200 noise=0.2");
    layout_all_sizes(t, "moons, no net", S, v);
    layout_run(S, "net 2 3 2");
    layout_all_sizes(t, "moons, untrained", S, v);
    layout_run(S, "train 2000 lr=0.01 reg=0.01 every=0");
    layout_all_sizes(t, "moons, trained", S, v);
    v->busy = 1;
    v->busy_done = 1500;
    v->busy_total = 20000;
    layout_all_sizes(t, "moons, training", S, v);
    v->busy = 0;
    layout_run(S, "data spiral 3 300; net 2 16 3");
    layout_all_sizes(t, "spiral, 3 classes", S, v);
    layout_run(S, "data circles 100; net 3 4 2");
    layout_all_sizes(t, "net does not fit", S, v);
}

/* ---- every part of every lesson, played with --auto --present ---- */

static const int layout_lesson_sizes[][2] = {
    { 800, 600 }, { 1280, 720 }, { 1280, 800 }, { 1920, 1080 }, { 3840, 2160 },
};
#define LAYOUT_LESSON_SIZES 5

struct layout_lesson {
    struct layout_tally *t;
    const char *name;
    int part, parts_seen;
};

static inline int layout_is_lesson(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return n > 7 && strcmp(e->d_name + n - 7, ".lesson") == 0;
}

static inline void layout_at_stop(struct session *S, void *ud)
{
    struct layout_lesson *L = ud;
    char what[200];
    snprintf(what, sizeof what, "lesson %s, stop %d", L->name, ++L->part);
    /* a teacher may pick any theme for the room: each at each size */
    enum theme played = S->view->theme;
    for (int th = 0; th < THEME_COUNT; th++)
        for (int k = 0; k < LAYOUT_LESSON_SIZES; k++) {
            S->view->theme = (enum theme)th;
            layout_one(L->t, what, S, S->view, layout_lesson_sizes[k][0], layout_lesson_sizes[k][1]);
        }
    S->view->theme = played;
    L->parts_seen++;
}

/* play each lesson of dir unattended in presenter mode, checking the
 * scene at each stop at five sizes (among them the projectors' 1920x1080
 * and 1280x720) in every theme; returns the number of lessons (-1:
 * one would not start, or a command, check or answer of one failed) */
static inline int layout_lessons(struct layout_tally *t, struct session *S, const char *dir,
                          int *parts)
{
    struct dirent **names;
    int nn = scandir(dir, &names, layout_is_lesson, alphasort);
    if (nn < 0)
        return -1;
    int n = 0;
    *parts = 0;
    for (int k = 0; k < nn; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[k]->d_name);
        struct layout_lesson L = { t, names[k]->d_name, 0, 0 };
        view_state_init(S->view);
        S->view->present = 1;
        S->view->theme = THEME_PROJECTOR;
        lesson_on_stop(layout_at_stop, &L);
        lesson_trust_named(S, path);    /* no budget of time: the same parts on any machine */
        FILE *null = fopen("/dev/null", "w"), *out = S->out;
        S->out = null ? null : out;
        int rc = lesson_start(S, path, 1), failed = rc < 0 ? 0 : lesson_failures(S);
        S->out = out;
        if (null)
            fclose(null);
        lesson_on_stop(NULL, NULL);
        lesson_stop(S);
        *parts += L.parts_seen;
        if (rc < 0 || failed) {
            if (rc < 0)
                fprintf(stderr, "layout case: lesson %s: %s\n", path, S->err);
            else
                fprintf(stderr, "layout case: lesson %s: %d commands, checks or answers failed\n", path, failed);
            n = -1;
        } else if (n >= 0) {
            n++;
        }
    }
    for (int k = 0; k < nn; k++)
        free(names[k]);
    free(names);
    return n;
}

/* ---- what must be there, not only fit, on a projector ---- */

struct presence {
    struct scene *sc;
    int measure_set;
    int (*measure)(void *ud, const char *text, int size, int bold);
    int w, h;               /* the size of the scene built */
};

static inline void presence_at_stop(struct session *S, void *ud)
{
    struct presence *p = ud;
    p->sc->measure = p->measure;
    scene_build(p->sc, S, S->view, p->w, p->h);
}

/* the scene at 1920x1080 in presenter mode of a lesson part that runs
 * setup (a ';' list) in view, with a line of narration in the band.
 * The lesson is this test's own file: trusted, so no budget of time
 * (5 s of a part, by the clock) skips its commands on a slow or busy
 * machine. 0, or -1 (said) when the lesson did not play all of setup. */
static inline int presence_scene_at(struct layout_tally *t, struct session *S, const char *view, const char *setup,
                                    int w, int h)
{
    char dir[] = "/tmp/gradlab-presence.XXXXXX", path[64];
    if (!mkdtemp(dir))
        exit(2);
    snprintf(path, sizeof path, "%s/p.lesson", dir);
    FILE *f = fopen(path, "w");
    if (!f)
        exit(2);
    fprintf(f, "title: Presence\nrun: view %s\nrun: %s\nsay: One line of narration for the class.\npause\n",
            view, setup);
    fclose(f);
    struct presence p = { &t->sc, 1, t->measure, w, h };
    view_state_init(S->view);
    S->view->present = 1;
    S->view->theme = THEME_PROJECTOR;
    lesson_on_stop(presence_at_stop, &p);
    lesson_trust_named(S, path);
    FILE *out = S->out, *null = fopen("/dev/null", "w");
    S->out = null ? null : out;
    int rc = lesson_start(S, path, 1);
    S->out = out;
    if (null)
        fclose(null);
    int failed = rc < 0 ? 1 : lesson_failures(S);
    lesson_on_stop(NULL, NULL);
    lesson_stop(S);
    remove(path);
    rmdir(dir);
    if (failed)
        printf("# the lesson of view %s did not play all of '%s' (%s)\n", view, setup,
               rc < 0 ? S->err : "a command failed or was skipped");
    return failed ? -1 : 0;
}

static inline int presence_scene(struct layout_tally *t, struct session *S, const char *view, const char *setup)
{
    return presence_scene_at(t, S, view, setup, 1920, 1080);
}

/* how many texts of sc are exactly s */
static inline int presence_count(const struct scene *sc, const char *s)
{
    int n = 0;
    for (int k = 0; k < sc->n_items; k++)
        n += sc->items[k].kind == ITEM_TEXT && !strcmp(sc->items[k].text, s);
    return n;
}

/* the texts want[] (each at least once) are in the scene; problems said
 * with case's name; returns the number missing */
static inline int presence_want(struct layout_tally *t, const char *what, const char *const *want)
{
    int missing = 0;
    for (int k = 0; want[k]; k++)
        if (!presence_count(&t->sc, want[k])) {
            if (missing++ < 4)
                printf("# %s: '%s' is not drawn in presenter mode\n", what, want[k]);
        }
    return missing;
}

/* the gate mistake of lessons 3 and 6 on the projectors' 1920x1080 and
 * 1280x720 under the band: the inputs' values and every unit's gate
 * f'(z1) = 1 - a1^2 are drawn (a gate's label once covered x and pushed
 * its value out), and the scene passes the layout checks (no label is
 * painted over by a node); returns the number of problems */
static inline int layout_gate_presence(struct layout_tally *t, struct session *S)
{
    static const int sizes[2][2] = { { 1920, 1080 }, { 1280, 720 } };
    static const char *const want[] = { "1.969", "0.449", "\xe2\x8a\x99 0.007", "\xe2\x8a\x99 0.331",
                                        "\xe2\x8a\x99 0.387", "wrong dW1", "right dW1", NULL };
    int missing = 0;
    for (int k = 0; k < 2; k++) {
        if (presence_scene_at(t, S, "check", "seed 0; data moons 20 noise=0.2; net 2 3 2; mistake gate",
                              sizes[k][0], sizes[k][1]) < 0)
            return missing + 1;
        char what[64];
        snprintf(what, sizeof what, "the gate mistake at %dx%d", sizes[k][0], sizes[k][1]);
        missing += presence_want(t, what, want);
        struct layout_report r;
        if (layout_check(&t->sc, t->sc.min_text, &r)) {
            printf("# %s: %s\n", what, r.msg[0]);
            missing += r.problems;
        }
        /* lesson 6's: the hidden values too (-0.856 and -0.894 do not fit
         * their nodes with 3 decimals) */
        static const char *const six[] = { "0.500", "\xe2\x88\x92" "1.200", "\xe2\x88\x92" "0.86",
                                           "\xe2\x88\x92" "0.89", "0.826", "\xe2\x8a\x99 0.267", "\xe2\x8a\x99 0.200",
                                           "\xe2\x8a\x99 0.318", NULL };
        if (presence_scene_at(t, S, "check", "seed 0; net 2 3 2; x = [[0.5, -1.2]]; y = [[0, 1]]; mistake gate",
                              sizes[k][0], sizes[k][1]) < 0)
            return missing + 1;
        snprintf(what, sizeof what, "lesson 6's gate mistake at %dx%d", sizes[k][0], sizes[k][1]);
        missing += presence_want(t, what, six);
        if (layout_check(&t->sc, t->sc.min_text, &r)) {
            printf("# %s: %s\n", what, r.msg[0]);
            missing += r.problems;
        }
    }
    return missing;
}

/* lesson 2's part with five logits on the projectors' 1920x1080 and
 * 1280x720: every one of J's 25 cells has its value (3 decimals do not
 * fit the cells at the smallest text there; 2 do) */
struct heat_values {
    struct layout_tally *t;
    int seen, missing;
};

/* the texts drawn inside the heatmap's square */
static inline int heat_value_count(const struct scene *sc)
{
    int n = 0;
    for (int k = 0; k < sc->n_items; k++) {
        const struct item *it = &sc->items[k];
        n += it->kind == ITEM_TEXT && it->x > sc->heat.x && it->x < sc->heat.x + sc->heat.side &&
             it->y > sc->heat.y && it->y < sc->heat.y + sc->heat.side;
    }
    return n;
}

static inline void heat_values_at_stop(struct session *S, void *ud)
{
    struct heat_values *hv = ud;
    static const int sizes[2][2] = { { 1920, 1080 }, { 1280, 720 } };
    if (S->J.rows != 5 || S->view->view != VIEW_JACOBIAN)
        return;
    hv->seen++;
    for (int k = 0; k < 2; k++) {
        hv->t->sc.measure = hv->t->measure;
        scene_build(&hv->t->sc, S, S->view, sizes[k][0], sizes[k][1]);
        int n = heat_value_count(&hv->t->sc);
        struct layout_report r;
        if (n != 25 || layout_check(&hv->t->sc, hv->t->sc.min_text, &r)) {
            printf("# lesson 2, five logits, %dx%d: %d values in J's cells%s%s\n", sizes[k][0], sizes[k][1], n,
                   n == 25 ? "; " : "", n == 25 ? r.msg[0] : "");
            hv->missing++;
        }
    }
}

/* 0 when every part of lesson 2 with five logits shows J's 25 values */
static inline int layout_five_logit_values(struct layout_tally *t, struct session *S, const char *dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/02-jacobian.lesson", dir);
    struct heat_values hv = { t, 0, 0 };
    view_state_init(S->view);
    S->view->present = 1;
    S->view->theme = THEME_PROJECTOR;
    lesson_on_stop(heat_values_at_stop, &hv);
    lesson_trust_named(S, path);
    FILE *null = fopen("/dev/null", "w"), *out = S->out;
    S->out = null ? null : out;
    int rc = lesson_start(S, path, 1);
    S->out = out;
    if (null)
        fclose(null);
    lesson_on_stop(NULL, NULL);
    lesson_stop(S);
    if (rc < 0 || !hv.seen) {
        printf("# lesson 2 did not play to its part with five logits\n");
        return 1;
    }
    return hv.missing;
}

/* #13's points on a projector: at 1920x1080 in presenter mode the
 * numbers are there, at 28 px or more (the layout check says the size) */
static inline int layout_presence(struct layout_tally *t, struct session *S)
{
    int missing = 0;
    /* 1: the flow view at delta2: every node value, delta, gate, share */
    if (presence_scene(t, S, "flow", "seed 0; net 2 3 2; x = [[0.5, -1.2]]; y = [[0, 1]]; "
                       "step; step; step; step; step; step; step; step; step") < 0)
        return 1;
    static const char *const flow[] = {
        "0.500", "\xe2\x88\x92" "1.200", "\xe2\x88\x92" "0.856", "\xe2\x88\x92" "0.894", "0.826",
        "0.288", "0.712", "0.340", "\xce\xb4\xe2\x82\x82 0.049", "\xce\xb4\xe2\x82\x82 \xe2\x88\x92" "0.017",
        "\xce\xb4\xe2\x82\x82 \xe2\x88\x92" "0.069", "\xce\xb4\xe2\x82\x83 0.288",
        "\xe2\x8a\x99 0.267", "\xe2\x8a\x99 0.200", "\xe2\x8a\x99 0.318",
        "0.158", "0.025", "0.024", "\xe2\x88\x92" "0.017", "\xe2\x88\x92" "0.068", "\xe2\x88\x92" "0.242", NULL,
    };
    missing += presence_want(t, "flow at delta2", flow);
    /* 4: J's numbers, and the mistake's beside them with its labels */
    if (presence_scene(t, S, "jacobian", "logits 2 1 0.1; mistake logits") < 0)
        return missing + 1;
    static const char *const jac[] = { "0.225", "0.184", "0.089", "\xe2\x88\x92" "0.160",
                                       "\xe2\x88\x92" "0.024", "the mistake (same colours)", NULL };
    missing += presence_want(t, "J and the mistake", jac);
    char mist[64];
    const char *mwant[] = { scene_number(mist, sizeof mist, T_AT(&S->mistake_J, 1, 1)), NULL };
    missing += presence_want(t, "the mistake's values", mwant);
    if (presence_count(&t->sc, "s\xe2\x82\x82") < 2 || presence_count(&t->sc, "z\xe2\x82\x82") < 2) {
        printf("# J and the mistake: each has its row and column labels\n");
        missing++;
    }
    /* lesson 2's logits 30 0: J's entries are 9.4e-14 in size, not 0.000 */
    if (presence_scene(t, S, "jacobian", "logits 30 0") < 0)
        return missing + 1;
    static const char *const tiny[] = { "9.4e\xe2\x88\x92" "14", "\xe2\x88\x92" "9.4e\xe2\x88\x92" "14", NULL };
    missing += presence_want(t, "J at logits 30 0", tiny);
    int said = 0;
    for (int k = 0; k < t->sc.n_items; k++)
        said += t->sc.items[k].kind == ITEM_TEXT && strstr(t->sc.items[k].text, "max |J| = 9.4e\xe2\x88\x92" "14 ");
    if (!said) {
        printf("# J at logits 30 0: the hint does not say max |J| = 9.4e-14\n");
        missing++;
    }
    /* the check of J: J - J_fd's nine values, in short scientific form */
    if (presence_scene(t, S, "check", "logits 0 -0.5108 -0.9163; jacobian check") < 0)
        return missing + 1;
    int sci = 0;
    for (int k = 0; k < t->sc.n_items; k++) {
        const char *x = t->sc.items[k].text, *e = t->sc.items[k].kind == ITEM_TEXT ? strstr(x, "e\xe2\x88\x92") : NULL;
        sci += e && (x[0] != '\xc2') && strlen(e) == 6 && strspn(x, "0123456789.e\xe2\x88\x92") == strlen(x);
    }
    if (sci != 9) {
        printf("# jacobian check: %d of the difference's 9 values drawn\n", sci);
        missing++;
    }
    /* 5: the loss curve, after training, with the loss it reached */
    if (presence_scene(t, S, "data", "seed 0; data moons 200 noise=0.2; net 2 3 2; "
                       "train 2000 lr=0.01 reg=0.01 every=0") < 0)
        return missing + 1;
    static const char *const data[] = { "Loss curve", "pass 1999", NULL };
    missing += presence_want(t, "the data view after train", data);
    /* (the accuracy itself: its digits are the trainer's, not the layout's) */
    int acc = 0;
    for (int k = 0; k < t->sc.n_items; k++)
        acc += t->sc.items[k].kind == ITEM_TEXT && !strncmp(t->sc.items[k].text, "accuracy ", 9);
    if (!acc) {
        printf("# the data view after train: no accuracy\n");
        missing++;
    }
    int lines = 0;
    for (int k = 0; k < t->sc.n_items; k++)
        lines += t->sc.items[k].kind == ITEM_LINE;
    if (lines < 100) {
        printf("# the data view after train: the loss curve is not drawn (%d lines)\n", lines);
        missing++;
    }
    /* lesson 8's run ends in a 2-cycle: its two losses told apart */
    if (presence_scene(t, S, "data", "seed 0; data moons 200 noise=0.2; net 2 3 2; "
                       "train 20000 lr=0.01 reg=0.01 every=0") < 0)
        return missing + 1;
    static const char *const cycle[] = { "alternating 0.0708 / 0.0713: a 2-cycle", NULL };
    missing += presence_want(t, "lesson 8's training", cycle);
    return missing;
}

/* the check view: each picture, and a check made for other values */
static inline void layout_check_cases(struct layout_tally *t, struct session *S, struct view_state *v)
{
    v->view = VIEW_CHECK;
    layout_all_sizes(t, "no check", S, v);
    layout_run(S, "logits 2 1 0.1; jacobian check; view check");
    layout_all_sizes(t, "jacobian check", S, v);
    layout_logits(S, 12, 2.0);
    layout_run(S, "jacobian check; view check");
    layout_all_sizes(t, "jacobian check, 12 logits", S, v);
    layout_run(S, "logits 1 2");
    layout_all_sizes(t, "jacobian check, stale", S, v);
    layout_run(S, "logits 1000 999 998; mistake naive; view check");
    layout_all_sizes(t, "mistake naive", S, v);
    layout_run(S, "seed 0; data moons 20; net 2 3 2; gradcheck; view check");
    layout_all_sizes(t, "gradcheck", S, v);
    static const char *const mistakes[] = { "gate", "batch", "sign", "transposed", "dW1-from-a1", NULL };
    for (int k = 0; mistakes[k]; k++) {
        char line[64];
        snprintf(line, sizeof line, "mistake %s; view check", mistakes[k]);
        if (S->run(S, line) == 0)
            layout_all_sizes(t, line, S, v);
    }
    layout_run(S, "reg = 0.1; mistake reg; view check");
    layout_all_sizes(t, "mistake reg", S, v);
    layout_run(S, "seed 1; net 12 20 11; x = [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]]; mistake gate; view check");
    layout_all_sizes(t, "mistake gate, 12-20-11", S, v);
    layout_run(S, "reg = 0.2");
    layout_all_sizes(t, "mistake, stale", S, v);
    /* the diagnosis view: none yet, a mistake named */
    v->view = VIEW_DIAGNOSE;
    session_diag_release(S);
    layout_all_sizes(t, "no diagnosis", S, v);
    layout_run(S, "seed 0; net 2 3 2; x = [[0.5, -1.2], [1.0, 0.3], [-0.7, 0.8]]; y = [1, 0, 1]; "
               "diagnose dW1 = [[-0.5028856, 0.23459292, 0.59820998], [0.01926497, -0.00898698, -0.02291673]]");
    layout_all_sizes(t, "diagnose: the gate", S, v);
    /* no known mistake (its caption under the colour scale's line), and
     * right */
    layout_run(S, "diagnose dW2 = [[1, 2], [3, 4], [5, 6]]");
    layout_all_sizes(t, "diagnose: no known mistake", S, v);
    layout_run(S, "diagnose db2 = [0.5, -0.5]");
    layout_all_sizes(t, "diagnose: another value", S, v);
}

/* all the cases on a fresh session (S->run and S->view set by the caller;
 * the view state is S->view) */
static inline void layout_cases(struct layout_tally *t, struct session *S)
{
    struct view_state *v = S->view;
    layout_jacobian_cases(t, S, v);
    layout_flow_cases(t, S, v);
    layout_data_cases(t, S, v);
    layout_check_cases(t, S, v);
    v->help = 1;
    layout_all_sizes(t, "the help", S, v);
    v->help = 0;
}

#endif
