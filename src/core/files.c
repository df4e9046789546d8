/* files: opening the files commands name, under a policy. See files.h. */
#define _GNU_SOURCE             /* O_NOFOLLOW, O_DIRECTORY, AT_EACCESS, fdopendir */
#include "files.h"
#include "paths.h"
#include "status.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SHOWN 300                       /* a path as shown in a message */
#define TEMP_MARK ".gradlab-tmp."       /* NAME.gradlab-tmp.XXXXXX */
#define TEMP_STALE_SECONDS 60           /* a temporary file this old was left by a killed save */


/* snprintf's result n wrote the whole text into size bytes */
static int fits(int n, size_t size)
{
    return n >= 0 && (size_t)n < size;
}

int file_policy_confine(struct file_policy *p, const char *who, const char *home, const char *scratch)
{
    p->confined = 1;
    p->who = who;
    int ok = fits(snprintf(p->home, sizeof p->home, "%s", home ? home : ""), sizeof p->home);
    ok &= fits(snprintf(p->scratch, sizeof p->scratch, "%s", scratch ? scratch : ""), sizeof p->scratch);
    if (!ok)
        p->home[0] = p->scratch[0] = '\0';     /* no folder: every file refused */
    return ok ? 0 : -1;
}

static int confined(const struct file_policy *p)
{
    return p && p->confined;
}

static const char *who(const struct file_policy *p)
{
    return p->who ? p->who : "a lesson";
}

/* what a file that is not regular is, for messages */
static const char *kind_of(mode_t m)
{
    return S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket" : S_ISCHR(m) ? "a character device"
         : S_ISBLK(m) ? "a block device" : S_ISLNK(m) ? "a symbolic link" : "not a file";
}

/* ------------------------------------------------------------------ */
/* the confinement                                                     */

/* a path a confined command may name: relative, no '..', no dotfile */
static int confined_path_ok(const struct file_policy *p, const char *path, const char *shown, char *err,
                            size_t errlen)
{
    if (!*path)
        return text_fail(err, errlen, "an empty file name");
    if (strlen(path) >= FILE_PATH_MAX)
        return text_fail(err, errlen, "the file name '%s' is too long", shown);
    if (path[0] == '/')
        return text_fail(err, errlen, "'%s' is an absolute path: %s may only name files inside its folder", shown,
                    who(p));
    for (const char *c = path; *c;) {
        size_t n = strcspn(c, "/");
        if (n == 2 && c[0] == '.' && c[1] == '.')
            return text_fail(err, errlen, "'%s' goes up a folder with '..': %s may only name files inside its folder",
                        shown, who(p));
        if (n > 1 && c[0] == '.')
            return text_fail(err, errlen, "'%s' names a hidden file: %s may not use dotfiles", shown, who(p));
        c += n;
        c += *c == '/';
    }
    return 0;
}

/* The folder that holds path's last part, opened from rootfd one folder at
 * a time without following a link; its name in leaf. A descriptor, or -1
 * with errno (ELOOP: a link on the way; EISDIR: path names a folder). */
