/* Unit tests of undo and redo (history.c), the session script (sessfile.c)
 * and the shared line (share.c): every value comes back bit for bit, the
 * values computed from them too; the history keeps its bounds and holds
 * only what each step changed; a session file or a line that fails
 * changes nothing; a damaged line is refused. */
#include "check.h"

#include "command.h"
#include "undo.h"
#include "sessfile.h"
#include "session.h"
#include "share.h"
#include "state.h"

/* ------------------------------------------------------------------ */
/* a session's every bit                                               */

struct bytes {
    unsigned char *p;
    size_t len, cap;
};

static void add(struct bytes *b, const void *p, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

static void add_tensor(struct bytes *b, const tensor *t)
{
    add(b, &t->rows, sizeof t->rows);
    add(b, &t->cols, sizeof t->cols);
    if (t->data)
        add(b, t->data, tensor_size(t) * sizeof(double));
}

/* every value of S and everything computed from them, as bytes */
static struct bytes fingerprint(struct session *S)
{
    struct bytes b = { 0 };
    struct state_scalars sc;
    state_get_scalars(S, &sc);
    add(&b, &sc, sizeof sc);
    for (int k = 0; k < PART_COUNT; k++) {
        struct state_piece p;
        state_piece_view(S, k, &p);
        add(&b, &p.rows, sizeof p.rows);
        add(&b, &p.cols, sizeof p.cols);
        if (p.bytes)
            add(&b, p.data, p.bytes);
    }
    if (S->has_logits) {
        add_tensor(&b, &S->s);
        add_tensor(&b, &S->J);
    }
    if (S->has_net) {
        const char *stages[] = { "z1", "a1", "z2", "a2", "loss", "delta3", "dW2", "db2", "delta2", "dW1", "db1" };
        for (int st = 1; st <= S->net.stage; st++) {
            tensor *t = net_tensor(&S->net, stages[st - 1]);
            if (t)
                add_tensor(&b, t);
            else {
                add(&b, &S->net.loss, sizeof S->net.loss);
                add(&b, &S->net.loss_sum, sizeof S->net.loss_sum);
            }
        }
    }
    return b;
}

static void assert_same(struct session *S, const struct bytes *want, const char *when)
{
    struct bytes got = fingerprint(S);
    if (got.len != want->len || memcmp(got.p, want->p, got.len)) {
        size_t at = 0;
        while (at < got.len && at < want->len && got.p[at] == want->p[at])
            at++;
        print_error("the session differs %s (%zu bytes, want %zu; from byte %zu)\n", when, got.len, want->len, at);
        free(got.p);
        fail();
    }
    free(got.p);
}

static void open_session(struct session *S, int with_history)
{
    FILE *out = fopen("/dev/null", "w");
    assert_non_null(out);
    session_init(S, out);
    S->run = command_run;
    if (with_history)
        assert_int_equal(undo_init(S), 0);
}

static void close_session(struct session *S)
{
    undo_free(S);
    fclose(S->out);
    session_release(S);
}

static void run(struct session *S, const char *line)
{
    if (command_run(S, line) < 0) {
        print_error("'%s' failed: %s\n", line, S->err);
        fail();
    }
}

/* ------------------------------------------------------------------ */
/* undo and redo                                                       */

static const char *const steps[] = {
    "logits 2 1 0.1", "z[1] = -inf", "seed 3", "data moons 40 noise=0.1", "net 2 4 3 act=sigmoid", "forward",
    "W1[0][0] = 0.5", "x[0][1] = 2", "y[1] = 2", "backward", "reg = 0.1", "reduce mean", "train 30 every=0",
    "step", "data add 0.5 -0.25 1", "data move 3 1 1", "data del 0", "curve = [[0, 1], [5, 0.5]]",
    "net 2 3 2 act=relu", "backward", "update lr=0.5", "back", "back", "logits 5 -2",
};
#define N_STEPS ((int)(sizeof steps / sizeof *steps))

static void test_undo_redo_every_step(void **state)
{
    (void)state;
    struct session S;
    open_session(&S, 1);
    struct bytes at[N_STEPS + 1];
    at[0] = fingerprint(&S);
    for (int i = 0; i < N_STEPS; i++) {
        run(&S, steps[i]);
        run(&S, "status; help undo; seed");   /* no change: no step */
        at[i + 1] = fingerprint(&S);
    }
    assert_int_equal(undo_can_undo(&S), N_STEPS);
    char when[64];
    for (int i = N_STEPS; i > 0; i--) {
        run(&S, "undo");
        snprintf(when, sizeof when, "after undoing '%s'", steps[i - 1]);
        assert_same(&S, &at[i - 1], when);
    }
    assert_int_equal(command_run(&S, "undo"), -1);
    assert_non_null(strstr(S.err, "nothing to undo"));
    for (int i = 1; i <= N_STEPS; i++) {
        run(&S, "redo");
        snprintf(when, sizeof when, "after redoing '%s'", steps[i - 1]);
        assert_same(&S, &at[i], when);
    }
    /* a new change after undo drops redo */
    run(&S, "undo");
    run(&S, "z[0] = 7");
    assert_int_equal(undo_can_redo(&S), 0);
    assert_int_equal(command_run(&S, "redo"), -1);
    for (int i = 0; i <= N_STEPS; i++)
        free(at[i].p);
    close_session(&S);
}

/* a failed command is no step; nor is a command that puts back the same bits */
static void test_no_step(void **state)
{
    (void)state;
    struct session S;
    open_session(&S, 1);
    run(&S, "logits 2 1 0.1");
    assert_int_equal(command_run(&S, "z[5] = 1"), -1);
    assert_int_equal(command_run(&S, "z = [nan]"), -1);
    run(&S, "z[0] = 2");
    run(&S, "seed 0");
    assert_int_equal(undo_can_undo(&S), 1);
    close_session(&S);
}

static void test_history_bounds(void **state)
{
    (void)state;
    struct session S;
    open_session(&S, 1);
    char line[64];
    for (int i = 0; i < HISTORY_MAX_STEPS + 50; i++) {
        snprintf(line, sizeof line, "logits %d 1 0.5", i);
        run(&S, line);
    }
    assert_int_equal(undo_can_undo(&S), HISTORY_MAX_STEPS);
    size_t shadow, kept;
    undo_bytes(&S, &shadow, &kept);
    assert_true(shadow + kept <= HISTORY_MAX_BYTES);
    close_session(&S);
}

/* a step holds the pieces it changed, not the session: W2 of 6 numbers
 * beside 200000 points */
static void test_step_holds_what_changed(void **state)
{
    (void)state;
    struct session S;
    open_session(&S, 1);
    run(&S, "data moons 200000 noise=0.1; net 2 3 2");
    size_t shadow, kept0, kept1;
    undo_bytes(&S, &shadow, &kept0);
    assert_true(shadow >= 200000 * 2 * 8 * 3);     /* data, x, y */
    run(&S, "W2[0][0] = 1");
    undo_bytes(&S, &shadow, &kept1);
    assert_int_equal(kept1 - kept0, 6 * sizeof(double));
    close_session(&S);
}

/* values over half the cap: no history (undo says why), until they are small again */
static void test_too_big_for_history(void **state)
{
    (void)state;
    struct session S;
    open_session(&S, 1);
    run(&S, "logits 1 2");
    run(&S, "data moons 1000000; net 2 3 2");
    assert_int_equal(command_run(&S, "undo"), -1);
    assert_non_null(strstr(S.err, "no history while the values take"));
    S.file[0] = 'f';                        /* unsaved: a change counts without a history */
    assert_int_equal(undo_unsaved(&S), 1);
    run(&S, "data moons 10; net 2 3 2");
    run(&S, "z[0] = 3");
    run(&S, "undo");
    assert_true(S.z.data[0] == 1.0);
    close_session(&S);
}

/* ------------------------------------------------------------------ */
/* the session script and the shared line                              */

/* sessions with the awkward numbers: -0, the smallest subnormal, the
 * largest double, -inf logits, soft targets, edited and made data */
static const char *const sessions[] = {
    "logits 2 1 -inf 0.1 5e-324",
    "seed 7; data spiral 3 30; net 2 5 3 act=relu; x[0][0] = -0; W1[1][2] = 1.7976931348623157e308; forward",
    "seed 0; data moons 50 noise=0.2; net 2 3 2; train 40 every=0; reg = 0.001; reduce mean; step; step; step",
    "net 3 2 4 act=sigmoid; x = [[1, -0, 3], [4, 5e-324, -6]]; y = [[0.25, 0.25, 0.5, 0], [0, 0, 0, 1]]; backward",
    "data xor 12 seed=4; data move 2 0.1 -0.3; data add 3 3 1; net 2 2 2; curve = [[0, 0.9], [7, 0.125]]",
    "data = [[1, 2, 0], [3, 4, 5]] name=mine; net 2 2 8; update lr=0.1; forward; logits -1000 1000",
};

/* S's script, loaded into a fresh session: the same bits */
static void round_trip_script(struct session *S, struct bytes *want)
{
    struct state st;
    char *text, err[300];
    size_t len;
    sessfile_view(S, &st);
    assert_int_equal(sessfile_script(&st, "", &text, &len, err, sizeof err), 0);
    struct session T;
    open_session(&T, 0);
    if (sessfile_load_text(&T, text, len, SESS_FILE, "t.gl") < 0) {
        print_error("load: %s\n%s", T.err, text);
        fail();
    }
    assert_same(&T, want, "after a script round trip");
    free(text);
    close_session(&T);
}

/* S's shared line, opened in a fresh session: the same bits */
static void round_trip_line(struct session *S, struct bytes *want)
{
    struct state st, back;
    char *line, err[300], settings[SHARE_SETTINGS_MAX + 1];
    size_t len;
    sessfile_view(S, &st);
    assert_int_equal(share_encode(&st, "", &line, &len, err, sizeof err), 0);
    assert_int_equal(strlen(line), len);
    assert_int_equal(strspn(line + strlen(SHARE_PREFIX), "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                          "0123456789-_"), len - strlen(SHARE_PREFIX));
    assert_int_equal(share_decode(line, len, &back, settings, sizeof settings, err, sizeof err), 0);
    struct session T;
    open_session(&T, 0);
    char *cmd = malloc(len + 16);
    assert_non_null(cmd);
    sprintf(cmd, "session open %s", line);
    if (command_run(&T, cmd) < 0) {
        print_error("open: %s\n", T.err);
        fail();
    }
    assert_same(&T, want, "after a shared line");
    free(cmd);
    free(line);
    state_release(&back);
    close_session(&T);
}

static void test_round_trips(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof sessions / sizeof *sessions; i++) {
        struct session S;
        open_session(&S, 0);
        run(&S, sessions[i]);
        struct bytes want = fingerprint(&S);
        round_trip_script(&S, &want);
        round_trip_line(&S, &want);
        free(want.p);
        close_session(&S);
    }
}

/* a session file that names a file, writes one, or fails halfway changes nothing */
static void test_load_refuses(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "seed 1\nsave W1 w1.csv\n",
        "seed 1\ndata load points.csv\n",
        "logits 1 2; save z z.csv\n",
        "net 2 3 2\nW1 = [[1, 2], [3, 4]]\n",
        "net 2 3 2\nrecord out.md\n",
        "lesson next\n",
        "net 2 3 2\nexample 5\n",
        "view nowhere\n",
        "train 10\n",
        "snapshot a.png\n",
    };
    struct session S;
    open_session(&S, 1);
    run(&S, "seed 5; logits 3 1; data moons 20 noise=0.3; net 2 3 2; forward");
    struct bytes want = fingerprint(&S);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (sessfile_load_text(&S, bad[i], strlen(bad[i]), SESS_FILE, "bad.gl") == 0) {
            print_error("loaded: %s", bad[i]);
            fail();
        }
        assert_non_null(strstr(S.err, "bad.gl:"));
        assert_same(&S, &want, bad[i]);
    }
    assert_int_equal(access("w1.csv", F_OK), -1);
    assert_int_equal(access("z.csv", F_OK), -1);
    free(want.p);
    close_session(&S);
}

