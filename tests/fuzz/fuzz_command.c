/* libFuzzer harness for the command language (command_run) and for the
 * literal parser (literal_parse).
 *
 * The input is a script: lines split at '\n', each run through
 * command_run against one long-lived session (reset every 64 inputs so
 * memory stays bounded). Before a command runs, a filter skips what would
 * touch the file system or take long (see skip_reason below); the rest of
 * the line is split at ';' exactly as command_run does, so that the
 * filter sees every command of a line with the session state it will run
 * against. Every input also goes whole to literal_parse.
 *
 * Build and run: make fuzz / make fuzz-regress (tests/fuzz/fuzz.mk).
 * Built with FUZZ_RECORD (fuzz_record.c), it runs the file commands too
 * (save, load, data save/load, record, snapshot), under a confined policy
 * whose folders are one scratch folder (files.h: nothing outside it can
 * be named), and each line as a typed line is run: a record (`record
 * fuzz.md`, started whenever none is on) takes the line's output; the
 * scratch folder is emptied when the session is reset.
 *
 * FUZZ_COMMAND_FRESH=1 in the environment resets the session before every
 * input (to check that a reproducer crashes on its own);
 * FUZZ_COMMAND_DEBUG=1 prints each command run, its estimated cost and
 * the time it took (to tune the budget); FUZZ_COMMAND_BUDGET=N replaces
 * the budget of an input. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "command.h"
#include "literal.h"
#include "scene.h"
#include "session.h"
#ifdef FUZZ_RECORD
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "record.h"
#include "fuzz_stop.h"

static struct file_policy files_policy;
#endif

/* limits of the filter */
#define MAX_TRAIN_PASSES 200
#define MAX_NET_UNITS 64
#define MAX_LOGITS 256
#define MAX_DATA_ROWS 256
#define RESET_EVERY 64
/* work budget of one input, in units of about 1 ns with -O1 and ASan
 * (measured with FUZZ_COMMAND_DEBUG=1): a multiply-add counts 8, a tanh or
 * exp TRANS_COST, a number printed in json PRINT_JSON (print_repr tries
 * up to 17 precisions), in another format PRINT_TEXT or PRINT_PRETTY */
#define BUDGET 5000000.0
#define TRANS_COST 150.0
#define PRINT_JSON 8000.0
#define PRINT_TEXT 300.0      /* csv and latex: every number */
#define PRINT_PRETTY 30.0     /* pretty: a summary, but it scans every number */
#define MIN_COST 50000.0      /* any command */
static double budget = BUDGET;

static struct session S;
static struct view_state V;
static FILE *devnull;
static long n_inputs;
static int fresh, debug;

static void session_start(void)
{
    session_init(&S, devnull);
    view_state_init(&V);        /* no window or snapshot hooks: those fail cleanly */
    S.view = &V;
#ifdef FUZZ_RECORD
    S.policy = &files_policy;
#endif
}

static void session_end(void)
{
#ifdef FUZZ_RECORD
    record_release(&S);
    fuzz_empty_folder(fuzz_folder);
#endif
    session_release(&S);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    devnull = fopen("/dev/null", "w");
    if (!devnull)
        abort();
    const char *f = getenv("FUZZ_COMMAND_FRESH");
    fresh = f && *f && *f != '0';
    const char *d = getenv("FUZZ_COMMAND_DEBUG");
    debug = d && *d && *d != '0';
    const char *b = getenv("FUZZ_COMMAND_BUDGET");
    if (b && atof(b) > 0)
        budget = atof(b);
#ifdef FUZZ_RECORD
    const char *dir = fuzz_folder_make("record");
    file_policy_confine(&files_policy, "the fuzzer", dir, dir);
#endif
    session_start();
    return 0;
}

/* ---------------------------------------------------------------- */
/* the filter                                                         */

#define MAX_WORDS 65

/* an upper bound of the numbers a literal can hold: its tokens */
static long count_tokens(const char *s)
{
    long n = 0;
    int in = 0;
    for (; *s; s++) {
        int sep = strchr(" \t\r\n,[]", *s) != NULL;
        if (!sep && !in)
            n++;
        in = !sep;
    }
    return n;
}

static int has_prefix(const char *s, const char *key)
{
    size_t n = strlen(key);
    return strncmp(s, key, n) == 0 && s[n] == '=';
}

/* a whole number as the commands read it (strtol, base 10); -1 when it
 * is not one (the command will refuse it) */
static long number_arg(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end)
        return -1;
    return v;
}

