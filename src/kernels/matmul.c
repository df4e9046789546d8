/* matmul: the fast kernels of the matrix product. See matmul.h.
 *
 * Every element of a product is one sum over the inner index k, taken in
 * increasing order and starting from 0.0:
 *     acc = 0.0;  for k = 0, 1, ..., m-1:  acc = acc + a_ik * b_kj
 * where the product is rounded to a double before it is added (two
 * roundings: no fused multiply-add): the definition, which tensor.c's
 * tensor_matmul writes as a plain triple loop. All the kernels below keep
 * exactly that order, whatever the transposes, the width and the
 * instruction set, so every variant gives the same bits as that loop
 * (tests/unit/test_matmul.c compares them with memcmp). The fast kernel
 * only changes which elements are worked on side by side, never the order
 * of the terms within one element. */
#include "matmul.h"

#include <string.h>

#include "dispatch.h"
#include "pool.h"

/* a * b + c stays a multiply and an add everywhere in this file: the
 * Makefile passes -ffp-contract=off to every compiler (clang contracts
 * within an expression by default, GCC under a GNU mode), and this keeps
 * it so for GCC in the AVX2 and AVX-512 kernels, whose instruction sets
 * have FMA. It comes before every function, so that all are compiled with
 * the same options (GCC may not inline across others). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif

/* element (i, j) of a row-major array x whose rows are ld apart */
#define AT(x, ld, i, j) ((x)[(size_t)(i) * (size_t)(ld) + (size_t)(j)])

/* -- the small kernels ---------------------------------------------- */

/* The kernels below are written once, for a width p known only at run
 * time (P = p) or fixed at compile time (P = 1..4, the tiny layers of the
 * lessons: there the compiler unrolls the inner loop completely). They
 * take the products that the blocked kernel below would not speed up. */

/* out (n x P) = a (n x m) . b (m x P): a row of out gathers rows of b */
#define KERNEL_AB(P)                                                        \
    for (int i = 0; i < n; i++) {                                           \
        double *o = &AT(c, ldc, i, 0);                                       \
        const double *ai = &AT(a, lda, i, 0);                                  \
        for (int j = 0; j < (P) && !add; j++)                               \
            o[j] = 0.0;                                                     \
        for (int k = 0; k < m; k++) {                                       \
            double aik = ai[k];                                             \
            const double *bk = &AT(b, ldb, k, 0);                              \
            for (int j = 0; j < (P); j++)                                   \
                o[j] += aik * bk[j];                                        \
        }                                                                   \
    }

/* out (n x P) = a^T . b with a (m x n), b (m x P): row k of a and row k
 * of b update all of out */
#define KERNEL_ATB(P)                                                       \
    for (int i = 0; i < n && !add; i++)                                     \
        for (int j = 0; j < (P); j++)                                       \
            AT(c, ldc, i, j) = 0.0;                                         \
    for (int k = 0; k < m; k++) {                                           \
        const double *ak = &AT(a, lda, k, 0), *bk = &AT(b, ldb, k, 0);            \
        for (int i = 0; i < n; i++) {                                       \
            double aki = ak[i];                                             \
            double *o = &AT(c, ldc, i, 0);                                   \
            for (int j = 0; j < (P); j++)                                   \
                o[j] += aki * bk[j];                                        \
        }                                                                   \
    }

