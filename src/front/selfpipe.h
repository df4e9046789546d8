/* selfpipe: the pipe a signal handler writes a byte to, so that poll()
 * in the loop wakes up (the self-pipe trick). */
#ifndef GRADLAB_SELFPIPE_H
#define GRADLAB_SELFPIPE_H

/* fds[0] (read) and fds[1] (write): both above stdin, stdout and stderr
 * (even when those are closed, the pipe is never taken for one of them),
 * non-blocking and close-on-exec; 0, or -1 with both set to -1 */
int selfpipe_open(int fds[2]);

#endif
