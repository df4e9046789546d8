/* catalogue: the known mistakes, each a function of the state. See
 * catalogue.h. The network's mistakes are made in one backward pass with
 * the mistake put in (wrong_pass), written as the formulas read, so each
 * mistaken value is what a student's numpy would give. */
#include "catalogue.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "session.h"
#include "softmax.h"
#include "values.h"

const char *const *diag_target_list(void)
{
    /* the lab's values, then the backward stages' names from their table */
    static const char *names[DT_COUNT + 1];
    if (!names[0]) {
        names[DT_S] = "s";
        names[DT_J] = "J";
        names[DT_DZ] = "dz";
        for (int t = DT_DELTA3; t < DT_COUNT; t++)
            names[t] = stage_names[STAGE_DELTA3 + (t - DT_DELTA3)];
    }
    return names;
}

enum {
    E_LOGITS, E_ZFORS, E_ZONLY, E_DIAGONAL, E_SIGN, E_NAIVE, E_TRANSPOSED, E_GATE, E_GATE_Z1,
    E_GATE_TANH, E_GATE_SIGMOID, E_GATE_RELU, E_DW2T, E_DB_ROW, E_BATCH, E_BATCH_DATA, E_REG,
    E_REG_DOUBLE, E_REG_BIAS, E_DW1_A1, E_COUNT
};

const struct mistake_entry catalogue[] = {
    [E_LOGITS] = { "logits", "the question's loop: z where s belongs, and one vector, overwritten "
                   "in its loop, where the n×n Jacobian is needed", DT_J, DT_J },
    [E_ZFORS] = { "z-for-s", "the logits z where the softmax output s belongs: s_i(1 − z_i) and "
                  "−s_i·z_j", DT_J, DT_J },
    [E_ZONLY] = { "z-only", "z(1 − z): the sigmoid's slope written on the logits, no s at all",
                  DT_J, DT_J },
    [E_DIAGONAL] = { "diagonal", "the diagonal only: s(1 − s) as a vector, the −s_i·s_j off the "
                     "diagonal forgotten", DT_J, DT_J },
    [E_SIGN] = { "sign", "the sign flipped: y − a2 where a2 − y belongs", DT_DELTA3, DT_DW2 },
    [E_NAIVE] = { "naive", "the softmax without subtracting the max: exp overflows past z ≈ 709.78",
                  DT_S, DT_S },
    [E_TRANSPOSED] = { "transposed", "the layer's Jacobian not transposed: delta3·W2 where "
                       "delta3·W2ᵀ belongs (the shapes let it pass when H = K)", DT_DELTA2, DT_DW1 },
    [E_GATE] = { "gate", "the activation's slope forgotten on the way back through the hidden layer",
                 DT_DELTA2, DT_DW1 },
    [E_GATE_Z1] = { "gate-z1", "the activation's slope taken of z1 where it is written with a1",
                    DT_DELTA2, DT_DW1 },
    [E_GATE_TANH] = { "gate-tanh", "tanh's slope 1 − a1² used for another activation", DT_DELTA2, DT_DW1 },
    [E_GATE_SIGMOID] = { "gate-sigmoid", "the sigmoid's slope a1(1 − a1) used for another activation",
                         DT_DELTA2, DT_DW1 },
    [E_GATE_RELU] = { "gate-relu", "relu's slope [a1 > 0] used for another activation", DT_DELTA2, DT_DW1 },
    [E_DW2T] = { "dW2-transposed", "dW2 as delta3ᵀ·a1: the transpose of the gradient (K×H, not H×K)",
                 DT_DW2, DT_DW2 },
    [E_DB_ROW] = { "db-first-row", "the bias gradients from the first row only, not summed over the rows",
                   DT_DB2, DT_DB2 },
    [E_BATCH] = { "batch", "an extra 1/N: the gradient of the mean loss (reg/(2N)·‖W‖² included) "
                  "where gradlab shows the summed loss's", DT_DELTA3, DT_DW2 },
    [E_BATCH_DATA] = { "batch-data", "1/N on the data term only: the mean cross-entropy's gradient "
                       "plus the whole reg·W (cs231n's convention) where the summed loss's is shown",
                       DT_DELTA3, DT_DW2 },
    [E_REG] = { "reg", "the reg·W of the L2 term missing from dW", DT_DW2, DT_DW2 },
    [E_REG_DOUBLE] = { "reg-double", "the L2 term without its ½: 2·reg·W where reg·W belongs "
                       "(the loss's term is reg/2·‖W‖²)", DT_DW2, DT_DW2 },
    [E_REG_BIAS] = { "reg-bias", "the L2 term on the biases too: db gains reg·b (biases are not "
                     "regularised)", DT_DB2, DT_DB2 },
    [E_DW1_A1] = { "dW1-from-a1", "dW1 from the hidden layer's output a1 where the input x belongs",
                   DT_DW1, DT_DW1 },
};
const int catalogue_count = E_COUNT;

