#!/bin/bash
# satellite.sh - contrib/icinga2/satellite: a master schedules check_soa, a satellite in another namespace runs it.
#
# Two network namespaces joined by a veth pair (master 203.0.113.1, satellite 203.0.113.2), each
# with its own resolver (Unbound at 192.0.2.53) and its own instance of the anycast nameserver
# address 192.0.2.100:
#
#   master namespace                           satellite namespace
#   NSD "master-site": . example.              NSD "satellite-site" on 192.0.2.100:
#     any.example and sync.example at S          any.example at S-1 (a lagging instance),
#     on 192.0.2.1, 198.51.100.10, 192.0.2.100   sync.example at S
#   Unbound 192.0.2.53                         Unbound 192.0.2.53 (root hints via the veth)
#   Icinga 2 "master" (checker, REST API)      Icinga 2 "satellite" (accept_commands)
#
# any.example and sync.example: NS ns1 (192.0.2.100, anycast) and ns2 (198.51.100.10, unicast in
# the master's namespace). Certificates come from `icinga2 pki` (a CA made for this run). The
# master's configuration is check_soa.conf plus the example's master/*.conf, the satellite's
# check_soa.conf plus satellite/*.conf, both used as shipped. The master records "soa" (run
# locally) and "soa from satellite" (run on the satellite) for both zones; through its REST API
# the test reads them: any.example is OK locally and WARNING from the satellite.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/monitoring.sh"
. "$top_srcdir/tests/lab/daemons.sh"
need_monitoring icinga2 nsd unbound dig python3
ip netns list >/dev/null 2>&1 || skip_all "ip netns is not available"

EXAMPLE=$top_srcdir/contrib/icinga2/satellite
CONF=$top_srcdir/contrib/icinga2/check_soa.conf
SERIAL=2026112501
LAGGING=2026112500
ANYCAST=192.0.2.100
UNICAST=198.51.100.10
MASTER_IP=203.0.113.1
API_USER=csoa
API_PASS=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
WAIT_S=40
LAB_SH=$top_srcdir/tests/lab/lab.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/csoa-sat.XXXXXX")
SUFFIX=$$-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
NS_M=csoa-m$SUFFIX
NS_S=csoa-s$SUFFIX
mkdir -p "$WORK"/{m,s}

