/* keys: the window's keys, in one table. Pure: no SDL. See keys.h. */
#include "keys.h"
#include <stdio.h>
#include <time.h>

const char *const key_code_names[KEY_COUNT] = {
    [KEY_NONE] = "", [KEY_SPACE] = "Space", [KEY_RIGHT] = "Right", [KEY_LEFT] = "Left",
    [KEY_BACKSPACE] = "Backspace", [KEY_TAB] = "Tab", [KEY_T] = "T", [KEY_A] = "A",
    [KEY_PAGEUP] = "PageUp", [KEY_UP] = "Up", [KEY_PAGEDOWN] = "PageDown", [KEY_DOWN] = "Down",
    [KEY_PLUS] = "+", [KEY_EQUALS] = "=", [KEY_KP_PLUS] = "Keypad +", [KEY_MINUS] = "-",
    [KEY_KP_MINUS] = "Keypad -", [KEY_0] = "0", [KEY_KP_0] = "Keypad 0", [KEY_F11] = "F11",
    [KEY_S] = "S", [KEY_H] = "H", [KEY_F1] = "F1", [KEY_QUESTION] = "?", [KEY_ESCAPE] = "Escape",
    [KEY_Z] = "Z", [KEY_C] = "C",
};

#define RIGHT_ARROW "\xe2\x86\x92"
#define LEFT_ARROW "\xe2\x86\x90"
#define UP_ARROW "\xe2\x86\x91"
#define DOWN_ARROW "\xe2\x86\x93"
#define MINUS_SIGN "\xe2\x88\x92"

#define CMD(key, mods, line, fill, label, help) { key, mods, ACTION_COMMAND, line, fill, label, help }
#define ACT(key, mods, action, label, help) { key, mods, action, NULL, FILL_NONE, label, help }

const struct key_binding key_bindings[] = {
    CMD(KEY_SPACE, KEYS_ANY, "step", FILL_LESSON, "Space",
        "step (next stage); in a lesson: the narration's next page, then go on"),
    CMD(KEY_RIGHT, KEYS_ANY, "step", FILL_LESSON, RIGHT_ARROW,
        "step (next stage); in a lesson: the narration's next page, then go on"),
    CMD(KEY_LEFT, KEYS_ANY, "back", FILL_LESSON_BACK, LEFT_ARROW, "back (in a lesson: the page before first)"),
    CMD(KEY_BACKSPACE, KEYS_ANY, "back", FILL_LESSON_BACK, "Backspace", "back (in a lesson: the page before first)"),
    CMD(KEY_TAB, KEYS_ANY, "view %s", FILL_NEXT_VIEW, "Tab", "next view (jacobian, flow, data, diagnose, check)"),
    CMD(KEY_T, KEYS_ANY, "theme %s", FILL_NEXT_THEME, "t", "theme: dark, light, projector"),
    CMD(KEY_A, KEYS_ANY, "autoscale %s", FILL_TOGGLE, "a", "autoscale the Jacobian on/off"),
    CMD(KEY_PAGEUP, KEYS_ANY, "example %d", FILL_EXAMPLE_BACK, "PgUp", "previous example of the batch"),
    CMD(KEY_UP, KEYS_ANY, "example %d", FILL_EXAMPLE_BACK, UP_ARROW, "previous example of the batch"),
    CMD(KEY_PAGEDOWN, KEYS_ANY, "example %d", FILL_EXAMPLE_ON, "PgDn", "next example of the batch"),
    CMD(KEY_DOWN, KEYS_ANY, "example %d", FILL_EXAMPLE_ON, DOWN_ARROW, "next example of the batch"),
    ACT(KEY_PLUS, KEYS_CTRL, ACTION_ZOOM_IN, "Ctrl +", "zoom text in"),
    ACT(KEY_EQUALS, KEYS_CTRL, ACTION_ZOOM_IN, "Ctrl =", "zoom text in"),
    ACT(KEY_KP_PLUS, KEYS_ANY, ACTION_ZOOM_IN, "keypad +", "zoom text in"),
    ACT(KEY_MINUS, KEYS_CTRL, ACTION_ZOOM_OUT, "Ctrl " MINUS_SIGN, "zoom text out"),
    ACT(KEY_KP_MINUS, KEYS_ANY, ACTION_ZOOM_OUT, "keypad " MINUS_SIGN, "zoom text out"),
    ACT(KEY_0, KEYS_CTRL, ACTION_ZOOM_RESET, "Ctrl 0", "zoom text back to normal"),
    ACT(KEY_KP_0, KEYS_CTRL, ACTION_ZOOM_RESET, "Ctrl keypad 0", "zoom text back to normal"),
    ACT(KEY_F11, KEYS_ANY, ACTION_FULLSCREEN, "F11", "fullscreen"),
    CMD(KEY_S, KEYS_NO_CTRL, "snapshot %s", FILL_TIME, "s", "save a snapshot PNG"),
    ACT(KEY_H, KEYS_ANY, ACTION_HELP, "h", "this help"),
    ACT(KEY_F1, KEYS_ANY, ACTION_HELP, "F1", "this help"),
    ACT(KEY_QUESTION, KEYS_ANY, ACTION_HELP, "?", "this help"),
    ACT(KEY_ESCAPE, KEYS_ANY, ACTION_LEAVE, "Esc", "close the help, leave fullscreen"),
    CMD(KEY_Z, KEYS_CTRL_SHIFT, "redo", FILL_NONE, "Ctrl Shift z", "redo the change undo took back"),
    CMD(KEY_Z, KEYS_CTRL, "undo", FILL_NONE, "Ctrl z", "undo the last change of the values"),
    ACT(KEY_C, KEYS_NO_CTRL, ACTION_CLASS, "c", "the class a click in the data view adds: the next"),
};
const int n_key_bindings = (int)(sizeof key_bindings / sizeof key_bindings[0]);

