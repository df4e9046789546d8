/* tensor: small dense row-major matrices of double. See tensor.h. */
#include "tensor.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

int tensor_init(tensor *t, int rows, int cols)
{
    tensor_release(t);
    if (rows < 0 || cols < 0)
        return -1;
    size_t n = (size_t)rows * (size_t)cols;
    if (n > TENSOR_MAX_ELEMS)
        return -1;
    if (n > 0) {
        t->data = calloc(n, sizeof *t->data);
        if (!t->data)
            return -1;
    }
    t->rows = rows;
    t->cols = cols;
    return 0;
}

void tensor_release(tensor *t)
{
    free(t->data);
    t->data = NULL;
    t->rows = t->cols = 0;
}

int tensor_copy(tensor *dst, const tensor *src)
{
    if (dst == src)
        return 0;
    tensor tmp = TENSOR_INIT;
    if (tensor_init(&tmp, src->rows, src->cols) < 0)
        return -1;
    if (tensor_size(src))
        memcpy(tmp.data, src->data, tensor_size(src) * sizeof *src->data);
    tensor_move(dst, &tmp);
    return 0;
}

void tensor_move(tensor *dst, tensor *src)
{
    if (dst == src)
        return;
    tensor_release(dst);
    *dst = *src;
    src->data = NULL;
    src->rows = src->cols = 0;
}

size_t tensor_size(const tensor *t)
{
    return (size_t)t->rows * (size_t)t->cols;
}

int tensor_same_shape(const tensor *a, const tensor *b)
{
    return a->rows == b->rows && a->cols == b->cols;
}

void tensor_fill(tensor *t, double v)
{
    size_t n = tensor_size(t);
    for (size_t i = 0; i < n; i++)
        t->data[i] = v;
}

/* ---------------------------------------------------------------- */
/* matrix product                                                     */

/* Every element of a product is one sum over the inner index k, taken in
 * increasing order and starting from 0.0:
 *     acc = 0.0;  for k = 0, 1, ..., m-1:  acc = acc + a_ik * b_kj
 * where the product is rounded to a double before it is added (two
 * roundings: no fused multiply-add). All the kernels below keep exactly
 * that order, whatever the transposes, the width and the instruction
 * set, so every variant gives the same bits (the tests compare them with
 * ==). The fast kernel only changes which elements are worked on side by
 * side, never the order of the terms within one element. */

/* a * b + c stays a multiply and an add everywhere in this file: -std=c11
 * already means -ffp-contract=off, and this keeps it so under a GNU mode
 * and in the AVX2 and AVX-512 kernels, whose instruction sets have FMA */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif

/* -- the small kernels ---------------------------------------------- */

/* The kernels below are written once, for a width p known only at run
 * time (P = p) or fixed at compile time (P = 1..4, the tiny layers of the
 * lessons: there the compiler unrolls the inner loop completely). They
 * take every product that is too small for the blocked kernel. */

/* out (n x P) = a (n x m) . b (m x P): a row of out gathers rows of b */
#define KERNEL_AB(P)                                                        \
    for (int i = 0; i < n; i++) {                                           \
        double *o = &T_AT(out, i, 0);                                       \
        const double *ai = &T_AT(a, i, 0);                                  \
        for (int j = 0; j < (P); j++)                                       \
            o[j] = 0.0;                                                     \
        for (int k = 0; k < m; k++) {                                       \
            double aik = ai[k];                                             \
            const double *bk = &T_AT(b, k, 0);                              \
            for (int j = 0; j < (P); j++)                                   \
                o[j] += aik * bk[j];                                        \
        }                                                                   \
    }

/* out (n x P) = a^T . b with a (m x n), b (m x P): row k of a and row k
 * of b update all of out */
#define KERNEL_ATB(P)                                                       \
    for (size_t e = 0; e < (size_t)n * (P); e++)                            \
        out->data[e] = 0.0;                                                 \
    for (int k = 0; k < m; k++) {                                           \
        const double *ak = &T_AT(a, k, 0), *bk = &T_AT(b, k, 0);            \
        for (int i = 0; i < n; i++) {                                       \
            double aki = ak[i];                                             \
            double *o = &T_AT(out, i, 0);                                   \
            for (int j = 0; j < (P); j++)                                   \
                o[j] += aki * bk[j];                                        \
        }                                                                   \
    }

