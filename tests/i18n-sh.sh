#!/bin/sh
# shellcheck disable=SC2016,SC2034 # the checks are single-quoted: check evaluates them
# i18n-sh.sh — the scripts speak the learner's language (tools/i18n.sh): ./kit with a bad option
# and tools/doctor --brief (and a few tools/*.sh errors, build/box --bogus), in a clean
# environment (env -i: no LANG, as under sudo or in CI) with:
#
#   LANG=ja_JP.UTF-8         Japanese (a locale that is not installed here: gettext alone would
#                            fall back to C and say English)
#   LANGUAGE=ja, no LANG     Japanese (gettext alone ignores LANGUAGE in the C locale)
#   LANGUAGE=ja LANG=C.UTF-8 Japanese, gettext in the learner's own (installed, UTF-8) locale
#   LC_ALL=C LANG=ja_JP...   English: LC_ALL comes before LANG
#   LC_ALL=C LANGUAGE=ja     Japanese: LANGUAGE comes first
#   LC_MESSAGES=ja_JP.UTF-8 LANG=en_US.UTF-8   Japanese: LC_MESSAGES comes before LANG
#   LANG=en_US.UTF-8         English
#   --lang ja / --lang en    the option, whatever the environment says
#
# The rule is the C programs' (lib/i18n.h): --lang, else the first of LANGUAGE, LC_ALL,
# LC_MESSAGES, LANG that is set; "ja..." is Japanese, anything else English.
# Each in the ways the Japanese can be found: the compiled catalogue with gettext; po/ja.po
# alone (a fresh machine: nothing built yet); the catalogue but no gettext program (gettext-base
# not installed yet); and no catalogue at all (English, never a failure).
# Japanese output holds Japanese and no '?' (what gettext shows for a character the locale
# cannot hold; the translations have none); English output holds no Japanese; all of it is
# valid UTF-8 without U+FFFD. And tools/i18n.sh's own reader of po/ja.po (used before gettext is
# installed) gives exactly what msgexec, gettext's own reader, gives for every message.
# Prints ok/not ok lines; exit 0 all passed, 1 one failed, 2 cannot run.
set -u
cd "$(dirname "$0")/.." || exit 2
kit=$(pwd)
n=0 failed=0
tmp=$(mktemp -d /tmp/kit-test-i18n.XXXXXX) || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ $# -gt 1 ] && sed 's/^/    /' "$2" | tail -n 25; }
command -v msgfmt >/dev/null 2>&1 || { echo "i18n-sh: needs msgfmt (the gettext package: sudo ./kit deps)" >&2; exit 2; }

# The kit as a learner has it, three ways: built (the catalogue compiled), fresh (po/ only),
# bare (neither: a copy of the scripts alone).
for k in built fresh bare; do
	mkdir -p "$tmp/$k"
	cp -p kit "$tmp/$k/"
	cp -pr tools "$tmp/$k/"
	mkdir -p "$tmp/$k/labs" && cp -p labs/labs.tsv "$tmp/$k/labs/"
	[ $k = bare ] || cp -pr po "$tmp/$k/"
