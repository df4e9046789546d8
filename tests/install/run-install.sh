#!/bin/sh
# The build as a packager runs it, and `make install`: GNU make's
# conventions (CPPFLAGS, CFLAGS, LDFLAGS, PKG_CONFIG; a missing package
# said loudly; one line a step, V=1 for the commands; objects rebuilt when
# the flags change), then an install under another PREFIX and a DESTDIR:
# the files where a desktop looks for them, valid, and the installed
# gradlab finding its lessons and its window code from any folder, as the
# build tree's gradlab does.
# Everything is built in this run's own folders (make B=...): the tree's
# build/ and ./gradlab are not touched.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u CFLAGS -u CPPFLAGS -u LDFLAGS -u V make -C "$top" --no-print-directory "$@"; }
b="$tmp/b"
inst="$tmp/inst"
P=/opt/gl
mkdir -p "$tmp/elsewhere" "$tmp/empty"

# pkg-config, through a wrapper that notes it was asked
cat >"$tmp/pkgconf" <<EOF
#!/bin/sh
echo "\$@" >>"$tmp/pkgconf.log"
exec pkg-config "\$@"
EOF
chmod +x "$tmp/pkgconf"

# ---- the build: Debian's hardening flags, through the conventions ----
FLAGS="PREFIX=$P CPPFLAGS=-D_FORTIFY_SOURCE=2 CFLAGS=-O2 LDFLAGS=-Wl,-z,now PKG_CONFIG=$tmp/pkgconf"
if mk -j2 B="$b" $FLAGS "$b/gradlab" "$b/gradlab-window.so" >"$tmp/build.out" 2>&1; then ok "a build with CPPFLAGS, CFLAGS, LDFLAGS and PKG_CONFIG"
else bad "a build with CPPFLAGS, CFLAGS, LDFLAGS and PKG_CONFIG" "$(tail -20 "$tmp/build.out")"; finish; fi
# one line a step: "  CC      build/core/net.o", no compiler command
other=$(grep -v '^  [A-Z][A-Z]*  *[^ ]*$' "$tmp/build.out")
if [ -z "$other" ] && grep -q '^  CC  *.*/core/net\.o$' "$tmp/build.out" && grep -q '^  LINK  *.*/gradlab$' "$tmp/build.out"
then ok "make prints one line a step"; else bad "make prints one line a step" "$(head -5 "$tmp/build.out")"; fi
n=$(nm -D "$b/gradlab" 2>/dev/null | grep -c '__[a-z_]*_chk')
if [ "$n" -gt 0 ]; then ok "CPPFLAGS=-D_FORTIFY_SOURCE=2 gives fortified calls ($n)"
else bad "CPPFLAGS=-D_FORTIFY_SOURCE=2 gives fortified calls" "nm -D finds no __*_chk"; fi
if readelf -d "$b/gradlab" 2>/dev/null | grep -q 'BIND_NOW\|FLAGS.*NOW'; then ok "LDFLAGS reach the link (-z now)"
else bad "LDFLAGS reach the link (-z now)"; fi
if grep -q -- '--cflags.*sdl2' "$tmp/pkgconf.log" 2>/dev/null; then ok "PKG_CONFIG is the pkg-config asked"
else bad "PKG_CONFIG is the pkg-config asked"; fi
# nothing changed: nothing to do, nothing said
out=$(mk B="$b" $FLAGS "$b/gradlab" "$b/gradlab-window.so" 2>&1 | grep '^  ')
check "a second make does nothing" "$out" ""

# V=1: the commands, not the short lines; warnings shown either way
out=$(mk V=1 B="$tmp/bv" "$tmp/bv/core/rng.o" 2>&1)
case $out in *"-std=c11"*"-c -o $tmp/bv/core/rng.o src/core/rng.c"*) ok "make V=1 shows the commands" ;;
    *) bad "make V=1 shows the commands" "$out" ;; esac
out=$(mk B="$tmp/bw" CPPFLAGS='-DGL_TWICE=1 -DGL_TWICE=2' "$tmp/bw/core/rng.o" 2>&1)
case $out in *"warning: \"GL_TWICE\" redefined"*) ok "warnings are shown with the short lines" ;;
    *) bad "warnings are shown with the short lines" "$out" ;; esac

# a package pkg-config does not know: the build stops and says which
out=$(PKG_CONFIG_LIBDIR="$tmp/empty" PKG_CONFIG_PATH="" mk B="$tmp/bp" "$tmp/bp/core/rng.o" 2>&1); rc=$?
if [ $rc -ne 0 ] && printf '%s\n' "$out" | grep -q "sdl2.*not found\|not found.*sdl2" &&
   printf '%s\n' "$out" | grep -q "make deps"; then ok "a missing package stops the build, named"
else bad "a missing package stops the build, named" "rc=$rc $out"; fi