# Both namespaces end through lab.sh's stop (every process in them, the namespace, /etc/netns),
# once the Icingas have had time to stop on SIGTERM (lab.sh gives a process one second).
cleanup() {
	local pid i
	for pid in "${ICINGA_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done
	for pid in "${ICINGA_PIDS[@]}"; do
		for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
		wait "$pid" 2>/dev/null
	done
	"$LAB_SH" stop "$WORK/m" || true
	"$LAB_SH" stop "$WORK/s" || true
	if [[ -n ${LAB_KEEP:-} ]]; then echo "# work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
ICINGA_PIDS=()
trap cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

in_m() { ip netns exec "$NS_M" "$@"; }
in_s() { ip netns exec "$NS_S" "$@"; }

# ---------------------------------------------------------------------------------------------
# The two vantage points

make_namespaces() {
	lab_netns_add "$NS_M" "$WORK/m" 192.0.2.53 && lab_netns_add "$NS_S" "$WORK/s" 192.0.2.53 &&
		lab_netns_addresses "$NS_M" "$WORK/m/addresses.batch" 192.0.2.53 $ANYCAST 192.0.2.1 $UNICAST &&
		lab_netns_addresses "$NS_S" "$WORK/s/addresses.batch" 192.0.2.53 $ANYCAST || return 1
	ip -n "$NS_M" link add veth-m type veth peer name veth-s netns "$NS_S"
	ip -n "$NS_M" address add $MASTER_IP/24 dev veth-m
	ip -n "$NS_S" address add 203.0.113.2/24 dev veth-s
	ip -n "$NS_M" link set veth-m up
	ip -n "$NS_S" link set veth-s up
	# The satellite reaches everything but its own addresses (the anycast one) through the master.
	ip -n "$NS_S" route add default via $MASTER_IP
}

# ZONE SERIAL: a child zone, ns1 on the anycast address, ns2 on the unicast one.
child_zone() {
	cat <<-EOF
		\$TTL 300
		$1. SOA ns2.$1. hostmaster.$1. $2 3600 600 86400 60
		$1. NS ns1.$1.
		$1. NS ns2.$1.
		ns1.$1. A $ANYCAST
		ns2.$1. A $UNICAST
	EOF
}

write_dns() {
	local m=$WORK/m s=$WORK/s z
	lab_root_zone "$m/root.zone" 300 "3600 600 86400 60" 192.0.2.1 192.0.2.1
	{
		echo "\$TTL 300"
		echo "example. SOA ns.example. hostmaster.example. $SERIAL 3600 600 86400 60"
		printf 'example. NS ns.example.\nns.example. A 192.0.2.1\n'
		for z in any sync; do
			printf '%s.example. NS ns%s.%s.example.\n' $z 1 $z $z 2 $z
			printf 'ns1.%s.example. A %s\nns2.%s.example. A %s\n' $z $ANYCAST $z $UNICAST
		done
	} >"$m/example.zone"
	for z in any sync; do child_zone $z.example $SERIAL >"$m/$z.zone"; done
	child_zone any.example $LAGGING >"$s/any.zone"
	child_zone sync.example $SERIAL >"$s/sync.zone"
	lab_nsd_conf "$m" master-site "192.0.2.1 $UNICAST $ANYCAST" -- ".=$m/root.zone" \
		"example.=$m/example.zone" "any.example=$m/any.zone" "sync.example=$m/sync.zone"
	lab_nsd_conf "$s" satellite-site "$ANYCAST" -- "any.example=$s/any.zone" "sync.example=$s/sync.zone"
	# no outgoing-interface: the satellite's queries leave by the veth, with its address there
	for z in "$m" "$s"; do
		lab_unbound_conf "$z/unbound" 192.0.2.1 "verbosity: 1" "interface: 192.0.2.53" \
			"do-ip6: no" "access-control: 0.0.0.0/0 allow"
	done
}

# NS ADDRESS ZONE: wait (10 s at most) until ADDRESS answers ZONE's SOA inside namespace NS.
wait_soa() {
	lab_wait_soa "$1" 10 "$2" "$3" || { echo "# no SOA for $3 from $2 in $1"; return 1; }
}

start_dns() {
	in_m nsd -d -c "$WORK/m/nsd.conf" </dev/null >"$WORK/m/nsd.out" 2>&1 &
	in_s nsd -d -c "$WORK/s/nsd.conf" </dev/null >"$WORK/s/nsd.out" 2>&1 &
	in_m unbound -d -c "$WORK/m/unbound/unbound.conf" </dev/null >"$WORK/m/unbound.out" 2>&1 &
	in_s unbound -d -c "$WORK/s/unbound/unbound.conf" </dev/null >"$WORK/s/unbound.out" 2>&1 &
	wait_soa "$NS_M" 192.0.2.1 any.example && wait_soa "$NS_S" $ANYCAST any.example &&
		wait_soa "$NS_S" 192.0.2.1 example && wait_soa "$NS_M" 192.0.2.53 any.example &&
		wait_soa "$NS_S" 192.0.2.53 any.example
}

# ---------------------------------------------------------------------------------------------
# Two Icinga 2 instances

# A CA for this run and a certificate per node, made offline (what `icinga2 node setup` does
# on a real master, and `icinga2 pki request` fetches for a satellite).
make_certs() {
	local pki=$WORK/pki node pids=() failed=0
	mkdir -p "$pki"/{data,log,cache,spool,run}
	mapfile -t d < <(icinga_defines "$pki")
	# RSA keys of 4096 bits take seconds each: the CA's and the nodes' are made side by side.
	icinga2 pki new-ca "${d[@]}" >"$pki/ca.log" 2>&1 &
	pids+=($!)
	for node in master satellite; do
		mkdir -p "$WORK/icinga-$node/data/certs"
		icinga2 pki new-cert "${d[@]}" --cn $node --key "$WORK/icinga-$node/data/certs/$node.key" \
			--csr "$pki/$node.csr" >"$pki/$node.log" 2>&1 &
		pids+=($!)
	done
	for node in "${pids[@]}"; do wait "$node" || failed=1; done
	cat "$pki"/*.log >"$pki/pki.log"
	[[ $failed == 0 ]] || return 1
	for node in master satellite; do
		icinga2 pki sign-csr "${d[@]}" --csr "$pki/$node.csr" \
			--cert "$WORK/icinga-$node/data/certs/$node.crt" >>"$pki/pki.log" 2>&1 || return 1
		cp "$pki/data/ca/ca.crt" "$WORK/icinga-$node/data/certs/ca.crt"
	done
}

# NODE: the configuration of one node: constants, the ITL, check_soa.conf and the example's files.
write_icinga() {
	local node=$1 dir=$WORK/icinga-$1 f
	mkdir -p "$dir"/{data,log,cache,spool,run}
	{
		echo "/* icinga2.conf of the $node, as satellite.sh writes it */"
		echo "const PluginDir = \"$(dirname "$CHECK_SOA")\""
		echo "const NodeName = \"$node\""
		echo "const ZoneName = \"$node\""
		echo "include <itl>"
		echo "include \"$CONF\""
		for f in "$EXAMPLE/$node"/*.conf; do echo "include \"$f\""; done
	} >"$dir/icinga2.conf"
	[[ $node == master ]] || return 0
	cat >>"$dir/icinga2.conf" <<-EOF
		object ApiUser "$API_USER" {
			password = "$API_PASS"
			permissions = [ "status/query", "objects/query/*", "actions/reschedule-check" ]
		}
		/* The zones, configured on the master only (in its zone, as zones.d/master/ would do);
		 * each checked here and from the satellite. */
		object Host "any.example" {
			zone = "master"
			check_command = "dummy"
			enable_active_checks = false
			vars.soa = true
			vars.soa_endpoints = [ "satellite" ]
			vars.soa_nsid = true
		}
		object Host "sync.example" {
			zone = "master"
			check_command = "dummy"
			enable_active_checks = false
			vars.soa = true
			vars.soa_endpoints = [ "satellite" ]
		}
	EOF
}

start_icinga() { # NODE NAMESPACE
	local dir=$WORK/icinga-$1
	mapfile -t d < <(icinga_defines "$dir")
	ip netns exec "$2" icinga2 daemon -c "$dir/icinga2.conf" "${d[@]}" </dev/null \
		>"$dir/daemon.log" 2>&1 &
	ICINGA_PIDS+=($!) # ip execs icinga2: Icinga's own pid
}

# Wait until CONDITION (a shell command) holds, WAIT_S seconds at most, while both Icingas run.
wait_for() {
	local i pid
	for ((i = 0; i < WAIT_S * 4; i++)); do
		"$@" && return 0
		for pid in "${ICINGA_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || return 1; done
		sleep 0.25
	done
	return 1
}

# ---------------------------------------------------------------------------------------------
# The test

make_namespaces || { echo "Bail out! could not create the namespaces"; exit 1; }
ICINGA_NETNS=$NS_M ICINGA_URL=https://$MASTER_IP:5665 ICINGA_CA=$WORK/icinga-master/data/certs/ca.crt
write_dns
start_dns
tap_result $? "the two vantage points answer: NSD, Unbound in each namespace, routed over the veth pair"

# The lab's truth, with the plugin alone: the anycast address serves a different serial in each.
out_m=$(in_m "$CHECK_SOA" -D any.example --nsid 2>&1)
out_s=$(in_s "$CHECK_SOA" -D any.example --nsid 2>&1)
TAP_DIAG="master: $out_m"$'\n'"satellite: $out_s" tap_result \
	"$([[ $out_m == "SOA OK - any.example: 2 servers in sync"* && $out_s == "SOA WARNING - any.example: 1 of 2 servers behind"* ]]; echo $?)" \
	"check_soa alone: any.example is in sync from the master's namespace, lagging from the satellite's"

make_certs
TAP_DIAG=$(tail -n 5 "$WORK/pki/pki.log") tap_result $? "icinga2 pki: a CA and a certificate per node, made offline"
for node in master satellite; do
	write_icinga $node
	mapfile -t d < <(icinga_defines "$WORK/icinga-$node")
	out=$(icinga2 daemon -C -c "$WORK/icinga-$node/icinga2.conf" "${d[@]}" 2>&1)
	TAP_DIAG=$out tap_result $? "the $node's configuration (check_soa.conf + contrib/icinga2/satellite/$node) validates"
done
mapfile -t d < <(icinga_defines "$WORK/icinga-master")
objects=$(icinga2 object list --type Service "${d[@]}" 2>&1)
for name in 'any.example!soa' 'any.example!soa from satellite' 'sync.example!soa' 'sync.example!soa from satellite'; do
	TAP_DIAG=$objects tap_result "$([[ $objects == *"Object '$name' of type 'Service'"* ]]; echo $?)" \
		"the master has the service '$name'"
done
TAP_DIAG=$objects tap_result "$(grep -A30 "Object 'any.example!soa from satellite'" <<<"$objects" |
	grep -q 'command_endpoint = "satellite"'; echo $?)" "'soa from satellite' has command_endpoint = \"satellite\""

