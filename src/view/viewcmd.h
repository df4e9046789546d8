/* viewcmd: the commands of the window (window, view, theme, autoscale,
 * example, snapshot). Pure: they change S->view (scene.h) and call the
 * hooks the front end put there; no SDL here. Their rows are in the
 * command table (src/front/table.c). */
#ifndef GRADLAB_VIEWCMD_H
#define GRADLAB_VIEWCMD_H

#include "session.h"

int cmd_window(struct session *S, int argc, char **argv);
int cmd_view(struct session *S, int argc, char **argv);
int cmd_theme(struct session *S, int argc, char **argv);
int cmd_autoscale(struct session *S, int argc, char **argv);
int cmd_example(struct session *S, int argc, char **argv);
int cmd_snapshot(struct session *S, int argc, char **argv);

/* what the window shows and the lesson's place, as the commands that
 * restore them, one per line: "lesson NAME part=K" first when a lesson
 * plays (a lesson file's path holding no blank, ';' or '#'), then view,
 * theme, autoscale and example (the session's settings hook, session.h) */
void viewcmd_settings(const struct session *S, char *buf, size_t n);

extern const char *const viewcmd_onoff_words[];     /* on, off */
extern const char *const viewcmd_view_words[];      /* jacobian, flow */
extern const char *const viewcmd_theme_words[];     /* dark, light, projector */

/* a command made what view name shows (session_show): the window shows
 * it, unless the user chose a view by hand (v->by_hand) */
struct view_state;
void viewcmd_follow(struct view_state *v, const char *name);

#endif
