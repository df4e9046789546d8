/* table: the ONE table of gradlab's commands, in the order `help` lists
 * them. Its rows name the handlers of every family (the network's, the
 * lesson's, the window's...), so it sits on top of every layer; command.c
 * (lang) dispatches, helps and completes through its declaration in
 * command.h. It includes the pure layers only: the Makefile compiles it
 * without SDL or readline flags, and links it into gradlab, the unit
 * tests and the fuzz harnesses. */
#include "cmd_io.h"
#include "cmd_lab.h"
#include "cmd_net.h"
#include "cmd_script.h"
#include "cmd_train.h"
#include "command.h"
#include "lesson.h"
#include "catalogue.h"
#include "diagnose.h"
#include "undo.h"
#include "sessfile.h"
#include "mistake.h"
#include "points.h"
#include "record.h"
#include "viewcmd.h"

static const char *const jacobian_words[] = { "check", NULL };
static const char *const data_words[] = { "moons", "circles", "spiral", "xor", "load", "save", "add", "move",
                                          "del", NULL };
static const char *const act_words[] = { "act=tanh", "act=sigmoid", "act=relu", NULL };
static const char *const format_words[] = { "pretty", "json", "csv", "latex", NULL };
static const char *const reduce_words[] = { "sum", "mean", NULL };
static const char *const session_words[] = { "save", "load", "share", "open", NULL };

