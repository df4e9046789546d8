/* io: the files of numbers that commands read. See io.h. */
#include "io.h"

#include <string.h>

#include "paths.h"
#include "print.h"

int io_read_value(const struct file_policy *pol, const char *path, tensor *m, struct io_read *io, char *err,
                  size_t errlen, stop_flag *stop)
{
    struct io_read none = { 0, { 0, 0, 0, 0, 0, 0 } };
    if (!io)
        io = &none;
    memset(&io->csv, 0, sizeof io->csv);
    size_t n = strlen(path);
    if (n > 4 && !strcmp(path + n - 4, ".npy")) {
        /* the hook for .npy files: read them here when the reader lands */
        snprintf(err, errlen, "cannot read '%s': .npy files are not read yet (write a CSV with "
                 "np.savetxt(F, a, delimiter=',') and give that)", path);
        return -1;
    }
    struct csv_options opt = { io->keep_index };
    return csv_read(pol, path, &opt, m, &io->csv, err, errlen, stop);
}

int io_read_matrix(const struct file_policy *pol, const char *path, tensor *m, char *err, size_t errlen,
                   stop_flag *stop)
{
    return io_read_value(pol, path, m, NULL, err, errlen, stop);
}

int io_read_option(struct session *S, const char *cmd, const char *arg, struct io_read *io)
{
    if (strcmp(arg, "index=keep") != 0)
        return session_error(S, "%s: unexpected '%s' (index=keep keeps pandas' index column of a CSV file)", cmd,
                             arg);
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
