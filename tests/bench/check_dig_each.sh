#!/bin/sh
# check_dig_each.sh - the Monitoring Plugins way without check_soa, as a peer in the benchmark:
# one check_dig service per nameserver address (SOA, RD=0), run one after the other.
# Usage: check_dig_each.sh ZONE ADDRESS...     exit: the worst check_dig exit status.
CHECK_DIG=${CHECK_DIG:-/usr/lib/nagios/plugins/check_dig}
zone=$1
shift
worst=0
for a in "$@"; do
	"$CHECK_DIG" -H "$a" -l "$zone" -T SOA -A +norec
	rc=$?
	[ "$rc" -gt "$worst" ] && worst=$rc
done
exit "$worst"
