#!/bin/bash
# lab.sh - a throw-away DNS hierarchy in a network namespace, for check_soa's integration tests.
#
# Usage:
#   lab.sh start DIR      create a namespace, write configs under DIR, start the servers
#   lab.sh stop DIR       stop everything started for DIR (idempotent, safe from traps)
#   lab.sh exec DIR CMD.. run CMD inside the lab's namespace
#   lab.sh table          print the scenario rows below, one per line
#
# The lab lives in its own network namespace (csoa-<pid>-<random>, name written to DIR/netns).
# All addresses sit on the namespace's lo; nothing leaves it.  /etc/netns/<name>/resolv.conf
# points at the lab's Unbound, so `ip netns exec <name> check_soa -D sync.example` just works.
#
# Infrastructure:
#   .            NSD  (root)     192.0.2.1    2001:db8::1     name root-ns.
#   example.     Knot (tld)      192.0.2.2    2001:db8::2     name ns.example.
#   resolver     Unbound         192.0.2.53   2001:db8::53    root hints -> the lab root
#   dead resolver (silent)       192.0.2.254                  responder in drop mode
#   refused resolver             192.0.2.253                  nothing listens
#
# Scenario zones, all children of example.  Each zone copy on a daemon carries the serial of
# that daemon's rows.  NSD, Knot and BIND each run one instance ("nsd", "knot", "bind") that
# serves its copy of every zone on all of its addresses.
#
#   zone      what it tests
#   sync      all in sync on NSD, Knot and BIND, every name with IPv4 and IPv6 (6 addresses)
#   lag       ns3 (BIND, IPv4 only) one serial behind the other four addresses
#   wrap      serial 1 on ns1/ns2, 4294967295 on ns3: two behind across the 2^32 wrap
#   lag6      ns1's IPv4 (NSD) is current, ns1's IPv6 (Knot) lags by one
#   down      ns3 has an address where nothing listens (ICMP port unreachable)
#   drop      ns3 reads queries and never answers
#   dead      both NS addresses dead (nothing listens / drops); NS names live in example.
#   lame      ns3 is an NSD that does not serve the zone (REFUSED), ns4 answers without AA
#   nsdiff    parent NS {ns1, ns2}, child apex NS {ns1, ns3}; all three resolve and are in sync
#   tc        ns3 answers UDP with TC=1 and properly over TCP
#   noaddr    ns3 has neither A nor AAAA
#   primary   NS servers in sync at ...501, hidden-primary.example (not an NS) at ...503
#   ahead     ns3 at ...502 is ahead of ahead-primary.example at ...501
#   demo      the README demo: 4 NS names on NSD/Knot/BIND, ns3 lags, ns4 unreachable
#   wrongid   ns3 sends a reply with a wrong ID before the right one (must be ignored)
#   broken    ns3 sends unparsable answers, ns4 answers SERVFAIL, ns5 REFUSED (responder)
#   unordered serials 1000 and 2147484648 are 2^31 apart (RFC 1982 leaves them unordered)
#   nope      does not exist (NXDOMAIN from example.)
#
# Rows: zone, NS name (relative to the zone, or absolute with a final dot), address ("-" for
# none), server, serial of that server's copy ("-" when it has none), and where the name is an
# NS: both (parent and child), parent (delegation only), child (apex only), none (not an NS).
# Servers: nsd, knot, bind (real daemons); none (nothing listens); and responder.py modes
# drop, tc, refused, servfail, noaa, garbage, wrongid, serve.
#
#| zone      name                    address          server    serial      ns
#| sync      ns1                     192.0.2.11       nsd       2026112501  both
#| sync      ns1                     2001:db8::11     nsd       2026112501  both
#| sync      ns2                     192.0.2.12       knot      2026112501  both
#| sync      ns2                     2001:db8::12     knot      2026112501  both
#| sync      ns3                     192.0.2.13       bind      2026112501  both
#| sync      ns3                     2001:db8::13     bind      2026112501  both
#| lag       ns1                     192.0.2.21       nsd       2026112501  both
#| lag       ns1                     2001:db8::21     nsd       2026112501  both
#| lag       ns2                     192.0.2.22       knot      2026112501  both
#| lag       ns2                     2001:db8::22     knot      2026112501  both
#| lag       ns3                     192.0.2.23       bind      2026112500  both
#| wrap      ns1                     192.0.2.31       nsd       1           both
#| wrap      ns2                     192.0.2.32       knot      1           both
#| wrap      ns3                     192.0.2.33       bind      4294967295  both
#| lag6      ns1                     192.0.2.41       nsd       2026112501  both
#| lag6      ns1                     2001:db8::41     knot      2026112500  both
#| lag6      ns2                     192.0.2.42       bind      2026112501  both
#| lag6      ns2                     2001:db8::42     bind      2026112501  both
#| down      ns1                     192.0.2.51       nsd       2026112501  both
#| down      ns2                     192.0.2.52       knot      2026112501  both
#| down      ns3                     198.51.100.53    none      -           both
#| drop      ns1                     192.0.2.61       nsd       2026112501  both
#| drop      ns2                     192.0.2.62       knot      2026112501  both
#| drop      ns3                     203.0.113.63     drop      -           both
#| dead      dead-ns1.example.       198.51.100.71    none      -           both
#| dead      dead-ns2.example.       203.0.113.72     drop      -           both
#| lame      ns1                     192.0.2.81       knot      2026112501  both
#| lame      ns2                     192.0.2.82       bind      2026112501  both
#| lame      ns3                     192.0.2.83       nsd       -           both
#| lame      ns4                     203.0.113.84     noaa      2026112501  both
#| nsdiff    ns1                     192.0.2.91       nsd       2026112501  both
#| nsdiff    ns2                     192.0.2.92       knot      2026112501  parent
#| nsdiff    ns3                     192.0.2.93       bind      2026112501  child
#| tc        ns1                     192.0.2.101      nsd       2026112501  both
#| tc        ns2                     192.0.2.102      knot      2026112501  both
#| tc        ns3                     203.0.113.103    tc        2026112501  both
#| noaddr    ns1                     192.0.2.111      nsd       2026112501  both
#| noaddr    ns2                     192.0.2.112      knot      2026112501  both
#| noaddr    ns3                     -                -         -           both
#| primary   ns1                     192.0.2.121      nsd       2026112501  both
#| primary   ns2                     192.0.2.122      knot      2026112501  both
#| primary   ns3                     192.0.2.123      bind      2026112501  both
#| primary   hidden-primary.example. 203.0.113.99     serve     2026112503  none
#| ahead     ns1                     192.0.2.131      nsd       2026112501  both
#| ahead     ns2                     192.0.2.132      knot      2026112501  both
#| ahead     ns3                     192.0.2.133      bind      2026112502  both
#| ahead     ahead-primary.example.  203.0.113.98     serve     2026112501  none
#| demo      ns1                     192.0.2.141      nsd       2026112501  both
#| demo      ns1                     2001:db8::141    nsd       2026112501  both
#| demo      ns2                     192.0.2.142      knot      2026112501  both
#| demo      ns2                     2001:db8::142    knot      2026112501  both
#| demo      ns3                     192.0.2.143      bind      2026112500  both
#| demo      ns4                     198.51.100.144   none      -           both
#| wrongid   ns1                     192.0.2.151      nsd       2026112501  both
#| wrongid   ns2                     192.0.2.152      knot      2026112501  both
#| wrongid   ns3                     203.0.113.153    wrongid   2026112501  both
#| broken    ns1                     192.0.2.161      nsd       2026112501  both
#| broken    ns2                     192.0.2.162      knot      2026112501  both
#| broken    ns3                     203.0.113.163    garbage   -           both
#| broken    ns4                     203.0.113.164    servfail  -           both
#| broken    ns5                     203.0.113.165    refused   -           both
#| unordered ns1                     192.0.2.171      nsd       1000        both
#| unordered ns2                     192.0.2.172      knot      2147484648  both
set -eu

