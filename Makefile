# gradlab: a lab for the maths of backpropagation through a softmax.
# `make run` and `make test` are all a new user needs (they call `make deps`).
#
# GNU conventions: CPPFLAGS, CFLAGS and LDFLAGS are the user's and come last
# (so they override ours: `make CFLAGS='-O3 -g' CPPFLAGS=-D_FORTIFY_SOURCE=2`),
# except -ffp-contract=off, which comes after them (and -ffast-math, which
# kernels/dispatch.h refuses): the numbers are the same with any CFLAGS;
# PKG_CONFIG names pkg-config; PREFIX and DESTDIR place `make install`.
# `make V=1` shows the commands; by default one line a step. Every object
# depends on $(B)/flags, which changes only when the flags do, so changing
# CC or the flags rebuilds what they touch and nothing needs `make clean`.

# the release: written here only (gradlab --version, the man page, the
# AppStream file and the Debian package take them from here)
VERSION      = 0.1.0
RELEASE_DATE = 2026-12-02
# where users report bugs and the AppStream id: the project has no public
# address yet; set these (and only these) when it has one
BUG_URL = https://gradlab.example.org/issues
APP_ID  = org.example.gradlab

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/gradlab
LIBDIR   = $(PREFIX)/lib/gradlab
MANDIR   = $(PREFIX)/share/man/man1
APPDIR   = $(PREFIX)/share/applications
ICONDIR  = $(PREFIX)/share/icons/hicolor/scalable/apps
METADIR  = $(PREFIX)/share/metainfo
DOCDIR   = $(PREFIX)/share/doc/gradlab
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  = $(PREFIX)/share/zsh/site-functions

CFLAGS     ?= -O2 -g
CPPFLAGS   ?=
LDFLAGS    ?=
PKG_CONFIG ?= pkg-config
WARN     = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wwrite-strings -Wvla
PKGS     = readline sdl2 SDL2_ttf SDL2_image fontconfig
WIN_PKGS = sdl2 SDL2_ttf SDL2_image fontconfig
# dlopen is in libdl on GNU/Linux (an empty stub since glibc 2.34), in
# libc elsewhere; macOS's linker has no -Bsymbolic (and needs none)
UNAME   := $(shell uname -s 2>/dev/null)
LIBDL    = $(if $(filter Linux GNU%,$(UNAME)),-ldl)
SHARED   = -shared $(if $(filter Darwin,$(UNAME)),,-Wl,-Bsymbolic)

# one line a step, unless V=1
V ?= 0
ifeq ($(V),1)
Q :=
E := @:
else
Q := @
E := @printf '  %-7s %s\n'
endif

# Debian packages the build and the tests need
DEB_PKGS = gcc make pkg-config libc6-dev libreadline-dev libsdl2-dev libsdl2-ttf-dev \
           libsdl2-image-dev libfontconfig-dev fonts-dejavu-core libcmocka-dev \
           xvfb xauth x11-utils tmux jq python3 desktop-file-utils appstream mandoc \
           librsvg2-bin python3-pil zsh xdotool

