#!/bin/sh
# The README's sessions are what gradlab prints today. Every fenced block
# of README.md (or of the files given) that holds a line starting
# "gradlab> " is a session: its "gradlab> " lines (with the "    ...> "
# lines that continue a pasted value) are the commands, and everything
# else in the block is what they print. Each block runs in a fresh gradlab
# of its own, in batch mode with no window, and must print exactly the
# block's text: nothing abridged, nothing left out. One difference is
# allowed for, the voice of an error: at the prompt it is "error: MSG", in
# batch mode "gradlab: <stdin>:LINE: MSG". A block right under a line
# "<!-- session: COMMANDS -->" (invisible in the rendered page; the text
# says what they do) runs COMMANDS first, and does not show what they print.
#
# How each command's output is told from the next one's: commands 1..k
# are run, and command k printed what follows the output of 1..k-1 (the
# same commands print the same bytes, from a fixed seed).
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
[ $# -gt 0 ] || set -- "$top/README.md"

# block NUMBER of FILE split into $dir/cmd.K (the commands) and
# $dir/want (the block as written); prints the number of commands
split_block() { # file, block number, dir
    awk -v want="$2" -v dir="$3" '
        BEGIN { printf "" > (dir "/cmd.0") }
        /^```/ { if (inb) { inb = 0; next } inb = 1; n++
                 if (n == want && last ~ /^<!-- session: .* -->$/) {
                     sub(/^<!-- session: /, "", last); sub(/ -->$/, "", last)
                     print last > (dir "/cmd.0") }
                 next }
        !inb { if ($0 != "") last = $0; next }
        n != want { next }
        { print > (dir "/want") }
        /^gradlab> / { k++; f = dir "/cmd." k; printf "%s\n", substr($0, 10) > f; next }
        /^    \.\.\.> / && k { printf "%s\n", substr($0, 10) >> (dir "/cmd." k); next }
        END { print k + 0 }' "$1"
}

# the numbers of the blocks of FILE that hold a session
sessions() {
    awk '/^```/ { if (inb) { inb = 0; if (s) print n; next } inb = 1; n++; s = 0; next }
         inb && /^gradlab> / { s = 1 }' "$1"
}

# what gradlab prints for commands 1..K of dir, errors in the prompt's voice
run_upto() { # dir, K
    : >"$1/in"
    i=0
    while [ "$i" -le "$2" ]; do cat "$1/cmd.$i" >>"$1/in"; i=$((i + 1)); done
    (cd "$1/work" && "$GRADLAB" --no-window <"$1/in" 2>&1) |
        sed 's/^gradlab: <stdin>:[0-9]*: /error: /'
}

for file in "$@"; do
    name=$(basename "$file")
    found=0
    for b in $(sessions "$file"); do
        found=$((found + 1))
        dir=$(mktemp -d "$tmp/block.XXXXXX")
        mkdir "$dir/work"
        n=$(split_block "$file" "$b" "$dir")
        : >"$dir/got"
        run_upto "$dir" 0 >"$dir/prev"
        k=1
        while [ "$k" -le "$n" ]; do
            run_upto "$dir" "$k" >"$dir/out"
            sed -e '1s/^/gradlab> /' -e '2,$s/^/    ...> /' "$dir/cmd.$k" >>"$dir/got"
            tail -c +$(($(wc -c <"$dir/prev") + 1)) "$dir/out" >>"$dir/got"
            mv "$dir/out" "$dir/prev"
            k=$((k + 1))
        done
        first=$(head -1 "$dir/want")
        if cmp -s "$dir/got" "$dir/want"; then
            ok "$name: the session that starts '$first' ($n commands) prints what it shows"
        else
            bad "$name: the session that starts '$first' prints otherwise (- the README, + gradlab)" \
                "$(diff -u "$dir/want" "$dir/got" | tail -n +3)"
        fi
        rm -rf "$dir"
    done
    [ "$found" -gt 0 ] && ok "$name: $found sessions found" || bad "$name: no session found"
done
finish
