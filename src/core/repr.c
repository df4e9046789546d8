/* repr: the shortest decimal that reads back as the same double. See repr.h.
 *
 * A finite v > 0 is c * 2^q with c < 2^53. The reals that round to v (round
 * half to even) form its rounding interval: v -+ 2^(q-1), except at a power
 * of two (c = 2^52, not the smallest exponent) where the gap below is half
 * as wide, v - 2^(q-2). In units of 2^(q-2) the interval's ends and v are
 * the integers cl = 4c - 2 (or 4c - 1), cv = 4c and cr = 4c + 2, both ends
 * included when c is even (a tie rounds to the even c), excluded when odd.
 *
 * Divided by 10^k, with k = floor(log10 of the interval's width 2^q, or
 * 3/4 * 2^q at a power of two), the interval has a width in [1, 10): it
 * holds at least one integer and at most one multiple of 10. If a multiple
 * of 10 is inside, it is the answer: every decimal shorter than the
 * integers there is such a multiple. Else every integer inside has the same
 * number of digits, and the answer is the one closest to v / 10^k, which is
 * s = floor(v / 10^k) or s + 1.
 *
 * The comparisons need Y = x * 2^q / 10^k for x = cl, cv, cr only against
 * even integers (4 times a candidate, or 4s + 2 for "closest"), so it is
 * enough to know floor(Y) and whether Y is an integer: scale() returns
 * floor(Y) with its lowest bit set when Y is not an integer, which compares
 * with every even integer exactly as Y does. */
#include "repr.h"

#include <math.h>
#include <string.h>

/* floor(q log10 2) = (q * LOG10_2 + 0) >> 32 and floor(q log10 2 + log10 3/4)
 * = (q * LOG10_2 + LOG10_3_4) >> 32, exact for every q from -1074 to 971
 * (repr_table.py checks each against exact arithmetic) */
#define LOG10_2 INT64_C(1292913986)
#define LOG10_3_4 INT64_C(-536607788)

static int force_exact;

void repr_force_exact(int on)
{
    force_exact = on;
}

/* floor(num / 2^32) for either sign (>> of a negative number is not
 * portable C) */
static int floor_shift32(int64_t num)
{
    return (int)(num >= 0 ? num >> 32 : -((-num + INT64_C(0xffffffff)) >> 32));
}

/* ---- big integers, for the exact path ---------------------------------- */

#define BIG_WORDS 40    /* 1280 bits; the largest product is about 820 */

struct big {
    uint32_t w[BIG_WORDS];  /* little-endian words */
    int n;                  /* words in use */
};

static void big_set(struct big *b, uint64_t v)
{
    b->w[0] = (uint32_t)v;
    b->w[1] = (uint32_t)(v >> 32);
    b->n = b->w[1] ? 2 : 1;
}

static void big_mul_small(struct big *b, uint32_t m)
{
    uint64_t carry = 0;
    for (int i = 0; i < b->n; i++) {
        uint64_t t = (uint64_t)b->w[i] * m + carry;
        b->w[i] = (uint32_t)t;
        carry = t >> 32;
    }
    if (carry)
        b->w[b->n++] = (uint32_t)carry;
}

static void big_mul_pow5(struct big *b, int e)
{
    for (; e >= 13; e -= 13)
        big_mul_small(b, 1220703125u);      /* 5^13 < 2^32 */
    uint32_t m = 1;
    for (; e > 0; e--)
        m *= 5;
    big_mul_small(b, m);
}

static void big_shl(struct big *b, int bits)
{
    int words = bits / 32, r = bits % 32;
    if (r) {
        uint32_t carry = 0;
        for (int i = 0; i < b->n; i++) {
            uint32_t w = b->w[i];
            b->w[i] = (w << r) | carry;
            carry = w >> (32 - r);
        }
        if (carry)
            b->w[b->n++] = carry;
    }
    if (words) {
        memmove(b->w + words, b->w, (size_t)b->n * sizeof b->w[0]);
        memset(b->w, 0, (size_t)words * sizeof b->w[0]);
        b->n += words;
    }
}

