/* csv: text files of numbers, read in the dialects numpy, pandas and
 * spreadsheets write, and written as plain CSV.
 *
 * Reading. The fields of a line are separated by one delimiter for the
 * whole file, chosen from the first line that holds anything: a semicolon
 * if it has one, else a tab, else a comma, else runs of blanks (as
 * np.savetxt writes by default: "1.000000000000000000e+00 2.0...").
 * Blanks around a field are ignored; a field may be in double quotes
 * ("1.5", with "" for a quote inside), and then holds the delimiter and
 * '#' as text. '#' outside quotes starts a comment to the end of the line
 * (np.savetxt writes its header= so); lines with nothing but blanks and a
 * comment are skipped, and so are a UTF-8 BOM and CR before LF.
 *
 * The header rule: the first line is a header when no field of it is a
 * number; a first line with some numbers and a field that is not one is
 * an error naming the field. pandas' header is a header too: its first
 * field empty (the index has no name) and the others names, or pandas'
 * column numbers 0, 1, ..., k-1. Under such a header, a first column that
 * holds exactly 0, 1, ..., N-1 is pandas' index: it is dropped (the info
 * says so), unless the options keep it.
 *
 * Every other field must be a finite number (NaN, the infinities and
 * numbers out of range are refused, naming the line and the field, the
 * file's bytes escaped: paths.h; -inf is read when the options say so),
 * and every line must have as many fields as the first. At most CSV_MAX_BYTES bytes and CSV_MAX_ROWS rows.
 *
 * Writing: commas, every number the shortest decimal that reads back
 * exactly (repr.h), atomically through files.h.
 *
 * Ownership: the caller's tensor, replaced only on success. Pure: errors
 * are values (err, errlen bytes). */
#ifndef GRADLAB_CSV_H
#define GRADLAB_CSV_H

#include <stddef.h>
#include "status.h"
#include "tensor.h"

struct file_policy;

#define CSV_MAX_BYTES ((size_t)256 << 20)
#define CSV_MAX_ROWS 1000000         /* DATA_MAX_ROWS (data.c checks they agree) */

struct csv_options {
    int keep_index;         /* keep pandas' index column */
    int neg_inf;            /* read -inf as a number (a masked logit); nan and inf are still refused */
};

struct csv_info {
    char delim;             /* ',', ';', '\t', or ' ' for runs of blanks */
    int header;             /* a header line was skipped */
    int rows;               /* the rows read */
    int comments;           /* comment lines skipped */
    int index;              /* pandas' index column was found (0..N-1 under an empty header field) */
    int index_dropped;      /* ... and dropped */
};

/* Read the CSV file path, opened through the policy pol (files.h; NULL:
 * any path), into m; opt and info may be NULL (defaults: drop pandas'
 * index). It polls stop (stop.h; may be NULL) as it reads and parses.
 * 0, -1 with err, or ST_STOPPED (m unchanged, err not set). */
int csv_read(const struct file_policy *pol, const char *path, const struct csv_options *opt, tensor *m,
             struct csv_info *info, char *err, size_t errlen, stop_flag *stop);
/* the same with the default options and no info; and with a stop flag */
int csv_read_matrix(const struct file_policy *pol, const char *path, tensor *m, char *err, size_t errlen);
int csv_read_until(const struct file_policy *pol, const char *path, tensor *m, char *err, size_t errlen,
                   stop_flag *stop);

/* Write m (and, when labels is set, a last column of integer labels, one
 * per row) through the policy, atomically: the file is written whole or
 * not at all. header (a line) may be NULL. 0, or -1 with err. */
int csv_write(const struct file_policy *pol, const char *path, const tensor *m, const int *labels,
              const char *header, char *err, size_t errlen);
/* the same without labels */
int csv_write_matrix(const struct file_policy *pol, const char *path, const tensor *m, const char *header,
                     char *err, size_t errlen);

#endif