LAB_SH=$(readlink -f "$0")
LAB_LIB=$(dirname "$LAB_SH")
ROOT_V4=192.0.2.1 ROOT_V6=2001:db8::1
TLD_V4=192.0.2.2 TLD_V6=2001:db8::2
RESOLVER_V4=192.0.2.53 RESOLVER_V6=2001:db8::53
DEAD_RESOLVER=192.0.2.254 REFUSED_RESOLVER=192.0.2.253
SOA_TIMERS="3600 600 86400 60"
START_TIMEOUT=10  # seconds to wait for every server to answer

die() {
	echo "lab.sh: $*" >&2
	exit 1
}

usage() {
	sed -n '3,7s/^# \{0,1\}//p' "$LAB_SH" >&2
	exit 2
}

# Print the scenario rows without the header.
lab_table() {
	sed -n 's/^#|[[:space:]]*//p' "$LAB_SH" | tail -n +2
}

# ---------------------------------------------------------------------------------------------
# Reading the table

# Fills ZONES (in order), the ROW_* arrays and these indexes (lists are words with a trailing
# space; names are fully qualified without the final dot):
#   COPY[zone/daemon]   serial of the daemon's copy of the zone (nsd, knot, bind)
#   CHILD_NS[zone]      NS names at the zone's apex      PARENT_NS[zone]  NS names in the delegation
#   SERVER_ADDRS[kind]  addresses per server kind (nsd, knot, bind, none, drop, tc, ...)
# Nothing here forks: the lab must start fast.
load_table() {
	ZONES=()
	ROW_ZONE=() ROW_NAME=() ROW_ADDR=() ROW_SERVER=() ROW_SERIAL=()
	declare -gA COPY=() CHILD_NS=() PARENT_NS=() SERVER_ADDRS=()
	local -A seen_zone=() seen_addr=()
	local zone name addr server serial ns side key i=0
	while read -r zone name addr server serial ns; do
		[[ -n ${seen_zone[$zone]:-} ]] || { ZONES+=("$zone"); seen_zone[$zone]=1; }
		if [[ $name == *. ]]; then name=${name%.}; else name=$name.$zone.example; fi
		case $server in
		nsd | knot | bind)
			if [[ $serial != - ]]; then
				key=$zone/$server
				[[ -z ${COPY[$key]:-} || ${COPY[$key]} == "$serial" ]] ||
					die "table: $zone has two serials on $server"
				COPY[$key]=$serial
			fi
			;;
		none | drop | refused | servfail | garbage | -) ;;
		tc | noaa | wrongid | serve) [[ $serial != - ]] || die "table: $server needs a serial" ;;
		*) die "table: unknown server '$server'" ;;
		esac
		case $ns in both | parent | child | none) ;; *) die "table: bad NS column '$ns'" ;; esac
		for side in parent child; do
			[[ $ns == both || $ns == "$side" ]] || continue
			if [[ $side == parent ]]; then
				[[ " ${PARENT_NS[$zone]:-}" == *" $name "* ]] || PARENT_NS[$zone]+="$name "
			else
				[[ " ${CHILD_NS[$zone]:-}" == *" $name "* ]] || CHILD_NS[$zone]+="$name "
			fi
		done
		if [[ $addr != - ]]; then
			[[ -z ${seen_addr[$addr]:-} ]] || die "table: address $addr used twice"
			seen_addr[$addr]=1
			SERVER_ADDRS[$server]+="$addr "
		fi
		ROW_ZONE[i]=$zone ROW_NAME[i]=$name ROW_ADDR[i]=$addr
		ROW_SERVER[i]=$server ROW_SERIAL[i]=$serial
		i=$((i + 1))
	done < <(lab_table)
	NROWS=$i
	for zone in "${ZONES[@]}"; do
		[[ -n ${CHILD_NS[$zone]:-} ]] || die "table: $zone has no apex NS"
	done
}

