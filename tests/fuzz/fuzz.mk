# libFuzzer harnesses (clang): the command language, the same with the file
# commands and a record on, the CSV reader, the lesson parser, the lesson
# player, the .npy reader and the shared session line.
# Included from the top-level Makefile:
#
#     include tests/fuzz/fuzz.mk
#
# (best after LIB_SRC, KERNELS_SRC and CORE_SRC are defined; included before
# them, or used alone with `make -f tests/fuzz/fuzz.mk fuzz`, it links every
# src/*/*.c except the front ends in src/front, and the command table).
#
#   make fuzz                       each harness for FUZZ_SECONDS (600), FUZZ_JOBS (1) at a
#                                   time, on a copy of its seed corpus in build-fuzz/
#                                   (its log: build-fuzz/fuzz_NAME.log)
#   make fuzz FUZZ_SECONDS=60 FUZZ_TARGETS=csv
#   make fuzz-regress               run every crash reproducer (tests/fuzz/regress_*/) and
#                                   every seed once: quick, for `make test`
#
# A crash, leak, timeout or UB found by `make fuzz` is written to
# build-fuzz/artifacts/; keep it as tests/fuzz/regress_HARNESS/WHAT-IT-IS.

FUZZ_CC      ?= clang
FUZZ_B       ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= command record csv lesson player npy share
FUZZ_ALL      = command record csv lesson player npy share
FUZZ_JOBS    ?= 1
FUZZ_FLAGS   ?= -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=all
FUZZ_DEFS     = -std=c11 -ffp-contract=off -D_POSIX_C_SOURCE=200809L -DGRADLAB_VERSION='"fuzz"' \
                -DGRADLAB_DATADIR='"/nonexistent"' \
                $(patsubst %,-I%,$(filter-out src/front,$(wildcard src/*)))
FUZZ_RUN_OPTS ?= -max_len=4096 -timeout=5 -rss_limit_mb=2048
FUZZ_DIR      = tests/fuzz

# every layer below the front ends (src/front: render, repl, main), and
# the command table (src/front/table.c, which includes those layers only)
FUZZ_TABLE_SRC    = src/front/table.c
FUZZ_FALLBACK_SRC = $(filter-out src/front/%,$(wildcard src/*/*.c))
FUZZ_CMD_SRC = $(if $(LIB_SRC),$(LIB_SRC),$(FUZZ_FALLBACK_SRC)) $(FUZZ_TABLE_SRC)
FUZZ_CSV_SRC = $(if $(CORE_SRC),$(KERNELS_SRC) $(CORE_SRC),$(FUZZ_FALLBACK_SRC))

.PHONY: fuzz fuzz-build fuzz-regress fuzz-deps $(FUZZ_ALL:%=fuzz-run-%)

# clang (libFuzzer comes with it) is only needed here: not in `make deps`
fuzz-deps:
	@$(MAKE) --no-print-directory DEB_PKGS=clang deps

fuzz-build: fuzz-deps $(FUZZ_ALL:%=$(FUZZ_B)/fuzz_%)

$(FUZZ_B)/fuzz_command: $(FUZZ_DIR)/fuzz_command.c $(FUZZ_CMD_SRC) $(wildcard src/*/*.h)
	@mkdir -p $(FUZZ_B)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_DEFS) -o $@ $(FUZZ_DIR)/fuzz_command.c $(FUZZ_CMD_SRC) -lm

$(FUZZ_B)/fuzz_record: $(FUZZ_DIR)/fuzz_record.c $(FUZZ_DIR)/fuzz_command.c $(FUZZ_DIR)/fuzz_stop.h $(FUZZ_CMD_SRC) \
                       $(wildcard src/*/*.h)
	@mkdir -p $(FUZZ_B)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_DEFS) -o $@ $(FUZZ_DIR)/fuzz_record.c $(FUZZ_CMD_SRC) -lm

$(FUZZ_B)/fuzz_player: $(FUZZ_DIR)/fuzz_player.c $(FUZZ_DIR)/fuzz_stop.h $(FUZZ_CMD_SRC) $(wildcard src/*/*.h)
	@mkdir -p $(FUZZ_B)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_DEFS) -o $@ $(FUZZ_DIR)/fuzz_player.c $(FUZZ_CMD_SRC) -lm

$(FUZZ_B)/fuzz_lesson: $(FUZZ_DIR)/fuzz_lesson.c $(FUZZ_CMD_SRC) $(wildcard src/*/*.h)
	@mkdir -p $(FUZZ_B)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_DEFS) -o $@ $(FUZZ_DIR)/fuzz_lesson.c $(FUZZ_CMD_SRC) -lm

