/* names: the words of the command language. See names.h. */
#include "names.h"

#include <ctype.h>
#include <string.h>

#include "args.h"
#include "cmdtable.h"
#include "stages.h"

/* The values in the order help lists them: the logits lab's, the
 * network's as they are computed (each layer's parameters before the
 * stages that use them; the stages' names are the stage table's), reg, and
 * the mistake's. Made on first use. */
const char *const *value_names(void)
{
    static const char *names[40];
    if (names[0])
        return names;
    static const char *const lab[] = { "z", "s", "J", "x", "y", "W1", "b1", NULL };
    static const char *const layer2[] = { "W2", "b2", NULL };
    static const char *const after[] = { "reg", "curve", "wrong", "right", "err_wrong", "err_right", "yours", "diag_err",
                                         NULL };
    int n = 0;
    for (int i = 0; lab[i]; i++)
        names[n++] = lab[i];
    for (int st = STAGE_Z1; st <= STAGE_A1; st++)
        names[n++] = stage_names[st];
    for (int i = 0; layer2[i]; i++)
        names[n++] = layer2[i];
    for (int st = STAGE_Z2; st <= STAGE_LAST; st++)
        names[n++] = stage_names[st];
    for (int i = 0; after[i]; i++)
        names[n++] = after[i];
    names[n] = NULL;
    return names;
}

/* the nearer of best and name to word (args_distance ignores case: on a
 * tie the one spelt exactly as typed wins) */
static void nearer(const char *word, const char *name, const char **best, int *bd)
{
    int d = args_distance(word, name);
    if (d < *bd || (d == *bd && !strcmp(word, name))) {
        *bd = d;
        *best = name;
    }
}

const char *names_suggest(const char *word)
{
    const char *best = NULL;
    int bd = 99;
    size_t len = strlen(word);
    if (!isalpha((unsigned char)word[0]))
        return NULL;
    int limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    for (int i = 0; i < n_commands; i++)
        nearer(word, commands[i].name, &best, &bd);
    const char *const *names = value_names();
    for (int i = 0; names[i]; i++)
        nearer(word, names[i], &best, &bd);
    /* distance 0 and another spelling: the same word in the wrong case */
    return bd <= limit && strcmp(word, best) ? best : NULL;
}