# Address records for every name of ZONE that passes FILTER: "in-zone" (below ZONE.example),
# "glue" (below ZONE.example and in the delegation), "tld" (directly below example.).
# Names without an address get a TXT record in-zone, so that they exist.
address_records() { # ZONE FILTER
	local zone=$1 filter=$2 i name addr type
	for ((i = 0; i < NROWS; i++)); do
		[[ ${ROW_ZONE[i]} == "$zone" ]] || continue
		name=${ROW_NAME[i]} addr=${ROW_ADDR[i]}
		case $filter in
		in-zone) [[ $name == *".$zone.example" ]] || continue ;;
		glue) [[ $name == *".$zone.example" && " ${PARENT_NS[$zone]:-}" == *" $name "* ]] || continue ;;
		tld) [[ $name != *.*.example && $name == *.example ]] || continue ;;
		esac
		if [[ $addr == - ]]; then
			[[ $filter != in-zone ]] || echo "$name. TXT \"this name has no address\""
			continue
		fi
		if [[ $addr == *:* ]]; then type=AAAA; else type=A; fi
		echo "$name. $type $addr"
	done
}

# ---------------------------------------------------------------------------------------------
# Writing zones and configs

write_child_zone() { # ZONE SERIAL FILE
	local zone=$1 serial=$2 file=$3 ns first=${CHILD_NS[$1]%% *}
	{
		echo "\$TTL 60"
		echo "$zone.example. SOA $first. hostmaster.$zone.example. $serial $SOA_TIMERS"
		for ns in ${CHILD_NS[$zone]}; do echo "$zone.example. NS $ns."; done
		address_records "$zone" in-zone
		echo "www.$zone.example. A 192.0.2.200"
	} >"$file"
}

