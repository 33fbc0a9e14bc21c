# Robustness checks, included from the Makefile: fuzzing, sanitizers, fault
# injection on fake roots, static analysis. Uses the Makefile's BUILD, SRCS,
# KLIBC_SRCS, CORE_SRCS, HDRS, BASE_CFLAGS, HOST_LIBS and UNIT_TESTS. Every check
# target ends with an "N passed, N failed, N skipped" line and fails when N failed > 0.
#
#   make check-sanitize          unit tests and fake-sysfs tests, built with ASan+UBSan
#   make check-fuzz              replays the fuzz corpus and kept crashes (no libFuzzer needed)
#   make fuzz FUZZ_SECONDS=N     runs every libFuzzer target for N seconds (clang)
#   make check-faults            the shipped binaries (musl, klibc) against broken fake roots
#   make check-static            -Werror under gcc and clang, cppcheck, clang-tidy, shellcheck
#   make check-robustness        all of the above but fuzz
#
# Include it after the Makefile's variables (its static pattern rules expand
# SRCS and CORE_SRCS when read).

RB_MAKEFILE := $(firstword $(MAKEFILE_LIST))
RB_KMOD_CFLAGS := $(shell pkg-config --cflags libkmod blkid libpci 2>/dev/null)
CLANG ?= clang

# --- sanitizers: the glibc build and the unit tests with ASan and UBSan, every report fatal
ASAN_DIR = $(BUILD)/asan
ASAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
ASAN_CFLAGS = $(BASE_CFLAGS) -Ibinder -O1 $(ASAN_FLAGS) $(RB_KMOD_CFLAGS)
ASAN_OBJS = $(SRCS:binder/%.c=$(ASAN_DIR)/%.o)
ASAN_CORE_OBJS = $(CORE_SRCS:binder/%.c=$(ASAN_DIR)/%.o)
ASAN_UNIT_BINS = $(UNIT_TESTS:%=$(ASAN_DIR)/tests/%)

$(ASAN_OBJS): $(ASAN_DIR)/%.o: binder/%.c $(HDRS)
	@mkdir -p $(@D)
	$(call say,CC,$@)
	$(Q)$(CC) $(ASAN_CFLAGS) -c -o $@ $<

# lsan-traced.c turns the leak check off under ptrace (strace in tests/sysfs/run.sh) only
$(ASAN_DIR)/vfio-binder: $(ASAN_OBJS) tests/sanitize/lsan-traced.c
	$(call say,CCLD,$@)
	$(Q)$(CC) $(ASAN_CFLAGS) -o $@ $(ASAN_OBJS) tests/sanitize/lsan-traced.c $(HOST_LIBS)

$(ASAN_UNIT_BINS): $(ASAN_DIR)/tests/%: tests/unit/%.c tests/unit/*.h tests/plan-invariants.h $(ASAN_CORE_OBJS)
	@mkdir -p $(@D)
	$(call say,CCLD,$@)
	$(Q)$(CC) $(ASAN_CFLAGS) -Itests -o $@ $< $(ASAN_CORE_OBJS) -lcmocka

# the klibc build's sources (its own module loader) under glibc, for the
# module loader suite
ASAN_KLIBC_OBJS = $(KLIBC_SRCS:binder/%.c=$(ASAN_DIR)/%.o)

$(ASAN_DIR)/sys/modload.o $(ASAN_DIR)/cmd/table-initramfs.o: $(ASAN_DIR)/%.o: binder/%.c $(HDRS)
	@mkdir -p $(@D)
	$(call say,CC,$@)
	$(Q)$(CC) $(ASAN_CFLAGS) -c -o $@ $<

$(ASAN_DIR)/klibc/vfio-binder: $(ASAN_KLIBC_OBJS) tests/sanitize/lsan-traced.c
	@mkdir -p $(@D)
	$(call say,CCLD,$@)
	$(Q)$(CC) $(ASAN_CFLAGS) -o $@ $(ASAN_KLIBC_OBJS) tests/sanitize/lsan-traced.c

SANITIZE_BINS = $(ASAN_DIR)/vfio-binder $(ASAN_DIR)/klibc/vfio-binder $(ASAN_UNIT_BINS)

check-sanitize: $(SANITIZE_BINS)
	sh tests/sanitize/run.sh $(ASAN_DIR)/reports $(SANITIZE_BINS)

# --- fuzzing: libFuzzer targets (clang), and a plain replay driver for check
FUZZ_TARGETS = fuzz-cmdline fuzz-items fuzz-conf fuzz-plan fuzz-bootrecord fuzz-moddep
FUZZ_SECONDS ?= 60
FUZZ_DIR = $(BUILD)/fuzz
FUZZ_CFLAGS = $(BASE_CFLAGS) -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all -Ibinder -Itests
# the targets link the core alone, as the unit tests do
FUZZ_LIB_OBJS = $(CORE_SRCS:binder/%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_BINS = $(FUZZ_TARGETS:%=$(FUZZ_DIR)/%)
REPLAY_BINS = $(FUZZ_TARGETS:%=$(ASAN_DIR)/replay/%)

$(FUZZ_LIB_OBJS): $(FUZZ_DIR)/obj/%.o: binder/%.c $(HDRS)
	@mkdir -p $(@D)
	$(call say,CC,$@)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<

$(FUZZ_BINS): $(FUZZ_DIR)/%: tests/fuzz/%.c tests/fuzz/fuzz.h tests/plan-invariants.h $(FUZZ_LIB_OBJS)
	$(call say,CCLD,$@)
	$(Q)$(CLANG) $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(FUZZ_LIB_OBJS)

$(REPLAY_BINS): $(ASAN_DIR)/replay/%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h tests/plan-invariants.h \
		$(ASAN_CORE_OBJS)
	@mkdir -p $(@D)
	$(call say,CCLD,$@)
	$(Q)$(CC) $(ASAN_CFLAGS) -Itests -o $@ $< tests/fuzz/replay.c $(ASAN_CORE_OBJS)

fuzz: $(FUZZ_BINS)
	sh tests/fuzz/run.sh fuzz $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

check-fuzz: $(REPLAY_BINS)
	sh tests/fuzz/run.sh replay $(ASAN_DIR)/replay $(FUZZ_TARGETS)

# --- fault injection: the shipped binaries against broken fake roots
check-faults: $(INITRAMFS_BIN)
	sh tests/faults/run.sh $(INITRAMFS_BIN)

check-faults-klibc: $(KLIBC_BIN)
	sh tests/faults/run.sh $(KLIBC_BIN)

# --- static analysis
check-static:
	MAKE='$(MAKE)' MAKEFILE='$(RB_MAKEFILE)' BUILD='$(BUILD)' UNIT_TESTS='$(UNIT_TESTS)' \
		CFLAGS_CHECK='$(BASE_CFLAGS) -Ibinder -Itests $(RB_KMOD_CFLAGS)' CORE_SRCS='$(CORE_SRCS)' KLCC='$(KLCC)' \
		sh tests/static/run.sh

# what the suites above run, for `make test` to build first, all at once
ROBUSTNESS_BINS = $(SANITIZE_BINS) $(REPLAY_BINS)

check-robustness: check-sanitize check-fuzz check-faults check-faults-klibc check-static

clean-robustness:
	rm -rf $(ASAN_DIR) $(FUZZ_DIR) $(BUILD)/static

.PHONY: check-sanitize fuzz check-fuzz check-faults check-faults-klibc check-static check-robustness clean-robustness