$(FUZZ_B)/fuzz_share: $(FUZZ_DIR)/fuzz_share.c $(FUZZ_CMD_SRC) $(wildcard src/*/*.h)
	@mkdir -p $(FUZZ_B)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_DEFS) -o $@ $(FUZZ_DIR)/fuzz_share.c $(FUZZ_CMD_SRC) -lm

$(FUZZ_B)/fuzz_csv: $(FUZZ_DIR)/fuzz_csv.c $(FUZZ_DIR)/fuzz_data.h $(FUZZ_CSV_SRC) $(wildcard src/*/*.h)
	@mkdir -p $(FUZZ_B)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_DEFS) -o $@ $(FUZZ_DIR)/fuzz_csv.c $(FUZZ_CSV_SRC) -lm

$(FUZZ_B)/fuzz_npy: $(FUZZ_DIR)/fuzz_npy.c $(FUZZ_DIR)/fuzz_data.h $(FUZZ_CSV_SRC) $(wildcard src/*/*.h)
	@mkdir -p $(FUZZ_B)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_DEFS) -o $@ $(FUZZ_DIR)/fuzz_npy.c $(FUZZ_CSV_SRC) -lm

# the seed folders of harness $h: tests/fuzz/corpus_NAME; for npy numpy's
# own files, the fixtures of tests/ref/npy; for record the command
# harness's seeds too; for the player the shipped lessons too
FUZZ_SEEDS = d=$(FUZZ_DIR)/corpus_$$h; [ $$h = npy ] && d=tests/ref/npy; \
             [ $$h = record ] && d="$$d $(FUZZ_DIR)/corpus_command"; [ $$h = player ] && d="$$d lessons"; :

# Fuzz on build-fuzz/corpus_NAME: the seeds are copied in, and what the
# fuzzer finds accumulates there from run to run (rm -rf build-fuzz to start
# over); the committed seed corpus is never written to.
# FUZZ_JOBS harnesses run at once (make's jobs: one a harness); each
# ends with libFuzzer's figures (executions, coverage, peak memory).
fuzz: fuzz-build
	@mkdir -p $(FUZZ_B)/artifacts
	@$(MAKE) --no-print-directory -j$(FUZZ_JOBS) $(FUZZ_TARGETS:%=fuzz-run-%)

$(FUZZ_ALL:%=fuzz-run-%): fuzz-run-%:
	@h=$*; $(FUZZ_SEEDS); mkdir -p $(FUZZ_B)/corpus_$$h && for s in $$d; do cp $$s/* $(FUZZ_B)/corpus_$$h/ || exit 1; done; \
	  dict=$(FUZZ_DIR)/fuzz_$$h.dict; [ $$h = record ] && dict=$(FUZZ_DIR)/fuzz_command.dict; \
	  echo "fuzz: $$h for $(FUZZ_SECONDS) s (log: $(FUZZ_B)/fuzz_$$h.log)"; \
	  ./$(FUZZ_B)/fuzz_$$h $(FUZZ_RUN_OPTS) -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    $$([ -f $$dict ] && echo -dict=$$dict) -artifact_prefix=$(FUZZ_B)/artifacts/$$h- \
	    $(FUZZ_B)/corpus_$$h >$(FUZZ_B)/fuzz_$$h.log 2>&1; rc=$$?; \
	  grep -E '^#[0-9]+[[:space:]]+DONE|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
	    $(FUZZ_B)/fuzz_$$h.log | sed "s/^/fuzz: $$h: /"; \
	  [ $$rc = 0 ] || { tail -n 40 $(FUZZ_B)/fuzz_$$h.log; echo "fuzz: $$h FAILED"; exit 1; }

# Every reproducer and every seed, each run once (libFuzzer runs the files
# it is given and exits). The command harness starts a fresh session for
# each file, so a reproducer needs nothing run before it.
fuzz-regress: fuzz-build
	@for h in $(FUZZ_ALL); do \
	  $(FUZZ_SEEDS); files=$$(find $$d $(FUZZ_DIR)/regress_$$h -type f 2>/dev/null | LC_ALL=C sort); \
	  n=$$(printf '%s\n' "$$files" | grep -c .); \
	  FUZZ_COMMAND_FRESH=1 ./$(FUZZ_B)/fuzz_$$h $(FUZZ_RUN_OPTS) $$files >$(FUZZ_B)/regress_$$h.log 2>&1 || \
	    { tail -n 60 $(FUZZ_B)/regress_$$h.log; echo "fuzz-regress: $$h FAILED (log: $(FUZZ_B)/regress_$$h.log)"; exit 1; }; \
	  echo "fuzz-regress: $$h: $$n files ok"; \
	done
