/* paths: where gradlab keeps the learner's state, and text from files made
 * safe to print. Pure POSIX: no SDL, no readline. (Files a command names
 * are opened through files.h.) */
#ifndef GRADLAB_PATHS_H
#define GRADLAB_PATHS_H

#include <stddef.h>

/* $XDG_STATE_HOME/gradlab/LEAF, else ~/.local/state/gradlab/LEAF (~ from
 * HOME, or the password database when HOME is unset); "" when there is no
 * home folder at all, or when the path does not fit in size bytes */
void state_path(char *buf, size_t size, const char *leaf);
/* $XDG_CONFIG_HOME/gradlab/LEAF, else ~/.config/gradlab/LEAF (the
 * start-up file "init") */
void config_path(char *buf, size_t size, const char *leaf);

/* gradlab's own files, found from where the running program is
 * (platform.h), so that it works from any folder:
 *   - a build tree: the program at the top of a clone (./gradlab) or in
 *     its build folder (build/gradlab): the clone, which holds lessons/;
 *   - an installed program, PREFIX/bin/gradlab (DESTDIR and a PREFIX
 *     other than the one built for included): PREFIX/share/gradlab;
 *   - else the folder `make install` was built for (GRADLAB_DATADIR).
 * The folder that holds lessons/. The string lives as long as gradlab. */
const char *data_dir(void);
/* The window code, gradlab-window.so, found the same way: beside the
 * program (build/), in the build folder of a clone, in
 * PREFIX/lib/gradlab, else where it was built for (GRADLAB_LIBDIR). The
 * environment's GRADLAB_WINDOW_LIB is the caller's to honour first. */
const char *window_lib_path(void);

/* mkdir -p of the directory part of path (errors are left to the write) */
void make_parent_dirs(const char *path);

/* the message (printf-like) into err, errlen bytes; returns -1, for
 * errors as values:  return text_fail(err, errlen, "cannot open '%s'", p); */
int text_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Text that came from a file (a CSV field, a file name, a lesson, the
 * history) made safe for a terminal: the n bytes of src into dst, with
 * every control character (C0, DEL, the C1 range U+0080..U+009F) and every
 * byte that is not part of valid UTF-8 written as \xNN, and a backslash as
 * \\. dst is always NUL-terminated; what does not fit is cut (at a whole
 * character) and ends in "...". Returns dst. */
char *text_escape(char *dst, size_t size, const char *src, size_t n);
/* the same for a NUL-terminated string */
char *text_shown(char *dst, size_t size, const char *s);
/* how many of the n bytes at s, from the start, are valid UTF-8 without
 * control characters (tab allowed): text_escape leaves them as they are;
 * n when all are */
size_t text_clean_len(const char *s, size_t n);

#endif
