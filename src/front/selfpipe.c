/* selfpipe: see selfpipe.h. */
#include "selfpipe.h"

#include <fcntl.h>
#include <unistd.h>

int selfpipe_open(int fds[2])
{
    if (pipe(fds) < 0) {
        fds[0] = fds[1] = -1;
        return -1;
    }
    for (int i = 0; i < 2; i++) {
        int fd = fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
        if (fd >= 0) {
            close(fds[i]);
            fds[i] = fd;
        }
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    }
    return 0;
}
