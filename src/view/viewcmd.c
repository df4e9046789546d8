/* viewcmd: the window's commands; see viewcmd.h. */
#include "viewcmd.h"

#include <string.h>

#include "args.h"
#include "lesson.h"
#include "print.h"
#include "lesson.h"
#include "scene.h"
#include "svg.h"

const char *const viewcmd_onoff_words[] = { "on", "off", NULL };
const char *const viewcmd_view_words[] = { "jacobian", "flow", "data", "diagnose", "check", "auto", NULL };
const char *const viewcmd_theme_words[] = { "dark", "light", "projector", NULL };

static struct view_state *view_of(struct session *S)
{
    if (!S->view)
        session_error(S, "no window in this build");
    return S->view;
}

static int onoff(struct session *S, const char *cmd, int argc, char **argv, int *out)
{
    if (argc != 2)
        return session_error(S, "usage: %s on|off", cmd);
    if (strcmp(argv[1], "on") == 0)
        *out = 1;
    else if (strcmp(argv[1], "off") == 0)
        *out = 0;
    else
        return session_error(S, "%s: expected on or off, not '%s'", cmd, argv[1]);
    return 0;
}

static int pick(const char *const *words, const char *w)
{
    for (int k = 0; words[k]; k++)
        if (strcmp(words[k], w) == 0)
            return k;
    return -1;
}

int cmd_window(struct session *S, int argc, char **argv)
{
    struct view_state *v = view_of(S);
    if (!v)
        return -1;
    if (argc == 1) {
        if (!print_report(S, "window", "window:b view:s theme:s", v->window_open, view_names[v->view],
                          theme_names[v->theme]))
            fprintf(S->out, "window %s, view %s, theme %s\n", v->window_open ? "on" : "off",
                    view_names[v->view], theme_names[v->theme]);
        return 0;
    }
    int on = 0;
    if (onoff(S, "window", argc, argv, &on))
        return -1;
    if (!v->window)
        return session_error(S, "no window in this build");
    char err[256] = "";
    if (v->window(v->ud, on, err, sizeof err) != 0)
        return session_error(S, "%s", err[0] ? err : "cannot open the window");
    return 0;
}

void viewcmd_follow(struct view_state *v, const char *name)
{
    for (int i = 0; i < VIEW_COUNT && !v->by_hand; i++)
        if (!strcmp(view_names[i], name))
            v->view = (enum view)i;
}

int cmd_view(struct session *S, int argc, char **argv)
{
    struct view_state *v = view_of(S);
    if (!v)
        return -1;
    if (argc != 2)
        return session_error(S, "usage: view jacobian|flow|data|diagnose|check|auto");
    int k = pick(viewcmd_view_words, argv[1]);
    if (k < 0)
        return session_error(S, "unknown view '%s' (jacobian, flow, data, diagnose, check, auto)", argv[1]);
    /* a view chosen by hand stays until `view auto` (a lesson's choice
     * is not the user's: the window goes on following its commands) */
    if (!strcmp(argv[1], "auto")) {
        v->by_hand = 0;
        return 0;
    }
    if (!lesson_playing(S))
        v->by_hand = 1;
    v->view = (enum view)k;
    return 0;
}

int cmd_theme(struct session *S, int argc, char **argv)
{
    struct view_state *v = view_of(S);
    if (!v)
        return -1;
    if (argc != 2)
        return session_error(S, "usage: theme dark|light|projector");
    int k = pick(viewcmd_theme_words, argv[1]);
    if (k < 0)
        return session_error(S, "unknown theme '%s' (dark, light, projector)", argv[1]);
    v->theme = (enum theme)k;
    return 0;
}

int cmd_autoscale(struct session *S, int argc, char **argv)
{
    struct view_state *v = view_of(S);
    int on = 0;
    if (!v || onoff(S, "autoscale", argc, argv, &on))
        return -1;
    v->autoscale = on;
    return 0;
}

int cmd_example(struct session *S, int argc, char **argv)
{
    struct view_state *v = view_of(S);
    if (!v)
        return -1;
    if (argc != 2)
        return session_error(S, "usage: example N");
    if (session_need_net(S) < 0)
        return -1;
    long n;
    if (args_long(argv[1], 0, (long)S->net.n_rows - 1, &n) != 0)
        return session_error(S, "example '%s' out of range: the batch has rows 0..%d", argv[1],
                             S->net.n_rows - 1);
    v->example = (int)n;
    return 0;
}

int cmd_snapshot(struct session *S, int argc, char **argv)
{
    struct view_state *v = view_of(S);
    if (!v)
        return -1;
    /* the last word may say what the mouse rests on */
    const char *hover = NULL;
    if (argc > 2 && strncmp(argv[argc - 1], "hover=", 6) == 0) {
        hover = argv[--argc] + 6;
        if (!hover[0])
            return session_error(S, "snapshot: hover= needs what to hover, as 'z[2]', 'W2[1][0]' or 'point[3]'");
    }
    if (argc != 2 && argc != 4)
        return session_error(S, "usage: snapshot FILE.png|FILE.svg [W H] [hover=NAME]");
    long w = 1280, h = 800;
    if (argc == 4 && (args_long(argv[2], 64, 8192, &w) || args_long(argv[3], 64, 8192, &h)))
        return session_error(S, "snapshot: W and H must be whole numbers in 64..8192");
    size_t len = strlen(argv[1]);
    if ((len < 5 || strcmp(argv[1] + len - 4, ".png") != 0) && !svg_path(argv[1]))
        return session_error(S, "snapshot: the file name must end in .png or .svg");
    if (!v->snapshot)
        return session_error(S, "no window in this build");
    char err[256] = "";
    if (v->snapshot(v->ud, S, argv[1], (int)w, (int)h, hover, err, sizeof err) != 0)
        return session_error(S, "%s", err[0] ? err : "cannot write the snapshot");
    if (!print_report(S, "snapshot", "file:s width:l height:l", argv[1], w, h))
        fprintf(S->out, "saved %s (%ldx%ld)\n", argv[1], w, h);
    return 0;
}

void viewcmd_settings(const struct session *S, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    char name[1024];
    int part;
    if (lesson_where(S, name, sizeof name, &part) && !strpbrk(name, " \t\n;#"))
        len += (size_t)snprintf(buf + len, n - len, "lesson %s part=%d\n", name, part);
    const struct view_state *v = S->view;
    if (!v || len >= n)
        return;
    len += (size_t)snprintf(buf + len, n - len, "view %s\ntheme %s\nautoscale %s\n", view_names[v->view],
                            theme_names[v->theme], v->autoscale ? "on" : "off");
    if (S->has_net && v->example > 0 && v->example < S->net.n_rows && len < n)
        snprintf(buf + len, n - len, "example %d\n", v->example);
}
