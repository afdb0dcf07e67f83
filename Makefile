# minidocker workshop kit — top-level Makefile.
#
#   sudo make run          guided walk through the labs (installs what is missing, builds all)
#   sudo make test         the kit's own test suite (what CI runs)
#   sudo make check-lab01  grade lab01 (FORMAT=human|tap|json)     make grade: all labs
#   make reset-lab01       put labs/lab01-*/minidocker.c back to the starter (keeps a backup)
#   make solution-lab01    write the reference to build/solutions/ and show the diff
#   make help              everything else
#
# Everything is built under build/ ($(O)); nothing is installed outside it.

O        := build
LABS     := 01 02 03 04 05 06
LAB_DIR   = $(wildcard labs/lab$(1)-*)
# Labs whose reference exists in labs/reference/minidocker.c (a "//@ lab NN" block).
READY_LABS := $(shell sed -n 's|^//@ lab \([0-9][0-9]\).*|\1|p' labs/reference/minidocker.c | sort -u)

CC       ?= gcc
CSTD     := -std=gnu11
WARN     := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
            -Wmissing-prototypes -Wold-style-definition -Wpointer-arith -Wwrite-strings \
            -Wvla -Wimplicit-fallthrough -Wundef -Wnull-dereference -Wcast-align
OPT      ?= -O2 -g
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CFLAGS_KIT = $(CSTD) $(OPT) $(WARN) -Ilib $(EXTRA_CFLAGS)
CRIT_LIBS := $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)
CURSES_CFLAGS := $(shell pkg-config --cflags ncursesw 2>/dev/null)
CURSES_LIBS   := $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
FORMAT   ?= human

LIB_SRC   := $(wildcard lib/*.c)
LIB_HDR   := $(wildcard lib/*.h)
CHECK_SRC := grader/check.c
UNIT_SRC  := $(wildcard tests/unit/*.c)
LIVE_SRC  := $(wildcard tests/live/*.c)
DEMO_SRC  := $(wildcard tools/demo/*.c)

.PHONY: all deps run test test-unit test-live test-checkers test-drift test-asan test-v2 \
	grade rootfs starters help clean bench format tui
.DELETE_ON_ERROR:

# The learner's own programs are not part of `all`: a lab that does not compile yet must not
# keep the guided walk from starting (check-labNN builds and reports it).
all: $(O)/libkit.a $(O)/grade $(O)/walk rootfs $(foreach n,$(READY_LABS),$(O)/checkers/lab$(n))

help:
	@sed -n 's/^#   //p' Makefile
	@echo "  make deps | all | rootfs | labNN | starters | bench | test-v2 | format | clean"

deps:
	@tools/deps.sh
# Targets that compile or run call tools/deps.sh once (it installs what is missing, or says
# in one line what to install); the stamp keeps later builds from asking dpkg again.
DEPS := $(O)/.deps-ok
$(DEPS):
	@mkdir -p $(O)
	@tools/deps.sh
	@touch $@
# Under sudo, hand build/ back to the learner so that later `make` without sudo still works.
# (The rootfs stays root's: it is the container's system.)
FIX_OWNER = if [ -n "$${SUDO_UID:-}" ]; then find $(O) labs -path $(O)/rootfs -prune -o \( -uid 0 -exec chown "$$SUDO_UID:$${SUDO_GID:-$$SUDO_UID}" {} + \) 2>/dev/null || true; fi

# ---------------------------------------------------------------- the shared library ------
$(O)/obj/%.o: lib/%.c $(LIB_HDR) | $(O)/obj
	$(CC) $(CFLAGS_KIT) -c $< -o $@
$(O)/libkit.a: $(patsubst lib/%.c,$(O)/obj/%.o,$(LIB_SRC))
	ar rcs $@ $^
$(O)/obj $(O)/asan: | $(DEPS)
	mkdir -p $@

# ---------------------------------------------------------------- rootfs ------------------
# The container's root: static busybox + the kit's static demo programs in /usr/local/bin.
DEMO_BINS := $(patsubst tools/demo/%.c,$(O)/demo/%,$(DEMO_SRC))
$(O)/demo/%: tools/demo/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) -O2 $(WARN) -static -s $< -o $@
rootfs: $(O)/rootfs/.built
$(O)/rootfs/.built: tools/mkrootfs.sh $(DEMO_BINS) | $(DEPS)
	tools/mkrootfs.sh $(O)/rootfs /bin/busybox $(DEMO_BINS)
	@touch $@

# ---------------------------------------------------------------- labs --------------------
# The learner's program: labs/labNN-*/minidocker.c → build/labs/labNN/minidocker.
# Learner code gets the same warnings, but not -Werror: a warning should not stop a lab.
# minidocker is linked statically: it starts faster (no dynamic loader on every container
# start) and runs as it is inside the cgroup v2 virtual machine.
LAB_CFLAGS = $(CSTD) -O1 -g -static $(filter-out -Werror,$(WARN))
define lab_rules
lab$(1): $(O)/labs/lab$(1)/minidocker
$(O)/labs/lab$(1)/minidocker: $(call LAB_DIR,$(1))/minidocker.c | $(DEPS)
	@mkdir -p $$(@D)
	$$(CC) $$(LAB_CFLAGS) $$< -o $$@
# Reference and starter, generated from labs/reference/minidocker.c.
$(O)/gen/lab$(1)/%.c: labs/reference/minidocker.c tools/labgen.awk
	@mkdir -p $$(@D)
	awk -v lab=$(1) -v mode=$$* -f tools/labgen.awk $$< > $$@
$(O)/gen/lab$(1)/%: $(O)/gen/lab$(1)/%.c
	$$(CC) $$(CSTD) -O1 -g -static $$(WARN) $$< -o $$@
$(O)/checkers/lab$(1): $(call LAB_DIR,$(1))/check.c $(CHECK_SRC) grader/check.h $(O)/libkit.a
	@mkdir -p $$(@D)
	$$(CC) $$(CFLAGS_KIT) -Igrader $$< $(CHECK_SRC) $(O)/libkit.a $$(CRIT_LIBS) -o $$@
check-lab$(1): $(O)/grade $(O)/checkers/lab$(1) rootfs
	@$(O)/grade --lab $(1) --format $$(FORMAT) --build "$$(MAKE) --no-print-directory -s lab$(1)"; \
	rc=$$$$?; $$(FIX_OWNER); exit $$$$rc
reset-lab$(1): $(O)/gen/lab$(1)/starter.c
	@tools/reset-lab.sh $(1) $(call LAB_DIR,$(1)) $(O)/gen/lab$(1)/starter.c
solution-lab$(1): $(O)/gen/lab$(1)/reference.c
	@tools/solution.sh $(1) $(call LAB_DIR,$(1)) $(O)/gen/lab$(1)/reference.c $(O)/solutions/lab$(1)
.PHONY: lab$(1) check-lab$(1) reset-lab$(1) solution-lab$(1)
endef
$(foreach n,$(LABS),$(eval $(call lab_rules,$(n))))

# Regenerate every committed starter from the reference (developers, after editing it).
starters: $(foreach n,$(READY_LABS),$(O)/gen/lab$(n)/starter.c)
	@for n in $(READY_LABS); do cp $(O)/gen/lab$$n/starter.c labs/lab$$n-*/minidocker.c; done
	@echo "starters regenerated: $(READY_LABS)"

grade: $(O)/grade rootfs $(foreach n,$(READY_LABS),$(O)/checkers/lab$(n))
	@tools/grade-all.sh $(READY_LABS)

# ---------------------------------------------------------------- grader, front end -------
$(O)/grade: grader/grade.c $(O)/libkit.a
	$(CC) $(CFLAGS_KIT) $< $(O)/libkit.a -o $@
$(O)/walk: tui/walk.c $(O)/libkit.a
	$(CC) $(CFLAGS_KIT) $< $(O)/libkit.a -o $@

run: all
	@$(FIX_OWNER)
	@$(O)/walk --kit .

# ---------------------------------------------------------------- tests -------------------
$(O)/tests/unit: $(UNIT_SRC) $(O)/libkit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_KIT) $(UNIT_SRC) $(O)/libkit.a $(CRIT_LIBS) -o $@
$(O)/tests/live: $(LIVE_SRC) $(O)/libkit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_KIT) $(LIVE_SRC) $(O)/libkit.a $(CRIT_LIBS) -o $@