const char *const catalogue_names[] = {
    "logits", "z-for-s", "z-only", "diagonal", "sign", "naive", "transposed", "gate", "gate-z1",
    "gate-tanh", "gate-sigmoid", "gate-relu", "dW2-transposed", "db-first-row", "batch",
    "batch-data", "reg", "reg-double", "reg-bias", "dW1-from-a1", NULL
};

int catalogue_find(const char *name)
{
    for (int e = 0; e < E_COUNT; e++)
        if (!strcmp(catalogue[e].name, name))
            return e;
    return -1;
}

int diag_target_of(const char *name)
{
    for (int t = 0; t < DT_COUNT; t++)
        if (!strcmp(diag_target_list()[t], name))
            return t;
    return -1;
}

int diag_target_is_lab(int t)
{
    return t == DT_S || t == DT_J || t == DT_DZ;
}

/* ---------------------------------------------------------------- */
/* the words                                                          */

/* the activation's slope as numpy writes it */
static const char *act_code(int act)
{
    return act == ACT_SIGMOID ? "a1 * (1 - a1)" : act == ACT_RELU ? "(z1 > 0)" : "(1 - np.power(a1, 2))";
}

static const char *gate_of(int e)
{
    return e == E_GATE_TANH ? "(1 − a1²)" : e == E_GATE_SIGMOID ? "a1(1 − a1)" : "[a1 > 0]";
}

const char *catalogue_right_formula(int t, int act, int reg)
{
    switch (t) {
    case DT_S: return "s = exp(z − max z) / Σ_j exp(z_j − max z)";
    case DT_J: return "J = diag(s) − s sᵀ,  J[i][j] = s_i·(δ_ij − s_j)";
    case DT_DZ: return "dz = Jᵀg = s ⊙ (g − g·s)";
    default: return stage_formula(stage_of_name(diag_target_name(t)), act, reg);
    }
}

/* the wrong formula of the lab's entries */
static const char *lab_wrong(int e, int t)
{
    static const char *const f[][3] = {
        [E_LOGITS] = { "", "gradient[i] = −s_i·z_{n−1} (the last j overwrites the rest), a vector",
                       "dz = gradient ⊙ g,  gradient[i] = −s_i·z_{n−1}" },
        [E_ZFORS] = { "", "J[i][j] = s_i·(δ_ij − z_j)", "dz = Mᵀg,  M[i][j] = s_i·(δ_ij − z_j)" },
        [E_ZONLY] = { "", "J = diag(z ⊙ (1 − z))", "dz = z ⊙ (1 − z) ⊙ g" },
        [E_DIAGONAL] = { "", "J = diag(s ⊙ (1 − s))", "dz = s ⊙ (1 − s) ⊙ g" },
        [E_SIGN] = { "", "J = s sᵀ − diag(s)", "dz = −Jᵀg" },
        [E_NAIVE] = { "s = exp(z) / Σ_j exp(z_j)", "", "" },
    };
    if (e > E_NAIVE || t > DT_DZ)
        return NULL;
    return f[e][t][0] ? f[e][t] : NULL;
}

