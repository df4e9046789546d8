/* fuzz_data: the check of a data set that a file-reading harness loaded
 * (fuzz_csv: data_load_csv; fuzz_npy: npy_read and data_from_matrix),
 * against what data.h promises. */
#ifndef GRADLAB_FUZZ_DATA_H
#define GRADLAB_FUZZ_DATA_H

#include <stdlib.h>

#include "data.h"

/* loaded: the reader returned 0. Then d holds rows, a label in range for
 * each and a class count in range, and is released; else d holds nothing */
static inline void fuzz_check_dataset(int loaded, struct dataset *d)
{
    if (loaded) {
        if (d->X.rows < 1 || d->X.cols < 1 || !d->labels || d->n_classes < 1 || d->n_classes > DATA_MAX_CLASSES)
            abort();
        for (int i = 0; i < d->X.rows; i++)
            if (d->labels[i] < 0 || d->labels[i] >= d->n_classes)
                abort();
        dataset_release(d);
    } else if (d->X.data || d->labels) {
        abort();
    }
}

#endif