/* out (n x p) = a (n x M) . b^T with b (p x M): dot products of rows */
#define KERNEL_ABT(M)                                                       \
    for (int i = 0; i < n; i++) {                                           \
        const double *ai = &AT(a, lda, i, 0);                                  \
        for (int j = 0; j < p; j++) {                                       \
            const double *bj = &AT(b, ldb, j, 0);                              \
            double acc = add ? AT(c, ldc, i, j) : 0.0;                      \
            for (int k = 0; k < (M); k++)                                   \
                acc += ai[k] * bj[k];                                       \
            AT(c, ldc, i, j) = acc;                                          \
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
 * k is cut into blocks of KC, so that what one block of tiles reads
 * stays in the caches; between two blocks a tile's partial sums are
 * stored in out and loaded back. A double stored and loaded is the same
 * double, so each element still sums k = 0, 1, 2, ... in order, only
 * with a pause every KC terms.
 *
 * out is done in blocks of MC rows by NC columns, each through all its k
 * blocks before the next, so that the block's partial sums stay in the
 * L2 cache between two k blocks (a wide or tall out would otherwise go
 * through memory once per k block). For each k block of an out block:
 *   - the KC x NC values of op(b) are read into panels of NR columns
 *     side by side (256 KiB, in the L2 cache), whatever b's transpose and
 *     stride, so that the tiles read them in one stream, without a new
 *     page at every k; only when b is not transposed and its rows are
 *     near each other (at most B_NEAR doubles apart) are they read in
 *     place (then only a last panel narrower than NR is copied);
 *   - each sliver of MR rows of op(a) serves the block's panels one after
 *     another (it stays in the L1 cache). A row of a untransposed is read
 *     in place; the rows of a transposed a are columns, far apart in
 *     memory: they are first copied side by side, op(a)(i0 + r, k) at
 *     apack[k * MR + r], when the sliver serves more than one panel.
 * Where out ends inside a tile, the b values past its last column are
 * zeros in a panel, op(a)'s rows past its last row repeat that row, and
 * only the sums inside out are kept. */

/* multiply-adds of the small kernels between two polls of the stop flag */
#define SMALL_BAND_WORK 262144.0

enum {
    KC = 256,           /* k values per block: a 256 x 16 panel is 32 KiB */
    MC = 256,           /* rows of out per block (a multiple of every MR) */
    NC = 128,           /* columns of out per block (a multiple of every
                         * NR): a k block of them packed is 256 KiB */
    B_NEAR = 1024,      /* the widest rows of b read in place (8 KiB) */
    MR_MAX = 8,         /* the largest tile any kernel below uses */
    NR_MAX = 32
};

/* a micro-kernel: one k block of kc terms for an MR x NR tile of out.
 * Row r of op(a) at k is row[r][k * aks] (a row of a in place, or a
 * packed sliver); b(k, col) is bp[k * bks + col] (a row of b in place,
 * or a panel). The tile's
 * sums are c[r * ldc + col]: they start from 0.0 in the first block
 * (first set; c is not read), else from what c holds; the kernel writes
 * them back there. */
typedef void micro_kernel(int kc, const double *const row[], ptrdiff_t aks, const double *bp, ptrdiff_t bks,
                          double *c, ptrdiff_t ldc, int first);

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
                            const double *bp, ptrdiff_t bks, double *c,     \
                            ptrdiff_t ldc, int first)                       \
    {                                                                       \
        enum { VL = sizeof(VEC) / sizeof(double), NR = (NV) * VL };         \
        const double *ar[MR];                                               \
        VEC acc[MR][NV];                                                    \
        /* the sums so far: 0.0 before the first term, else the last       \
         * block's */                                                       \
        UNROLL for (int r = 0; r < (MR); r++) {                             \
            ar[r] = row[r];                                                 \
            UNROLL for (int v = 0; v < (NV); v++) {                         \
                if (first)                                                  \
                    acc[r][v] = (VEC){ 0.0 };                               \
                else                                                        \
                    memcpy(&acc[r][v], c + r * ldc + v * VL, sizeof(VEC));  \
            }                                                               \
        }                                                                   \
        for (int k = 0; k < kc; k++, bp += bks) {                           \
            /* b(k, 0..NR-1), then one term for each of the MR rows */      \
            VEC bk[NV];                                                     \
            UNROLL for (int v = 0; v < (NV); v++)                           \
                memcpy(&bk[v], bp + v * VL, sizeof(VEC));                   \
            UNROLL for (int r = 0; r < (MR); r++) {                         \
                double x = ar[r][k * aks];                                  \
                UNROLL for (int v = 0; v < (NV); v++)                       \
                    acc[r][v] = acc[r][v] + bk[v] * x;                      \
            }                                                               \
        }                                                                   \
        UNROLL for (int r = 0; r < (MR); r++)                               \
            UNROLL for (int v = 0; v < (NV); v++)                           \
                memcpy(c + r * ldc + v * VL, &acc[r][v], sizeof(VEC));      \
    }

/* GCC's vector types: VEC * x multiplies every lane by the double x */
typedef double vec2 __attribute__((vector_size(16)));
typedef double vec4 __attribute__((vector_size(32)));
typedef double vec8 __attribute__((vector_size(64)));

/* portable: 2 doubles a vector (SSE2 on x86-64), a 4 x 4 tile in 8
 * vectors of the 16 registers */
MICRO_KERNEL(tile_4x4, , vec2, 4, 2)
static const struct tile_kernel kernel_portable = { tile_4x4, 4, 4 };

/* where the build allows it (dispatch.h: GCC 12 on x86-64, not under
 * ASan), two more, picked at run time by what the processor has */
#ifdef KERNEL_DISPATCH
#define MATMUL_DISPATCH 1
/* AVX2: 4 doubles a vector, 16 registers: a 4 x 8 tile in 8 of them */
MICRO_KERNEL(tile_4x8, __attribute__((target("arch=x86-64-v3"))), vec4, 4, 2)
static const struct tile_kernel kernel_avx2 = { tile_4x8, 4, 8 };
/* AVX-512: 8 doubles a vector, 32 registers: an 8 x 16 tile in 16 */
MICRO_KERNEL(tile_8x16, __attribute__((target("arch=x86-64-v4"))), vec8, 8, 2)
static const struct tile_kernel kernel_avx512 = { tile_8x16, 8, 16 };
/* Two more for a batch of at most 4 rows (the flow view's drag at n =
 * 1024), where half of an 8-row tile or most of a 16-column one would be
 * wasted: AVX-512, a 4 x 32 tile in 16 registers (out of 4 rows or
 * fewer: a.W); AVX2, an 8 x 4 tile, a vector of 4 a row (out^T of 4
 * columns or fewer: matmul_narrow's) */
MICRO_KERNEL(tile_4x32, __attribute__((target("arch=x86-64-v4"))), vec8, 4, 4)
static const struct tile_kernel kernel_avx512_short = { tile_4x32, 4, 32 };
MICRO_KERNEL(tile_8x4, __attribute__((target("arch=x86-64-v3"))), vec4, 8, 1)
static const struct tile_kernel kernel_avx2_thin = { tile_8x4, 8, 4 };
#endif

/* the tile kernel matmul uses: MATMUL_KERNEL_BEST picks by the processor */
static int kernel_choice = MATMUL_KERNEL_BEST;

int matmul_kernel(int kernel)
{
    int was = kernel_choice;
    if (kernel >= MATMUL_KERNEL_BEST && kernel <= MATMUL_KERNEL_AVX512)
        kernel_choice = kernel;
    return was;
}

/* the kernel asked for, or the best one below it that the processor and
 * the build have (the portable one at the least) */
static const struct tile_kernel *pick_kernel(void)
{
#ifdef MATMUL_DISPATCH
    int avx512 = __builtin_cpu_supports("x86-64-v4"), avx2 = __builtin_cpu_supports("x86-64-v3");
    if (avx512 && (kernel_choice == MATMUL_KERNEL_BEST || kernel_choice == MATMUL_KERNEL_AVX512))
        return &kernel_avx512;
    if (avx2 && (kernel_choice == MATMUL_KERNEL_BEST || kernel_choice >= MATMUL_KERNEL_AVX2))
        return &kernel_avx2;
#endif
    return &kernel_portable;
}

/* kern, or where out has at most 4 rows (short: a.b, neither
 * transposed, at least 32 columns) or 4 columns (thin: out^T in
 * matmul_narrow), that processor's tile that wastes fewer of them: the
 * same bits, whichever runs */
static const struct tile_kernel *fit_kernel(const struct tile_kernel *kern, int n, int p, int trans, int thin)
{
#ifdef MATMUL_DISPATCH
    if (kern == &kernel_avx512 && !thin && n <= 4 && p >= 32 && !trans)
        return &kernel_avx512_short;
    if (kern != &kernel_portable && thin && p <= 4)
        return &kernel_avx2_thin;
#else
    (void)n, (void)p, (void)trans, (void)thin;
#endif
    return kern;
}

/* panels = op(b)(k0 + k, j0 + col) for the kc values of k and the jw
 * columns from j0, in panels of NR columns: column col at
 * panels[(col / NR) NR kc + k NR + col % NR], zeros past jw up to a
 * whole panel. Reads b in its order: rows of b in stretches of jw values
 * when it is not transposed, else stretches of kc values */
static void pack_panels(double *panels, int NR, const double *b, ptrdiff_t ldb, int trans_b, int k0, int kc,
                        int j0, int jw)
{
    for (int q = 0; q < jw; q += NR) {
        double *pq = panels + (size_t)q * kc;
        int w = jw - q < NR ? jw - q : NR;
        for (int k = 0; k < kc; k++) {
            double *pk = pq + (size_t)k * NR;
            if (trans_b)
                for (int col = 0; col < w; col++)
                    pk[col] = AT(b, ldb, j0 + q + col, k0 + k);
            else
                memcpy(pk, &AT(b, ldb, k0 + k, j0 + q), (size_t)w * sizeof *pk);
            for (int col = w; col < NR; col++)
                pk[col] = 0.0;
        }
    }
}

/* point row[0..MR-1] at op(a)(i0 + r, k0) for a sliver of iw rows (the
 * last one repeated up to MR); returns the step from k to k + 1. With
 * apack, a transposed a, whose rows are columns far apart, is first
 * copied into it: op(a)(i0 + r, k0 + k) at apack[k * MR + r]. */
static ptrdiff_t sliver_rows(const double *row[], int MR, const double *a, ptrdiff_t lda, int trans_a, int i0,
                             int iw, int k0, int kc, double *apack)
{
    if (trans_a && apack) {
        int last = iw - 1;
        for (int k = 0; k < kc; k++) {
            const double *ak = &AT(a, lda, k0 + k, i0);
            for (int r = 0; r < MR; r++)
                apack[k * MR + r] = ak[r < last ? r : last];
        }
        for (int r = 0; r < MR; r++)
            row[r] = apack + r;
        return MR;
    }
    for (int r = 0; r < MR; r++) {
        int i = i0 + (r < iw ? r : iw - 1);
        row[r] = trans_a ? &AT(a, lda, k0, i) : &AT(a, lda, i, k0);
    }
    return trans_a ? lda : 1;
}

/* one k block of the tile at (i0, j0), iw x jw inside out */
static void run_tile(const struct tile_kernel *kern, double *c, ptrdiff_t ldc, int i0, int iw, int j0, int jw,
                     int kc, int first, const double *const row[], ptrdiff_t aks, const double *bp, ptrdiff_t bks)
{
    double *o = &AT(c, ldc, i0, j0);
    if (iw == kern->mr && jw == kern->nr) {
        /* a whole tile: its sums live in out between blocks */
        kern->run(kc, row, aks, bp, bks, o, ldc, first);
        return;
    }
    /* a cut tile: its sums go through edge, and only those inside out
     * are kept */
    double edge[MR_MAX * NR_MAX] = { 0.0 };
    int NR = kern->nr;
    for (int r = 0; r < iw && !first; r++)
        memcpy(&edge[r * NR], o + (size_t)r * ldc, (size_t)jw * sizeof *o);
    kern->run(kc, row, aks, bp, bks, edge, NR, first);
    for (int r = 0; r < iw; r++)
        memcpy(o + (size_t)r * ldc, &edge[r * NR], (size_t)jw * sizeof *o);
}

/* out (n x p) = op(a) (n x m) . op(b) (m x p) in tiles, for trans_a and
 * trans_b not both set; with add, out's values are the sums' starting
 * points instead of 0.0. out is done in blocks of MC rows by NC columns,
 * each through all its k blocks before the next (so that the block's
 * partial sums stay in the L2 cache between two k blocks); within a k
 * block, a sliver of MR rows of op(a) (in the L1 cache) serves the
 * block's panels of b one after another. No allocation: about 280 KiB
 * of stack. stop is polled before each k block of each block of out (at
 * most MC x NC x KC multiply-adds apart); returns 1 when it was raised,
 * else 0. */
static int matmul_blocked(double *c, ptrdiff_t ldc, const double *a, ptrdiff_t lda, int trans_a,
                          const double *b, ptrdiff_t ldb, int trans_b, int n, int m, int p,
                          const struct tile_kernel *kern, int add, stop_flag *stop)
{
    const int MR = kern->mr, NR = kern->nr;
    _Alignas(64) double panels[KC * NC];        /* b(k0.., jc..) in panels */
    _Alignas(64) double apack[KC * MR_MAX];     /* a sliver of a transposed a */
    const double *row[MR_MAX];
    int in_place = !trans_b && ldb <= B_NEAR;
    for (int ic = 0; ic < n; ic += MC) {
        int mc = n - ic < MC ? n - ic : MC;
        for (int jc = 0; jc < p; jc += NC) {
            int nc = p - jc < NC ? p - jc : NC;
            for (int k0 = 0; k0 < m; k0 += KC) {
                int kc = m - k0 < KC ? m - k0 : KC, first = k0 == 0 && !add;
                if (stop_requested(stop))
                    return 1;
                /* b's rows in place when they are near enough (the
                 * same few pages), but for a last panel narrower than NR */
                int cut = in_place ? nc - nc % NR : 0;
                if (cut < nc)
                    pack_panels(panels + (size_t)cut * kc, NR, b, ldb, trans_b, k0, kc, jc + cut, nc - cut);
                for (int s = 0; s < mc; s += MR) {
                    int iw = mc - s < MR ? mc - s : MR;
                    /* a transposed a is copied when the sliver has more
                     * than one tile to serve */
                    ptrdiff_t aks = sliver_rows(row, MR, a, lda, trans_a, ic + s, iw, k0, kc,
                                                nc > NR ? apack : NULL);
                    for (int q = 0; q < nc; q += NR) {
                        int jw = nc - q < NR ? nc - q : NR;
                        if (q < cut)
                            run_tile(kern, c, ldc, ic + s, iw, jc + q, jw, kc, first, row, aks,
                                     &AT(b, ldb, k0, jc + q), ldb);
                        else
                            run_tile(kern, c, ldc, ic + s, iw, jc + q, jw, kc, first, row, aks,
                                     panels + (size_t)q * kc, NR);
                    }
                }
            }
        }
    }
    return 0;
}

/* out (n x p) = a . b^T for fewer rows than a tile (n < MR), with
 * long sums (delta3.W2^T on a batch of 4): as dot products of rows
 * (KERNEL_ABT), each element would be one chain of m dependent adds, and
 * through the tiles, b's rows would be copied into panels column by
 * column while most of each tile's rows are wasted. Instead the
 * transpose, out^T (p x n) = b (p x m) . a^T, goes through the tiles:
 * b's rows are their rows, read in place, and a^T's n columns fill one
 * panel. Each element is the same sum over k in the same order; only
 * its products are b_jk a_ik instead of a_ik b_jk, the same numbers (a
 * product does not depend on the order of its factors). out^T is made in
 * blocks of NARROW_ROWS rows on the stack, then written into out; with
 * 4 columns or fewer, in tiles of 4 columns (fit_kernel). */
enum { NARROW_ROWS = 256 };

static int matmul_narrow(double *c, ptrdiff_t ldc, const double *a, ptrdiff_t lda, const double *b,
                         ptrdiff_t ldb, int n, int m, int p, const struct tile_kernel *kern, int add,
                         stop_flag *stop)
{
    double t[NARROW_ROWS * MR_MAX];     /* out^T's rows j0 .. j0 + jw - 1, rows n apart */
    for (int j0 = 0; j0 < p; j0 += NARROW_ROWS) {
        int jw = p - j0 < NARROW_ROWS ? p - j0 : NARROW_ROWS;
        for (int j = 0; j < jw && add; j++)
            for (int i = 0; i < n; i++)
                t[j * n + i] = AT(c, ldc, i, j0 + j);
        if (matmul_blocked(t, n, &AT(b, ldb, j0, 0), ldb, 0, a, lda, 1, jw, m, n, fit_kernel(kern, jw, n, 1, 1), add,
                           stop))
            return 1;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < jw; j++)
                AT(c, ldc, i, j0 + j) = t[j * n + i];
    }
    return 0;
}

