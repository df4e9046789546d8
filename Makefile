# gradlab: a lab for the maths of backpropagation through a softmax.
# `make run` and `make test` are all a new user needs (they call `make deps`).

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/gradlab
MANDIR   = $(PREFIX)/share/man/man1

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wwrite-strings -Wvla
PKGS     = readline sdl2 SDL2_ttf SDL2_image fontconfig
WIN_PKGS = sdl2 SDL2_ttf SDL2_image fontconfig
LIBDIR   = $(PREFIX)/lib/gradlab
VERSION  = 0.1.0

# Debian packages the build and the tests need
DEB_PKGS = gcc make pkg-config libc6-dev libreadline-dev libsdl2-dev libsdl2-ttf-dev \
           libsdl2-image-dev libfontconfig-dev fonts-dejavu-core libcmocka-dev \
           xvfb xauth x11-utils tmux jq python3

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
WIN_SRC     = src/front/render.c src/front/render_draw.c
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

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WIN_LIBS   = $(shell pkg-config --libs $(WIN_PKGS) 2>/dev/null)
RL_LIBS    = $(shell pkg-config --libs readline 2>/dev/null || echo -lreadline)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DGRADLAB_VERSION='"$(VERSION)"' \
             -DGRADLAB_DATADIR='"$(DATADIR)"' -DGRADLAB_LIBDIR='"$(LIBDIR)"' $(WARN) $(CFLAGS) -MMD -MP

.PHONY: all run test check unit cli sanitize deps install uninstall clean bench screenshots
all: gradlab

gradlab: $(B)/gradlab $(B)/gradlab-window.so
	cp $< $@.tmp && mv -f $@.tmp $@

# gradlab links readline only; the window plugin needs nothing from it
# (it draws the scenes gradlab builds) and exports one function
$(B)/gradlab: $(LIB_OBJ) $(APP_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(RL_LIBS) -ldl -lm

$(B)/gradlab-window.so: $(WIN_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -shared -Wl,-Bsymbolic -o $@ $^ $(WIN_LIBS) -lm

$(B)/kernels/%.o: src/kernels/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(INC_kernels) -fPIC -c -o $@ $<
$(B)/core/%.o: src/core/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(INC_core) -fPIC -c -o $@ $<
$(B)/lang/%.o: src/lang/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(INC_lang) -fPIC -c -o $@ $<
$(B)/lesson/%.o: src/lesson/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(INC_lesson) -fPIC -c -o $@ $<
$(B)/view/%.o: src/view/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(INC_view) -fPIC -c -o $@ $<
$(B)/front/%.o: src/front/%.c Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(INC_front) $(PKG_CFLAGS) -fPIC -c -o $@ $<
# the plugin exports gradlab_window_api and nothing else
$(WIN_OBJ): ALL_CFLAGS += -fvisibility=hidden
# the table: no SDL or readline flags, and no front header
$(TABLE_OBJ): $(TABLE_SRC) Makefile
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(INC_view) -fPIC -c -o $@ $<

# unit tests link the layers below front and the command table (no SDL,
# no readline)
$(B)/test_%: tests/unit/test_%.c $(LIB_OBJ) $(TABLE_OBJ) | $(B)
	$(CC) $(ALL_CFLAGS) $(INC_view) -o $@ $(filter %.c %.o,$^) $(LDFLAGS) -lcmocka -lm

# render tests and frame-time benchmark (tests/render/run-render.sh): the
# renderer linked in, driven through window.c as gradlab drives the plugin
$(B)/probe: tests/render/probe.c $(LIB_OBJ) $(TABLE_OBJ) $(WIN_OBJ) $(B)/front/window.o | $(B)
	$(CC) $(ALL_CFLAGS) $(INC_front) -Itests/unit $(PKG_CFLAGS) -o $@ $(filter %.c %.o,$^) $(LDFLAGS) $(PKG_LIBS) -lm

# the README's pictures, from the real program through its headless snapshot
screenshots: gradlab
	mkdir -p assets/screenshots
	./gradlab --no-window -c 'logits 2 1 0.1; view jacobian; snapshot assets/screenshots/jacobian.png 1280 800'
	./gradlab --no-window -c 'seed 0; net 2 3 2; x = [[0.5, -1.2]]; y = 1; backward; back; back; view flow; snapshot assets/screenshots/flow.png 1280 800'
	./gradlab --no-window -c 'seed 0; data moons 200 noise=0.2; net 2 3 2; train 20000 lr=0.01 reg=0.01; view data; snapshot assets/screenshots/data.png 1280 800' >/dev/null

$(B):
	mkdir -p $(B)

# `make bench`: gradlab next to numpy on the same work (tests/bench/bench.py)
BENCH_PKGS = python3 python3-numpy python3-sklearn
$(B)/bench: tests/bench/bench.c $(CORE_OBJ) | $(B)
	$(CC) $(ALL_CFLAGS) $(INC_core) -o $@ $(filter %.c %.o,$^) $(LDFLAGS) -lm

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
	./gradlab

test check: deps
	@$(MAKE) --no-print-directory gradlab $(UNIT_BIN) $(B)/probe
	@B=$(B) sh tests/run.sh

# its own flags, plus the warning flags of CFLAGS (make sanitize
# CFLAGS='-O2 -g -Werror' builds with -Werror too, as .ci/run does)
SAN_CFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
sanitize: deps
	@$(MAKE) --no-print-directory B=build-san \
	  CFLAGS="$(SAN_CFLAGS) $(filter -W%,$(CFLAGS))" \
	  LDFLAGS="-fsanitize=address,undefined" build-san/gradlab build-san/gradlab-window.so build-san/probe $(UNIT_SRC:tests/unit/%.c=build-san/%)
	@B=build-san GRADLAB=build-san/gradlab ASAN_OPTIONS=detect_leaks=1 sh tests/run.sh

install: gradlab
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/lessons $(DESTDIR)$(DATADIR)/assets $(DESTDIR)$(MANDIR)
	install -d $(DESTDIR)$(LIBDIR)
	install -m 755 gradlab $(DESTDIR)$(BINDIR)/gradlab
	install -m 644 $(B)/gradlab-window.so $(DESTDIR)$(LIBDIR)/gradlab-window.so
	install -m 644 assets/gradlab.1 $(DESTDIR)$(MANDIR)/gradlab.1
	for f in lessons/*; do [ -f "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(DATADIR)/lessons/; done; true
	for f in assets/*; do [ -f "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(DATADIR)/assets/; done; true

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/gradlab $(DESTDIR)$(MANDIR)/gradlab.1
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(LIBDIR)

clean:
	rm -rf build build-san gradlab

# make fuzz, make fuzz-regress: libFuzzer harnesses (tests/fuzz/fuzz.mk)
include tests/fuzz/fuzz.mk

-include $(wildcard $(B)/*.d $(B)/*/*.d)