static int big_cmp(const struct big *a, const struct big *b)
{
    int na = a->n, nb = b->n;
    while (na > 1 && a->w[na - 1] == 0)
        na--;
    while (nb > 1 && b->w[nb - 1] == 0)
        nb--;
    if (na != nb)
        return na < nb ? -1 : 1;
    for (int i = na - 1; i >= 0; i--)
        if (a->w[i] != b->w[i])
            return a->w[i] < b->w[i] ? -1 : 1;
    return 0;
}

/* the sign of x * 2^q / 10^k - n, exactly: x * 2^a * 5^b against n */
static int exact_cmp(uint64_t x, int q, int k, uint64_t n)
{
    int a = q - k, b = -k;
    struct big L, R;
    big_set(&L, x);
    big_set(&R, n);
    big_mul_pow5(b > 0 ? &L : &R, b > 0 ? b : -b);
    big_shl(a > 0 ? &L : &R, a > 0 ? a : -a);
    return big_cmp(&L, &R);
}

/* ---- the scaling --------------------------------------------------------- */

/* hi:lo = a * b, in 32-bit halves (as fast here as a 128-bit type, and
 * plain C for every compiler) */
static void mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    *lo = (mid << 32) | (p00 & 0xffffffffu);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}

/* the 64 bits of the 192-bit p (little-endian words) from bit s on */
static uint64_t bits_at(const uint64_t p[3], int s)
{
    int w = s / 64, b = s % 64;
    uint64_t lo = p[w], hi = w < 2 ? p[w + 1] : 0;
    return b ? (lo >> b) | (hi << (64 - b)) : lo;
}

/* floor(Y), its lowest bit set when Y is not an integer, for
 * Y = x * 2^q / 10^k (x < 2^56; Y < 2^59 for the k repr_decimal picks).
 * With 10^-k = (g + d) * 2^(e2 - 127), 0 <= d < 1, and sh = 127 - q - e2
 * (124 to 127 here): Y * 2^sh = x * (g + d) lies in [P, P + x) for the
 * product P = x * g. When the 64 bits of P just below bit sh are neither all
 * zeros nor all ones, [P, P + x) lies strictly between two multiples of
 * 2^sh: Y is not an integer and floor(Y) = P >> sh. Otherwise Y is within
 * 2^-63 of an integer n (as it is for the values that are integers at this
 * scale, like 1 or 0.5), and an exact comparison of Y with n decides. */
static uint64_t scale(uint64_t x, int q, int k)
{
    const struct repr_pow10 *g = &repr_pow10_table[-k - REPR_P_MIN];
    int sh = 127 - q - g->e2;
    uint64_t p[3], h0, h1, l1;
    mul64(x, g->lo, &h0, &p[0]);
    mul64(x, g->hi, &h1, &l1);
    p[1] = h0 + l1;
    p[2] = h1 + (p[1] < h0);
    uint64_t f = bits_at(p, sh), below = bits_at(p, sh - 64);
    if (!force_exact && below != 0 && below != UINT64_MAX)
        return f | 1;
    uint64_t n = below >> 63 ? f + 1 : f;
    int c = exact_cmp(x, q, k, n);
    return c == 0 ? n : c > 0 ? n | 1 : (n - 1) | 1;
}

void repr_decimal(double v, uint64_t *digits, int *exp10)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int be = (int)(bits >> 52) & 0x7ff;
    uint64_t t = bits & ((UINT64_C(1) << 52) - 1);
    uint64_t c = be ? t | (UINT64_C(1) << 52) : t;
    int q = be ? be - 1075 : -1074;
    int narrow = t == 0 && be > 1;          /* the gap below is half as wide */
    int k = floor_shift32(q * LOG10_2 + (narrow ? LOG10_3_4 : 0));
    uint64_t vl = scale(4 * c - (narrow ? 1 : 2), q, k);
    uint64_t vv = scale(4 * c, q, k);
    uint64_t vr = scale(4 * c + 2, q, k);
    int open = (int)(c & 1);                /* the ends belong to odd c's neighbours */
