#!/bin/sh
# Lint: the architecture rules of the source tree (issue 12, "Done when"),
# checked on src/ with comments left out:
#   file-length      no file over 800 lines (src/kernels/ excepted)
#   function-length  no function over 100 lines, from its { to its }: a
#                    body opens with a line "{" after the signature, or a
#                    signature line at column 0 ending ") {", and closes at
#                    the next "}" at column 0
#   include-up       no #include "x.h" points up the layers
#                    kernels -> core -> lang -> lesson -> view -> front
#                    (x.h belongs to the folder that holds it)
#   include-cycle    the modules (x.c with x.h) and their includes form no
#                    circle
#   render-session   the renderer (src/front/render.c) includes session.h
#                    neither itself nor through the headers it includes
#   stage-list       the stage names as a list ("delta3", "dW2", "db2"...)
#                    are spelled in one file, the stage table
#   stage-name       no other file spells a stage name as a string
#   stage-formula    no other file spells a stage formula ("dW2 = ...")
#   file-open        no file below the front ends opens, creates, renames or
#                    removes a file itself: core/files.c does, under the
#                    policy of whoever runs the command (a lesson's
#                    confinement), so no command can forget it
# Known offenders are in tests/lint/allow.txt, one a line:
#   RULE KEY REASON...
# (the KEY as this suite prints it); they are printed as "allowed" and do
# not fail. An entry that matches no offender any more is printed as
# "stale" (remove it). LINT_SRC checks another tree (to show that a rule
# fails), LINT_ALLOW another list.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
SRC=${LINT_SRC:-$top/src}
ALLOW=${LINT_ALLOW:-$here/allow.txt}
TABLE=core/stages.c                   # the one place of the stage names
LAYERS="kernels core lang lesson view front"
STAGES="z1 a1 z2 a2 loss delta3 dW2 db2 delta2 dW1 db1"
[ -d "$SRC" ] || { bad "no source tree at $SRC"; finish; }
[ -f "$ALLOW" ] || { : >"$tmp/allow.empty"; ALLOW="$tmp/allow.empty"; }
cd "$SRC" || exit 1

# every source file, as DIR/NAME relative to src/, and its text without
# comments (strings kept, lines kept) in $tmp/code/DIR/NAME
files=$(find . -name '*.[ch]' | sed 's|^\./||' | sort)
for f in $files; do
    mkdir -p "$tmp/code/$(dirname "$f")"
    awk '
    { s = $0; out = ""; n = length(s); i = 1
      while (i <= n) {
          c = substr(s, i, 1); two = substr(s, i, 2)
          if (incom) { if (two == "*/") { incom = 0; out = out "  "; i += 2 } else { out = out " "; i++ }; continue }
          if (instr) { out = out c
                       if (c == "\\") { out = out substr(s, i + 1, 1); i += 2; continue }
                       if (c == q) instr = 0
                       i++; continue }
          if (c == "\"" || c == "\047") { instr = 1; q = c; out = out c; i++; continue }
          if (two == "/*") { incom = 1; out = out "  "; i += 2; continue }
          if (two == "//") break
          out = out c; i++
      }
      instr = 0; print out }' "$f" >"$tmp/code/$f"
done
code() { cat "$tmp/code/$1"; }

# judge RULE TITLE: the offenders in $tmp/off (KEY, a tab, the detail)
# against the allowlist; one check per rule
judge() {
    rule=$1; title=$2
    sort -u "$tmp/off" >"$tmp/off.s" 2>/dev/null
    awk -v r="$rule" '$1 == r { k = $2; $1 = ""; $2 = ""; sub(/^ +/, ""); print k "\t" $0 }' "$ALLOW" >"$tmp/allow.r"
    new=""; nallowed=0
    while IFS='	' read -r key detail; do
        [ -n "$key" ] || continue
        if awk -F'\t' -v k="$key" '$1 == k { f = 1 } END { exit !f }' "$tmp/allow.r"; then
            reason=$(awk -F'\t' -v k="$key" '$1 == k { print $2; exit }' "$tmp/allow.r")
            echo "     allowed $rule $key: $detail ($reason)"; nallowed=$((nallowed + 1))
        else
            new="$new$key: $detail
"
        fi
    done <"$tmp/off.s"
    while IFS='	' read -r key reason; do
        cut -f1 "$tmp/off.s" | grep -qxF -- "$key" ||
            echo "     stale   $rule $key: no longer an offender (remove it from tests/lint/allow.txt)"
    done <"$tmp/allow.r"
    if [ -z "$new" ]; then ok "$title ($nallowed allowed)"; else bad "$title" "$(printf '%s' "$new")"; fi
    : >"$tmp/off"
}
: >"$tmp/off"