write_tld_zone() { # FILE
	local zone ns
	{
		echo "\$TTL 60"
		echo "example. SOA ns.example. hostmaster.example. 2026112501 $SOA_TIMERS"
		echo "example. NS ns.example."
		echo "ns.example. A $TLD_V4"
		echo "ns.example. AAAA $TLD_V6"
		for zone in "${ZONES[@]}"; do
			for ns in ${PARENT_NS[$zone]:-}; do echo "$zone.example. NS $ns."; done
			address_records "$zone" glue
			address_records "$zone" tld
		done
	} >"$1"
}

write_root_zone() { # FILE
	cat >"$1" <<-EOF
		\$TTL 60
		. SOA root-ns. hostmaster.root-ns. 2026112501 $SOA_TIMERS
		. NS root-ns.
		root-ns. A $ROOT_V4
		root-ns. AAAA $ROOT_V6
		example. NS ns.example.
		ns.example. A $TLD_V4
		ns.example. AAAA $TLD_V6
	EOF
}

write_nsd_conf() { # DIR NSID ADDRESS... -- ZONE=FILE...
	local d=$1 nsid=$2 a
	shift 2
	{
		echo "server:"
		while [[ $1 != -- ]]; do echo "    ip-address: $1"; shift; done
		shift
		cat <<-EOF
			    port: 53
			    username: ""
			    chroot: ""
			    database: ""
			    zonesdir: "$d"
			    zonelistfile: "$d/zone.list"
			    xfrdfile: "$d/xfrd.state"
			    xfrdir: "$d"
			    pidfile: "$d/nsd.pid"
			    logfile: "$d/nsd.log"
			    server-count: 1
			    verbosity: 1
			    nsid: "ascii_$nsid"
			remote-control:
			    control-enable: no
		EOF
		for a in "$@"; do
			printf 'zone:\n    name: "%s"\n    zonefile: "%s"\n' "${a%%=*}" "${a#*=}"
		done
	} >"$d/nsd.conf"
}

write_knot_conf() { # DIR NSID ADDRESS... -- ZONE=FILE...
	local d=$1 nsid=$2 a listen=""
	shift 2
	while [[ $1 != -- ]]; do listen+="${listen:+, }\"$1@53\""; shift; done
	shift
	{
		cat <<-EOF
			server:
			    rundir: "$d"
			    pidfile: "$d/knot.pid"
			    listen: [ $listen ]
			    udp-workers: 1
			    tcp-workers: 1
			    background-workers: 1
			    nsid: "$nsid"
			log:
			  - target: "$d/knot.log"
			    any: info
			database:
			    storage: "$d/db"
			control:
			    listen: "$d/knot.sock"
			template:
			  - id: default
			    zonefile-sync: -1
			    zonefile-load: whole
			    journal-content: none
			    semantic-checks: off
			zone:
		EOF
		for a in "$@"; do
			printf '  - domain: "%s"\n    file: "%s"\n' "${a%%=*}" "${a#*=}"
		done
	} >"$d/knot.conf"
}