start_icinga satellite "$NS_S"
start_icinga master "$NS_M"

connected() {
	icinga_api GET /v1/status/ApiListener 2>/dev/null |
		"$PYTHON" -c 'import json, sys
st = json.load(sys.stdin)["results"][0]["status"]["api"]
sys.exit(0 if "satellite" in st["conn_endpoints"] else 1)' 2>/dev/null
}
wait_for connected
TAP_DIAG="$(tail -n 5 "$WORK/icinga-master/daemon.log")"$'\n'"$(tail -n 5 "$WORK/icinga-satellite/daemon.log")" \
	tap_result $? "the master answers on its REST API and is connected to the satellite"

# The example's services check every 5 minutes: ask for all of them now.
icinga_api POST /v1/actions/reschedule-check '{"type": "Service", "filter": "true", "force": true}' \
	>"$WORK/reschedule.json" 2>&1
all_checked() {
	json=$(services_json) &&
		service_check 'len(s) == 4 and all(r(n).get("output", "").startswith("SOA ") for n in s)' "$json" >/dev/null
}
wait_for all_checked
TAP_DIAG="${json:-no answer}" tap_result $? "the master recorded a check_soa result for all four services"
echo "$json" >"$WORK/services.json"

expect_service "any.example!soa ran on the master" \
	'r("any.example!soa")["check_source"] == "master"'