/* a shared line's settings are settings only; its lesson is a name */
static void test_line_holds_settings_only(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "net 2000 2000 2000\n", "data moons 100000\n", "lesson x/y part=1\n", "lesson a.lesson part=1\n",
        "seed 4\n",
    };
    struct session S;
    open_session(&S, 0);
    run(&S, "logits 1 2");
    struct bytes want = fingerprint(&S);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct state st;
        char *line, err[300];
        size_t len;
        sessfile_view(&S, &st);
        int rc = share_encode(&st, bad[i], &line, &len, err, sizeof err);
        assert_int_equal(rc, 0);
        char *cmd = malloc(len + 16);
        sprintf(cmd, "session open %s", line);
        assert_int_equal(command_run(&S, cmd), -1);
        assert_same(&S, &want, bad[i]);
        free(cmd);
        free(line);
    }
    free(want.p);
    close_session(&S);
}

static void test_damaged_lines(void **state)
{
    (void)state;
    struct session S;
    open_session(&S, 0);
    run(&S, "seed 2; data moons 30 noise=0.1; data move 0 1 1; net 2 3 2; logits 1 2 3");
    struct state st, out;
    char *line, err[300], settings[SHARE_SETTINGS_MAX + 1];
    size_t len;
    sessfile_view(&S, &st);
    assert_int_equal(share_encode(&st, "view flow\n", &line, &len, err, sizeof err), 0);
    assert_int_equal(share_decode(line, len, &out, settings, sizeof settings, err, sizeof err), 0);
    assert_string_equal(settings, "view flow\n");
    state_release(&out);
    /* every line cut short, and every character changed to another */
    size_t pre = strlen(SHARE_PREFIX);
    for (size_t n = 0; n < len; n++)
        assert_int_equal(share_decode(line, n, &out, settings, sizeof settings, err, sizeof err), -1);
    for (size_t i = pre; i < len; i++) {
        char c = line[i];
        line[i] = c == 'A' ? 'B' : 'A';
        assert_int_equal(share_decode(line, len, &out, settings, sizeof settings, err, sizeof err), -1);
        line[i] = '*';
        assert_int_equal(share_decode(line, len, &out, settings, sizeof settings, err, sizeof err), -1);
        line[i] = c;
    }
    /* blanks and line breaks a chat put in are skipped */
    char *spaced = malloc(len + 3);
    memcpy(spaced, line, 20);
    memcpy(spaced + 20, " \n", 2);
    memcpy(spaced + 22, line + 20, len - 20 + 1);
    assert_int_equal(share_decode(spaced, len + 2, &out, settings, sizeof settings, err, sizeof err), 0);
    state_release(&out);
    free(spaced);
    free(line);
    close_session(&S);
}

