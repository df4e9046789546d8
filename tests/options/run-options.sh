#!/bin/sh
# The command line the GNU way (getopt_long): bundled short options, long
# options with "=VALUE" or " VALUE" and unique prefixes, options after the
# files, "--" ending the options; --help and --version in GNU's format,
# the version and the bug address written once (the Makefile); every bad
# command line one line on stderr, nothing on stdout, exit status 2.
# Then the shell completion (assets/completion): bash offers every option
# of --help, the lessons, fonts; zsh's names every option of --help.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

mkvar() { sed -n "s/^$1 *= *//p" "$top/Makefile" | head -1; }
VERSION=$(mkvar VERSION); BUG_URL=$(mkvar BUG_URL); YEAR=$(mkvar RELEASE_DATE | cut -c1-4)
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

# ---- --help and --version ----------------------------------------------
out=$("$GRADLAB" --help); rc=$?
check "--help exit status" "$rc" 0
check "--help begins with the usage" "$(printf '%s\n' "$out" | head -1)" "Usage: gradlab [OPTION]... [FILE]..."
check "--help ends with where to report bugs" "$(printf '%s\n' "$out" | tail -1)" "Report bugs to: <$BUG_URL>"
check "-h is --help" "$("$GRADLAB" -h)" "$out"
check "--he (a unique prefix) is --help" "$("$GRADLAB" --he)" "$out"
out=$("$GRADLAB" --version); rc=$?
check "--version exit status" "$rc" 0
check "--version, GNU's format" "$out" "gradlab $VERSION
Copyright (C) $YEAR the gradlab authors
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law."
check "--help stops there (what follows is not run)" "$("$GRADLAB" --help -c 'logits 1 2' | tail -1)" "Report bugs to: <$BUG_URL>"

# ---- what the options do, in every spelling ------------------------------
want=$("$GRADLAB" -c 'logits 1 2; format json; s' 2>&1)
check "-cCOMMANDS (the value attached)" "$("$GRADLAB" '-clogits 1 2; format json; s' 2>&1)" "$want"
check "-ic COMMANDS (bundled; no terminal: batch)" "$("$GRADLAB" -ic 'logits 1 2; format json; s' 2>&1 </dev/null)" "$want"
check "-nic COMMANDS" "$("$GRADLAB" -nic 'logits 1 2; format json; s' 2>&1 </dev/null)" "$want"
check "-c twice, in order" "$("$GRADLAB" -c 'logits 1 2' -c 'format json; s' 2>&1)" "$want"
printf 'format json\n' >"$tmp/json.gl"
check "-c, FILE, -c: in the order given" "$("$GRADLAB" -c 'logits 1 2' "$tmp/json.gl" -c s 2>&1)" "$want"
printf 'logits 1 2\nnope\nformat json\ns\n' >"$tmp/s.gl"
# (--bail: the error on line 2 stops the script, s is never printed)
out=$("$GRADLAB" "$tmp/s.gl" --bail 2>/dev/null); rc=$?
check "an option after a FILE (--bail)" "$(printf '%s\n' "$out" | grep -c '"name":"s"')/$rc" "0/1"
out=$("$GRADLAB" --ba "$tmp/s.gl" 2>/dev/null); rc=$?
check "--ba, a unique prefix of --bail" "$(printf '%s\n' "$out" | grep -c '"name":"s"')/$rc" "0/1"
out=$("$GRADLAB" "$tmp/s.gl" 2>/dev/null); rc=$?
check "without it the script goes on" "$(printf '%s\n' "$out" | grep -c '"name":"s"')/$rc" "1/1"
for spelling in "--font=$FONT" "--font $FONT" "--fo=$FONT"; do
    # shellcheck disable=SC2086
    out=$("$GRADLAB" $spelling -c "logits 1 2; snapshot $tmp/f.png 160 100" 2>&1 >/dev/null); rc=$?
    check "$spelling" "$out:$rc:$(test -s "$tmp/f.png" && echo png)" ":0:png"
    rm -f "$tmp/f.png"
done
for spelling in "--font=$tmp/no.ttf" "--font $tmp/no.ttf"; do
    # shellcheck disable=SC2086
    out=$("$GRADLAB" $spelling -c 'logits 1 2' 2>&1); rc=$?
    check "$spelling: the value reaches the window" "$out:$rc" "gradlab: --font: cannot open '$tmp/no.ttf': No such file or directory:2"
done
for spelling in "--lesson=softmax" "--lesson softmax" "--less=softmax"; do
    # shellcheck disable=SC2086
    out=$("$GRADLAB" $spelling --auto 2>&1); rc=$?
    case $out:$rc in "== Lesson: Softmax"*:0) ok "$spelling --auto" ;; *) bad "$spelling --auto" "$out:$rc" ;; esac
done

