/* libFuzzer harness for the CSV reader: the input is written to a file
 * (fuzz_file.h: one path, made once, rewritten for every input) that
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

#include "fuzz_data.h"
#include "fuzz_file.h"
#include "csv.h"
#include "data.h"
#include "tensor.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_file_init("csv");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file_write(data, size);

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
    fuzz_check_dataset(data_load_csv(NULL, path, &d, err, sizeof err) == 0, &d);
    return 0;
}