static void test_crc32(void **state)
{
    (void)state;
    assert_int_equal(share_crc32((const unsigned char *)"123456789", 9), 0xCBF43926u);
    assert_int_equal(share_crc32((const unsigned char *)"", 0), 0);
}

/* a session over the cap is refused with what takes the room */
static void test_share_cap(void **state)
{
    (void)state;
    struct session S;
    open_session(&S, 0);
    run(&S, "data moons 2000 noise=0.1");
    struct state st;
    char *line = NULL, err[300];
    size_t len;
    sessfile_view(&S, &st);
    assert_int_equal(share_encode(&st, "", &line, &len, err, sizeof err), 0);    /* its generator */
    assert_true(len < 200);
    free(line);
    run(&S, "data move 0 0 0");
    sessfile_view(&S, &st);
    assert_int_equal(share_encode(&st, "", &line, &len, err, sizeof err), 1);
    assert_true(len > SHARE_MAX_CHARS);
    assert_non_null(strstr(err, "the data set"));
    assert_int_equal(command_run(&S, "session share"), -1);
    assert_non_null(strstr(S.err, "over the limit of 16384"));
    close_session(&S);
}

/* ------------------------------------------------------------------ */
/* an entry set in place, quietly (a drag's frame)                      */

/* W1[0][1] = v, set in place and quietly as a drag's frame sets it, gives
 * the bits of the whole W1 set with that entry, and shows nothing; an
 * entry that overflows leaves every bit as it was */
