#!/bin/sh
# The README's pictures of the mouse, made by `make screenshots`: snapshots
# at 800x600 with the pointer and the tip of what it rests on (snapshot
# FILE W H hover=NAME):
#   touch-1-hover.png   Jacobian view, the mouse on the bar of z[2]: its tip
#   touch-2-drag.png    during a drag along it: z[2] = 1.5 previewed, s and J follow
#   touch-3-after.png   after the release (the terminal echoes z[2] = 1.5)
#   touch-4-edge.png    flow view, the mouse on the edge W2[1][0]: its weight
#   touch-5-hidden.png  flow view, the mouse on hidden unit 1: a1, its formula, z1
#   touch-6-point.png   data view, the mouse on the point a click added
# With --plain, the same frames with no mouse (tests/touch/run-shots.sh
# compares them).
# usage: tests/touch/shots.sh [--plain] OUT_DIR   (GRADLAB: the program, default ./gradlab)
plain=""
[ "$1" = --plain ] && { plain=1; shift; }
out=${1:?usage: shots.sh [--plain] OUT_DIR}
g=${GRADLAB:-./gradlab}
mkdir -p "$out" || exit 1
shot() { # COMMANDS FILE [HOVER]
    h=${3:+ hover=$3}
    [ -n "$plain" ] && h=""
    "$g" --no-window -c "$1; snapshot $out/$2 800 600$h" >/dev/null || exit 1
}
jac='logits 2 1 0.1; view jacobian'
shot "$jac" touch-1-hover.png 'z[2]'
shot "$jac; z[2] = 1.5" touch-2-drag.png 'z[2]'
shot "$jac; z[2] = 1.5" touch-3-after.png
flow='seed 1; net 2 3 2; x = [[0.5, -1.5], [1, 2]]; y = [0, 1]; forward; view flow'
shot "$flow" touch-4-edge.png 'W2[1][0]'
shot "$flow" touch-5-hidden.png 'a1[0][1]'
shot 'seed 0; data moons 200 noise=0.2; net 2 3 2; train 20000 lr=0.005 reg=0.01 every=0; data add 0.5 0.9 1; view data' \
    touch-6-point.png 'point[200]'
