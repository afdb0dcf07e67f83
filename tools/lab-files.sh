#!/bin/sh
# lab-files.sh NN [KIT] — lab NN's files, one line each, from labs/labs.tsv (the Makefile's
# LAB_FILES, GEN_NAME and APP_FILES say the same):
#   FILE KIND REFERENCE STARTER
# FILE is the name in the lab's folder; KIND is src (a source of minidocker), hdr (a header of
# it) or app (a file of the lab's apps, not of minidocker: lab06's ctr_limits.c); REFERENCE and
# STARTER are its renderings below build/gen/labNN/ (a header's are the same file).
set -eu
lab=$1 kit=${2:-.}
awk -v n="$lab" '!/^#/ && $1 == n { print $3 }' "$kit/labs/labs.tsv" | tr ',' '\n' |
	while IFS= read -r f; do
		[ -n "$f" ] || continue
		case $f in
		minidocker.c) echo "$f src reference.c starter.c" ;;
		ctr_limits.c) echo "$f app ctr_limits-reference.c ctr_limits-starter.c" ;;
		*.h) echo "$f hdr $f $f" ;;
		*.c) echo "$f src ${f%.c}-reference.c ${f%.c}-starter.c" ;;
		esac
	done
