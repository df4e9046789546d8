/* texts: what the window draws, as text. See texts.h. */
#include "texts.h"

#include <stdio.h>
#include <string.h>

#include "scene.h"

/* the texts of one scene but its band's, appended to buf at *at */
static void append(const struct scene *sc, char *buf, size_t n, size_t *at)
{
    for (int k = 0; k < sc->n_items; k++) {
        const struct item *it = &sc->items[k];
        if (it->kind != ITEM_TEXT || k >= sc->band_first)
            continue;
        size_t len = strlen(it->text);
        if (*at + len + 2 > n)
            return;
        memcpy(buf + *at, it->text, len);
        *at += len;
        buf[(*at)++] = '\n';
        buf[*at] = '\0';
    }
    /* a number drawn as marks to count, as the words that would say it */
    if (sc->ringed >= 0 && *at + 64 < n)
        *at += (size_t)snprintf(buf + *at, n - *at, "%d points ringed (counted in the picture)\n", sc->ringed);
}

void scene_texts(const struct session *S, const struct view_state *v, char *buf, size_t n)
{
    static const struct { int w, h, present; } sizes[] = { { 1280, 800, 0 }, { 1920, 1080, 1 } };
    size_t at = 0;
    if (n == 0)
        return;
    buf[0] = '\0';
    for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
        struct view_state vv = *v;
        vv.mouse_x = vv.mouse_y = -1;
        vv.help = 0;
        vv.anim_t = 1.0;
        if (sizes[k].present) {
            vv.present = 1;
            vv.theme = THEME_PROJECTOR;
        }
        struct scene sc;
        scene_init(&sc);
        scene_build(&sc, S, &vv, sizes[k].w, sizes[k].h);
        append(&sc, buf, n, &at);
        scene_release(&sc);
    }
}