write_named_conf() { # DIR NSID ADDRESS... -- ZONE=FILE...
	local d=$1 nsid=$2 a v4="" v6=""
	shift 2
	while [[ $1 != -- ]]; do
		if [[ $1 == *:* ]]; then v6+="$1; "; else v4+="$1; "; fi
		shift
	done
	shift
	{
		cat <<-EOF
			options {
			    directory "$d";
			    pid-file "$d/named.pid";
			    session-keyfile "$d/session.key";
			    managed-keys-directory "$d";
			    dump-file "$d/named.dump";
			    statistics-file "$d/named.stats";
			    listen-on port 53 { ${v4:-none;} };
			    listen-on-v6 port 53 { ${v6:-none;} };
			    automatic-interface-scan no;
			    recursion no;
			    dnssec-validation no;
			    notify no;
			    server-id "$nsid";
			};
			controls { };
			logging {
			    channel lab { file "$d/named.log"; severity info; print-time yes; };
			    category default { lab; };
			    category lame-servers { null; };
			};
		EOF
		for a in "$@"; do
			printf 'zone "%s" { type primary; file "%s"; };\n' "${a%%=*}" "${a#*=}"
		done
	} >"$d/named.conf"
}

write_unbound_conf() { # DIR
	local d=$1
	cat >"$d/root.hints" <<-EOF
		. 3600000 NS root-ns.
		root-ns. 3600000 A $ROOT_V4
		root-ns. 3600000 AAAA $ROOT_V6
	EOF
	cat >"$d/unbound.conf" <<-EOF
		server:
		    verbosity: 1
		    interface: $RESOLVER_V4
		    interface: $RESOLVER_V6
		    outgoing-interface: $RESOLVER_V4
		    outgoing-interface: $RESOLVER_V6
		    port: 53
		    username: ""
		    chroot: ""
		    directory: "$d"
		    pidfile: "$d/unbound.pid"
		    logfile: "$d/unbound.log"
		    use-syslog: no
		    log-time-ascii: yes
		    num-threads: 1
		    so-reuseport: no
		    msg-cache-size: 1m
		    rrset-cache-size: 1m
		    infra-cache-numhosts: 200
		    cache-max-ttl: 60
		    cache-max-negative-ttl: 10
		    access-control: 0.0.0.0/0 allow
		    access-control: ::/0 allow
		    root-hints: "$d/root.hints"
		    module-config: "iterator"
		    do-not-query-localhost: no
		    harden-referral-path: no
		    qname-minimisation: no
		    prefetch: no
		remote-control:
		    control-enable: no
	EOF
}

# Writes every zone copy and config under DIR; sets the variables start needs.
write_lab() { # DIR
	local dir=$1 zone d file specs
	mkdir -p "$dir"/{root,tld/db,nsd,knot/db,bind,unbound,responder}

	write_root_zone "$dir/root/root.zone"
	write_nsd_conf "$dir/root" root-ns $ROOT_V4 $ROOT_V6 -- ".=$dir/root/root.zone"
	write_tld_zone "$dir/tld/example.zone"
	write_knot_conf "$dir/tld" tld-ns $TLD_V4 $TLD_V6 -- "example.=$dir/tld/example.zone"

	for d in nsd knot bind; do
		specs=()
		for zone in "${ZONES[@]}"; do
			[[ -n ${COPY[$zone/$d]:-} ]] || continue
			file=$dir/$d/$zone.example.zone
			write_child_zone "$zone" "${COPY[$zone/$d]}" "$file"
			specs+=("$zone.example=$file")
		done
		# shellcheck disable=SC2086 # one address per word
		case $d in
		nsd) write_nsd_conf "$dir/nsd" nsd-lab ${SERVER_ADDRS[nsd]} -- "${specs[@]}" ;;
		knot) write_knot_conf "$dir/knot" knot-lab ${SERVER_ADDRS[knot]} -- "${specs[@]}" ;;
		bind) write_named_conf "$dir/bind" bind-lab ${SERVER_ADDRS[bind]} -- "${specs[@]}" ;;
		esac
	done
	write_unbound_conf "$dir/unbound"
	responder_args >"$dir/responder/args"
}