# The ASan/UBSan build of the library, its tests, the grader and the checkers.
$(O)/asan/%.o: lib/%.c $(LIB_HDR) | $(O)/asan
	$(CC) $(CFLAGS_KIT) $(SAN) -c $< -o $@
$(O)/asan/libkit.a: $(patsubst lib/%.c,$(O)/asan/%.o,$(LIB_SRC))
	ar rcs $@ $^
$(O)/asan/unit: $(UNIT_SRC) $(O)/asan/libkit.a
	$(CC) $(CFLAGS_KIT) $(SAN) $(UNIT_SRC) $(O)/asan/libkit.a $(CRIT_LIBS) -o $@
$(O)/asan/live: $(LIVE_SRC) $(O)/asan/libkit.a
	$(CC) $(CFLAGS_KIT) $(SAN) $(LIVE_SRC) $(O)/asan/libkit.a $(CRIT_LIBS) -o $@
$(O)/asan/grade: grader/grade.c $(O)/asan/libkit.a
	$(CC) $(CFLAGS_KIT) $(SAN) $< $(O)/asan/libkit.a -o $@
$(O)/asan/checker-lab%: $(O)/asan/libkit.a $(CHECK_SRC) grader/check.h
	$(CC) $(CFLAGS_KIT) $(SAN) -Igrader $(wildcard labs/lab$*-*/check.c) $(CHECK_SRC) \
		$(O)/asan/libkit.a $(CRIT_LIBS) -o $@

TEST_BINS := $(O)/tests/unit $(O)/tests/live $(O)/grade $(O)/asan/unit $(O)/asan/live \
	$(O)/asan/grade $(foreach n,$(READY_LABS),$(O)/checkers/lab$(n) $(O)/asan/checker-lab$(n) \
	$(O)/gen/lab$(n)/reference $(O)/gen/lab$(n)/starter)

test: $(TEST_BINS) rootfs
	@V2_ARGS="$(V2_ARGS)" tests/run-all.sh $(READY_LABS)

# What runs inside the pure cgroup v2 virtual machine (tests/vm/README.md): the library's live
# tests (cgroup mode, namespaces, mounts, processes on that kernel) after the VM's own smoke test.
V2_ARGS := --add $(O)/tests/live --run './live -j1'
test-v2: $(O)/tests/live
	@tests/vm/test-v2.sh $(V2_ARGS)
test-v2-selftest:
	@tests/vm/selftest.sh

bench: all
	@bench/run-all.sh

format:
	clang-format -i lib/*.c lib/*.h grader/*.c grader/*.h tui/*.c labs/*/check.c

clean:
	rm -rf $(O)
