#!/bin/sh
# the tools: the rootfs builder, the ldd way, the make targets
# A part of the kit's test suite (tests/run-all.sh runs every tests/t/*.t with prove; one alone:
# `sudo make test T=tools`). Prints TAP. tests/lib.sh: ok, notok, skipped, run.
. tests/lib.sh

# --- tools: the rootfs builder and the ldd way ------------------------------------------
log=$logdir/mkrootfs-dynamic.log
if tools/mkrootfs.sh "$scratch/r" /bin/ls >"$log" 2>&1; then
	notok "mkrootfs refuses a dynamically linked busybox" "$log"
elif grep -q "dynamically linked.*busybox-static" "$log" && [ ! -e "$scratch/r" ]; then
	ok "mkrootfs refuses a dynamically linked busybox, in one line naming busybox-static"
else
	notok "mkrootfs refuses a dynamically linked busybox, in one line naming busybox-static" "$log"
fi
log=$logdir/copy-with-libs.log
if [ $root = yes ]; then
	if tools/copy-with-libs.sh "$scratch/ldd-root" /bin/ls >"$log" 2>&1 &&
		chroot "$scratch/ldd-root" /bin/ls / >>"$log" 2>&1; then
		ok "copy-with-libs: ls and the libraries ldd lists run after chroot"
	else
		notok "copy-with-libs: ls and the libraries ldd lists run after chroot" "$log"
	fi
else
	skipped "copy-with-libs: chroot into the copied root" "$needs_root"
fi

# --- the Makefile: every .PHONY target has a rule (make test-unit once did nothing, exit 0) --
log=$logdir/phony.log
make -pn --no-print-directory help 2>/dev/null | awk -f tests/phony.awk | sed 's/^/no rule: make /' >"$log"
if [ ! -s "$log" ]; then ok "every .PHONY target of the Makefile has a rule"; else notok "every .PHONY target of the Makefile has a rule" "$log"; fi

