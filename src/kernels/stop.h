/* stop: how long work learns that it should end early.
 *
 * A stop flag is a volatile sig_atomic_t that a signal handler sets (Ctrl-C,
 * SIGTERM, SIGHUP: the front end owns it). Long work is handed a pointer to
 * it (NULL: never stop) and polls it with stop_requested() where ending is
 * safe, at least every few milliseconds of work, so that it ends within a
 * few milliseconds of the signal (the bar is 100 ms from the signal to the
 * prompt). A poll is one load: cheap enough for an inner loop's head.
 * Work that sees the flag ends early and says so in what it returns (see
 * each function); it never clears the flag: the front end does, once the
 * command has ended. */
#ifndef GRADLAB_STOP_H
#define GRADLAB_STOP_H

#include <signal.h>

typedef volatile const sig_atomic_t stop_flag;

static inline int stop_requested(stop_flag *stop)
{
    return stop && *stop;
}

#endif
