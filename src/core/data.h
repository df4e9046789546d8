/* data: the data sets of the lessons, and data sets from and to files
 * (features..., label per row; CSV: csv.h, .npy: npy.h).
 *
 * The generators draw from struct rng (numpy's legacy RandomState), in the
 * same order as the reference implementations, so that with the same seed
 * they give numpy's / scikit-learn's points bit for bit:
 *   moons    sklearn.datasets.make_moons(N, noise=F) with np.random.seed(S)
 *   circles  sklearn.datasets.make_circles(N, noise=F, factor=0.8)
 *   spiral   the cs231n spiral: K arms of N/K points, noise 0.2 on the angle
 *   xor      N points uniform in [-1, 1)^2, label = (x0 > 0) xor (x1 > 0)
 *
 * Ownership: struct dataset owns X and labels; dataset_release frees them.
 * No function here prints: errors are written into err (errlen bytes). */
#ifndef GRADLAB_DATA_H
#define GRADLAB_DATA_H

#include <stddef.h>
#include "tensor.h"
#include "rng.h"

#define DATA_MAX_ROWS 1000000
#define DATA_MAX_CLASSES 4096

struct dataset {
    tensor X;           /* (N, D) features */
    int *labels;        /* (N) integer class of each row, 0..n_classes-1 */
    int n_classes;      /* 1 + the largest label */
    char name[64];      /* "moons", "xor", a file name... */
};

void dataset_release(struct dataset *d);
/* give dst the contents of src, leaving src empty */
void dataset_move(struct dataset *dst, struct dataset *src);

int data_moons(struct dataset *d, int n, double noise, struct rng *r);
int data_circles(struct dataset *d, int n, double noise, double factor, struct rng *r);
int data_spiral(struct dataset *d, int n, int k, struct rng *r);
int data_xor(struct dataset *d, int n, double noise, struct rng *r);

struct file_policy;

/* A data set from a matrix read from path (named after it): features...,
 * integer label (>= 0) per row; every feature finite. 0, -1 with err, or
 * ST_STOPPED (d unchanged, err not set) when stop (stop.h; may be NULL)
 * was raised. */
int data_from_matrix(struct dataset *d, const tensor *m, const char *path, char *err, size_t errlen,
                     stop_flag *stop);
/* Read a data set from a CSV file (csv.h, default options). 0 or -1. */
int data_load_csv(const struct file_policy *pol, const char *path, struct dataset *d, char *err,
                  size_t errlen);
/* the same, polling stop: ST_STOPPED (d unchanged, err not set) */
int data_load_until(const struct file_policy *pol, const char *path, struct dataset *d, char *err,
                    size_t errlen, stop_flag *stop);

/* write a data set as features..., label: CSV, or a 2-d float64 .npy */
int data_save_csv(const struct file_policy *pol, const char *path, const struct dataset *d, char *err,
                  size_t errlen);
int data_save_npy(const struct file_policy *pol, const char *path, const struct dataset *d, char *err,
                  size_t errlen);

#endif
