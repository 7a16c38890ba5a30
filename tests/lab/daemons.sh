# daemons.sh - the one writer of the labs' namespaces and daemon configs (NSD, Knot, BIND, Unbound): sourced by lab.sh, the benchmarks, satellite.sh.
# shellcheck shell=bash
#
# Every writer puts its file(s) in DIR (created) and forks nothing, so that a lab starts fast.
# Zone lists are ZONE=FILE words; addresses are words of one argument ("192.0.2.1 2001:db8::1");
# a SETTING is one "name: value" line of the daemon's main clause, for what differs between
# labs (NSD's rate limiting, Unbound's caches and interfaces).

# Copies standard input to standard output like cat, without forking.
emit() {
	local line
	while IFS= read -r line || [[ -n $line ]]; do printf '%s\n' "$line"; done
}

# Sets REPLY to the address record type of ADDRESS: A or AAAA.
rr_type() { # ADDRESS
	if [[ $1 == *:* ]]; then REPLY=AAAA; else REPLY=A; fi
}

# Prints the SETTING lines (after "--" or the end), indented by INDENT; sets SHIFTED to how many
# arguments they took, "--" included.
settings_until_dashes() { # INDENT SETTING... [-- ...]
	local indent=$1
	shift
	SHIFTED=0
	while [[ $# -gt 0 && $1 != -- ]]; do
		printf '%s%s\n' "$indent" "$1"
		shift
		SHIFTED=$((SHIFTED + 1))
	done
	[[ $# == 0 ]] || SHIFTED=$((SHIFTED + 1))
}

# The root zone: root-ns. on ROOT-ADDRESSES, example. delegated to ns.example. on TLD-ADDRESSES.
lab_root_zone() { # FILE TTL "TIMERS" "ROOT-ADDRESSES" "TLD-ADDRESSES"
	local a
	{
		echo "\$TTL $2"
		echo ". SOA root-ns. hostmaster.root-ns. 2026112501 $3"
		echo ". NS root-ns."
		for a in $4; do rr_type "$a" && echo "root-ns. $REPLY $a"; done
		echo "example. NS ns.example."
		for a in $5; do rr_type "$a" && echo "ns.example. $REPLY $a"; done
	} >"$1"
}

lab_nsd_conf() { # DIR NSID "ADDRESSES" [SETTING...] -- ZONE=FILE...   (NSID "" for none)
	local d=$1 nsid=$2 addrs=$3 a
	shift 3
	mkdir -p "$d"
	{
		echo "server:"
		for a in $addrs; do echo "    ip-address: $a"; done
		emit <<-EOF
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
		EOF
		[[ -z $nsid ]] || echo "    nsid: \"ascii_$nsid\""
		settings_until_dashes "    " "$@"
		shift "$SHIFTED"
		echo "remote-control:"
		echo "    control-enable: no"
		for a in "$@"; do
			printf 'zone:\n    name: "%s"\n    zonefile: "%s"\n' "${a%%=*}" "${a#*=}"
		done
	} >"$d/nsd.conf"
}

lab_knot_conf() { # DIR NSID LOG-LEVEL "ADDRESSES" -- ZONE=FILE...   (NSID "" for none)
	local d=$1 nsid=$2 level=$3 a listen=""
	for a in $4; do listen+="${listen:+, }\"$a@53\""; done
	shift 5
	mkdir -p "$d/db"
	{
		emit <<-EOF
			server:
			    rundir: "$d"
			    pidfile: "$d/knot.pid"
			    listen: [ $listen ]
			    udp-workers: 1
			    tcp-workers: 1
			    background-workers: 1
		EOF
		[[ -z $nsid ]] || echo "    nsid: \"$nsid\""
		emit <<-EOF
			log:
			  - target: "$d/knot.log"
			    any: $level
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

lab_named_conf() { # DIR NSID "ADDRESSES" -- ZONE=FILE...
	local d=$1 nsid=$2 a v4="" v6=""
	for a in $3; do
		if [[ $a == *:* ]]; then v6+="$a; "; else v4+="$a; "; fi
	done
	shift 4
	mkdir -p "$d"
	{
		emit <<-EOF
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

# An iterating Unbound whose root hints name root-ns. on ROOT-ADDRESSES.  The SETTINGs give its
# interfaces, caches and the like; "control-interface: PATH" enables unbound-control on PATH.
lab_unbound_conf() { # DIR "ROOT-ADDRESSES" SETTING...
	local d=$1 a control=
	mkdir -p "$d"
	{
		echo ". 3600000 NS root-ns."
		for a in $2; do rr_type "$a" && echo "root-ns. 3600000 $REPLY $a"; done
	} >"$d/root.hints"
	shift 2
	{
		emit <<-EOF
			server:
			    port: 53
			    username: ""
			    chroot: ""
			    directory: "$d"
			    pidfile: "$d/unbound.pid"
			    logfile: "$d/unbound.log"
			    use-syslog: no
			    num-threads: 1
			    root-hints: "$d/root.hints"
			    module-config: "iterator"
			    do-not-query-localhost: no
			    harden-referral-path: no
			    qname-minimisation: no
			    prefetch: no
		EOF
		for a in "$@"; do
			case $a in
			control-interface:*) control=${a#control-interface:} ;;
			*) echo "    $a" ;;
			esac
		done
		echo "remote-control:"
		if [[ -n $control ]]; then
			echo "    control-enable: yes"
			echo "    control-interface:$control"
			echo "    control-use-cert: no"
		else
			echo "    control-enable: no"
		fi
	} >"$d/unbound.conf"
}

# Creates network namespace NAME for the lab in DIR (its name in DIR/netns) whose resolv.conf
# names RESOLVER.  The caller removes it (lab.sh stop DIR).
lab_netns_add() { # NAME DIR RESOLVER
	ip netns add "$1" || return 1
	echo "$1" >"$2/netns"
	mkdir -p "/etc/netns/$1"
	echo "nameserver $3" >"/etc/netns/$1/resolv.conf"
}

# Brings lo of namespace NAME up with every ADDRESS on it (IPv6 without duplicate address
# detection), IPv6 on and ICMP errors unlimited; FILE keeps the `ip -batch` input.
lab_netns_addresses() { # NAME FILE ADDRESS...
	local ns=$1 file=$2 a
	shift 2
	{
		echo "link set lo up"
		for a in "$@"; do
			if [[ $a == *:* ]]; then
				echo "address add $a/128 dev lo nodad"
			else
				echo "address add $a/32 dev lo"
			fi
		done
	} >"$file"
	# shellcheck disable=SC2016 # $1 is for the inner shell
	ip netns exec "$ns" sh -c '
		sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.lo.disable_ipv6=0 \
			net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 &&
		ip -batch "$1"' sh "$file"
}

# Waits until ADDRESS answers ZONE's SOA inside namespace NAME: true, or false after SECONDS.
lab_wait_soa() { # NAME SECONDS ADDRESS ZONE [DIG-OPTION...]
	local ns=$1 i n=$(($2 * 10)) addr=$3 zone=$4 answer
	shift 4
	for ((i = 0; i < n; i++)); do
		# dig prints its errors (";; connection refused") on stdout too: an answer is a line
		# that does not start with ';'
		answer=$(ip netns exec "$ns" dig +time=1 +tries=1 +short "$@" "@$addr" "$zone" SOA 2>/dev/null)
		[[ $'\n'$answer == *$'\n'[!\;]* ]] && return 0
		sleep 0.1
	done
	return 1
}
