/* npy: numpy's .npy files (numpy.lib.format), read and written without
 * numpy.
 *
 * A .npy file is the magic "\x93NUMPY", a version (1.0, 2.0 or 3.0), the
 * length of a header (2 bytes for 1.0, 4 after, little-endian), the header
 * (a Python dict literal: {'descr': '<f8', 'fortran_order': False,
 * 'shape': (3, 4), }, padded with spaces to a multiple of 64 bytes and
 * ended by a newline), then the numbers, in C (row-major) or Fortran
 * (column-major) order.
 *
 * The reader takes arrays of 0, 1 or 2 dimensions (0-d: one number; 1-d:
 * a row, as gradlab's vectors) of float64, float32, float16, int8..int64,
 * uint8..uint64 or bool, in either byte order, and converts every number
 * to a double exactly: an integer a double cannot hold exactly (beyond
 * 2^53) is refused, not rounded. NaN and the infinities are returned as
 * they are (the caller judges them). Everything else is refused with one
 * line naming the file: another dtype (objects, strings, complex,
 * structured), more dimensions, no numbers, more than TENSOR_MAX_ELEMS
 * numbers, a header that does not parse or is over 10000 bytes (numpy's
 * own limit), a file shorter or longer than its header says.
 *
 * The writer writes version 1.0 (2.0 when the header would not fit),
 * float64 little-endian in C order, with numpy's header byte for byte:
 * np.save of the same array gives the same file. Through files.h: atomic,
 * under the caller's policy.
 *
 * Ownership: the caller's tensor; replaced only on success. Pure: errors
 * are values (err, errlen bytes), nothing printed. */
#ifndef GRADLAB_NPY_H
#define GRADLAB_NPY_H

#include <stddef.h>
#include <stdio.h>
#include "status.h"
#include "tensor.h"

struct file_policy;

#define NPY_MAX_HEADER 10000    /* numpy's max_header_size */

struct npy_info {
    int ndim;                   /* 0, 1 or 2 */
    int major;                  /* the file's version: 1, 2 or 3 */
    int fortran;                /* the data was column-major */
    char dtype[16];             /* numpy's name: "float64", "int32", "bool"... */
};

/* 1 when path ends in .npy (any case) */
int npy_path(const char *path);

/* Read the .npy file path, opened through the policy pol (files.h), into
 * m (1 x n for a 1-d array, 1 x 1 for a 0-d one); info may be NULL. It
 * polls stop (stop.h; may be NULL) between reads of a few MiB. 0, -1
 * with err, or ST_STOPPED (m unchanged, err not set). */
int npy_read(const struct file_policy *pol, const char *path, tensor *m, struct npy_info *info, char *err,
             size_t errlen, stop_flag *stop);

/* Write m as a .npy file of ndim dimensions (0: m is 1 x 1, shape ();
 * 1: m is one row, shape (n,); 2: shape (rows, cols)) through the policy,
 * atomically. 0, or -1 with err. */
int npy_write(const struct file_policy *pol, const char *path, const tensor *m, int ndim, char *err,
              size_t errlen);

/* the same bytes into a stream: 0, or -1 on a write error */
int npy_write_stream(FILE *fp, const tensor *m, int ndim);

#endif