# --- labs/labs.tsv is the one list: every lab folder is in it, and each listed lab has its files
log=$logdir/labs-manifest.log
: >"$log"
for d in labs/lab[0-9][0-9]-*/; do
	d=${d%/} d=${d#labs/}
	awk -v d="$d" '!/^#/ && $2 == d { f = 1 } END { exit !f }' labs/labs.tsv || echo "$d: a lab folder that labs/labs.tsv does not list" >>"$log"
done
awk '!/^#/ && NF { print $2, $3 }' labs/labs.tsv | while read -r d files; do
	for f in lesson.en.md lesson.ja.md check.c $(echo "$files" | tr ',' ' '); do
		[ -f "labs/$d/$f" ] || echo "labs/$d/$f: listed in labs/labs.tsv but missing" >>"$log"
	done
done
if [ ! -s "$log" ]; then ok "labs/labs.tsv lists every lab folder, and each listed lab has its lessons, checker and files"; else notok "labs/labs.tsv lists every lab folder, and each listed lab has its lessons, checker and files" "$log"; fi

# --- tools/labgen.awk and tests/fill-todos.awk refuse unmarked learner code (README) ---------
# A //@ lab block without a //@ todo stub (not given), or whose stub does not say TODO(labNN),
# is refused by labgen in one line naming the line (exit 2); a difference between starter and
# reference with no TODO is refused by fill-todos (exit 1); a marked block round-trips.
log=$logdir/labgen-refusals.log
: >"$log"
d=$scratch/labgen
mkdir -p "$d"
printf 'int a;\n//@ lab 02\nint b;\n//@ end\n' >"$d/no-todo.c"
printf 'int a;\n//@ lab 02\nint b;\n//@ todo\n/* fill in b */\n//@ end\n' >"$d/untagged.c"
printf 'int a;\n//@ given 02\nint b;\n//@ end\n' >"$d/given.c"
printf 'int a;\n//@ lab 02\nint b;\n//@ todo\n/* TODO(lab02): b */\n//@ end\nint c;\n' >"$d/marked.c"
printf 'int a;\n//@ until 02\nint old;\n//@ end\nint c;\n' >"$d/until-no-todo.c"
for f in no-todo untagged; do
	awk -v lab=2 -v mode=starter -f tools/labgen.awk "$d/$f.c" >/dev/null 2>"$d/$f.err"
	rc=$?
	[ $rc = 2 ] && [ "$(wc -l <"$d/$f.err")" = 1 ] && grep -q "^labgen: .*$f.c:2: " "$d/$f.err" ||
		echo "$f.c: labgen exit $rc (want 2 and one line naming line 2): $(cat "$d/$f.err")" >>"$log"
done
awk -v lab=2 -v mode=starter -f tools/labgen.awk "$d/given.c" >/dev/null 2>>"$log" ||
	echo "given.c: labgen refused a //@ given block" >>"$log"
for m in starter reference; do
	awk -v lab=2 -v mode=$m -f tools/labgen.awk "$d/marked.c" >"$d/marked-$m.c" 2>>"$log"
	awk -v lab=2 -v mode=$m -f tools/labgen.awk "$d/until-no-todo.c" >"$d/until-$m.c" 2>>"$log"
done
awk -v lab=2 -f tests/fill-todos.awk "$d/marked.c" "$d/marked-starter.c" | cmp -s - "$d/marked-reference.c" ||
	echo "marked.c: the starter with its TODO filled in is not the reference" >>"$log"
if awk -v lab=2 -f tests/fill-todos.awk "$d/until-no-todo.c" "$d/until-starter.c" >/dev/null 2>"$d/until.err"; then
	echo "until-no-todo.c: fill-todos took a difference with no TODO(lab02)" >>"$log"
elif ! grep -q "no TODO(lab02)" "$d/until.err"; then
	echo "until-no-todo.c: fill-todos said: $(cat "$d/until.err")" >>"$log"
fi
if [ ! -s "$log" ]; then
	ok "labgen refuses a //@ lab block without a TODO(labNN) stub (not given), in one line; fill-todos refuses a difference with no TODO"
else
	notok "labgen refuses a //@ lab block without a TODO(labNN) stub (not given), in one line; fill-todos refuses a difference with no TODO" "$log"
fi

# --- guided starters (make reset-labNN GUIDED=1): goal-level TODOs by default, the calls spelled
# out on request. labgen: the guided stub replaces the goal in mode=guided and is absent from the
# starter and the reference; a guided stub without TODO(labNN) is refused; fill-todos still turns
# the (goal) starter into the reference. Per lab: the guided starter has the starter's TODO
# places, compiles, and differs from it only inside the TODO stubs.
log=$logdir/labgen-guided.log
: >"$log"
printf 'int a;\n//@ lab 02\nint b;\n//@ todo\n/* TODO(lab02): the goal */\n//@ guided\n/* TODO(lab02): int b */\n//@ end\nint c;\n' >"$d/guided.c"
printf 'int a;\n//@ lab 02\nint b;\n//@ todo\n/* TODO(lab02): the goal */\n//@ guided\n/* spell it */\n//@ end\n' >"$d/guided-untagged.c"
for m in starter guided reference; do
	awk -v lab=2 -v mode=$m -f tools/labgen.awk "$d/guided.c" >"$d/guided-$m.c" 2>>"$log"
done
[ "$(cat "$d/guided-starter.c")" = "$(printf 'int a;\n/* TODO(lab02): the goal */\nint c;')" ] || echo "guided.c: the starter is not the goal: $(cat "$d/guided-starter.c")" >>"$log"
[ "$(cat "$d/guided-guided.c")" = "$(printf 'int a;\n/* TODO(lab02): int b */\nint c;')" ] || echo "guided.c: mode=guided is not the guided stub: $(cat "$d/guided-guided.c")" >>"$log"
[ "$(cat "$d/guided-reference.c")" = "$(printf 'int a;\nint b;\nint c;')" ] || echo "guided.c: the reference shows a stub: $(cat "$d/guided-reference.c")" >>"$log"
awk -v lab=2 -f tests/fill-todos.awk "$d/guided.c" "$d/guided-starter.c" | cmp -s - "$d/guided-reference.c" ||
	echo "guided.c: fill-todos does not turn the starter into the reference" >>"$log"
awk -v lab=2 -v mode=guided -f tools/labgen.awk "$d/guided-untagged.c" >/dev/null 2>"$d/gu.err"
[ $? = 2 ] && grep -q "guided stub .* does not say TODO(lab02)" "$d/gu.err" || echo "guided-untagged.c: not refused: $(cat "$d/gu.err")" >>"$log"
for ln in $LABS; do
	gen=$scratch/guided-$ln
	mkdir -p "$gen"
	srcs=""
	for f in $(awk -v n=$ln '!/^#/ && $1 == n { print $3 }' labs/labs.tsv | tr ',' ' '); do
		case $f in *.h) awk -v lab=$ln -v mode=reference -f tools/labgen.awk "labs/reference/$f" >"$gen/$f" 2>>"$log"; continue ;; esac
		awk -v lab=$ln -v mode=starter -f tools/labgen.awk "labs/reference/$f" >"$gen/$f.starter" 2>>"$log"
		awk -v lab=$ln -v mode=guided -f tools/labgen.awk "labs/reference/$f" >"$gen/$f" 2>>"$log"
		[ "$(grep -c "TODO(lab$ln)" "$gen/$f.starter")" -le "$(grep -c "TODO(lab$ln)" "$gen/$f")" ] ||
			echo "lab$ln $f: the guided starter has fewer TODO(lab$ln) lines than the starter" >>"$log"
		# outside the stubs, the same lines: what differs is comment text only
		diff "$gen/$f.starter" "$gen/$f" | grep '^[<>]' | grep -Ev '^[<>][[:space:]]*(/\*|\*)' | sed "s|^|lab$ln $f: a guided line that is no comment: |" >>"$log"
		[ "$f" = ctr_limits.c ] || srcs="$srcs $gen/$f"
	done
	# shellcheck disable=SC2086
	cc -std=gnu11 -fsyntax-only -I"$gen" $srcs 2>>"$log" || echo "lab$ln: the guided starter does not compile" >>"$log"
