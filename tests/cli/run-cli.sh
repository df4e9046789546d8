#!/bin/sh
# Transcript tests: each tests/cli/NAME.in runs in batch mode
# (gradlab < NAME.in, stdout and stderr together, in a fresh directory that
# holds a copy of tests/cli/data) and must print exactly NAME.out, whose last
# line is "[exit STATUS]". UPDATE=1 rewrites the .out files (then review the diff).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
for in in "$here"/*.in; do
    name=$(basename "$in" .in)
    dir=$(mktemp -d "$tmp/$name.XXXXXX")
    [ -d "$here/data" ] && cp -r "$here/data" "$dir/"
    got=$(cd "$dir" && HOME="$dir" XDG_STATE_HOME="$dir/state" "$GRADLAB" <"$in" 2>&1; echo "[exit $?]")
    rm -rf "$dir"
    if [ -n "$UPDATE" ]; then printf '%s\n' "$got" >"$here/$name.out"; fi
    if [ -f "$here/$name.out" ] && [ "$got" = "$(cat "$here/$name.out")" ]; then
        ok "cli/$name"
    else
        bad "cli/$name" "$(printf '%s\n' "$got" | diff -u "$here/$name.out" - | head -40)"
    fi
done
finish
