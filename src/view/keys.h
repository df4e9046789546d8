/* keys: the window's keys, in ONE table. Pure: no SDL.
 *
 * Each binding is a key (our own key codes: the renderer maps its
 * library's keys to them), the modifiers it wants, and either the command
 * line it runs (through the same runner as a typed line, so the window
 * and the terminal never disagree) or a window action (help, zoom,
 * fullscreen), with the label and the words the help overlay shows. The
 * front end looks keys up here and the help overlay lists this table, so
 * a key cannot be bound without being listed.
 *
 * Ownership: the table is static and constant; nothing is allocated. */
#ifndef GRADLAB_KEYS_H
#define GRADLAB_KEYS_H

#include <stddef.h>
#include "scene.h"

enum key_code {
    KEY_NONE,
    KEY_SPACE, KEY_RIGHT, KEY_LEFT, KEY_BACKSPACE, KEY_TAB, KEY_T, KEY_A,
    KEY_PAGEUP, KEY_UP, KEY_PAGEDOWN, KEY_DOWN,
    KEY_PLUS, KEY_EQUALS, KEY_KP_PLUS, KEY_MINUS, KEY_KP_MINUS, KEY_0, KEY_KP_0,
    KEY_F11, KEY_S, KEY_H, KEY_F1, KEY_QUESTION, KEY_ESCAPE, KEY_Z, KEY_C,
    KEY_COUNT
};
/* the name SDL gives each key (SDL_GetKeyName), so a test can hold the
 * renderer's map against it; "" for KEY_NONE */
extern const char *const key_code_names[KEY_COUNT];

/* modifier bits of a key press */
#define KEYMOD_CTRL 1u
#define KEYMOD_SHIFT 2u

/* which modifiers a binding wants */
enum key_mods {
    KEYS_ANY,               /* with or without modifiers */
    KEYS_CTRL,              /* Ctrl held */
    KEYS_CTRL_SHIFT,        /* Ctrl and Shift held */
    KEYS_NO_CTRL,           /* Ctrl not held */
};

enum key_action {
    ACTION_COMMAND,         /* run the binding's command line */
    ACTION_HELP,            /* show or hide the help */
    ACTION_LEAVE,           /* close the help, else leave fullscreen */
    ACTION_FULLSCREEN,      /* fullscreen on or off */
    ACTION_ZOOM_IN, ACTION_ZOOM_OUT, ACTION_ZOOM_RESET,     /* text and line scale */
    ACTION_CLASS,           /* the class a click in the data view adds: the next one */
};

/* what a command line takes from the view state */
enum key_fill {
    FILL_NONE,              /* the line as it is */
    FILL_LESSON,            /* "next" instead while a lesson runs (Space goes on) */
    FILL_LESSON_BACK,       /* the line as it is (in a lesson, keys_lesson pages back first) */
    FILL_NEXT_VIEW,         /* %s: the view after the current one */
    FILL_NEXT_THEME,        /* %s: the theme after the current one */
    FILL_TOGGLE,            /* %s: "off" when autoscale is on, else "on" */
    FILL_EXAMPLE_BACK,      /* %d: the example before (none at the first) */
    FILL_EXAMPLE_ON,        /* %d: the example after */
    FILL_TIME,              /* %s: a file name with the date and time */
};

struct key_binding {
    enum key_code key;
    enum key_mods mods;
    enum key_action action;
    /* ACTION_COMMAND: the command line, a printf format that keys_line
     * fills from the view state as fill says */
    const char *line;
    enum key_fill fill;
    /* the key as the help shows it, and what it does (bindings next to
     * each other with the same words share a row of the help) */
    const char *label, *help;
};

extern const struct key_binding key_bindings[];
extern const int n_key_bindings;

/* the binding of key pressed with the modifier bits mods, or NULL */
const struct key_binding *keys_find(enum key_code key, unsigned mods);

/* b's command line in the state v into buf (size n): 1, or 0 when the key
 * means no command now (PgUp at the first example, or b is an action) */
int keys_line(const struct key_binding *b, const struct view_state *v, char *buf, size_t n);

/* A key in a lesson, before its command: Space (and Right) turn the
 * band's page while the narration has more (sc: the frame last drawn),
 * and at a question the first press only makes the band say how to skip
 * it (the second goes on: "next" skips); Left and Backspace turn the
 * page back. 1 when the key did that (v changed; no command runs). */
int keys_lesson(const struct key_binding *b, struct view_state *v, const struct scene *sc);

/* apply b's window action to v (help, zoom, fullscreen); 1 when v changed */
int keys_apply(const struct key_binding *b, struct view_state *v);

#endif
