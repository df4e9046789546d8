/* Unit tests of the lesson player's seams: it runs its commands through the
 * runner the session gives it (S->run), a typed line reaches it only
 * through typed_run (command_run only runs commands), back and quit typed
 * during a lesson are its own, and the window's band reads its caption. */
#include "check.h"
#include <sys/stat.h>
#include <unistd.h>

#include "command.h"
#include "lesson.h"
#include "player.h"
#include "scene.h"
#include "viewcmd.h"
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

/* the learner types "lesson FILE" for the lesson text */
static void begin(struct session *S, const char *name, const char *text)
{
    char line[160];
    snprintf(line, sizeof line, "lesson %s", lesson_file(name, text));
    ok(typed_run(S, line), S);
}

/* ---- the runner --------------------------------------------------------- */

static char seen[8][64];
static int n_seen;

/* (a lesson's "view auto", where the window follows the work, is not
 * counted: it is there only when the view command knows it) */
static int spy(struct session *S, const char *line)
{
    if (n_seen < 8 && strcmp(line, "view auto") != 0)
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
    assert_string_equal(cap.text, "The softmax.\nQuestion: What is s0?");
    assert_true(cap.question);
    /* command_run runs commands only: a number is not one */
    assert_int_equal(command_run(&S, "0.659"), -1);
    assert_non_null(strstr(S.err, "unknown command"));
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "The softmax.\nQuestion: What is s0?");     /* still waiting */
    /* typed, it is the answer */
    ok(typed_run(&S, "0.5"), &S);
    assert_non_null(strstr(printed(&S), "Not quite, try again."));
    ok(typed_run(&S, "0.659"), &S);
    assert_non_null(strstr(printed(&S), "Right: 0.659."));
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "Right: 0.659.\nQuestion: Make a network.");
    /* the command the question asks for: run by command_run, the lesson
     * does not see it; typed (any spacing), it goes on */
    ok(command_run(&S, "net 2 3 2"), &S);
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "Right: 0.659.\nQuestion: Make a network.");
    ok(typed_run(&S, "net  2 3   2"), &S);
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "Right: net 2 3 2\nWell done.");
    assert_string_equal(cap.title, "Quiz  \xc2\xb7  3/4");
    assert_true(cap.active);
    assert_false(cap.question);
    ok(typed_run(&S, "next"), &S);
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "The end.\nEnd of the lesson.");  /* the last words stay */
    assert_false(cap.active);                          /* ended; the band stays */
    end(&S);
}

/* ---- the band: everything the terminal says in a part ------------------ */

static void test_the_band_has_the_whole_part(void **state)
{
    (void)state;
    struct session S;
    start(&S);
    begin(&S, "band", "title: Band\nsection: First\nsay: One.\n  More of one.\n"
               "run: logits 2 1 0.1\nsay: Two.\npause\nsay: Three.\n"
               "ask: What is s0?\nanswer: 0.659\nhint: The first entry.\n"
               "say: Four.\n");
    struct lesson_caption cap;
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "First\nOne. More of one.\nTwo.");
    unsigned serial = cap.serial;
    assert_false(cap.show_end);
    ok(typed_run(&S, "next"), &S);
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "Three.\nQuestion: What is s0?");
    assert_true(cap.serial != serial);
    /* a wrong answer: the verdict and the hint, shown at once (the page
     * that holds it); a second one replaces the first */
    ok(typed_run(&S, "0.5"), &S);
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "Three.\nQuestion: What is s0?\nNot quite, try again. Hint: The first entry.");
    assert_true(cap.show_end);
    ok(typed_run(&S, "0.6"), &S);
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "Three.\nQuestion: What is s0?\nNot quite, try again. Hint: The first entry.");
    /* skipping says the answer, in the terminal and in the band */
    ok(typed_run(&S, "next"), &S);
    assert_non_null(strstr(printed(&S), "(skipped; the answer was 0.659)"));
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "Skipped; the answer was 0.659.\nFour.\nEnd of the lesson.");
    end(&S);
}

