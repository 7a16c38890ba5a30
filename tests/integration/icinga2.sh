#!/bin/bash
# icinga2.sh - contrib/icinga2/check_soa.conf in a real Icinga 2: validates, runs in the lab, records state, output and perfdata (REST API).
#
# Builds a private Icinga 2 configuration tree (ITL, our CheckCommand and apply rules, hosts named
# after lab zones, an API listener with a throw-away certificate), runs `icinga2 daemon` inside the
# lab's network namespace, forces the checks through the REST API and reads back what Icinga recorded.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/monitoring.sh"
need_monitoring icinga2 python3

API_PORT=5665 # inside the lab's own network namespace: nothing else listens there
API_USER=csoa
API_PASS=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
WAIT_S=30
ICINGA_PID=

start_lab
WORK=$LAB_DIR/icinga2
mkdir -p "$WORK"/{data/certs,log,cache,spool,run}
# Icinga runs its checks as nagios (RunAsUser), as Debian's icinga2 does, with the state
# directory set up as README says (monitoring.sh); where that cannot be done here (no overlay
# mount), as root without latency state, and the latency test is skipped.
STATE_SETUP=no
if state_dir_setup_works "$WORK"; then
	STATE_SETUP=yes
	# shellcheck disable=SC2034 # read by icinga_defines (monitoring.sh)
	ICINGA_RUN_AS=$CHECK_USER
fi
mapfile -t DEFINES < <(icinga_defines "$WORK")
ICINGA_NETNS=$LAB_NETNS ICINGA_URL=https://127.0.0.1:$API_PORT

stop_icinga() {
	stop_core "$ICINGA_PID" icinga2 "$LAB_NETNS"
	ICINGA_PID=
}
trap 'stop_icinga; stop_lab' EXIT

{
icinga_standalone_conf csoa-test "$(dirname "$CHECK_SOA")" "$API_PORT" status/query \
	'objects/query/*' actions/reschedule-check
cat <<EOF

/* Hosts named after lab zones get the shipped "soa" service ... */
object Host "sync.example" {
	check_command = "dummy"
	enable_active_checks = false
	vars.soa = true
}
object Host "lag.example" {
	check_command = "dummy"
	enable_active_checks = false
	vars.soa = true
}
object Host "dead.example" {
	check_command = "dummy"
	enable_active_checks = false
	vars.soa = true
}
/* ... and a host with a list of zones gets "soa <zone>" per zone (repeat_key, set_if). */
object Host "ns.lab" {
	check_command = "dummy"
	enable_active_checks = false
	vars.soa_zones = [ "lag.example" ]
	vars.soa_resolver = [ "192.0.2.53", "2001:db8::53" ]
	vars.soa_nsid = true
	vars.soa_warning = 1
}
/* A host whose critical threshold its services inherit, with its own intervals; two
 * services clear the inherited threshold again ("" and null): set_if leaves -c out. */
object Host "lag-critical" {
	check_command = "dummy"
	enable_active_checks = false
	vars.soa = true
	vars.soa_zone = "lag.example"
	vars.soa_critical = 0
	vars.soa_check_interval = 7m
	vars.soa_retry_interval = 42s
}
object Service "soa cleared empty" {
	host_name = "lag-critical"
	check_command = "soa"
	vars.soa_critical = ""
	vars.soa_warning_failed = ""
}
object Service "soa cleared null" {
	host_name = "lag-critical"
	check_command = "soa"
	vars.soa_critical = null
	vars.soa_port = null
}
/* A per-server check on a nameserver host: its own address against the primary. */
object Host "multi.example" {
	check_command = "dummy"
	enable_active_checks = false
	vars.soa = true
}
object Host "multimx.example" {
	check_command = "dummy"
	enable_active_checks = false
	vars.soa = true
	vars.soa_multi_provider = true
	vars.soa_compare = [ "MX", "A:www" ]
	vars.soa_transport = "both"
	vars.soa_content_mismatch = ""
}
/* Latency as installed: the default state directory, no soa_state_dir; the lag tolerated. */
object Host "lag-latency" {
	check_command = "dummy"
	enable_active_checks = false
	vars.soa = true
	vars.soa_zone = "lag.example"
	vars.soa_warning = 5
	vars.soa_critical_latency = 3600
}
/* JSON through the CheckCommand's own variable (no extra-opts needed). */
object Host "lag-json" {
	check_command = "dummy"
	enable_active_checks = false
	vars.soa = true
	vars.soa_zone = "lag.example"
	vars.soa_output_format = "json"
}
object Host "ns3.lag.example" {
	address = "192.0.2.23"
	check_command = "dummy"
	enable_active_checks = false
}
object Service "soa server" {
	host_name = "ns3.lag.example"
	check_command = "soa"
	vars.soa_zone = "lag.example"
	vars.soa_nameserver = "\$address\$"
	vars.soa_primary = "192.0.2.21"
}
EOF
} >"$WORK/icinga2.conf"
N_SERVICES=12 # 9 from the shipped apply rules, 3 objects