static void test_entry_in_place(void **state)
{
    (void)state;
    const char *setup = "seed 0; net 2 3 2; x = [[1, 2], [3, 4]]; y = [0, 1]; backward";
    struct session A, B;
    open_session(&A, 1);
    open_session(&B, 1);
    run(&A, setup);
    run(&B, setup);
    FILE *out = tmpfile(), *null = A.out;
    assert_non_null(out);
    A.out = out;
    A.quiet = 1;
    run(&A, "W1[0][1] = 0.25");
    A.quiet = 0;
    assert_int_equal(ftell(out), 0);        /* nothing shown */
    char line[400], *p = line;
    p += sprintf(p, "W1 = [");
    for (int i = 0; i < 2; i++) {
        p += sprintf(p, "%s[", i ? ", " : "");
        for (int j = 0; j < 3; j++)
            p += sprintf(p, "%s%.17g", j ? ", " : "", i == 0 && j == 1 ? 0.25 : T_AT(&B.net.W1, i, j));
        p += sprintf(p, "]");
    }
    sprintf(p, "]");
    run(&B, line);
    struct bytes want = fingerprint(&B);
    assert_same(&A, &want, "after W1[0][1] = 0.25 in place");
    /* shown when not quiet */
    run(&A, "W1[0][1] = 0.25");
    assert_true(ftell(out) > 0);
    /* 3e308 in z1 of the second row: refused, the old bits back */
    assert_int_equal(command_run(&A, "W1[0][0] = 1e308"), -1);
    assert_non_null(strstr(A.err, "overflows"));
    assert_same(&A, &want, "after an entry that overflows");
    free(want.p);
    A.out = null;
    fclose(out);
    close_session(&A);
    close_session(&B);
}

