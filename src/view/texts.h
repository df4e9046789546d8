/* texts: the words and numbers the window draws, as plain text. The
 * lesson checker reads them (session.h's fe.drawn): a question must not
 * give its answer away by drawing it. Pure: no SDL. */
#ifndef GRADLAB_TEXTS_H
#define GRADLAB_TEXTS_H

#include <stddef.h>

struct session;
struct view_state;

/* The texts of the view v shows for S, the lesson's band left out, one
 * per line, into buf (n bytes; cut when full): the scene built as the
 * window would at 1280 x 800, and as a projector shows it (presenter
 * mode, 1920 x 1080), both without the mouse, the help or an animation.
 * A number the picture gives as marks to count (the ringed points of the
 * data view) is there too, as a line "N points ringed (...)". */
void scene_texts(const struct session *S, const struct view_state *v, char *buf, size_t n);

#endif
