# minidocker workshop kit — top-level Makefile.
#
#   sudo ./kit run         the same as sudo make run, on a machine without make (installs it)
#   sudo make run          the labs in the TUI, host and container views side by side
#                          (installs what is missing, builds all); make walk: plain terminal
#   sudo make test         the kit's own test suite (what CI runs); T=lab03,grade: only those
#                          parts (tests/t/*.t); J=2: two parts at a time where that is safe
#   sudo make check-lab01  grade lab01 (FORMAT=human|tap|json)     make grade: all labs
#                          (sudo ./kit check-lab01: the same, exit 0 pass, 1 fail, 2 broken)
#   make reset-lab01       put labs/lab01-*/minidocker.c back to the starter (keeps a backup)
#   make reset-lab01 GUIDED=1   the same, the guided starter: TODOs that spell out each call
#   make solution-lab01    write the reference to build/solutions/ and show the diff
#   sudo make mutate       mutation testing: each statement of the references, deleted, fails a check
#   make fuzz              each parser under libFuzzer for FUZZ_SECONDS (60) seconds
#   make doctor            can this machine run each lab? (tools/doctor; --brief for the TUI)
#   make run-rootless LAB=03   lab 01-03's minidocker without sudo, in a user namespace the kit
#                          makes (CMD='ps': that command inside; README: what works without root)
#   make report            your bundle for the instructor, and your pseudonymous id (OUT=DIR)
#   make class-report DIR=D  the instructor's page and CSV from the bundles in D (README)
#   sudo make test-fresh   the README's commands on fresh Debian 12 and 13 roots (~15 min)
#   make help              everything else
#
# Everything is built under build/ ($(O)); nothing is installed outside it.