expect_service "any.example!soa from satellite ran on the satellite" \
	'r("any.example!soa from satellite")["check_source"] == "satellite"'
expect_service "any.example from the master: OK, the master-site anycast instance at $SERIAL" \
	's["any.example!soa"]["state"] == 0 and r("any.example!soa")["output"].startswith("SOA OK - any.example: 2 servers in sync, serial '$SERIAL'") and "NSID master-site" in r("any.example!soa")["output"]'
expect_service "any.example from the satellite: WARNING, the satellite-site instance of $ANYCAST is 1 behind" \
	's["any.example!soa from satellite"]["state"] == 1 and r("any.example!soa from satellite")["output"].startswith("SOA WARNING - any.example: 1 of 2 servers behind (ns1.any.example '$ANYCAST' at '$LAGGING', 1 behind '$SERIAL')") and "NSID satellite-site" in r("any.example!soa from satellite")["output"]'
expect_service "the same address, two serials: lag_max=0 at the master, lag_max=1 from the satellite" \
	'"lag_max=0;0;;0" in r("any.example!soa")["performance_data"] and "lag_max=1;0;;0" in r("any.example!soa from satellite")["performance_data"]'
expect_service "sync.example: OK from both vantage points" \
	's["sync.example!soa"]["state"] == 0 and s["sync.example!soa from satellite"]["state"] == 0 and r("sync.example!soa from satellite")["check_source"] == "satellite"'
expect_service "the satellite ran the command line the master built: check_soa -D any.example --nsid" \
	'sorted(r("any.example!soa from satellite")["command"][1:]) == sorted(["-D", "any.example", "--nsid"]) or print(r("any.example!soa from satellite")["command"])'

for name in 'any.example!soa' 'any.example!soa from satellite'; do
	service_check "print('# $name: state', s['$name']['state'], 'on', r('$name')['check_source'], '|', r('$name')['output'].splitlines()[0]) or True" "$json"
done

done_testing
