/* stages: the one table of the network's stages and activations.
 *
 * The network of the lessons (net.h) computes its values one named stage
 * at a time, forward from a batch x (N rows, D inputs) through H hidden
 * units to K class probabilities and the loss, then backward to the
 * gradients. This file holds, once, what the rest of gradlab says about
 * them: for each stage its name, its shape, its formula as gradlab prints
 * it (for each activation, with and without the L2 term reg) and one
 * sentence on what it is; for each activation f its name, f and its slope
 * f' as text, and f and f' as the functions over arrays that the network
 * computes with. The table in stages.c reads as the network's formulas.
 *
 * Everything here is constant: the strings returned live as long as the
 * program (stage_formula expands each formula once, on first use). */
#ifndef GRADLAB_STAGES_H
#define GRADLAB_STAGES_H

#include <stddef.h>

enum act { ACT_TANH, ACT_SIGMOID, ACT_RELU, ACT_COUNT };
/* "tanh", "sigmoid", "relu" */
extern const char *const act_names[ACT_COUNT];

enum stage {
    STAGE_NONE, STAGE_Z1, STAGE_A1, STAGE_Z2, STAGE_A2, STAGE_LOSS,
    STAGE_DELTA3, STAGE_DW2, STAGE_DB2, STAGE_DELTA2, STAGE_DW1, STAGE_DB1,
    STAGE_COUNT
};
#define STAGE_LAST_FORWARD STAGE_LOSS
#define STAGE_LAST STAGE_DB1
/* "none", "z1", "a1", ..., "db1": the names of the values the stages compute */
extern const char *const stage_names[STAGE_COUNT];

/* a stage's entry in the table, indexed by its enum stage (the name is
 * stage_names[stage]) */
struct stage_info {
    char rows, cols;            /* the shape, each 'N', 'D', 'H', 'K' or '1' */
    const char *formula;        /* "z1 = x·W1 + b1"; "{f}" stands for the
                                 * activation's f, "{gate}" for its gate */
    const char *formula_reg;    /* the formula when reg > 0, or NULL: the same */
    const char *formula_mean;   /* the formula when reg > 0 and reduce=mean
                                 * (net.h), or NULL: formula_reg */
    const char *words;          /* what the value is, one sentence */
};
extern const struct stage_info stage_table[STAGE_COUNT];

/* the stage whose value is called name ("z1", "loss", ...), or -1 ("none"
 * and names that are not a stage's) */
int stage_of_name(const char *name);

/* the variants of a formula, or-ed: with the L2 term (reg > 0), and the
 * loss of reduce=mean (net.h) rather than reduce=sum */
#define FORMULA_REG  1
#define FORMULA_MEAN 2

/* the formula of a stage for activation act in a variant (FORMULA_REG,
 * FORMULA_MEAN or both; 0: no L2 term, reduce=sum): "delta2 = delta3·W2ᵀ ⊙
 * (1 − a1²)"; NULL for STAGE_NONE or a stage or activation out of range */
const char *stage_formula(int stage, int act, int variant);

/* the shape of a stage's value for a batch of N rows through a D-H-K
 * network; 0, or -1 for STAGE_NONE or a stage out of range */
int stage_shape(int stage, int N, int D, int H, int K, int *rows, int *cols);

/* an activation's entry in the table, indexed by its enum act (the name is
 * act_names[act]). f' is written from a = f(z), as the lessons write it
 * (tanh' = 1 - a^2); relu's as [z > 0], the same as [a > 0]. */
struct act_info {
    const char *f;              /* "tanh(z1)" */
    const char *slope;          /* f'(z1) alone: "1 − a1²" */
    const char *gate;           /* f'(z1) as the factor after ⊙: "(1 − a1²)" */
    const char *slope_at;       /* f' of one entry, "{}" standing for the
                                 * entry of a1 (of z1 when slope_of_z): "(1 − {}²)" */
    int slope_of_z;
    /* a[i] = f(z[i]) for i < n (z and a may be the same array): the one
     * f of the staged pass, the prediction, the gradient check and the
     * trainer */
    void (*apply)(const double *z, double *a, size_t n);
    /* f of one value through libm (within 1 ulp where apply's tanh may be
     * 3 ulp off): the reference the gradient check differentiates, since
     * a central difference divides f's rounding error by its step */
    double (*ref)(double z);
    /* out[i] = g[i] * f'(z[i]), f' computed from z without cancellation
     * (vmath.h; the same number as the slope written from a, 1 - a^2, but
     * with its digits where a is near its limit): the gate of the staged
     * pass and of the trainer. out may be g. */
    void (*gate_z)(const double *z, const double *g, double *out, size_t n);
};
extern const struct act_info act_table[ACT_COUNT];

/* f'(z) of activation act from a = f(z) as the lessons write it: 1 - a^2,
 * a (1 - a), [a > 0]. For showing and for the mistakes' gates; the passes
 * use the table's gate, from z, which keeps the digits that 1 - a^2 loses
 * when a is near +-1. */
static inline double act_slope(int act, double a)
{
    switch (act) {
    case ACT_SIGMOID: return a * (1.0 - a);
    case ACT_RELU:    return a > 0.0 ? 1.0 : 0.0;
    default:          return 1.0 - a * a;
    }
}

/* d[i] = d[i] * f'(z[i]) for i < n: the gate of delta2 (the table's gate) */
void act_gate(int act, double *d, const double *z, size_t n);

/* buf (size bytes) = f' of one entry, entry written in the place of the
 * value it is taken from (slope_at): act_slope_text(.., ACT_TANH,
 * "a1[0][1]") gives "(1 − a1[0][1]²)", and with "0.5", "(1 − 0.5²)" */
void act_slope_text(char *buf, size_t size, int act, const char *entry);

#endif
