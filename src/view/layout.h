/* layout: the checks of a built scene that the layout tests make, from
 * the scene's items alone: every text at least the smallest size the
 * theme allows, inside the frame and inside its panel, no two texts of
 * one layer over each other, none painted over by a rectangle or disc
 * drawn after it, and none anchored in a cell-sized frame crossing it. Text boxes are measured as the renderer
 * places them (scene.measure: the real font; else the estimate).
 * Pure: no SDL. Nothing here allocates. */
#ifndef GRADLAB_LAYOUT_H
#define GRADLAB_LAYOUT_H

#include <stddef.h>
#include "items.h"

#define LAYOUT_MSGS 6

struct layout_report {
    int texts;              /* texts checked */
    int problems;           /* problems found */
    char msg[LAYOUT_MSGS][300];     /* the first of them, said in words */
};

/* check sc against the smallest text min_text (scene_min_text); the
 * report in r; returns r->problems */
int layout_check(const struct scene *sc, int min_text, struct layout_report *r);

#endif
