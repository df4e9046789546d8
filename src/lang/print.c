/* print: how values are shown. See print.h. */
#include "print.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


#define SUMMARY_ROWS 12     /* more rows than this: show the first and last 5 */
#define SUMMARY_COLS 10     /* more columns than this: the first and last 4 */
#define EDGE_ROWS 5
#define EDGE_COLS 4
#define CELL 48             /* room for one formatted number */
#define POLL 4096           /* numbers printed between two polls of the stop flag */

/* 1 when the output must stop here (the flag was raised): the line is
 * ended and S->cut set, for command_run to report */
static int cut_here(struct session *S)
{
    if (!session_interrupted(S))
        return 0;
    fputc('\n', S->out);
    S->cut = 1;
    return 1;
}

void print_repr(char *buf, size_t size, double v)
{
    char tmp[REPR_MAX];
    repr_format(tmp, v);
    snprintf(buf, size, "%s", tmp);
}

int print_json_number(char *buf, double v)
{
    /* JSON has no token for these: a string that JavaScript's Number(),
     * Python's float() and numpy's float64 all read back */
    if (isnan(v) || isinf(v)) {
        const char *s = isnan(v) ? "\"NaN\"" : v < 0 ? "\"-Infinity\"" : "\"Infinity\"";
        size_t n = strlen(s);
        memcpy(buf, s, n + 1);
        return (int)n;
    }
    return repr_format(buf, v);
}

void print_number(char *buf, size_t size, double v, int precision)
{
    if (v == 0.0)
        v = 0.0;            /* no "-0" */
    if (isinf(v) || isnan(v)) {
        snprintf(buf, size, isnan(v) ? "nan" : v < 0 ? "-inf" : "inf");
        return;
    }
    snprintf(buf, size, "%.*g", precision, v);
}

/* How a pretty matrix formats its numbers: numpy's way, one style for the
 * whole tensor so that decimal points line up. Fixed-point with enough
 * decimals to give the largest entry `precision` significant digits when
 * every entry is of moderate size; otherwise scientific. From 16 digits
 * on, every entry gets its own %.Ng so that values read back exactly. */
struct style {
    int mode;       /* 0 fixed, 1 scientific, 2 %g */
    int digits;
};

static struct style choose_style(const tensor *t, int precision)
{
    struct style st = { 2, precision };
    if (precision >= 16)
        return st;
    double maxa = 0.0, mina = INFINITY;
    for (size_t i = 0; i < tensor_size(t); i++) {
        double a = fabs(t->data[i]);
        if (!isfinite(a))
            continue;
        if (a > maxa)
            maxa = a;
        if (a > 0 && a < mina)
            mina = a;
    }
    if (maxa == 0.0) {
        st.mode = 0;
        st.digits = 0;
        return st;
    }
    int lead = (int)floor(log10(maxa));
    if (maxa < 1e6 && lead > -5 && (mina >= 1e-4 || mina == INFINITY || mina * 1e4 >= maxa / 1e4)) {
        st.mode = 0;
        st.digits = precision - 1 - lead;
        if (st.digits < 0)
            st.digits = 0;
        if (st.digits > 17)
            st.digits = 17;
    } else {
        st.mode = 1;
        st.digits = precision - 1;
    }
    return st;
}

static void fmt_cell(char *buf, size_t size, double v, struct style st)
{
    if (v == 0.0)
        v = 0.0;
    if (isinf(v) || isnan(v)) {
        snprintf(buf, size, isnan(v) ? "nan" : v < 0 ? "-inf" : "inf");
        return;
    }
    switch (st.mode) {
    case 0: snprintf(buf, size, "%.*f", st.digits, v); break;
    case 1: snprintf(buf, size, "%.*e", st.digits, v); break;
    default: snprintf(buf, size, "%.*g", st.digits, v); break;
    }
    /* "-0.0000" after rounding reads as a sign error: show it unsigned */
    if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
}

/* the indices shown along one axis: all, or the first and last few with a
 * gap (-1) between */
static int shown_indices(int n, int limit, int edge, int *idx)
{
    int k = 0;
    if (n <= limit) {
        for (int i = 0; i < n; i++)
            idx[k++] = i;
        return k;
    }
    for (int i = 0; i < edge; i++)
        idx[k++] = i;
    idx[k++] = -1;
    for (int i = n - edge; i < n; i++)
        idx[k++] = i;
    return k;
}

