/* sandbox: see sandbox.h. */
#include "sandbox.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "paths.h"

void sandbox_home(struct file_policy *p, const char *path)
{
    char real[PATH_MAX];
    if (!p)
        return;
    if (path && realpath(path, real) && strrchr(real, '/') != real)
        *strrchr(real, '/') = '\0';
    else if (!getcwd(real, sizeof real))
        real[0] = '\0';
    size_t n = strlen(real);
    if (n >= sizeof p->home)
        n = 0;                              /* too long: no home, the scratch folder only */
    memcpy(p->home, real, n);
    p->home[n] = '\0';
}

void sandbox_confine(struct file_policy *p)
{
    char scratch[FILE_PATH_MAX];
    state_path(scratch, sizeof scratch, "scratch/sandbox");
    file_policy_confine(p, "a sandboxed script", "", scratch);
    sandbox_home(p, NULL);
}
