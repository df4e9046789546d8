/* libFuzzer harness: the command language with the file commands and a
 * record on (fuzz_command.c built with FUZZ_RECORD; see there). Issue
 * 17's first point (`record off` freed the record while the rest of its
 * line still wrote through it) was out of the command harness's reach,
 * which skips every command that touches a file. */
#define _GNU_SOURCE             /* timer_create, mkdtemp (fuzz_stop.h) */
#define FUZZ_RECORD 1
#include "fuzz_command.c"
