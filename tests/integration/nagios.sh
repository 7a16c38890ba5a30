#!/bin/bash
# nagios.sh - contrib/nagios/check_soa.cfg in a real Nagios 4: `nagios4 -v` validates it, a run in the lab records state and output in status.dat.
#
# A private nagios.cfg in a temporary directory, the shipped command definitions unchanged
# with $USER1$ (the plugin directory) set to the build tree in a resource file, hosts named
# after lab zones and one nameserver host, services checked every 2 seconds.  Nagios runs
# inside the lab's network namespace.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/monitoring.sh"
need_monitoring nagios4

CFG=$top_srcdir/contrib/nagios/check_soa.cfg
WAIT_S=30
NAGIOS_PID=

start_lab
WORK=$LAB_DIR/nagios
mkdir -p "$WORK"/var/{spool/checkresults,tmp}
# Nagios runs its checks as nagios (nagios_user), as Debian's nagios4 does, with the state
# directory set up as README says (monitoring.sh); where that cannot be done here (no overlay
# mount), as root without latency state, and the latency test is skipped.
STATE_SETUP=no NAGIOS_USER=root
if state_dir_setup_works "$WORK"; then
	STATE_SETUP=yes NAGIOS_USER=$CHECK_USER
fi

stop_nagios() {
	stop_core "$NAGIOS_PID" nagios4 "$LAB_NETNS"
	NAGIOS_PID=
}
trap 'stop_nagios; stop_lab' EXIT