# ---- file-length ----------------------------------------------------------
for f in $files; do
    case $f in kernels/*) continue ;; esac
    n=$(wc -l <"$f")
    [ "$n" -gt 800 ] && printf 'src/%s\t%s lines\n' "$f" "$n" >>"$tmp/off"
done
judge file-length "no file over 800 lines in src/ (src/kernels/ excepted)"

# ---- function-length ------------------------------------------------------
for f in $files; do
    code "$f" | awk -v file="src/$f" '
    function name_of(s,   w, n, i) {
        sub(/\(.*/, "", s); n = split(s, w, /[^A-Za-z0-9_]+/)
        for (i = n; i > 0; i--) if (w[i] != "") return w[i]
        return "?"
    }
    { line[NR] = $0 }
    !inside && /^\{[ \t]*$/ {
        for (k = NR - 1; k > 0 && line[k] !~ /^[A-Za-z_]/; k--) ;
        sig = ""; for (j = k; j < NR; j++) sig = sig " " line[j]
        if (k > 0 && sig ~ /\(/ && sig !~ /=/) { inside = 1; at = k; from = NR; name = name_of(line[k]) }
        next
    }
    !inside && /^[A-Za-z_].*\)[ \t]*\{[ \t]*$/ && !/=/ { inside = 1; at = NR; from = NR; name = name_of($0); next }
    inside && /^\}/ {
        inside = 0; n = NR - from + 1
        if (n > 100) printf "%s:%s\t%s:%d %s %d lines\n", file, name, file, at, name, n
    }' >>"$tmp/off"
done
judge function-length "no function over 100 lines in src/"

# ---- the include graph ------------------------------------------------------
# rank of a layer folder; the folder holding each header
rank() { r=0; for l in $LAYERS; do [ "$l" = "$1" ] && { echo $r; return; }; r=$((r + 1)); done; echo 99; }
for f in $files; do
    case $f in *.h) printf '%s %s\n' "${f##*/}" "${f%%/*}" ;; esac
done >"$tmp/where"
# edges: FILE HEADER-PATH (both relative to src/)
for f in $files; do
    code "$f" | sed -n 's/^[ \t]*#[ \t]*include[ \t]*"\([^"]*\)".*/\1/p' | while read -r h; do
        d=$(awk -v h="${h##*/}" '$1 == h { print $2; exit }' "$tmp/where")
        [ -n "$d" ] && printf '%s %s/%s\n' "$f" "$d" "${h##*/}"
    done
done >"$tmp/edges"

while read -r f h; do
    rf=$(rank "${f%%/*}"); rh=$(rank "${h%%/*}")
    if [ "$rf" = 99 ]; then printf 'src/%s\tthe folder %s is not a layer (%s)\n' "$f" "${f%%/*}" "$LAYERS"
    elif [ "$rh" -gt "$rf" ]; then printf 'src/%s->src/%s\t%s (%s) includes %s (%s), a layer above\n' "$f" "$h" "$f" "${f%%/*}" "$h" "${h%%/*}"
    fi
done <"$tmp/edges" >>"$tmp/off"
judge include-up "no include points up the layers ($(echo $LAYERS | sed 's/ / -> /g'))"

# modules: DIR/NAME without .c/.h; every strongly connected group of more
# than one module is a circle, named by its sorted members
awk '{ a = $1; b = $2; sub(/\.[ch]$/, "", a); sub(/\.[ch]$/, "", b); if (a != b) print a, b }' "$tmp/edges" | sort -u |
awk '
function visit(v,   i, w) {
    idx[v] = low[v] = ++counter; stack[++sp] = v; on[v] = 1
    for (i = 1; i <= deg[v]; i++) {
        w = adj[v, i]
        if (!(w in idx)) { visit(w); if (low[w] < low[v]) low[v] = low[w] }
        else if (on[w] && idx[w] < low[v]) low[v] = idx[w]
    }
    if (low[v] == idx[v]) {
        n = 0; members = ""
        do { w = stack[sp--]; on[w] = 0; comp[++n] = w } while (w != v)
        if (n > 1) {
            for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (comp[j] < comp[i]) { t = comp[i]; comp[i] = comp[j]; comp[j] = t }
            key = comp[1]; for (i = 2; i <= n; i++) key = key "," comp[i]
            det = ""
            for (i = 1; i <= n; i++) { incomp[comp[i]] = 1 }
            for (i = 1; i <= n; i++) for (k = 1; k <= deg[comp[i]]; k++)
                if (adj[comp[i], k] in incomp) det = det (det == "" ? "" : "; ") comp[i] " -> " adj[comp[i], k]
            for (i = 1; i <= n; i++) delete incomp[comp[i]]
            printf "%s\t%s\n", key, det
        }
    }
}
{ adj[$1, ++deg[$1]] = $2; node[$1] = 1; node[$2] = 1 }
END { for (v in node) if (!(v in idx)) visit(v) }' >>"$tmp/off"
judge include-cycle "the include graph of the modules has no circle"