/* out (n x p) = a (n x M) . b^T with b (p x M): dot products of rows */
#define KERNEL_ABT(M)                                                       \
    for (int i = 0; i < n; i++) {                                           \
        const double *ai = &T_AT(a, i, 0);                                  \
        for (int j = 0; j < p; j++) {                                       \
            const double *bj = &T_AT(b, j, 0);                              \
            double acc = 0.0;                                               \
            for (int k = 0; k < (M); k++)                                   \
                acc += ai[k] * bj[k];                                       \
            T_AT(out, i, j) = acc;                                          \
        }                                                                   \
    }

/* run KERNEL with its width fixed when it is 1 to 4 */
#define BY_WIDTH(KERNEL, W)                                                 \
    switch (W) {                                                            \
    case 1: { KERNEL(1) } break;                                            \
    case 2: { KERNEL(2) } break;                                            \
    case 3: { KERNEL(3) } break;                                            \
    case 4: { KERNEL(4) } break;                                            \
    default: { KERNEL(W) } break;                                           \
    }

/* -- the blocked kernel ---------------------------------------------- */

/* For larger products, out is computed in tiles of MR rows by NR columns.
 * A tile's MR x NR sums stay in vector registers while k runs from 0 up.
 * At each k, the NR values b(k, j..j+NR-1) are loaded once, and each of
 * the MR values a(i+r, k) is broadcast to a vector and multiplied by them:
 *     acc[r][0..NR-1] = acc[r][0..NR-1] + a(i+r, k) * b(k, j..j+NR-1)
 * Lane by lane that is the scalar step above (vector multiplies and adds
 * round each lane as the scalar ones do), so out(i+r, j+c) is summed in
 * the same order; but each b value loaded serves MR rows and each a value
 * NR columns, and MR x NR independent sums keep the adders busy.
 *
 * The b values a tile needs, b(k, j..j+NR-1) for every k, are copied
 * once into a contiguous panel (zero-padded to NR columns, transposed
 * when b is) and used by every tile in that column band. To keep the
 * panel in the L1 cache, k is cut into blocks of KC; between two blocks a
 * tile's partial sums are stored in out and loaded back. A double stored
 * and loaded is the same double, so each element still sums k = 0, 1,
 * 2, ... in order, only with a pause every KC terms. */

enum {
    KC = 256,           /* k values per block: a 256 x 16 panel is 32 KiB */
    MR_MAX = 8,         /* the largest tile any kernel below uses */
    NR_MAX = 16
};

/* a micro-kernel: c (MR x NR, row-major) += the kc terms of one k block.
 * Row r of op(a) at k is row[r][k * aks]; the panel bp holds b(k, c) at
 * bp[k * NR + c]. */
typedef void micro_kernel(int kc, const double *const row[], ptrdiff_t aks,
                          const double *bp, double *c);

struct tile_kernel {
    micro_kernel *run;
    int mr, nr;
};

/* the micro-kernel for a vector type VEC, MR rows and NV vectors per row
 * (NR = NV * the doubles in a VEC). The loops over r and v are unrolled
 * so that acc[][] and bk[] are registers, not memory. */
#define UNROLL _Pragma("GCC unroll 16")
#define MICRO_KERNEL(NAME, TARGET, VEC, MR, NV)                             \
    TARGET static void NAME(int kc, const double *const row[], ptrdiff_t aks, \
                            const double *bp, double *c)                    \
    {                                                                       \
        enum { VL = sizeof(VEC) / sizeof(double), NR = (NV) * VL };         \
        const double *ar[MR];                                               \
        VEC acc[MR][NV];                                                    \
        /* the partial sums so far (0.0 before the first block) */          \
        UNROLL for (int r = 0; r < (MR); r++) {                             \
            ar[r] = row[r];                                                 \
            UNROLL for (int v = 0; v < (NV); v++)                           \
                memcpy(&acc[r][v], c + r * NR + v * VL, sizeof(VEC));       \
        }                                                                   \
        for (int k = 0; k < kc; k++) {                                      \
            /* b(k, 0..NR-1), then one term for each of the MR rows */      \
            VEC bk[NV];                                                     \
            UNROLL for (int v = 0; v < (NV); v++)                           \
                memcpy(&bk[v], bp + (size_t)k * NR + v * VL, sizeof(VEC));  \
            UNROLL for (int r = 0; r < (MR); r++) {                         \
                double x = ar[r][k * aks];                                  \
                UNROLL for (int v = 0; v < (NV); v++)                       \
                    acc[r][v] = acc[r][v] + bk[v] * x;                      \
            }                                                               \
        }                                                                   \
        UNROLL for (int r = 0; r < (MR); r++)                               \
            UNROLL for (int v = 0; v < (NV); v++)                           \
                memcpy(c + r * NR + v * VL, &acc[r][v], sizeof(VEC));       \
    }