#define ABOVE_LOW(d) (open ? vl < 4 * (d) : vl <= 4 * (d))
#define BELOW_HIGH(d) (open ? 4 * (d) < vr : 4 * (d) <= vr)
    uint64_t s = vv >> 2, d;
    uint64_t s10 = s - s % 10, t10 = s10 + 10;     /* the multiples of 10 near */
    int in_s10 = s10 > 0 && ABOVE_LOW(s10), in_t10 = BELOW_HIGH(t10);
    if (in_s10 || in_t10) {
        d = in_s10 ? s10 : t10;
    } else {
        int in_s = ABOVE_LOW(s), in_t = BELOW_HIGH(s + 1);
        if (in_s != in_t)
            d = in_s ? s : s + 1;
        else if (vv != 4 * s + 2)           /* the closer of the two */
            d = vv < 4 * s + 2 ? s : s + 1;
        else                                /* a tie: the even one */
            d = s % 2 ? s + 1 : s;
    }
#undef ABOVE_LOW
#undef BELOW_HIGH
    while (d % 10 == 0) {
        d /= 10;
        k++;
    }
    *digits = d;
    *exp10 = k;
}

/* ---- the text ---------------------------------------------------------- */

static const char pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* the decimal digits of d, most significant first, at the end of
 * buf[0..20); returns where they start */
static char *digits_of(uint64_t d, char *end)
{
    char *p = end;
    while (d >= 100) {
        p -= 2;
        memcpy(p, pairs + 2 * (d % 100), 2);
        d /= 100;
    }
    if (d >= 10) {
        p -= 2;
        memcpy(p, pairs + 2 * d, 2);
    } else {
        *--p = (char)('0' + d);
    }
    return p;
}

int repr_format(char *buf, double v)
{
    char *p = buf;
    if (isnan(v)) {
        memcpy(buf, "nan", 4);
        return 3;
    }
    if (signbit(v)) {
        *p++ = '-';
        v = -v;
    }
    if (isinf(v) || v == 0.0) {
        memcpy(p, v == 0.0 ? "0" : "inf", v == 0.0 ? 2 : 4);
        return (int)(p - buf) + (v == 0.0 ? 1 : 3);
    }
    uint64_t d;
    int e;
    repr_decimal(v, &d, &e);
    char tmp[20], *dig = digits_of(d, tmp + sizeof tmp);
    int n = (int)(tmp + sizeof tmp - dig);
    int x = n - 1 + e;                      /* v = d.ddd * 10^x */
    if (x < -4 || x >= 16) {
        *p++ = dig[0];
        if (n > 1) {
            *p++ = '.';
            memcpy(p, dig + 1, (size_t)n - 1);
            p += n - 1;
        }
        *p++ = 'e';
        *p++ = x < 0 ? '-' : '+';
        int ax = x < 0 ? -x : x;
        if (ax >= 100)
            *p++ = (char)('0' + ax / 100);
        memcpy(p, pairs + 2 * (ax % 100), 2);
        p += 2;
    } else if (x < 0) {                     /* 0.000ddd */
        memcpy(p, "0.", 2);
        p += 2;
        for (int i = 0; i < -x - 1; i++)
            *p++ = '0';
        memcpy(p, dig, (size_t)n);
        p += n;
    } else if (n <= x + 1) {                /* ddd000, an integer */
        memcpy(p, dig, (size_t)n);
        p += n;
        for (int i = 0; i < x + 1 - n; i++)
            *p++ = '0';
    } else {                                /* dd.ddd */
        memcpy(p, dig, (size_t)x + 1);
        p += x + 1;
        *p++ = '.';
        memcpy(p, dig + x + 1, (size_t)(n - x - 1));
        p += n - x - 1;
    }
    *p = '\0';
    return (int)(p - buf);
}
