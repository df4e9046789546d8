/* catalog: the folder of lessons (finding one by name, number or file,
 * "did you mean", the list, the names Tab offers). The learner's progress
 * file is progress.c's. See player.h and lesson.h. */
#include "player.h"

#include <ctype.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "files.h"
#include "paths.h"
#include "progress.h"
#include "session.h"

#define CATALOG_MAX 256

const char *lesson_dir(void)
{
    static char dir[4200];
    const char *env = getenv("GRADLAB_LESSONS");
    if (env && *env)
        return env;
    snprintf(dir, sizeof dir, "%s/lessons", data_dir());
    return dir;
}

/* the .lesson files of the folder, sorted, without ".lesson" (to free
 * with free_names); how many */
static int file_names(char **names, int max)
{
    DIR *d = opendir(lesson_dir());
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < max) {
        size_t fl = strlen(e->d_name);
        if (fl > 7 && !strcmp(e->d_name + fl - 7, ".lesson") && (names[n] = strdup(e->d_name)))
            names[n++][fl - 7] = '\0';
    }
    closedir(d);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j], names[j - 1]) < 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    return n;
}

static void free_names(char **names, int n)
{
    for (int i = 0; i < n; i++)
        free(names[i]);
}

/* the name after "NN-" (the whole name when there is no number) */
static const char *short_name(const char *f)
{
    const char *dash = strchr(f, '-');
    return dash && isdigit((unsigned char)f[0]) ? dash + 1 : f;
}

/* f (a file name without .lesson) is the lesson called name: its number
 * (3 or 03), its whole name, or the start of its name after NN- */
static int is_called(const char *f, const char *name)
{
    size_t n = strlen(name);
    if (n && strspn(name, "0123456789") == n)
        return isdigit((unsigned char)f[0]) && atoi(f) == atoi(name);
    return !strncmp(f, name, n) || !strncmp(short_name(f), name, n);
}

int catalog_resolve(struct session *S, const char *name, char *path, size_t n)
{
    if (strchr(name, '/') || strstr(name, ".lesson")) {
        snprintf(path, n, "%s", name);
        return 1;
    }
    const char *dir = lesson_dir();
    char *names[CATALOG_MAX], shown[300], dir_shown[300];
    text_shown(shown, sizeof shown, name);
    text_shown(dir_shown, sizeof dir_shown, dir);
    int k = file_names(names, CATALOG_MAX);
    if (k < 0)
        return session_error(S, "no lessons folder '%s' (set GRADLAB_LESSONS)", dir_shown);
    const char *best = NULL, *near = NULL;
    int near_d = 99;
    for (int i = 0; i < k && !best; i++)
        if (!strcmp(names[i], name))
            best = names[i];
    for (int i = 0; i < k; i++) {
        if (!best && is_called(names[i], name))
            best = names[i];
        int d = args_distance(name, short_name(names[i]));
        if (d < near_d) {
            near_d = d;
            near = short_name(names[i]);
        }
    }
    int rc = 0;
    size_t len = strlen(name);
    if (best)
        snprintf(path, n, "%s/%s.lesson", dir, best);
    else if (near && near_d <= (len <= 3 ? 1 : len <= 6 ? 2 : 3))
        rc = session_error(S, "no lesson '%s' (did you mean '%s'? type 'lesson' for the list)", shown,
                           text_shown(dir_shown, sizeof dir_shown, near));
    else
        rc = session_error(S, "no lesson '%s' in %s (type 'lesson' for the list)", shown, dir_shown);
    free_names(names, k);
    return rc;
}

const char *const *lesson_names(void)
{
    static char *words[2 * CATALOG_MAX + 8];
    static char store[2 * CATALOG_MAX][64];
    static const char *const moves[] = { "next", "back", "again", "quit", NULL };
    char *names[CATALOG_MAX];
    int k = file_names(names, CATALOG_MAX), w = 0, s = 0;
    for (int i = 0; i < k; i++) {
        snprintf(store[s], sizeof store[s], "%s", short_name(names[i]));
        words[w++] = store[s++];
        if (isdigit((unsigned char)names[i][0])) {
            snprintf(store[s], sizeof store[s], "%d", atoi(names[i]));
            words[w++] = store[s++];
        }
    }
    free_names(names, k > 0 ? k : 0);
    for (int i = 0; moves[i]; i++)
        words[w++] = (char *)moves[i];
    words[w] = NULL;
    return (const char *const *)words;
}

int catalog_list(struct session *S)
{
    const char *dir = lesson_dir();
    char *names[CATALOG_MAX], shown[300], nm[200];
    text_shown(shown, sizeof shown, dir);
    int n = file_names(names, CATALOG_MAX);
    if (n < 0)
        return session_error(S, "no lessons folder '%s' (set GRADLAB_LESSONS)", shown);
    fprintf(S->out, "lessons in %s (progress: new, parts done/parts, done):\n", shown);
    for (int i = 0; i < n; i++) {
        char path[1200], err[512];
        snprintf(path, sizeof path, "%s/%s.lesson", dir, names[i]);
        text_shown(nm, sizeof nm, names[i]);      /* a file name is the folder's text: escaped */
        struct lesson L;
        if (lesson_load(NULL, path, &L, err, sizeof err) < 0) {
            fprintf(S->out, "  %-6s %-20s (broken: %s)\n", "-", nm, err);
            continue;
        }
        int b = 0, t = 0;
        char prog[32] = "new";
        if (progress_of(L.name, &b, &t))
            snprintf(prog, sizeof prog, b >= t ? "done" : "%d/%d", b, t);
        fprintf(S->out, "  %-6s %-20s %s\n", prog, nm, L.title);
        lesson_free(&L);
    }
    if (n == 0)
        fputs("  (none)\n", S->out);
    free_names(names, n);
    fputs("start one with: lesson NAME (e.g. lesson softmax)\n", S->out);
    return 0;
}
