/* test_keys: the window's key table (keys.c): every binding is listed in
 * the help overlay (on the row of its words), a key finds its binding with
 * the modifiers it wants and no other, the command lines the keys run, and
 * the window actions. (tests/render/probe.c keys holds the renderer's map
 * of SDL's keys against the table.) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "keys.h"
#include "scene.h"

/* 1 when label is one of the labels of a row ("Ctrl +  Ctrl =  keypad +") */
static int row_has_label(const char *row, const char *label)
{
    size_t n = strlen(label);
    for (const char *p = row; (p = strstr(p, label)) != NULL; p++) {
        int start = p == row || (p >= row + 2 && p[-1] == ' ' && p[-2] == ' ');
        int end = p[n] == '\0' || (p[n] == ' ' && p[n + 1] == ' ');
        if (start && end)
            return 1;
    }
    return 0;
}

static void assert_every_binding_listed(int w, int h)
{
    struct view_state v;
    view_state_init(&v);
    v.help = 1;
    struct scene sc;
    scene_init(&sc);
    scene_build(&sc, NULL, &v, w, h);
    assert_false(sc.overflow);
    for (int k = 0; k < n_key_bindings; k++) {
        const struct key_binding *b = &key_bindings[k];
        /* the words, then on the same row, left of them, the keys */
        const struct item *words = NULL;
        for (int i = 0; i < sc.n_items && !words; i++)
            if (sc.items[i].kind == ITEM_TEXT && strcmp(sc.items[i].text, b->help) == 0)
                words = &sc.items[i];
        if (!words)
            fail_msg("the help does not say '%s' (key %s)", b->help, b->label);
        const struct item *keys = NULL;
        for (int i = 0; i < sc.n_items && !keys; i++) {
            const struct item *it = &sc.items[i];
            if (it->kind == ITEM_TEXT && it->y == words->y && it->x < words->x)
                keys = it;
        }
        if (!keys || !row_has_label(keys->text, b->label))
            fail_msg("the help's row '%s' does not list the key '%s' (%dx%d)", b->help, b->label, w, h);
        /* and the words fit in the frame */
        assert_true(words->x > 0 && words->x < w && words->y > 0 && words->y < h);
    }
    scene_release(&sc);
}

static void test_help_lists_every_binding(void **state)
{
    (void)state;
    assert_every_binding_listed(1280, 800);
    assert_every_binding_listed(480, 320);      /* the smallest window */
    assert_every_binding_listed(1920, 1080);
}

/* the keys that were bound but not listed before the table */
static void test_help_lists_f1_backspace_up_down(void **state)
{
    (void)state;
    const char *labels[] = { "F1", "Backspace", "\xe2\x86\x91", "\xe2\x86\x93" };
    const enum key_code codes[] = { KEY_F1, KEY_BACKSPACE, KEY_UP, KEY_DOWN };
    for (int k = 0; k < 4; k++) {
        const struct key_binding *b = keys_find(codes[k], 0);
        assert_non_null(b);
        assert_string_equal(b->label, labels[k]);
    }
}

static void test_find_wants_the_modifiers(void **state)
{
    (void)state;
    for (int k = 0; k < n_key_bindings; k++) {
        const struct key_binding *b = &key_bindings[k];
        if (b->mods == KEYS_CTRL_SHIFT) {
            assert_ptr_equal(keys_find(b->key, KEYMOD_CTRL | KEYMOD_SHIFT), b);
        } else {
            if (b->mods != KEYS_CTRL)
                assert_ptr_equal(keys_find(b->key, 0), b);
            if (b->mods != KEYS_NO_CTRL)
                assert_ptr_equal(keys_find(b->key, KEYMOD_CTRL), b);
        }
        assert_true(b->key > KEY_NONE && b->key < KEY_COUNT);
        assert_non_null(b->label);
        assert_non_null(b->help);
        assert_true(b->action != ACTION_COMMAND || b->line != NULL);
    }
    /* Ctrl + zooms, + alone does not; the keypad's + zooms either way */
    assert_null(keys_find(KEY_PLUS, 0));
    assert_null(keys_find(KEY_0, 0));
    assert_int_equal(keys_find(KEY_KP_PLUS, 0)->action, ACTION_ZOOM_IN);
    assert_int_equal(keys_find(KEY_KP_PLUS, KEYMOD_CTRL)->action, ACTION_ZOOM_IN);
    /* s saves a snapshot, Ctrl-s does nothing */
    assert_null(keys_find(KEY_S, KEYMOD_CTRL));
    assert_null(keys_find(KEY_NONE, 0));
    for (int c = KEY_NONE + 1; c < KEY_COUNT; c++)
        assert_true(key_code_names[c][0] != '\0');
}