# "--" ends the options: what follows is a FILE, even "-c"
mkdir -p "$tmp/d"
printf 'logits 1 2\nformat json\ns\n' >"$tmp/d/-c"
out=$(cd "$tmp/d" && "$GRADLAB" -- -c 2>&1); rc=$?
check "-- -c runs the file named -c" "$out:$rc" "$want:0"
out=$(cd "$tmp/d" && "$GRADLAB" --bail -- -c --bail 2>&1); rc=$?
check "-- --bail: a FILE named --bail" "$out:$rc" "$want
gradlab: cannot open '--bail': No such file or directory:1"
out=$(printf 'logits 1 2\nformat json\ns\n' | "$GRADLAB" -n -- - 2>&1); rc=$?
check "the FILE '-' is the standard input" "$out:$rc" "$want:0"

# ---- a bad command line: one line, exit status 2 -------------------------
bad_line() { # name, want, args...
    name=$1; wl=$2; shift 2
    out=$("$GRADLAB" "$@" 2>"$tmp/err" </dev/null); rc=$?
    check "$name" "$(cat "$tmp/err"):$rc:$out" "gradlab: $wl:2:"
}
bad_line "an unknown long option" "unknown option '--frobnicate' (try 'gradlab --help')" --frobnicate
bad_line "an unknown long option with a value" "unknown option '--frob=1' (try 'gradlab --help')" --frob=1 -c 'logits 1 2'
bad_line "an unknown short option" "unknown option '-x' (try 'gradlab --help')" -x -c 'logits 1 2'
bad_line "an unknown short option in a bundle" "unknown option '-x' (try 'gradlab --help')" -ixc 'logits 1 2'
bad_line "an ambiguous prefix" "option '--no' is ambiguous (try 'gradlab --help')" --no -c 'logits 1 2'
bad_line "a value where none goes" "option '--bail' takes no value (try 'gradlab --help')" --bail=1 -c 'logits 1 2'
bad_line "--help=x" "option '--help' takes no value (try 'gradlab --help')" --help=x
bad_line "-c with no value" "-c needs COMMANDS (try: gradlab -c 'logits 2 1 0.1')" -c
bad_line "-ic with no value" "-c needs COMMANDS (try: gradlab -c 'logits 2 1 0.1')" -ic
bad_line "--font with no value" "--font needs a FILE (a .ttf font)" --font
bad_line "--lesson with no value" "--lesson needs a NAME or FILE (try: gradlab --lesson softmax)" --lesson
bad_line "--auto without --lesson" "--auto plays a lesson: give it one with --lesson NAME" --auto

# ---- bash completion -----------------------------------------------------
comp="$top/assets/completion/gradlab"
# COMPREPLY for the words given (the last one is being completed)
complete_bash() {
    bash --norc --noprofile -c '
        . "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _gradlab; printf "%s\n" "${COMPREPLY[@]}" | sort' sh "$comp" "$@"
}
helpopts=$("$GRADLAB" --help | grep -o -- '--[a-z][a-z-]*\|^  -[a-z]' | tr -d ' ' | sort -u)
offered=$(complete_bash "$GRADLAB" - | tr -d '=')
missing=$(printf '%s\n' "$helpopts" | while read -r o; do
    printf '%s\n' "$offered" | grep -qx -- "$o" || printf '%s ' "$o"; done)
check "bash: every option of --help is offered" "$missing" ""
check "bash: --no<Tab>" "$(complete_bash "$GRADLAB" --no)" "--no-init
--no-window"
check "bash: --les<Tab> (a value follows)" "$(complete_bash "$GRADLAB" --les)" "--lesson="
check "bash: --lesson <Tab> offers the lessons" "$(complete_bash "$GRADLAB" --lesson 0 | head -3)" "01-softmax
02-jacobian
03-classic-mistake"
check "bash: --lesson=04<Tab>" "$(complete_bash "$GRADLAB" --lesson=04)" "04-cross-entropy"
mkdir -p "$tmp/fonts" && touch "$tmp/fonts/a.ttf" "$tmp/fonts/b.txt"
check "bash: --font <Tab> offers fonts" "$(complete_bash "$GRADLAB" --font "$tmp/fonts/")" "$tmp/fonts/a.ttf"
check "bash: a FILE" "$(complete_bash "$GRADLAB" "$tmp/s.")" "$tmp/s.gl"
check "bash: nothing after -c" "$(complete_bash "$GRADLAB" -c lo)" ""

# ---- zsh completion: every option of --help has a spec -------------------
if ! command -v zsh >/dev/null; then bad "zsh is installed (make deps)"
else
    # _arguments stubbed: it prints its specs, one a line
    specs=$(zsh -f -c '_arguments() { printf "%s\n" "$@"; }; _call_program() { :; }; . "$1"' zsh "$top/assets/completion/_gradlab")
    missing=$(printf '%s\n' "$helpopts" | while read -r o; do
        printf '%s\n' "$specs" | grep -q -- "^\(([^)]*)\)\?\*\?$o[=[]" || printf '%s ' "$o"; done)
    check "zsh: every option of --help has a spec" "$missing" ""
    if zsh -n "$top/assets/completion/_gradlab" 2>"$tmp/err"; then ok "zsh -n _gradlab"; else bad "zsh -n _gradlab" "$(cat "$tmp/err")"; fi
fi

finish