# The API's certificate, made for this run (self-signed, its own CA).
[[ $STATE_SETUP == no ]] || core_as_check_user "$WORK" # Icinga's pki runs as it, too
icinga_self_cert "$WORK" csoa-test
[[ $STATE_SETUP == no ]] || core_as_check_user "$WORK"

# 1. The configuration validates.
out=$(icinga2 daemon -C -c "$WORK/icinga2.conf" "${DEFINES[@]}" 2>&1)
rc=$?
TAP_DIAG=$out tap_result $rc "icinga2 daemon -C validates the configuration with check_soa.conf"
TAP_DIAG=$out tap_result "$([[ $out == *"Instantiated $N_SERVICES Services"* ]]; echo $?)" \
	"the example apply rules and the test's objects make $N_SERVICES services"
objects=$(icinga2 object list --type Service "${DEFINES[@]}" 2>&1)
for name in 'sync.example!soa' 'lag.example!soa' 'ns.lab!soa lag.example' 'dead.example!soa' \
	'lag-critical!soa'; do
	TAP_DIAG=$objects tap_result "$([[ $objects == *"Object '$name' of type 'Service'"* ]]; echo $?)" \
		"service '$name' exists"
done
[[ $rc == 0 ]] || { echo "Bail out! the configuration does not validate"; exit 1; }

# 2. A real Icinga 2 in the lab's namespace.
if [[ $STATE_SETUP == yes ]]; then
	# lag.example's newest serial first seen two hours ago: the first latency check alarms.
	state_dir_setup_script "$WORK/state-setup.sh" "$WORK/state-overlay"
	ip netns exec "$LAB_NETNS" env SEED_ZONE=lag.example SEED_AGE=7200 \
		unshare -m --propagation private "$WORK/state-setup.sh" \
		icinga2 daemon -c "$WORK/icinga2.conf" "${DEFINES[@]}" >"$WORK/daemon.log" 2>&1 &
else
	ip netns exec "$LAB_NETNS" icinga2 daemon -c "$WORK/icinga2.conf" "${DEFINES[@]}" \
		>"$WORK/daemon.log" 2>&1 &
fi
ICINGA_PID=$! # ip (env, unshare, the set-up script) exec icinga2: this is Icinga's own pid

up=1
for _ in $(seq $((WAIT_S * 4))); do
	kill -0 "$ICINGA_PID" 2>/dev/null || break
	icinga_api GET /v1/status/IcingaApplication >/dev/null 2>&1 && { up=0; break; }
	sleep 0.25
done
TAP_DIAG=$(tail -n 20 "$WORK/daemon.log") tap_result $up "Icinga 2 runs in the lab and answers on its REST API"
[[ $up == 0 ]] || { echo "Bail out! Icinga 2 did not start"; exit 1; }

# The shipped apply rules check every 5 minutes: ask for the checks now.
icinga_api POST /v1/actions/reschedule-check '{"type": "Service", "filter": "true", "force": true}' \
	>"$WORK/reschedule.json" 2>&1
done_checks=1
for _ in $(seq $((WAIT_S * 4))); do
	json=$(services_json) &&
		service_check "all(a['last_check_result'] for a in s.values()) and len(s) == $N_SERVICES" "$json" \
			>/dev/null && { done_checks=0; break; }
	sleep 0.25
done
TAP_DIAG="$(cat "$WORK/reschedule.json")"$'\n'"${json:-}" tap_result $done_checks \
	"Icinga executed all $N_SERVICES checks"
echo "$json" >"$WORK/services.json"

# 3. What Icinga recorded.
expect_service "sync.example!soa: state 0 (OK)" \
	'r("sync.example!soa")["state"] == 0 and r("sync.example!soa")["exit_status"] == 0'
expect_service "sync.example!soa: output 'SOA OK - sync.example: 6 servers in sync'" \
	'r("sync.example!soa")["output"].startswith("SOA OK - sync.example: 6 servers in sync, serial 2026112501")'
expect_service "sync.example!soa: long output has one line per address" \
	'r("sync.example!soa")["output"].count("\n[OK] ") == 6'
expect_service "sync.example!soa: perfdata servers, in_sync, lag_max, serial" \
	'r("sync.example!soa")["performance_data"][:5] == ["servers=6;;;0", "in_sync=6;;;0", "failed=0;0;;0", "lag_max=0;0;;0", "serial=2026112501"]'
expect_service "lag.example!soa: state 1 (WARNING)" \
	'r("lag.example!soa")["state"] == 1 and s["lag.example!soa"]["state"] == 1'