static int walk(int rootfd, const char *path, char *leaf, size_t leaflen)
{
    char buf[FILE_PATH_MAX];
    if (!fits(snprintf(buf, sizeof buf, "%s", path), sizeof buf)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = fcntl(rootfd, F_DUPFD_CLOEXEC, 0);
    char *s = buf;
    for (char *slash; fd >= 0 && (slash = strchr(s, '/')); s = slash + 1) {
        *slash = '\0';
        if (!*s || !strcmp(s, "."))
            continue;
        struct stat st;
        int next = -1, e = ELOOP;
        if (fstatat(fd, s, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISLNK(st.st_mode)) {
            next = openat(fd, s, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            e = errno;
        }
        close(fd);
        fd = next;
        errno = e;
    }
    if (fd >= 0 && (!*s || !strcmp(s, "."))) {
        close(fd);
        errno = EISDIR;
        return -1;
    }
    if (fd >= 0 && strlen(s) >= leaflen) {
        close(fd);
        errno = ENAMETOOLONG;
        return -1;
    }
    if (fd >= 0)
        memcpy(leaf, s, strlen(s) + 1);         /* it fits: checked above */
    return fd;
}

/* the message for errno e from a confined walk or open */
static int confined_fail(const struct file_policy *p, int e, const char *verb, const char *shown, char *err,
                         size_t errlen)
{
    if (e == ELOOP)
        return text_fail(err, errlen, "'%s' is or goes through a symbolic link: %s may not follow links", shown, who(p));
    if (e == EISDIR)
        return text_fail(err, errlen, "'%s' is a directory", shown);
    return text_fail(err, errlen, "cannot %s '%s': %s", verb, shown, strerror(e));
}

/* ------------------------------------------------------------------ */
/* reading                                                             */

/* fd was opened without blocking: keep it when it is a regular file */
static int regular_or_close(int fd, const char *shown, char *err, size_t errlen)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        int dir = S_ISDIR(st.st_mode);
        close(fd);
        if (dir)
            return text_fail(err, errlen, "'%s' is a directory", shown);
        return text_fail(err, errlen, "'%s' is not a regular file (%s)", shown, kind_of(st.st_mode));
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

/* the confined reader's folders: the scratch folder first, then home */
static int open_read_confined(const struct file_policy *p, const char *path, const char *shown, char *err,
                              size_t errlen)
{
    if (confined_path_ok(p, path, shown, err, errlen) < 0)
        return -1;
    const char *roots[2] = { p->scratch, p->home };
    for (int i = 0; i < 2; i++) {
        int rootfd = roots[i][0] ? open(roots[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
        if (rootfd < 0)
            continue;
        char leaf[NAME_MAX + 1];
        int dirfd = walk(rootfd, path, leaf, sizeof leaf);
        int e = errno;
        close(rootfd);
        if (dirfd < 0 && (e == ENOENT || e == ENOTDIR))
            continue;
        if (dirfd < 0)
            return confined_fail(p, e, "open", shown, err, errlen);
        int fd = openat(dirfd, leaf, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        e = errno;
        close(dirfd);
        if (fd >= 0)
            return regular_or_close(fd, shown, err, errlen);
        if (e != ENOENT)
            return confined_fail(p, e, "open", shown, err, errlen);
    }
    return text_fail(err, errlen, "cannot open '%s': %s", shown, strerror(ENOENT));
}

int file_open_read(const struct file_policy *p, const char *path, char *err, size_t errlen)
{
    char shown[SHOWN];
    text_shown(shown, sizeof shown, path);
    if (confined(p))
        return open_read_confined(p, path, shown, err, errlen);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return text_fail(err, errlen, "cannot open '%s': %s", shown, strerror(errno));
    return regular_or_close(fd, shown, err, errlen);
}

int file_read_all(const struct file_policy *p, const char *path, size_t max, char **buf, size_t *len,
                  char *err, size_t errlen)
{
    return file_read_until(p, path, max, buf, len, err, errlen, NULL);
}

/* bytes read at a time by file_read_until: a few milliseconds */
#define READ_STEP ((size_t)4 << 20)

int file_read_until(const struct file_policy *p, const char *path, size_t max, char **buf, size_t *len,
                    char *err, size_t errlen, stop_flag *stop)
{
    *buf = NULL;
    *len = 0;
    int fd = file_open_read(p, path, err, errlen);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) == 0 && (unsigned long long)st.st_size > max) {
        close(fd);
        return 1;
    }
    size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, n = 0;
    char *b = NULL;
    for (;;) {
        if (n + 1 >= cap || !b) {
            size_t nc = b ? cap * 2 : cap;
            if (nc > max + 2)
                nc = max + 2;
            char *nb = realloc(b, nc);
            if (!nb) {
                free(b);
                close(fd);
                char shown[SHOWN];
                return text_fail(err, errlen, "out of memory reading '%s' (needed %zu MiB)",
                                 text_shown(shown, sizeof shown, path), (nc + ((size_t)1 << 20) - 1) >> 20);
            }
            b = nb;
            cap = nc;
        }
        if (stop_requested(stop)) {
            status_free(b, cap);
            close(fd);
            return 2;
        }
        size_t want = cap - n - 1 < READ_STEP ? cap - n - 1 : READ_STEP;
        ssize_t got = read(fd, b + n, want);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            free(b);
            close(fd);
            char shown[SHOWN];
            return text_fail(err, errlen, "cannot read '%s': %s", text_shown(shown, sizeof shown, path), strerror(e));
        }
        n += (size_t)got;
        if (got == 0 || n > max)
            break;
    }
    close(fd);
    if (n > max) {
        free(b);
        return 1;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

int file_locate(const struct file_policy *p, const char *path, char *out, size_t outlen, char *err,
                size_t errlen)
{
    char shown[SHOWN];
    text_shown(shown, sizeof shown, path);
    if (!confined(p)) {
        if (!fits(snprintf(out, outlen, "%s", path), outlen))
            return text_fail(err, errlen, "cannot open '%s': %s", shown, strerror(ENAMETOOLONG));
        return 0;
    }
    if (confined_path_ok(p, path, shown, err, errlen) < 0)
        return -1;
    const char *roots[2] = { p->scratch, p->home };
    for (int i = 0; i < 2; i++) {
        struct stat st;
        int n = snprintf(out, outlen, "%s/%s", roots[i], path);
        if (roots[i][0] && fits(n, outlen) && lstat(out, &st) == 0)
            return 0;
    }
    if (!fits(snprintf(out, outlen, "%s/%s", p->home[0] ? p->home : p->scratch, path), outlen))
        return text_fail(err, errlen, "cannot open '%s': %s", shown, strerror(ENAMETOOLONG));
    return 0;
}

/* ------------------------------------------------------------------ */
/* writing                                                             */

/* the file a write goes to: its folder, opened, and its name there */
struct target {
    int dirfd;
    char leaf[NAME_MAX + 1];
    char shown[SHOWN];
    int exists;
    struct stat st;             /* when it exists (not followed) */
};

static int target_confined(const struct file_policy *p, const char *path, struct target *t, char *err,
                           size_t errlen)
{
    if (confined_path_ok(p, path, t->shown, err, errlen) < 0)
        return -1;
    char probe[FILE_PATH_MAX + 2];
    snprintf(probe, sizeof probe, "%s/x", p->scratch);
    make_parent_dirs(probe);
    int rootfd = open(p->scratch, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rootfd < 0)
        return text_fail(err, errlen, "cannot write '%s': %s", t->shown, strerror(errno));
    t->dirfd = walk(rootfd, path, t->leaf, sizeof t->leaf);
    int e = errno;
    close(rootfd);
    return t->dirfd < 0 ? confined_fail(p, e, "write", t->shown, err, errlen) : 0;
}

/* the user's own path: a symbolic link is followed to its target */
static int target_free(const char *path, struct target *t, char *err, size_t errlen)
{
    char real[PATH_MAX], dir[PATH_MAX];
    const char *use = path;
    struct stat ls;
    if (lstat(path, &ls) == 0 && S_ISLNK(ls.st_mode)) {
        if (!realpath(path, real))
            return text_fail(err, errlen, "cannot write '%s': it is a symbolic link whose target cannot be reached (%s)",
                        t->shown, strerror(errno));
        use = real;
    }
    const char *slash = strrchr(use, '/');
    const char *leaf = slash ? slash + 1 : use;
    if (!*leaf || !strcmp(leaf, ".") || !strcmp(leaf, ".."))
        return text_fail(err, errlen, "'%s' is a directory", t->shown);
    if (strlen(leaf) >= sizeof t->leaf)
        return text_fail(err, errlen, "cannot write '%s': %s", t->shown, strerror(ENAMETOOLONG));
    if (!fits(snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash == use ? 1 : slash - use) : 1,
                       slash ? use : "."), sizeof dir))
        return text_fail(err, errlen, "cannot write '%s': %s", t->shown, strerror(ENAMETOOLONG));
    memcpy(t->leaf, leaf, strlen(leaf) + 1);    /* it fits: checked above */
    t->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (t->dirfd < 0)
        return text_fail(err, errlen, "cannot write '%s': %s", t->shown, strerror(errno));
    return 0;
}

/* open the target's folder and look at the target: a regular file, a
 * new one, or (for the user's own commands) a character device */
static int target_open(const struct file_policy *p, const char *path, struct target *t, char *err,
                       size_t errlen)
{
    memset(t, 0, sizeof *t);
    t->dirfd = -1;
    text_shown(t->shown, sizeof t->shown, path);
    if ((confined(p) ? target_confined(p, path, t, err, errlen) : target_free(path, t, err, errlen)) < 0)
        return -1;
    t->exists = fstatat(t->dirfd, t->leaf, &t->st, AT_SYMLINK_NOFOLLOW) == 0;
    mode_t m = t->st.st_mode;
    if (!t->exists || S_ISREG(m) || (S_ISCHR(m) && !confined(p)))
        return 0;
    if (S_ISDIR(m))
        text_fail(err, errlen, "'%s' is a directory", t->shown);
    else if (S_ISLNK(m) && confined(p))
        text_fail(err, errlen, "'%s' is a symbolic link: %s may not follow links", t->shown, who(p));
    else
        text_fail(err, errlen, "'%s' is not a regular file (%s)", t->shown, kind_of(m));
    close(t->dirfd);
    t->dirfd = -1;
    return -1;
}

/* remove the temporary files a killed save left in the folder: ours by
 * their name, owned by us, untouched for TEMP_STALE_SECONDS */
static void clean_stale(int dirfd)
{
    int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    size_t ml = strlen(TEMP_MARK);
    time_t now = time(NULL);
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *name = e->d_name;
        size_t n = strlen(name);
        if (n < ml + 7 || memcmp(name + n - 6 - ml, TEMP_MARK, ml) != 0)
            continue;
        int ours = 1;
        for (size_t i = n - 6; i < n; i++)
            ours &= (name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
                    (name[i] >= '0' && name[i] <= '9');
        struct stat st;
        if (ours && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
            st.st_uid == geteuid() && now - st.st_mtime > TEMP_STALE_SECONDS)
            unlinkat(dirfd, name, 0);
    }
    closedir(d);
}

/* a new temporary file beside leaf (mode 0600 until it is complete): its
 * descriptor and its name in name, or -1 with errno */
static int temp_create(int dirfd, const char *leaf, char *name, size_t size)
{
    static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static unsigned long counter;
    for (int tries = 0; tries < 100; tries++) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        unsigned long long x = (unsigned long long)ts.tv_nsec * 2654435761u ^ (unsigned long long)getpid() << 20 ^
                               (unsigned long long)++counter * 0x9e3779b97f4a7c15ull ^ (unsigned long long)ts.tv_sec;
        char suffix[7];
        for (int i = 0; i < 6; i++, x /= 62)
            suffix[i] = set[x % 62];
        suffix[6] = '\0';
        if ((size_t)snprintf(name, size, "%s" TEMP_MARK "%s", leaf, suffix) >= size) {
            errno = ENAMETOOLONG;
            return -1;
        }
        int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
    }
    errno = EEXIST;
    return -1;
}

static mode_t current_umask(void)
{
    mode_t m = umask(022);
    umask(m);
    return m;
}

/* fill fd through write(), flush, set the mode, sync; close it: 0 or errno */
static int fill(int fd, mode_t mode, int (*write)(FILE *fp, void *ctx), void *ctx)
{
    errno = 0;
    FILE *fp = fdopen(fd, "w");
    int bad = !fp || write(fp, ctx) < 0 || fflush(fp) != 0 || fchmod(fd, mode) != 0 || fsync(fd) != 0;
    int e = bad ? (errno ? errno : EIO) : 0;
    if ((fp ? fclose(fp) : close(fd)) != 0 && !e)
        e = errno ? errno : EIO;
    return e;
}

/* a regular file: written beside the target, then renamed over it */
static int write_replace(struct target *t, int (*write)(FILE *fp, void *ctx), void *ctx, char *err,
                         size_t errlen)
{
    if (t->exists && faccessat(t->dirfd, t->leaf, W_OK, AT_EACCESS) != 0 && errno == EACCES)
        return text_fail(err, errlen, "cannot write '%s': %s (the file is read-only)", t->shown, strerror(EACCES));
    clean_stale(t->dirfd);
    char tmp[NAME_MAX + 32];
    int fd = temp_create(t->dirfd, t->leaf, tmp, sizeof tmp);
    if (fd < 0) {
        int e = errno;
        if ((e == EACCES || e == EPERM || e == EROFS) && t->exists)
            return text_fail(err, errlen, "cannot write '%s': its folder is not writable (%s); gradlab writes a new "
                        "file beside the old one and renames it over", t->shown, strerror(e));
        return text_fail(err, errlen, "cannot write '%s': %s", t->shown, strerror(e));
    }
    mode_t mode = t->exists ? t->st.st_mode & 0777 : 0666 & ~current_umask();
    if (t->exists && fchown(fd, t->st.st_uid, t->st.st_gid) != 0) {
        /* not ours to give: the new file stays the writer's */
    }
    int e = fill(fd, mode, write, ctx);
    if (!e && renameat(t->dirfd, tmp, t->dirfd, t->leaf) != 0)
        e = errno;
    if (e) {
        unlinkat(t->dirfd, tmp, 0);
        return text_fail(err, errlen, "cannot write '%s': %s", t->shown, strerror(e));
    }
    return 0;
}

/* a character device (/dev/null): written directly, never renamed over */
static int write_device(struct target *t, int (*write)(FILE *fp, void *ctx), void *ctx, char *err,
                        size_t errlen)
{
    int fd = openat(t->dirfd, t->leaf, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return text_fail(err, errlen, "cannot write '%s': %s", t->shown, strerror(errno));
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    errno = 0;
    FILE *fp = fdopen(fd, "w");
    int bad = !fp || write(fp, ctx) < 0 || fflush(fp) != 0;
    int e = bad ? (errno ? errno : EIO) : 0;
    if ((fp ? fclose(fp) : close(fd)) != 0 && !e)
        e = errno ? errno : EIO;
    return e ? text_fail(err, errlen, "cannot write '%s': %s", t->shown, strerror(e)) : 0;
}

int file_write_atomic(const struct file_policy *p, const char *path, int (*write)(FILE *fp, void *ctx),
                      void *ctx, char *err, size_t errlen)
{
    struct target t;
    if (target_open(p, path, &t, err, errlen) < 0)
        return -1;
    int rc = t.exists && S_ISCHR(t.st.st_mode) ? write_device(&t, write, ctx, err, errlen)
                                                : write_replace(&t, write, ctx, err, errlen);
    close(t.dirfd);
    return rc;
}

int file_open_append(const struct file_policy *p, const char *path, char *err, size_t errlen)
{
    struct target t;
    if (target_open(p, path, &t, err, errlen) < 0)
        return -1;
    int fd = openat(t.dirfd, t.leaf, O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    int e = errno;
    close(t.dirfd);
    if (fd < 0)
        return text_fail(err, errlen, "cannot write '%s': %s", t.shown, strerror(e));
    struct stat st;
    if (fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || (S_ISCHR(st.st_mode) && !confined(p)))) {
        close(fd);
        return text_fail(err, errlen, "'%s' is not a regular file (%s)", t.shown, kind_of(st.st_mode));
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

FILE *file_null_stream(void)
{
    return fopen("/dev/null", "w");
}