/* display width of a UTF-8 string (code points; our text has no wide glyphs) */
static int width(const char *s)
{
    int w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

static void pad(FILE *f, int n)
{
    for (int i = 0; i < n; i++)
        fputc(' ', f);
}

static void pretty(struct session *S, const char *name, const tensor *t, int vector)
{
    FILE *f = S->out;
    struct style st = choose_style(t, S->precision);
    int ridx[SUMMARY_ROWS + 1], cidx[SUMMARY_COLS + 1];
    int nr = shown_indices(t->rows, SUMMARY_ROWS, EDGE_ROWS, ridx);
    int nc = shown_indices(t->cols, SUMMARY_COLS, EDGE_COLS, cidx);

    /* column widths: the widest cell or index label in each column */
    int cw[SUMMARY_COLS + 1];
    char cell[CELL], label[32];
    for (int c = 0; c < nc; c++) {
        if (cidx[c] < 0) {
            cw[c] = 1;
            continue;
        }
        snprintf(label, sizeof label, "[%d]", cidx[c]);
        cw[c] = width(label);
        for (int r = 0; r < nr; r++) {
            if (ridx[r] < 0)
                continue;
            fmt_cell(cell, sizeof cell, T_AT(t, ridx[r], cidx[c]), st);
            if (width(cell) > cw[c])
                cw[c] = width(cell);
        }
    }
    if (vector)
        fprintf(f, "%s  (%d)\n", name, t->cols);
    else
        fprintf(f, "%s  (%d×%d)\n", name, t->rows, t->cols);
    snprintf(label, sizeof label, "[%d]", t->rows - 1);
    int rw = vector ? 0 : width(label);

    /* the header of column indices */
    pad(f, rw);
    for (int c = 0; c < nc; c++) {
        fputs("  ", f);
        if (cidx[c] < 0) {
            fputs("…", f);
            continue;
        }
        snprintf(label, sizeof label, "[%d]", cidx[c]);
        pad(f, cw[c] - width(label));
        fputs(label, f);
    }
    fputc('\n', f);
    for (int r = 0; r < nr; r++) {
        if (ridx[r] < 0) {
            pad(f, rw > 0 ? rw - 1 : 0);
            fputs("⋮\n", f);
            continue;
        }
        if (!vector) {
            snprintf(label, sizeof label, "[%d]", ridx[r]);
            pad(f, rw - width(label));
            fputs(label, f);
        }
        for (int c = 0; c < nc; c++) {
            fputs("  ", f);
            if (cidx[c] < 0) {
                fputs("…", f);
                continue;
            }
            fmt_cell(cell, sizeof cell, T_AT(t, ridx[r], cidx[c]), st);
            pad(f, cw[c] - width(cell));
            fputs(cell, f);
        }
        fputc('\n', f);
    }
}

/* output gathered in a buffer and written in large pieces: a matrix of
 * 16 million numbers is one pass of formatting at disk speed */
struct sink {
    FILE *f;
    size_t n;
    char b[16384];
};

static void sink_flush(struct sink *k)
{
    fwrite(k->b, 1, k->n, k->f);
    k->n = 0;
}

/* room for n more bytes */
static char *sink_room(struct sink *k, size_t n)
{
    if (k->n + n > sizeof k->b)
        sink_flush(k);
    return k->b + k->n;
}

static void sink_puts(struct sink *k, const char *s)
{
    for (; *s; s++) {
        sink_room(k, 1);
        k->b[k->n++] = *s;
    }
}

/* the n bytes at s as a JSON string, quotes included */
static void sink_json_chars(struct sink *k, const char *s, size_t n)
{
    sink_puts(k, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char *p = sink_room(k, 6);
        if (c == '"' || c == '\\')
            k->n += (size_t)sprintf(p, "\\%c", c);
        else if (c < 0x20)
            k->n += (size_t)sprintf(p, "\\u%04x", c);
        else
            k->b[k->n++] = (char)c;
    }
    sink_puts(k, "\"");
}

static void sink_json_string(struct sink *k, const char *s)
{
    sink_json_chars(k, s, strlen(s));
}

static void json(struct session *S, const char *name, const tensor *t, int dims)
{
    struct sink k = { S->out, 0, { 0 } };
    char head[64];
    sink_puts(&k, "{\"name\":");
    sink_json_string(&k, name);
    if (dims == 0)
        snprintf(head, sizeof head, ",\"shape\":[]");
    else if (dims == 1)
        snprintf(head, sizeof head, ",\"shape\":[%d]", t->cols);
    else
        snprintf(head, sizeof head, ",\"shape\":[%d,%d]", t->rows, t->cols);
    sink_puts(&k, head);
    sink_puts(&k, ",\"data\":[");
    size_t n = tensor_size(t);
    for (size_t i = 0; i < n; i++) {
        if (i % POLL == 0 && session_interrupted(S)) {
            sink_flush(&k);
            cut_here(S);
            return;
        }
        char *p = sink_room(&k, REPR_MAX + 1);
        if (i)
            *p++ = ',';
        k.n = (size_t)(p - k.b) + (size_t)print_json_number(p, t->data[i]);
    }
    sink_puts(&k, "]}\n");
    sink_flush(&k);
}

/* every number in the shortest form that reads back exactly, whatever the
 * precision: a CSV is data for another program */
static void csv(struct session *S, const char *name, const tensor *t)
{
    struct sink k = { S->out, 0, { 0 } };
    char head[96];
    snprintf(head, sizeof head, "# %s %d×%d\n", name, t->rows, t->cols);
    sink_puts(&k, head);
    for (int r = 0; r < t->rows; r++) {
        if (session_interrupted(S)) {
            sink_flush(&k);
            cut_here(S);
            return;
        }
        const double *row = &T_AT(t, r, 0);
        for (int c = 0; c < t->cols; c++) {
            char *p = sink_room(&k, REPR_MAX + 1);
            if (c)
                *p++ = ',';
            k.n = (size_t)(p - k.b) + (size_t)repr_format(p, row[c]);
        }
        sink_puts(&k, "\n");
    }
    sink_flush(&k);
}

static void latex(struct session *S, const char *name, const tensor *t)
{
    FILE *f = S->out;
    char num[CELL];
    /* names like dW2 and delta3 read better as d W_2 and \delta_3 */
    fprintf(f, "%s = \\begin{bmatrix}", name);
    for (int r = 0; r < t->rows; r++) {
        if (cut_here(S))
            return;
        fputs(r ? " \\\\ " : " ", f);
        for (int c = 0; c < t->cols; c++) {
            print_number(num, sizeof num, T_AT(t, r, c), S->precision);
            fprintf(f, "%s%s", c ? " & " : "", num);
        }
    }
    fputs(" \\end{bmatrix}\n", f);
}

void print_tensor(struct session *S, const char *name, const tensor *t, int vector)
{
    vector = vector && t->rows == 1;
    switch (S->format) {
    case FORMAT_JSON:  json(S, name, t, vector ? 1 : 2); break;
    case FORMAT_CSV:   csv(S, name, t); break;
    case FORMAT_LATEX: latex(S, name, t); break;
    default:           pretty(S, name, t, vector); break;
    }
}

void print_scalar(struct session *S, const char *name, double v)
{
    char num[CELL];
    tensor t = { 1, 1, &v };
    switch (S->format) {
    case FORMAT_JSON:
        json(S, name, &t, 0);
        break;
    case FORMAT_CSV:
        repr_format(num, v);
        fprintf(S->out, "# %s\n%s\n", name, num);
        break;
    case FORMAT_LATEX:
        print_number(num, sizeof num, v, S->precision);
        fprintf(S->out, "%s = %s\n", name, num);
        break;
    default:
        print_number(num, sizeof num, v, S->precision);
        fprintf(S->out, "%s = %s\n", name, num);
        break;
    }
}

/* ---- the lines that are not values ------------------------------------ */

int print_json(const struct session *S)
{
    return S->format == FORMAT_JSON;
}

/* each line of text (a last one without its newline too) as
 * {"text":"..."} */
static void json_text(FILE *f, const char *text)
{
    struct sink k = { f, 0, { 0 } };
    while (*text) {
        size_t n = strcspn(text, "\n");
        sink_puts(&k, "{\"text\":");
        sink_json_chars(&k, text, n);
        sink_puts(&k, "}\n");
        text += n + (text[n] == '\n');
    }
    sink_flush(&k);
}

void print_text(struct session *S, const char *fmt, ...)
{
    char small[1024], *text = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof small) {        /* a long text: its own buffer */
        text = malloc((size_t)n + 1);
        if (!text)
            return;
        va_start(ap, fmt);
        vsnprintf(text, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    if (print_json(S))
        json_text(S->out, text);
    else
        fputs(text, S->out);
    if (text != small)
        free(text);
}

/* one field's value, by its type letter (see print.h) */
static void sink_field(struct sink *k, char type, va_list *ap)
{
    char num[REPR_MAX + 24];
    switch (type) {
    case 'n':
        print_json_number(num, va_arg(*ap, double));
        break;
    case 'i':
        snprintf(num, sizeof num, "%d", va_arg(*ap, int));
        break;
    case 'l':
        snprintf(num, sizeof num, "%ld", va_arg(*ap, long));
        break;
    case 'b':
        snprintf(num, sizeof num, "%s", va_arg(*ap, int) ? "true" : "false");
        break;
    case 's': {
        const char *v = va_arg(*ap, const char *);
        if (v)
            sink_json_string(k, v);
        snprintf(num, sizeof num, "%s", v ? "" : "null");
        break;
    }
    case 'a': {
        int count = va_arg(*ap, int);
        const int *v = va_arg(*ap, const int *);
        for (int i = 0; i < count; i++) {
            snprintf(num, sizeof num, "%s%d", i ? "," : "[", v[i]);
            sink_puts(k, num);
        }
        snprintf(num, sizeof num, "%s]", count > 0 ? "" : "[");
        break;
    }
    default:
        snprintf(num, sizeof num, "null");
        break;
    }
    sink_puts(k, num);
}

int print_report(struct session *S, const char *report, const char *fields, ...)
{
    if (!print_json(S))
        return 0;
    struct sink k = { S->out, 0, { 0 } };
    va_list ap;
    va_start(ap, fields);
    sink_puts(&k, "{\"report\":");
    sink_json_string(&k, report);
    for (const char *p = fields + strspn(fields, " "); *p; p += strspn(p, " ")) {
        size_t len = strcspn(p, ": ");          /* "key:t" */
        char type = p[len] == ':' ? p[len + 1] : '\0';
        sink_puts(&k, ",");
        sink_json_chars(&k, p, len);
        sink_puts(&k, ":");
        sink_field(&k, type, &ap);
        p += len + (type ? 2 : 0);
    }
    va_end(ap);
    sink_puts(&k, "}\n");
    sink_flush(&k);
    return 1;
}