expect_service "lag.example!soa: output names the lagging server" \
	'r("lag.example!soa")["output"].startswith("SOA WARNING - lag.example: 1 of 5 servers behind (ns3.lag.example 192.0.2.23 at 2026112500, 1 behind 2026112501)")'
expect_service "lag.example!soa: perfdata lag_max=1 against the warning range 0" \
	'"lag_max=1;0;;0" in r("lag.example!soa")["performance_data"] and "in_sync=4;;;0" in r("lag.example!soa")["performance_data"]'
expect_service "lag.example!soa: per-address perfdata" \
	'"rtt_ns1.lag.example_192.0.2.21" in r("lag.example!soa")["performance_data"][5]'
expect_service "lag.example!soa: the command line is check_soa -D lag.example" \
	'r("lag.example!soa")["command"][1:] == ["-D", "lag.example"] and r("lag.example!soa")["command"][0].endswith("/check_soa")'
expect_service "ns.lab!soa lag.example: arrays repeat -s, set_if adds --nsid" \
	'r("ns.lab!soa lag.example")["command"][1:].count("-s") == 2 and "2001:db8::53" in r("ns.lab!soa lag.example")["command"] and "--nsid" in r("ns.lab!soa lag.example")["command"]'
expect_service "ns.lab!soa lag.example: -w 1 tolerates the lag of 1 (state 0) and NSIDs are shown" \
	'r("ns.lab!soa lag.example")["state"] == 0 and "NSID bind-lab" in r("ns.lab!soa lag.example")["output"]'

expect_service "multimx.example!soa: --multi-provider, --compare per array element, --transport" \
	'(lambda c: "--multi-provider" in c and c.count("--compare") == 2 and "A:www" in c and c[c.index("--transport") + 1] == "both" and "--content-mismatch" not in c)(r("multimx.example!soa")["command"])'
expect_service "multimx.example!soa: WARNING naming the RRset, each value and its provider" \
	'r("multimx.example!soa")["state"] == 1 and r("multimx.example!soa")["output"].split("\n")[0].rstrip() == "SOA WARNING - multimx.example: MX differs: 10 mail.multimx.example. at provider prova-mx.example (4 servers) / 20 mx.provb.example. at provider provb-mx.example (4 servers)"'
expect_service "multi.example!soa: without --multi-provider the status line says the servers split by MNAME" \
	'r("multi.example!soa")["state"] == 1 and r("multi.example!soa")["output"].split("\n")[0].rstrip() == "SOA WARNING - multi.example: 4 of 8 servers behind, servers split into 2 groups by SOA MNAME, each in sync (--multi-provider judges per provider)"'
expect_service "multimx.example!soa: per-provider perfdata" \
	'"servers_provb-mx.example=4;;;0" in r("multimx.example!soa")["performance_data"]'

expect_service "lag-json!soa: vars.soa_output_format = \"json\" gives --output-format json" \
	'(lambda c: len(c) == 5 and c[c.index("-D") + 1] == "lag.example" and c[c.index("--output-format") + 1] == "json")(r("lag-json!soa")["command"])'
expect_service "lag-json!soa: Icinga records the JSON document and the state (WARNING)" \
	'(lambda d: d["state"] == "WARNING" and d["zone"] == "lag.example")(__import__("json").loads(r("lag-json!soa")["output"])) and r("lag-json!soa")["state"] == 1'

# Latency as installed (README, "The state directory"): checks run as nagios, the default state
# directory given to nagios, no --state-dir; the stale server alarms.
if [[ $STATE_SETUP == yes ]]; then
	expect_service "lag-latency!soa: checks run as nagios, the latency alarms (CRITICAL, stale for 2h00m)" \
		'r("lag-latency!soa")["state"] == 2 and r("lag-latency!soa")["output"].startswith("SOA CRITICAL - lag.example: 1 of 5 servers behind (ns3.lag.example 192.0.2.23 at 2026112500, 1 behind 2026112501), stale for 2h00m (ns3.lag.example 192.0.2.23)")'
	expect_service "lag-latency!soa: --critical-latency and no --state-dir (the default directory)" \
		'(lambda c: c[c.index("--critical-latency") + 1] == "3600" and "--state-dir" not in c)(r("lag-latency!soa")["command"])'
	expect_service "lag-latency!soa: perfdata latency_max about 7200 s against 3600" \
		'any(p.startswith("latency_max=72") and p.endswith("s;;3600;0") for p in r("lag-latency!soa")["performance_data"])'
	seen=$(state_dir_seen "$WORK/state-overlay")
	files=("$seen"/soa-lag.example-*.state)
	f=${files[0]}
	r=1
	[[ $(stat -c '%U %a' "$seen" 2>/dev/null) == "$CHECK_USER 750" &&
		$(stat -c '%U %a' "$f" 2>/dev/null) == "$CHECK_USER 600" ]] && r=0
	TAP_DIAG=$(ls -la "$seen" 2>&1) tap_result $r \
		"the state directory is nagios's (0750, README's command), the state file too (0600)"
