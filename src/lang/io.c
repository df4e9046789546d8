/* io: the files of numbers that commands read. See io.h. */
#include "io.h"

#include <string.h>

#include "npy.h"
#include "paths.h"
#include "print.h"

int io_read_value(const struct file_policy *pol, const char *path, tensor *m, struct io_read *io, char *err,
                  size_t errlen, stop_flag *stop)
{
    struct io_read none = { 0, -1, { 0, 0, 0, 0, 0, 0 }, 0 };
    if (!io)
        io = &none;
    memset(&io->csv, 0, sizeof io->csv);
    io->ndim = -1;
    if (!npy_path(path)) {
        struct csv_options opt = { io->keep_index, io->neg_inf };
        return csv_read(pol, path, &opt, m, &io->csv, err, errlen, stop);
    }
    struct npy_info info;
    int rc = npy_read(pol, path, m, &info, err, errlen, stop);
    if (rc == 0)
        io->ndim = info.ndim;
    return rc;
}

int io_read_matrix(const struct file_policy *pol, const char *path, tensor *m, char *err, size_t errlen,
                   stop_flag *stop)
{
    return io_read_value(pol, path, m, NULL, err, errlen, stop);
}

int io_read_option(struct session *S, const char *cmd, const char *path, const char *arg, struct io_read *io)
{
    if (strcmp(arg, "index=keep") != 0)
        return session_error(S, "%s: unexpected '%s' (index=keep keeps pandas' index column of a CSV file)", cmd,
                             arg);
    if (npy_path(path))
        return session_error(S, "%s: index=keep is for CSV files (a .npy file has no index column)", cmd);
    io->keep_index = 1;
    return 0;
}

void io_say_dropped(struct session *S, const char *path, const struct io_read *io)
{
    if (!io->csv.index_dropped)
        return;
    char shown[300];
    print_text(S, "'%s': the first column, unnamed and 0..%d, is pandas' index: left out (index=keep keeps it)\n",
               text_shown(shown, sizeof shown, path), io->csv.rows - 1);
}
