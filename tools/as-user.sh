#!/bin/sh
# shellcheck disable=SC2016 # messages are single-quoted on purpose (tools/i18n.sh)
# as-user.sh COMMAND [ARG...] — run COMMAND as an ordinary user, not root: lab08's steps, which
# the TUI and the walk run under sudo. The user is the one who ran sudo (SUDO_UID, SUDO_GID),
# else uid and gid 1000. Without sudo (already an ordinary user) COMMAND simply runs.
# setpriv (util-linux) drops every supplementary group and keeps the environment.
set -eu
me=as-user.sh
# What it says, in the learner's language (tools/i18n.sh).
# shellcheck source=tools/i18n.sh
. "$(dirname "$0")/i18n.sh"
kit_i18n_init "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
	warn 'usage: tools/as-user.sh COMMAND [ARG...]'
	exit 2
fi
[ "$(id -u)" = 0 ] || exec "$@"
uid=${SUDO_UID:-1000} gid=${SUDO_GID:-1000}
[ "$uid" != 0 ] || uid=1000 gid=1000
exec setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$@"
