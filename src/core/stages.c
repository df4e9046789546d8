/* stages: the one table of the network's stages and activations. See
 * stages.h. */
#include "stages.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vmath.h"

const char *const act_names[ACT_COUNT] = { "tanh", "sigmoid", "relu" };

const char *const stage_names[STAGE_COUNT] = {
    "none", "z1", "a1", "z2", "a2", "loss",
    "delta3", "dW2", "db2", "delta2", "dW1", "db1",
};

/* ---------------------------------------------------------------- */
/* the stages                                                         */

/* The gradients are those of the summed loss
 *     L = sum_n CE_n + reg/2 (|W1|^2 + |W2|^2),   CE_n = -sum_k y[n][k] log a2[n][k]
 * whatever the reduce mode; the loss shown is the mean cross-entropy plus
 * the L2 term divided by N (reduce=sum: L / N) or whole (reduce=mean). See
 * net.h. */
#define L_SUMMED "L = Σ_n CE_n + reg/2·(‖W1‖² + ‖W2‖²)"
const struct stage_info stage_table[STAGE_COUNT] = {
    [STAGE_NONE] = { 0, 0, NULL, NULL, NULL, NULL },
    [STAGE_Z1] = { 'N', 'H', "z1 = x·W1 + b1", NULL, NULL,
                   "the hidden pre-activations: each example through the first layer (N×H)" },
    [STAGE_A1] = { 'N', 'H', "a1 = {f}", NULL, NULL, "the hidden activations (N×H)" },
    [STAGE_Z2] = { 'N', 'K', "z2 = a1·W2 + b2", NULL, NULL, "the logits of each example (N×K)" },
    [STAGE_A2] = { 'N', 'K', "a2 = softmax(z2), row by row", NULL, NULL,
                   "the predicted probabilities ŷ of each example (N×K)" },
    [STAGE_LOSS] = { '1', '1', "loss = −(1/N) Σ_n Σ_k y[n][k]·log a2[n][k]",
                     "loss = (1/N)·(−Σ_n Σ_k y[n][k]·log a2[n][k] + reg/2·(‖W1‖² + ‖W2‖²))",
                     "loss = −(1/N) Σ_n Σ_k y[n][k]·log a2[n][k] + reg/2·(‖W1‖² + ‖W2‖²)",
                     "the mean over the N rows of the cross-entropy CE_n = −Σ_k y[n][k]·log a2[n][k] "
                     "(how surprised the network is by the true classes), plus with reg > 0 the L2 term: "
                     "reg/(2N)·(‖W1‖² + ‖W2‖²) for reduce=sum, reg/2·(‖W1‖² + ‖W2‖²) for reduce=mean" },
    [STAGE_DELTA3] = { 'N', 'K', "delta3 = a2 − y", NULL, NULL,
                       "∂L/∂z2 for the summed loss " L_SUMMED ": softmax and cross-entropy together "
                       "give just a2 − y (each row of y summing to 1) (N×K)" },
    [STAGE_DW2] = { 'H', 'K', "dW2 = a1ᵀ·delta3", "dW2 = a1ᵀ·delta3 + reg·W2", NULL,
                    "∂L/∂W2 for the summed loss " L_SUMMED " (not the mean that loss shows) (H×K)" },
    [STAGE_DB2] = { '1', 'K', "db2 = Σ_rows delta3", NULL, NULL,
                    "∂L/∂b2 for the summed loss L: delta3 summed over the examples (K)" },
    [STAGE_DELTA2] = { 'N', 'H', "delta2 = delta3·W2ᵀ ⊙ {gate}", NULL, NULL,
                       "∂L/∂z1 for the summed loss L: delta3 sent back through W2, gated by the "
                       "activation's slope (N×H)" },
    [STAGE_DW1] = { 'D', 'H', "dW1 = xᵀ·delta2", "dW1 = xᵀ·delta2 + reg·W1", NULL,
                    "∂L/∂W1 for the summed loss " L_SUMMED " (not the mean that loss shows) (D×H)" },
    [STAGE_DB1] = { '1', 'H', "db1 = Σ_rows delta2", NULL, NULL,
                    "∂L/∂b1 for the summed loss L: delta2 summed over the examples (H)" },
};