/* GCC's vector types: VEC * x multiplies every lane by the double x */
typedef double vec2 __attribute__((vector_size(16)));
typedef double vec4 __attribute__((vector_size(32)));
typedef double vec8 __attribute__((vector_size(64)));

/* portable: 2 doubles a vector (SSE2 on x86-64), a 4 x 4 tile in 8
 * vectors of the 16 registers */
MICRO_KERNEL(tile_4x4, , vec2, 4, 2)
static const struct tile_kernel kernel_portable = { tile_4x4, 4, 4 };

/* on x86-64 with GCC, two more, picked at run time by what the processor
 * has (not under ASan, like vmath.c; clang takes the portable one) */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
#define TENSOR_DISPATCH 1
/* AVX2: 4 doubles a vector, 16 registers: a 4 x 8 tile in 8 of them */
MICRO_KERNEL(tile_4x8, __attribute__((target("arch=x86-64-v3"))), vec4, 4, 2)
static const struct tile_kernel kernel_avx2 = { tile_4x8, 4, 8 };
/* AVX-512: 8 doubles a vector, 32 registers: an 8 x 16 tile in 16 */
MICRO_KERNEL(tile_8x16, __attribute__((target("arch=x86-64-v4"))), vec8, 8, 2)
static const struct tile_kernel kernel_avx512 = { tile_8x16, 8, 16 };
#endif
/* the kernel tensor_matmul uses: TENSOR_KERNEL_BEST picks by the processor */
static int kernel_choice = TENSOR_KERNEL_BEST;

int tensor_matmul_kernel(int kernel)
{
    int was = kernel_choice;
    if (kernel >= TENSOR_KERNEL_BEST && kernel <= TENSOR_KERNEL_AVX512)
        kernel_choice = kernel;
    return was;
}

static const struct tile_kernel *pick_kernel(void)
{
#ifdef TENSOR_DISPATCH
    int avx512 = __builtin_cpu_supports("x86-64-v4"), avx2 = __builtin_cpu_supports("x86-64-v3");
    if (avx512 && (kernel_choice == TENSOR_KERNEL_BEST || kernel_choice == TENSOR_KERNEL_AVX512))
        return &kernel_avx512;
    if (avx2 && (kernel_choice == TENSOR_KERNEL_BEST || kernel_choice >= TENSOR_KERNEL_AVX2))
        return &kernel_avx2;
#endif
    return &kernel_portable;
}

/* out (n x p) = op(a) (n x m) . op(b) (m x p) in tiles, for trans_a and
 * trans_b not both set */
