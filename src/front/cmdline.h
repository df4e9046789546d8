/* cmdline: gradlab's command line, read the GNU way (getopt_long): short
 * options bundle (-ic CMDS, -cCMDS), long ones take their value as
 * --font=F or --font F and may be shortened to a unique prefix (--no-w),
 * options and files mix in any order (the -c texts and the FILEs are
 * kept in the order given), and "--" ends the options (what follows is a
 * FILE even when it starts with '-').
 *
 * Ownership: cmdline_parse fills the caller's struct cmdline, whose
 * strings point into argv (they live as long as argv does);
 * cmdline_release frees its list of -c texts and FILEs. */
#ifndef GRADLAB_CMDLINE_H
#define GRADLAB_CMDLINE_H

#include <stdio.h>

/* a -c text or a script FILE, run in the order given */
struct cmdline_source {
    const char *text;
    int is_cmd;
};

struct cmdline {
    struct cmdline_source *src; /* argc of them at most (cmdline_release frees) */
    int nsrc;
    int bail, interactive, no_window, auto_mode, present, trust, sandbox, no_init;
    const char *font, *lesson;
};

/* the arguments into a: -1 to go on, else the exit status for main
 * (--help, --version: 0 after printing to stdout; a bad command line: 2
 * after a one-line message on stderr) */
int cmdline_parse(int argc, char **argv, struct cmdline *a);
void cmdline_release(struct cmdline *a);

/* the usage (--help), ending with where bugs are reported */
void cmdline_usage(FILE *f);

/* the version, the copyright and the licence (--version), GNU's format */
void cmdline_version(FILE *f);

#endif