/* the wrong formula at the target where the entry enters or after */
static const char *net_wrong(int e, int t, int act, int reg, char *buf, size_t size)
{
    const char *gate = act_table[act].gate;
    switch (e) {
    case E_SIGN: if (t == DT_DELTA3) return "delta3 = y − a2"; break;
    case E_BATCH: if (t == DT_DELTA3) return "delta3 = (a2 − y) / N"; break;
    case E_BATCH_DATA: if (t == DT_DELTA3) return "delta3 = (a2 − y) / N, reg·W added whole"; break;
    case E_TRANSPOSED: if (t == DT_DELTA2) { snprintf(buf, size, "delta2 = delta3·W2 ⊙ %s", gate); return buf; } break;
    case E_GATE:
        if (t == DT_DELTA2) {
            snprintf(buf, size, "delta2 = delta3·W2ᵀ   (the ⊙ %s of %s forgotten)", gate, act_names[act]);
            return buf;
        }
        break;
    case E_GATE_Z1:
        if (t == DT_DELTA2) {
            snprintf(buf, size, "delta2 = delta3·W2ᵀ ⊙ %s", act == ACT_SIGMOID ? "z1(1 − z1)" :
                     act == ACT_RELU ? "[z1 > 0]" : "(1 − z1²)");
            return buf;
        }
        break;
    case E_GATE_TANH: case E_GATE_SIGMOID: case E_GATE_RELU:
        if (t == DT_DELTA2) { snprintf(buf, size, "delta2 = delta3·W2ᵀ ⊙ %s", gate_of(e)); return buf; }
        break;
    case E_DW2T: if (t == DT_DW2) { snprintf(buf, size, "dW2 = delta3ᵀ·a1%s", reg ? " + reg·W2ᵀ" : ""); return buf; } break;
    case E_DB_ROW: if (t == DT_DB2 || t == DT_DB1) return t == DT_DB2 ? "db2 = delta3[0]" : "db1 = delta2[0]"; break;
    case E_REG: if (t == DT_DW2 || t == DT_DW1) return t == DT_DW2 ? "dW2 = a1ᵀ·delta3" : "dW1 = xᵀ·delta2"; break;
    case E_REG_DOUBLE:
        if (t == DT_DW2 || t == DT_DW1) return t == DT_DW2 ? "dW2 = a1ᵀ·delta3 + 2·reg·W2" : "dW1 = xᵀ·delta2 + 2·reg·W1";
        break;
    case E_REG_BIAS:
        if (t == DT_DB2 || t == DT_DB1) return t == DT_DB2 ? "db2 = Σ_rows delta3 + reg·b2" : "db1 = Σ_rows delta2 + reg·b1";
        break;
    case E_DW1_A1:
        if (t == DT_DW1) {
            snprintf(buf, size, "dW1 = a1ᵀ·delta2%s", reg ? " (+ reg·W1 when the shapes allow it, D = H)" : "");
            return buf;
        }
        break;
    default: break;
    }
    /* a target after the one the mistake enters: the right formula, fed
     * the wrong values */
    if (t > catalogue[e].enters) {
        snprintf(buf, size, "%s   (with %s's mistake carried in)", catalogue_right_formula(t, act, reg),
                 diag_target_name(catalogue[e].enters));
        return buf;
    }
    return NULL;
}

const char *catalogue_wrong_formula(int e, int t, int act, int reg, char *buf, size_t size)
{
    if (e < 0 || e >= E_COUNT || t < 0 || t >= DT_COUNT)
        return "";
    const char *f = diag_target_is_lab(t) ? lab_wrong(e, t) : net_wrong(e, t, act, reg, buf, size);
    return f ? f : "";
}

