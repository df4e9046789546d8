#!/bin/sh
# make bench's own start-up harness (build/bench startup): it times a real
# gradlab from exec to its first prompt on a pseudo-terminal, with and
# without a display, and fails rather than print a time when no prompt
# comes; and build/bench mlp ROWS HIDDEN, the cost-growth rows' work. No time is judged here (speed is make bench's), only that the
# figure is one of a prompt seen.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
bench="$B/bench"
if [ ! -x "$bench" ]; then
    bad "$bench is built (make test builds it)"
    finish
fi
positive() { # NAME TEXT: TEXT is one number above 0
    if echo "$2" | grep -Eqx '[0-9]+\.[0-9]{9}' && echo "$2" | awk '{ exit !($1 > 0) }'; then
        ok "$1"
    else
        bad "$1" "$2"
    fi
}
export GRADLAB_HISTORY=/dev/null TERM=xterm

got=$("$bench" startup "$GRADLAB" 3 2>&1); rc=$?
check "a gradlab started three times: exit status" "$rc" 0
positive "a gradlab started three times: the best time to its prompt" "$got"

# a program that ends without a prompt: an error, no time
got=$("$bench" startup /bin/true 2 2>&1); rc=$?
check "a program with no prompt: exit status" "$rc" 1
check "a program with no prompt: the message" "$got" 'bench: /bin/true: no "gradlab>" prompt (it ended, or 5 s passed)'

# a prompt written in two pieces is still seen (read on until the word is whole)
cat >"$tmp/split.sh" <<'EOS'
#!/bin/sh
printf 'welcome\ngrad'; sleep 0.2; printf 'lab> '; sleep 5
EOS
chmod +x "$tmp/split.sh"
got=$("$bench" startup "$tmp/split.sh" 1 2>&1); rc=$?
check "a prompt in two writes: exit status" "$rc" 0
positive "a prompt in two writes: a time" "$got"

# the cost-growth rows' network of another shape: a time; a shape out of
# range: said, no time
got=$("$bench" mlp 8 4 2>&1); rc=$?
check "bench mlp 8 4 (784-4-10 on 8 rows): exit status" "$rc" 0
positive "bench mlp 8 4: a time" "$got"
got=$("$bench" mlp 0 128 2>&1); rc=$?
check "bench mlp 0 128: refused" "$rc $got" "2 bench: mlp: ROWS must be 1 to 100000 and HIDDEN 1 to 4096"

# with a display: the prompt comes (the window opens after it), each start
# left 0.3 s before it is stopped
if command -v Xvfb >/dev/null 2>&1 && xvfb_start; then
    got=$("$bench" startup "$GRADLAB" 1 300 2>&1); rc=$?
    check "with a display: exit status" "$rc" 0
    positive "with a display: a time to the prompt" "$got"
else
    echo "skipped: the display check needs Xvfb"
fi
finish
