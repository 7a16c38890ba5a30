#!/bin/bash
# demo.sh - the README demo: start the private DNS lab, run check_soa on a broken and a healthy zone.
#
# Usage: demo.sh PATH-TO-check_soa
# Needs root (network namespaces), nsd, knot, bind9, unbound, dig and python3.  Nothing leaves
# the lab's network namespace; everything is stopped and removed at the end.
set -eu

usage() {
	echo "usage: demo.sh PATH-TO-check_soa" >&2
	exit 2
}

[[ $# -eq 1 ]] || usage
check_soa=$(readlink -f "$1")
[[ -x $check_soa ]] || { echo "demo.sh: $1 is not an executable check_soa" >&2; exit 2; }
[[ $EUID == 0 ]] || { echo "demo.sh: needs root to create a network namespace" >&2; exit 2; }

lab=$(dirname "$(readlink -f "$0")")/lab.sh
dir=$(mktemp -d "${TMPDIR:-/tmp}/csoa-demo.XXXXXX")
trap '"$lab" stop "$dir"; rm -rf "$dir"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Show a command, run it in the lab, show its exit code.
demo_run() {
	local rc=0
	echo "\$ check_soa $*"
	"$lab" exec "$dir" "$check_soa" "$@" || rc=$?
	case $rc in
	0) echo "(exit code 0: OK)" ;;
	1) echo "(exit code 1: WARNING)" ;;
	2) echo "(exit code 2: CRITICAL)" ;;
	*) echo "(exit code $rc: UNKNOWN)" ;;
	esac
	echo
}

echo "Starting a private DNS lab in a network namespace: a root zone on NSD, the TLD"
echo "example. on Knot, an Unbound resolver, and zones served by NSD, Knot and BIND."
"$lab" start "$dir"
echo "Lab up (namespace $(cat "$dir/netns"))."
echo
cat <<'EOF'
demo.example has four nameservers:
  ns1.demo.example  NSD   192.0.2.141, 2001:db8::141   serial 2026112501
  ns2.demo.example  Knot  192.0.2.142, 2001:db8::142   serial 2026112501
  ns3.demo.example  BIND  192.0.2.143                  serial 2026112500 (one behind)
  ns4.demo.example  -     198.51.100.144               nothing listens there
check_soa finds them through the resolver and the parent zone, asks all six
addresses at once, and reports the lagging and the unreachable one:

EOF
demo_run -D demo.example

echo "sync.example is served by the same three daemons, every name with IPv4 and IPv6,"
echo "and all of them are up to date:"
echo
demo_run -D sync.example

echo "Stopping the lab."
