/* names: the words of the command language. See names.h. */
#include "names.h"

#include <ctype.h>
#include <string.h>

#include "args.h"
#include "cmdtable.h"

const char *const value_names[] = {
    "z", "s", "J",
    "x", "y", "W1", "b1", "z1", "a1", "W2", "b2", "z2", "a2", "loss",
    "delta3", "dW2", "db2", "delta2", "dW1", "db1", "reg",
    "wrong", "right", "err_wrong", "err_right",
    NULL,
};

const char *names_suggest(const char *word)
{
    const char *best = NULL;
    int bd = 99;
    size_t len = strlen(word);
    if (!isalpha((unsigned char)word[0]))
        return NULL;
    int limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    for (int i = 0; i < n_commands; i++) {
        int d = args_distance(word, commands[i].name);
        if (d < bd) {
            bd = d;
            best = commands[i].name;
        }
    }
    for (int i = 0; value_names[i]; i++) {
        int d = args_distance(word, value_names[i]);
        if (d < bd) {
            bd = d;
            best = value_names[i];
        }
    }
    return bd <= limit && bd > 0 ? best : NULL;
}
