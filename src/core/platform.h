/* platform: the few things that differ between systems, in one place, each
 * with a portable fallback: where the running program is, and a stream
 * whose writes go to a function. Nothing else in gradlab names /proc,
 * fopencookie or funopen. Pure C and POSIX: no SDL, no readline.
 * Ownership: the paths are the caller's buffers; a stream from
 * platform_stream_open is the caller's until platform_stream_close. */
#ifndef GRADLAB_PLATFORM_H
#define GRADLAB_PLATFORM_H

#include <stddef.h>
#include <stdio.h>

/* main hands over argv[0], for systems where the program cannot ask where
 * it is (the fallback of platform_exe_path) */
void platform_set_argv0(const char *argv0);

/* The absolute path of the running program, links resolved: from the
 * system (/proc/self/exe on Linux and Cygwin, _NSGetExecutablePath on
 * macOS), else from argv[0] (platform_exe_from_argv0). 0, or -1 when it
 * cannot be known. */
int platform_exe_path(char *buf, size_t size);

/* the number of processors online (sysconf; 1 when it cannot say) */
int platform_cores(void);

/* The fallback, on its own for the tests: argv0 with a '/' is a path
 * (made absolute and resolved); without one it is looked up in the
 * folders of path_env (the value of $PATH) as a shell would. 0, or -1. */
int platform_exe_from_argv0(const char *argv0, const char *path_env, char *buf, size_t size);

/* A write-only stream whose bytes reach write(cookie, buf, n) as they are
 * written (unbuffered: fopencookie with glibc and musl, funopen on macOS
 * and the BSDs). Elsewhere the bytes gather in memory (open_memstream) and
 * reach write when the stream is closed. write returns 0, or -1 to fail
 * the write (the stream's error indicator is set; errno is write's).
 * NULL when no stream can be made. */
typedef int (*platform_write_fn)(void *cookie, const char *buf, size_t n);
FILE *platform_stream_open(void *cookie, platform_write_fn write);
/* the same stream, always through open_memstream (the fallback; tests) */
FILE *platform_stream_open_portable(void *cookie, platform_write_fn write);
/* Close a stream of platform_stream_open (never fclose it directly): 0,
 * or -1 when a write failed (also one made at the close) */
int platform_stream_close(FILE *f);

#endif
