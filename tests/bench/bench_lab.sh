#!/bin/bash
# bench_lab.sh - the benchmark's DNS hierarchy, with latency added by user-space proxies.
#
# Usage:
#   bench_lab.sh start DIR PROXY    create a namespace, write configs under DIR, start servers
#   bench_lab.sh delay DIR MS       (re)start the delay proxy with a round trip of MS ms
#   bench_lab.sh stop DIR           stop everything started for DIR (idempotent)
#   bench_lab.sh exec DIR CMD...    run CMD inside the lab's namespace
#   bench_lab.sh zones              print "ZONE ADDRESSES" for the scenario zones
#
# PROXY is the compiled tests/bench/delay_proxy.c. Like tests/lab/lab.sh, the lab lives in
# its own network namespace (csoab-<pid>-<random>, name in DIR/netns), every address sits on
# the namespace's lo, and /etc/netns/<name>/resolv.conf points at the lab's Unbound.
#
# Nothing here is far away: every nameserver address (root, TLD and the zones' servers) is
# a listening socket of ONE delay_proxy process that holds each packet MS/2 ms in each
# direction and forwards it to the real daemon on a 127.0.x.y backend address. The
# resolver is not behind the proxy: it is the "nearby" resolver, answering from its cache
# once warmed.
#
#   public address                 backend        daemon
#   192.0.2.1                      127.0.2.1      NSD   root zone
#   192.0.2.2                      127.0.2.2      Knot  example. (the parent of every zone)
#   192.0.2.53                     (no proxy)     Unbound, the resolver (IPv4 upstream)
#   198.51.100.K, 2001:db8:5::K    127.0.1.1      NSD   every benchmark zone (K odd)
#     (K = 1..52, "pool host K")   127.0.1.2      Knot  every benchmark zone (K even)
#   203.0.113.66                   drop           the proxy reads and never answers
#
# Zones (children of example., NS names inside the zone, glue in example.):
#   four   2 names x (IPv4, IPv6)                    =   4 addresses (pool hosts 1-2)
#   s8     4 names x (IPv4, IPv6)                    =   8 addresses
#   s16    8 names x (IPv4, IPv6)                    =  16 addresses
#   big   13 names x (IPv4, IPv6)                    =  26 addresses
#   s52   13 names x (2 IPv4, 2 IPv6: hosts J, J+26) =  52 addresses
#   s104  26 names x (2 IPv4, 2 IPv6: hosts J, J+26) = 104 addresses
#   drop  like big, but ns13's IPv4 is 203.0.113.66 (drops every packet)
#   b001 .. bNNN (BENCH_BATCH_ZONES, default 500): NS ns-a.example, ns-b.example (pool
#          hosts 1, 2, IPv4 + IPv6: 4 addresses), as a hosting provider's zones.
# Every copy has the same serial; TTLs are a day so that the resolver's cache stays warm.
set -eu

BENCH_LAB_SH=$(readlink -f "$0")
. "$(dirname "$BENCH_LAB_SH")/../lab/daemons.sh"
BATCH_ZONES=${BENCH_BATCH_ZONES:-500}
SERIAL=2026112501
TTL=86400
SOA_TIMERS="3600 600 86400 86400"
RESOLVER=192.0.2.53
DROP_ADDR=203.0.113.66

die() {
	echo "bench_lab.sh: $*" >&2
	exit 1
}

# ---------------------------------------------------------------------------------------------
# The zones

host_v4() { echo "198.51.100.$1"; }
host_v6() { echo "2001:db8:5::$1"; }
host_backend() { if (($1 % 2)); then echo 127.0.1.1; else echo 127.0.1.2; fi; }

# "NAMES PER_NAME" of a scenario zone: PER_NAME is 2 (IPv4 + IPv6) or 4 (two of each).
zone_shape() {
	case $1 in
	four) echo "2 2" ;;
	s8) echo "4 2" ;;
	s16) echo "8 2" ;;
	big | drop) echo "13 2" ;;
	s52) echo "13 4" ;;
	s104) echo "26 4" ;;
	*) die "unknown zone $1" ;;
	esac
}
SCENARIO_ZONES="four s8 s16 big s52 s104 drop"

bench_zones() {
	local z names per
	for z in $SCENARIO_ZONES; do
		read -r names per <<<"$(zone_shape "$z")"
		echo "$z.example $((names * per))"
	done
}

# Address records of the NS names of scenario zone Z, as zone file lines.
zone_addresses() {
	local z=$1 names per j
	read -r names per <<<"$(zone_shape "$z")"
	for ((j = 1; j <= names; j++)); do
		local n=ns$j.$z.example.
		if [[ $z == drop && $j == 13 ]]; then
			echo "$n $TTL A $DROP_ADDR"
		else
			echo "$n $TTL A $(host_v4 "$j")"
		fi
		echo "$n $TTL AAAA $(host_v6 "$j")"
		if ((per == 4)); then
			echo "$n $TTL A $(host_v4 $((j + 26)))"
			echo "$n $TTL AAAA $(host_v6 $((j + 26)))"
		fi
	done
}

