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

# ---------------------------------------------------------------------------------------------
# The state directory as README's "The state directory" sets it up, for a core that runs its
# checks as the user CHECK_USER (nagios, as Debian's nagios4 and icinga2 do).
#
# The plugin's built-in directory (configure's statedir, CHECK_SOA_STATE_DIR from make check)
# is used as it is, but in a private mount namespace: a writable overlay (its upper layer under
# the test's directory) over the deepest part of that path that exists, so that the host's
# directory is neither needed nor touched, and runs of other builds do not meet.

CHECK_USER=nagios

# True when the documented set-up can be run here: the built-in directory is known, the user
# exists, and an overlay can be mounted over the existing part of its path.
state_dir_setup_works() { # WORK
	local lower=${CHECK_SOA_STATE_DIR:-}
	[[ $lower == /* ]] && id "$CHECK_USER" >/dev/null 2>&1 && command -v unshare >/dev/null &&
		command -v runuser >/dev/null || return 1
	while [[ ! -d $lower ]]; do lower=$(dirname "$lower"); done
	[[ $lower != / ]] || return 1
	mkdir -p "$1/probe/up" "$1/probe/work"
	unshare -m --propagation private mount -t overlay overlay \
		-o "lowerdir=$lower,upperdir=$1/probe/up,workdir=$1/probe/work" "$lower" 2>/dev/null
}

# Write to PATH a script that, run as root by `unshare -m --propagation private` (inside the
# lab's namespace), lays the overlay (upper layer under UPPER), makes the built-in directory as
# `make install` does, gives it to CHECK_USER with README's one command, and then execs its
# arguments (the core). With SEED_ZONE set it first runs that zone's check once as CHECK_USER
# (-w 5, the option set of the cores' latency checks) and dates the zone's newest serial
# SEED_AGE seconds back in the state it saved: a history the first check of the core can
# alarm on.
state_dir_setup_script() { # PATH UPPER
	cat >"$1" <<-EOF
		#!/bin/bash
		set -eu
		dir='$CHECK_SOA_STATE_DIR' lower='$CHECK_SOA_STATE_DIR'
		while [[ ! -d \$lower ]]; do lower=\$(dirname "\$lower"); done
		mkdir -p '$2/up' '$2/work'
		mount -t overlay overlay -o "lowerdir=\$lower,upperdir=$2/up,workdir=$2/work" "\$lower"
		mkdir -p "\$dir" # make install: \$(MKDIR_P) \$(DESTDIR)\$(statedir)
		install -d -o $CHECK_USER -g $CHECK_USER -m 0750 "\$dir" # README, "The state directory"
		if [[ -n \${SEED_ZONE:-} ]]; then
		        runuser -u $CHECK_USER -- '$CHECK_SOA' -D "\$SEED_ZONE" -w 5 \\
		                --critical-latency 999999 >/dev/null || :
		        '$PYTHON' - "\$dir" "\$SEED_ZONE" "\$SEED_AGE" <<-'PY'
		import glob, re, sys, time
		d, zone, age = sys.argv[1], sys.argv[2], int(sys.argv[3])
		path = glob.glob("%s/soa-%s-*.state" % (d, zone))[0]
		serials = [int(s) for s in re.findall(r"^serial (\d+) ", open(path).read(), re.M)]
		body = "check_soa-state 1\nserial %d %d\n" % (max(serials), int(time.time()) - age)
		h = 0x811c9dc5
		for c in body.encode():
		    h = ((h ^ c) * 0x01000193) & 0xffffffff
		open(path, "w").write(body + "end 1 %08x\n" % h)  # in place: the owner stays
		PY
		fi
		exec "\$@"
	EOF
	chmod 755 "$1"
}

# The built-in state directory as the core saw it: its path in the overlay's upper layer.
state_dir_seen() { # UPPER
	local lower=$CHECK_SOA_STATE_DIR
	while [[ ! -d $lower ]]; do lower=$(dirname "$lower"); done
	echo "$1/up${CHECK_SOA_STATE_DIR#"$lower"}"
}

# Let CHECK_USER reach and own what a core that drops root needs: WORK (chowned) and the
# directories above it up to the lab's (searchable).
core_as_check_user() { # WORK
	chown -R "$CHECK_USER:$CHECK_USER" "$1"
	chmod o+x "$LAB_DIR"
}

# The paths of one Icinga 2 instance under DIR, as icinga2 -D options (no /etc/icinga2, no
# /var), one a line: `mapfile -t DEFINES < <(icinga_defines DIR)`.
icinga_defines() { # DIR
	printf '%s\n' -DRunAsUser="${ICINGA_RUN_AS:-root}" -DRunAsGroup="${ICINGA_RUN_AS:-root}" \
		-DDataDir="$1/data" -DLogDir="$1/log" \
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