# ---- the renderer and the session -------------------------------------------
if [ -f front/render.c ]; then
    code front/render.c | grep -n '^[ \t]*#[ \t]*include[ \t]*"session\.h"' | sed 's/:.*//' | while read -r l; do
        printf 'src/front/render.c\tsrc/front/render.c:%s includes session.h\n' "$l"
    done >>"$tmp/off"
    # through its headers: the closure of render.c over the include edges
    echo front/render.c >"$tmp/seen"
    while :; do
        awk 'NR == FNR { s[$1] = 1; next } ($1 in s) && !($2 in s) { print $2 }' "$tmp/seen" "$tmp/edges" | sort -u >"$tmp/more"
        [ -s "$tmp/more" ] || break
        cat "$tmp/more" >>"$tmp/seen"
    done
    via=$(awk -v t=lang/session.h '$2 == t { print $1 }' "$tmp/edges" | grep -vx front/render.c | grep -xF -f "$tmp/seen" | head -1)
    [ -n "$via" ] && printf 'src/front/render.c(via)\trender.c reaches session.h through src/%s\n' "$via" >>"$tmp/off"
else
    printf 'src/front/render.c\tthe renderer is not there (update tests/lint/run-lint.sh)\n' >>"$tmp/off"
fi
judge render-session "the renderer does not include session.h"

# ---- the stage names and formulas ---------------------------------------------
alt=$(echo $STAGES | sed 's/ /|/g')
lit="\"($alt)\""
for f in $files; do
    if code "$f" | tr '\n' ' ' | grep -qE "$lit[ \t]*,[ \t]*$lit[ \t]*,[ \t]*$lit"; then
        [ "$f" = "$TABLE" ] && echo "$f" >"$tmp/table.ok" ||
            printf 'src/%s\ta list of stage names: %s\n' "$f" "$(code "$f" | grep -nE "$lit[ \t]*,[ \t]*$lit" | head -2 | tr -s ' \t' ' ' | tr '\n' ' ')" >>"$tmp/off"
    fi
done
[ -f "$tmp/table.ok" ] || printf 'src/%s\tthe stage table holds no list of the stage names (update TABLE in tests/lint/run-lint.sh)\n' "$TABLE" >>"$tmp/off"
judge stage-list "the list of stage names is spelled in one file (src/$TABLE)"

for f in $files; do
    [ "$f" = "$TABLE" ] && continue
    hits=$(code "$f" | grep -noE "$lit" | sort -u -t: -k2,2 | tr -d '"' | tr '\n' ' ')
    [ -n "$hits" ] && printf 'src/%s\tspells %s\n' "$f" "$hits" >>"$tmp/off"
done
judge stage-name "no file but src/$TABLE spells a stage name as a string"

for f in $files; do
    [ "$f" = "$TABLE" ] && continue
    hits=$(code "$f" | grep -noE "\"($alt) = [^\"]*\"" | tr '\n' ' ')
    [ -n "$hits" ] && printf 'src/%s\tspells %s\n' "$f" "$hits" >>"$tmp/off"
done
judge stage-formula "no file but src/$TABLE spells a stage formula"

# ---- the files commands open ------------------------------------------------------
for f in $files; do
    case $f in front/*|core/files.c) continue ;; esac
    hits=$(code "$f" | grep -noE "(^|[^A-Za-z0-9_.>])(fopen|freopen|fdopen|open|openat|creat|rename|renameat|unlink|unlinkat|remove|mkfifo)[ \t]*\(" |
           sed 's/:[^A-Za-z]*/:/; s/[ \t]*($//' | tr '\n' ' ')
    [ -n "$hits" ] && printf 'src/%s\topens files itself (core/files.c does, under the policy): %s\n' "$f" "$hits" >>"$tmp/off"
done
judge file-open "only src/core/files.c (and the front ends) open files, under the running command's policy"

finish