# Everything Nagios writes stays in $WORK (given to the user it runs as).
cat >"$WORK/nagios.cfg" <<EOF
cfg_file=$WORK/objects.cfg
cfg_file=$WORK/check_soa.cfg
resource_file=$WORK/resource.cfg
log_file=$WORK/var/nagios.log
object_cache_file=$WORK/var/objects.cache
precached_object_file=$WORK/var/objects.precache
status_file=$WORK/var/status.dat
status_update_interval=1
temp_file=$WORK/var/nagios.tmp
temp_path=$WORK/var/tmp
lock_file=$WORK/var/nagios.lock
check_result_path=$WORK/var/spool/checkresults
check_result_reaper_frequency=1
query_socket=$WORK/var/nagios.qh
check_external_commands=0
command_file=$WORK/var/nagios.cmd
retain_state_information=0
state_retention_file=$WORK/var/retention.dat
nagios_user=$NAGIOS_USER
nagios_group=$NAGIOS_USER
interval_length=1
service_inter_check_delay_method=n
host_inter_check_delay_method=n
max_service_check_spread=1
max_host_check_spread=1
enable_notifications=0
enable_event_handlers=0
process_performance_data=0
log_rotation_method=n
use_syslog=0
debug_level=0
debug_file=$WORK/var/nagios.debug
illegal_macro_output_chars=\`~\$&|'"<>
EOF

# The shipped definitions as they are; $USER1$ comes from the resource file, as in a
# Debian install (/etc/nagios4/resource.cfg), here pointing at the build tree.
cp "$CFG" "$WORK/check_soa.cfg"
# shellcheck disable=SC2016 # a literal Nagios macro
printf '# $USER1$: the plugin directory\n$USER1$=%s\n' "$(dirname "$CHECK_SOA")" \
	>"$WORK/resource.cfg"

cat >"$WORK/objects.cfg" <<'EOF'
define timeperiod{
	timeperiod_name	always
	alias	Always
	sunday	00:00-24:00
	monday	00:00-24:00
	tuesday	00:00-24:00
	wednesday	00:00-24:00
	thursday	00:00-24:00
	friday	00:00-24:00
	saturday	00:00-24:00
}
define command{
	command_name	lab_true
	command_line	/bin/echo UP
}
define contact{
	contact_name	nobody
	host_notifications_enabled	0
	service_notifications_enabled	0
	host_notification_period	always
	service_notification_period	always
	host_notification_options	n
	service_notification_options	n
	host_notification_commands	lab_true
	service_notification_commands	lab_true
}
define host{
	name	lab-host
	register	0
	check_command	lab_true
	max_check_attempts	1
	check_interval	3600
	check_period	always
	contacts	nobody
	notification_period	always
	notification_interval	0
}
define service{
	name	lab-service
	register	0
	max_check_attempts	1
	check_interval	2
	retry_interval	2
	check_period	always
	contacts	nobody
	notification_period	always
	notification_interval	0
}
define host{
	use	lab-host
	host_name	sync.example
}
define host{
	use	lab-host
	host_name	lag.example
}
define host{
	use	lab-host
	host_name	dead.example
}
define host{
	use	lab-host
	host_name	ns3.lag.example
	address	192.0.2.23
}
define service{
	use	lab-service
	host_name	sync.example
	service_description	SOA
	check_command	check_soa!$HOSTNAME$
}
define service{
	use	lab-service
	host_name	lag.example
	service_description	SOA
	check_command	check_soa!$HOSTNAME$
}
define service{
	use	lab-service
	host_name	lag.example
	service_description	SOA lag
	check_command	check_soa_lag!$HOSTNAME$!1!5
}
define service{
	use	lab-service
	host_name	lag.example
	service_description	SOA lag no critical
	check_command	check_soa_lag!$HOSTNAME$!0!
}
define service{
	use	lab-service
	host_name	lag.example
	service_description	SOA lag no warning
	check_command	check_soa_lag!$HOSTNAME$!!5
}
define service{
	use	lab-service
	host_name	lag.example
	service_description	SOA failed no thresholds
	check_command	check_soa_failed!$HOSTNAME$!!
}
define service{
	use	lab-service
	host_name	ns3.lag.example
	service_description	SOA lag.example
	check_command	check_soa_server!lag.example!192.0.2.21
}
define service{
	use	lab-service
	host_name	dead.example
	service_description	SOA
	check_command	check_soa!$HOSTNAME$
}
define host{
	use	lab-host
	host_name	multi.example
}
define service{
	use	lab-service
	host_name	multi.example
	service_description	SOA
	check_command	check_soa!$HOSTNAME$
}
define host{
	use	lab-host
	host_name	multimx.example
}
define service{
	use	lab-service
	host_name	multimx.example
	service_description	SOA
	check_command	check_soa_multi!$HOSTNAME$!--compare MX --compare TXT -t 8
}
define service{
	use	lab-service
	host_name	lag.example
	service_description	SOA latency
	check_command	check_soa_latency!$HOSTNAME$!!3600
}
EOF
# Provider patterns, quoted as README says, with labels of this run: files named like what they
# match lie in every directory a check may run from (Nagios's own, and /tmp, where Nagios 4's
# workers run the checks), so /bin/sh would put a file name in place of a pattern left unquoted.
TAG=t$$
GLOB_FILES=()
for dir in "$WORK/cwd" /tmp; do
	GLOB_FILES+=("$dir/a$TAG=ns1.prova-mx.example" "$dir/b$TAG=ns1.provb-mx.example")
done
trap 'stop_nagios; rm -f "${GLOB_FILES[@]}"; stop_lab' EXIT
mkdir -p "$WORK/cwd"
touch "${GLOB_FILES[@]}"
cat >>"$WORK/objects.cfg" <<EOF
define service{
	use	lab-service
	host_name	multimx.example
	service_description	SOA providers
	check_command	check_soa_multi!\$HOSTNAME\$!--provider 'a$TAG=*.prova-mx.example' --provider 'b$TAG=*.provb-mx.example' -t 8
}
EOF
N_SERVICES=$(grep -c '^[[:space:]]*service_description' "$WORK/objects.cfg")

# 0. The shipped definitions reach the plugin through $USER1$ only.
# shellcheck disable=SC2016 # a literal Nagios macro
bad=$(grep '^[[:space:]]*command_line' "$CFG" | grep -v 'command_line[[:space:]]*\$USER1\$/check_soa ')
TAP_DIAG=$bad tap_result "$([[ -z $bad ]]; echo $?)" \
	"every command_line of check_soa.cfg runs \$USER1\$/check_soa"

# 1. The configuration validates (nagios4 -v, too, reads it as the user it drops to).
[[ $STATE_SETUP == no ]] || core_as_check_user "$WORK"
out=$(nagios4 -v "$WORK/nagios.cfg" 2>&1)
rc=$?
TAP_DIAG=$out tap_result $rc "nagios4 -v validates the configuration with check_soa.cfg"
TAP_DIAG=$out tap_result "$([[ $out == *"Total Warnings: 0"* && $out == *"Total Errors:   0"* ]]; echo $?)" \
	"nagios4 -v reports no warnings and no errors"
n=$(grep -c '^define command' "$CFG")
TAP_DIAG=$out tap_result "$([[ $out == *"Checked $((n + 1)) commands."* ]]; echo $?)" \
	"nagios4 -v checked the $n commands of check_soa.cfg"
[[ $rc == 0 ]] || { echo "Bail out! the configuration does not validate"; exit 1; }

# 2. Nagios in the lab's namespace, until every service has been checked, run from a directory
# that holds files matching the --provider patterns.
if [[ $STATE_SETUP == yes ]]; then
	# lag.example's newest serial first seen two hours ago: check_soa_latency alarms at once.
	state_dir_setup_script "$WORK/state-setup.sh" "$WORK/state-overlay"
	(cd "$WORK/cwd" && exec ip netns exec "$LAB_NETNS" env SEED_ZONE=lag.example SEED_AGE=7200 \
		unshare -m --propagation private "$WORK/state-setup.sh" nagios4 "$WORK/nagios.cfg") \
		>"$WORK/nagios.out" 2>&1 &
else
	(cd "$WORK/cwd" && exec ip netns exec "$LAB_NETNS" nagios4 "$WORK/nagios.cfg") \
		>"$WORK/nagios.out" 2>&1 &
fi
NAGIOS_PID=$! # the subshell execs ip, ip (env, unshare, the set-up) exec nagios4: Nagios' pid

# status: the servicestatus blocks of status.dat as "host|service|field=value" lines.
status() {
	awk '/^servicestatus \{/ { in_s = 1; h = ""; s = ""; next }
	     in_s && /^\t}/ { in_s = 0; next }
	     in_s { sub(/^\t/, ""); f[++n] = $0
		    if ($0 ~ /^host_name=/) h = substr($0, 11)
		    if ($0 ~ /^service_description=/) s = substr($0, 21)
		    if ($0 ~ /^performance_data=/) { for (i = 1; i <= n; i++) print h "|" s "|" f[i]; n = 0 } }' \
		"$WORK/var/status.dat" 2>/dev/null
}
field() { # HOST SERVICE FIELD
	status | grep -F -- "$1|$2|$3=" | head -n 1 | cut -d= -f2-
}

checked=1
for _ in $(seq $((WAIT_S * 4))); do
	running "$NAGIOS_PID" || break
	if [[ $(status | grep -c '|has_been_checked=1$') == "$N_SERVICES" ]]; then
		checked=0
		break
	fi
	sleep 0.25
done
TAP_DIAG="$(tail -n 20 "$WORK/var/nagios.log" 2>/dev/null; cat "$WORK/nagios.out")" \
	tap_result $checked "Nagios ran in the lab and checked all $N_SERVICES services"

expect_field() { # HOST SERVICE FIELD EXPECTED-PREFIX
	local got r=1
	got=$(field "$1" "$2" "$3")
	[[ $got == "$4"* ]] && r=0
	TAP_DIAG="got: $got" tap_result $r "$1 / $2: $3 starts with '$4'"
}
expect_field sync.example SOA current_state 0
expect_field sync.example SOA plugin_output "SOA OK - sync.example: 6 servers in sync, serial 2026112501"
expect_field sync.example SOA long_plugin_output "[OK] ns1.sync.example 192.0.2.11: serial 2026112501"
expect_field sync.example SOA performance_data "servers=6;;;0 in_sync=6;;;0 failed=0;0;;0 lag_max=0;0;;0 serial=2026112501 rtt_ns1.sync.example_192.0.2.11="
expect_field lag.example SOA current_state 1
expect_field lag.example SOA plugin_output "SOA WARNING - lag.example: 1 of 5 servers behind (ns3.lag.example 192.0.2.23 at 2026112500, 1 behind 2026112501)"
expect_field lag.example SOA long_plugin_output "[WARNING] ns3.lag.example 192.0.2.23: serial 2026112500 (1 behind 2026112501)"
expect_field lag.example SOA performance_data "servers=5;;;0 in_sync=4;;;0 failed=0;0;;0 lag_max=1;0;;0 serial=2026112501"
expect_field lag.example "SOA lag" current_state 0
expect_field lag.example "SOA lag" performance_data "servers=5;;;0 in_sync=4;;;0 failed=0;0;;0 lag_max=1;1;5;0"
# Empty optional slots: a threshold left empty is not set (it used to end UNKNOWN).
expect_field lag.example "SOA lag no critical" current_state 1
expect_field lag.example "SOA lag no critical" plugin_output "SOA WARNING - lag.example: 1 of 5 servers behind"
expect_field lag.example "SOA lag no critical" performance_data "servers=5;;;0 in_sync=4;;;0 failed=0;0;;0 lag_max=1;0;;0 "
expect_field lag.example "SOA lag no warning" current_state 0
expect_field lag.example "SOA lag no warning" performance_data "servers=5;;;0 in_sync=4;;;0 failed=0;0;;0 lag_max=1;;5;0 "
expect_field lag.example "SOA failed no thresholds" current_state 1
expect_field lag.example "SOA failed no thresholds" performance_data "servers=5;;;0 in_sync=4;;;0 failed=0;;;0 lag_max=1;0;;0 "
# The per-server check on the nameserver host: its address against the primary.
expect_field ns3.lag.example "SOA lag.example" current_state 1
expect_field ns3.lag.example "SOA lag.example" plugin_output "SOA WARNING - lag.example: 1 of 2 servers behind (192.0.2.23 at 2026112500, 1 behind primary 2026112501)"
expect_field ns3.lag.example "SOA lag.example" long_plugin_output "[WARNING] 192.0.2.23: serial 2026112500 (1 behind primary 2026112501)"
r=1
[[ $(field ns3.lag.example "SOA lag.example" long_plugin_output) == *"NSID bind-lab"* ]] && r=0
tap_result $r "ns3.lag.example / SOA lag.example: --nsid shows the NSID"

# The multi-provider and latency commands.
expect_field multimx.example SOA current_state 1
expect_field multimx.example SOA plugin_output "SOA WARNING - multimx.example: MX differs: 10 mail.multimx.example. at provider prova-mx.example (4 servers) / 20 mx.provb.example. at provider provb-mx.example (4 servers)"
expect_field multimx.example SOA long_plugin_output "[WARNING] provider prova-mx.example (by mname): serial 2026112501, 4 of 4 servers in sync"
# A two-provider zone checked without --multi-provider: the status line says why it lags.
expect_field multi.example SOA current_state 1
expect_field multi.example SOA plugin_output "SOA WARNING - multi.example: 4 of 8 servers behind, servers split into 2 groups by SOA MNAME, each in sync (--multi-provider judges per provider)"
expect_field multimx.example SOA performance_data "servers=8;;;0 in_sync=8;;;0 failed=0;0;;0 lag_max=0;0;;0 servers_prova-mx.example=4;;;0 "
# Quoted patterns reach the plugin whole although files in the checks' directory match them.
cwds= n=0
for pid in $(core_leftovers "$LAB_NETNS" nagios4); do
	n=$((n + 1))
	[[ -e /proc/$pid/cwd/b$TAG=ns1.provb-mx.example ]] || cwds+=" $(readlink "/proc/$pid/cwd")"
done
TAP_DIAG="$n processes, without the file:$cwds" tap_result "$([[ $n -gt 1 && -z $cwds ]]; echo $?)" \
	"every Nagios process runs from a directory holding a file that matches a pattern"
expect_field multimx.example "SOA providers" performance_data "servers=8;;;0 in_sync=8;;;0 failed=0;0;;0 lag_max=0;0;;0 servers_a$TAG=4;;;0 in_sync_a$TAG=4;;;0 failed_a$TAG=0;0;;0 lag_max_a$TAG=0;0;;0 serial_a$TAG=2026112501 servers_b$TAG=4;;;0 in_sync_b$TAG=4;;;0 "
# check_soa_latency as installed (README, "The state directory"): run as nagios, the default
# state directory given to nagios with README's command, nothing else passed; it alarms.
if [[ $STATE_SETUP == yes ]]; then
	expect_field lag.example "SOA latency" current_state 2
	expect_field lag.example "SOA latency" plugin_output "SOA CRITICAL - lag.example: 1 of 5 servers behind (ns3.lag.example 192.0.2.23 at 2026112500, 1 behind 2026112501), stale for 2h00m (ns3.lag.example 192.0.2.23)"
	r=1
	[[ $(field lag.example "SOA latency" performance_data) == *" latency_max=72"*"s;;3600;0 "* ]] && r=0
	TAP_DIAG="got: $(field lag.example "SOA latency" performance_data)" tap_result $r \
		"lag.example / SOA latency: perfdata latency_max about 7200 s against 3600"
	r=1
	[[ $(stat -c '%U %a' "$(state_dir_seen "$WORK/state-overlay")" 2>/dev/null) == "$CHECK_USER 750" ]] && r=0
	tap_result $r "the default state directory is nagios's, mode 0750 (README's command)"
else
	tap_result 0 "lag.example / SOA latency as installed # SKIP no overlay mount or no user $CHECK_USER here"
fi

# Nagios rewrites ';' in plugin_output: what it recorded for the all-down zone must be the
# plugin's own status line (before '|', without the blank before it), byte for byte.
want=$(in_lab "$CHECK_SOA" -D dead.example | head -n 1)
want=${want%%|*}
want=${want%"${want##*[! ]}"}
got=$(field dead.example SOA plugin_output)
expect_field dead.example SOA current_state 2
TAP_DIAG="plugin: $want"$'\n'"nagios: $got" tap_result "$([[ -n $want && $got == "$want" ]]; echo $?)" \
	"dead.example / SOA: plugin_output is the plugin's status line, byte for byte"

for svc in "sync.example|SOA" "lag.example|SOA" "lag.example|SOA lag no critical" \
	"lag.example|SOA latency" "ns3.lag.example|SOA lag.example" "dead.example|SOA"; do
	echo "# Nagios recorded for ${svc/|/ \/ }: current_state=$(field "${svc%|*}" "${svc#*|}" current_state)" \
		"plugin_output=$(field "${svc%|*}" "${svc#*|}" plugin_output)"
done

stop_nagios
done_testing