int stage_of_name(const char *name)
{
    for (int st = STAGE_Z1; st < STAGE_COUNT; st++)
        if (strcmp(stage_names[st], name) == 0)
            return st;
    return -1;
}

/* out (size bytes) = text with "{f}" and "{gate}" replaced by the
 * activation's texts, and "{}" by entry */
static void expand(char *out, size_t size, const char *text, const struct act_info *a, const char *entry)
{
    size_t o = 0;
    while (*text && o + 1 < size) {
        const char *sub = NULL;
        if (strncmp(text, "{f}", 3) == 0)
            sub = a->f, text += 3;
        else if (strncmp(text, "{gate}", 6) == 0)
            sub = a->gate, text += 6;
        else if (strncmp(text, "{}", 2) == 0)
            sub = entry, text += 2;
        if (sub) {
            int w = snprintf(out + o, size - o, "%s", sub);
            o += (size_t)w < size - o ? (size_t)w : size - o - 1;
        } else {
            out[o++] = *text++;
        }
    }
    out[o] = '\0';
}

const char *stage_formula(int stage, int act, int variant)
{
    /* each formula expanded once, on first use */
    static char cache[STAGE_COUNT][ACT_COUNT][4][160];
    if (stage <= STAGE_NONE || stage >= STAGE_COUNT || act < 0 || act >= ACT_COUNT)
        return NULL;
    variant &= FORMULA_REG | FORMULA_MEAN;
    if (!(variant & FORMULA_REG))
        variant = 0;            /* without reg the two modes show the same loss */
    const struct stage_info *s = &stage_table[stage];
    const char *text = s->formula;
    if ((variant & FORMULA_REG) && s->formula_reg)
        text = (variant & FORMULA_MEAN) && s->formula_mean ? s->formula_mean : s->formula_reg;
    char *out = cache[stage][act][variant];
    if (!out[0])
        expand(out, sizeof cache[0][0][0], text, &act_table[act], "");
    return out;
}

static int size_of(char letter, int N, int D, int H, int K)
{
    switch (letter) {
    case 'N': return N;
    case 'D': return D;
    case 'H': return H;
    case 'K': return K;
    default:  return 1;
    }
}

int stage_shape(int stage, int N, int D, int H, int K, int *rows, int *cols)
{
    if (stage <= STAGE_NONE || stage >= STAGE_COUNT)
        return -1;
    *rows = size_of(stage_table[stage].rows, N, D, H, K);
    *cols = size_of(stage_table[stage].cols, N, D, H, K);
    return 0;
}

/* ---------------------------------------------------------------- */
/* the activations                                                    */

static double sigmoid_ref(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

static double relu_ref(double z)
{
    return z > 0.0 ? z : 0.0;
}

void act_gate(int act, double *d, const double *z, size_t n)
{
    act_table[act].gate_z(z, d, d, n);
}

void act_slope_text(char *buf, size_t size, int act, const char *entry)
{
    if (act < 0 || act >= ACT_COUNT) {
        snprintf(buf, size, "?");
        return;
    }
    expand(buf, size, act_table[act].slope_at, &act_table[act], entry);
}

const struct act_info act_table[ACT_COUNT] = {
    /* f through the vectorised loops of vmath.c */
    [ACT_TANH] = { "tanh(z1)", "1 − a1²", "(1 − a1²)", "(1 − {}²)", 0, vec_tanh, tanh,
                   vec_tanh_gate },
    [ACT_SIGMOID] = { "sigmoid(z1) = 1 / (1 + exp(−z1))", "a1 ⊙ (1 − a1)", "a1 ⊙ (1 − a1)",
                      "{}·(1 − {})", 0, vec_sigmoid, sigmoid_ref, vec_sigmoid_gate },
    [ACT_RELU] = { "relu(z1) = max(0, z1)", "[z1 > 0]", "[z1 > 0]", "[{} > 0]", 1, vec_relu, relu_ref,
                   vec_relu_gate },
};
