/* tmpdir: a folder of the unit test program's own for the files it
 * writes (check_tmpdir), removed with everything in it at exit, so that
 * two runs at once share no file and a run leaves nothing behind. */
#ifndef GRADLAB_TMPDIR_H
#define GRADLAB_TMPDIR_H

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

/* remove a file, or a folder with everything in it */
static inline void check_rmtree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    DIR *dir = opendir(path);
    if (dir) {
        struct dirent *e;
        while ((e = readdir(dir)))
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                char p[1024];
                int n = snprintf(p, sizeof p, "%s/%s", path, e->d_name);
                if (n > 0 && (size_t)n < sizeof p)
                    check_rmtree(p);
            }
        closedir(dir);
    }
    rmdir(path);
}

static inline char *check_tmpdir_path(void)
{
    static char dir[512];
    return dir;
}

/* removes the folder check_tmpdir made (also at exit) */
static inline void check_tmpdir_remove(void)
{
    char *dir = check_tmpdir_path();
    if (*dir)
        check_rmtree(dir);
    *dir = '\0';
}

/* a folder of this test program's own, made on first use in $TMPDIR
 * (tests/run.sh points it into the run's folder) or /tmp: files a test
 * writes, and state such as XDG_STATE_HOME, go there and nowhere shared */
static inline const char *check_tmpdir(void)
{
    char *dir = check_tmpdir_path();
    if (!*dir) {
        const char *t = getenv("TMPDIR");
        snprintf(dir, 512, "%s/gradlab-unit.XXXXXX", t && *t ? t : "/tmp");
        if (!mkdtemp(dir)) {
            print_error("cannot make a folder %s\n", dir);
            *dir = '\0';
            fail();
        }
        atexit(check_tmpdir_remove);
    }
    return dir;
}

#endif
