/* libFuzzer harness for the lesson player: the input is a lesson file
 * played as a learner would play one found on the net (not installed with
 * gradlab: confined, with budgets), then, after a line "%%", lines the
 * learner types while it waits (answers, next, back, again, commands).
 * Without "%%" the lesson plays whole in auto mode (answers from the
 * file), as `gradlab --lesson FILE` with no terminal does.
 *
 * Besides crashes, leaks and UB, it checks the confinement (trust.h): the
 * lesson's folder keeps only the lesson file, and a file outside every
 * folder the lesson or the learner may write stays as it was. The
 * learner's lines run under a confined policy of their own (as
 * --sandbox), so that they cannot touch those files either.
 *
 * Work is bounded as the REPL bounds it: the session's budget hook (a
 * lesson part's work budget) and each typed line arm a timer that raises
 * the interrupt flag, as Ctrl-C does, after PART_MS; an input has
 * INPUT_MS in all, then every command stops at once.
 *
 * FUZZ_PLAYER_DEBUG=1 in the environment shows what the lesson says.
 *
 * Build and run: make fuzz / make fuzz-regress (tests/fuzz/fuzz.mk). */
#define _GNU_SOURCE             /* timer_create, mkdtemp */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "command.h"
#include "files.h"
#include "lesson.h"
#include "record.h"
#include "scene.h"
#include "session.h"
#include "typed.h"

#include "fuzz_stop.h"

#define CANARY "the canary: no lesson may write here\n"

static char home[192], lesson_file[224], outside[192], canary[224], cwd[192], state[192];
static struct file_policy learner;

/* the session's budget hook (session.h fe.budget): a lesson part's work
 * budget, in the harness's time */
static void on_budget(void *ud, double seconds)
{
    (void)ud;
    if (seconds > 0) {
        fuzz_piece_begin();
    } else if (seconds < 0) {
        fuzz_arm(0);
        fuzz_interrupted = 1;
    } else {
        fuzz_piece_end();
    }
}

static void must(int ok, const char *what)
{
    if (!ok) {
        perror(what);
        abort();
    }
}

static void write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    must(f && (!size || fwrite(data, 1, size, f) == size) && fclose(f) == 0, path);
}

/* the names in dir, one string (sorted by the file system's order) */
static void names_in(const char *dir, char *out, size_t size)
{
    out[0] = '\0';
    DIR *d = opendir(dir);
    must(d != NULL, dir);
    struct dirent *e;
    size_t n = 0;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n += (size_t)snprintf(out + n, n < size ? size - n : 0, "%s/", e->d_name);
    closedir(d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *root = fuzz_folder_make("player");
    snprintf(home, sizeof home, "%s/lesson", root);
    snprintf(lesson_file, sizeof lesson_file, "%s/fuzz.lesson", home);
    snprintf(outside, sizeof outside, "%s/outside", root);
    snprintf(canary, sizeof canary, "%s/canary.csv", outside);
    snprintf(cwd, sizeof cwd, "%s/cwd", root);
    snprintf(state, sizeof state, "%s/state", root);
    must(mkdir(home, 0700) == 0 && mkdir(outside, 0700) == 0 && mkdir(cwd, 0700) == 0 && mkdir(state, 0700) == 0,
         "mkdir");
    write_file(canary, CANARY, strlen(CANARY));
    /* the lesson's folder holds data a lesson may read, and a way out */
    char p[256];
    snprintf(p, sizeof p, "%s/data.csv", home);
    write_file(p, "1,2,0\n3,4,1\n", 12);
    snprintf(p, sizeof p, "%s/out", home);
    must(symlink(outside, p) == 0, "symlink");
    snprintf(p, sizeof p, "%s/canary.csv", home);
    must(symlink(canary, p) == 0, "symlink");
    setenv("XDG_STATE_HOME", state, 1);
    setenv("GRADLAB_LESSONS", "/nonexistent", 1);   /* no lesson here is installed: none trusted */
    setenv("HOME", cwd, 1);
    file_policy_confine(&learner, "the learner", cwd, cwd);

    fuzz_stop_init();
    return 0;
}

/* the confinement held: the lesson's folder, the folder outside and the
 * canary are as they were made */
static void check_confined(void)
{
    char names[1024];
    names_in(home, names, sizeof names);
    size_t n = strlen(names);
    int ok = n == strlen("fuzz.lesson/data.csv/out/canary.csv/");
    for (const char *want = "fuzz.lesson/\0data.csv/\0out/\0canary.csv/\0"; ok && *want; want += strlen(want) + 1)
        ok = strstr(names, want) != NULL;
    if (!ok) {
        fprintf(stderr, "fuzz_player: the lesson's folder changed: %s\n", names);
        abort();
    }
    names_in(outside, names, sizeof names);
    char text[64] = "";
    FILE *f = fopen(canary, "rb");
    size_t got = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f)
        fclose(f);
    text[got] = '\0';
    if (strcmp(names, "canary.csv/") || strcmp(text, CANARY)) {
        fprintf(stderr, "fuzz_player: the folder outside changed: %s\n", names);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the lesson: up to a line "%%"; the learner's lines after it */
    const uint8_t *typed = NULL;
    size_t lesson_size = size;
    for (size_t i = 0; i + 3 <= size; i++) {
        if ((i == 0 || data[i - 1] == '\n') && data[i] == '%' && data[i + 1] == '%' &&
            (i + 2 == size || data[i + 2] == '\n')) {
            lesson_size = i;
            typed = data + i + 2 + (i + 2 < size);
            break;
        }
    }
    write_file(lesson_file, data, lesson_size);
    /* a relative path that escaped the policy would land in the lesson's
     * folder (and be seen); libFuzzer's own paths are relative to where it
     * was started, so that is where the input ends */
    int back = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    must(back >= 0 && chdir(home) == 0, "chdir");

    static FILE *devnull;
    if (!devnull)
        must((devnull = getenv("FUZZ_PLAYER_DEBUG") ? stderr : fopen("/dev/null", "w")) != NULL, "/dev/null");
    struct session S;
    struct view_state V;
    session_init(&S, devnull);
    view_state_init(&V);
    S.view = &V;
    S.run = command_run;
    S.interrupt = &fuzz_interrupted;
    S.fe.budget = on_budget;

    fuzz_input_begin();
    fuzz_piece_begin();
    if (lesson_start(&S, lesson_file, typed == NULL) < 0 && devnull == stderr)
        fprintf(stderr, "lesson_start: %s\n", S.err);
    S.policy = &learner;        /* the learner starts it by its path; the rest is confined */
    fuzz_piece_end();
    if (typed) {
        size_t left = size - (size_t)(typed - data);
        char *buf = malloc(left + 1);
        must(buf != NULL, "malloc");
        memcpy(buf, typed, left);
        buf[left] = '\0';
        for (char *line = buf, *nl; line; line = nl) {
            nl = strchr(line, '\n');
            if (nl)
                *nl++ = '\0';
            fuzz_piece_begin();
            /* as the REPL runs it (front/loop.c): Enter goes on in a lesson */
            typed_run(&S, !line[strspn(line, " \t")] && lesson_waiting(&S) ? "next" : line);
            fuzz_piece_end();
            S.quit = 0;
        }
        free(buf);
    }
    fuzz_interrupted = 0;
    lesson_stop(&S);            /* as the front end ends a session (front/main.c) */
    record_release(&S);
    session_release(&S);
    must(fchdir(back) == 0 && close(back) == 0, "fchdir");
    check_confined();
    fuzz_empty_folder(cwd);
    fuzz_empty_folder(state);       /* the scratch folder and the progress: each input from the start */
    return 0;
}