const struct key_binding *keys_find(enum key_code key, unsigned mods)
{
    int ctrl = (mods & KEYMOD_CTRL) != 0, shift = (mods & KEYMOD_SHIFT) != 0;
    for (int k = 0; k < n_key_bindings; k++) {
        const struct key_binding *b = &key_bindings[k];
        int want = b->mods == KEYS_ANY || (b->mods == KEYS_CTRL_SHIFT ? ctrl && shift : (b->mods == KEYS_CTRL) == ctrl);
        if (b->key == key && want)
            return b;
    }
    return NULL;
}

int keys_line(const struct key_binding *b, const struct view_state *v, char *buf, size_t n)
{
    if (!b || b->action != ACTION_COMMAND)
        return 0;
    switch (b->fill) {
    case FILL_LESSON:
        snprintf(buf, n, "%s", v->lesson_active ? "next" : b->line);
        break;
    case FILL_NEXT_VIEW:
        snprintf(buf, n, b->line, view_names[(v->view + 1) % VIEW_COUNT]);
        break;
    case FILL_NEXT_THEME:
        snprintf(buf, n, b->line, theme_names[(v->theme + 1) % THEME_COUNT]);
        break;
    case FILL_TOGGLE:
        snprintf(buf, n, b->line, v->autoscale ? "off" : "on");
        break;
    case FILL_EXAMPLE_BACK:
        if (v->example <= 0)
            return 0;
        snprintf(buf, n, b->line, v->example - 1);
        break;
    case FILL_EXAMPLE_ON:
        snprintf(buf, n, b->line, v->example + 1);
        break;
    case FILL_TIME: {
        time_t tt = time(NULL);
        struct tm tmv;
        char name[64];
        localtime_r(&tt, &tmv);
        strftime(name, sizeof name, "gradlab-%Y%m%d-%H%M%S.png", &tmv);
        snprintf(buf, n, b->line, name);
        break;
    }
    default:
        snprintf(buf, n, "%s", b->line);
        break;
    }
    return 1;
}

int keys_lesson(const struct key_binding *b, struct view_state *v, const struct scene *sc)
{
    if (!b || !v->lesson_active || !sc)
        return 0;
    if (b->fill == FILL_LESSON_BACK && sc->band_page > 0) {
        v->band_serial = sc->band_serial;
        v->band_page = sc->band_page - 1;
        v->band_armed = 0;
        return 1;
    }
    if (b->fill != FILL_LESSON)
        return 0;
    if (sc->band_page + 1 < sc->band_pages) {
        v->band_serial = sc->band_serial;
        v->band_page = sc->band_page + 1;
        v->band_armed = 0;
        return 1;
    }
    if (sc->band_question && !(v->band_armed && v->band_serial == sc->band_serial)) {
        v->band_serial = sc->band_serial;
        v->band_page = sc->band_page;
        v->band_armed = 1;
        return 1;
    }
    return 0;
}

int keys_apply(const struct key_binding *b, struct view_state *v)
{
    if (!b)
        return 0;
    switch (b->action) {
    case ACTION_HELP:
        v->help = !v->help;
        return 1;
    case ACTION_LEAVE:
        if (v->help)
            v->help = 0;
        else if (v->fullscreen)
            v->fullscreen = 0;
        else
            return 0;
        return 1;
    case ACTION_FULLSCREEN:
        v->fullscreen = !v->fullscreen;
        return 1;
    case ACTION_ZOOM_IN:
        v->zoom = v->zoom * 1.15 > 4.0 ? 4.0 : v->zoom * 1.15;
        return 1;
    case ACTION_ZOOM_OUT:
        v->zoom = v->zoom / 1.15 < 0.4 ? 0.4 : v->zoom / 1.15;
        return 1;
    case ACTION_ZOOM_RESET:
        v->zoom = 1.0;
        return 1;
    case ACTION_CLASS:
        v->touch_class = v->class_count > 1 ? (v->touch_class + 1) % v->class_count : 0;
        return 1;
    default:
        return 0;
    }
}