# ---- make install under DESTDIR, for another PREFIX -------------------
if mk B="$b" $FLAGS DESTDIR="$inst" install >"$tmp/install.out" 2>&1; then ok "make install DESTDIR PREFIX"
else bad "make install DESTDIR PREFIX" "$(tail -20 "$tmp/install.out")"; fi
if grep -q '^  CC' "$tmp/install.out"; then bad "make install builds nothing more" "$(head -5 "$tmp/install.out")"
else ok "make install builds nothing more"; fi
R="$inst$P"
for f in bin/gradlab lib/gradlab/gradlab-window.so share/gradlab/lessons/01-softmax.lesson \
         share/gradlab/lessons/README.md share/man/man1/gradlab.1 share/applications/gradlab.desktop \
         share/icons/hicolor/scalable/apps/gradlab.svg share/doc/gradlab/README.md share/doc/gradlab/GUIDE.md \
         share/bash-completion/completions/gradlab share/zsh/site-functions/_gradlab; do
    if [ -f "$R/$f" ]; then ok "installed: $f"; else bad "installed: $f"; fi
done
meta=$(ls "$R"/share/metainfo/*.metainfo.xml 2>/dev/null)
if [ -f "$meta" ]; then ok "installed: share/metainfo/$(basename "$meta")"; else bad "installed: an AppStream file in share/metainfo"; fi
check "the man page is installed once" "$(find "$inst" -name 'gradlab.1*' | wc -l)" 1
check "nothing in share/gradlab but the lessons" "$(ls "$R/share/gradlab")" lessons

# the files are valid for the tools that read them
if ! command -v desktop-file-validate >/dev/null; then bad "desktop-file-validate is installed (make deps)"
elif out=$(desktop-file-validate "$R/share/applications/gradlab.desktop" 2>&1) && [ -z "$out" ]; then ok "desktop-file-validate: no word"
else bad "desktop-file-validate" "$out"; fi
if ! command -v appstreamcli >/dev/null; then bad "appstreamcli is installed (make deps)"
elif out=$(appstreamcli validate --no-net --pedantic "$meta" 2>&1); then ok "appstreamcli validate --pedantic"
else bad "appstreamcli validate --pedantic" "$out"; fi
man="$R/share/man/man1/gradlab.1"
if ! command -v mandoc >/dev/null; then bad "mandoc is installed (make deps)"
elif out=$(mandoc -Tlint -Wstyle "$man" 2>&1); then ok "mandoc -Tlint: no word"
else bad "mandoc -Tlint" "$out"; fi
text=$(mandoc -Tutf8 "$man" 2>/dev/null | sed 's/.\x08//g')
flat=$(mandoc -Tascii "$man" 2>/dev/null | sed 's/.\x08//g' | tr -s ' \n' '  ')
case $flat in *"diag(s) - s s^T"*) ok "the man page writes s s^T" ;; *) bad "the man page writes s s^T" "$(printf '%s\n' "$text" | grep -m1 diag)" ;; esac
case $text in *´*) bad "the man page prints no acute accent" ;; *) ok "the man page prints no acute accent" ;; esac
for sec in SYNOPSIS OPTIONS FILES ENVIRONMENT BUGS "SEE ALSO"; do
    if printf '%s\n' "$text" | grep -q "^$sec\$"; then ok "the man page has $sec"; else bad "the man page has $sec"; fi
done
case $text in *"
           logits 2 1 0.1
           jacobian
"*) ok "the man page's first session: a command a line" ;; *) bad "the man page's first session: a command a line" ;; esac
for word in GRADLAB_LESSONS GRADLAB_WINDOW_LIB GRADLAB_HISTORY NO_COLOR XDG_CONFIG_HOME/gradlab/init "$P/share/gradlab/lessons" \
            "$P/lib/gradlab/gradlab-window.so" 'XDG_STATE_HOME/gradlab/lessons' 'XDG_STATE_HOME/gradlab/history'; do
    case $text in *"$word"*) ok "the man page names $word" ;; *) bad "the man page names $word" ;; esac
done
# every option of --help is in the man page, and the version is the program's
for opt in $("$R/bin/gradlab" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    case $text in *"$opt"*) ok "the man page has $opt" ;; *) bad "the man page has $opt" ;; esac
done
version=$("$R/bin/gradlab" --version | sed -n '1s/^gradlab //p')
check "the man page's version is the program's" "$(sed -n 's/^\.TH GRADLAB 1 "[^"]*" "gradlab \([^"]*\)".*/\1/p' "$man")" "$version"
check "the AppStream release is the program's" "$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' "$meta")" "$version"

# ---- the installed gradlab finds its files, from another folder -------
cd "$tmp/elsewhere" || exit 1
# bash loads the installed completion and completes the lessons with it
out=$(bash --norc --noprofile -c '. "$1"; COMP_WORDS=("$2" --lesson 0); COMP_CWORD=2; _gradlab
      printf "%s\n" "${COMPREPLY[@]}" | sort | head -1' sh "$R/share/bash-completion/completions/gradlab" "$R/bin/gradlab")
check "the installed bash completion offers the installed lessons" "$out" "01-softmax"
out=$("$R/bin/gradlab" -c lesson 2>&1)
case $out in "lessons in $R/share/gradlab/lessons "*) ok "the installed gradlab finds its lessons" ;;
    *) bad "the installed gradlab finds its lessons" "$out" ;; esac