O        := build
# The message catalogue (po/, lib/i18n.h), compiled.
DOMAIN    := minidocker-kit
LOCALE_MO := $(O)/locale/ja/LC_MESSAGES/$(DOMAIN).mo
# Stamps of the dependency step (tools/deps.sh): the learner's packages, and all of them.
DEPS      := $(O)/.deps-ok
TEST_DEPS := $(O)/.deps-all-ok
# The labs: labs/labs.tsv (number, folder, the learner's files, cgroup or not).
LABS     := $(shell awk '!/^\#/ && NF { print $$1 }' labs/labs.tsv)
LAB_DIR   = labs/$(shell awk -v n=$(1) '!/^\#/ && $$1 == n { print $$2 }' labs/labs.tsv)
# Labs whose reference exists in labs/reference/ (a "//@ lab NN" block in one of its files).
READY_LABS := $(shell cat labs/reference/*.[ch] | sed -n 's|^//@ lab \([0-9][0-9]\).*|\1|p' | sort -u)
# A lab's files (labs/labs.tsv), each rendered from labs/reference/ by tools/labgen.awk:
# minidocker's sources (LAB_SRCS) and headers (LAB_HDRS), and the files of the lab's apps
# (APP_FILES: lab06's ctr_limits.c goes into the apps its checker builds, not into minidocker).
comma    := ,
APP_FILES := ctr_limits.c
LAB_FILES = $(subst $(comma), ,$(shell awk -v n=$(1) '!/^\#/ && $$1 == n { print $$3 }' labs/labs.tsv))
LAB_SRCS  = $(filter-out $(APP_FILES),$(filter %.c,$(call LAB_FILES,$(1))))
LAB_HDRS  = $(filter %.h,$(call LAB_FILES,$(1)))
# Where lab N's rendering of FILE goes, as MODE (reference or starter), below build/gen/labNN/:
# minidocker.c is MODE.c, another NAME.c is NAME-MODE.c, a header is itself (it holds no
# learner code: its starter is its reference).
GEN_NAME  = $(if $(filter minidocker.c,$(1)),$(2).c,$(if $(filter %.h,$(1)),$(1),$(1:.c=)-$(2).c))
GEN_FILES = $(foreach f,$(call LAB_FILES,$(1)),$(O)/gen/lab$(1)/$(call GEN_NAME,$(f),$(2)))

CC       ?= gcc
CSTD     := -std=gnu11
WARN     := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes \
            -Wmissing-prototypes -Wold-style-definition -Wpointer-arith -Wwrite-strings \
            -Wvla -Wimplicit-fallthrough -Wundef -Wnull-dereference -Wcast-align
OPT      ?= -O2 -g
SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
CFLAGS_KIT = $(CSTD) $(OPT) $(WARN) -Ilib -DKIT_LOCALEDIR='"$(abspath $(O))/locale"' $(EXTRA_CFLAGS)
CRIT_LIBS := $(shell pkg-config --libs criterion 2>/dev/null || echo -lcriterion)
CURSES_CFLAGS := $(shell pkg-config --cflags ncursesw 2>/dev/null)
CURSES_LIBS   := $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw)
# libseccomp: the box's system call filter (lib/box.c)
SECCOMP_LIBS  := $(shell pkg-config --libs libseccomp 2>/dev/null || echo -lseccomp)
FORMAT   ?= human
# reset-labNN GUIDED=1: the guided starter (tools/labgen.awk mode=guided: each TODO spelled out).
GUIDED   ?=
STARTER_MODE = $(if $(filter 1 yes,$(GUIDED)),guided,starter)
# check-labNN PROGRAM=PATH grades that program instead of building the learner's (the kit's tests).
PROGRAM  ?=
KIT_RC_FILE ?=

LIB_SRC   := $(wildcard lib/*.c)
LIB_HDR   := $(wildcard lib/*.h)
# What every checker shares (grader/check.c: running minidocker, in the background too, and the
# wording of failures; grader/check_cgroup.c: the cgroup checks' helpers), compiled once and
# linked into each checker.
CHECK_SRC := grader/check.c grader/check_cgroup.c
CHECK_HDR := grader/check.h grader/check_cgroup.h
CHECK_OBJ := $(patsubst grader/%.c,$(O)/grader/%.o,$(CHECK_SRC))
CHECK_ASAN_OBJ := $(patsubst grader/%.c,$(O)/asan/grader/%.o,$(CHECK_SRC))
UNIT_SRC  := $(wildcard tests/unit/*.c)
LIVE_SRC  := $(wildcard tests/live/*.c)
DEMO_SRC  := $(wildcard tools/demo/*.c)

.PHONY: all deps doctor test-fresh run test test-unit test-live test-checkers test-tui \
	test-hostile test-v2 grade rootfs starters help clean bench format tui walk fuzz
.DELETE_ON_ERROR:

# The learner's own programs are not part of `all`: a lab that does not compile yet must not
# keep the guided walk from starting (check-labNN builds and reports it).
all: $(O)/libkit.a $(O)/grade $(O)/box $(O)/rootless $(O)/walk $(O)/tui rootfs $(foreach n,$(READY_LABS),$(O)/checkers/lab$(n))

help:
	@sed -n 's/^#   //p' Makefile
	@echo "  make deps | doctor | all | rootfs | labNN | starters | bench | test-v2 | test-fresh | format | clean"

deps:
	@tools/deps.sh
# What this machine lets each lab do; needs nothing built (exit 0 all, 1 some, 2 none can run).
doctor:
	@tools/doctor
# The README's two commands on fresh minbase roots (tests/fresh/run.sh; FRESH_SUITES, and
# KIT_FRESH_CACHE for the downloaded packages). Slow: not part of make test.
test-fresh: $(TEST_DEPS)
	@tests/fresh/run.sh
# Targets that compile or run call tools/deps.sh once (it installs what is missing, or says
# in one line what to install); the stamp keeps later builds from asking dpkg again.
# Building and the labs need the learner's packages (tools/deps.sh --learner); the test suite,
# benchmarks and fuzzing all of them ($(TEST_DEPS)).
$(DEPS): tools/deps.sh
	@mkdir -p $(O)
	@tools/deps.sh --learner
	@touch $@
$(TEST_DEPS): tools/deps.sh
	@mkdir -p $(O)
	@tools/deps.sh
	@touch $@
# Under sudo, hand build/ back to the learner so that later `make` without sudo still works.
# (The rootfs stays root's: it is the container's system.)
FIX_OWNER = if [ -n "$${SUDO_UID:-}" ]; then find $(O) labs -path $(O)/rootfs -prune -o \( -uid 0 -exec chown "$$SUDO_UID:$${SUDO_GID:-$$SUDO_UID}" {} + \) 2>/dev/null || true; fi

# ---------------------------------------------------------------- the shared library ------
$(O)/obj/%.o: lib/%.c $(LIB_HDR) | $(O)/obj
	$(CC) $(CFLAGS_KIT) -c $< -o $@
$(O)/libkit.a: $(patsubst lib/%.c,$(O)/obj/%.o,$(LIB_SRC)) | $(LOCALE_MO)
	rm -f $@ && ar rcs $@ $^
$(O)/obj $(O)/asan: | $(DEPS)
	mkdir -p $@

# ---------------------------------------------------------------- rootfs ------------------
# Yardsticks for bench/lab04-05-cgroups.sh (not part of `all`).
BENCH_BINS := $(O)/bench/minimal-runtime $(O)/bench/empty-main $(O)/bench/exit-only
$(O)/bench/exit-only: bench/exit-only.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) -O2 $(WARN) -static -nostdlib $< -o $@
$(O)/bench/%: bench/%.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) -O2 $(WARN) -static $< -o $@

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
# The learner's program: labs/labNN-*/minidocker.c and the lab's other sources (labs.tsv:
# cgroup.c from lab04, views.c and caps.c in lab06) → build/labs/labNN/minidocker.
# Learner code gets the same warnings, but not -Werror: a warning should not stop a lab.
# minidocker is linked statically: it starts faster (no dynamic loader on every container
# start) and runs as it is inside the cgroup v2 virtual machine.
LAB_CFLAGS = $(CSTD) -O1 -g -static $(filter-out -Werror,$(WARN))
# gen_file_rule LAB FILE MODE: lab LAB's rendering of labs/reference/FILE as MODE.
define gen_file_rule
$(O)/gen/lab$(1)/$(call GEN_NAME,$(2),$(3)): labs/reference/$(2) tools/labgen.awk
	@mkdir -p $$(@D)
	awk -v lab=$(1) -v mode=$(3) -f tools/labgen.awk $$< > $$@
endef
define lab_rules
lab$(1): $(O)/labs/lab$(1)/minidocker
# Linked under a name of its own, then renamed: a build killed half-way (the TUI's s stops a
# run that is still building, with SIGKILL) leaves no truncated minidocker newer than its
# sources, which make would take as built ("Permission denied" ever after).
$(O)/labs/lab$(1)/minidocker: $(addprefix $(call LAB_DIR,$(1))/,$(call LAB_SRCS,$(1)) $(call LAB_HDRS,$(1))) | $(DEPS)
	@mkdir -p $$(@D)
	@rm -f $$@.*.tmp
	$$(CC) $$(LAB_CFLAGS) $$(filter %.c,$$^) -o $$@.$$$$$$$$.tmp && mv -f $$@.$$$$$$$$.tmp $$@
# Reference and starter, generated from labs/reference/ (the binaries are built from the
# lab's minidocker sources; the apps' files are rendered beside them for the checker).
$(foreach f,$(call LAB_FILES,$(1)),$(eval $(call gen_file_rule,$(1),$(f),reference)))
$(foreach f,$(filter %.c,$(call LAB_FILES,$(1))),$(eval $(call gen_file_rule,$(1),$(f),starter)))
$(foreach f,$(filter %.c,$(call LAB_FILES,$(1))),$(eval $(call gen_file_rule,$(1),$(f),guided)))
$(O)/gen/lab$(1)/reference: $(call GEN_FILES,$(1),reference)
	$$(CC) $$(CSTD) -O1 -g -static $$(WARN) $(foreach f,$(call LAB_SRCS,$(1)),$(O)/gen/lab$(1)/$(call GEN_NAME,$(f),reference)) -o $$@
$(O)/gen/lab$(1)/starter: $(call GEN_FILES,$(1),starter)
	$$(CC) $$(CSTD) -O1 -g -static $$(WARN) $(foreach f,$(call LAB_SRCS,$(1)),$(O)/gen/lab$(1)/$(call GEN_NAME,$(f),starter)) -o $$@
$(O)/checkers/lab$(1): $(call LAB_DIR,$(1))/check.c $(CHECK_OBJ) $(CHECK_HDR) $(O)/libkit.a
	@mkdir -p $$(@D)
	$$(CC) $$(CFLAGS_KIT) -Igrader $$< $(CHECK_OBJ) $(O)/libkit.a $(SECCOMP_LIBS) $$(CRIT_LIBS) -o $$@
# The ASan/UBSan checker's recipe is the pattern rule below; its check.c is named here (a
# pattern's prerequisites cannot find labs/labNN-*/), so that an edited check is rebuilt.
$(O)/asan/checker-lab$(1): $(call LAB_DIR,$(1))/check.c
# grade's status is 0 (all passed), 1 (a check failed) or 2 (broken), but make says 2 for any
# failed command: ./kit check-labNN passes KIT_RC_FILE, where grade's own status is written
# (and the recipe then succeeds), and exits with it.
check-lab$(1): $(O)/grade $(O)/checkers/lab$(1) rootfs
	@$(O)/grade --lab $(1) --format $$(FORMAT) $$(if $$(PROGRAM),--program "$$(PROGRAM)",--build "$$(MAKE) --no-print-directory -s lab$(1)"); \
	rc=$$$$?; $$(FIX_OWNER); \
	if [ -n "$$(KIT_RC_FILE)" ]; then echo $$$$rc >"$$(KIT_RC_FILE)"; exit 0; fi; exit $$$$rc
reset-lab$(1): $(call GEN_FILES,$(1),$(STARTER_MODE))
	@tools/reset-lab.sh $(1) $(call LAB_DIR,$(1)) $(O)/gen/lab$(1)/$(STARTER_MODE).c
	@if [ "$$$$(id -u)" = 0 ] && [ -x $(O)/box ]; then $(O)/box --sweep; fi
solution-lab$(1): $(call GEN_FILES,$(1),reference)
	@tools/solution.sh $(1) $(call LAB_DIR,$(1)) $(O)/gen/lab$(1)/reference.c $(O)/solutions/lab$(1)
.PHONY: lab$(1) check-lab$(1) reset-lab$(1) solution-lab$(1)
endef
$(foreach n,$(LABS),$(eval $(call lab_rules,$(n))))

# Regenerate every committed starter from the reference (developers, after editing it).
starters: $(foreach n,$(READY_LABS),$(call GEN_FILES,$(n),starter))
	@$(foreach n,$(READY_LABS),$(foreach f,$(call LAB_FILES,$(n)),cp $(O)/gen/lab$(n)/$(call GEN_NAME,$(f),starter) $(call LAB_DIR,$(n))/$(f) &&)) :
	@echo "starters regenerated: $(READY_LABS)"

grade: $(O)/grade rootfs $(foreach n,$(READY_LABS),$(O)/checkers/lab$(n))
	@tools/grade-all.sh $(READY_LABS)

# The checkers' shared objects (CHECK_SRC), plain and with ASan/UBSan.
$(O)/grader/%.o: grader/%.c $(CHECK_HDR) $(LIB_HDR) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_KIT) -Igrader -c $< -o $@
$(O)/asan/grader/%.o: grader/%.c $(CHECK_HDR) $(LIB_HDR) | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_KIT) $(SAN) -Igrader -c $< -o $@
# (Kept: the ASan checkers' pattern rule would otherwise have make delete them after each build.)
.SECONDARY: $(CHECK_ASAN_OBJ)

