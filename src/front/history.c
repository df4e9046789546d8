/* history: the history file, appended under a lock. See history.h. */
#include "history.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>

#include "files.h"
#include "paths.h"

#define HISTORY_MAX_BYTES ((size_t)64 << 20)

static char file[1024];         /* "" when the history is not kept */
static int added;               /* lines added in this session */

/* a line worth keeping: text, and not too long */
static int keepable(const char *s, size_t n)
{
    return n > 0 && n <= HISTORY_LINE_MAX && text_clean_len(s, n) == n;
}

void history_add(const char *line)
{
    size_t n = strlen(line);
    if (!keepable(line, n))
        return;
    HIST_ENTRY *last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
    if (last && !strcmp(last->line, line))
        return;
    add_history(line);
    added++;
}

void history_load(const char *path)
{
    char err[400], shown[300];
    struct stat st;
    snprintf(file, sizeof file, "%s", path);
    if (stat(path, &st) == 0 && S_ISCHR(st.st_mode)) {
        file[0] = '\0';                 /* /dev/null: no history */
        return;
    }
    if (lstat(path, &st) != 0)
        return;                         /* none yet: the first save makes it */
    char *buf;
    size_t len;
    int rc = file_read_all(NULL, path, HISTORY_MAX_BYTES, &buf, &len, err, sizeof err);
    if (rc > 0)
        snprintf(err, sizeof err, "'%s' is larger than %zu MiB", text_shown(shown, sizeof shown, path),
                 HISTORY_MAX_BYTES >> 20);
    if (rc != 0) {
        fprintf(stderr, "gradlab: the history is not kept: %s\n", err);
        file[0] = '\0';
        return;
    }
    for (char *s = buf; s < buf + len;) {
        char *nl = memchr(s, '\n', (size_t)(buf + len - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(buf + len - s);
        s[n] = '\0';
        if (keepable(s, n))
            add_history(s);
        s += n + 1;
    }
    free(buf);
}

int history_save(void)
{
    if (!file[0] || added == 0)
        return 0;
    make_parent_dirs(file);
    /* the lock: the file's folder (readline may replace the file itself) */
    char dir[1024], shown[300];
    snprintf(dir, sizeof dir, "%s", file);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    int lock = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (lock >= 0)
        flock(lock, LOCK_EX);
    int n = added < history_length ? added : history_length;
    int fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0600);
    struct stat st;
    int e = fd < 0 ? errno : fstat(fd, &st) != 0 ? errno : !S_ISREG(st.st_mode) ? EINVAL : 0;
    if (fd >= 0)
        close(fd);
    if (!e)
        e = append_history(n, file);
    if (!e)
        history_truncate_file(file, HISTORY_LINES);
    if (lock >= 0) {
        flock(lock, LOCK_UN);
        close(lock);
    }
    if (e) {
        fprintf(stderr, "gradlab: cannot save the history to '%s': %s\n", text_shown(shown, sizeof shown, file),
                e == EINVAL ? "not a regular file" : strerror(e));
        return -1;
    }
    added = 0;
    return 0;
}