static void assert_line(enum key_code key, const struct view_state *v, const char *want)
{
    char line[256] = "";
    int r = keys_line(keys_find(key, 0), v, line, sizeof line);
    if (!want) {
        assert_int_equal(r, 0);
        return;
    }
    assert_int_equal(r, 1);
    assert_string_equal(line, want);
}

static void test_command_lines(void **state)
{
    (void)state;
    struct view_state v;
    view_state_init(&v);
    assert_line(KEY_SPACE, &v, "step");
    assert_line(KEY_RIGHT, &v, "step");
    assert_line(KEY_LEFT, &v, "back");
    assert_line(KEY_BACKSPACE, &v, "back");
    assert_line(KEY_TAB, &v, "view flow");
    assert_line(KEY_T, &v, "theme light");
    assert_line(KEY_A, &v, "autoscale on");
    assert_line(KEY_PAGEUP, &v, NULL);          /* no example before the first */
    assert_line(KEY_UP, &v, NULL);
    assert_line(KEY_PAGEDOWN, &v, "example 1");
    assert_line(KEY_DOWN, &v, "example 1");
    assert_line(KEY_H, &v, NULL);               /* an action, not a command */
    v.lesson_active = 1;
    v.view = VIEW_CHECK;              /* the last view: Tab goes round */
    v.theme = THEME_PROJECTOR;
    v.autoscale = 1;
    v.example = 3;
    assert_line(KEY_SPACE, &v, "next");         /* Space goes on in a lesson */
    assert_line(KEY_TAB, &v, "view jacobian");
    assert_line(KEY_T, &v, "theme dark");
    assert_line(KEY_A, &v, "autoscale off");
    assert_line(KEY_UP, &v, "example 2");
    assert_line(KEY_DOWN, &v, "example 4");
    char line[256];
    assert_int_equal(keys_line(keys_find(KEY_S, 0), &v, line, sizeof line), 1);
    assert_int_equal(strncmp(line, "snapshot gradlab-", 17), 0);
    assert_string_equal(line + strlen(line) - 4, ".png");
}

static void test_window_actions(void **state)
{
    (void)state;
    struct view_state v;
    view_state_init(&v);
    assert_true(keys_apply(keys_find(KEY_H, 0), &v));
    assert_int_equal(v.help, 1);
    assert_true(keys_apply(keys_find(KEY_QUESTION, 0), &v));
    assert_int_equal(v.help, 0);
    assert_true(keys_apply(keys_find(KEY_F1, 0), &v));
    assert_true(keys_apply(keys_find(KEY_F11, 0), &v));
    assert_int_equal(v.fullscreen, 1);
    /* Esc: first the help, then fullscreen, then nothing */
    assert_true(keys_apply(keys_find(KEY_ESCAPE, 0), &v));
    assert_int_equal(v.help, 0);
    assert_int_equal(v.fullscreen, 1);
    assert_true(keys_apply(keys_find(KEY_ESCAPE, 0), &v));
    assert_int_equal(v.fullscreen, 0);
    assert_false(keys_apply(keys_find(KEY_ESCAPE, 0), &v));
    /* zoom: 15 % a step, between 0.4 and 4 */
    assert_true(keys_apply(keys_find(KEY_EQUALS, KEYMOD_CTRL), &v));
    assert_true(v.zoom > 1.149 && v.zoom < 1.151);
    for (int k = 0; k < 40; k++)
        keys_apply(keys_find(KEY_KP_PLUS, 0), &v);
    assert_true(v.zoom == 4.0);
    for (int k = 0; k < 40; k++)
        keys_apply(keys_find(KEY_MINUS, KEYMOD_CTRL), &v);
    assert_true(v.zoom == 0.4);
    keys_apply(keys_find(KEY_KP_0, KEYMOD_CTRL), &v);
    assert_true(v.zoom == 1.0);
    /* a command changes nothing by itself */
    assert_false(keys_apply(keys_find(KEY_SPACE, 0), &v));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_lists_every_binding),
        cmocka_unit_test(test_help_lists_f1_backspace_up_down),
        cmocka_unit_test(test_find_wants_the_modifiers),
        cmocka_unit_test(test_command_lines),
        cmocka_unit_test(test_window_actions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
