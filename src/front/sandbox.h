/* sandbox: the file policy of --sandbox (files.h): the scripts and -c
 * confined as an untrusted lesson is, their home the folder of the script
 * being run (the current folder for -c, stdin and the REPL), their
 * scratch folder $XDG_STATE_HOME/gradlab/scratch/sandbox.
 *
 * Ownership: the policy is the caller's; these only fill it in. */
#ifndef GRADLAB_SANDBOX_H
#define GRADLAB_SANDBOX_H

struct file_policy;

/* p confined, its home the current folder */
void sandbox_confine(struct file_policy *p);

/* p's home: the folder of the script path, or the current one (NULL);
 * nothing when p is NULL (no --sandbox) */
void sandbox_home(struct file_policy *p, const char *path);

#endif
