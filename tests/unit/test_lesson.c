/* Unit tests of the lesson player's seams: it runs its commands through the
 * runner the session gives it (S->run), a typed line reaches it only
 * through typed_run (command_run only runs commands), back and quit typed
 * during a lesson are its own, and the window's band reads its caption. */
#include "check.h"
#include <unistd.h>

#include "command.h"
#include "lesson.h"
#include "session.h"
#include "typed.h"

static char dir[64];            /* this run's folder: lessons, state, records */
static char out_path[128];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/gradlab-lesson-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    setenv("XDG_STATE_HOME", dir, 1);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* a lesson file in this run's folder; returns its path */
static const char *lesson_file(const char *name, const char *text)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s.lesson", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void start(struct session *S)
{
    snprintf(out_path, sizeof out_path, "%s/out.txt", dir);
    FILE *f = fopen(out_path, "w+");
    assert_non_null(f);
    session_init(S, f);
    S->run = command_run;
}

static void end(struct session *S)
{
    fclose(S->out);
    lesson_stop(S);
    session_release(S);
}

/* everything printed so far */
static const char *printed(struct session *S)
{
    static char buf[8192];
    fflush(S->out);
    FILE *f = fopen(out_path, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void ok(int rc, struct session *S)
{
    if (rc < 0)
        fail_msg("unexpected error: %s", S->err);
}

/* ---- the runner --------------------------------------------------------- */

static char seen[8][64];
static int n_seen;

static int spy(struct session *S, const char *line)
{
    if (n_seen < 8)
        snprintf(seen[n_seen++], sizeof seen[0], "%s", line);
    return command_run(S, line);
}

static void test_player_runs_commands_through_the_runner(void **state)
{
    (void)state;
    struct session S;
    start(&S);
    S.run = spy;
    n_seen = 0;
    const char *path = lesson_file("runner", "title: Runner\nrun: logits 2 1 0.1\nask: Type it.\n"
                                             "type: seed 3\nrun: net 2 3 2\n");
    ok(lesson_start(&S, path, 1), &S);
    assert_int_equal(n_seen, 3);
    assert_string_equal(seen[0], "logits 2 1 0.1");
    assert_string_equal(seen[1], "seed 3");            /* the question, answered from the file */
    assert_string_equal(seen[2], "net 2 3 2");
    assert_true(S.has_logits && S.has_net);
    assert_int_equal(S.seed, 3);
    assert_int_equal(lesson_failures(&S), 0);
    end(&S);
}

static void test_no_runner_no_lesson(void **state)
{
    (void)state;
    struct session S;
    start(&S);
    S.run = NULL;
    const char *path = lesson_file("norunner", "title: T\nrun: logits 2 1 0.1\n");
    assert_int_equal(lesson_start(&S, path, 1), -1);
    assert_non_null(strstr(S.err, "command runner"));
    assert_null(S.lesson);
    assert_false(S.has_logits);
    end(&S);
}

/* ---- typed lines ---------------------------------------------------------- */

static const char *const quiz =
    "title: Quiz\n"
    "say: The softmax.\n"
    "run: logits 2 1 0.1\n"
    "ask: What is s0?\n"
    "answer: 0.659\n"
    "ask: Make a network.\n"
    "type: net 2 3 2\n"
    "say: Well done.\n"
    "pause\n"
    "say: The end.\n";

static void test_a_number_answers_only_when_typed(void **state)
{
    (void)state;
    struct session S;
    start(&S);
    char line[160];
    snprintf(line, sizeof line, "lesson %s", lesson_file("quiz", quiz));
    ok(typed_run(&S, line), &S);
    struct lesson_caption cap;
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "What is s0?");
    /* command_run runs commands only: a number is not one */
    assert_int_equal(command_run(&S, "0.659"), -1);
    assert_non_null(strstr(S.err, "unknown command"));
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "What is s0?");     /* still waiting */
    /* typed, it is the answer */
    ok(typed_run(&S, "0.5"), &S);
    assert_non_null(strstr(printed(&S), "Not quite, try again."));
    ok(typed_run(&S, "0.659"), &S);
    assert_non_null(strstr(printed(&S), "Right: 0.659."));
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "Make a network.");
    /* the command the question asks for: run by command_run, the lesson
     * does not see it; typed (any spacing), it goes on */
    ok(command_run(&S, "net 2 3 2"), &S);
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "Make a network.");
    ok(typed_run(&S, "net  2 3   2"), &S);
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "Well done.");
    assert_string_equal(cap.title, "Quiz  \xc2\xb7  3/4");
    assert_true(cap.active);
    ok(typed_run(&S, "next"), &S);
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "End of the lesson.");
    assert_false(cap.active);                          /* ended; the band stays */
    end(&S);
}