/* a typed command is the answer when it is the same command with the same
 * values; the same command with other values is a wrong attempt */
static void test_typed_commands_against_the_question(void **state)
{
    (void)state;
    assert_int_equal(match_command("logits 12 11 10.1", "logits 12 11 10.1"), MATCH_RIGHT);
    assert_int_equal(match_command("  logits 12.0 11 10.10 ", "logits 12 11 10.1"), MATCH_RIGHT);
    assert_int_equal(match_command("logits 1.2e1 11 1.01e1", "logits 12 11 10.1"), MATCH_RIGHT);
    assert_int_equal(match_command("logits 12 11 10", "logits 12 11 10.1"), MATCH_ATTEMPT);
    assert_int_equal(match_command("logits 12 11 10.1000001", "logits 12 11 10.1"), MATCH_ATTEMPT);
    assert_int_equal(match_command("logits 12 11", "logits 12 11 10.1"), MATCH_ATTEMPT);
    assert_int_equal(match_command("jacobian", "logits 12 11 10.1"), MATCH_OTHER);
    assert_int_equal(match_command("jacobian", "jacobian check"), MATCH_ATTEMPT);
    assert_int_equal(match_command("seed 3; jacobian check", "jacobian check"), MATCH_RIGHT);
    assert_int_equal(match_command("jacobian; logits 1 2", "jacobian check"), MATCH_ATTEMPT);
    /* a value name alone is show NAME */
    assert_int_equal(match_command("show delta3", "delta3"), MATCH_RIGHT);
    assert_int_equal(match_command("delta2", "delta3"), MATCH_ATTEMPT);
    assert_int_equal(match_command("x = [[0.5,-1.2]]", "x = [[0.5, -1.2]]"), MATCH_RIGHT);
    assert_int_equal(match_command("x = [[0.50, -1.20]]", "x = [[0.5, -1.2]]"), MATCH_RIGHT);
    assert_int_equal(match_command("diagnose dW1 = array([[-0.26072247,\n 0.15379068]])",
                                   "diagnose dW1 = array([[-0.26072247,  0.15379068]])"), MATCH_RIGHT);
    assert_int_equal(match_command("diagnose dW1 = array([[-0.26072247, 0.1537906]])",
                                   "diagnose dW1 = array([[-0.26072247,  0.15379068]])"), MATCH_ATTEMPT);
    assert_int_equal(match_command("x = [[0.5, -1]]", "x = [[0.5, -1.2]]"), MATCH_ATTEMPT);
    assert_int_equal(match_command("train 10 lr=0.010", "train 10 lr=0.01"), MATCH_RIGHT);
    assert_int_equal(match_command("train 10 lr=0.1", "train 10 lr=0.01"), MATCH_ATTEMPT);
    assert_int_equal(match_command("", "jacobian"), MATCH_OTHER);

    struct session S;
    start(&S);
    begin(&S, "typed", "title: Typed\nask: Add 10 to every logit.\n"
               "type: logits 12 11 10.1\nhint: Three numbers.\nsay: Done.\n");
    ok(typed_run(&S, "logits 12 11 10"), &S);          /* runs, and is not quite */
    assert_non_null(strstr(printed(&S), "Not quite, try again. Hint: Three numbers."));
    assert_true(lesson_at_question(&S));
    struct lesson_caption cap;
    assert_true(lesson_caption(&S, &cap));
    assert_non_null(strstr(cap.text, "Not quite, try again. Hint: Three numbers."));
    ok(typed_run(&S, "seed 4"), &S);                   /* another command: exploring */
    assert_true(lesson_at_question(&S));
    ok(typed_run(&S, "logits 12.0 11 10.10"), &S);
    assert_false(lesson_at_question(&S));
    assert_true(lesson_caption(&S, &cap));
    assert_string_equal(cap.text, "Right: logits 12 11 10.1\nDone.\nEnd of the lesson.");
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
    begin(&S, "moves", "title: Moves\nrun: net 2 3 2\nrun: forward\npause\n"
               "say: Part two.\npause\nsay: Part three.\n");
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

/* ---- the give-away check -------------------------------------------------- */

static int finds(const char *text, double a, double tol, const char *want)
{
    size_t at, len;
    if (!shown_find(text, a, tol, &at, &len))
        return want == NULL;
    return want && strlen(want) == len && !strncmp(text + at, want, len);
}

static void test_numbers_that_give_an_answer_away(void **state)
{
    (void)state;
    /* within the question's tolerance, as an answer would be taken */
    assert_true(finds("[1]  -0.1598   0.1837  -0.0239", 0.184, 0.0005, "0.1837"));
    assert_true(finds("0.1830 0.1846", 0.184, 0.0005, NULL));
    assert_true(finds("loss = 0.3401", 0.340, 0.0005, "0.3401"));
    /* the sign counts; U+2212 is a minus */
    assert_true(finds("delta3 = 0.2883", -0.2883, 0.00005, NULL));
    assert_true(finds("= \xe2\x88\x92" "0.2883", -0.2883, 0.00005, "\xe2\x88\x92" "0.2883"));
    assert_true(finds("(0 \xe2\x88\x92 0.2424)", -0.2424, 0.00005, NULL));     /* a minus apart */
    assert_true(finds("x = -1.2", -1.2, 0.05, "-1.2"));
    /* not words, indices or dimensions */
    assert_true(finds("s0 W1 a2 z1 2nd", 1, 0.5, NULL));
    assert_true(finds("J[1][1] = s1", 1, 0.5, NULL));
    assert_true(finds("dW2[1,0] and [0] [1] [2]", 1, 0.5, NULL));
    assert_true(finds("z1  (1\xc3\x97" "3)", 1, 0.5, NULL));
    assert_true(finds("example 0 of 1", 1, 0.5, "1"));
    assert_true(finds("[[0.5, 1]]", 1, 0.5, "0.5"));
    /* exponents, and a percentage is a fraction too */
    assert_true(finds("relative error 1.67e-16", 1.67e-16, 1e-18, "1.67e-16"));
    assert_true(finds("accuracy 97.5 %", 0.975, 0.005, "97.5"));
    assert_true(finds("accuracy 97.5 %", 97.5, 0.05, "97.5"));
    assert_true(finds("97.5 points", 0.975, 0.005, NULL));
    assert_true(finds("", 0, 1, NULL));
}

static char drawn_text[256];

static void fake_drawn(void *ud, const struct session *S, char *buf, size_t n)
{
    (void)ud;
    (void)S;
    snprintf(buf, n, "%s", drawn_text);
}

static void test_a_question_must_not_give_its_answer_away(void **state)
{
    (void)state;
    struct session S;
    start(&S);
    S.fe.drawn = fake_drawn;
    drawn_text[0] = '\0';
    /* printed since the last pause: refused, with the file and line */
    const char *path = lesson_file("away", "title: Away\nrun: logits 2 1 0.1\nask: What is s0?\n"
               "answer: 0.659\n");
    ok(lesson_start(&S, path, 1), &S);
    assert_int_equal(lesson_failures(&S), 1);
    char want[300];
    snprintf(want, sizeof want, "%s:3: the question gives its answer away: 0.6590 was printed since "
             "the last pause (by line 2: \"0.6590  0.2424  0.0986\")", path);
    assert_non_null(strstr(printed(&S), want));
    lesson_stop(&S);
    /* before the last pause it is not */
    path = lesson_file("paused", "title: Paused\nrun: logits 2 1 0.1\npause\nask: What is s0?\n"
                                 "answer: 0.659\n");
    ok(lesson_start(&S, path, 1), &S);
    assert_int_equal(lesson_failures(&S), 0);
    lesson_stop(&S);
    /* ... unless the window draws it */
    snprintf(drawn_text, sizeof drawn_text, "s\n0.659\n0.242\n");
    ok(lesson_start(&S, path, 1), &S);
    assert_int_equal(lesson_failures(&S), 1);
    snprintf(want, sizeof want, "%s:4: the question gives its answer away: 0.659 is drawn in the window "
             "(\"0.659\")", path);
    assert_non_null(strstr(printed(&S), want));
    lesson_stop(&S);
    /* a learner playing it is not checked (the author is) */
    ok(lesson_start(&S, path, 0), &S);
    ok(typed_run(&S, "next"), &S);
    assert_int_equal(lesson_failures(&S), 0);
    const char *all = printed(&S), *a = strstr(all, "gives its answer away");
    assert_non_null(a);
    a = strstr(a + 1, "gives its answer away");
    assert_non_null(a);
    assert_null(strstr(a + 1, "gives its answer away"));    /* the two above only */
    end(&S);
}

/* ---- the window: view:, say[window]:, a clean state ------------------------ */

static int shown_window;

static int fake_window(void *ud)
{
    (void)ud;
    return shown_window;
}

static void test_view_lines_and_window_says(void **state)
{
    (void)state;
    struct lesson L;
    char err[300];
    assert_int_equal(lesson_parse("title: t\nview: flow\nsay[window]: Look.\n  There.\n"
                                  "say[no-window]: Type.\n", "v.lesson", &L, err, sizeof err), 0);
    assert_int_equal(L.n_steps, 3);
    assert_int_equal(L.steps[0].kind, STEP_VIEW);
    assert_string_equal(L.steps[0].text, "flow");
    assert_int_equal(L.steps[1].when, SAY_WINDOW);
    assert_string_equal(L.steps[1].text, "Look. There.");
    assert_int_equal(L.steps[2].when, SAY_NO_WINDOW);
    lesson_free(&L);
    assert_int_equal(lesson_parse("title: t\nview: flwo\n", "v.lesson", &L, err, sizeof err), -1);
    assert_non_null(strstr(err, "v.lesson:2: view: unknown view 'flwo' (jacobian, flow, data"));
    assert_int_equal(lesson_parse("title: t\nsay[projector]: x\n", "v.lesson", &L, err, sizeof err), -1);
    assert_non_null(strstr(err, "v.lesson:2: 'say[projector]': a say is said always"));

    struct session S;
    start(&S);
    S.run = spy;
    S.fe.window_shown = fake_window;
    struct view_state v;
    view_state_init(&v);
    S.view = &v;
    const char *path = lesson_file("win", "title: Win\nview: flow\nsay[window]: Look at the window.\n"
               "say[no-window]: Type explain.\nsay: Always.\n");
    for (shown_window = 0; shown_window < 2; shown_window++) {
        n_seen = 0;
        ok(lesson_start(&S, path, 1), &S);
        struct lesson_caption cap;
        assert_true(lesson_caption(&S, &cap));
        assert_string_equal(cap.text, shown_window ? "Look at the window.\nAlways.\nEnd of the lesson."
                                                   : "Type explain.\nAlways.\nEnd of the lesson.");
        /* the window starts on its first view, then the lesson's */
        assert_int_equal(n_seen, 2);
        assert_string_equal(seen[0], "view jacobian");
        assert_string_equal(seen[1], "view flow");
        assert_int_equal(v.view, VIEW_FLOW);
    }
    S.view = NULL;
    end(&S);
}

/* the window follows the lesson's work: a lesson's own view commands are
 * not a choice by hand, and it starts following again (view auto) */
static struct view_state *followed;

static void follow(void *ud, const char *name)
{
    (void)ud;
    viewcmd_follow(followed, name);
}

static void test_a_lesson_the_window_follows(void **state)
{
    (void)state;
    struct session S;
    start(&S);
    struct view_state v;
    view_state_init(&v);
    S.view = &v;
    followed = &v;
    S.fe.show = follow;
    ok(typed_run(&S, "view data"), &S);                 /* the learner's choice, by hand */
    assert_true(v.by_hand);
    begin(&S, "follow", "title: Follow\nsay: One.\nrun: seed 0; data moons 20 noise=0.2; net 2 3 2\nview: flow\n"
                        "pause\nrun: mistake gate\npause\nsay: End.\n");
    assert_false(v.by_hand);                              /* the lesson drives */
    assert_int_equal(v.view, VIEW_FLOW);
    ok(typed_run(&S, "next"), &S);
    assert_int_equal(v.view, VIEW_CHECK);                 /* followed to the mistake's picture */
    assert_false(v.by_hand);
    ok(typed_run(&S, "again"), &S);                       /* a replay is the lesson's too */
    assert_false(v.by_hand);
    S.view = NULL;
    end(&S);
}

static void test_a_lesson_starts_from_a_clean_state(void **state)
{
    (void)state;
    struct session S;
    start(&S);
    ok(typed_run(&S, "seed 5; data moons 20; net 2 3 2; forward; logits 1 2; format json; precision 6"), &S);
    begin(&S, "clean", "title: Clean\nsay: Hello.\npause\nrun: logits 3 1\npause\n");
    assert_false(S.has_net || S.has_data || S.has_logits);
    assert_int_equal(S.seed, 0);
    assert_int_equal(S.format, FORMAT_JSON);            /* the learner's settings stay */
    assert_int_equal(S.precision, 6);
    ok(typed_run(&S, "next"), &S);
    assert_true(S.has_logits);
    ok(typed_run(&S, "net 2 3 2"), &S);                 /* the learner's own work ... */
    ok(typed_run(&S, "again"), &S);                      /* ... replaying starts clean too */
    assert_false(S.has_net);
    assert_true(S.has_logits);
    end(&S);
}

/* ---- the folder: names, numbers, "did you mean" ---------------------------- */

static void test_lesson_names(void **state)
{
    (void)state;
    char sub[128];
    snprintf(sub, sizeof sub, "%s/names", dir);
    mkdir(sub, 0700);
    setenv("GRADLAB_LESSONS", sub, 1);
    char p[200];
    const char *files[] = { "01-softmax", "02-jacobian", "10-extra" };
    for (int i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s/%s.lesson", sub, files[i]);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        fprintf(f, "title: %s\nsay: hi\n", files[i]);
        fclose(f);
    }
    const char *const *w = lesson_names();
    const char *want[] = { "softmax", "1", "jacobian", "2", "extra", "10", "next", "back", "again", "quit", NULL };
    for (int i = 0; want[i]; i++) {
        assert_non_null(w[i]);
        assert_string_equal(w[i], want[i]);
    }
    assert_null(w[10]);
    struct session S;
    start(&S);
    assert_int_equal(typed_run(&S, "lesson softmx"), -1);
    assert_string_equal(S.err, "no lesson 'softmx' (did you mean 'softmax'? type 'lesson' for the list)");
    assert_int_equal(typed_run(&S, "lesson qwertyuiop"), -1);
    assert_non_null(strstr(S.err, "no lesson 'qwertyuiop' in "));
    ok(typed_run(&S, "lesson 10"), &S);
    ok(typed_run(&S, "lesson 01-softmax"), &S);
    ok(typed_run(&S, "lesson jaco"), &S);
    end(&S);
    unsetenv("GRADLAB_LESSONS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_player_runs_commands_through_the_runner),
        cmocka_unit_test(test_no_runner_no_lesson),
        cmocka_unit_test(test_a_number_answers_only_when_typed),
        cmocka_unit_test(test_the_band_has_the_whole_part),
        cmocka_unit_test(test_typed_commands_against_the_question),
        cmocka_unit_test(test_numbers_that_give_an_answer_away),
        cmocka_unit_test(test_a_question_must_not_give_its_answer_away),
        cmocka_unit_test(test_view_lines_and_window_says),
        cmocka_unit_test(test_a_lesson_the_window_follows),
        cmocka_unit_test(test_a_lesson_starts_from_a_clean_state),
        cmocka_unit_test(test_lesson_names),
        cmocka_unit_test(test_typed_lines_are_recorded),
        cmocka_unit_test(test_back_and_quit_are_the_lessons),
        cmocka_unit_test(test_a_lessons_quit_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