const struct command commands[] = {
    { "logits", "logits Z0 Z1 ...", "set a logit vector z; show z and s = softmax(z)",
      "Also written z = [2, 1, 0.1]. A logit may be -inf (probability 0). Up to 4096 logits.",
      "logits 2 1 0.1", cmd_logits, COMPLETE_NUMBERS, NULL },
    { "jacobian", "jacobian [check]", "show J = diag(s) − s sᵀ; 'check' compares it with central differences",
      "J[i][j] = ∂s_i/∂z_j = s_i·(δ_ij − s_j). 'jacobian check' also compares J·g with the vector "
      "form s ⊙ (g − g·s).", "jacobian check", cmd_jacobian, COMPLETE_WORDS, jacobian_words },
    { "net", "net INPUTS HIDDEN CLASSES [act=tanh|sigmoid|relu] [init=SCALE]", "build a 3-layer network",
      "W1 = randn(D, H)/√D and W2 = randn(H, K)/√H from the seed (numpy's legacy generator, so "
      "'seed 0' then 'net 2 3 2' gives the classic tutorial's weights), zero biases, reg = 0, "
      "reduce sum. init=0.01 draws W1 = 0.01·randn(D, H), W2 = 0.01·randn(H, K) instead (cs231n's "
      "case study). Sizes up to 4096.",
      "net 2 3 2", cmd_net, COMPLETE_WORDS, act_words },
    { "seed", "seed N", "set the seed all randomness derives from (0 to 4294967295)", NULL,
      "seed 0", cmd_seed, COMPLETE_NONE, NULL },
    { "step", "step", "compute the next stage: z1 a1 z2 a2 loss delta3 dW2 db2 delta2 dW1 db1", NULL,
      "step", cmd_step, COMPLETE_NONE, NULL },
    { "back", "back", "go back one stage (in a lesson: back to its previous part)", NULL, "back", cmd_back,
      COMPLETE_NONE, NULL },
    { "forward", "forward", "run the forward pass to the loss", NULL, "forward", cmd_forward, COMPLETE_NONE, NULL },
    { "backward", "backward", "run the backward pass to db1 (the forward pass first if needed)", NULL,
      "backward", cmd_backward, COMPLETE_NONE, NULL },
    { "reset", "reset", "go back to the start: nothing computed", NULL, "reset", cmd_reset, COMPLETE_NONE, NULL },
    { "show", "show NAME [NAME...]", "print named values (a bare NAME does the same)",
      "Names: z s J x y W1 b1 z1 a1 W2 b2 z2 a2 loss delta3 dW2 db2 delta2 dW1 db1 reg.",
      "show W1 b1", cmd_show, COMPLETE_NAME, NULL },
    { "explain", "explain NAME | NAME[i,j]", "the formula of a value, with the current numbers put in",
      "explain J[0][1] gives J[0][1] = s0·(0 − s1) with the numbers; explain delta2 gives "
      "delta3·W2ᵀ ⊙ (1 − a1²) (for a tanh net) with its values.", "explain J[0][1]", cmd_explain, COMPLETE_NAME, NULL },
    { "gradcheck", "gradcheck", "compare every gradient with central differences of the summed loss",
      "Ctrl-C stops a long check.", "gradcheck", cmd_gradcheck, COMPLETE_NONE, NULL },
    { "update", "update [lr=0.01]", "one step of gradient descent on W1, b1, W2, b2, as one pass of train",
      "reduce sum: W −= lr·dW with the gradients backward shows (of the summed loss). reduce mean: "
      "W −= lr·(the data part of dW / N + reg·W), the mean loss's gradient (help reduce).",
      "update lr=0.5", cmd_update, COMPLETE_NONE, NULL },
    { "save", "save NAME FILE.csv|FILE.npy", "write a value to a CSV or .npy file (numbers that read back exactly)",
      "By the name's ending: .npy is numpy's format (float64, as np.save writes it: a scalar has shape (), "
      "a vector (z, s, b1...) shape (n,), a matrix (rows, cols)); anything else is CSV, every number the "
      "shortest that reads back. The file is written whole or not at all.",
      "save J j.npy", cmd_save, COMPLETE_NAME, NULL },
    { "load", "load NAME FILE.csv|FILE.npy [index=keep]",
      "read a value from a CSV or .npy file (x, y, W1, b1, W2, b2, z, reg)",
      "CSV as numpy, pandas and spreadsheets write it: commas, semicolons, tabs or blanks (np.savetxt's "
      "default), numbers in quotes, # comments, a header line, CRLF, a UTF-8 BOM. pandas' index (a first "
      "column 0..N-1 under an empty header field) is left out, and said; index=keep keeps it. A .npy file "
      "(np.save) holds a 0-d, 1-d or 2-d array of float64, float32, float16, int8..int64, uint8..uint64 or "
      "bool, either byte order, C or Fortran order, version 1.0, 2.0 or 3.0; a 1-d array is a row. Other "
      ".npy files (objects, text, structured or complex dtypes, more dimensions, .npz) are refused. "
      "Numbers must be finite (z may hold -inf).", "load W1 w1.npy", cmd_load,
      COMPLETE_NAME, NULL },
    { "data", "data moons|circles|spiral|xor [N] [noise=F] [seed=S] | data load|save FILE.csv|FILE.npy [index=keep] | "
      "data = [[...]] | data add|move|del ...",
      "make, load or edit a data set (features..., label per row); the network trains on it",
      "moons and circles are scikit-learn's make_moons/make_circles with numpy's legacy generator: "
      "'seed 0' then 'data moons 200 noise=0.2' gives the tutorial's points. spiral K: K arms (cs231n). "
      "xor: the 4 corners, or N random points. load and save: one row per point, the features then the "
      "class label (0, 1, ...), in CSV (the dialects of 'help load') or a 2-d .npy array "
      "(np.column_stack([X, y]) writes one). "
      "'data' alone summarises. Point by point: "
      "'data = [[x0, x1, label], ...] [name=NAME]' sets them all, 'data add X0 X1 CLASS' adds one, "
      "'data move I X0 X1' moves point I, 'data del I' removes it (what clicks in the data view do); "
      "when x and y are the data set, they follow.",
      "data moons 200 noise=0.2", cmd_points, COMPLETE_WORDS, data_words },
    { "train", "train PASSES [lr=0.01] [reg=R] [every=1000] [reduce=sum|mean]",
      "full-batch gradient descent; prints 'loss after iteration I: L' every 'every' passes",
      "Pass I (from 0) is forward, backward and W −= lr·dW; L is the loss after it. reduce=sum "
      "(the tutorial's; a new net's) descends Σ_n CE_n + reg/2·(‖W1‖² + ‖W2‖²) (dW1 = xᵀ·delta2 + "
      "reg·W1, and so on) and prints it divided by N. reduce=mean (cs231n's, PyTorch's) descends and prints "
      "(1/N)·Σ_n CE_n + reg/2·(‖W1‖² + ‖W2‖²) (dW1 = xᵀ·delta2/N + reg·W1: the L2 part is not divided). "
      "CE_n is row n's cross-entropy; biases are not regularised. reg= and reduce= stay set for the "
      "next train, update and loss (see 'help reduce'). Ctrl-C stops early and keeps what was learned. "
      "A run whose last passes alternate between two losses (a 2-cycle: each step jumps across a valley "
      "of the loss and the next jumps back) says so after its last loss.",
      "train 20000 lr=0.01 reg=0.01 every=1000", cmd_train, COMPLETE_NONE, NULL },
    { "reduce", "reduce [sum|mean]", "which loss train and update descend and loss shows",
      "sum (the default of a new net; the classic tutorial): descend L = Σ_n CE_n + reg/2·(‖W1‖² + "
      "‖W2‖²), show L/N. mean (cs231n, PyTorch): descend and show (1/N)·Σ_n CE_n + reg/2·(‖W1‖² + "
      "‖W2‖²). With reg = 0 the two show the same loss. The gradients dW1, db1, dW2, db2 that step "
      "and backward show, and gradcheck checks, are always those of L.",
      "reduce mean", cmd_reduce, COMPLETE_WORDS, reduce_words },
    { "accuracy", "accuracy", "the fraction of rows of x whose most likely class is y's", NULL,
      "accuracy", cmd_accuracy, COMPLETE_NONE, NULL },
    { "predict", "predict X0 X1 ... | predict [[...], ...]", "the network's probabilities for new inputs",
      "Does not change x, y or the stage.", "predict 0.5 -1.2", cmd_predict, COMPLETE_NUMBERS, NULL },
    { "window", "window [on|off]", "open or close the window (no argument: its state)",
      "The window draws what you compute and follows every command. Closing it never "
      "ends gradlab; `window on` brings it back. Needs a display (DISPLAY or "
      "WAYLAND_DISPLAY); `snapshot` works without one.",
      "window on", cmd_window, COMPLETE_WORDS, viewcmd_onoff_words },
    { "view", "view jacobian|flow|data|diagnose|check|auto", "choose what the window shows",
      "jacobian: the heatmap of J = diag(s) - s s^T of the logits, with z and s as bars. "
      "flow: the network, its values, and the deltas flowing backward as you step. "
      "data: the data set, the decision boundary of the net and the loss curve, "
      "live while `train` runs. diagnose: your values of the last 'diagnose' beside the right ones, "
      "on one colour scale, the entries that differ framed, the mistake's name below (diagnose "
      "shows it). check: the last check: J beside J by central differences and their difference "
      "(jacobian check), each parameter's relative error against the threshold (gradcheck), a "
      "mistake beside the right value (mistake). The window follows the work (logits: jacobian, "
      "step: flow, train: data, checks: check) until a view is chosen by hand, here or with Tab; "
      "auto: follow again.",
      "view flow", cmd_view, COMPLETE_WORDS, viewcmd_view_words },
    { "theme", "theme dark|light|projector", "colours of the window",
      "dark for a dim room, light for paper, projector: black, white and yellow with "
      "larger text. `t` in the window cycles.",
      "theme projector", cmd_theme, COMPLETE_WORDS, viewcmd_theme_words },
    { "autoscale", "autoscale on|off", "Jacobian colour scale: max |J| or the fixed 0.25",
      "Every entry of a softmax Jacobian lies in [-1/4, 1/4], so the heatmap uses a fixed "
      "+-0.25 scale that keeps pictures comparable; autoscale stretches it to the largest |J|.",
      "autoscale on", cmd_autoscale, COMPLETE_WORDS, viewcmd_onoff_words },
    { "example", "example N", "which row of the batch the flow view shows",
      "Rows count from 0. PageUp and PageDown in the window move through them.",
      "example 0", cmd_example, COMPLETE_NONE, NULL },
    { "snapshot", "snapshot FILE.png|FILE.svg [W H] [hover=NAME]", "save the current view as a PNG or SVG (no display needed)",
      "Renders the view with a software renderer at W x H pixels (default 1280 x 800), "
      "with no mouse and no overlay; hover=NAME draws the mouse resting on NAME with the box that "
      "explains it: an entry the mouse can take (z[2], W2[1][0], x[0][1], a hidden unit's a1[0][1]) "
      "or a data point, point[I]. FILE.svg writes the same frame as SVG, for slides at any size: "
      "shapes as shapes, text as text (DejaVu Sans), an image as an embedded PNG; it needs no window "
      "library. `s` in the window saves a PNG with a time stamp.",
      "snapshot jacobian.png 1920 1080", cmd_snapshot, COMPLETE_FILE, NULL },
    { "undo", "undo", "take back the last change of the values (Ctrl-Z in the window)",
      "A change is what a command did to the values: the seed, the logits, the network (its shape, "
      "settings, stage, parameters, x and y), the data set and the loss curve; a command that changed "
      "none of them is not one, and neither are view, theme and the lesson's place. The last 200 changes "
      "are kept, within 64 MiB.", "undo", cmd_undo, COMPLETE_NONE, NULL },
    { "redo", "redo", "make the change undo took back again (Ctrl-Shift-Z in the window)",
      "A new change after undo drops what redo could have made again.", "redo", cmd_redo, COMPLETE_NONE, NULL },
    { "session", "session [save [FILE.gl] | load FILE.gl | share | open LINE]",
      "save the whole session to a file, load one, or share it as one line",
      "save writes a script a person can read that rebuilds the session bit for bit: the lesson and "
      "its part, the seed, the data set, the network and every parameter (the shortest decimal that "
      "reads back as the same double), x and y, the stage, the loss curve, the logits, the view, "
      "theme and example. load restores it (only the commands a session file holds; nothing changes "
      "when a line fails); 'gradlab FILE.gl' does too. share prints the session as one URL-safe line "
      "of at most 16384 characters (the data set's generator when it still gives the same points); "
      "open restores such a line: numbers and view settings only, never a file.",
      "session save lab.gl", cmd_session, COMPLETE_WORDS, session_words },
    { "status", "status", "what is set: logits, network, stage, settings", NULL, "status", cmd_status,
      COMPLETE_NONE, NULL },
    { "format", "format pretty|json|csv|latex", "how values print",
      "json prints one line per value: {\"name\":\"J\",\"shape\":[3,3],\"data\":[...]}, every "
      "number the shortest that reads back exactly (Python's repr without a final .0); NaN and "
      "the infinities as the strings \"NaN\", \"Infinity\", \"-Infinity\" (JSON has no number for them). "
      "Every other line is JSON too: a check or summary {\"report\":\"COMMAND\",...}, a sentence "
      "{\"text\":\"...\"}; only help and the lessons stay text.",
      "format json", cmd_format, COMPLETE_WORDS, format_words },
    { "precision", "precision N", "significant digits in pretty and latex output (1 to 17)",
      "csv and json always write every number in the shortest form that reads back exactly.",
      "precision 6", cmd_precision, COMPLETE_NONE, NULL },
    { "help", "help [COMMAND|NAME]", "list the commands, or explain one", NULL, "help explain", cmd_help,
      COMPLETE_COMMAND, NULL },
    { "mistake", "mistake NAME [g=[...]]", "a known wrong derivative beside the right one",
      "Shows one mistake of the catalogue that 'diagnose' searches: its wrong formula, the right one, "
      "the line of numpy to change, and both values checked against an independent reference "
      "(central differences). logits = the question's backward pass exactly: "
      "'for i: for j: if i == j: gradient[i] = s_i*(1-z_i); gradient[i] = -s_i*z_j', step by step, "
      "beside J and J^T g (g=[...] chooses the upstream gradient; by default the cross-entropy's for "
      "class 0); what it returns is gradient[i] = -s_i*z_(n-1). Also: z-for-s z-only diagonal naive "
      "sign transposed gate gate-z1 gate-tanh gate-sigmoid gate-relu dW2-transposed db-first-row "
      "batch batch-data reg reg-double reg-bias dW1-from-a1. The results are the values wrong, right, "
      "err_wrong and err_right.",
      "mistake logits", cmd_mistake, COMPLETE_WORDS, catalogue_names },
    { "diagnose", "diagnose NAME = VALUE | diagnose NAME FILE.csv|FILE.npy | diagnose dz g=[...] = VALUE",
      "judge a derivative you computed, and name the known mistake it is",
      "NAME is J, dz (the gradient with respect to z for the upstream gradient g = dL/ds), s, delta3, "
      "dW2, db2, delta2, dW1 or db1. VALUE is a literal, or what numpy or PyTorch printed (array(...), "
      "tensor(...), np.float64(...)), pasted across several lines if need be, or a file: CSV, or "
      "what np.save wrote (.npy). It says the largest "
      "error and the worst entry, and the verdict: right within 1e-9 relative (or to the digits "
      "given). When it is wrong, it searches the catalogue of mistakes ('help mistake') and names the "
      "one that matches within 1e-6, with the wrong formula, the right one and the line of code to "
      "change; when none matches, the closest, a constant factor if there is one, and the first "
      "entries that differ. The values yours and diag_err hold the result.",
      "diagnose dW2 = [[0.1, -0.1], [0.2, -0.2], [0.3, -0.3]]", cmd_diagnose, COMPLETE_NAME, NULL },
    { "lesson", "lesson [NAME]", "list the lessons, or start one",
      "Lessons walk you through the maths with the numbers on screen: narration, commands, "
      "questions, checks. 'next' (or Enter) goes on, 'back' and 'again' replay, 'quit' leaves the "
      "lesson; your progress is kept in $XDG_STATE_HOME/gradlab/lessons. The format is in "
      "lessons/README.md.",
      "lesson softmax", cmd_lesson, COMPLETE_LESSON, NULL },
    { "next", "next", "go on in the lesson (Enter on an empty line, Space in the window)", NULL, "next",
      cmd_next, COMPLETE_NONE, NULL },
    { "again", "again", "play the lesson's current part again", NULL, "again", cmd_again, COMPLETE_NONE,
      NULL },
    { "answer", "answer NUMBER", "answer the lesson's question (a bare number does too)", NULL, "answer 0.659",
      cmd_answer, COMPLETE_NONE, NULL },
    { "trust", "trust", "trust the lesson being played: lift its confinement and budgets",
      "A lesson that was not installed with gradlab plays confined: its commands may only open files "
      "in its own folder and in its scratch folder ($XDG_STATE_HOME/gradlab/scratch/NAME), and each "
      "part has a budget of work and output. 'trust' (or gradlab --trust --lesson FILE) lifts that "
      "for a lesson you vouch for. A lesson or a sandboxed script cannot run it.",
      "trust", cmd_trust, COMPLETE_NONE, NULL },
    { "record", "record FILE.md | record off", "write the session (commands and outputs) as Markdown",
      "Every line you type from now on, and what it printed, goes into FILE.md as a code block: a "
      "hand-out. Each block is added as its line ends, so the file is complete whenever you stop; "
      "it stops at 16 MiB (and says so).",
      "record session.md", cmd_record, COMPLETE_FILE, NULL },
    { "source", "source FILE", "run the commands of a script file, as 'gradlab FILE' would",
      "Each line runs as if typed; an error is reported as FILE:LINE and the lines after it still "
      "run (with --bail they stop). The file is opened under the rules of the one 'load' opens. When "
      "the REPL starts on its own (no -c, no FILE), gradlab runs "
      "$XDG_CONFIG_HOME/gradlab/init (~/.config/gradlab/init) the same way, unless -n is given.",
      "source setup.gl", cmd_source, COMPLETE_FILE, NULL },
    { "history", "history [N]", "show the REPL's history (the last N lines)",
      "The lines typed at the prompt, this session's after the earlier ones (kept in "
      "$XDG_STATE_HOME/gradlab/history, or $GRADLAB_HISTORY), numbered. Scripts and -c have none.",
      "history 20", cmd_history, COMPLETE_NONE, NULL },
    { "quit", "quit", "leave gradlab (Ctrl-D too); in a lesson: leave the lesson",
      "At a prompt, when the session file ('session save') has changes not saved yet, the first quit "
      "says so and a second one leaves; quit! leaves at once.", "quit", cmd_quit,
      COMPLETE_NONE, NULL },
    { "quit!", "quit!", "leave gradlab now, without asking about unsaved changes", NULL, "quit!", cmd_quit_now,
      COMPLETE_NONE, NULL },
};
const int n_commands = sizeof commands / sizeof *commands;