if "$R/bin/gradlab" --lesson softmax --auto >"$tmp/auto.out" 2>&1; then ok "the installed gradlab plays a lesson"
else bad "the installed gradlab plays a lesson" "$(tail -5 "$tmp/auto.out")"; fi
if "$R/bin/gradlab" -c "logits 1 2; snapshot $tmp/inst.png 320 200" >/dev/null 2>"$tmp/err" && [ -s "$tmp/inst.png" ]
then ok "the installed gradlab finds its window code (a snapshot)"
else bad "the installed gradlab finds its window code (a snapshot)" "$(cat "$tmp/err")"; fi
# through a link to it, as from a folder on PATH
ln -s "$R/bin/gradlab" "$tmp/elsewhere/gl"
out=$(PATH="$tmp/elsewhere:$PATH" gl -c lesson 2>&1)
case $out in "lessons in $R/share/gradlab/lessons "*) ok "through a link on PATH too" ;;
    *) bad "through a link on PATH too" "$out" ;; esac
# the environment still decides
mkdir -p "$tmp/mine"
printf 'title: Mine\nsay: hello\n' >"$tmp/mine/mine.lesson"
out=$(GRADLAB_LESSONS="$tmp/mine" "$R/bin/gradlab" -c lesson 2>&1)
case $out in "lessons in $tmp/mine "*mine*) ok "GRADLAB_LESSONS overrides" ;; *) bad "GRADLAB_LESSONS overrides" "$out" ;; esac
out=$(GRADLAB_WINDOW_LIB=/nonexistent.so "$R/bin/gradlab" -c "logits 1 2; snapshot $tmp/no.png 320 200" 2>&1 >/dev/null)
case $out in *"the window code cannot be loaded: /nonexistent.so"*) ok "GRADLAB_WINDOW_LIB overrides" ;;
    *) bad "GRADLAB_WINDOW_LIB overrides" "$out" ;; esac

# ---- the build tree's gradlab, from another folder ---------------------
for g in "$GRADLAB" "$B/gradlab"; do
    out=$("$g" -c lesson 2>&1)
    case $out in "lessons in $top/lessons "*) ok "${g#"$top"/} from another folder finds the tree's lessons" ;;
        *) bad "${g#"$top"/} from another folder finds the tree's lessons" "$out" ;; esac
    rm -f "$tmp/tree.png"
    if "$g" -c "logits 1 2; snapshot $tmp/tree.png 320 200" >/dev/null 2>"$tmp/err" && [ -s "$tmp/tree.png" ]
    then ok "${g#"$top"/} from another folder finds its window code"
    else bad "${g#"$top"/} from another folder finds its window code" "$(cat "$tmp/err")"; fi
done
cd "$top" || exit 1

# ---- uninstall ----------------------------------------------------------
mk B="$b" $FLAGS DESTDIR="$inst" uninstall >/dev/null 2>&1
left=$(find "$inst" -type f)
check "make uninstall removes what install put" "$left" ""

# ---- the Debian package builds with what make test needs ---------------
# (its build runs make test, whose `make deps` must find every package
# there: each of DEB_PKGS but the build-essential ones is a Build-Depends)
pkgs=$(awk '/^DEB_PKGS *=/ { on = 1; sub(/^DEB_PKGS *=/, "") }
            on { line = $0; sub(/\\$/, "", line); printf "%s ", line; if ($0 !~ /\\$/) on = 0 }' "$top/Makefile")
bdeps=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' "$top/assets/debian/control" | sed 's/^Build-Depends://' |
        tr ',' '\n' | sed 's/^[[:space:]]*//; s/[[:space:]].*//' | grep .)
lack=""
for p in $pkgs; do
    case $p in gcc|make|libc6-dev) continue ;; esac
    printf '%s\n' "$bdeps" | grep -qx -- "$p" || lack="$lack $p"
done
check "every package of make deps is a Build-Depends of the .deb" "$lack" ""

# ---- new flags rebuild (the flags stamp): no `make clean` needed ------
out=$(mk B="$b" PREFIX=$P CFLAGS=-O2 LDFLAGS=-Wl,-z,now "$b/core/rng.o" 2>&1)
case $out in *"CC "*"core/rng.o"*) ok "a change of CPPFLAGS rebuilds the objects" ;;
    *) bad "a change of CPPFLAGS rebuilds the objects" "$out" ;; esac
out=$(mk B="$b" PREFIX=$P CFLAGS=-O2 LDFLAGS=-Wl,-z,now "$b/core/rng.o" 2>&1 | grep '^  ')
check "and only once" "$out" ""

finish