# ---------------------------------------------------------------- grader, front end -------
# The terminal probe (tui/probe.c: UTF-8? ambiguous characters wide?) is shared by grade, the walk
# and the TUI.
PROBE := tui/probe.c tui/probe.h
GRADE_SRC := grader/grade.c grader/grade_history.c
$(O)/grade: $(GRADE_SRC) grader/grade_history.h $(PROBE) $(O)/libkit.a
	$(CC) $(CFLAGS_KIT) -Itui $(GRADE_SRC) tui/probe.c $(O)/libkit.a $(SECCOMP_LIBS) -o $@
# The sandbox for learner code, as a command (the TUI, the walk and lesson steps run through it).
$(O)/box: grader/box.c $(O)/libkit.a
	$(CC) $(CFLAGS_KIT) $< $(O)/libkit.a $(SECCOMP_LIBS) -o $@
# A user namespace for an ordinary user's run of labs 01-03 (make run-rootless).
$(O)/rootless: grader/rootless.c $(O)/libkit.a
	$(CC) $(CFLAGS_KIT) $< $(O)/libkit.a $(SECCOMP_LIBS) -o $@
$(O)/walk: tui/walk.c $(PROBE) $(O)/libkit.a
	$(CC) $(CFLAGS_KIT) $< tui/probe.c $(O)/libkit.a $(SECCOMP_LIBS) -o $@