void catalogue_code(int e, int t, int act, const char **wrong, const char **right)
{
    static char gate_right[96], gate_wrong[96];
    snprintf(gate_right, sizeof gate_right, "delta2 = delta3.dot(W2.T) * %s", act_code(act));
    *right = gate_right;
    switch (e) {
    case E_LOGITS:
        *wrong = "self.gradient[i] = -self.value[i]*self.input[j]";
        *right = "J = np.diag(s) - np.outer(s, s); dz = J.T.dot(g)";
        return;
    case E_ZFORS:
        *wrong = "self.value[i] * (1-self.input[i])  and  -self.value[i]*self.input[j]";
        *right = "s[i] * (1 - s[i])  and  -s[i] * s[j], in J[i][j]";
        return;
    case E_ZONLY: *wrong = "grad = z * (1 - z)"; *right = "J = np.diag(s) - np.outer(s, s)"; return;
    case E_DIAGONAL: *wrong = "grad = s * (1 - s)"; *right = "J = np.diag(s) - np.outer(s, s)"; return;
    case E_SIGN:
        *wrong = diag_target_is_lab(t) ? "J = np.outer(s, s) - np.diag(s)" : "delta3 = y - a2";
        *right = diag_target_is_lab(t) ? "J = np.diag(s) - np.outer(s, s)" : "delta3 = a2 - y";
        return;
    case E_NAIVE:
        *wrong = "e = np.exp(z)";
        *right = "e = np.exp(z - np.max(z, axis=-1, keepdims=True))";
        return;
    case E_TRANSPOSED:
        snprintf(gate_wrong, sizeof gate_wrong, "delta2 = delta3.dot(W2) * %s", act_code(act));
        *wrong = gate_wrong;
        return;
    case E_GATE: *wrong = "delta2 = delta3.dot(W2.T)"; return;
    case E_GATE_Z1:
        snprintf(gate_wrong, sizeof gate_wrong, "delta2 = delta3.dot(W2.T) * %s",
                 act == ACT_SIGMOID ? "z1 * (1 - z1)" : act == ACT_RELU ? "(z1 > 0)" : "(1 - np.power(z1, 2))");
        *wrong = gate_wrong;
        return;
    case E_GATE_TANH: case E_GATE_SIGMOID: case E_GATE_RELU:
        snprintf(gate_wrong, sizeof gate_wrong, "delta2 = delta3.dot(W2.T) * %s",
                 act_code(e == E_GATE_TANH ? ACT_TANH : e == E_GATE_SIGMOID ? ACT_SIGMOID : ACT_RELU));
        *wrong = gate_wrong;
        return;
    case E_DW2T: *wrong = "dW2 = delta3.T.dot(a1)"; *right = "dW2 = a1.T.dot(delta3)"; return;
    case E_DB_ROW: *wrong = "db2 = delta3[0]"; *right = "db2 = np.sum(delta3, axis=0, keepdims=True)"; return;
    case E_BATCH: *wrong = "delta3 = (a2 - y) / N   (and dW += reg * W / N)"; *right = "delta3 = a2 - y"; return;
    case E_BATCH_DATA:
        *wrong = "dW2 = a1.T.dot(delta3) / N + reg * W2";
        *right = "dW2 = a1.T.dot(delta3) + reg * W2";
        return;
    case E_REG: *wrong = "dW2 = a1.T.dot(delta3)"; *right = "dW2 = a1.T.dot(delta3) + reg * W2"; return;
    case E_REG_DOUBLE: *wrong = "dW2 += 2 * reg * W2"; *right = "dW2 += reg * W2"; return;
    case E_REG_BIAS: *wrong = "db2 += reg * b2"; *right = "(no such line: biases are not regularised)"; return;
    case E_DW1_A1: *wrong = "dW1 = a1.T.dot(delta2)"; *right = "dW1 = X.T.dot(delta2)"; return;
    default: *wrong = ""; *right = ""; return;
    }
}

/* ---------------------------------------------------------------- */
/* the values                                                         */

void catalogue_question_loop(const double *z, const double *s, double *gradient, int n)
{
    /* for i in range(len(self.value)):
     *     for j in range(len(self.input)):
     *         if i == j:
     *             self.gradient[i] = self.value[i] * (1-self.input[i])
     *         self.gradient[i] = -self.value[i]*self.input[j]            */
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            if (i == j)
                gradient[i] = s[i] * (1 - z[i]);
            gradient[i] = -s[i] * z[j];
        }
}

/* the diagonal (per class) of a lab entry's "Jacobian": 1 when it has
 * none (a full matrix) */
static int lab_vector(const struct session *S, int e, double *v)
{
    int n = S->z.cols;
    const double *z = S->z.data, *s = S->s.data;
    switch (e) {
    case E_LOGITS: catalogue_question_loop(z, s, v, n); return 0;
    case E_ZFORS: for (int i = 0; i < n; i++) v[i] = s[i] * (1 - z[i]); return 0;
    case E_ZONLY: for (int i = 0; i < n; i++) v[i] = z[i] * (1 - z[i]); return 0;
    case E_DIAGONAL: for (int i = 0; i < n; i++) v[i] = s[i] * (1 - s[i]); return 0;
    default: return 1;
    }
}

