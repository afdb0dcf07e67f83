#!/bin/sh
# deps-cover.sh --shims DIR | --list | --which PROGRAM — which programs the kit may call: those
# of the packages tools/deps.sh installs (and what they depend on) and of the base system
# (Essential or Priority required: what a Debian minbase has). Anything else on this machine
# works here by chance and is missing on a fresh one.
#
#   --shims DIR   make DIR hold a stand-in for every program in $PATH that is not covered: it
#                 prints "PROGRAM: not installed by the kit (package P is not in tools/deps.sh)"
#                 and exits 127. Prints DIR; tests/steps.sh and tests/run-all.sh put it first
#                 in PATH, so a lesson step or a test that calls such a program fails.
#   --list        print the covered packages, one a line
#   --which PROG  say whether PROG (as found in PATH) is covered; exit 0 yes, 1 no
# Exit status 2: not a Debian system (no dpkg-query) or a usage error.
set -u
me=deps-cover
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
usage() { echo "usage: $me --shims DIR | --list | --which PROGRAM" >&2; exit 2; }
command -v dpkg-query >/dev/null 2>&1 || { echo "$me: no dpkg-query: this is not a Debian/Ubuntu system" >&2; exit 2; }
admin=${DPKG_ADMINDIR:-/var/lib/dpkg}

# covered: base system + the kit's packages, closed over Depends and Pre-Depends (any installed
# alternative, and the installed providers of a virtual package).
covered() {
	# KIT_DEPS_SET=--learner: only the packages the labs get (what lesson steps may use).
	# shellcheck disable=SC2086
	sh "$here/deps.sh" ${KIT_DEPS_SET:-} --list >"$tmp/wanted"
	dpkg-query -W -f='${Package}\t${db:Status-Abbrev}\t${Essential}\t${Priority}\t${Pre-Depends}, ${Depends}\t${Provides}\n' >"$tmp/db" 2>/dev/null
	awk -F '\t' 'FNR == NR { want[$1] = 1; next }
		$2 !~ /^.i/ { next }
		{ inst[$1] = 1; dep[$1] = $5
		  n = split($6, pv, ","); for (i = 1; i <= n; i++) { v = pv[i]; sub(/^ +/, "", v); sub(/ .*/, "", v); if (v != "") prov[v] = prov[v] " " $1 }
		  if ($3 == "yes" || $4 == "required") base[$1] = 1 }
		function add(p,   n, g, i, j, alt, a, q, m, pp) {
			if (p in cov) return
			cov[p] = 1
			n = split(dep[p], g, ",")
			for (i = 1; i <= n; i++) {
				m = split(g[i], alt, "|")
				for (j = 1; j <= m; j++) {
					a = alt[j]; sub(/^ +/, "", a); sub(/[ (].*/, "", a); sub(/:any$/, "", a)
					if (a == "") continue
					if (a in inst) add(a)
					if (a in prov) { split(prov[a], pp, " "); for (q in pp) add(pp[q]) }
				}
			}
		}
		END { for (p in base) add(p); for (p in want) if (p in inst) add(p); for (p in cov) print p }' \
		"$tmp/wanted" "$tmp/db" | sort
}
# files of the covered packages that are programs, with /bin, /sbin, /lib as /usr/...
covered_files() {
	covered | while read -r p; do
		for l in "$admin/info/$p.list" "$admin/info/$p":*.list; do [ -f "$l" ] && cat "$l"; done
	done | grep -E '/s?bin/' | sed 's#^/\(s\{0,1\}bin\)/#/usr/\1/#' | sort -u
}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
case ${1:-} in
--list) [ $# = 1 ] || usage; covered ;;
--which)
	[ $# = 2 ] || usage
	f=$(command -v "$2") || { echo "$me: $2 is not in PATH" >&2; exit 1; }
	covered_files >"$tmp/files"
	r=$(readlink -f "$f" | sed 's#^/\(s\{0,1\}bin\)/#/usr/\1/#')
	n=$(echo "$f" | sed 's#^/\(s\{0,1\}bin\)/#/usr/\1/#')
	if grep -qxF -e "$r" -e "$n" "$tmp/files"; then echo "$2: covered ($f)"; else
		echo "$2: not covered ($f, package $(dpkg -S "$r" 2>/dev/null | sed 's/:.*//' | head -n 1))"; exit 1
	fi ;;
--shims)
	[ $# = 2 ] || usage
	dir=$2
	covered_files >"$tmp/files"
	rm -rf "$dir" && mkdir -p "$dir" || { echo "$me: cannot make $dir" >&2; exit 2; }
	dir=$(cd "$dir" && pwd)
	cat >"$dir/.shim" <<'EOF'
#!/bin/sh
p=${0##*/}
pkg=$(dpkg -S "$(readlink -f "$(PATH=$(echo "$PATH" | sed "s#^[^:]*:##") command -v "$p")")" 2>/dev/null | sed 's/:.*//' | head -n 1)
echo "$p: not installed by the kit (package ${pkg:-unknown} is not in tools/deps.sh, nor in a Debian minbase): add it there" >&2
exit 127
EOF
	chmod 755 "$dir/.shim"
	# Every program in PATH, in PATH's order, resolved (readlink -m prints a line for a dangling
	# link too, so the two lists stay side by side); per name: nothing to do when the first
	# one is covered, a link to the first covered one when a later one is, else the stand-in.
	echo "$PATH" | tr ':' '\n' | grep -v -x -F "$dir" | awk 'NF && !seen[$0]++' | while read -r d; do
		# (another stand-in directory, such as make test's own, is not a source of programs)
		[ -d "$d" ] && [ ! -e "$d/.shim" ] && find "$d" -maxdepth 1 \( -type f -o -type l \) ! -name '.*' 2>/dev/null | sort
	done >"$tmp/inpath"
	tr '\n' '\0' <"$tmp/inpath" | xargs -0 readlink -m -- >"$tmp/resolved" 2>/dev/null
	paste "$tmp/inpath" "$tmp/resolved" | sed 's#\t/\(s\{0,1\}bin\)/#\t/usr/\1/#; s#^/\(s\{0,1\}bin\)/#/usr/\1/#' |
		awk -F '\t' 'FNR == NR { ok[$1] = 1; next }
			{ n = split($1, a, "/"); name = a[n]; c = ($1 in ok) || ($2 in ok)
			  if (!(name in first)) { first[name] = c; order[++k] = name }
			  if (c && !(name in good)) good[name] = $1 }
			END { for (i = 1; i <= k; i++) { name = order[i]; if (first[name]) continue
				print name "\t" ((name in good) ? good[name] : ".shim") } }' \
			"$tmp/files" - | while IFS="$(printf '\t')" read -r name target; do
		ln -sf "$target" "$dir/$name"
	done
	echo "$dir" ;;
*) usage ;;
esac
