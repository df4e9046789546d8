/* cmd_script: source and history. See cmd_script.h. */
#include "cmd_script.h"

#include <stdlib.h>

#include "args.h"
#include "files.h"
#include "paths.h"
#include "print.h"

int cmd_source(struct session *S, int argc, char **argv)
{
    if (argc != 2)
        return session_error(S, "usage: source FILE");
    if (!S->fe.source)
        return session_error(S, "source: scripts run only where gradlab reads lines (the REPL, a script, -c)");
    char *text = NULL, err[400];
    size_t len = 0;
    int rc = file_read_all(S->policy, argv[1], SOURCE_MAX_BYTES, &text, &len, err, sizeof err);
    if (rc == 1)
        return session_error(S, "source: '%s' is larger than 16 MiB", argv[1]);
    if (rc < 0)
        return session_error(S, "source: %s", err);
    rc = S->fe.source(S->fe.ud, argv[1], text, len);
    free(text);
    return rc;
}

int cmd_history(struct session *S, int argc, char **argv)
{
    long n = 0;
    if (argc > 2)
        return session_error(S, "usage: history [N]");
    if (argc == 2 && args_int(S, "history: N", argv[1], 1, 1000000, &n) < 0)
        return -1;
    if (!S->fe.history)
        return session_error(S, "history: only the REPL keeps a history (scripts and -c have none)");
    int count = 0, number;
    while (S->fe.history(S->fe.ud, count, &number))
        count++;
    for (int i = n > 0 && n < count ? count - (int)n : 0; i < count; i++) {
        const char *line = S->fe.history(S->fe.ud, i, &number);
        char shown[1200];
        if (line && !print_report(S, "history", "number:i line:s", number, line))
            fprintf(S->out, "%5d  %s\n", number, text_shown(shown, sizeof shown, line));
    }
    return 0;
}
