/* winload: the window code (gradlab-window.so, render.h), loaded when it is
 * first needed. Not unloaded: it lives until the process ends (its quit
 * entry shuts SDL down). */
#ifndef GRADLAB_WINLOAD_H
#define GRADLAB_WINLOAD_H

#include <stddef.h>
#include "render.h"

/* the --font FILE to hand the window code when it loads (NULL: fontconfig
 * finds DejaVu Sans); 0, or -1 with a message in err when it cannot be read */
int winload_font(const char *font, char *err, size_t errlen);

/* the window code's entry points, loading and starting it the first time;
 * NULL with a message in err when it cannot be loaded */
const struct render_api *winload_api(char *err, size_t errlen);

/* the entry points when the window code is loaded, else NULL */
const struct render_api *winload_loaded(void);

#endif
