/* typed: a line the user typed. See typed.h. */
#include "typed.h"

#include <stdio.h>

#include "command.h"
#include "lesson.h"
#include "record.h"
#include "session.h"

int typed_run(struct session *S, const char *line)
{
    int rc;
    if (lesson_try_answer(S, line)) {
        rc = 0;                         /* an answer is not recorded */
    } else if (S->record) {
        FILE *saved;
        record_line_begin(S, &saved);
        rc = command_run(S, line);
        record_line_end(S, line, rc, saved);
    } else {
        rc = command_run(S, line);
    }
    if (rc == 0)
        lesson_after_line(S, line);
    return rc;
}
