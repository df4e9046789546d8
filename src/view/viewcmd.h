/* viewcmd: the commands of the window (window, view, theme, autoscale,
 * example, snapshot). Pure: they change S->view (scene.h) and call the
 * hooks the front end put there; no SDL here. Their rows for the ONE
 * command table in command.c are VIEW_COMMAND_ROWS. */
#ifndef GRADLAB_VIEWCMD_H
#define GRADLAB_VIEWCMD_H

#include "session.h"

int cmd_window(struct session *S, int argc, char **argv);
int cmd_view(struct session *S, int argc, char **argv);
int cmd_theme(struct session *S, int argc, char **argv);
int cmd_autoscale(struct session *S, int argc, char **argv);
int cmd_example(struct session *S, int argc, char **argv);
int cmd_snapshot(struct session *S, int argc, char **argv);

extern const char *const viewcmd_onoff_words[];     /* on, off */
extern const char *const viewcmd_view_words[];      /* jacobian, flow */
extern const char *const viewcmd_theme_words[];     /* dark, light, projector */

/* rows for `const struct command commands[]` (command.h), in its field order:
 * name, usage, summary, help, example, run, complete, words */
#define VIEW_COMMAND_ROWS \
    { "window", "window [on|off]", "open or close the window (no argument: its state)", \
      "The window draws what you compute and follows every command. Closing it never " \
      "ends gradlab; `window on` brings it back. Needs a display (DISPLAY or " \
      "WAYLAND_DISPLAY); `snapshot` works without one.", \
      "window on", cmd_window, COMPLETE_WORDS, viewcmd_onoff_words }, \
    { "view", "view jacobian|flow|data", "choose what the window shows", \
      "jacobian: the heatmap of J = diag(s) - s s^T of the logits, with z and s as bars. " \
      "flow: the network, its values, and the deltas flowing backward as you step. " \
      "data: the data set, the decision boundary of the net and the loss curve, " \
      "live while `train` runs. Tab in the window switches too.", \
      "view flow", cmd_view, COMPLETE_WORDS, viewcmd_view_words }, \
    { "theme", "theme dark|light|projector", "colours of the window", \
      "dark for a dim room, light for paper, projector: black, white and yellow with " \
      "larger text. `t` in the window cycles.", \
      "theme projector", cmd_theme, COMPLETE_WORDS, viewcmd_theme_words }, \
    { "autoscale", "autoscale on|off", "Jacobian colour scale: max |J| or the fixed 0.25", \
      "Every entry of a softmax Jacobian lies in [-1/4, 1/4], so the heatmap uses a fixed " \
      "+-0.25 scale that keeps pictures comparable; autoscale stretches it to the largest |J|.", \
      "autoscale on", cmd_autoscale, COMPLETE_WORDS, viewcmd_onoff_words }, \
    { "example", "example N", "which row of the batch the flow view shows", \
      "Rows count from 0. PageUp and PageDown in the window move through them.", \
      "example 0", cmd_example, COMPLETE_NONE, NULL }, \
    { "snapshot", "snapshot FILE.png [W H]", "save the current view as a PNG (no display needed)", \
      "Renders the view with a software renderer at W x H pixels (default 1280 x 800), " \
      "with no mouse and no overlay. `s` in the window saves one with a time stamp.", \
      "snapshot jacobian.png 1920 1080", cmd_snapshot, COMPLETE_FILE, NULL }

#endif