/* the whole value of name (a matrix of B's session) as a typed line,
 * with entry (r, c) set to v */
static void whole_line(char *line, size_t size, const char *name, const tensor *t, int r, int c, double v)
{
    size_t k = (size_t)snprintf(line, size, "%s = [", name);
    for (int i = 0; i < t->rows; i++) {
        k += (size_t)snprintf(line + k, size - k, "%s[", i ? ", " : "");
        for (int j = 0; j < t->cols; j++)
            k += (size_t)snprintf(line + k, size - k, "%s%.17g", j ? ", " : "", i == r && j == c ? v : T_AT(t, i, j));
        k += (size_t)snprintf(line + k, size - k, "]");
    }
    snprintf(line + k, size - k, "]");
    assert_true(k + 2 < size);
}

/* Each kind of entry a drag or a click sets (W1, b1, W2, b2, x, y), set in
 * place and quietly as a drag's frame sets it, where only part of the
 * stages is computed again (net_rerun), then typed as the window echoes
 * it: the same bits as the whole value typed in a fresh session (all
 * computed again), on a net with L2 and 3 rows stepped back to each of
 * dW2 (past delta3), z2 and a1 */
static void test_every_entry_in_place(void **state)
{
    (void)state;
    const char *entries[][4] = {
        /* the entry, then the whole value's name, row, column */
        { "W1[1][2] = 0.25", "W1", "1", "2" }, { "b1[3] = -0.5", "b1", "0", "3" },
        { "W2[4][1] = 0.75", "W2", "4", "1" }, { "b2[2] = 0.3", "b2", "0", "2" },
        { "x[1][0] = -1.5", "x", "1", "0" },   { "y[2] = 0", "y", "", "" },
    };
    const char *stops[] = { "backward", "backward; back; back; back; back", "reset; step; step; step",
                            "reset; step; step" };
    for (size_t e = 0; e < sizeof entries / sizeof *entries; e++)
        for (int st = 0; st < 4; st++) {
            char setup[300], line[2000];
            snprintf(setup, sizeof setup, "seed 1; net 3 5 4; x = [[1, -2, 0.5], [0.3, 0.2, -1], [2, 1, 1]]; "
                     "y = [0, 1, 3]; reg = 0.01; %s", stops[st]);
            struct session A, B;
            open_session(&A, 1);
            open_session(&B, 1);
            run(&A, setup);
            run(&B, setup);
            /* a drag's frame, then its release */
            A.quiet = 1;
            undo_hold(&A, 1);
            run(&A, entries[e][0]);
            undo_hold(&A, 0);
            A.quiet = 0;
            run(&A, entries[e][0]);
            if (!strcmp(entries[e][1], "y"))
                run(&B, "y = [0, 1, 0]");
            else {
                int r = atoi(entries[e][2]), c = atoi(entries[e][3]);
                whole_line(line, sizeof line, entries[e][1], net_tensor(&B.net, entries[e][1]), r, c,
                           strtod(strchr(entries[e][0], '=') + 1, NULL));
                run(&B, line);
            }
            struct bytes want = fingerprint(&B);
            char when[120];
            snprintf(when, sizeof when, "after %s (%s)", entries[e][0], stops[st]);
            assert_same(&A, &want, when);
            free(want.p);
            close_session(&A);
            close_session(&B);
        }
}