/* the small kernels, for the products that the blocked kernel would not
 * speed up. Kept out of line so that the compiler lays their loops out
 * as it did when they were all of the product (the tiny layers' passes
 * are sensitive to that). */
__attribute__((noinline))
static void matmul_small(double *c, ptrdiff_t ldc, const double *a, ptrdiff_t lda, int trans_a,
                         const double *b, ptrdiff_t ldb, int trans_b, int n, int m, int p, int add)
{
    if (trans_b) {
        BY_WIDTH(KERNEL_ABT, m)
    } else if (trans_a) {
        BY_WIDTH(KERNEL_ATB, p)
    } else {
        BY_WIDTH(KERNEL_AB, p)
    }
}

/* Which kernel is the faster (measured with an 8 x 16 tile, AVX-512):
 * the blocked one wins from the smallest sizes on, except where out is
 * narrow or short. A tile of NR columns of which out has 1 to 4 wastes
 * the rest, and there the unrolled small kernels win unless the sums are
 * long (a.b and a^T.b with 3 or 4 columns and m >= 8: the 64-unit
 * layers' a1.W2 and a1^T.delta3) or, for a.b^T (unrolled over m), out is
 * wide (p >= 16: delta3.W2^T). Fewer rows than a tile (MR) waste rows
 * the same way: from 2 rows on the blocked kernel still wins when b is
 * read in place, whole bands of columns (p >= NR) and m >= 8 (x^T.delta2
 * with 2 inputs); one row, or a panel to copy, goes to the small ones,
 * but for a.b^T with long sums (m >= 8) and out at least a tile high
 * when transposed: that goes through the tiles as its transpose
 * (matmul_narrow), 9 times as fast as the chains of KERNEL_ABT for
 * delta3.W2^T on a batch of 4 through 1024 x 1024. Out of at most 4
 * rows takes tiles of 4 rows where the processor has them (fit_kernel):
 * twice as fast for a1.W2 there. */