# The responder's command line arguments, one per line.
responder_args() {
	local i zone server ns
	local -A zones=()
	echo "$DEAD_RESOLVER=drop"
	for ((i = 0; i < NROWS; i++)); do
		server=${ROW_SERVER[i]}
		case $server in
		drop | refused | servfail | garbage) echo "${ROW_ADDR[i]}=$server" ;;
		tc | noaa | wrongid | serve) echo "${ROW_ADDR[i]}=$server:${ROW_SERIAL[i]}" ;;
		*) continue ;;
		esac
		zones[${ROW_ZONE[i]}]=1
	done
	for zone in "${ZONES[@]}"; do
		[[ -n ${zones[$zone]:-} ]] || continue
		ns=${CHILD_NS[$zone]% }
		echo "--zone=$zone.example=${ns// /,}"
		for ((i = 0; i < NROWS; i++)); do
			[[ ${ROW_ZONE[i]} == "$zone" && ${ROW_NAME[i]} == *".$zone.example" ]] || continue
			if [[ ${ROW_ADDR[i]} == - ]]; then
				echo "--host=${ROW_NAME[i]}"
			else
				echo "--host=${ROW_NAME[i]}=${ROW_ADDR[i]}"
			fi
		done
	done
}

# Every address the namespace needs on lo, one per line.
all_addresses() {
	printf '%s\n' $ROOT_V4 $ROOT_V6 $TLD_V4 $TLD_V6 $RESOLVER_V4 $RESOLVER_V6 \
		$DEAD_RESOLVER $REFUSED_RESOLVER
	local i
	for ((i = 0; i < NROWS; i++)); do
		[[ ${ROW_ADDR[i]} == - ]] || echo "${ROW_ADDR[i]}"
	done
}

# ---------------------------------------------------------------------------------------------
# Running

# One probe per server process: "NAME PID ADDRESS ZONE DIG-OPTIONS...".  Used to wait for start-up.
readiness_probes() {
	local d i
	echo "root ${SPAWNED[root]} $ROOT_V4 . +norec"
	echo "tld ${SPAWNED[tld]} $TLD_V4 example. +norec"
	for d in nsd knot bind tc; do
		for ((i = 0; i < NROWS; i++)); do
			[[ ${ROW_SERVER[i]} == "$d" && ${ROW_SERIAL[i]} != - && ${ROW_ADDR[i]} != - ]] ||
				continue
			if [[ $d == tc ]]; then
				echo "responder ${SPAWNED[responder]} ${ROW_ADDR[i]} ${ROW_ZONE[i]}.example. +norec +tcp"
			else
				echo "$d ${SPAWNED[$d]} ${ROW_ADDR[i]} ${ROW_ZONE[i]}.example. +norec"
			fi
			break
		done
	done
	echo "unbound ${SPAWNED[unbound]} $RESOLVER_V4 sync.example. +rec"
}

# True while process PID exists and is not a zombie.
alive() { # PID
	local state
	[[ -r /proc/$1/stat ]] || return 1
	read -r _ _ state _ <"/proc/$1/stat" || return 1
	[[ $state != Z ]]
}

# Runs inside the namespace: polls one probe until it gets an SOA, or gives up at DEADLINE (us)
# or when the server process has exited.
poll_probe() { # DEADLINE NAME PID ADDRESS ZONE DIG-OPTIONS...
	local deadline=$1 name=$2 pid=$3 addr=$4 zone=$5 answer
	shift 5
	# dig prints its errors (";; connection refused") on stdout too: an answer is an SOA line.
	until answer=$(dig +time=1 +tries=1 +short "$@" "@$addr" "$zone" SOA 2>/dev/null) &&
		[[ $answer =~ ^[^\;].*\ [0-9]+\ [0-9]+\ [0-9]+\ [0-9]+\ [0-9]+$ ]]; do
		if ! alive "$pid"; then
			echo "lab.sh: $name (pid $pid) exited during start-up" >&2
			return 1
		fi
		if ((${EPOCHREALTIME/./} > deadline)); then
			echo "lab.sh: no answer from $name at $addr for $zone after ${START_TIMEOUT}s" >&2
			return 1
		fi
		sleep 0.02
	done
	[[ -z ${LAB_VERBOSE:-} ]] || echo "lab.sh: $name at $addr answers at $EPOCHREALTIME" >&2
}

# Runs inside the namespace: polls every probe of PROBE-FILE at once; fails if one gives up.
wait_ready() { # PROBE-FILE
	local deadline=$((${EPOCHREALTIME/./} + START_TIMEOUT * 1000000)) pid failed=0
	local -a pids=() args
	while read -r -a args; do
		poll_probe "$deadline" "${args[@]}" &
		pids+=($!)
	done <"$1"
	for pid in "${pids[@]}"; do
		wait "$pid" || failed=1
	done
	return $failed
}