else
	tap_result 0 "lag-latency!soa: latency as installed # SKIP no overlay mount or no user $CHECK_USER here"
fi

# Intervals come from host variables, 5m / 1m by default.
expect_service "sync.example!soa: default intervals 5m and 1m" \
	's["sync.example!soa"]["check_interval"] == 300 and s["sync.example!soa"]["retry_interval"] == 60'
expect_service "lag-critical!soa: intervals from vars.soa_check_interval / soa_retry_interval" \
	's["lag-critical!soa"]["check_interval"] == 420 and s["lag-critical!soa"]["retry_interval"] == 42'

# An inherited threshold applies; cleared at service level ("" or null) it is not passed.
expect_service "lag-critical!soa: the host's vars.soa_critical = 0 gives -c 0 and CRITICAL" \
	'r("lag-critical!soa")["state"] == 2 and r("lag-critical!soa")["command"][1:] == ["-D", "lag.example", "-c", "0"]'
expect_service "lag-critical!soa cleared empty: soa_critical = \"\" leaves -c out (WARNING)" \
	'r("lag-critical!soa cleared empty")["command"][1:] == ["-D", "lag.example"] and r("lag-critical!soa cleared empty")["state"] == 1 and "lag_max=1;0;;0" in r("lag-critical!soa cleared empty")["performance_data"]'
expect_service "lag-critical!soa cleared null: soa_critical = null leaves -c out (WARNING)" \
	'r("lag-critical!soa cleared null")["command"][1:] == ["-D", "lag.example"] and r("lag-critical!soa cleared null")["state"] == 1'

# The per-server check: the lagging server against the primary.
expect_service "ns3.lag.example!soa server: -n the host's address -P the primary" \
	'(lambda c: len(c) == 7 and c[c.index("-D") + 1] == "lag.example" and c[c.index("-n") + 1] == "192.0.2.23" and c[c.index("-P") + 1] == "192.0.2.21")(r("ns3.lag.example!soa server")["command"])'
expect_service "ns3.lag.example!soa server: the lagging server is WARNING, 1 behind the primary" \
	'r("ns3.lag.example!soa server")["state"] == 1 and r("ns3.lag.example!soa server")["output"].startswith("SOA WARNING - lag.example: 1 of 2 servers behind (192.0.2.23 at 2026112500, 1 behind primary 2026112501)")'

# The all-down zone: Icinga's recorded output is the plugin's status line up to '|' (the
# blank before it included), byte for byte.
want=$(in_lab "$CHECK_SOA" -D dead.example | head -n 1)
export WANT_LINE=${want%%|*}
expect_service "dead.example!soa: state 2 (CRITICAL)" 'r("dead.example!soa")["state"] == 2'
r=0
TAP_DIAG=$(service_check 'len(__import__("os").environ["WANT_LINE"]) > 0 and r("dead.example!soa")["output"].split("\n")[0] == __import__("os").environ["WANT_LINE"]' "$json") || r=1
TAP_DIAG="plugin: $WANT_LINE"$'\n'"icinga: $(service_check 'print(r("dead.example!soa")["output"].split("\n")[0]) or True' "$json")"
tap_result $r "dead.example!soa: the recorded output is the plugin's status line, byte for byte"

# Icinga reads "a::b=1" as a check_multi prefix: labels must carry no raw colon (IPv6 addresses
# appear as %3A), so that Icinga records every label exactly as printed.
want=$(in_lab "$CHECK_SOA" -D lag.example | head -n 1)
want=${want#*|}
export WANT=$want
r=0
TAP_DIAG=$(service_check '[p.split("=")[0] for p in r("lag.example!soa")["performance_data"]] == [p.split("=")[0] for p in __import__("os").environ["WANT"].split()]' "$json") || r=1
TAP_DIAG="plugin: $want"$'\n'"icinga: $(service_check 'print(r("lag.example!soa")["performance_data"]) or True' "$json")"
tap_result $r "Icinga records every perfdata label as printed (IPv6 labels included)"

for name in 'sync.example!soa' 'lag.example!soa' 'lag-critical!soa cleared null' \
	'lag-latency!soa' 'ns3.lag.example!soa server' 'dead.example!soa'; do
	service_check "print('# Icinga recorded for $name: state', r('$name')['state'], '|', r('$name')['output'].splitlines()[0], '|', ' '.join(r('$name')['performance_data'][:5])) or True" "$json"
done

stop_icinga
done_testing
