#!/bin/sh
# po.sh update | check — the kit's message catalogue (po/, lib/i18n.h).
#   update  extract the messages of the C sources and the shell scripts again (xgettext) into
#           po/minidocker-kit.pot and merge them into po/ja.po (msgmerge): what is new is then
#           untranslated, what changed is fuzzy; translate those (po/README.md)
#   check   what make test runs: po/minidocker-kit.pot has every message of the sources, and
#           po/ja.po translates every one of them, none fuzzy, formats matching (msgfmt --check)
set -eu
cd "$(dirname "$0")/.."
me="po.sh"
pot=po/minidocker-kit.pot
vars=$(make -s --no-print-directory -f Makefile -f - po-vars <<'MK'
po-vars:
	@echo "C_SRC='$(PO_C_SRC)' SH_SRC='$(PO_SH_SRC)' XC='$(XGETTEXT_C)' XSH='$(XGETTEXT_SH)'"
MK
)
eval "$vars"
extract() { # extract OUT
	# CHECK(cond, run, what, hint) holds two messages; xgettext takes one argument of a
	# keyword per pass, so the hints come from a second pass.
	# shellcheck disable=SC2086
	xgettext $XC --package-name=minidocker-kit --sort-by-file --force-po -o "$tmp/c.pot" $C_SRC
	# shellcheck disable=SC2086
	xgettext --language=C --from-code=UTF-8 --keyword= --keyword=CHECK:4 \
		--add-comments=TRANSLATORS: --sort-by-file --force-po -o "$tmp/hint.pot" $C_SRC
	# shellcheck disable=SC2086
	xgettext $XSH --sort-by-file --force-po -o "$tmp/sh.pot" $SH_SRC
	sed -i 's/charset=CHARSET/charset=UTF-8/' "$tmp/c.pot" "$tmp/hint.pot" "$tmp/sh.pot"
	msgcat --use-first --sort-by-file -o "$1" "$tmp/c.pot" "$tmp/hint.pot" "$tmp/sh.pot"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case "${1:-}" in
update)
	extract "$pot"
	if [ -f po/ja.po ]; then
		msgmerge --quiet --update --backup=none --previous po/ja.po "$pot"
	else
		msginit --no-translator --locale=ja_JP.UTF-8 -i "$pot" -o po/ja.po
	fi
	msgfmt --check --statistics -o /dev/null po/ja.po
	;;
check)
	extract "$tmp/now.pot"
	# The same messages as the committed .pot (whatever their order or line numbers).
	msgcomm --unique "$tmp/now.pot" "$pot" -o "$tmp/diff.pot" 2>/dev/null || :
	if [ -s "$tmp/diff.pot" ] && grep -q '^msgid "..*"' "$tmp/diff.pot"; then
		echo "$me: po/minidocker-kit.pot is not up to date with the sources: run make po, then translate" >&2
		grep -A1 '^msgid' "$tmp/diff.pot" | head -20 >&2
		exit 1
	fi
	msgmerge --quiet -o "$tmp/ja.po" po/ja.po "$pot"
	stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/ja.po" 2>&1)
	echo "$stats"
	case "$stats" in
	*untranslated* | *fuzzy*)
		echo "$me: po/ja.po does not translate every message: run make po and translate what msgfmt counts" >&2
		exit 1
		;;
	esac
	;;
*)
	echo "usage: tools/po.sh update | check" >&2
	exit 2
	;;
esac
