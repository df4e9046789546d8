/* trust: the confinement and the budgets of a lesson that is not
 * trusted. See trust.h. */
#define _XOPEN_SOURCE 700        /* realpath */
#include "trust.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "paths.h"
#include "platform.h"
#include "session.h"

static char trusted_file[PATH_MAX];     /* --trust: the file the user vouches for */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

void trust_file(const char *path)
{
    if (!realpath(path, trusted_file))
        snprintf(trusted_file, sizeof trusted_file, "%s", path);
}

/* the scratch folder of lesson name: its letters, digits, '.', '-', '_'
 * (others become '_'; never a leading '.') */
static void scratch_of(const char *name, char *out, size_t size)
{
    char safe[80];
    size_t n = 0;
    for (const char *c = name; *c && n + 1 < sizeof safe; c++) {
        int ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                 *c == '-' || *c == '_' || (*c == '.' && n > 0);
        safe[n++] = ok ? *c : '_';
    }
    safe[n] = '\0';
    char leaf[120];
    snprintf(leaf, sizeof leaf, "scratch/%s", n ? safe : "lesson");
    state_path(out, size, leaf);
}

int guard_init(struct lesson_guard *g, const struct file_policy *pol, const char *path, const char *name,
               const char *lessons_dir, char *err, size_t errlen)
{
    memset(g, 0, sizeof *g);
    char where[FILE_PATH_MAX + 8], real[PATH_MAX], dir[PATH_MAX], scratch[FILE_PATH_MAX];
    text_shown(g->shown, sizeof g->shown, path);
    if (file_locate(pol, path, where, sizeof where, err, errlen) < 0)
        return -1;
    if (!realpath(where, real))
        return text_fail(err, errlen, "cannot open '%s': %s", g->shown, strerror(errno));
    char *slash = strrchr(real, '/');
    *slash = '\0';              /* real is absolute: its folder, "" for / */
    g->trusted = lessons_dir && realpath(lessons_dir, dir) && !strcmp(dir, real);
    *slash = '/';
    g->trusted |= trusted_file[0] && !strcmp(trusted_file, real);
    *slash = '\0';
    scratch_of(name, scratch, sizeof scratch);
    if (file_policy_confine(&g->policy, "a lesson", real[0] ? real : "/", scratch) < 0)
        return text_fail(err, errlen, "cannot play '%s': its folder's name is too long (over %d bytes)", g->shown,
                         FILE_PATH_MAX - 1);
    return 0;
}

void guard_banner(struct session *S, const struct lesson_guard *g)
{
    if (g->trusted)
        return;
    char scratch[FILE_PATH_MAX];
    text_shown(scratch, sizeof scratch, g->policy.scratch);
    fprintf(S->out, "note: '%s' is not a lesson installed with gradlab: it plays confined (its files only in "
            "its folder and %s; %g s of work a part); 'trust' lifts that if you vouch for it\n", g->shown, scratch,
            LESSON_WORK_SECONDS);
}

/* ------------------------------------------------------------------ */
/* the budgets                                                         */

static void fire(struct session *S)
{
    if (S->fe.budget)
        S->fe.budget(S->fe.ud, -1);
}

struct counted {
    struct session *S;
    struct lesson_guard *g;
};
static struct counted counted;     /* one lesson plays at a time */

static int count_write(void *cookie, const char *buf, size_t n)
{
    struct counted *c = cookie;
    struct lesson_guard *g = c->g;
    if (g->out_over)
        return 0;
    size_t keep = n;
    if (g->out_bytes + n > LESSON_OUTPUT_BYTES) {
        keep = LESSON_OUTPUT_BYTES - g->out_bytes;
        g->out_over = 1;
    }
    fwrite(buf, 1, keep, g->saved_out);
    g->out_bytes += keep;
    if (g->out_over)
        fire(c->S);             /* printing that much is work to stop too */
    return 0;
}

void guard_part(struct session *S, struct lesson_guard *g)
{
    if (g->trusted || g->depth == 0)
        return;
    g->out_bytes = 0;
    g->out_over = g->noted = 0;
    g->part_start = now_s();
    if (S->fe.budget) {
        S->fe.budget(S->fe.ud, 0);
        S->fe.budget(S->fe.ud, LESSON_WORK_SECONDS);
    }
}

void guard_enter(struct session *S, struct lesson_guard *g)
{
    if (g->trusted || g->depth++ > 0)
        return;
    g->saved_policy = S->policy;
    S->policy = &g->policy;
    g->saved_out = S->out;
    counted.S = S;
    counted.g = g;
    g->counter = platform_stream_open(&counted, count_write);
    if (g->counter)
        S->out = g->counter;
    guard_part(S, g);
}

void guard_leave(struct session *S, struct lesson_guard *g)
{
    if (g->depth == 0 || --g->depth > 0)
        return;
    if (g->counter) {
        S->out = g->saved_out;
        platform_stream_close(g->counter);
        g->counter = NULL;
    }
    S->policy = g->saved_policy;
    if (S->fe.budget)
        S->fe.budget(S->fe.ud, 0);
}

int guard_spent(struct session *S, struct lesson_guard *g)
{
    (void)S;
    if (g->trusted || g->depth == 0)
        return 0;
    if (!g->out_over && now_s() - g->part_start <= LESSON_WORK_SECONDS)
        return 0;
    if (g->noted)
        return 1;
    g->noted = 1;
    if (g->out_over)
        fprintf(g->saved_out, "\n  (this part of the lesson printed over %zu KiB, its budget: the rest is not shown, "
                "its other commands and checks are skipped; 'trust' lifts the budget)\n", LESSON_OUTPUT_BYTES >> 10);
    else
        fprintf(g->saved_out, "  (this part of the lesson ran over its budget of %g s of work: its other commands "
                "and checks are skipped; 'trust' lifts the budget)\n", LESSON_WORK_SECONDS);
    return 2;
}

int guard_trust(struct session *S, struct lesson_guard *g)
{
    if (S->policy && S->policy->confined)
        return session_error(S, "trust: %s cannot lift its own confinement",
                             S->policy->who ? S->policy->who : "a lesson");
    if (!g->trusted)
        fprintf(S->out, "trusting '%s': its commands now reach every file you can, with no budget\n", g->shown);
    else
        fprintf(S->out, "'%s' is trusted already\n", g->shown);
    g->trusted = 1;
    return 0;
}