# The layers, bottom to top; an arrow never points up:
#   kernels -> core -> lang -> lesson -> view -> front
# Each layer compiles with the include folders of itself and the layers
# below it only, and without SDL, readline or fontconfig flags (those are
# for front/ alone), so an include across the layers fails to compile.
KERNELS_SRC = $(wildcard src/kernels/*.c)
CORE_SRC    = $(wildcard src/core/*.c)
LANG_SRC    = $(wildcard src/lang/*.c)
LESSON_SRC  = $(wildcard src/lesson/*.c)
VIEW_SRC    = $(wildcard src/view/*.c)
# render.c is the only SDL user, built as gradlab-window.so, which gradlab
# loads (winload.c) when a window or a snapshot is first needed; it draws
# the scenes window.c builds
WIN_SRC     = src/front/render.c src/front/render_draw.c src/front/render_soft.c src/front/render_band.c
# the command table names the handlers of every layer, so it sits on top;
# it includes the pure layers only and is linked wherever commands run
TABLE_SRC   = src/front/table.c
APP_SRC     = $(filter-out $(WIN_SRC),$(wildcard src/front/*.c))

INC_kernels = -Isrc/kernels
INC_core    = $(INC_kernels) -Isrc/core
INC_lang    = $(INC_core) -Isrc/lang
INC_lesson  = $(INC_lang) -Isrc/lesson
INC_view    = $(INC_lesson) -Isrc/view
INC_front   = $(INC_view) -Isrc/front

B ?= build
LIB_SRC  = $(KERNELS_SRC) $(CORE_SRC) $(LANG_SRC) $(LESSON_SRC) $(VIEW_SRC)
LIB_OBJ  = $(LIB_SRC:src/%.c=$(B)/%.o)
CORE_OBJ = $(KERNELS_SRC:src/%.c=$(B)/%.o) $(CORE_SRC:src/%.c=$(B)/%.o)
APP_OBJ  = $(APP_SRC:src/%.c=$(B)/%.o)
WIN_OBJ  = $(WIN_SRC:src/%.c=$(B)/%.o)
TABLE_OBJ = $(TABLE_SRC:src/%.c=$(B)/%.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/%)

# pkg-config is asked when a rule needs its answer (so `make deps` and
# `make clean` work without the packages); a missing package stops the
# build at $(B)/flags with pkg-config's own words
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
WIN_LIBS   = $(shell $(PKG_CONFIG) --libs $(WIN_PKGS) 2>/dev/null)
RL_LIBS    = $(shell $(PKG_CONFIG) --libs readline 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

# the run-time choice of kernel copies (target_clones and
# __builtin_cpu_supports of x86-64-v3/v4: gcc 12 on x86-64 with ifunc);
# without it the kernels are built once, plain (kernels/dispatch.h)
DISPATCH_TEST = __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default"))) int f(int x) { return x + 1; }\n\
  __attribute__((target("arch=x86-64-v3"))) int g(int x) { return x; }\n\
  int main(void) { return __builtin_cpu_supports("x86-64-v4") + __builtin_cpu_supports("x86-64-v3") + f(0) + g(0); }
HAVE_DISPATCH := $(shell printf '$(DISPATCH_TEST)\n' | $(CC) -x c -std=c11 -Werror -o /dev/null - 2>/dev/null && echo 1)

# ours first, the user's CPPFLAGS and CFLAGS after them
# (the folders below PREFIX go in too, so that an installed gradlab finds
# its files beside itself, whatever PREFIX and DESTDIR: core/paths.c)
below_prefix = $(patsubst $(PREFIX)/%,%,$(1))
GL_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -DGRADLAB_VERSION='"$(VERSION)"' \
              -DGRADLAB_RELEASE_DATE='"$(RELEASE_DATE)"' \
              -DGRADLAB_BUG_URL='"$(BUG_URL)"' \
              -DGRADLAB_DATADIR='"$(DATADIR)"' -DGRADLAB_LIBDIR='"$(LIBDIR)"' \
              -DGRADLAB_BIN_SUBDIR='"$(call below_prefix,$(BINDIR))"' \
              -DGRADLAB_DATA_SUBDIR='"$(call below_prefix,$(DATADIR))"' \
              -DGRADLAB_LIB_SUBDIR='"$(call below_prefix,$(LIBDIR))"' \
              $(if $(HAVE_DISPATCH),-DGRADLAB_DISPATCH=1)
# the flags the numbers depend on: -ffp-contract=off makes a * b + c a
# multiply and an add, rounded twice, with every compiler and on every
# processor (clang fuses them by default where the target has FMA, GCC in
# a GNU mode): the same bits everywhere (tests/bits builds with these);
# it is said again after the user's CFLAGS, so that no CFLAGS undo it
NUM_CFLAGS  = -std=c11 -ffp-contract=off
GL_CFLAGS   = $(NUM_CFLAGS) $(WARN) -MMD -MP
ALL_CFLAGS  = $(GL_CPPFLAGS) $(CPPFLAGS) $(GL_CFLAGS) $(CFLAGS) -ffp-contract=off
COMPILE     = $(CC) $(GL_CPPFLAGS) $(CPPFLAGS) $(GL_CFLAGS) $(CFLAGS) -ffp-contract=off

# $(B)/flags: the compiler and every flag; rewritten only when they change
FLAGS_NOW = $(CC) | $(ALL_CFLAGS) | $(LDFLAGS) | $(PKG_CFLAGS) | $(PKG_LIBS)
FLAGS_ESC = $(subst ','\'',$(FLAGS_NOW))

.PHONY: all run test check unit cli sanitize tsan deps install uninstall clean bench screenshots docs compilers \
        num-cflags dispatch-cflags check-clang dist distcheck deb FORCE
all: gradlab

gradlab: $(B)/gradlab $(B)/gradlab-window.so
	$(E) COPY $@
	$(Q)cp $< $@.tmp && mv -f $@.tmp $@

$(B)/flags: FORCE
	@mkdir -p $(@D)
	@$(PKG_CONFIG) --exists --print-errors $(PKGS) || { \
	  echo "make: the packages above are missing (pkg-config '$(PKG_CONFIG)' looked for: $(PKGS));"; \
	  echo "make: on Debian, 'make deps' installs them"; exit 1; }
	@printf '%s\n' '$(FLAGS_ESC)' | cmp -s - $@ || printf '%s\n' '$(FLAGS_ESC)' >$@

# gradlab links readline only; the window plugin needs nothing from it
# (it draws the scenes gradlab builds) and exports one function
$(B)/gradlab: $(LIB_OBJ) $(APP_OBJ)
	$(E) LINK $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(RL_LIBS) $(LIBDL) -pthread -lm

$(B)/gradlab-window.so: $(WIN_OBJ)
	$(E) LINK $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(SHARED) -o $@ $^ $(WIN_LIBS) -pthread -lm

# one rule a layer, with that layer's include folders; front/ alone gets
# the packages' flags
LAYER_FLAGS_front = $(PKG_CFLAGS)
define layer_rule
$$(B)/$(1)/%.o: src/$(1)/%.c $$(B)/flags
	$$(E) CC $$@
	@mkdir -p $$(@D)
	$$(Q)$$(COMPILE) $$(INC_$(1)) $$(LAYER_FLAGS_$(1)) $$(OBJ_FLAGS) -fPIC -c -o $$@ $$<
endef
$(foreach l,kernels core lang lesson view front,$(eval $(call layer_rule,$(l))))
# the plugin exports gradlab_window_api and nothing else
$(WIN_OBJ): OBJ_FLAGS = -fvisibility=hidden
# the table: no SDL or readline flags, and no front header
$(TABLE_OBJ): $(TABLE_SRC) $(B)/flags
	$(E) CC $@
	@mkdir -p $(@D)
	$(Q)$(COMPILE) $(INC_view) -fPIC -c -o $@ $<

# unit tests link the layers below front and the command table (no SDL,
# no readline)
$(B)/test_%: tests/unit/test_%.c $(LIB_OBJ) $(TABLE_OBJ) $(B)/flags
	$(E) CCLD $@
	$(Q)$(COMPILE) $(INC_view) -o $@ $(filter %.c %.o,$^) $(LDFLAGS) -lcmocka -pthread -lm

# render tests and frame-time benchmark (tests/render/run-render.sh): the
# renderer linked in, driven through window.c as gradlab drives the plugin
$(B)/probe: tests/render/probe.c $(LIB_OBJ) $(TABLE_OBJ) $(WIN_OBJ) $(B)/front/window.o $(B)/flags
	$(E) CCLD $@
	$(Q)$(COMPILE) $(INC_front) -Itests/unit $(PKG_CFLAGS) -o $@ $(filter %.c %.o,$^) $(LDFLAGS) $(PKG_LIBS) -pthread -lm

# the README's pictures, from the real program through its headless snapshot
screenshots: gradlab
	mkdir -p assets/screenshots
	./gradlab --no-window -c 'logits 2 1 0.1; view jacobian; snapshot assets/screenshots/jacobian.png 1280 800'
	./gradlab --no-window -c 'seed 0; net 2 3 2; x = [[0.5, -1.2]]; y = 1; backward; back; back; view flow; snapshot assets/screenshots/flow.png 1280 800'
	./gradlab --no-window -c 'seed 0; data moons 200 noise=0.2; net 2 3 2; train 20000 lr=0.01 reg=0.01; view data; snapshot assets/screenshots/data.png 1280 800' >/dev/null
	./gradlab --no-window -c 'seed 0; net 2 3 2; x = [[0.5, -1.2]]; y = [[0, 1]]; mistake gate; snapshot assets/screenshots/check.png 1280 800' >/dev/null
	./gradlab --no-window --present -c 'lesson backward; next; next; next; next; answer 0.200; snapshot assets/screenshots/presenter.png 1920 1080' >/dev/null
	GRADLAB=./gradlab sh tests/touch/shots.sh assets/screenshots
	if command -v optipng >/dev/null; then optipng -quiet -o2 assets/screenshots/touch-*.png; fi

# `make bench`: gradlab next to numpy with OpenBLAS and PyTorch on the same
# work (tests/bench/bench.py); their packages are for the bench only
BENCH_PKGS = python3 python3-numpy python3-sklearn python3-threadpoolctl libopenblas0-pthread python3-torch
$(B)/bench: tests/bench/bench.c $(CORE_OBJ) $(B)/flags
	$(E) CCLD $@
	$(Q)$(COMPILE) $(INC_core) -o $@ $(filter %.c %.o,$^) $(LDFLAGS) -pthread -lm

bench: deps
	@$(MAKE) --no-print-directory DEB_PKGS="$(BENCH_PKGS)" deps
	@$(MAKE) --no-print-directory gradlab $(B)/bench $(B)/probe
	/usr/bin/python3 tests/bench/bench.py $(B)/bench ./gradlab $(B)/probe

# `make deps`: install the Debian packages that are missing (as root), or
# print the exact command to run
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "make deps: installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	else \
	  echo "make deps: missing Debian packages; run:"; \
	  echo "  sudo apt-get install$$missing"; exit 1; \
	fi

run: deps
	@$(MAKE) --no-print-directory gradlab
	$(Q)./gradlab

test check: deps
	@$(MAKE) --no-print-directory gradlab $(UNIT_BIN) $(B)/probe $(B)/bench
	@B=$(B) sh tests/run.sh

# its own flags, plus the warning flags of CFLAGS (make sanitize
# CFLAGS='-O2 -g -Werror' builds with -Werror too, as .ci/run does)
SAN_CFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
sanitize: deps
	@$(MAKE) --no-print-directory B=build-san \
	  CFLAGS="$(SAN_CFLAGS) $(filter -W%,$(CFLAGS))" \
	  LDFLAGS="-fsanitize=address,undefined" build-san/gradlab build-san/gradlab-window.so build-san/probe build-san/bench $(UNIT_SRC:tests/unit/%.c=build-san/%)
	@B=build-san GRADLAB=build-san/gradlab ASAN_OPTIONS=detect_leaks=1 sh tests/run.sh

# `make tsan`: the unit tests of the threads (the pool, the products and
# passes it shares) built with ThreadSanitizer in build-tsan/ and run; a
# race is reported and fails the run
TSAN_TESTS = test_pool test_matmul test_net
tsan: deps
	@$(MAKE) --no-print-directory B=build-tsan CFLAGS="-O1 -g -fsanitize=thread $(filter -W%,$(CFLAGS))" \
	  LDFLAGS=-fsanitize=thread $(TSAN_TESTS:%=build-tsan/%)
	@for t in $(TSAN_TESTS); do echo "tsan: $$t"; TSAN_OPTIONS=halt_on_error=1 build-tsan/$$t || exit 1; done

# the man page and the AppStream file, with the release and the folders
# put in (the version is written once, above)
SUBST = sed -e 's|@VERSION@|$(VERSION)|g' -e 's|@RELEASE_DATE@|$(RELEASE_DATE)|g' \
            -e 's|@BUG_URL@|$(BUG_URL)|g' -e 's|@APP_ID@|$(APP_ID)|g' -e 's|@DATADIR@|$(DATADIR)|g' \
            -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@DOCDIR@|$(DOCDIR)|g' \
            -e 's|@BASHCOMPDIR@|$(BASHCOMPDIR)|g' -e 's|@ZSHCOMPDIR@|$(ZSHCOMPDIR)|g'
DOCS  = $(B)/gradlab.1 $(B)/$(APP_ID).metainfo.xml
$(B)/gradlab.1: assets/gradlab.1.in $(B)/flags Makefile
	$(E) GEN $@
	$(Q)$(SUBST) assets/gradlab.1.in >$@
$(B)/$(APP_ID).metainfo.xml: assets/gradlab.metainfo.xml.in $(B)/flags Makefile
	$(E) GEN $@
	$(Q)$(SUBST) assets/gradlab.metainfo.xml.in >$@
docs: $(DOCS)

# `make install PREFIX=/usr DESTDIR=/tmp/pkg`: installs what $(B) holds
# (built first when needed), the tree's ./gradlab untouched
install: $(B)/gradlab $(B)/gradlab-window.so $(DOCS)
	$(E) INSTALL '$(DESTDIR)$(PREFIX)'
	$(Q)install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(DATADIR)/lessons $(DESTDIR)$(MANDIR) \
	  $(DESTDIR)$(APPDIR) $(DESTDIR)$(ICONDIR) $(DESTDIR)$(METADIR) $(DESTDIR)$(DOCDIR) \
	  $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	$(Q)install -m 755 $(B)/gradlab $(DESTDIR)$(BINDIR)/gradlab
	$(Q)install -m 644 $(B)/gradlab-window.so $(DESTDIR)$(LIBDIR)/gradlab-window.so
	$(Q)install -m 644 lessons/README.md lessons/*.lesson $(DESTDIR)$(DATADIR)/lessons/
	$(Q)install -m 644 $(B)/gradlab.1 $(DESTDIR)$(MANDIR)/gradlab.1
	$(Q)install -m 644 assets/gradlab.desktop $(DESTDIR)$(APPDIR)/gradlab.desktop
	$(Q)install -m 644 assets/gradlab.svg $(DESTDIR)$(ICONDIR)/gradlab.svg
	$(Q)install -m 644 $(B)/$(APP_ID).metainfo.xml $(DESTDIR)$(METADIR)/$(APP_ID).metainfo.xml
	$(Q)install -m 644 README.md assets/GUIDE.md assets/COLORMAP.md $(DESTDIR)$(DOCDIR)/
	$(Q)install -m 644 assets/completion/gradlab $(DESTDIR)$(BASHCOMPDIR)/gradlab
	$(Q)install -m 644 assets/completion/_gradlab $(DESTDIR)$(ZSHCOMPDIR)/_gradlab

uninstall:
	$(E) UNINST '$(DESTDIR)$(PREFIX)'
	$(Q)rm -f $(DESTDIR)$(BINDIR)/gradlab $(DESTDIR)$(LIBDIR)/gradlab-window.so $(DESTDIR)$(MANDIR)/gradlab.1 \
	  $(DESTDIR)$(APPDIR)/gradlab.desktop $(DESTDIR)$(ICONDIR)/gradlab.svg \
	  $(DESTDIR)$(METADIR)/$(APP_ID).metainfo.xml $(DESTDIR)$(DOCDIR)/README.md $(DESTDIR)$(DOCDIR)/GUIDE.md $(DESTDIR)$(DOCDIR)/COLORMAP.md \
	  $(DESTDIR)$(BASHCOMPDIR)/gradlab $(DESTDIR)$(ZSHCOMPDIR)/_gradlab
	$(Q)rm -rf $(DESTDIR)$(DATADIR)/lessons
	$(Q)for d in $(DATADIR) $(LIBDIR) $(DOCDIR); do rmdir $(DESTDIR)$$d 2>/dev/null; done; true

clean:
	rm -rf build build-san build-tsan build-cc build-clang build-dist build-deb gradlab $(DIST).tar.gz

# `make compilers`: the whole program, its tests and probe built with
# -Werror by gcc at -O0, -O2 and -O3, by clang and by gcc 11 (each in
# build-cc/), the compilers installed when missing
COMPILER_PKGS = gcc-11 clang
COMPILER_RUNS = gcc:-O0 gcc:-O2 gcc:-O3 clang:-O2 gcc-11:-O2
compilers: deps
	@$(MAKE) --no-print-directory DEB_PKGS="$(COMPILER_PKGS)" deps
	@for r in $(COMPILER_RUNS); do cc=$${r%%:*}; o=$${r#*:}; d=build-cc/$$cc$$o; \
	  echo "compilers: $$cc $$o -Werror"; \
	  $(MAKE) --no-print-directory B=$$d CC=$$cc CFLAGS="$$o -g -Werror" \
	    $$d/gradlab $$d/gradlab-window.so $$d/probe $(UNIT_SRC:tests/unit/%.c=$$d/%) || exit 1; \
	done

# the flags the numbers depend on, and the one that builds the kernels'
# run-time copies where the compiler can (tests/bits/run-bits.sh)
num-cflags:
	@echo $(NUM_CFLAGS)
dispatch-cflags:
	@echo $(if $(HAVE_DISPATCH),-DGRADLAB_DISPATCH=1)

# `make check-clang`: the whole suite again, built by clang (installed for
# this target only): gcc and clang must give the same results, bit for bit
check-clang: deps
	@$(MAKE) --no-print-directory DEB_PKGS=clang deps
	@$(MAKE) --no-print-directory B=build-clang CC=clang \
	  build-clang/gradlab build-clang/gradlab-window.so build-clang/probe build-clang/bench $(UNIT_SRC:tests/unit/%.c=build-clang/%)
	@B=build-clang GRADLAB=build-clang/gradlab sh tests/run.sh

# `make dist`: gradlab-VERSION.tar.gz, the committed tree (HEAD) packed
# by git; `make distcheck` unpacks it, builds it and runs its tests
DIST = gradlab-$(VERSION)
dist:
	@git -C . rev-parse --is-inside-work-tree >/dev/null 2>&1 || \
	  { echo "make dist: needs a git clone (it packs the committed tree)"; exit 1; }
	@[ -z "$$(git status --porcelain --untracked-files=no)" ] || \
	  echo "make dist: packing HEAD; the uncommitted changes are not in it"
	$(E) DIST $(DIST).tar.gz
	$(Q)git archive --format=tar --prefix=$(DIST)/ HEAD | gzip -n9 >$(DIST).tar.gz.tmp && mv -f $(DIST).tar.gz.tmp $(DIST).tar.gz
distcheck: dist
	$(Q)rm -rf build-dist && mkdir -p build-dist && tar -C build-dist -xzf $(DIST).tar.gz
	$(Q)env -u MAKEFLAGS $(MAKE) --no-print-directory -C build-dist/$(DIST) test
	@echo "make distcheck: $(DIST).tar.gz unpacks, builds and passes its tests"

# `make deb`: the Debian package build-deb/gradlab_VERSION-1_ARCH.deb,
# built by dpkg-buildpackage from the dist tarball with assets/debian as
# debian/ (the hardening flags on, the tests run in the build), then
# checked by lintian (--fail-on error)
DEB_BUILD_PKGS = build-essential dpkg-dev debhelper fakeroot lintian
deb: deps dist
	@$(MAKE) --no-print-directory DEB_PKGS="$(DEB_BUILD_PKGS)" deps
	$(Q)rm -rf build-deb && mkdir -p build-deb
	$(Q)cp $(DIST).tar.gz build-deb/gradlab_$(VERSION).orig.tar.gz
	$(Q)tar -C build-deb -xzf build-deb/gradlab_$(VERSION).orig.tar.gz
	$(Q)cp -r build-deb/$(DIST)/assets/debian build-deb/$(DIST)/debian
	$(Q)sed -e 's|@VERSION@|$(VERSION)|g' \
	  -e "s|@CHANGELOG_DATE@|$$(LC_ALL=C date -u -R -d '$(RELEASE_DATE) 12:00')|" \
	  build-deb/$(DIST)/debian/changelog.in >build-deb/$(DIST)/debian/changelog
	$(Q)rm build-deb/$(DIST)/debian/changelog.in
	$(E) DEB build-deb/gradlab_$(VERSION)-1_$$(dpkg --print-architecture).deb
	$(Q)cd build-deb/$(DIST) && dpkg-buildpackage -us -uc >../build.log 2>&1 || \
	  { tail -40 ../build.log; echo "make deb: dpkg-buildpackage failed (build-deb/build.log)"; exit 1; }
	$(E) LINTIAN build-deb/gradlab_$(VERSION)-1_$$(dpkg --print-architecture).changes
	$(Q)lintian --fail-on error --tag-display-limit 0 build-deb/gradlab_$(VERSION)-1_*.changes

# make fuzz, make fuzz-regress: libFuzzer harnesses (tests/fuzz/fuzz.mk)
include tests/fuzz/fuzz.mk

-include $(wildcard $(B)/*.d $(B)/*/*.d)
