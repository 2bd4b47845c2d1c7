# syncbench: plain Makefile, out-of-tree build.
#   make            build build/syncbench and build/syncbench-plain
#   make test       unit + integration tests (what CI runs)
#   make check      the tests under ThreadSanitizer, then ASan+UBSan
#   make bench      the default sweep, then its plots and report.html
#   make plots      redraw plots of RUN (default results/latest)
#   make fuzz       libFuzzer targets (clang) into build-fuzz/, each run FUZZ_S seconds (default 60)
#   make torture    syncbench torture for TORTURE_S seconds (default 10; SEED=N replays a run)
#   make deps       install the Debian packages the project needs
# BUILD=dir picks another build folder; SAN=thread|address,undefined builds with a sanitizer.

BUILD   ?= build
# a plain `make` uses every CPU (the families' loops are large translation units); -jN overrides
# (only the top-level make: a sub-make shares its parent's job slots)
ifeq ($(MAKELEVEL)$(filter -j%,$(MAKEFLAGS)),0)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
SAN     ?=
CC      ?= cc
CXX     ?= c++
PKG_CONFIG ?= pkg-config

# Debian packages the project needs (make deps installs them all): listed once, in scripts/need.sh.
DEB_PKGS := $(shell sh scripts/need.sh --list test)
# What the goals need is installed before anything else is read (scripts/need.sh: apt-get as
# root, else the command to run and exit 2), so that pkg-config below sees the new packages:
# `make test` and `make bench` work on a fresh machine. SB_NO_INSTALL=1 only reports.
NEED := $(strip $(if $(filter test check,$(MAKECMDGOALS)),test,$(if $(filter bench plots,$(MAKECMDGOALS)),bench,\
        $(if $(filter-out deps clean,$(or $(MAKECMDGOALS),all)),build))))
ifneq ($(NEED),)
ifeq ($(SB_NEEDS_CHECKED),)
ifneq ($(shell sh scripts/need.sh $(NEED) >&2; echo $$?),0)
$(error the packages above are missing)
endif
endif
endif
export SB_NEEDS_CHECKED := 1
# pkg-config modules the build links.
PKGS     := liburcu-memb liburcu-qsbr liburcu-mb liburcu-bp liburcu-cds hwloc

OPT      ?= -O2
WARN     := -Wall -Wextra -Werror
CFLAGS_ALL := -std=c11 -D_GNU_SOURCE $(OPT) -g -fno-ipa-icf $(WARN) -MMD -MP -Iinclude -Isrc -I. -pthread \
              $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
CXXFLAGS_ALL := -std=c++17 -D_GNU_SOURCE $(OPT) -g $(WARN) -MMD -MP -Iinclude -Isrc -I. -pthread \
              $(shell $(PKG_CONFIG) --cflags benchmark 2>/dev/null) $(CXXFLAGS)
LDLIBS_ALL := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -pthread -lm $(LDLIBS)
ifneq ($(SAN),)
CFLAGS_ALL   += -fsanitize=$(SAN) -fno-omit-frame-pointer
CXXFLAGS_ALL += -fsanitize=$(SAN) -fno-omit-frame-pointer
LDFLAGS      += -fsanitize=$(SAN)
endif
# SB_GIT=COMMIT records that commit instead of asking git (a fleet host builds an unpacked tree
# without .git: scripts/fleet.sh passes the commit it shipped).
export SB_GIT

# The measured loops (the suite's families, google-benchmark's cases, the plain loop) start on a
# 64-byte boundary: on the project's AMD EPYC guest a loop of one or two cycles whose few
# instructions straddle a 64-byte line of code runs at half speed (an 18-byte load/add/store loop:
# 0.75 ns per iteration aligned, 1.5 ns across the line), and where a loop falls depends on
# everything the compiler put before it. Aligned, the three measurements of the cross-check run
# the same instructions from the same kind of placement (docs/crosscheck.md).
MEASURE_CFLAGS := -falign-loops=64

