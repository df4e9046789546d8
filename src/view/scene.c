/* scene: the session and the view state -> a list of things to draw: the
 * dispatch. Which view, the lesson's band below it, the help over it; the
 * views and the overlays are files of their own (draw.h). Pure: no SDL.
 * See scene.h. */
#include "scene.h"
#include "draw.h"
#include "lesson.h"
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const view_names[VIEW_COUNT] = { "jacobian", "flow", "data", "diagnose", "check" };

void view_state_init(struct view_state *v)
{
    memset(v, 0, sizeof *v);
    v->view = VIEW_JACOBIAN;
    v->theme = THEME_DARK;
    v->zoom = 1.0;
    v->mouse_x = v->mouse_y = -1;
    v->anim_t = 1.0;
}

void scene_init(struct scene *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->img_key_n = -1;
    sc->hover_i = sc->hover_j = -1;
}

void scene_release(struct scene *sc)
{
    free(sc->items);
    free(sc->arena);
    free(sc->pixels);
    free(sc->pred);
    free(sc->work);
    free(sc->grips);
    scene_boundary_release(&sc->bnd);
    scene_init(sc);
}

/* the band's page for the caption: the one the window turned to, else
 * the first (the last after a verdict); at a question where Space was
 * pressed once, the band ends by saying how to skip it */
static void band_pages(struct ctx *c, struct lesson_caption *cap, struct band *b)
{
    const struct view_state *v = c->v;
    struct scene *sc = c->sc;
    int same = v->band_serial == cap->serial;
    int armed = same && v->band_armed && cap->question;
    if (armed) {
        size_t n = strlen(cap->text);
        snprintf(cap->text + n, sizeof cap->text - n, "\n%s",
                 "A question waits: type your answer, or press Space again to skip it.");
    }
    overlay_band_pages(c, b, cap->text, same ? v->band_page : 0, armed || (!same && cap->show_end));
    sc->band_serial = cap->serial;
    sc->band_page = b->page;
    sc->band_pages = b->pages;
    sc->band_question = cap->question;
}

/* what the mouse is over, explained in a box beside it (touch.h): the
 * text wrapped at about 32 em (or the frame's width), smaller only when
 * its lines would not fit the frame's height; the box right of and below
 * the mouse, on the other side where it would leave the frame, and never
 * out of it */
#define TIP_LINES 8
static void overlay_tip(struct ctx *c, int mx, int my, const char *tip)
{
    struct scene *sc = c->sc;
    const char *starts[TIP_LINES];
    int lens[TIP_LINES], n, fs = draw_size(c, c->base * 0.8);
    double pad, lh;
    for (;; fs--) {
        pad = fs * 0.4;
        lh = fs * TEXT_LINE_EM;
        n = overlay_band_wrap(c, tip, fs, fmin(fs * 32.0, c->w - 2 * pad - 2), starts, lens, TIP_LINES);
        if ((n <= TIP_LINES && n * lh + 2 * pad <= c->h) || fs <= c->min)
            break;
    }
    while (n > 1 && (n > TIP_LINES || n * lh + 2 * pad > c->h))
        n--;
    double tw = 0;
    char line[320];         /* a line of the tip (touch_tip writes at most 300 bytes) */
    for (int i = 0; i < n; i++) {
        snprintf(line, sizeof line, "%.*s", lens[i], starts[i]);
        tw = fmax(tw, draw_text_width(sc, line, fs, 0));
    }
    double bw = fmin(tw + 2 * pad, c->w), bh = fmin(n * lh + 2 * pad, c->h);
    double x = mx + fs, y = my + fs * 1.2;
    if (x + bw > c->w)
        x = mx - fs * 0.5 - bw;
    if (x < 0)
        x = fmax(0, c->w - bw);
    if (y + bh > c->h)
        y = my - fs * 0.6 - bh;
    if (y < 0)
        y = fmax(0, c->h - bh);
    draw_rect(sc, x, y, bw, bh, theme_alpha(c->t->panel, 245));
    draw_frame(sc, x, y, bw, bh, c->lw, c->t->grid);
    for (int i = 0; i < n; i++) {
        snprintf(line, sizeof line, "%.*s", lens[i], starts[i]);
        draw_text_fit(c, x + pad, y + pad + i * lh, fs, 0, ANCHOR_TL, c->t->fg, bw - 2 * pad, line);
    }
}

/* the mouse drawn at (mx, my), for a snapshot: an arrow pointing there
 * from below right, as a pointer leans, in the text's colour edged with
 * the background's (it ends before a tip to its right begins) */