/* Each kind of entry a drag sets, set to a number that overflows a
 * stage (relu passes it on) at the whole pass or at the loss: refused
 * with the one-line error, and every bit of the session as it was,
 * stages included, whether the entry was set in place quietly (a drag's
 * frame, only the part it reaches computed again) or typed */
static void test_every_entry_overflows(void **state)
{
    (void)state;
    const char *cases[][2] = {
        /* the entry, and where the net stands */
        { "W1[0][1] = 1e308", "backward" }, { "W1[0][1] = 1e308", "forward" },
        { "b1[3] = 1.5e308", "backward" },  { "b1[3] = 1.5e308", "forward" },
        { "W2[4][1] = 1e308", "backward" }, { "W2[4][1] = 1e308", "forward" },
        { "b2[2] = 1e308", "backward" },    { "b2[2] = 1e308", "forward" },
        { "x[2][1] = 1e10", "W1[1][1] = 1e300; backward" },
    };
    for (size_t e = 0; e < sizeof cases / sizeof *cases; e++)
        for (int quiet = 0; quiet < 2; quiet++) {
            char setup[300], when[160];
            snprintf(setup, sizeof setup, "seed 1; net 3 5 4 act=relu; x = [[1, -2, 0.5], [0.3, 0.2, -1], "
                     "[2, 1, 1]]; y = [0, 1, 3]; %s", cases[e][1]);
            struct session A;
            open_session(&A, 1);
            run(&A, setup);
            int stage = A.net.stage;
            struct bytes want = fingerprint(&A);
            A.quiet = quiet;
            undo_hold(&A, quiet);
            snprintf(when, sizeof when, "after %s (%s)%s", cases[e][0], cases[e][1], quiet ? ", quietly" : "");
            if (command_run(&A, cases[e][0]) != -1)
                fail_msg("%s: not refused", when);
            undo_hold(&A, 0);
            A.quiet = 0;
            assert_non_null(strstr(A.err, "overflows"));
            assert_int_equal(A.net.stage, stage);
            assert_same(&A, &want, when);
            free(want.p);
            close_session(&A);
        }
}

int main(void)
{
    check_tmpdir();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_undo_redo_every_step),
        cmocka_unit_test(test_entry_in_place),
        cmocka_unit_test(test_every_entry_in_place),
        cmocka_unit_test(test_every_entry_overflows),
        cmocka_unit_test(test_no_step),
        cmocka_unit_test(test_history_bounds),
        cmocka_unit_test(test_step_holds_what_changed),
        cmocka_unit_test(test_too_big_for_history),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_load_refuses),
        cmocka_unit_test(test_line_holds_settings_only),
        cmocka_unit_test(test_damaged_lines),
        cmocka_unit_test(test_crc32),
        cmocka_unit_test(test_share_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