/* the naive softmax: no max subtracted */
static void naive_softmax(const double *z, double *out, int n)
{
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += out[i] = exp(z[i]);
    for (int i = 0; i < n; i++)
        out[i] /= sum;
}

static int lab_value(const struct session *S, int e, int t, const tensor *g, int vector, tensor *out)
{
    int n = S->z.cols;
    const double *z = S->z.data, *s = S->s.data;
    if (t == DT_S || e == E_NAIVE) {
        if (e != E_NAIVE || t != DT_S)
            return 1;
        if (tensor_init(out, 1, n) < 0)
            return -1;
        naive_softmax(z, out->data, n);
        return 0;
    }
    if (e == E_SIGN) {
        if (catalogue_right(S, t, g, out) < 0)
            return -1;
        for (size_t i = 0; i < tensor_size(out); i++)
            out->data[i] = -out->data[i];
        return 0;
    }
    if (e == E_ZFORS && !(t == DT_J && vector)) {
        /* M[i][j] = s_i (δ_ij − z_j); for dz, Mᵀg */
        tensor M = TENSOR_INIT;
        if (tensor_init(&M, n, n) < 0)
            return -1;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                T_AT(&M, i, j) = s[i] * ((i == j) - z[j]);
        if (t == DT_J) {
            tensor_move(out, &M);
            return 0;
        }
        int rc = tensor_init(out, 1, n);
        if (rc == 0)
            tensor_matmul(out, g, 0, &M, 0);      /* gᵀM = (Mᵀg)ᵀ */
        tensor_release(&M);
        return rc;
    }
    if (tensor_init(out, 1, n) < 0)
        return -1;
    if (lab_vector(S, e, out->data)) {
        tensor_release(out);
        return 1;
    }
    if (t == DT_DZ) {
        for (int i = 0; i < n; i++)
            out->data[i] *= g->data[i];
        return 0;
    }
    if (vector)
        return 0;
    tensor d = TENSOR_INIT;
    if (tensor_init(&d, n, n) < 0) {
        tensor_release(out);
        return -1;
    }
    for (int i = 0; i < n; i++)
        T_AT(&d, i, i) = out->data[i];
    tensor_move(out, &d);
    return 0;
}

/* the backward pass with mistake e made: out[k] for delta3, dW2, db2,
 * delta2, dW1, db1 (k = target − DT_DELTA3) up to target `last` */
