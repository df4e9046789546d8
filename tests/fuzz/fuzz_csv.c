/* libFuzzer harness for the CSV reader: the input is written to a file
 * (one path in /tmp, made once, rewritten for every input) that
 * csv_read_matrix and data_load_csv then read. Whatever they return is
 * checked against what data.h promises, then released.
 *
 * Build and run: make fuzz / make fuzz-regress (tests/fuzz/fuzz.mk). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "tensor.h"

static char path[64];

static void remove_file(void)
{
    if (path[0])
        unlink(path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(path, sizeof path, "/tmp/gradlab-fuzz-csv-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) {
        perror("mkstemp");
        abort();
    }
    close(fd);
    atexit(remove_file);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(path);
        abort();
    }

    char err[400];
    tensor m = TENSOR_INIT;
    if (csv_read_matrix(NULL, path, &m, err, sizeof err) == 0) {
        if (m.rows < 1 || m.cols < 1 || !m.data)
            abort();
        for (size_t i = 0; i < tensor_size(&m); i++)
            if (!isfinite(m.data[i]))
                abort();        /* data.h: a CSV of numbers; NaN and inf are refused */
        tensor_release(&m);
    } else if (m.data || !memchr(err, '\0', sizeof err)) {
        abort();                /* m is only replaced on success; err is one string */
    }

    struct dataset d;
    memset(&d, 0, sizeof d);
    if (data_load_csv(NULL, path, &d, err, sizeof err) == 0) {
        if (d.X.rows < 1 || d.X.cols < 1 || !d.labels || d.n_classes < 1 || d.n_classes > DATA_MAX_CLASSES)
            abort();
        for (int i = 0; i < d.X.rows; i++)
            if (d.labels[i] < 0 || d.labels[i] >= d.n_classes)
                abort();
        dataset_release(&d);
    } else if (d.X.data || d.labels) {
        abort();
    }
    return 0;
}
