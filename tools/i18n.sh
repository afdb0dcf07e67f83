# i18n.sh — what the kit's shell scripts say, in the learner's language (sourced, POSIX sh).
#
#   . "$kit/tools/i18n.sh"; kit_i18n_init "$kit" [en|ja]     (the second: a script's --lang)
#   say 'MSGID'        the message on stdout          warn 'MSGID'  "$me: message" on stderr
#   info 'MSGID'       "$me: message" on stdout       die 'MSGID'   warn, then exit $die_rc (1)
#   kit_msg 'MSGID'    the message, no newline (for $(...))
#   kit_tr 'MSGID'     the message into $kit_text (no subshell)
#
# A message is English, in single quotes, with $NAME or ${NAME} for the caller's variables (not
# $1: assign it to a name first), as GNU gettext's eval_gettext takes it: xgettext extracts it
# (keywords say, info, warn, die, kit_msg, kit_tr, Makefile's XGETTEXT_SH), a translation in
# po/ja.po may put the variables in another order, and msgfmt --check makes sure it keeps them.
# The variables are replaced here, after translating, as envsubst would (the values are never
# read as shell code or as a message).
#
# The language: the script's --lang, else the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that
# is set — "ja..." is Japanese, anything else (C, POSIX, en_US.UTF-8, fr_FR...) English: the C
# programs' rule (lib/i18n.h), so LC_ALL=C says English and LANGUAGE=ja LC_ALL=C Japanese.
# LANGUAGE is exported as "en" or "ja": make and the programs it starts (grade, the TUI) speak
# the same language.
#
# How the Japanese is found, best first:
#   1. GNU gettext (gettext-base) with the compiled catalogue build/locale/ja/LC_MESSAGES/
#      minidocker-kit.mo (TEXTDOMAIN, TEXTDOMAINDIR), in the learner's locale when it is
#      installed, UTF-8 and not C (gettext ignores LANGUAGE in the C locale), else in C.UTF-8
#      (every Debian and Ubuntu has it) — for the gettext call only, not for make or apt;
#   2. po/ja.po itself, read with awk: on a fresh machine ./kit and tools/doctor run before
#      gettext-base is installed and before make has compiled the catalogue — exactly when a
#      learner most needs to understand what is missing;
#   3. English: no catalogue at all (a copy of doctor alone in a chroot).
# Nothing here fails for want of gettext; an untranslated or fuzzy message is said in English.
# The Japanese is UTF-8 whatever the locale says (as the C programs, which use C.UTF-8 when
# the locale is not UTF-8).

KIT_DOMAIN=minidocker-kit
kit_lang=en
kit_text=
kit_i18n_how=none # gettext | po | none
kit_i18n_lc=      # LC_ALL for the gettext call ("" = the learner's locale)
kit_i18n_po=

# kit_lang_of VALUE: "ja" or "en" into kit_lang_is; false when VALUE is empty
kit_lang_of() {
	case ${1:-} in
	'') return 1 ;;
	ja*) kit_lang_is=ja ;;
	*) kit_lang_is=en ;;
	esac
	return 0
}

