#!/bin/sh
# scale.sh - check_soa at scale (issue 11): N zones checked every minute by a real Icinga 2, and by plain loops; run as root.
#
#   sh tests/bench/scale.sh        1,000 zones, Icinga 2 for 5 minutes; prints a markdown report
#
# The lab (its own network namespace, like tests/bench/bench_lab.sh): root on NSD, example. on
# Knot, N zones zNNNN.example served by three servers, every nameserver address behind one
# delay proxy (tests/bench/delay_proxy.c, SCALE_RTT ms round trip), a nearby Unbound resolver.
#
#   ns-a.example  198.51.100.1, 2001:db8:5::1   NSD  every zone at serial S
#   ns-b.example  198.51.100.2, 2001:db8:5::2   Knot every zone at serial S
#   ns-c.example  198.51.100.3                  NSD  every zone at S, but every tenth (i % 10 == 0,
#                                                    "lagging") at S - 1
#   ns-d.example  203.0.113.66                  the proxy drops everything; NS of the zones with
#                                                    i % 100 == 5 ("dropping") only
#
# The truth: a lagging zone is WARNING (1 of 5 servers behind), a dropping zone WARNING (1 of 6
# unreachable), every other zone OK (5 servers in sync). Then, each run measured on its own:
#   1. the plugin alone: the N zones one after the other, then SCALE_PARALLEL at a time (xargs);
#   2. a real Icinga 2 (Debian's icinga2) in the lab's namespace with contrib/icinga2/check_soa.conf
#      and one host per zone (vars.soa = true, vars.soa_check_interval = SCALE_INTERVAL), for
#      SCALE_MINUTES; every check result is read from Icinga's event stream (REST API).
# Descriptors, memory and processes are counted at the start and the end of each run.
#
# Environment: SCALE_ZONES (1000), SCALE_MINUTES (5), SCALE_INTERVAL (60 s), SCALE_RTT (20 ms),
# SCALE_PARALLEL (64), CHECK_SOA (default ./check_soa of the tree), SCALE_KEEP=1 keeps the work
# directory, SCALE_REPORT (/tmp/check_soa-scale-report.md).
# shellcheck shell=bash disable=SC2128 # starts under sh, re-executes itself with bash
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
. "$TOP/tests/lab/daemons.sh"
top_srcdir=$TOP
. "$TOP/tests/integration/monitoring.sh" # Icinga's paths, certificate and REST API
ZONES=${SCALE_ZONES:-1000}
MINUTES=${SCALE_MINUTES:-5}
INTERVAL=${SCALE_INTERVAL:-60}
RTT=${SCALE_RTT:-20}
PARALLEL=${SCALE_PARALLEL:-64}
CHECK_SOA=${CHECK_SOA:-$TOP/check_soa}
REPORT=${SCALE_REPORT:-/tmp/check_soa-scale-report.md}
SERIAL=2026112501
TTL=86400
TIMERS="3600 600 86400 86400"

die() {
	echo "scale.sh: $*" >&2
	exit 1
}
note() { echo "scale.sh: $(date +%T) $*" >&2; }

[[ $(id -u) == 0 ]] || die "must run as root (network namespaces)"
for tool in ip nsd knotd unbound dig cc icinga2; do
	command -v "$tool" >/dev/null || die "$tool not found (contrib/install-deps.sh)"
done
[[ $ZONES =~ ^[0-9]+$ && $ZONES -ge 1 && $ZONES -le 9999 ]] || die "SCALE_ZONES must be 1..9999"
[[ -x $CHECK_SOA ]] || die "no check_soa at $CHECK_SOA (build it, or set CHECK_SOA)"