static int matmul_run(double *c, ptrdiff_t ldc, const double *a, ptrdiff_t lda, int trans_a,
                      const double *b, ptrdiff_t ldb, int trans_b, int n, int m, int p, int add, stop_flag *stop)
{
    int wide = trans_b ? m > 4 || p >= 16 : p > 4 || (p >= 3 && m >= 8);
    if (wide && m >= 1 && n >= 2) {
        const struct tile_kernel *kern = pick_kernel();
        if (n >= kern->mr || (!trans_b && p >= kern->nr && m >= 8))
            return matmul_blocked(c, ldc, a, lda, trans_a, b, ldb, trans_b, n, m, p,
                                  fit_kernel(kern, n, p, trans_a || trans_b, 0), add, stop);
    }
    if (trans_b && m >= 8 && n < MR_MAX && p >= pick_kernel()->mr)
        return matmul_narrow(c, ldc, a, lda, b, ldb, n, m, p, pick_kernel(), add, stop);
    /* the small kernels in bands of rows of out, with a poll between two
     * (a row's sums do not depend on the others: the same bits) */
    double per_row = (double)m * p + 1;
    int band = stop && (double)n * per_row > SMALL_BAND_WORK ? (int)(SMALL_BAND_WORK / per_row) + 1 : n;
    for (int i0 = 0; i0 < n; i0 += band) {
        if (stop_requested(stop))
            return 1;
        int rows = n - i0 < band ? n - i0 : band;
        matmul_small(c + (size_t)i0 * ldc, ldc, trans_a ? a + i0 : a + (size_t)i0 * lda, lda, trans_a, b, ldb,
                     trans_b, rows, m, p, add);
    }
    return 0;
}