LIB_SRCS   := $(wildcard src/*.c)
BENCH_SRCS := $(filter-out bench/main.c,$(wildcard bench/*.c))
TEST_SRCS  := $(wildcard tests/test_*.c)
GB_C_SRCS  := $(wildcard bench/gbench/*.c)
GB_CC_SRCS := $(wildcard src/*.cc)

LIB_OBJS   := $(LIB_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/build_info.o
BENCH_OBJS := $(BENCH_SRCS:%.c=$(BUILD)/%.o)
TEST_BINS  := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
GB_OBJS    := $(GB_C_SRCS:%.c=$(BUILD)/%.o) $(GB_CC_SRCS:%.cc=$(BUILD)/%.o)
GB_PROG    := $(BUILD)/syncbench-gbench
GB_TEST    := $(BUILD)/tests/gbench_shim_test
GB_LDLIBS  := $(shell $(PKG_CONFIG) --libs benchmark 2>/dev/null)
# fuzz targets (tests/fuzz/fuzz_NAME.c): a replay driver per target, built with $(CC), for make test
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_DRIVERS := $(FUZZ_NAMES:%=$(BUILD)/tests/fuzz_%)

LIBSB      := $(BUILD)/libsyncbench.a
LIBBENCH   := $(BUILD)/libsbbench.a
PROG       := $(BUILD)/syncbench
# the cross-check's third measurement: the shared operations in a plain timed loop, no harness
PLAIN_PROG := $(BUILD)/syncbench-plain

RUN ?= results/latest

.PHONY: FORCE test-bins all test unit integration check bench plots deps gbench crosscheck clean torture fuzz fuzz-build
all: $(PROG) $(PLAIN_PROG)

# Every object depends on the flags it was compiled with: `make CFLAGS=-march=native` rebuilds.
FLAGS_STAMP := $(BUILD)/flags.txt
$(FLAGS_STAMP): FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' '$(subst ','\'',$(strip $(CC) $(CFLAGS_ALL) $(MEASURE_CFLAGS) $(CXX) $(CXXFLAGS_ALL)))' >$@.tmp; \
	 cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(BUILD)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/%.o: %.cc $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS_ALL) -c $< -o $@

# How this binary was built (meta.json, syncbench --version): regenerated on every make run and
# rewritten only when it changes (a new commit, an edited file, other flags).
$(BUILD)/build_info.c: export SB_BI_CC := $(CC)
$(BUILD)/build_info.c: export SB_BI_CFLAGS := $(strip $(CFLAGS_ALL) $(MEASURE_CFLAGS))
$(BUILD)/build_info.c: export SB_BI_LDFLAGS := $(strip $(LDFLAGS) $(LDLIBS_ALL))
$(BUILD)/build_info.c: export PKG_CONFIG := $(PKG_CONFIG)
$(BUILD)/build_info.c: FORCE
	@mkdir -p $(dir $@)
	@sh scripts/build_info.sh $@
$(BUILD)/build_info.o: $(BUILD)/build_info.c
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# The archives are rebuilt when a source file comes or goes (a removed object must leave them).
OBJS_STAMP := $(BUILD)/objects.txt
$(OBJS_STAMP): FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' $(LIB_OBJS) $(BENCH_OBJS) >$@.tmp; cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(LIBSB): $(LIB_OBJS) $(OBJS_STAMP)
	@rm -f $@
	ar rcs $@ $(LIB_OBJS)

$(LIBBENCH): $(BENCH_OBJS) $(OBJS_STAMP)
	@rm -f $@
	ar rcs $@ $(BENCH_OBJS)

# the engine (libsyncbench) reads the program's family table (libsbbench): one link group
# `syncbench report` runs scripts/report.py of this tree.
$(BUILD)/bench/main.o: private CFLAGS_ALL += -DSB_SRCDIR='"$(CURDIR)"'
$(PROG): $(BUILD)/bench/main.o $(LIBBENCH) $(LIBSB)
	$(CC) $(LDFLAGS) -o $@ $(BUILD)/bench/main.o -Wl,--start-group $(LIBBENCH) $(LIBSB) -Wl,--end-group $(LDLIBS_ALL)

# private: not inherited by their prerequisites (the flags stamp, the libraries)
$(BENCH_OBJS) $(GB_C_SRCS:%.c=$(BUILD)/%.o) $(BUILD)/bench/plain/plain.o: private CFLAGS_ALL += $(MEASURE_CFLAGS)

# bench/plain/plain.c: only the primitives and the shared operation headers (the pool and the
# worker record of bench/queue_op.h come from libsyncbench); no harness code runs in it.
$(PLAIN_PROG): $(BUILD)/bench/plain/plain.o $(LIBSB)
	$(CC) $(LDFLAGS) -o $@ $(BUILD)/bench/plain/plain.o $(LIBSB) $(LDLIBS_ALL)

# plain programs (no Criterion) that must also run under ThreadSanitizer
$(BUILD)/tests/stress_%: tests/stress_%.c $(LIBSB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LIBSB) $(LDFLAGS) $(LDLIBS_ALL)
$(BUILD)/tests/log_fmt_probe: tests/log_fmt_probe.c $(LIBSB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LIBSB) $(LDFLAGS) $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/%.c $(LIBBENCH) $(LIBSB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(shell $(PKG_CONFIG) --cflags criterion 2>/dev/null) -o $@ $< \
	    -Wl,--start-group $(LIBBENCH) $(LIBSB) -Wl,--end-group $(LDFLAGS) $(shell $(PKG_CONFIG) --libs criterion 2>/dev/null) $(LDLIBS_ALL)

# tests/faults.sh: broken pthread mutex/condvar calls through LD_PRELOAD (no sanitizer: it is
# loaded into the program, before everything else)
$(BUILD)/tests/preload_broken.so: tests/preload_broken.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_GNU_SOURCE -O2 $(WARN) -fPIC -shared -o $@ $< -ldl

# the fuzz targets linked with a driver that replays files (tests/fuzz/driver.c)
$(BUILD)/tests/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/driver.c tests/fuzz/fuzz.h $(LIBBENCH) $(LIBSB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ tests/fuzz/fuzz_$*.c tests/fuzz/driver.c \
	    -Wl,--start-group $(LIBBENCH) $(LIBSB) -Wl,--end-group $(LDFLAGS) $(LDLIBS_ALL)

# google-benchmark through the C shim (src/*.cc): linked with the C++ compiler.
gbench: $(GB_PROG)
$(GB_PROG): $(GB_OBJS) $(LIBBENCH) $(LIBSB)
	$(CXX) $(LDFLAGS) -o $@ $(GB_OBJS) -Wl,--start-group $(LIBBENCH) $(LIBSB) -Wl,--end-group $(GB_LDLIBS) $(LDLIBS_ALL)
$(GB_TEST): $(BUILD)/tests/gbench_shim_test.o $(GB_CC_SRCS:%.cc=$(BUILD)/%.o)
	$(CXX) $(LDFLAGS) -o $@ $^ $(GB_LDLIBS) $(LDLIBS_ALL)

# The uncontended cases under the suite and under google-benchmark, side by side, with the plain loop, in paired rounds (about 4 min);
# CROSSCHECK_FLAGS passes options to scripts/crosscheck.py (e.g. --only mutex,rwlock -r 3).
crosscheck: $(PROG) $(GB_PROG) $(PLAIN_PROG)
	python3 scripts/crosscheck.py --build $(BUILD) $(CROSSCHECK_FLAGS)

deps:
	@if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS); \
	 else \
	    echo "run as root: apt-get update && apt-get install -y $(DEB_PKGS)"; exit 1; \
	 fi

# --- tests -----------------------------------------------------------------------------------
test:
	@$(MAKE) --no-print-directory $(PROG) $(TEST_BINS) $(GB_PROG) $(GB_TEST) $(BUILD)/tests/stress_log $(BUILD)/tests/log_fmt_probe $(FUZZ_DRIVERS) \
	    $(BUILD)/tests/preload_broken.so
	@BUILD=$(BUILD) SB_SANITIZER=$(SAN) sh scripts/run_tests.sh $(TEST_BINS)

# ThreadSanitizer: Criterion cannot start under TSan (its inheritable arena collides with TSan's
# memory layout: Criterion issue #274), so the TSan pass runs the plain test binaries against the
# TSan-built program: every integration test drives $(BUILD)/syncbench, where the threads are.
# ASan+UBSan builds everything, tests included.
check:
	$(MAKE) --no-print-directory BUILD=build-tsan SAN=thread OPT=-O1 build-tsan/syncbench \
	    build-tsan/syncbench-gbench build-tsan/tests/gbench_shim_test build-tsan/tests/stress_log \
	    build-tsan/tests/log_fmt_probe
	$(MAKE) --no-print-directory BUILD=build test-bins
	SB_SANITIZER=thread BUILD=build-tsan sh scripts/run_tests.sh $(TEST_SRCS:tests/%.c=build/tests/%)
	$(MAKE) --no-print-directory BUILD=build-asan SAN=address,undefined OPT=-O1 test

test-bins: $(PROG) $(TEST_BINS)

# --- the main job ----------------------------------------------------------------------------
bench: $(PROG)
	@$(PROG) run --default-sweep --dry-run | tail -n 1
	$(PROG) run --default-sweep
	$(MAKE) --no-print-directory plots RUN=results/latest
	$(PROG) report results/latest

plots:
	@sh scripts/plot.sh $(RUN) $(COMPARE)

# --- fuzzing (docs/fuzzing.md): clang's libFuzzer with ASan+UBSan, the libraries rebuilt with
# coverage into build-fuzz/; each target runs FUZZ_S seconds from its seed corpus tests/corpus/NAME/
# (new inputs go to build-fuzz/corpus/NAME/, crashes to build-fuzz/crash-NAME-*). The libraries are
# rebuilt without -Werror: clang warns where gcc does not (make test keeps -Werror with $(CC)).
FUZZ_S  ?= 60
FUZZ_CC ?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
fuzz-build:
	$(MAKE) --no-print-directory BUILD=build-fuzz CC=$(FUZZ_CC) SAN=address,undefined OPT=-O1 WARN="-Wall -Wextra" \
	    CFLAGS="-fsanitize=fuzzer-no-link -fno-sanitize-recover=all" build-fuzz/libsyncbench.a build-fuzz/libsbbench.a
	@for t in $(FUZZ_NAMES); do \
	    echo "$(FUZZ_CC) -o build-fuzz/fuzz_$$t"; \
	    $(FUZZ_CC) -std=c11 -D_GNU_SOURCE -O1 -g -Wall -Wextra -Werror -Iinclude -Isrc -I. -pthread \
	        -fsanitize=fuzzer $(FUZZ_SAN) -o build-fuzz/fuzz_$$t tests/fuzz/fuzz_$$t.c \
	        -Wl,--start-group build-fuzz/libsbbench.a build-fuzz/libsyncbench.a -Wl,--end-group $(LDLIBS_ALL) || exit 1; \
	done
fuzz: fuzz-build
	sh tests/fuzz/run.sh $(FUZZ_S) $(FUZZ_NAMES)

# --- torture: hunt for bugs in the primitives (docs/torture.md) ---------------------------------
TORTURE_S ?= 10
torture: $(PROG)
	$(PROG) torture --duration $(TORTURE_S)s $(if $(SEED),--seed $(SEED))

clean:
	rm -rf build build-tsan build-asan build-fuzz

-include $(LIB_OBJS:.o=.d) $(BENCH_OBJS:.o=.d) $(GB_OBJS:.o=.d) $(BUILD)/bench/main.d $(GB_TEST).d $(BUILD)/bench/plain/plain.d