# kit_i18n_init KITDIR [LANG]: choose the language (LANG: en or ja, a script's --lang) and how
# to translate into it. KITDIR may be relative (tools/..): it is made absolute, for a script
# that changes directory later.
kit_i18n_init() {
	case $1 in
	/*) set -- "$1" "${2:-}" ;;
	*) set -- "$PWD/$1" "${2:-}" ;;
	esac
	kit_lang_is=en
	case ${2:-} in
	en | ja) kit_lang_is=$2 ;;
	*) kit_lang_of "${LANGUAGE:-}" || kit_lang_of "${LC_ALL:-}" || kit_lang_of "${LC_MESSAGES:-}" ||
		kit_lang_of "${LANG:-}" || : ;;
	esac
	kit_lang=$kit_lang_is
	LANGUAGE=$kit_lang
	TEXTDOMAIN=$KIT_DOMAIN
	TEXTDOMAINDIR=$1/build/locale
	export LANGUAGE TEXTDOMAIN TEXTDOMAINDIR
	kit_i18n_how=none kit_i18n_lc=
	[ "$kit_lang" = ja ] || return 0
	if [ -r "$TEXTDOMAINDIR/ja/LC_MESSAGES/$KIT_DOMAIN.mo" ] && command -v gettext >/dev/null 2>&1; then
		# gettext "" is the catalogue's header when gettext translates at all.
		if [ "$(locale charmap 2>/dev/null)" = UTF-8 ] && [ -n "$(gettext -- '' 2>/dev/null)" ]; then
			kit_i18n_how=gettext
		elif [ -n "$(LC_ALL=C.UTF-8 gettext -- '' 2>/dev/null)" ]; then
			kit_i18n_how=gettext kit_i18n_lc=C.UTF-8
		fi
	fi
	if [ $kit_i18n_how = none ] && [ -r "$1/po/ja.po" ]; then
		kit_i18n_how=po kit_i18n_po=$1/po/ja.po
	fi
	return 0
}

# kit_po_lookup MSGID: its msgstr in $kit_i18n_po (nothing when untranslated or fuzzy)
kit_po_lookup() {
	KIT_MSGID=$1 awk '
	function unq(s,   out, i, c) {
		s = substr(s, 2, length(s) - 2); out = ""
		while ((i = index(s, "\\")) > 0) {
			c = substr(s, i + 1, 1)
			out = out substr(s, 1, i - 1) (c == "n" ? "\n" : c == "t" ? "\t" : c)
			s = substr(s, i + 2)
		}
		return out s
	}
	function entry_end() {
		if (!fuzzy && !ctx && part != "" && id == want && str != "") { printf "%s", str; found = 1; exit }
		fuzzy = ctx = 0; part = id = str = ""
	}
	BEGIN { want = ENVIRON["KIT_MSGID"] }
	/^[ \t]*$/ { entry_end(); next }
	/^#,/ { if ($0 ~ /fuzzy/) fuzzy = 1; next }
	/^#/ { next }
	/^msgctxt / { ctx = 1; part = "ctx"; next }
	/^msgid / { part = "id"; id = unq(substr($0, 7)); next }
	/^msgid_plural / { ctx = 1; part = "plural"; next }
	/^msgstr / { part = "str"; str = unq(substr($0, 8)); next }
	/^"/ { if (part == "id") id = id unq($0); else if (part == "str") str = str unq($0); next }
	END { if (!found) entry_end() }' "$kit_i18n_po" 2>/dev/null
}

# kit_subst TEXT: TEXT with $NAME and ${NAME} replaced by the variables' values, into kit_text
kit_subst() {
	_k_s=$1 kit_text=
	while :; do
		case $_k_s in *'$'*) ;; *) break ;; esac
		kit_text=$kit_text${_k_s%%\$*}
		_k_s=${_k_s#*\$}
		_k_n=
		case $_k_s in
		'{'[A-Za-z_]*'}'*)
			_k_n=${_k_s#\{}
			_k_n=${_k_n%%\}*}
			case $_k_n in
			*[!A-Za-z0-9_]*) _k_n= ;;
			*) _k_s=${_k_s#*\}} ;;
			esac
			;;
		[A-Za-z_]*)
			while :; do
				case $_k_s in
				[A-Za-z0-9_]*)
					_k_n=$_k_n${_k_s%"${_k_s#?}"}
					_k_s=${_k_s#?}
					;;
				*) break ;;
				esac
			done
			;;
		esac
		if [ -n "$_k_n" ]; then
			eval "kit_text=\$kit_text\${$_k_n-}"
		else
			kit_text=$kit_text\$
		fi
	done
	kit_text=$kit_text$_k_s
}

kit_tr() {
	_k_t=$1
	case $kit_i18n_how in
	gettext)
		if [ -n "$kit_i18n_lc" ]; then
			_k_t=$(LC_ALL=$kit_i18n_lc gettext -- "$1" 2>/dev/null) || _k_t=$1
		else
			_k_t=$(gettext -- "$1" 2>/dev/null) || _k_t=$1
		fi
		;;
	po) _k_t=$(kit_po_lookup "$1") ;;
	esac
	[ -n "$_k_t" ] || _k_t=$1
	kit_subst "$_k_t"
}
kit_msg() { kit_tr "$1" && printf '%s' "$kit_text"; }
say() { kit_tr "$1" && printf '%s\n' "$kit_text"; }
info() { kit_tr "$1" && printf '%s: %s\n' "${me:-kit}" "$kit_text"; }
warn() { kit_tr "$1" && printf '%s: %s\n' "${me:-kit}" "$kit_text" >&2; }
die() {
	warn "$1"
	exit "${die_rc:-1}"
}
