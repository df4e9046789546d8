/* fuzz_file: the one file a file-reading harness writes each input to,
 * for the reader to open as a user's file would be. Made once (mkstemp,
 * on tmpfs when /dev/shm is writable: the fuzzer writes it thousands of
 * times a second), removed at exit. */
#ifndef GRADLAB_FUZZ_FILE_H
#define GRADLAB_FUZZ_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char fuzz_path[96];

static void fuzz_file_remove(void)
{
    if (fuzz_path[0])
        unlink(fuzz_path);
}

/* make the file, named /dev/shm/gradlab-fuzz-NAME-XXXXXX (or in /tmp) */
static inline void fuzz_file_init(const char *name)
{
    snprintf(fuzz_path, sizeof fuzz_path, "%s/gradlab-fuzz-%s-XXXXXX",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp", name);
    int fd = mkstemp(fuzz_path);
    if (fd < 0) {
        perror("mkstemp");
        abort();
    }
    close(fd);
    atexit(fuzz_file_remove);
}

/* the file holds exactly data; its path */
static inline const char *fuzz_file_write(const uint8_t *data, size_t size)
{
    FILE *f = fopen(fuzz_path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(fuzz_path);
        abort();
    }
    return fuzz_path;
}

#endif
