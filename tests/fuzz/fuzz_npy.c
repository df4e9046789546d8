/* libFuzzer harness for the .npy reader: the input is written to a file
 * (fuzz_file.h: one path, made once, rewritten for every input)
 * that npy_read, then data_from_matrix (as data load), read. Whatever
 * they return is checked against what npy.h and data.h promise; a file
 * read is written back and read again, and must give the same bits.
 *
 * Build and run: make fuzz FUZZ_TARGETS=npy / make fuzz-regress
 * (tests/fuzz/fuzz.mk). Seeds: numpy's files, the fixtures of
 * tests/ref/npy. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_data.h"
#include "fuzz_file.h"
#include "data.h"
#include "npy.h"
#include "tensor.h"

static char back[128];

static void remove_back(void)
{
    unlink(back);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_file_init("npy");
    snprintf(back, sizeof back, "%s-back.npy", fuzz_path);
    atexit(remove_back);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file_write(data, size);

    char err[400];
    tensor m = TENSOR_INIT;
    if (tensor_init(&m, 1, 1) < 0)
        abort();
    double *keep = m.data;
    *keep = 0.5;
    struct npy_info info;
    if (npy_read(NULL, path, &m, &info, err, sizeof err, NULL) == 0) {
        if (m.rows < 1 || m.cols < 1 || !m.data || info.ndim < 0 || info.ndim > 2 ||
            (info.ndim < 2 && m.rows != 1) || (info.ndim == 0 && m.cols != 1) || tensor_size(&m) > TENSOR_MAX_ELEMS)
            abort();
        /* written back (float64, C order; the stream, not the atomic
         * write, whose fsync would slow the fuzzer down) and read again:
         * the same bits */
        tensor again = TENSOR_INIT;
        FILE *b = fopen(back, "wb");
        if (!b || npy_write_stream(b, &m, info.ndim) != 0 || fclose(b) != 0 ||
            npy_read(NULL, back, &again, &info, err, sizeof err, NULL) != 0 ||
            !tensor_same_shape(&m, &again) ||
            memcmp(m.data, again.data, tensor_size(&m) * sizeof *m.data) != 0)
            abort();
        tensor_release(&again);
        tensor_release(&m);
    } else if (m.data != keep || m.rows != 1 || m.cols != 1 || *keep != 0.5 || !memchr(err, '\0', sizeof err) ||
               strchr(err, '\n')) {
        abort();                /* m is only replaced on success; err is one line */
    } else {
        tensor_release(&m);
    }

    struct dataset d;
    memset(&d, 0, sizeof d);
    tensor t = TENSOR_INIT;
    int got = npy_read(NULL, path, &t, &info, err, sizeof err, NULL) == 0 &&
              data_from_matrix(&d, &t, path, err, sizeof err, NULL) == 0;
    tensor_release(&t);
    fuzz_check_dataset(got, &d);
    return 0;
}
