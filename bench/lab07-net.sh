#!/bin/sh
# lab07-net.sh — what a network of the container's own costs at start (lab07), side by side:
# start-to-exit of a container that runs /bin/true, with hyperfine:
#   --net host     lab07 reference minidocker, no network namespace
#   --net none     a network namespace with lo up
#   --net bridge   and a veth pair, the bridge, ip_forward, the nft table (one nft run to add
#                  it, one to delete it)
#   ip-commands    the same by hand: unshare --net, then `ip` and `nft` commands as in the
#                  lesson's table (veth pair, move, bridge, address, route, table), no minidocker
# Everything runs inside a throwaway network namespace (unshare --net): nothing touches the
# host's own network. Reference figures of the kit's build machine (previous run): host 4.66 ms,
# none 5.62, bridge 126.87, ip-commands 103.54 (most of bridge's time is nft's start).
#
# Needs root. Prints figures; it is not a test (nothing here fails on a slow machine).
# Usage: sudo bench/lab07-net.sh [RUNS]      (default 30 hyperfine runs)
set -eu
cd "$(dirname "$0")/.."
runs=${1:-30}
O=build
[ "$(id -u)" = 0 ] || { echo "lab07-net.sh: needs root (sudo bench/lab07-net.sh)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "lab07-net.sh: install hyperfine" >&2; exit 2; }
[ -x /usr/sbin/nft ] || { echo "lab07-net.sh: install nftables" >&2; exit 2; }
make -s $O/gen/lab07/reference rootfs >/dev/null
tmp=$(mktemp -d /tmp/h-bench-lab07-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
# The by-hand version: what --net bridge does, as commands.
cat >"$tmp/by-hand.sh" <<'EOS'
unshare --net sleep 10 & c=$!
while [ "$(readlink /proc/$c/ns/net)" = "$(readlink /proc/self/ns/net)" ]; do :; done
ip link add minidocker0 type bridge 2>/dev/null || :
ip addr add 10.203.47.1/24 dev minidocker0 2>/dev/null || :
ip link set minidocker0 up
ip link add mdv$$ type veth peer name mdc$$
ip link set mdc$$ netns $c name eth0
ip link set mdv$$ master minidocker0 up
echo 1 >/proc/sys/net/ipv4/ip_forward
printf 'table ip minidocker-%s {\n chain post { type nat hook postrouting priority srcnat; policy accept;\n  ip saddr 10.203.47.2 oifname != "minidocker0" masquerade; }\n}\n' $$ | nft -f -
nsenter -t $c -n sh -c 'ip link set lo up; ip addr add 10.203.47.2/24 dev eth0; ip link set eth0 up; ip route add default via 10.203.47.1; /bin/true'
kill $c; wait $c 2>/dev/null || :
nft delete table ip minidocker-$$
EOS
csv=$tmp/out.csv
echo "== start-to-exit of /bin/true with a network ($runs runs each, in a throwaway network namespace)"
unshare --net sh -c "ip link set lo up && hyperfine -N --warmup 3 --runs $runs --export-csv $csv \
	-n host '$O/gen/lab07/reference run --net host $O/rootfs /bin/true' \
	-n none '$O/gen/lab07/reference run --net none $O/rootfs /bin/true' \
	-n bridge '$O/gen/lab07/reference run --net bridge $O/rootfs /bin/true' \
	-n ip-commands 'sh $tmp/by-hand.sh'" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
# hyperfine's CSV: command,mean,stddev,median,user,system,min,max (seconds)
awk -F, 'NR > 1 { name[NR] = $1; mean[NR] = $2 * 1000; sd[NR] = $3 * 1000; if ($1 == "host") h = $2 * 1000 }
	END {
		printf "%-12s %9s %8s %10s\n", "--net", "mean ms", "± ms", "x host"
		for (i = 2; i <= NR; i++)
			printf "%-12s %9.2f %8.2f %10.2f\n", name[i], mean[i], sd[i], mean[i] / h
		printf "reference (previous run): host 4.66 ms, none 5.62, bridge 126.87, ip-commands 103.54\n"
	}' "$csv"