done
# make reset-lab01 GUIDED=1 in a copy of the kit: the guided starter, the learner's version
# kept; make reset-lab01: the committed starter again
k=$scratch/kit-copy
mkdir -p "$k" && git ls-files -z | tar --null -T - -cf - | tar -C "$k" -xf -
echo '/* my work */' >>"$k/labs/lab01-chroot/minidocker.c"
make -C "$k" --no-print-directory reset-lab01 GUIDED=1 >"$k/reset.out" 2>&1 || echo "make reset-lab01 GUIDED=1 failed: $(cat "$k/reset.out")" >>"$log"
grep -q 'TODO(lab01): turn this process into the container.s command' "$k/labs/lab01-chroot/minidocker.c" ||
	echo "reset-lab01 GUIDED=1: not the guided starter" >>"$log"
grep -q 'is the guided starter' "$k/reset.out" || echo "reset-lab01 GUIDED=1 does not say so: $(cat "$k/reset.out")" >>"$log"
grep -l 'my work' "$k"/labs/lab01-chroot/minidocker.c.orig-* >/dev/null 2>&1 || echo "reset-lab01 GUIDED=1 kept no backup" >>"$log"
make -C "$k" --no-print-directory reset-lab01 >"$k/reset.out" 2>&1 || echo "make reset-lab01 failed: $(cat "$k/reset.out")" >>"$log"
cmp -s "$k/labs/lab01-chroot/minidocker.c" labs/lab01-chroot/minidocker.c || echo "make reset-lab01 after GUIDED=1: not the committed starter" >>"$log"
if [ ! -s "$log" ]; then
	ok "guided starters: labgen mode=guided spells out the TODOs, refuses an unmarked guided stub; every lab's guided starter compiles with the starter's TODO places; make reset-lab01 GUIDED=1 and back"
else
	notok "guided starters: labgen mode=guided spells out the TODOs, refuses an unmarked guided stub; every lab's guided starter compiles with the starter's TODO places; make reset-lab01 GUIDED=1 and back" "$log"
fi

t_done