done
mkdir -p "$tmp/built/build/locale/ja/LC_MESSAGES"
msgfmt --check -o "$tmp/built/build/locale/ja/LC_MESSAGES/minidocker-kit.mo" po/ja.po || exit 2
# PATH without gettext (nor gettext.sh, envsubst): everything else as in $PATH, in its order.
nogt=$tmp/no-gettext
mkdir -p "$nogt"
for d in $(echo "$PATH" | tr ':' ' '); do
	[ -d "$d" ] && ln -s "$d"/* "$nogt"/ 2>/dev/null
done
rm -f "$nogt/gettext" "$nogt/gettext.sh" "$nogt/envsubst"
if [ -e "$nogt/gettext" ] || ! [ -e "$nogt/awk" ]; then echo "i18n-sh: cannot make a PATH without gettext" >&2; exit 2; fi

locale -a 2>/dev/null | grep -qix 'ja_JP.utf-\{0,1\}8' &&
	echo "# ja_JP.UTF-8 is installed here: the missing-locale case is not exercised"

JA=$(printf '[\343-\351]') # the first byte of a kana or kanji in UTF-8
# is_ja FILE: Japanese, and no '?'     is_en FILE: no Japanese
is_ja() { LC_ALL=C grep -q "$JA" "$1" && ! grep -q '?' "$1"; }
is_en() { ! LC_ALL=C grep -q "$JA" "$1"; }
# clean FILE: valid UTF-8, no U+FFFD
clean() { iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 && ! grep -q "$(printf '\357\277\275')" "$1"; }

# check NAME WANT(ja|en) LOG RC WANT_RC [EXTRA]: EXTRA is a shell test on $LOG that must hold
check() {
	name=$1 want=$2 log=$3 rc=$4 wrc=$5 extra=${6:-true}
	good=yes
	[ "$rc" = "$wrc" ] || { good=no; echo "(exit $rc, want $wrc)" >>"$log"; }
	if [ "$want" = ja ]; then
		is_ja "$log" || { good=no; echo "(want Japanese and no '?')" >>"$log"; }
	else
		is_en "$log" || { good=no; echo "(want English)" >>"$log"; }
	fi
	clean "$log" || { good=no; echo "(not valid UTF-8, or U+FFFD)" >>"$log"; }
	eval "$extra" || { good=no; echo "(does not hold: $extra)" >>"$log"; }
	if [ $good = yes ]; then ok "$name"; else notok "$name" "$log"; fi
}

# The environments: "NAME|WANT|VARS" (VARS for env -i; "--lang X" as the first argument).
cases="LANG=ja_JP.UTF-8 (not installed)|ja|LANG=ja_JP.UTF-8
LANGUAGE=ja, LANG unset|ja|LANGUAGE=ja
LANGUAGE=ja LANG=C.UTF-8 (gettext in the learner's own locale)|ja|LANGUAGE=ja LANG=C.UTF-8
LC_ALL=C, LANG=ja_JP.UTF-8|en|LC_ALL=C LANG=ja_JP.UTF-8
LC_ALL=C LANGUAGE=ja|ja|LC_ALL=C LANGUAGE=ja
LC_MESSAGES=ja_JP.UTF-8 LANG=en_US.UTF-8|ja|LC_MESSAGES=ja_JP.UTF-8 LANG=en_US.UTF-8
LANG=en_US.UTF-8|en|LANG=en_US.UTF-8
--lang ja, nothing set|ja|--lang ja
--lang en, LANGUAGE=ja|en|LANGUAGE=ja --lang en"

# the English run of doctor --brief, for its exit status
env -i PATH="$PATH" sh "$tmp/built/tools/doctor" --brief >"$tmp/doctor-en" 2>&1
drc=$?
tab=$(printf '\t')

# run_case KIT PATHVAL CASE-LINE DOCTOR(yes|no) TAG
logn=0
run_case() {
	where=$1 path=$2 line=$3 doctor=$4 tag=$5
	cname=${line%%|*} rest=${line#*|}
	want=${rest%%|*} vars=${rest#*|}
	lang=""
	case $vars in *--lang*) lang="--lang ${vars##*--lang }" vars=${vars%--lang*} ;; esac
	[ "$where" = bare ] && want=en
	logn=$((logn + 1))
	log=$tmp/kit-$logn.log
	# shellcheck disable=SC2086  # vars and lang are lists
	env -i PATH="$path" $vars sh "$tmp/$where/kit" $lang --bogus >"$log" 2>&1
	check "$tag: ./kit --bogus with $cname: $want, one line, exit 2" "$want" "$log" $? 2 \
		'[ "$(wc -l <"$log")" = 1 ] && grep -q "^kit: .*--bogus" "$log"'
	[ "$doctor" = yes ] || return 0
	log=$tmp/doctor-$logn.log
	# shellcheck disable=SC2086
	env -i PATH="$path" $vars sh "$tmp/$where/tools/doctor" --brief $lang >"$log" 2>&1
	# every finding's text in that language; the fields around it as in English
	check "$tag: doctor --brief with $cname: $want, well-formed, the same verdict" "$want" "$log" $? $drc \
		'[ "$(grep -c "^finding$tab" "$log")" = "$(grep -c "^finding$tab" "$tmp/doctor-en")" ] &&
		 ! grep -Ev "^finding$tab(ok|note|warn|fail)$tab[a-z0-9-]+$tab[-0-9 ]+$tab.|^lab${tab}[0-9][0-9]$tab(yes|no)$tab|^exit$tab[012]\$" "$log" | grep -q . &&
		 { [ "$want" = en ] || ! grep "^finding$tab" "$log" | cut -f5 | LC_ALL=C grep -vq "$JA"; }'
}

i=0
while IFS= read -r line; do
	i=$((i + 1))
	run_case built "$PATH" "$line" yes "catalogue+gettext $i"
done <<EOF
$cases
EOF
# A fresh machine (nothing built), and one without gettext-base: po/ja.po is read directly.
i=0
while IFS= read -r line; do
	i=$((i + 1))
	case $i in 1 | 2 | 4) d=yes ;; *) d=no ;; esac
	run_case fresh "$PATH" "$line" $d "po/ja.po only $i"
	run_case built "$nogt" "$line" no "no gettext program $i"
done <<EOF
$cases
EOF
# No catalogue at all: English, whatever is asked, and no failure.
run_case bare "$PATH" "$(echo "$cases" | head -n 1)" yes "no catalogue"

# doctor's plain output in Japanese: the same line structure as in English (tests/doctor-test.sh)
log=$tmp/doctor-plain-ja.log
env -i PATH="$PATH" LANG=ja_JP.UTF-8 sh "$tmp/built/tools/doctor" >"$log" 2>&1
check "doctor in Japanese: one line per finding and per lab, the status words and IDs untranslated" ja "$log" $? $drc \
	'[ "$(grep -c "^lab[0-9][0-9]  " "$log")" = "$(grep -c "^[0-9][0-9][[:space:]]" labs/labs.tsv)" ] && ! grep -Ev "^(ok  |note|warn|FAIL)  [a-z0-9-]+: .+|^lab[0-9][0-9]  |^doctor: " "$log" | grep -q .'

# Other scripts' errors, under set -e: said, in Japanese, with their exit status.
log=$tmp/cgpath.log
env -i PATH="$PATH" LANG=ja_JP.UTF-8 sh "$tmp/fresh/tools/cgpath.sh" >"$log" 2>&1
check "tools/cgpath.sh without an argument, LANG=ja_JP.UTF-8: its usage in Japanese, exit 1" ja "$log" $? 1 \
	'grep -q "^cgpath: .*tools/cgpath.sh CONTROLLER" "$log"'
log=$tmp/mkrootfs.log
env -i PATH="$PATH" LANGUAGE=ja sh "$tmp/built/tools/mkrootfs.sh" "$tmp/rootfs" /bin/ls >"$log" 2>&1
check "tools/mkrootfs.sh with a dynamic busybox, LANGUAGE=ja: one Japanese line naming busybox-static, exit 1" ja "$log" $? 1 \
	'[ "$(wc -l <"$log")" = 1 ] && grep -q busybox-static "$log" && [ ! -e "$tmp/rootfs" ]'

# The box (grader/box.c): its own messages through the same catalogue (lib/i18n.h).
if [ -x build/box ] && [ -r build/locale/ja/LC_MESSAGES/minidocker-kit.mo ]; then
	log=$tmp/box.log
	env -i PATH="$PATH" LANG=ja_JP.UTF-8 build/box --bogus >"$log" 2>&1
	check "build/box --bogus, LANG=ja_JP.UTF-8: Japanese, exit 125" ja "$log" $? 125 'grep -q -- "^box: --bogus" "$log"'
	log=$tmp/box-c.log
	env -i PATH="$PATH" LC_ALL=C build/box --bogus >"$log" 2>&1
	check "build/box --bogus, LC_ALL=C: English, exit 125" en "$log" $? 125 'grep -q -- "^box: unknown option --bogus" "$log"'
else
	echo "# build/box or the compiled catalogue is not built: its test is left out (make build/box)"
fi

# tools/i18n.sh's reader of po/ja.po against gettext's own (msgexec): every message, translated
# or not (untranslated and fuzzy: nothing, then the English is said).
if command -v msgexec >/dev/null 2>&1; then
	log=$tmp/po-reader.log
	cat >"$tmp/one.sh" <<'EOS'
# (the scripts use neither plural forms nor contexts: the reader skips those)
[ -n "$MSGEXEC_MSGID" ] && [ -z "${MSGEXEC_MSGID_PLURAL:-}" ] && [ -z "${MSGEXEC_MSGCTXT:-}" ] || exit 0
. "$KIT/tools/i18n.sh"
kit_i18n_po=$KIT/po/ja.po
want=$(cat; printf x)
got=$(kit_po_lookup "$MSGEXEC_MSGID"; printf x)
[ "$want" = "$got" ] || printf 'differs: msgid [%s]\n  msgexec [%s]\n  i18n.sh [%s]\n' "$MSGEXEC_MSGID" "${want%x}" "${got%x}"
EOS
	{
		msgattrib --translated --no-fuzzy --no-obsolete po/ja.po | KIT=$kit msgexec -i - sh "$tmp/one.sh"
		# the fuzzy and the untranslated ones: nothing
		msgattrib --only-fuzzy po/ja.po | msgattrib --clear-fuzzy --empty - | KIT=$kit msgexec -i - sh "$tmp/one.sh"
		msgattrib --untranslated po/ja.po | KIT=$kit msgexec -i - sh "$tmp/one.sh"
	} >"$log" 2>&1
	if [ ! -s "$log" ]; then
		ok "tools/i18n.sh reads po/ja.po as msgexec does: every translation, nothing for the untranslated and fuzzy"
	else
		notok "tools/i18n.sh reads po/ja.po as msgexec does: every translation, nothing for the untranslated and fuzzy" "$log"
	fi
fi

echo "1..$n"
[ $failed = 0 ]