/* numbers the session holds: what a command may print or copy */
static double session_elems(void)
{
    double e = 0;
    if (S.has_logits)
        e += (double)S.z.cols * (S.z.cols + 2);
    if (S.has_net) {
        const struct net *n = &S.net;
        double D = n->n_in, H = n->n_hidden, K = n->n_out, N = n->n_rows;
        e += 2 * (D * H + H + H * K + K);        /* parameters and gradients */
        e += N * (D + 2 * K + 3 * H + 2 * K);    /* batch and activations */
    }
    if (S.has_data)
        e += (double)S.data.X.rows * (S.data.X.cols + 1);
    return e + 16;
}

static double print_cost(void)
{
    return S.format == FORMAT_JSON ? PRINT_JSON : S.format == FORMAT_PRETTY ? PRINT_PRETTY : PRINT_TEXT;
}

/* one forward and backward pass over the batch */
static double pass_cost(void)
{
    if (!S.has_net)
        return 0;
    const struct net *n = &S.net;
    double D = n->n_in, H = n->n_hidden, K = n->n_out, N = n->n_rows;
    return 8 * N * (D * H + H * K + K) + TRANS_COST * N * (H + K) + 4 * (D * H + H * K);
}

static int is_name_text(const char *a, size_t n)
{
    if (n == 0 || !((*a >= 'a' && *a <= 'z') || (*a >= 'A' && *a <= 'Z') || *a == '_'))
        return 0;
    for (size_t i = 1; i < n; i++) {
        char c = a[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return 1;
}

#ifdef FUZZ_RECORD
/* a file command: what it shows, and reading the files it names (in the
 * scratch folder) at about 200 units a byte */
static double file_cost(int argc, char **argv, double base)
{
    double bytes = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        char path[FILE_PATH_MAX + 160];
        snprintf(path, sizeof path, "%s/%s", fuzz_folder, argv[i]);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            bytes += (double)st.st_size;
    }
    return base + 200 * bytes;
}
#endif

/* commands that print or compute nothing of size */
static int cheap(const char *c)
{
    static const char *const names[] = { "format", "precision", "seed", "status", "view", "theme",
                                         "autoscale", "example", "window", "quit", "reset", NULL };
    for (int i = 0; names[i]; i++)
        if (!strcmp(c, names[i]))
            return 1;
    return 0;
}

/* The estimated cost of running cmd (one command: no ';' outside
 * brackets, no comment), or -1 to skip it. */
static double cost_of(const char *cmd)
{
    size_t len = strlen(cmd);
    double pc = print_cost();
    /* any command may show every value there is and run a pass; an
     * unknown word or name costs about 50 us ("did you mean": edit
     * distances to every name) */
    double base = pc * session_elems() + pass_cost() + (double)len * 4 + MIN_COST;

    /* NAME = LITERAL, as run_one sees it */
    const char *eq = strchr(cmd, '=');
    if (eq) {
        const char *a = cmd;
        while (*a == ' ' || *a == '\t')
            a++;
        const char *b = eq;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
            b--;
        if (is_name_text(a, (size_t)(b - a)) && b - a < 32) {
            char name[32];
            memcpy(name, a, (size_t)(b - a));
            name[b - a] = '\0';
            if (!command_find(name)) {
                double vals = (double)count_tokens(eq + 1);
                if (!strcmp(name, "z"))     /* z, s and J = diag(s) - s s^T; shows z and s */
                    return vals > MAX_LOGITS ? -1 : base + pc * 2 * vals + TRANS_COST * vals + 10 * vals * vals;
                if (!strcmp(name, "x") && S.has_net) {
                    /* a new batch: the rows it may have, times a pass */
                    const struct net *n = &S.net;
                    double rows = vals / n->n_in + 1;
                    return base + rows * (pc * n->n_in + 8 * ((double)n->n_in * n->n_hidden + (double)n->n_hidden * n->n_out)
                                          + TRANS_COST * (n->n_hidden + n->n_out) + 8 * (4.0 * n->n_hidden + 4 * n->n_out));
                }
                return base + pc * vals;
            }
        }
    }

    char *copy = strdup(cmd);
    if (!copy)
        abort();
    char *argv[MAX_WORDS + 1];
    int argc = command_words(copy, argv, MAX_WORDS);      /* as command_run splits */
    if (argc < 0)
        argc = MAX_WORDS;
    double cost = base;
    if (argc == 0)
        goto done;
    const char *c = argv[0];
    if (!strcmp(c, "help")) {
        cost = 4 * MIN_COST;
    } else if (cheap(c)) {
        cost = MIN_COST;
    } else if (!strcmp(c, "lesson") || (!strcmp(c, "session") && !(argc == 2 && !strcmp(argv[1], "share")))) {
        cost = -1;              /* files (session open: fuzz_share) */
    } else if (!strcmp(c, "save") || !strcmp(c, "load") || !strcmp(c, "snapshot") || !strcmp(c, "record")) {
#ifdef FUZZ_RECORD
        cost = file_cost(argc, argv, base);
#else
        cost = -1;
#endif
    } else if (!strcmp(c, "data") && argc >= 2) {
        const char *kind = argv[1];
        if (!strcmp(kind, "load") || !strcmp(kind, "save")) {
#ifdef FUZZ_RECORD
            cost = file_cost(argc, argv, base);
#else
            cost = -1;
#endif
            goto done;
        }
        /* the rows a generator makes, as cmd_data reads its arguments */
        int spiral = !strcmp(kind, "spiral");
        long n = -1, k = -1;
        for (int i = 2; i < argc; i++) {
            if (has_prefix(argv[i], "noise") || has_prefix(argv[i], "seed") ||
                (has_prefix(argv[i], "factor") && !strcmp(kind, "circles")))
                continue;
            long v = number_arg(argv[i]);
            if (spiral && k < 0)
                k = v < 0 ? 1 : v;
            else if (n < 0)
                n = v < 0 ? 1 : v;
        }
        double rows = n >= 0 ? (double)n : spiral ? 100.0 * (k < 0 ? 3 : k) : !strcmp(kind, "xor") ? 4 : 200;
        if (rows > MAX_DATA_ROWS)
            cost = -1;
        else    /* a new batch for the net: x and y are copied */
            cost += (TRANS_COST + pc) * 3 * rows + (S.has_net ? 8.0 * rows * (S.net.n_in + S.net.n_out) : 0);
    } else if (!strcmp(c, "train")) {
        long passes = -1;
        for (int i = 1; i < argc; i++) {
            if (has_prefix(argv[i], "lr") || has_prefix(argv[i], "reg") || has_prefix(argv[i], "every") ||
                has_prefix(argv[i], "reduce"))
                continue;
            if (passes < 0)
                passes = number_arg(argv[i]);
        }
        if (passes > MAX_TRAIN_PASSES)
            cost = -1;
        else if (passes > 0)
            cost += passes * (2 * pass_cost() + 200);   /* a step and the loss */
    } else if (!strcmp(c, "gradcheck")) {
        if (S.has_net) {
            const struct net *n = &S.net;
            double params = (double)n->n_in * n->n_hidden + n->n_hidden + (double)n->n_hidden * n->n_out + n->n_out;
            /* each parameter shifted twice; a shift redoes one column of
             * z2 (W2, b2) or one hidden unit's share of z2 (W1, b1), then
             * the softmax of every row */
            cost += 2 * params * n->n_rows * (40.0 * n->n_out + TRANS_COST);
        }
    } else if (!strcmp(c, "net")) {
        long size[3] = { 1, 1, 1 };
        int ns = 0;
        for (int i = 1; i < argc; i++) {
            if (has_prefix(argv[i], "act"))
                continue;
            long v = number_arg(argv[i]);
            if (v > MAX_NET_UNITS) {
                cost = -1;
                goto done;
            }
            if (ns < 3 && v > 0)
                size[ns++] = v;
        }
        /* shows W1, b1, W2, b2; takes the data set as its batch */
        double D = size[0], H = size[1], K = size[2], rows = S.has_data ? S.data.X.rows : 1;
        cost += pc * (D * H + H * K + H + K) + 100 * (D * H + H * K) + 8 * rows * (D + K);
    } else if (!strcmp(c, "logits")) {
        double vals = 0;
        for (int i = 1; i < argc; i++)
            vals += (double)count_tokens(argv[i]);
        if (vals > MAX_LOGITS)
            cost = -1;
        else    /* z, s and J = diag(s) - s s^T; shows z and s */
            cost += pc * 2 * vals + TRANS_COST * vals + 10 * vals * vals;
    } else if (!strcmp(c, "jacobian") && S.has_logits) {
        /* check: 2n softmaxes of n logits, and J_fd (n x n) shown */
        double n = S.z.cols;
        cost += (2 * TRANS_COST + 20 + pc) * n * n;
    } else if (!strcmp(c, "predict") && S.has_net) {
        double vals = 0;
        for (int i = 1; i < argc; i++)
            vals += (double)count_tokens(argv[i]);
        const struct net *n = &S.net;
        double rows = vals / n->n_in + 1;
        cost += rows * (8 * ((double)n->n_in * n->n_hidden + (double)n->n_hidden * n->n_out) +
                        TRANS_COST * (n->n_hidden + n->n_out) + pc * n->n_out);
    }
done:
    free(copy);
    return cost;
}

/* ---------------------------------------------------------------- */
/* running a line                                                     */

/* Run one line command by command, as command_run splits it (';' outside
 * brackets; '#' outside brackets ends the line), each through
 * command_run. Stops at the first failure, as command_run does, and
 * when the budget is spent. Returns 0 normally, -1 when out of budget. */
static int line_rc;             /* -1 when a command of the last line failed */

static int run_line(char *line, double *spent)
{
    line_rc = 0;
    int depth = 0;
    char *start = line;
    for (char *p = line;; p++) {
        if (*p == '[')
            depth++;
        else if (*p == ']' && depth > 0)
            depth--;
        int end = *p == '\0' || (*p == '#' && depth == 0);
        if (end || (*p == ';' && depth == 0)) {
            char keep = *p;
            *p = '\0';
            double cost = cost_of(start);
            if (cost >= 0) {
                if (*spent + cost > budget) {
                    *p = keep;
                    return -1;
                }
                *spent += cost;
                struct timespec t0, t1;
                if (debug)
                    clock_gettime(CLOCK_MONOTONIC, &t0);
                int rc = command_run(&S, start);
                if (debug) {
                    clock_gettime(CLOCK_MONOTONIC, &t1);
                    double us = (t1.tv_sec - t0.tv_sec) * 1e6 + (t1.tv_nsec - t0.tv_nsec) / 1e3;
                    fprintf(stderr, "cost %10.0f  %8.1f us  %.60s%s%s\n", cost, us, start, rc < 0 ? "  error: " : "",
                            rc < 0 ? S.err : "");
                }
                S.quit = 0;         /* 'quit' ends the REPL; here the next line runs */
                if (rc < 0) {
                    line_rc = -1;
                    *p = keep;
                    return 0;
                }
            }
            *p = keep;
            if (end)
                return 0;
            start = p + 1;
        }
    }
}

/* run_line, as a typed line is run (typed.c): into the record when one
 * is on as the line starts */
static int record_run_line(char *line, double *spent)
{
#ifdef FUZZ_RECORD
    if (S.record) {
        FILE *saved;
        record_line_begin(&S, &saved);
        int rc = run_line(line, spent);     /* it gives line back as it was */
        record_line_end(&S, line, line_rc, saved);
        return rc;
    }
#endif
    return run_line(line, spent);
}

static void fuzz_literal(const char *text)
{
    tensor t = TENSOR_INIT;
    int dims;
    char err[200];
    if (literal_parse(text, &t, &dims, 0, TENSOR_MAX_ELEMS, err, sizeof err) == 0) {
        if (t.rows < 1 || t.cols < 1 || dims < 0 || dims > 2 || (dims < 2 && t.rows != 1) ||
            (dims == 0 && t.cols != 1))
            abort();            /* a shape literal.h does not promise */
        tensor_release(&t);
    }
    if (literal_parse(text, &t, &dims, LIT_NEG_INF, LOGITS_MAX, err, sizeof err) == 0) {
        if (tensor_size(&t) > LOGITS_MAX)
            abort();
        tensor_release(&t);
    }
    double v;
    literal_number(text, &v, LIT_NEG_INF, err, sizeof err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';

    /* the literal parser on the whole input (up to its first NUL) */
    fuzz_literal(buf);

    if (fresh || ++n_inputs % RESET_EVERY == 0) {
        session_end();
        session_start();
    }
#ifdef FUZZ_RECORD
    if (!S.record && command_run(&S, "record fuzz.md") != 0)
        abort();                /* the scratch folder takes it */
#endif

    /* the script: lines at '\n'; a NUL ends the line it is in (a C string) */
    double spent = 0;
    size_t i = 0;
    while (i < size) {
        size_t j = i;
        while (j < size && data[j] != '\n')
            j++;
        buf[j] = '\0';                  /* j == size: the terminator */
        if (j - i <= LINE_MAX_BYTES && record_run_line(buf + i, &spent) < 0)
            break;
        i = j + 1;
    }
    free(buf);
    return 0;
}
