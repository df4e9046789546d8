/* paths: the state directory and atomic writes. See paths.h. */
#include "paths.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void state_path(char *buf, size_t size, const char *leaf)
{
    const char *state = getenv("XDG_STATE_HOME");
    if (state && *state == '/') {
        snprintf(buf, size, "%s/gradlab/%s", state, leaf);
        return;
    }
    const char *home = getenv("HOME");
    snprintf(buf, size, "%s/.local/state/gradlab/%s", home && *home ? home : ".", leaf);
}

void make_parent_dirs(const char *path)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash || slash == dir)
        return;
    *slash = '\0';
    for (char *p = dir + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0700);
            *p = '/';
        }
    }
    mkdir(dir, 0700);
}

int path_is_special(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

int file_write_atomic(const char *path, int (*write)(FILE *fp, void *ctx), void *ctx, char *err,
                      size_t errlen)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "'%s' is a directory", path);
        return -1;
    }
    if (path_is_special(path)) {
        /* /dev/null, a FIFO, a terminal: write to it; renaming over it
         * would replace the device with a file */
        FILE *fp = fopen(path, "w");
        int bad = !fp || write(fp, ctx) < 0;
        int e = errno;
        if (fp && fclose(fp) != 0 && !bad) {
            e = errno;
            bad = 1;
        }
        if (bad)
            snprintf(err, errlen, "cannot write '%s': %s", path, strerror(e ? e : EIO));
        return bad ? -1 : 0;
    }
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    if (!tmp) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(e));
        return -1;
    }
    errno = 0;
    FILE *fp = fdopen(fd, "w");
    int bad = !fp || write(fp, ctx) < 0 || fflush(fp) != 0 || fsync(fd) < 0;
    int e = errno;
    if (fp ? fclose(fp) != 0 : close(fd) != 0) {
        if (!bad)
            e = errno;
        bad = 1;
    }
    if (!bad && rename(tmp, path) < 0) {
        e = errno;
        bad = 1;
    }
    if (bad) {
        unlink(tmp);
        free(tmp);
        snprintf(err, errlen, "cannot write '%s': %s", path, strerror(e ? e : EIO));
        return -1;
    }
    free(tmp);
    return 0;
}