zone_ns() {
	local z=$1 names per j
	read -r names per <<<"$(zone_shape "$z")"
	for ((j = 1; j <= names; j++)); do echo "$z.example. $TTL NS ns$j.$z.example."; done
}

write_zones() { # DIR
	local d=$1 z i
	mkdir -p "$d/zones"
	for z in $SCENARIO_ZONES; do
		{
			echo "$z.example. $TTL SOA ns1.$z.example. hostmaster.$z.example. $SERIAL $SOA_TIMERS"
			zone_ns "$z"
			zone_addresses "$z"
		} >"$d/zones/$z.example.zone"
	done
	for ((i = 1; i <= BATCH_ZONES; i++)); do
		z=$(printf 'b%03d' "$i")
		printf '%s. %s SOA ns-a.example. hostmaster.%s. %s %s\n%s. %s NS ns-a.example.\n%s. %s NS ns-b.example.\n' \
			"$z.example" $TTL "$z.example" $SERIAL "$SOA_TIMERS" "$z.example" $TTL "$z.example" $TTL \
			>"$d/zones/$z.example.zone"
	done
	{
		echo "example. $TTL SOA ns.example. hostmaster.example. $SERIAL $SOA_TIMERS"
		echo "example. $TTL NS ns.example."
		echo "ns.example. $TTL A 192.0.2.2"
		echo "ns-a.example. $TTL A $(host_v4 1)"
		echo "ns-a.example. $TTL AAAA $(host_v6 1)"
		echo "ns-b.example. $TTL A $(host_v4 2)"
		echo "ns-b.example. $TTL AAAA $(host_v6 2)"
		for z in $SCENARIO_ZONES; do
			zone_ns "$z"
			zone_addresses "$z"
		done
		for ((i = 1; i <= BATCH_ZONES; i++)); do
			z=$(printf 'b%03d' "$i")
			echo "$z.example. $TTL NS ns-a.example."
			echo "$z.example. $TTL NS ns-b.example."
		done
	} >"$d/zones/example.zone"
	lab_root_zone "$d/zones/root.zone" $TTL "$SOA_TIMERS" 192.0.2.1 192.0.2.2
}

# Every ZONE=FILE served by the zone backends, one a line.
child_zone_files() { # DIR
	local z
	for z in $SCENARIO_ZONES; do echo "$z.example=$1/zones/$z.example.zone"; done
	for ((i = 1; i <= BATCH_ZONES; i++)); do
		z=$(printf 'b%03d' "$i")
		echo "$z.example=$1/zones/$z.example.zone"
	done
}

# ---------------------------------------------------------------------------------------------
# Daemon configs (tests/lab/daemons.sh writes them)

# NSD's response rate limiting would drop (or truncate) the benchmark's bursts, which all come
# from the proxy's one address.
NSD_SETTINGS=("verbosity: 0" "rrl-ratelimit: 0" "rrl-whitelist-ratelimit: 0")

write_unbound() { # DIR
	lab_unbound_conf "$1" 192.0.2.1 "verbosity: 0" "interface: $RESOLVER" \
		"outgoing-interface: $RESOLVER" "do-ip6: no" "so-reuseport: no" "outgoing-range: 256" \
		"num-queries-per-thread: 512" "msg-cache-size: 16m" "rrset-cache-size: 32m" \
		"access-control: 0.0.0.0/0 allow" "minimal-responses: yes" "statistics-cumulative: no" \
		"control-interface: \"$1/unbound.ctl\""
}

# The proxy's LISTEN=BACKEND mappings, one per line.
proxy_mappings() {
	local k
	echo "192.0.2.1=127.0.2.1"
	echo "192.0.2.2=127.0.2.2"
	for ((k = 1; k <= 52; k++)); do
		echo "$(host_v4 "$k")=$(host_backend "$k")"
		echo "$(host_v6 "$k")=$(host_backend "$k")"
	done
	echo "$DROP_ADDR=drop"
}

# ---------------------------------------------------------------------------------------------
# Running

netns_of() { cat "$1/netns"; }

spawn() { # DIR NAME CMD...
	local dir=$1 name=$2
	shift 2
	ip netns exec "$(netns_of "$dir")" "$@" </dev/null >"$dir/$name.out" 2>&1 &
	echo $! >"$dir/$name.launcher"
}

# Wait until ADDRESS answers "ZONE SOA" (dig inside the namespace), or fail after 30 s.
wait_soa() { # DIR ADDRESS ZONE [DIG-OPTS]
	lab_wait_soa "$(netns_of "$1")" 30 "$2" "$3" "${4:-+norec}" || die "no SOA for $3 from $2 after 30 s"
}

