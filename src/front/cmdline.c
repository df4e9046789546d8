/* cmdline: see cmdline.h. getopt_long reads; its own messages are off (opterr
 * = 0) so that every complaint is one line in gradlab's voice, naming the
 * option as typed and ending with the way to --help. */
#include "cmdline.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* the long-only options, numbered past every short one */
enum {
    OPT_BAIL = 256, OPT_NO_WINDOW, OPT_FONT, OPT_LESSON, OPT_AUTO, OPT_PRESENT,
    OPT_TRUST, OPT_SANDBOX, OPT_VERSION
};

static const struct option longopts[] = {
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, OPT_VERSION },
    { "no-init", no_argument, NULL, 'n' },
    { "bail", no_argument, NULL, OPT_BAIL },
    { "no-window", no_argument, NULL, OPT_NO_WINDOW },
    { "font", required_argument, NULL, OPT_FONT },
    { "lesson", required_argument, NULL, OPT_LESSON },
    { "auto", no_argument, NULL, OPT_AUTO },
    { "present", no_argument, NULL, OPT_PRESENT },
    { "trust", no_argument, NULL, OPT_TRUST },
    { "sandbox", no_argument, NULL, OPT_SANDBOX },
    { NULL, 0, NULL, 0 }
};

/* '-' first: a FILE comes back as an option 1, in its place among the
 * -c texts; then ':': a missing value is told apart from an unknown
 * option */
static const char shortopts[] = "-:c:hin";

static const char try_help[] = " (try 'gradlab --help')";

void cmdline_usage(FILE *f)
{
    fprintf(f,
        "Usage: gradlab [OPTION]... [FILE]...\n"
        "A lab for the maths of backpropagation through a softmax.\n"
        "\n"
        "  -c COMMANDS         run COMMANDS (separated by ';' or newlines), then exit;\n"
        "                        may be given more than once\n"
        "  -i                  after -c and FILEs, go on interactively\n"
        "  -n, --no-init       do not run the start-up file ($XDG_CONFIG_HOME/gradlab/init,\n"
        "                        run when the REPL starts with no -c or FILE)\n"
        "      --bail          stop at the first command that fails (the rest of its\n"
        "                        line too)\n"
        "      --no-window     do not open the window at start (`window on` still can)\n"
        "      --font=FILE     the TTF font for the window (default: DejaVu Sans)\n"
        "      --lesson=NAME   start the lesson NAME (or a .lesson FILE); 'lesson' lists them\n"
        "      --auto          with --lesson: play it unattended (questions answered from\n"
        "                        the file); exit 0 only if every check held\n"
        "      --present       presenter mode for a projector: high contrast, large text,\n"
        "                        the lesson's narration in the window, Space to go on\n"
        "      --trust         with --lesson: you vouch for the lesson; it plays without the\n"
        "                        confinement of lessons not installed with gradlab\n"
        "      --sandbox       confine the scripts and -c as an untrusted lesson is: files\n"
        "                        only by relative paths in the script's folder and in\n"
        "                        $XDG_STATE_HOME/gradlab/scratch/sandbox (written there)\n"
        "  -h, --help          display this help and exit\n"
        "      --version       output version information and exit\n"
        "\n"
        "Short options bundle (-ic COMMANDS); a long option's value follows '=' or a\n"
        "space; '--' ends the options, so that a FILE may start with '-'. A FILE '-'\n"
        "is the standard input.\n"
        "\n"
        "With no FILE and a terminal, gradlab starts its REPL; type 'help' there.\n"
        "When a display is there (DISPLAY or WAYLAND_DISPLAY), the window opens too.\n"
        "A session file ('session save FILE.gl') is loaded as 'session load' does;\n"
        "'gradlab FILE.gl -i' goes on interactively from it.\n"        "With FILE, or when stdin or stdout is not a terminal, it runs the commands\n"
        "in batch mode: errors go to stderr as 'gradlab: FILE:LINE: message' and\n"
        "the exit status is 1 if any command failed. A command that fails changes\n"
        "nothing, and the commands after it run, on its line (after ';') too,\n"
        "unless --bail.\n"
        "\n"
        "Report bugs to: <%s>\n", GRADLAB_BUG_URL);
}

void cmdline_version(FILE *f)
{
    fprintf(f,
        "gradlab %s\n"
        "Copyright (C) %.4s the gradlab authors\n"
        "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
        "This is free software: you are free to change and redistribute it.\n"
        "There is NO WARRANTY, to the extent permitted by law.\n",
        GRADLAB_VERSION, GRADLAB_RELEASE_DATE);
}