static void test_typed_lines_are_recorded(void **state)
{
    (void)state;
    struct session S;
    start(&S);
    char md[128], line[160];
    snprintf(md, sizeof md, "%s/rec.md", dir);
    snprintf(line, sizeof line, "record %s", md);
    ok(typed_run(&S, line), &S);
    ok(typed_run(&S, "seed 7"), &S);
    ok(command_run(&S, "seed 8"), &S);                 /* not typed: not recorded */
    assert_int_equal(typed_run(&S, "nonsense"), -1);
    ok(typed_run(&S, "record off"), &S);
    FILE *f = fopen(md, "r");
    assert_non_null(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_non_null(strstr(buf, "gradlab> seed 7\nseed = 7\n"));
    assert_null(strstr(buf, "seed 8"));
    assert_non_null(strstr(buf, "gradlab> nonsense\nerror: unknown command 'nonsense'"));
    end(&S);
}

/* ---- back and quit ------------------------------------------------------ */

static void test_back_and_quit_are_the_lessons(void **state)
{
    (void)state;
    struct session S;
    start(&S);
    const char *path = lesson_file("moves", "title: Moves\nrun: net 2 3 2\nrun: forward\npause\n"
                                            "say: Part two.\npause\nsay: Part three.\n");
    char line[160];
    snprintf(line, sizeof line, "lesson %s", path);
    ok(typed_run(&S, line), &S);
    ok(typed_run(&S, "next"), &S);
    struct lesson_caption cap;
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "Part two.");
    /* back: the lesson's previous part, not the network's stage */
    assert_int_equal(S.net.stage, STAGE_LAST_FORWARD);
    ok(typed_run(&S, "back"), &S);
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.title, "Moves  \xc2\xb7  1/3");
    assert_int_equal(S.net.stage, STAGE_LAST_FORWARD);
    /* with an argument it is the network's, and refused */
    assert_int_equal(typed_run(&S, "back 1"), -1);
    /* quit leaves the lesson, then gradlab */
    ok(typed_run(&S, "quit"), &S);
    assert_null(S.lesson);
    assert_false(S.quit);
    assert_null(S.take_back);
    assert_null(S.take_quit);
    ok(typed_run(&S, "back"), &S);                     /* now the network's */
    assert_int_equal(S.net.stage, STAGE_LAST_FORWARD - 1);
    ok(typed_run(&S, "quit"), &S);
    assert_true(S.quit);
    end(&S);
}

static void test_a_lessons_quit_is_refused(void **state)
{
    (void)state;
    struct session S;
    start(&S);
    const char *path = lesson_file("selfquit", "title: Q\nrun: quit\nsay: after\n");
    ok(lesson_start(&S, path, 1), &S);
    assert_false(S.quit);
    assert_int_equal(lesson_failures(&S), 1);
    assert_non_null(strstr(printed(&S), "error: a lesson cannot quit gradlab"));
    assert_non_null(strstr(printed(&S), "after"));
    end(&S);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_player_runs_commands_through_the_runner),
        cmocka_unit_test(test_no_runner_no_lesson),
        cmocka_unit_test(test_a_number_answers_only_when_typed),
        cmocka_unit_test(test_typed_lines_are_recorded),
        cmocka_unit_test(test_back_and_quit_are_the_lessons),
        cmocka_unit_test(test_a_lessons_quit_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