/* -- on several threads ----------------------------------------------- */

/* A product of at least this many multiply-adds is split between the
 * pool's threads (pool.h): 2 to 5 microseconds of work, above the cost of
 * handing a part to a helper that is awake (about a microsecond; the
 * helpers spin a while after each job), so that the small products of a
 * batch of 256 (256 x 128 x 10) are shared too. Each part is a band of whole rows of out (or,
 * when out has too few rows, of whole columns) computed by matmul_run as
 * if alone: every element is summed by one thread, in its order, so the
 * bits do not depend on the number of threads (tests/unit/test_matmul.c). */
#define SPLIT_WORK 131072.0

struct split_job {
    double *c;
    const double *a, *b;
    ptrdiff_t ldc, lda, ldb;
    int trans_a, trans_b, n, m, p, add, by_rows, step;
    stop_flag *stop;
    volatile int stopped[POOL_MAX_THREADS];
};

static void split_part(void *arg, int part)
{
    struct split_job *j = arg;
    int lo = part * j->step, len = j->by_rows ? j->n : j->p;
    int hi = lo + j->step < len ? lo + j->step : len;
    if (lo >= hi)
        return;
    if (j->by_rows)
        j->stopped[part] = matmul_run(j->c + lo * j->ldc, j->ldc, j->trans_a ? j->a + lo : j->a + lo * j->lda, j->lda,
                                      j->trans_a, j->b, j->ldb, j->trans_b, hi - lo, j->m, j->p, j->add, j->stop);
    else
        j->stopped[part] = matmul_run(j->c + lo, j->ldc, j->a, j->lda, j->trans_a,
                                      j->trans_b ? j->b + lo * j->ldb : j->b + lo, j->ldb, j->trans_b, j->n, j->m,
                                      hi - lo, j->add, j->stop);
}

