# monitoring.sh - what the tests with a real monitoring core share: requirements, stopping a core, Icinga 2's paths, certificate and REST API.
# shellcheck shell=bash
#
# Sourced after lib.sh by icinga2.sh, nagios.sh and satellite.sh, and by tests/bench/scale.sh
# (which uses only the Icinga helpers).  The REST API helpers read ICINGA_NETNS (the namespace
# the core listens in), ICINGA_URL (https://ADDRESS:PORT), API_USER, API_PASS and ICINGA_CA
# (the CA certificate to verify the API with; empty: this run's throw-away certificate, not
# verified).

PYTHON=/usr/bin/python3 # the system's: a version manager's shim costs seconds per call
[[ -x $PYTHON ]] || PYTHON=$(command -v python3)
ICINGA_CA=
ICINGA_API_TIMEOUT=5

# Skip unless the plugin is built as "check_soa" (the cores' configurations run it by that
# name), we are root (namespaces) and every TOOL is installed.
need_monitoring() { # TOOL...
	local tool
	need_check_soa
	[[ $(id -u) == 0 ]] || skip_all "needs root for network namespaces"
	for tool in "$@"; do
		command -v "$tool" >/dev/null || skip_all "$tool is not installed (contrib/install-deps.sh)"
	done
	[[ $(basename "$CHECK_SOA") == check_soa ]] || skip_all "CHECK_SOA must be named check_soa"
}

# True while process PID runs (a zombie does not count).
running() { # PID
	local stat
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[[ ${stat:0:1} != Z ]]
}

# The processes named COMM left in namespace NETNS (a core's helpers), by pid.
core_leftovers() { # NETNS COMM
	local pid
	for pid in $(ip netns pids "$1" 2>/dev/null); do
		[[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$2" ]] && running "$pid" && echo "$pid"
	done
}

# Stop a core started in NETNS: SIGTERM to PID, then wait for it and its helpers (processes
# named COMM); SIGKILL as a last resort.  Nothing to do when PID is empty.
stop_core() { # PID COMM NETNS
	local pid=$1 left=
	[[ -n $pid ]] || return 0
	kill "$pid" 2>/dev/null
	for _ in $(seq 100); do
		running "$pid" || break
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	for _ in $(seq 30); do
		left=$(core_leftovers "$3" "$2")
		[[ -n $left ]] || break
		sleep 0.1
	done
	# shellcheck disable=SC2086 # one pid per word
	[[ -z $left ]] || kill -9 $left 2>/dev/null
	return 0
}

# The paths of one Icinga 2 instance under DIR, as icinga2 -D options (no /etc/icinga2, no
# /var), one a line: `mapfile -t DEFINES < <(icinga_defines DIR)`.
icinga_defines() { # DIR
	printf '%s\n' -DRunAsUser=root -DRunAsGroup=root -DDataDir="$1/data" -DLogDir="$1/log" \
		-DCacheDir="$1/cache" -DSpoolDir="$1/spool" -DInitRunDir="$1/run" \
		-DPidPath="$1/run/icinga2.pid" -DStatePath="$1/data/icinga2.state" \
		-DObjectsPath="$1/cache/icinga2.debug" -DVarsPath="$1/cache/icinga2.vars" \
		-DModAttrPath="$1/data/modified-attributes.conf" -DZonesDir="$1/zones.d"
}

# A self-signed certificate for the API of the instance under DIR, node name CN (its own CA).
icinga_self_cert() { # DIR CN
	local -a d
	mapfile -t d < <(icinga_defines "$1")
	mkdir -p "$1"/{data/certs,log,cache,spool,run}
	icinga2 pki new-cert "${d[@]}" --cn "$2" --key "$1/data/certs/$2.key" \
		--cert "$1/data/certs/$2.crt" >"$1/pki.log" 2>&1 || return 1
	cp "$1/data/certs/$2.crt" "$1/data/certs/ca.crt"
}

# icinga_api METHOD PATH [BODY]: call the REST API from inside ICINGA_NETNS; prints the JSON.
icinga_api() {
	ip netns exec "$ICINGA_NETNS" "$PYTHON" - "$1" "$ICINGA_URL$2" "${3:-}" "$API_USER:$API_PASS" \
		"$ICINGA_CA" "$ICINGA_API_TIMEOUT" <<-'EOF'
		import base64, ssl, sys, urllib.request
		method, url, body, auth, ca, timeout = sys.argv[1:7]
		if ca:
		    ctx = ssl.create_default_context(cafile=ca)
		    ctx.check_hostname = False  # the certificate's CN is the node name
		else:
		    ctx = ssl._create_unverified_context()  # this run's throw-away certificate
		req = urllib.request.Request(url, data=body.encode() if body else None, method=method)
		req.add_header("Accept", "application/json")
		req.add_header("Authorization", "Basic " + base64.b64encode(auth.encode()).decode())
		with urllib.request.urlopen(req, context=ctx, timeout=float(timeout)) as r:
		    print(r.read().decode())
	EOF
}

# The services as the API has them: last check result, state, attempt and intervals.
services_json() {
	icinga_api GET "/v1/objects/services?attrs=last_check_result&attrs=state&attrs=check_attempt&attrs=check_interval&attrs=retry_interval" 2>/dev/null
}

# EXPRESSION JSON: a Python expression over the services (`s`: name -> attrs, `r(name)`: the
# last check result) holds; prints what the expression prints.
service_check() {
	"$PYTHON" -c '
import json, sys
s = {r["name"]: r["attrs"] for r in json.loads(sys.argv[2])["results"]}
def r(name): return s[name]["last_check_result"] or {}
sys.exit(0 if eval(sys.argv[1]) else 1)' "$1" "$2" 2>&1
}

# One TAP result: EXPRESSION holds over the services in $json.
expect_service() { # DESCRIPTION EXPRESSION
	local r=0 TAP_DIAG
	TAP_DIAG=$(service_check "$2" "$json") || r=1
	[[ $r == 0 ]] || TAP_DIAG="expression: $2"$'\n'"$TAP_DIAG"
	tap_result $r "$1"
}

# The head of a standalone Icinga 2's icinga2.conf (no /etc/icinga2, no features but the
# checker and the API on 127.0.0.1:PORT): node NODE running plugins from PLUGIN-DIR with
# contrib/icinga2/check_soa.conf, API user API_USER / API_PASS with PERMISSION....
icinga_standalone_conf() { # NODE PLUGIN-DIR PORT PERMISSION...
	local node=$1 dir=$2 port=$3 perms
	shift 3
	perms=$(printf '"%s", ' "$@")
	cat <<-EOF
		/* A minimal Icinga 2 for check_soa: no /etc/icinga2, no features but checker and API. */
		const PluginDir = "$dir"
		const NodeName = "$node"
		const ZoneName = "$node"
		include <itl>
		include "$top_srcdir/contrib/icinga2/check_soa.conf"
		object CheckerComponent "checker" {}
		object Endpoint NodeName {}
		object Zone ZoneName { endpoints = [ NodeName ] }
		object ApiListener "api" {
			bind_host = "127.0.0.1"
			bind_port = $port
			ticket_salt = "$API_PASS"
		}
		object ApiUser "$API_USER" {
			password = "$API_PASS"
			permissions = [ ${perms%, } ]
		}
	EOF
}
