/* libFuzzer harness: the lesson parser (lesson_parse) on arbitrary text, and
 * a check's condition (lesson_check) on a small session. Nothing may crash,
 * leak or hang; a malformed lesson must give a "FILE:LINE: message". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "lesson.h"
#include "session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct session S;
    static int ready;
    if (!ready) {
        session_init(&S, fopen("/dev/null", "w"));
        command_run(&S, "logits 2 1 0.1; net 2 3 2; forward");
        ready = 1;
    }
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    struct lesson L;
    char err[512];
    if (lesson_parse(text, "fuzz.lesson", &L, err, sizeof err) == 0) {
        if (!L.title || L.n_steps < 1)
            abort();                    /* a parsed lesson has both */
        lesson_free(&L);
    } else if (strncmp(err, "fuzz.lesson:", 12) != 0) {
        abort();                        /* every error names file and line */
    }
    if (size < 200)
        lesson_check(&S, text);
    free(text);
    return 0;
}