static void matmul_blocked(tensor *out, const tensor *a, int trans_a, const tensor *b, int trans_b,
                           int n, int m, int p, const struct tile_kernel *kern)
{
    const int MR = kern->mr, NR = kern->nr;
    _Alignas(64) double panel[KC * NR_MAX];     /* b(k0.., j0..) for one band */
    _Alignas(64) double c[MR_MAX * NR_MAX];     /* one tile's sums */
    const double *row[MR_MAX];
    /* op(a)(i, k) is at row[r] + k * aks for the tile's rows i = i0 + r */
    ptrdiff_t aks = trans_a ? a->cols : 1;
    for (int k0 = 0; k0 < m; k0 += KC) {
        int kc = m - k0 < KC ? m - k0 : KC;
        for (int j0 = 0; j0 < p; j0 += NR) {
            int jw = p - j0 < NR ? p - j0 : NR;     /* columns of out in the band */
            /* the panel: op(b)(k0 + k, j0 + col) at panel[k * NR + col],
             * zeros past the last column (their sums are not stored) */
            for (int k = 0; k < kc; k++) {
                double *pk = &panel[(size_t)k * NR];
                for (int col = 0; col < jw; col++)
                    pk[col] = trans_b ? T_AT(b, j0 + col, k0 + k) : T_AT(b, k0 + k, j0 + col);
                for (int col = jw; col < NR; col++)
                    pk[col] = 0.0;
            }
            for (int i0 = 0; i0 < n; i0 += MR) {
                int iw = n - i0 < MR ? n - i0 : MR;     /* rows of out in the tile */
                /* a tile past the last row repeats that row; its sums
                 * are not stored either */
                for (int r = 0; r < MR; r++) {
                    int i = i0 + (r < iw ? r : iw - 1);
                    row[r] = trans_a ? &T_AT(a, k0, i) : &T_AT(a, i, k0);
                }
                /* the sums so far: 0.0 in the first block, else what the
                 * last block stored */
                for (int r = 0; r < MR; r++)
                    for (int col = 0; col < NR; col++)
                        c[r * NR + col] = k0 == 0 || r >= iw || col >= jw ? 0.0 : T_AT(out, i0 + r, j0 + col);
                kern->run(kc, row, aks, panel, c);
                for (int r = 0; r < iw; r++)
                    for (int col = 0; col < jw; col++)
                        T_AT(out, i0 + r, j0 + col) = c[r * NR + col];
            }
        }
    }
}

void tensor_matmul(tensor *out, const tensor *a, int trans_a, const tensor *b, int trans_b)
{
    int n = trans_a ? a->cols : a->rows;    /* rows of op(a) */
    int m = trans_a ? a->rows : a->cols;    /* inner dimension */
    int p = trans_b ? b->rows : b->cols;    /* cols of op(b) */
    /* the tiny widths keep their unrolled kernels; a product of more than
     * a few thousand multiply-adds goes to the blocked kernel */
    int width = trans_b ? m : p;
    int blocked = width > 4 && !(trans_a && trans_b) && (double)n * m * p >= 4096;
    if (blocked) {
        matmul_blocked(out, a, trans_a, b, trans_b, n, m, p, pick_kernel());
    } else if (trans_a && trans_b) {
        /* not used by the network; the plain definition */
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) {
                double acc = 0.0;
                for (int k = 0; k < m; k++)
                    acc += T_AT(a, k, i) * T_AT(b, j, k);
                T_AT(out, i, j) = acc;
            }
    } else if (trans_b) {
        BY_WIDTH(KERNEL_ABT, m)
    } else if (trans_a) {
        BY_WIDTH(KERNEL_ATB, p)
    } else {
        BY_WIDTH(KERNEL_AB, p)
    }
}

void tensor_add_row(tensor *out, const tensor *v)
{
    for (int i = 0; i < out->rows; i++) {
        double *o = &T_AT(out, i, 0);
        for (int j = 0; j < out->cols; j++)
            o[j] += v->data[j];
    }
}

void tensor_sum_rows(tensor *out, const tensor *a)
{
    tensor_fill(out, 0.0);
    for (int i = 0; i < a->rows; i++) {
        const double *r = &T_AT(a, i, 0);
        for (int j = 0; j < a->cols; j++)
            out->data[j] += r[j];
    }
}

double tensor_sum_sq(const tensor *t)
{
    double acc = 0.0;
    size_t n = tensor_size(t);
    for (size_t i = 0; i < n; i++)
        acc += t->data[i] * t->data[i];
    return acc;
}

double tensor_max_abs_diff(const tensor *a, const tensor *b)
{
    double m = 0.0;
    size_t n = tensor_size(a);
    for (size_t i = 0; i < n; i++) {
        double d = fabs(a->data[i] - b->data[i]);
        if (d > m || d != d)
            m = d;
    }
    return m;
}

int tensor_all_finite(const tensor *t)
{
    size_t n = tensor_size(t);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(t->data[i]))
            return 0;
    return 1;
}