/* matmul_run in parts on the pool's threads when the product is large
 * enough and out can be cut into bands of whole tiles */
static int matmul_split(double *c, ptrdiff_t ldc, const double *a, ptrdiff_t lda, int trans_a,
                        const double *b, ptrdiff_t ldb, int trans_b, int n, int m, int p, int add, stop_flag *stop)
{
    int threads = pool_available();
    if (threads > 1 && (double)n * m * p >= SPLIT_WORK) {
        /* bands that are whole tiles (MR_MAX rows, NR_MAX columns) */
        int by_rows = n >= threads * MR_MAX, len = by_rows ? n : p, unit = by_rows ? MR_MAX : NR_MAX;
        int step = ((len + threads - 1) / threads + unit - 1) / unit * unit;
        if (by_rows || p >= threads * NR_MAX) {
            struct split_job j = { c, a, b, ldc, lda, ldb, trans_a, trans_b, n, m, p, add, by_rows, step, stop,
                                   { 0 } };
            int parts = (len + step - 1) / step, stopped = 0;
            pool_run(split_part, &j, parts);
            for (int i = 0; i < parts; i++)
                stopped |= j.stopped[i];
            return stopped;
        }
    }
    return matmul_run(c, ldc, a, lda, trans_a, b, ldb, trans_b, n, m, p, add, stop);
}

int matmul_until(double *c, ptrdiff_t ldc, const double *a, ptrdiff_t lda, int trans_a,
                 const double *b, ptrdiff_t ldb, int trans_b, int n, int m, int p, stop_flag *stop)
{
    return matmul_split(c, ldc, a, lda, trans_a, b, ldb, trans_b, n, m, p, 0, stop);
}

int matmul_add_until(double *c, ptrdiff_t ldc, const double *a, ptrdiff_t lda, int trans_a,
                     const double *b, ptrdiff_t ldb, int trans_b, int n, int m, int p, stop_flag *stop)
{
    return matmul_split(c, ldc, a, lda, trans_a, b, ldb, trans_b, n, m, p, 1, stop);
}

void matmul(double *c, ptrdiff_t ldc, const double *a, ptrdiff_t lda, int trans_a,
            const double *b, ptrdiff_t ldb, int trans_b, int n, int m, int p)
{
    matmul_split(c, ldc, a, lda, trans_a, b, ldb, trans_b, n, m, p, 0, NULL);
}