static void overlay_pointer(struct ctx *c, int mx, int my)
{
    double s = draw_size(c, c->base * 0.8), len = s * 1.6, w = fmax(2.0, s * 0.2);
    double tx = mx + len * 0.42, ty = my + len * 0.91;
    draw_line(c->sc, tx, ty, mx, my, w + 2 * c->lw + 1, c->t->bg, 1);
    draw_line(c->sc, tx, ty, mx, my, w, c->t->fg, 1);
}

void scene_build(struct scene *sc, const struct session *S, const struct view_state *v,
                 int w, int h)
{
    struct ctx c;
    c.sc = sc;
    c.S = S;
    c.v = v;
    c.t = theme_colors_of((int)v->theme);
    c.w = w > 1 ? w : 1;
    c.h = h > 1 ? h : 1;
    double zoom = v->zoom > 0.2 ? v->zoom : 1.0;
    /* body text: about 1/36 of the smaller side, so the layout scales */
    double short_side = c.w < c.h * 1.6 ? c.w / 1.6 : c.h;
    c.base = clampi((int)lround(short_side / 34.0 * zoom * c.t->text_scale), 9, 160);
    c.lw = (c.base / 22.0 > 1.0 ? c.base / 22.0 : 1.0) * c.t->line_scale;
    c.min = scene_min_text((int)v->theme, v->present, c.w, c.h);

    sc->w = c.w;
    sc->h = c.h;
    sc->clear = c.t->bg;
    sc->n_items = 0;
    sc->arena_len = 0;
    sc->overflow = 0;
    sc->hover_i = sc->hover_j = -1;
    sc->heat.n = 0;
    sc->n_grips = 0;
    sc->curve.w = 0;
    sc->ringed = -1;
    sc->cbar.w = sc->cbar.h = 0;
    sc->min_text = c.min;
    sc->panels[0] = (struct panel){ 0, 0, (float)c.w, (float)c.h, "frame" };
    sc->n_panels = 1;
    sc->cur_panel = 0;
    sc->cur_layer = 0;
    int uses_image = 0;

    /* a lesson's narration takes a band at the bottom; the view the rest */
    struct lesson_caption cap;
    struct band band = { 0 };
    int has_band = lesson_caption(S, &cap);
    sc->band_y = c.h;
    sc->band_first = INT_MAX;
    sc->band_pages = sc->band_page = sc->band_question = 0;
    sc->band_serial = 0;
    if (has_band) {
        overlay_band_geometry(&c, c.h, &band);
        band_pages(&c, &cap, &band);
        c.h = (int)band.y;
    }
    int frame = draw_panel(sc, 0, 0, c.w, c.h, "view");
    if (v->view == VIEW_FLOW) {
        view_flow(&c);
    } else if (v->view == VIEW_DATA) {
        view_data(&c);
        uses_image = sc->has_image;
    } else if (v->view == VIEW_DIAGNOSE) {
        view_diagnose(&c);
    } else if (v->view == VIEW_CHECK) {
        view_check(&c);
    } else {
        view_jacobian(&c);
        for (int k = 0; k < sc->n_items; k++)
            if (sc->items[k].kind == ITEM_IMAGE)
                uses_image = 1;
    }
    draw_panel_end(sc, frame);
    c.h = sc->h;
    if (has_band) {
        sc->band_y = band.y;
        sc->band_first = sc->n_items;
        overlay_band(&c, &band, cap.title);
    }
    /* the pixels stay allocated for next time, but are no longer current */
    if (!uses_image)
        sc->has_image = 0;
    char tip[300] = "";
    if (!v->tip_hidden)
        touch_tip(sc, S, v, v->mouse_x, v->mouse_y, tip, sizeof tip);
    if (tip[0] && !v->help) {
        sc->cur_layer = 1;
        overlay_tip(&c, v->mouse_x, v->mouse_y, tip);
        sc->cur_layer = 0;
    }
    if (v->pointer && v->mouse_x >= 0 && v->mouse_y >= 0)
        overlay_pointer(&c, v->mouse_x, v->mouse_y);
    if (v->help) {
        sc->cur_layer = 1;
        overlay_help(&c);
        sc->cur_layer = 0;
    }

    /* the arena may have moved while it grew: point the texts into it now */
    for (int k = 0; k < sc->n_items; k++)
        if (sc->items[k].kind == ITEM_TEXT)
            sc->items[k].text = sc->arena + sc->items[k].text_off;
}