# Starts one daemon in the namespace, in the background, output to DIR/NAME/stdout.  The
# `ip netns exec` process execs the daemon, so SPAWNED[NAME] is the daemon's pid.
spawn() { # NAME CMD...
	local name=$1
	shift
	ip netns exec "$NETNS" "$@" </dev/null >"$DIR/$name/stdout" 2>&1 &
	SPAWNED[$name]=$!
}

lab_start() {
	DIR=$1
	[[ $EUID == 0 ]] || die "must run as root"
	mkdir -p "$DIR"
	DIR=$(readlink -f "$DIR")
	[[ ! -e $DIR/netns ]] || die "$DIR already holds a lab ($(cat "$DIR/netns"))"
	load_table

	NETNS=csoa-$$-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
	ip netns add "$NETNS"
	echo "$NETNS" >"$DIR/netns"
	trap 'lab_stop "$DIR"' EXIT
	mkdir -p "/etc/netns/$NETNS"
	# One resolver only: a plugin that tries resolvers in turn would otherwise wait twice.
	echo "nameserver $RESOLVER_V4" >"/etc/netns/$NETNS/resolv.conf"

	write_lab "$DIR"
	local a
	{
		echo "link set lo up"
		for a in $(all_addresses); do
			if [[ $a == *:* ]]; then
				echo "address add $a/128 dev lo nodad"
			else
				echo "address add $a/32 dev lo"
			fi
		done
	} >"$DIR/addresses.batch"
	# shellcheck disable=SC2016 # $1 is for the inner shell
	ip netns exec "$NETNS" sh -c '
		sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.lo.disable_ipv6=0 \
			net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 &&
		ip -batch "$1"' sh "$DIR/addresses.batch"

	local -A SPAWNED=()
	local python=${LAB_PYTHON:-/usr/bin/python3}
	[[ -x $python ]] || python=$(command -v python3) || die "python3 not found"
	spawn root nsd -d -c "$DIR/root/nsd.conf"
	spawn tld knotd -c "$DIR/tld/knot.conf"
	spawn nsd nsd -d -c "$DIR/nsd/nsd.conf"
	spawn knot knotd -c "$DIR/knot/knot.conf"
	spawn bind named -f -n 1 -c "$DIR/bind/named.conf"
	mapfile -t rargs <"$DIR/responder/args"
	spawn responder "$python" "$LAB_LIB/responder.py" -v "${rargs[@]}"
	spawn unbound unbound -d -c "$DIR/unbound/unbound.conf"

	readiness_probes >"$DIR/probes"
	if ! ip netns exec "$NETNS" "$LAB_SH" _wait "$DIR/probes"; then
		tail -n 5 "$DIR"/*/stdout "$DIR"/*/*.log >&2 2>/dev/null || true
		exit 1
	fi
	trap - EXIT
}

lab_stop() {
	local dir=$1 netns pids i
	[[ -f $dir/netns ]] || return 0
	netns=$(cat "$dir/netns")
	if [[ -e /run/netns/$netns ]]; then
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do
			pids=$(ip netns pids "$netns" 2>/dev/null || true)
			[[ -n $pids ]] || break
			# shellcheck disable=SC2086 # one pid per word
			if ((i == 1)); then
				kill -TERM $pids 2>/dev/null || true
			elif ((i == 25)); then
				kill -KILL $pids 2>/dev/null || true
			fi
			sleep 0.04
		done
		ip netns del "$netns" 2>/dev/null || true
	fi
	case $netns in csoa-* | csoab-*) rm -rf "/etc/netns/$netns" ;; esac # ours, or the benchmark's
	rm -f "$dir/netns"
	return 0
}

main() {
	[[ $# -ge 1 ]] || usage
	local cmd=$1
	shift
	case $cmd in
	start) [[ $# -eq 1 ]] || usage; lab_start "$1" ;;
	stop) [[ $# -eq 1 ]] || usage; lab_stop "$1" ;;
	exec)
		[[ $# -ge 2 ]] || usage
		[[ -f $1/netns ]] || die "no lab running in $1"
		exec ip netns exec "$(cat "$1/netns")" "${@:2}"
		;;
	table) lab_table ;;
	_wait) wait_ready "$1" ;;
	*) usage ;;
	esac
}

main "$@"
