/* matmul: the fast kernels of the matrix product, on raw arrays.
 *
 * tensor_matmul (src/core/tensor.c) holds the definition of the product,
 * a plain triple loop, and hands the larger products here. These kernels
 * give the same bits as that loop: each element is summed over k = 0, 1,
 * ... in increasing order from 0.0, a multiply then an add (no FMA),
 * whichever kernel runs (small unrolled loops for narrow products, tiles
 * held in vector registers for the others, with AVX2 and AVX-512 copies
 * picked at run time). No allocation: about 300 KiB of stack. */
#ifndef GRADLAB_MATMUL_H
#define GRADLAB_MATMUL_H

#include <stddef.h>

#include "stop.h"

/* c (n x p) = op(a) (n x m) . op(b) (m x p), where op transposes when the
 * flag is set; not both transposed. The arrays are row-major with rows
 * ldc, lda and ldb doubles apart: op(a) is a (n x m, rows lda apart) or,
 * transposed, the transpose of a (m x n); the same for b. c must not
 * overlap a or b. m may be 0 (c is then zeros). */
void matmul(double *c, ptrdiff_t ldc, const double *a, ptrdiff_t lda, int trans_a,
            const double *b, ptrdiff_t ldb, int trans_b, int n, int m, int p);
/* the same, polling stop (stop.h) every few hundred thousand multiply-adds:
 * 0 when done, 1 when stop was raised first (c is then partly written:
 * its values mean nothing) */
int matmul_until(double *c, ptrdiff_t ldc, const double *a, ptrdiff_t lda, int trans_a,
                 const double *b, ptrdiff_t ldb, int trans_b, int n, int m, int p, stop_flag *stop);
/* c = c + op(a) op(b), each element's sum starting from c's value instead
 * of 0.0 and then adding its terms in the same order as matmul:
 *     acc = c_ij;  for k = 0, 1, ..., m-1:  acc = acc + a_ik * b_kj
 * (a bias added first, then the products, as a layer of the trainer
 * does). Polls stop as matmul_until does: 0, or 1 (c then means nothing). */
int matmul_add_until(double *c, ptrdiff_t ldc, const double *a, ptrdiff_t lda, int trans_a,
                     const double *b, ptrdiff_t ldb, int trans_b, int n, int m, int p, stop_flag *stop);

/* which tile kernel matmul uses for larger products, for the tests and
 * benchmarks: BEST (the default) takes the fastest the processor has; the
 * others ask for one, and fall back to a slower one when the processor or
 * the build lacks it. All of them give the same bits. Returns the choice
 * before the call (an unknown value changes nothing). */
enum { MATMUL_KERNEL_BEST, MATMUL_KERNEL_PORTABLE, MATMUL_KERNEL_AVX2, MATMUL_KERNEL_AVX512 };
int matmul_kernel(int kernel);

#endif