static int wrong_pass(const struct net *n, int e, int last, tensor out[6])
{
    int N = n->n_rows, H = n->n_hidden, K = n->n_out, D = n->n_in;
    double reg = n->reg;
    double reg_w = e == E_REG ? 0 : e == E_REG_DOUBLE ? 2 * reg : reg;
    tensor *d3 = &out[0], *dW2 = &out[1], *db2 = &out[2], *d2 = &out[3], *dW1 = &out[4], *db1 = &out[5];
    if (tensor_init(d3, N, K) < 0)
        return -1;
    /* a2 - y as the staged pass computes it (net_delta3), then the mistake */
    net_delta3(d3, &n->a2, &n->y);
    for (size_t i = 0; i < tensor_size(d3); i++) {
        double d = e == E_SIGN ? -d3->data[i] : d3->data[i];
        d3->data[i] = e == E_BATCH || e == E_BATCH_DATA ? d / N : d;
    }
    int t2 = e == E_DW2T;
    if (tensor_init(dW2, t2 ? K : H, t2 ? H : K) < 0 || tensor_init(db2, 1, K) < 0)
        return -1;
    tensor_matmul(dW2, t2 ? d3 : &n->a1, 1, t2 ? &n->a1 : d3, 0);
    for (int i = 0; i < dW2->rows; i++)
        for (int j = 0; j < dW2->cols; j++) {
            double w = t2 ? T_AT(&n->W2, j, i) : T_AT(&n->W2, i, j);
            T_AT(dW2, i, j) += e == E_BATCH ? reg_w * w / N : reg_w * w;
        }
    for (int j = 0; j < K; j++) {
        db2->data[j] = 0;
        for (int i = 0; i < (e == E_DB_ROW ? 1 : N); i++)
            db2->data[j] += T_AT(d3, i, j);
        if (e == E_REG_BIAS)
            db2->data[j] += reg * n->b2.data[j];
    }
    if (last <= DT_DB2)
        return 0;
    if (e == E_TRANSPOSED && H != K)
        return 1;
    if (tensor_init(d2, N, H) < 0)
        return -1;
    tensor_matmul(d2, d3, 0, &n->W2, e != E_TRANSPOSED);
    /* the right gate as the staged pass computes it (from z1), unless the
     * mistake is in the gate */
    int act = n->act, own_gate = e != E_GATE && e != E_GATE_Z1 && (e != E_GATE_TANH || act == ACT_TANH) &&
                                 (e != E_GATE_SIGMOID || act == ACT_SIGMOID) && (e != E_GATE_RELU || act == ACT_RELU);
    if (own_gate)
        act_gate(act, d2->data, n->z1.data, tensor_size(d2));
    for (size_t i = 0; i < tensor_size(d2) && !own_gate; i++) {
        double a = n->a1.data[i], z = n->z1.data[i];
        switch (e) {
        case E_GATE: break;
        case E_GATE_Z1: d2->data[i] *= n->act == ACT_RELU ? (z > 0) : act_slope(n->act, z); break;
        case E_GATE_TANH: d2->data[i] *= act_slope(ACT_TANH, a); break;
        case E_GATE_SIGMOID: d2->data[i] *= act_slope(ACT_SIGMOID, a); break;
        case E_GATE_RELU: d2->data[i] *= act_slope(ACT_RELU, a); break;
        default: d2->data[i] *= act_slope(n->act, a); break;
        }
    }
    int a1in = e == E_DW1_A1;
    if (tensor_init(dW1, a1in ? H : D, H) < 0 || tensor_init(db1, 1, H) < 0)
        return -1;
    tensor_matmul(dW1, a1in ? &n->a1 : &n->x, 1, d2, 0);
    if (!a1in || D == H)
        for (size_t i = 0; i < tensor_size(dW1); i++)
            dW1->data[i] += e == E_BATCH ? reg_w * n->W1.data[i] / N : reg_w * n->W1.data[i];
    for (int j = 0; j < H; j++) {
        db1->data[j] = 0;
        for (int i = 0; i < (e == E_DB_ROW ? 1 : N); i++)
            db1->data[j] += T_AT(d2, i, j);
        if (e == E_REG_BIAS)
            db1->data[j] += reg * n->b1.data[j];
    }
    return 0;
}

int catalogue_value(const struct session *S, int e, int t, const tensor *g, int vector, tensor *out)
{
    if (e < 0 || e >= E_COUNT || t < 0 || t >= DT_COUNT)
        return 1;
    if (diag_target_is_lab(t))
        return e <= E_NAIVE ? lab_value(S, e, t, g, vector, out) : 1;
    if (catalogue[e].enters <= DT_DZ || t < catalogue[e].enters)
        return 1;
    tensor parts[6] = { TENSOR_INIT, TENSOR_INIT, TENSOR_INIT, TENSOR_INIT, TENSOR_INIT, TENSOR_INIT };
    int rc = wrong_pass(&S->net, e, t, parts);
    if (rc == 0)
        tensor_move(out, &parts[t - DT_DELTA3]);
    for (int k = 0; k < 6; k++)
        tensor_release(&parts[k]);
    return rc;
}

int catalogue_right(const struct session *S, int t, const tensor *g, tensor *out)
{
    switch (t) {
    case DT_S: return tensor_copy(out, &S->s);
    case DT_J: return tensor_copy(out, &S->J);
    case DT_DZ:
        if (tensor_init(out, 1, S->z.cols) < 0)
            return -1;
        softmax_jvp(S->s.data, g->data, out->data, S->z.cols);
        return 0;
    default: {
        struct net *n = (struct net *)&S->net;     /* net_tensor does not write */
        return tensor_copy(out, net_tensor(n, diag_target_name(t)));
    }
    }
}
