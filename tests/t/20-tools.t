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

t_done