WORK=$(mktemp -d /tmp/check_soa-scale.XXXXXX)
LAB=$WORK/lab
NETNS=
cleanup() {
	[[ -z ${EVENTS_PID:-} ]] || kill "$EVENTS_PID" 2>/dev/null || true
	[[ -z ${SAMPLER_PID:-} ]] || kill "$SAMPLER_PID" 2>/dev/null || true
	stop_icinga
	[[ ! -f $LAB/netns ]] || bash "$TOP/tests/lab/lab.sh" stop "$LAB" || true
	if [[ -n ${SCALE_KEEP:-} ]]; then echo "scale.sh: work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$WORK/bin" "$LAB"
cp "$CHECK_SOA" "$WORK/bin/check_soa" # one binary for the whole run; Icinga's PluginDir
CHECK_SOA=$WORK/bin/check_soa
cc -O2 -std=c11 -Wall -o "$WORK/delay_proxy" "$HERE/delay_proxy.c"
cc -O2 -std=c11 -Wall -o "$WORK/runstat" "$HERE/runstat.c"

ipx() { ip netns exec "$NETNS" "$@"; }

# ---------------------------------------------------------------------------------------------
# The lab

zone_name() { printf 'z%04d.example' "$1"; }
is_lagging() { (($1 % 10 == 0)); }
is_dropping() { (($1 % 100 == 5)); }
truth() { # I: the state the zone must get (0 OK, 1 WARNING)
	if is_lagging "$1" || is_dropping "$1"; then echo 1; else echo 0; fi
}

# One zone file per kind, with names relative to the zone (every server takes the zone's name
# as the origin): the NS set, and the serial of the copy.
zone_file() { # SERIAL WITH-DROP
	# shellcheck disable=SC2016 # a literal $TTL
	printf '$TTL %s\n@ SOA ns-a.example. hostmaster.example. %s %s\n' $TTL "$1" "$TIMERS"
	printf '@ NS ns-a.example.\n@ NS ns-b.example.\n@ NS ns-c.example.\n'
	[[ $2 == 0 ]] || printf '@ NS ns-d.example.\n'
}

write_zones() {
	local d=$LAB/zones i z
	mkdir -p "$d"
	zone_file $SERIAL 0 >"$d/sync.zone"
	zone_file $((SERIAL - 1)) 0 >"$d/lag.zone"
	zone_file $SERIAL 1 >"$d/drop.zone"
	lab_root_zone "$d/root.zone" $TTL "$TIMERS" 192.0.2.1 192.0.2.2
	{
		echo "example. $TTL SOA ns.example. hostmaster.example. $SERIAL $TIMERS"
		echo "example. $TTL NS ns.example."
		echo "ns.example. $TTL A 192.0.2.2"
		echo "ns-a.example. $TTL A 198.51.100.1"
		echo "ns-a.example. $TTL AAAA 2001:db8:5::1"
		echo "ns-b.example. $TTL A 198.51.100.2"
		echo "ns-b.example. $TTL AAAA 2001:db8:5::2"
		echo "ns-c.example. $TTL A 198.51.100.3"
		echo "ns-d.example. $TTL A 203.0.113.66"
		for ((i = 1; i <= ZONES; i++)); do
			z=$(zone_name "$i")
			printf '%s. %s NS ns-a.example.\n%s. %s NS ns-b.example.\n%s. %s NS ns-c.example.\n' \
				"$z" $TTL "$z" $TTL "$z" $TTL
			! is_dropping "$i" || printf '%s. %s NS ns-d.example.\n' "$z" $TTL
		done
	} >"$d/example.zone"
	# ZONE=FILE lists: the current copies (ns-a, ns-b) and ns-c's, which lags for some zones.
	CURRENT=() LAGGING=()
	for ((i = 1; i <= ZONES; i++)); do
		z=$(zone_name "$i")
		if is_dropping "$i"; then
			CURRENT+=("$z=$d/drop.zone") LAGGING+=("$z=$d/drop.zone")
		else
			CURRENT+=("$z=$d/sync.zone")
			if is_lagging "$i"; then LAGGING+=("$z=$d/lag.zone"); else LAGGING+=("$z=$d/sync.zone"); fi
		fi
	done
}

# NSD's response rate limiting would drop the bursts, which all come from the proxy's address.
NSD_SETTINGS=("verbosity: 0" "rrl-ratelimit: 0" "rrl-whitelist-ratelimit: 0")

spawn() { # NAME CMD...: a daemon in the namespace (ip execs it: $! is its pid)
	local name=$1
	shift
	ipx "$@" </dev/null >"$LAB/$name.out" 2>&1 &
}

wait_soa() { # ADDRESS ZONE DIG-OPTION
	lab_wait_soa "$NETNS" 60 "$1" "$2" "$3" || die "no SOA for $2 from $1 after 60 s"
}

start_lab() {
	local a
	NETNS=csoab-$$-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
	lab_netns_add "$NETNS" "$LAB" 192.0.2.53
	write_zones
	lab_nsd_conf "$LAB/nsd-root" "" 127.0.2.1 "${NSD_SETTINGS[@]}" -- ".=$LAB/zones/root.zone"
	lab_knot_conf "$LAB/knot-tld" "" warning 127.0.2.2 -- "example.=$LAB/zones/example.zone"
	lab_nsd_conf "$LAB/nsd-a" "" 127.0.1.1 "${NSD_SETTINGS[@]}" -- "${CURRENT[@]}"
	lab_knot_conf "$LAB/knot-b" "" warning 127.0.1.2 -- "${CURRENT[@]}"
	lab_nsd_conf "$LAB/nsd-c" "" 127.0.1.3 "${NSD_SETTINGS[@]}" -- "${LAGGING[@]}"
	lab_unbound_conf "$LAB/unbound" 192.0.2.1 "verbosity: 0" "interface: 192.0.2.53" \
		"outgoing-interface: 192.0.2.53" "do-ip6: no" "outgoing-range: 512" \
		"num-queries-per-thread: 1024" "msg-cache-size: 32m" "rrset-cache-size: 64m" \
		"access-control: 0.0.0.0/0 allow" "minimal-responses: yes"
	lab_netns_addresses "$NETNS" "$LAB/addresses.batch" 192.0.2.1 192.0.2.2 192.0.2.53 \
		198.51.100.1 198.51.100.2 198.51.100.3 203.0.113.66 2001:db8:5::1 2001:db8:5::2
	spawn nsd-root nsd -d -c "$LAB/nsd-root/nsd.conf"
	spawn knot-tld knotd -c "$LAB/knot-tld/knot.conf"
	spawn nsd-a nsd -d -c "$LAB/nsd-a/nsd.conf"
	spawn knot-b knotd -c "$LAB/knot-b/knot.conf"
	spawn nsd-c nsd -d -c "$LAB/nsd-c/nsd.conf"
	spawn unbound unbound -d -c "$LAB/unbound/unbound.conf"
	spawn proxy "$WORK/delay_proxy" -d "$(awk -v r="$RTT" 'BEGIN { print r / 2 }')" \
		192.0.2.1=127.0.2.1 192.0.2.2=127.0.2.2 198.51.100.1=127.0.1.1 2001:db8:5::1=127.0.1.1 \
		198.51.100.2=127.0.1.2 2001:db8:5::2=127.0.1.2 198.51.100.3=127.0.1.3 203.0.113.66=drop
	local last
	last=$(zone_name "$ZONES")
	for a in 198.51.100.1 198.51.100.2 198.51.100.3; do wait_soa $a "$last" +norec; done
	wait_soa 192.0.2.1 . +norec
	wait_soa 192.0.2.2 example. +norec
	wait_soa 192.0.2.53 "$last" +rec
}

# ---------------------------------------------------------------------------------------------
# Counting: processes, descriptors, memory

# "processes check_soa-processes descriptors rss-kB" of everything in the namespace, and of
# the processes named NAME when given.
census() { # [NAME]
	local pid n=0 plugins=0 fds=0 rss=0 comm f r
	for pid in $(ip netns pids "$NETNS" 2>/dev/null); do
		comm=$(cat "/proc/$pid/comm" 2>/dev/null) || continue
		[[ $comm != check_soa ]] || plugins=$((plugins + 1))
		[[ -z ${1:-} || $comm == "$1" ]] || continue
		n=$((n + 1))
		f=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
		r=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
		fds=$((fds + f)) rss=$((rss + ${r:-0}))
	done
	echo "$n $plugins $fds $rss"
}

# CPU ms used so far by NAME processes of the namespace (utime + stime), and by the children
# they reaped (cutime + cstime): for icinga2, the plugins it ran.
cpu_ms() { # NAME
	local pid hz
	hz=$(getconf CLK_TCK)
	for pid in $(ip netns pids "$NETNS" 2>/dev/null); do
		[[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$1" ]] || continue
		sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null || true
	done | awk -v hz="$hz" '{ own += $12 + $13; kids += $14 + $15 }
		END { printf "%.0f %.0f\n", own * 1000 / hz, kids * 1000 / hz }'
}

# Busy and total jiffies of the whole machine.
machine_cpu() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }

# Sample the namespace's process count every half second into FILE ("total check_soa").
sampler() { # FILE
	local pid n c comm
	while :; do
		n=0 c=0
		for pid in $(ip netns pids "$NETNS" 2>/dev/null); do
			n=$((n + 1))
			read -r comm 2>/dev/null <"/proc/$pid/comm" || continue
			[[ $comm != check_soa ]] || c=$((c + 1))
		done
		echo "$n $c" >>"$1"
		sleep 0.5
	done
}

# ---------------------------------------------------------------------------------------------
# 1. The plugin alone

# States "ZONE STATE" from check_soa status lines.
states_of() { # FILE
	sed -n 's/^SOA \(OK\|WARNING\|CRITICAL\|UNKNOWN\) - \(z[0-9]*\.example\):.*/\2 \1/p' "$1" |
		awk '{ s = $2 == "OK" ? 0 : $2 == "WARNING" ? 1 : $2 == "CRITICAL" ? 2 : 3; print $1, s }'
}

# "matching wrong missing" of "ZONE STATE" lines (stdin) against the truth.
compare_truth() {
	awk 'NR == FNR { want[$1] = $2; next } { got[$1] = $2; if ($2 == want[$1]) ok++; else bad++ }
		END { for (z in want) if (!(z in got)) miss++; printf "%d %d %d\n", ok, bad, miss }' \
		"$WORK/truth" -
}

declare -A LOOP
loop_run() { # KEY PARALLEL
	local key=$1 p=$2 before after w u s
	before=$(census)
	read -r w u s _ _ < <(ipx "$WORK/runstat" -n 1 -o "$WORK/$key.out" \
		xargs -P "$p" -n 1 -a "$WORK/zones" "$CHECK_SOA" -D)
	after=$(census)
	LOOP[$key]="$w $u $s"
	LOOP[$key/truth]=$(states_of "$WORK/$key.out" | compare_truth)
	LOOP[$key/census]="$before|$after"
}

# ---------------------------------------------------------------------------------------------
# 2. Icinga 2

API_USER=scale
API_PASS=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
ICINGA=$WORK/icinga2
ICINGA_PID=
mapfile -t DEFINES < <(icinga_defines "$ICINGA")
ICINGA_URL=https://127.0.0.1:5665 ICINGA_API_TIMEOUT=10

write_icinga() {
	local i
	icinga_self_cert "$ICINGA" scale
	{
		icinga_standalone_conf scale "$WORK/bin" 5665 status/query 'objects/query/*' 'events/*'
		for ((i = 1; i <= ZONES; i++)); do
			printf 'object Host "%s" {\n\tcheck_command = "dummy"\n\tenable_active_checks = false\n\tvars.soa = true\n\tvars.soa_check_interval = %ss\n}\n' \
				"$(zone_name "$i")" "$INTERVAL"
		done
	} >"$ICINGA/icinga2.conf"
	icinga2 daemon -C -c "$ICINGA/icinga2.conf" "${DEFINES[@]}" >"$ICINGA/validate.log" 2>&1 ||
		die "Icinga 2 rejects the configuration: see $ICINGA/validate.log"
}

# The icinga2 processes left in the namespace (its helpers end after the main process).
icinga_left() {
	local pid comm
	for pid in $(ip netns pids "$NETNS" 2>/dev/null); do
		read -r comm 2>/dev/null <"/proc/$pid/comm" || continue
		[[ $comm != icinga2 ]] || echo "$pid"
	done
}

stop_icinga() {
	local i
	[[ -n ${ICINGA_PID:-} ]] || return 0
	kill -TERM "$ICINGA_PID" 2>/dev/null || true
	for ((i = 0; i < 200; i++)); do
		[[ -n $(icinga_left) ]] || break
		sleep 0.05
	done
	wait "$ICINGA_PID" 2>/dev/null || true
	ICINGA_PID=
}

# api PATH: GET from Icinga's REST API in the namespace; prints the JSON.
api() {
	ICINGA_NETNS=$NETNS icinga_api GET "$1"
}

# Every CheckResult event, one line each: "zone state exit sched_start sched_end exec_start
# exec_end first-word-of-output"; runs until killed.
event_stream() { # FILE
	exec ip netns exec "$NETNS" "$PYTHON" - "$API_USER:$API_PASS" "$1" <<-'EOF'
		import base64, json, ssl, sys, urllib.request
		auth, out = sys.argv[1:3]
		ctx = ssl._create_unverified_context()
		req = urllib.request.Request("https://127.0.0.1:5665/v1/events", method="POST",
		    data=json.dumps({"queue": "scale", "types": ["CheckResult"]}).encode(),
		    headers={"Accept": "application/json", "Content-Type": "application/json",
		    "Authorization": "Basic " + base64.b64encode(auth.encode()).decode()})
		with urllib.request.urlopen(req, context=ctx) as r, open(out, "w") as f:
		    for line in r:
		        e = json.loads(line)
		        c = e["check_result"]
		        words = (c.get("output") or "-").split()
		        f.write("%s %d %d %.3f %.3f %.3f %.3f %s\n" % (e["host"], c["state"],
		            c["exit_status"], c["schedule_start"], c["schedule_end"],
		            c["execution_start"], c["execution_end"], words[0] if words else "-"))
		        f.flush()
	EOF
}

icinga_run() {
	local i up=1
	write_icinga
	ip netns exec "$NETNS" icinga2 daemon -c "$ICINGA/icinga2.conf" "${DEFINES[@]}" </dev/null \
		>"$ICINGA/daemon.log" 2>&1 &
	ICINGA_PID=$! # ip execs icinga2: Icinga's own pid
	for ((i = 0; i < 240; i++)); do
		kill -0 "$ICINGA_PID" 2>/dev/null || break
		api /v1/status/IcingaApplication >/dev/null 2>&1 && { up=0; break; }
		sleep 0.25
	done
	[[ $up == 0 ]] || die "Icinga 2 did not start: $(tail -n 5 "$ICINGA/daemon.log")"
	event_stream "$WORK/events" &
	EVENTS_PID=$!
	sampler "$WORK/processes" &
	SAMPLER_PID=$!
	ICINGA_T0=$(date +%s.%N)
	ICINGA_CENSUS0=$(census icinga2)
	ICINGA_CPU0=$(cpu_ms icinga2)
	MACHINE0=$(machine_cpu)
	LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
	note "Icinga 2 checks $ZONES zones every $INTERVAL s for $MINUTES min"
	sleep $((MINUTES * 60))
	ICINGA_T1=$(date +%s.%N)
	ICINGA_CENSUS1=$(census icinga2)
	ICINGA_CPU1=$(cpu_ms icinga2)
	MACHINE1=$(machine_cpu)
	LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
	api /v1/status/CIB >"$WORK/cib.json"
	api "/v1/objects/services?attrs=state&attrs=last_state_change&attrs=check_attempt&attrs=state_type" \
		>"$WORK/services.json"
	kill "$SAMPLER_PID" "$EVENTS_PID" 2>/dev/null || true
	wait "$SAMPLER_PID" "$EVENTS_PID" 2>/dev/null || true
	SAMPLER_PID='' EVENTS_PID=''
	stop_icinga
	LAB_CENSUS_AFTER=$(census)
}

# ---------------------------------------------------------------------------------------------
# The run

note "lab: $ZONES zones, round trip $RTT ms"
start_lab
for ((i = 1; i <= ZONES; i++)); do
	echo "$(zone_name "$i") $(truth "$i")" >>"$WORK/truth"
	printf '%s\n' "$(zone_name "$i")" >>"$WORK/zones"
done
LAB_CENSUS_BEFORE=$(census)
# The machine's speed at the moment: CPU ms of an empty program and of `check_soa -V` (start-up).
CALIBRATION=$("$WORK/runstat" -n 20 /bin/true | awk '{ c += $2 + $3 } END { printf "%.1f", c / NR }')
CALIBRATION="$CALIBRATION $("$WORK/runstat" -n 20 "$CHECK_SOA" -V | awk '{ c += $2 + $3 } END { printf "%.1f", c / NR }')"
note "warming the resolver (one pass, 16 at a time)"
ipx xargs -P 16 -n 1 -a "$WORK/zones" "$CHECK_SOA" -D >/dev/null || true
note "plugin alone: one after the other"
loop_run serial 1
note "plugin alone: $PARALLEL at a time"
loop_run parallel "$PARALLEL"
icinga_run

# ---------------------------------------------------------------------------------------------
# The report

ms() { awk -v x="$1" 'BEGIN { printf "%.0f", x }'; }
loop_row() { # KEY LABEL
	local w u s ok bad miss
	read -r w u s <<<"${LOOP[$1]}"
	read -r ok bad miss <<<"${LOOP[$1/truth]}"
	awk -v l="$2" -v w="$w" -v u="$u" -v s="$s" -v n="$ZONES" -v ok="$ok" -v bad="$bad" -v miss="$miss" \
		'BEGIN { c = (u + s) / n; printf "| %s | %d | %.1f | %.1f | %.2f | %.0f | %d right, %d wrong, %d missing |\n",
			l, n, w / 1000, n / (w / 1000), c, 1000 / c, ok, bad, miss }'
}
census_row() { # LABEL "n plugins fds rss" "n plugins fds rss"
	local a b
	read -r -a a <<<"$2"
	read -r -a b <<<"$3"
	printf '| %s | %s / %s | %s / %s | %s / %s | %s / %s |\n' "$1" "${a[0]}" "${b[0]}" "${a[1]}" "${b[1]}" \
		"${a[2]}" "${b[2]}" "$((a[3] / 1024))" "$((b[3] / 1024))"
}

# Icinga's figures from the event stream, over the window.
icinga_figures() {
	awk -v t0="$ICINGA_T0" -v t1="$ICINGA_T1" -v interval="$INTERVAL" 'NR == FNR { want[$1] = $2; next }
		function pct(a, n, p,   i, j, t) {
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			return n ? a[int((n - 1) * p) + 1] : 0
		}
		{
			n++; z = $1; st = $2
			lat[n] = ($5 - $4) - ($7 - $6); ex[n] = $7 - $6
			if ($8 != "SOA") odd++
			if (st == 3) unknown++
			if ($7 - $6 > 10) timed++
			if (z in last && $4 - last[z] > interval * 1.1 + 2) late++
			if (z in last && $4 - last[z] > gap) gap = $4 - last[z]
			last[z] = $4; count[z]++
			if (!(z in seen)) { seen[z] = st; first[z] = st } else if (st != seen[z]) changed[z] = 1
			if (st == want[z]) right++; else wrong++
			if (!(z in minstart) || $4 < minstart[z]) minstart[z] = $4
			if (first_t == "" || $7 < first_t) first_t = $7
			if ($7 > last_t) last_t = $7
		}
		END {
			for (z in want) { if (!(z in seen)) missing++; else if (seen[z] != want[z] && !(z in changed)) wrongzone++ }
			for (z in changed) flapping++
			min = 1e9; max = 0
			for (z in count) { if (count[z] < min) min = count[z]; if (count[z] > max) max = count[z] }
			printf "checks %d\nspan %.1f\nrate %.2f\n", n, last_t - first_t, n / (t1 - t0)
			printf "lat %.3f %.3f %.3f\n", pct(lat, n, 0.5), pct(lat, n, 0.95), pct(lat, n, 1)
			printf "exec %.3f %.3f %.3f\n", pct(ex, n, 0.5), pct(ex, n, 0.95), pct(ex, n, 1)
			printf "late %d\ngap %.1f\nunknown %d\nodd %d\ntimed %d\n", late, gap, unknown, odd, timed
			printf "right %d\nwrong %d\nmissing %d\nflapping %d\nwrongzone %d\nper_zone %d %d\n",
				right, wrong, missing, flapping, wrongzone, min, max
		}' "$WORK/truth" "$WORK/events"
}

declare -A F
while read -r k v; do F[$k]=$v; done < <(icinga_figures)
read -r PEAK_PROCS PEAK_PLUGINS < <(awk '$1 > p { p = $1 } $2 > c { c = $2 } END { print p + 0, c + 0 }' "$WORK/processes")
read -r M0B M0T <<<"$MACHINE0"
read -r M1B M1T <<<"$MACHINE1"
read -r I0OWN I0KIDS <<<"$ICINGA_CPU0"
read -r I1OWN I1KIDS <<<"$ICINGA_CPU1"
WINDOW=$(awk -v a="$ICINGA_T0" -v b="$ICINGA_T1" 'BEGIN { printf "%.1f", b - a }')
CIB=$("$PYTHON" -c 'import json, sys
s = json.load(open(sys.argv[1]))["results"][0]["status"]
print("avg_latency %.3f s, max_latency %.3f s, avg_execution_time %.3f s, max_execution_time %.3f s, active_service_checks_1min %d, active_service_checks_5min %d" % (s["avg_latency"], s["max_latency"], s["avg_execution_time"], s["max_execution_time"], s["active_service_checks_1min"], s["active_service_checks_5min"]))' "$WORK/cib.json")
NLAG=$(awk '$2 == 1' "$WORK/truth" | wc -l)

{
	echo "## check_soa at scale: $ZONES zones"
	echo
	echo "Machine: $(nproc) CPU ($(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)), kernel $(uname -r)."
	echo "$("$CHECK_SOA" -V | head -n 1); $(icinga2 --version | head -n 1 | sed 's/.*(version: \(.*\))/Icinga 2 \1/')."
	echo "Lab: $ZONES zones of 5 addresses (ns-a, ns-b: IPv4 + IPv6; ns-c: IPv4), $NLAG expected WARNING"
	echo "($(awk '$1 ~ /0\.example$/' "$WORK/truth" | wc -l) with ns-c one serial behind, the zones i % 100 == 5 with a 6th address that drops),"
	echo "the rest OK; every nameserver behind the delay proxy at $RTT ms round trip; Unbound nearby, cache warm."
	read -r c_true c_v <<<"$CALIBRATION"
	echo "The machine's pace during the run: /bin/true costs $c_true ms of CPU, \`check_soa -V\` $c_v ms"
	echo "(on a quiet machine of this kind: 0.6 and 2.1 ms); load average $LOAD0 when Icinga started."
	echo
	echo "### The plugin alone (xargs in the lab's namespace)"
	echo
	echo "| run | checks | wall s | checks/s | CPU ms per check | checks per CPU-second | states vs the lab's truth |"
	echo "|---|---|---|---|---|---|---|"
	loop_row serial "one after the other"
	loop_row parallel "$PARALLEL at a time"
	echo
	echo "### A real Icinga 2 (contrib/icinga2/check_soa.conf, one host per zone, check every $INTERVAL s)"
	echo
	echo "| figure | value |"
	echo "|---|---|"
	echo "| window | $WINDOW s |"
	echo "| check results | ${F[checks]} (per zone: ${F[per_zone]/ / to }) |"
	echo "| checks per second sustained | ${F[rate]} (ideal $(awk -v n="$ZONES" -v i="$INTERVAL" 'BEGIN { printf "%.2f", n / i }')) |"
	echo "| latency p50 / p95 / max (s) | ${F[lat]// / \/ } |"
	echo "| execution time p50 / p95 / max (s) | ${F[exec]// / \/ } |"
	echo "| late (gap between two checks of a zone > 1.1 x interval + 2 s) | ${F[late]} (largest gap ${F[gap]} s) |"
	echo "| timed out (execution > 10 s) / UNKNOWN / output not from check_soa | ${F[timed]} / ${F[unknown]} / ${F[odd]} |"
	echo "| results matching the lab's truth | ${F[right]} right, ${F[wrong]} wrong |"
	echo "| zones never checked / zones whose state changed (flapping) | ${F[missing]} / ${F[flapping]} |"
	echo "| CPU: check_soa (reaped by Icinga) | $(awk -v a="$I0KIDS" -v b="$I1KIDS" -v n="${F[checks]}" 'BEGIN { printf "%.0f ms, %.2f ms per check", b - a, n ? (b - a) / n : 0 }') |"
	echo "| CPU: Icinga 2 itself | $(awk -v a="$I0OWN" -v b="$I1OWN" -v n="${F[checks]}" -v w="$WINDOW" 'BEGIN { printf "%.0f ms, %.2f ms per check, %.1f %% of one core", b - a, n ? (b - a) / n : 0, (b - a) / w / 10 }') |"
	echo "| machine CPU busy (all $(nproc) cores, other jobs included) | $(awk -v a="$M0B" -v b="$M1B" -v c="$M0T" -v d="$M1T" 'BEGIN { printf "%.0f %%", (b - a) * 100 / (d - c) }') |"
	echo "| load average before / after | $LOAD0 / $LOAD1 |"
	echo "| peak processes in the namespace / check_soa at once (sampled every 0.5 s) | $PEAK_PROCS / $PEAK_PLUGINS |"
	echo "| Icinga's own figures (/v1/status/CIB) | $CIB |"
	echo
	echo "### Leaks: start / end"
	echo
	echo "| what | processes | check_soa running | descriptors | RSS MB |"
	echo "|---|---|---|---|---|"
	census_row "lab's daemons, before / after the plugin loops" "$LAB_CENSUS_BEFORE" "${LOOP[parallel/census]#*|}"
	census_row "Icinga 2, start / end of the window" "$ICINGA_CENSUS0" "$ICINGA_CENSUS1"
	census_row "the namespace, before the loops / after Icinga stopped" "$LAB_CENSUS_BEFORE" "$LAB_CENSUS_AFTER"
} | tee "$WORK/report.md"
cp "$WORK/report.md" "$REPORT"
note "report also in $REPORT"