# The ncurses TUI (everything in tui/ but the plain walk).
TUI_SRC := $(filter-out tui/walk.c,$(wildcard tui/*.c))
$(O)/tui: $(TUI_SRC) $(wildcard tui/*.h) $(O)/libkit.a
	$(CC) $(CFLAGS_KIT) $(CURSES_CFLAGS) $(TUI_SRC) $(O)/libkit.a $(SECCOMP_LIBS) $(CURSES_LIBS) -o $@
$(O)/asan/tui: $(TUI_SRC) $(wildcard tui/*.h) $(O)/asan/libkit.a
	$(CC) $(CFLAGS_KIT) $(SAN) $(CURSES_CFLAGS) $(TUI_SRC) $(O)/asan/libkit.a $(SECCOMP_LIBS) $(CURSES_LIBS) -o $@
tui: $(O)/tui

# ---------------------------------------------------------------- reports (issue 17) -------
# make report: this learner's bundle (tools/report/report.c) into OUT (a shared folder, a USB
# stick: README "Collecting the bundles"); make class-report DIR=...: the instructor's page and
# CSV of every bundle in DIR (tools/report/class.c). JSON through jansson (README says why).
OUT      ?= $(O)/report
DIR      ?= $(O)/report
HTML     ?= $(O)/class-report.html
JANSSON_CFLAGS := $(shell pkg-config --cflags jansson 2>/dev/null)
JANSSON_LIBS   := $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson)
REPORT_COMMON  := tools/report/common.c tools/report/common.h lib/history.h
$(O)/report: tools/report/report.c $(REPORT_COMMON) $(O)/libkit.a
	$(CC) $(CFLAGS_KIT) $(JANSSON_CFLAGS) $< tools/report/common.c $(O)/libkit.a $(SECCOMP_LIBS) $(JANSSON_LIBS) -o $@
$(O)/class-report: tools/report/class.c $(REPORT_COMMON) $(O)/libkit.a
	$(CC) $(CFLAGS_KIT) $(JANSSON_CFLAGS) $< tools/report/common.c $(O)/libkit.a $(SECCOMP_LIBS) $(JANSSON_LIBS) -lm -o $@
report: $(O)/report
	@$(O)/report --out "$(OUT)"; rc=$$?; $(FIX_OWNER); exit $$rc
class-report: $(O)/class-report
	@$(O)/class-report --out "$(HTML)" "$(DIR)"; rc=$$?; $(FIX_OWNER); exit $$rc
.PHONY: report class-report
# tests/report.sh writes the TUI's records (hint, lab, survey) with this, through lib/history.h.
$(O)/tests/records: tests/report/records.c lib/history.h $(O)/libkit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_KIT) $< $(O)/libkit.a $(SECCOMP_LIBS) -o $@

# `make run` opens the TUI; `make walk` is the plain-terminal walk (dumb terminals).
run: all
	@$(FIX_OWNER)
	@$(O)/tui --kit .
walk: all
	@$(FIX_OWNER)
	@$(O)/walk --kit .
# Labs 01-03 as an ordinary user, no sudo (tools/run-rootless.sh: it refuses root, and says in
# one line when this machine forbids unprivileged user namespaces). PROGRAM=PATH: that minidocker.
run-rootless:
	@MAKE="$(MAKE)" PROGRAM="$(PROGRAM)" tools/run-rootless.sh "$(LAB)" "$(CMD)"
.PHONY: run-rootless

# ---------------------------------------------------------------- tests -------------------
$(O)/tests/unit: $(UNIT_SRC) $(O)/libkit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_KIT) $(UNIT_SRC) $(O)/libkit.a $(SECCOMP_LIBS) $(CRIT_LIBS) -o $@
# The lessons and slides as the TUI lays them out: kinsoku breaks, titles that fit (run-all.sh).
$(O)/tests/layout: tests/layout/layout.c $(O)/libkit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_KIT) $< $(O)/libkit.a $(SECCOMP_LIBS) -o $@
# A terminal that does not take UTF-8, or draws ambiguous-width characters wide, for the TUI
# (tests/tui/run.sh).
$(O)/tests/fake-term: tests/tui/fake-term.c $(O)/libkit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_KIT) $< $(O)/libkit.a -lutil -o $@
$(O)/tests/live: $(LIVE_SRC) $(O)/libkit.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_KIT) $(LIVE_SRC) $(O)/libkit.a $(SECCOMP_LIBS) $(CRIT_LIBS) -o $@

# The ASan/UBSan build of the library, its tests, the grader and the checkers.
$(O)/asan/%.o: lib/%.c $(LIB_HDR) | $(O)/asan
	$(CC) $(CFLAGS_KIT) $(SAN) -c $< -o $@
$(O)/asan/libkit.a: $(patsubst lib/%.c,$(O)/asan/%.o,$(LIB_SRC))
	rm -f $@ && ar rcs $@ $^
$(O)/asan/unit: $(UNIT_SRC) $(O)/asan/libkit.a
	$(CC) $(CFLAGS_KIT) $(SAN) $(UNIT_SRC) $(O)/asan/libkit.a $(SECCOMP_LIBS) $(CRIT_LIBS) -o $@
$(O)/asan/live: $(LIVE_SRC) $(O)/asan/libkit.a
	$(CC) $(CFLAGS_KIT) $(SAN) $(LIVE_SRC) $(O)/asan/libkit.a $(SECCOMP_LIBS) $(CRIT_LIBS) -o $@
$(O)/asan/grade: $(GRADE_SRC) grader/grade_history.h $(PROBE) $(O)/asan/libkit.a
	$(CC) $(CFLAGS_KIT) $(SAN) -Itui $(GRADE_SRC) tui/probe.c $(O)/asan/libkit.a $(SECCOMP_LIBS) -o $@
$(O)/asan/checker-lab%: $(O)/asan/libkit.a $(CHECK_ASAN_OBJ) $(CHECK_HDR)
	$(CC) $(CFLAGS_KIT) $(SAN) -Igrader $(wildcard labs/lab$*-*/check.c) $(CHECK_ASAN_OBJ) \
		$(O)/asan/libkit.a $(SECCOMP_LIBS) $(CRIT_LIBS) -o $@

# ---------------------------------------------------------------- fuzzing ----------------
# One libFuzzer target per parser (tests/fuzz/fuzz_NAME.c), linked with the library compiled
# with the same flags (coverage for libFuzzer, ASan with LeakSanitizer, UBSan) under
# build/fuzz/. make test replays each seed corpus and fuzzes each target for a few seconds
# (tests/run-all.sh); make fuzz runs each for FUZZ_SECONDS, one after the other.
FUZZ_CC      ?= clang
FUZZ_CFLAGS   = $(CSTD) -O1 -g $(WARN) -Ilib -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS    := $(patsubst %,$(O)/fuzz/fuzz_%,$(FUZZ_TARGETS))
FUZZ_SECONDS ?= 60
$(O)/fuzz/obj/%.o: lib/%.c $(LIB_HDR) | $(TEST_DEPS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@
$(O)/fuzz/libkit.a: $(patsubst lib/%.c,$(O)/fuzz/obj/%.o,$(LIB_SRC))
	rm -f $@ && ar rcs $@ $^
$(O)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(O)/fuzz/libkit.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) $< $(O)/fuzz/libkit.a $(SECCOMP_LIBS) -o $@
# A failing input is kept in build/fuzz/crashes/ (make test keeps its own in build/test-logs/).
fuzz: $(FUZZ_BINS)
	@for t in $(FUZZ_TARGETS); do \
		tests/fuzz/run.sh $$t $(FUZZ_SECONDS) 0 $(O)/fuzz/crashes || exit 1; done

TEST_BINS := $(O)/tests/unit $(O)/tests/layout $(O)/tests/fake-term $(O)/tests/live $(O)/grade $(O)/tui $(O)/asan/unit $(O)/asan/live \
	$(O)/report $(O)/class-report $(O)/tests/records \
	$(O)/asan/grade $(O)/box $(O)/rootless $(O)/walk $(foreach n,$(READY_LABS),$(O)/checkers/lab$(n) $(O)/asan/checker-lab$(n) \
	$(O)/gen/lab$(n)/reference $(O)/gen/lab$(n)/starter) $(FUZZ_BINS)

test: $(TEST_DEPS) $(TEST_BINS) rootfs
	@V2_ARGS="$(V2_ARGS)" T="$(T)" J="$(J)" tests/run-all.sh $(READY_LABS)
# Parts of the suite (tests/t/*.t), each also `make test T=WORD`.
test-unit:
	@$(MAKE) --no-print-directory test T=unit
test-live:
	@$(MAKE) --no-print-directory test T=live
test-checkers:
	@$(MAKE) --no-print-directory test T=lab
test-tui:
	@$(MAKE) --no-print-directory test T=tui
test-hostile:
	@$(MAKE) --no-print-directory test T=hostile,grade

# What runs inside the pure cgroup v2 virtual machine (tests/vm/README.md): the library's live
# tests (cgroup mode, namespaces, mounts, processes on that kernel) after the VM's own smoke test.
# The first boot grades every lab in the VM: 75-103 s of TCG on a busy host, and labs 04-05 grade
# more values since issue 11, lab07 with its known-wrong programs adds about 34 s (--timeout: the
# whole VM run, boot included).
V2_ARGS := --timeout 300 --add $(O)/tests/live --run './live -j1'
test-v2: $(TEST_DEPS) $(O)/tests/live
	@tests/vm/test-v2.sh $(V2_ARGS)
	@tests/vm/lab06-v2.sh
# Also inside the VM: the grader grades labs 01-06's references with their checkers
# (tests/vm/labs-v2.sh). The kit's programs and the rootfs travel as one tar, unpacked at /kit in
# the VM (not at their host paths: the kit may live below /tmp, which the VM mounts over); the
# shared libraries they need come with --needs.
# lab06's checker compiles its apps, and the VM has no compiler: they are built here as the
# checker builds them (its apps_ready()) and it takes them from $KIT_LAB06_APPS; its rootfs copy
# needs GNU cp, run by dash (busybox's sh would run its own cp applet). Then the TUI on a pty
# (tests/vm/tui-v2.sh, pty-run), with the lessons, a terminfo entry and this host's C.UTF-8.
# lab07's network needs the kernel's modules (veth, bridge, nf_tables, ...: tests/vm/modules.txt,
# loaded by the VM's /init), nft (the kit runs /usr/sbin/nft) and iproute2's ip (the checker's
# upstream namespace: ip link add ... type veth peer name ... netns PID).
V2_LABS := $(filter 01 02 03 04 05 06 07,$(READY_LABS))
V2_LAB06_APPS := $(if $(filter 06,$(V2_LABS)),$(addprefix $(O)/vm-lab06-apps/,limits-probe \
	mempool-fixed workers-fixed))
V2_TUI_FILES := $(O)/tui $(wildcard labs/lab*/lesson.*.md slides/talk.*.md)
# Lab08's minidocker as uid 1000 in a delegated subtree, with --cpus and --memory
# (tests/vm/rootless-v2.sh, run by labs-v2.sh; setpriv makes the user).
V2_ROOTLESS := $(if $(filter 08,$(READY_LABS)),$(O)/gen/lab08/reference)
V2_KIT_FILES := $(O)/grade $(foreach n,$(V2_LABS),$(O)/checkers/lab$(n) $(O)/gen/lab$(n)/reference) \
	$(O)/vm-steps.v2 tools/cgpath.sh tools/i18n.sh labs/labs.tsv $(V2_LAB06_APPS) $(V2_TUI_FILES) \
	$(V2_ROOTLESS)
V2_DEPS := $(O)/vm-kit.tar $(V2_KIT_FILES) $(O)/tests/pty-run
V2_DATA := $(firstword $(wildcard /etc/terminfo/x/xterm-256color /lib/terminfo/x/xterm-256color \
	/usr/share/terminfo/x/xterm-256color)) \
	$(filter-out %/LC_MESSAGES,$(wildcard /usr/lib/locale/C.utf8/LC_* /usr/lib/locale/C.utf8/LC_*/*))
V2_ARGS += --add $(O)/vm-kit.tar --add tests/vm/labs-v2.sh \
	$(foreach f,$(O)/grade $(O)/tui $(foreach n,$(V2_LABS),$(O)/checkers/lab$(n)),--needs $(abspath $(f))) \
	--needs cp --needs dash $(foreach f,$(V2_DATA),--needs $(f)) \
	$(if $(filter 07,$(V2_LABS)),--needs /usr/sbin/nft --needs ip) \
	--add tests/vm/tui-v2.sh --add $(O)/tests/pty-run \
	$(if $(V2_ROOTLESS),--add tests/vm/rootless-v2.sh --needs setpriv) \
	--run 'sh ./labs-v2.sh /kit $(V2_LABS)' \
	--add tests/vm/steps-v2.sh --add tests/step-errors.txt --run 'sh ./steps-v2.sh'
# lab07's known-wrong programs are graded there too (its checks depend most on the kernel: the
# modules, nft, the bridge): built here as tests/lab.sh builds them, each must fail the check its
# tests/wrong/lab07/*.sed names first (labs-v2.sh, with first_failed from tests/lab.sh).
V2_WRONG_LABS := $(filter 07,$(V2_LABS))
ifneq ($(V2_WRONG_LABS),)
$(O)/vm-wrong.tar: tests/vm/wrong-v2.sh tests/lab.sh tools/lab-files.sh labs/labs.tsv \
	$(foreach n,$(V2_WRONG_LABS),$(wildcard tests/wrong/lab$(n)/*.sed) $(call GEN_FILES,$(n),reference))
	@O=$(O) tests/vm/wrong-v2.sh $@ $(V2_WRONG_LABS)
V2_DEPS += $(O)/vm-wrong.tar
V2_ARGS += --add $(O)/vm-wrong.tar --add tests/lab.sh
endif
$(O)/tests/pty-run: tests/vm/pty-run.c | $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(CSTD) -O2 $(WARN) -static $< -o $@
# The cgroup lessons' commands as a v2 host shows them (tests/vm/steps-v2.sh runs them in the VM).
CG_LESSONS := $(filter 04 05,$(READY_LABS))
$(O)/vm-steps.v2: $(O)/walk $(foreach n,$(CG_LESSONS),$(wildcard labs/lab$(n)-*/lesson.en.md))
	@rm -f $@.tmp
	@for n in $(CG_LESSONS); do $(O)/walk --lab $$n --cgroup v2 --list-runs >$@.part || exit 1; \
		sed "s/^/$$n\t/" $@.part >>$@.tmp; done
	@rm -f $@.part && mv $@.tmp $@
$(O)/vm-kit.tar: $(O)/rootfs/.built $(V2_KIT_FILES)
	tar -cf $@ $(O)/rootfs $(V2_KIT_FILES)
test-v2 test: $(V2_DEPS)
# Mutation testing of the reference (tests/mutate.sh): every statement a learner writes, deleted
# (and every flag of it removed), must make a check fail. LABS=... to pick labs.
mutate: $(O)/grade rootfs $(foreach n,$(READY_LABS),$(O)/checkers/lab$(n) $(O)/gen/lab$(n)/reference $(O)/gen/lab$(n)/starter)
	@tests/mutate.sh $(or $(filter $(READY_LABS),$(MUTATE_LABS)),$(READY_LABS))
.PHONY: mutate
test-v2-selftest:
	@tests/vm/selftest.sh

bench: $(TEST_DEPS) all
	@bench/run-all.sh

format:
	clang-format -i --style=file lib/*.[ch] grader/*.[ch] tui/*.[ch] labs/*/check.c tests/unit/*.c tests/layout/*.c tests/tui/*.c tests/live/*.[ch] tools/demo/*.c tests/vm/*.c bench/*.c \
		tests/fuzz/*.[ch] tools/report/*.[ch] tests/report/*.c

clean:
	rm -rf $(O)

# ---------------------------------------------------------------- messages (po/) -----------
# Everything the kit says is English in the source, marked for GNU gettext (lib/i18n.h), and
# Japanese in po/ja.po. make po: extract the messages again (xgettext) into po/$(DOMAIN).pot
# and merge them into po/ja.po (msgmerge); then translate what is new (po/README.md).
# make test fails on a message that is missing from the .pot, untranslated or fuzzy.
PO_C_SRC   = $(sort $(LIB_SRC) $(wildcard grader/*.c tui/*.c labs/*/check.c tools/report/*.c))
PO_SH_SRC  = $(sort kit tools/doctor $(filter-out tools/i18n.sh,$(wildcard tools/*.sh)))
XGETTEXT_C := --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=kit_tr:2 \
	--keyword=kit_ntr:2,3 --keyword=CHECK:3 --keyword=chk_fmt:3 \
	--keyword=broken:1 --keyword=die:1 --flag=chk_fmt:3:c-format --flag=broken:1:c-format \
	--flag=die:1:c-format --keyword=kit_err_set:3 --keyword=kit_err_sys:3 \
	--keyword=kit_err_wrap:2 --flag=kit_err_set:3:c-format --flag=kit_err_sys:3:c-format \
	--flag=kit_err_wrap:2:c-format --add-comments=TRANSLATORS:
# The scripts' messages (tools/i18n.sh): say, info, warn, die, kit_msg, kit_tr 'MSGID', and
# tools/doctor's finding STATUS ID LABS 'MSGID'.
XGETTEXT_SH := --language=Shell --from-code=UTF-8 --keyword=gettext --keyword=eval_gettext \
	--keyword=say --keyword=info --keyword=warn --keyword=die --keyword=kit_msg \
	--keyword=kit_tr --keyword=finding:4 --add-comments=TRANSLATORS:
$(LOCALE_MO): po/ja.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<
	@# glibc 2.39 and later (Debian 13, Ubuntu 24.04) ignore LANGUAGE under C.UTF-8 as under C
	@# (sourceware bug 16621), and a fresh machine has no other locale: the kit's programs then
	@# name their messages' category ja_JP.UTF-8 from here (lib/i18n.c: LOCPATH), a copy of
	@# C.UTF-8's LC_MESSAGES (yes/no words only), so that gettext reads the catalogue.
	@mkdir -p $(O)/locale/ja_JP.UTF-8/LC_MESSAGES
	@if [ -f /usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES ]; then \
		cp /usr/lib/locale/C.utf8/LC_MESSAGES/SYS_LC_MESSAGES $(O)/locale/ja_JP.UTF-8/LC_MESSAGES/; fi
.PHONY: po
po:
	tools/po.sh update

# (added by the lab06 helper) Lab06 has a second learner file, labs/lab06-pitfalls/ctr_limits.c,
# generated like minidocker.c from labs/reference/ctr_limits.c. The learner's copy is built into
# three static apps, which `make lab06` also copies into the rootfs's /usr/local/bin.
LAB06_DIR  := labs/lab06-pitfalls
LAB06_APPS := $(O)/labs/lab06/limits-probe $(O)/labs/lab06/mempool-fixed \
              $(O)/labs/lab06/workers-fixed
LAB06_LIMITS = $(CC) $(LAB_CFLAGS) -static -DCTR_LIMITS -I$(LAB06_DIR) $< \
	$(LAB06_DIR)/ctr_limits.c -o $@
$(O)/labs/lab06/limits-probe: $(LAB06_DIR)/limits-probe.c $(LAB06_DIR)/ctr_limits.c \
		$(LAB06_DIR)/ctr_limits.h | $(DEPS)
	@mkdir -p $(@D)
	$(LAB06_LIMITS)
$(O)/labs/lab06/%-fixed: tools/demo/%.c $(LAB06_DIR)/ctr_limits.c $(LAB06_DIR)/ctr_limits.h | $(DEPS)
	@mkdir -p $(@D)
	$(LAB06_LIMITS)
lab06: $(LAB06_APPS)
	@if [ -d $(O)/rootfs/usr/local/bin ]; then cp $(LAB06_APPS) $(O)/rootfs/usr/local/bin/; fi
# The same apps with the reference ctr_limits.c for the checker in the cgroup v2 VM (make test-v2),
# which has no compiler: built the way the checker's apps_ready() builds them.
$(O)/vm-lab06-apps/ctr_limits.o: $(O)/gen/lab06/ctr_limits-reference.c $(LAB06_DIR)/ctr_limits.h
	@mkdir -p $(@D)
	cc -std=gnu11 -O1 -w -DCTR_LIMITS -I$(LAB06_DIR) -c $< -o $@
$(O)/vm-lab06-apps/limits-probe: $(LAB06_DIR)/limits-probe.c $(O)/vm-lab06-apps/ctr_limits.o
	cc -std=gnu11 -O1 -w -static -DCTR_LIMITS -I$(LAB06_DIR) $^ -o $@
$(O)/vm-lab06-apps/%-fixed: tools/demo/%.c $(O)/vm-lab06-apps/ctr_limits.o
	cc -std=gnu11 -O1 -w -static -DCTR_LIMITS -I$(LAB06_DIR) $^ -o $@
# The reference and starter of ctr_limits.c are rendered next to the generated minidocker (the
# checker finds build/gen/lab06/ctr_limits-reference.c beside build/gen/lab06/reference): the
# lab's rules above (GEN_FILES) make them with the rest of its files.