lab_delay() { # DIR RTT_MS
	local dir=$1 rtt=$2 pid
	if [[ -f $dir/proxy.pid ]]; then
		pid=$(cat "$dir/proxy.pid")
		kill -TERM "$pid" 2>/dev/null || true
		while kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
		rm -f "$dir/proxy.pid"
	fi
	mapfile -t maps <"$dir/proxy.maps"
	ip netns exec "$(netns_of "$dir")" "$(cat "$dir/proxy.bin")" \
		-d "$(awk -v r="$rtt" 'BEGIN { print r / 2 }')" -s "$dir/proxy.stats" "${maps[@]}" \
		</dev/null >>"$dir/proxy.out" 2>&1 &
	echo $! >"$dir/proxy.pid"
	echo "$rtt" >"$dir/rtt"
	wait_soa "$dir" 192.0.2.2 example.
	wait_soa "$dir" "$(host_v4 1)" four.example
}

lab_start() { # DIR PROXY-BINARY
	local dir=$1 ns k
	local -a child addrs
	[[ $(id -u) == 0 ]] || die "must run as root"
	mkdir -p "$dir"
	dir=$(readlink -f "$dir")
	[[ ! -e $dir/netns ]] || die "$dir already holds a lab ($(cat "$dir/netns"))"
	[[ -x $2 ]] || die "no delay proxy binary at $2"
	readlink -f "$2" >"$dir/proxy.bin"

	ns=csoab-$$-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
	trap 'lab_stop "$dir"' EXIT
	lab_netns_add "$ns" "$dir" "$RESOLVER"

	write_zones "$dir"
	mapfile -t child < <(child_zone_files "$dir")
	lab_nsd_conf "$dir/nsd-root" "" 127.0.2.1 "${NSD_SETTINGS[@]}" -- ".=$dir/zones/root.zone"
	lab_knot_conf "$dir/knot-tld" "" warning 127.0.2.2 -- "example.=$dir/zones/example.zone"
	lab_nsd_conf "$dir/nsd-zones" "" 127.0.1.1 "${NSD_SETTINGS[@]}" -- "${child[@]}"
	lab_knot_conf "$dir/knot-zones" "" warning 127.0.1.2 -- "${child[@]}"
	write_unbound "$dir/unbound"
	proxy_mappings >"$dir/proxy.maps"
	addrs=(192.0.2.1 192.0.2.2 "$RESOLVER" "$DROP_ADDR")
	for ((k = 1; k <= 52; k++)); do addrs+=("$(host_v4 "$k")" "$(host_v6 "$k")"); done
	lab_netns_addresses "$ns" "$dir/addresses.batch" "${addrs[@]}"

	spawn "$dir" nsd-root nsd -d -c "$dir/nsd-root/nsd.conf"
	spawn "$dir" knot-tld knotd -c "$dir/knot-tld/knot.conf"
	spawn "$dir" nsd-zones nsd -d -c "$dir/nsd-zones/nsd.conf"
	spawn "$dir" knot-zones knotd -c "$dir/knot-zones/knot.conf"
	spawn "$dir" unbound unbound -d -c "$dir/unbound/unbound.conf"
	lab_delay "$dir" 0
	wait_soa "$dir" 127.0.1.1 "b$(printf %03d "$BATCH_ZONES").example"
	wait_soa "$dir" 127.0.1.2 "b$(printf %03d "$BATCH_ZONES").example"
	wait_soa "$dir" 127.0.2.1 .
	wait_soa "$dir" $RESOLVER big.example +rec
	trap - EXIT
}

lab_stop() { # DIR: the test lab's stop knows how to end any lab's namespace
	bash "$(dirname "$BENCH_LAB_SH")/../lab/lab.sh" stop "$1"
	rm -f "$1/proxy.pid"
}

main() {
	[[ $# -ge 1 ]] || { sed -n '3,8s/^# \{0,1\}//p' "$BENCH_LAB_SH" >&2; exit 2; }
	local cmd=$1
	shift
	case $cmd in
	start) [[ $# -eq 2 ]] || die "usage: start DIR PROXY"; lab_start "$1" "$2" ;;
	delay) [[ $# -eq 2 ]] || die "usage: delay DIR RTT_MS"; lab_delay "$(readlink -f "$1")" "$2" ;;
	stop) [[ $# -eq 1 ]] || die "usage: stop DIR"; lab_stop "$1" ;;
	exec)
		[[ -f $1/netns ]] || die "no lab running in $1"
		exec ip netns exec "$(cat "$1/netns")" "${@:2}"
		;;
	zones) bench_zones ;;
	*) die "unknown command $cmd" ;;
	esac
}

main "$@"