/* the long option that val stands for */
static const char *long_name(int val)
{
    for (const struct option *o = longopts; o->name; o++)
        if (o->val == val)
            return o->name;
    return "?";
}

/* how many long options start with the n bytes of s */
static int prefix_matches(const char *s, size_t n)
{
    int k = 0;
    for (const struct option *o = longopts; o->name; o++)
        k += strncmp(o->name, s, n) == 0;
    return k;
}

/* getopt_long said '?' (unknown, ambiguous, a value where none goes) or
 * ':' (a value missing) about the argument it had just read: one line */
static int complain(int c, char **argv, int at)
{
    const char *arg = at >= 1 ? argv[at] : "";
    if (c == ':' && optopt == 'c')
        fprintf(stderr, "gradlab: -c needs COMMANDS (try: gradlab -c 'logits 2 1 0.1')\n");
    else if (c == ':' && optopt == OPT_FONT)
        fprintf(stderr, "gradlab: --font needs a FILE (a .ttf font)\n");
    else if (c == ':')
        fprintf(stderr, "gradlab: --lesson needs a NAME or FILE (try: gradlab --lesson softmax)\n");
    else if (optopt > 0 && optopt < 256 && optopt != 'h' && optopt != 'n')
        fprintf(stderr, "gradlab: unknown option '-%c'%s\n", optopt, try_help);
    else if (optopt)
        fprintf(stderr, "gradlab: option '--%s' takes no value%s\n", long_name(optopt), try_help);
    else {
        size_t n = strcspn(arg + 2, "=");
        if (strncmp(arg, "--", 2) == 0 && prefix_matches(arg + 2, n) > 1)
            fprintf(stderr, "gradlab: option '%.*s' is ambiguous%s\n", (int)n + 2, arg, try_help);
        else
            fprintf(stderr, "gradlab: unknown option '%s'%s\n", arg, try_help);
    }
    return 2;
}

/* one option c (its value in optarg) into a: -1 to go on, else the exit
 * status */
static int take(int c, struct cmdline *a)
{
    switch (c) {
    case 'h': cmdline_usage(stdout); return 0;
    case OPT_VERSION: cmdline_version(stdout); return 0;
    case 'c': a->src[a->nsrc++] = (struct cmdline_source){ optarg, 1 }; return -1;
    case 1: a->src[a->nsrc++] = (struct cmdline_source){ optarg, 0 }; return -1;
    case 'i': a->interactive = 1; return -1;
    case 'n': a->no_init = 1; return -1;
    case OPT_BAIL: a->bail = 1; return -1;
    case OPT_NO_WINDOW: a->no_window = 1; return -1;
    case OPT_FONT: a->font = optarg; return -1;
    case OPT_LESSON: a->lesson = optarg; return -1;
    case OPT_AUTO: a->auto_mode = 1; return -1;
    case OPT_PRESENT: a->present = 1; return -1;
    case OPT_TRUST: a->trust = 1; return -1;
    case OPT_SANDBOX: a->sandbox = 1; return -1;
    default: return 2;
    }
}

int cmdline_parse(int argc, char **argv, struct cmdline *a)
{
    memset(a, 0, sizeof *a);
    a->src = calloc((size_t)argc, sizeof *a->src);
    if (!a->src) {
        fprintf(stderr, "gradlab: out of memory for %d arguments\n", argc);
        return 2;
    }
    opterr = 0;
    optind = 1;
    for (;;) {
        int before = optind;
        int c = getopt_long(argc, argv, shortopts, longopts, NULL);
        if (c == -1)
            break;
        /* the argument the complaint is about: getopt_long has stepped
         * past it, unless it stopped inside a bundle of short options */
        if (c == '?' || c == ':')
            return complain(c, argv, optind > before ? optind - 1 : before);
        int rc = take(c, a);
        if (rc >= 0)
            return rc;
    }
    for (int i = optind; i < argc; i++)     /* after "--" */
        a->src[a->nsrc++] = (struct cmdline_source){ argv[i], 0 };
    if (a->auto_mode && !a->lesson) {
        fprintf(stderr, "gradlab: --auto plays a lesson: give it one with --lesson NAME\n");
        return 2;
    }
    if (a->trust && !a->lesson) {
        fprintf(stderr, "gradlab: --trust vouches for a lesson: give it one with --lesson FILE\n");
        return 2;
    }
    return -1;
}

void cmdline_release(struct cmdline *a)
{
    free(a->src);
    a->src = NULL;
}
