#!/bin/bash
# consistency.sh - beyond the serial: SOA fields, apex NS sets, glue, both transports, -P ADDRESS#PORT.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa
start_lab

# A zone whose servers agree keeps exactly today's OK line, consistency on by default.
run_check -D sync.example
expect_exit 0
expect_status_is "SOA OK - sync.example: 6 servers in sync, serial 2026112501"
expect_line_count "differ" 0

# rname.example: ns3 (BIND) serves RNAME dns-admin.rname.example at the same serial.
run_check -D rname.example
expect_exit 1
expect_status_is "SOA WARNING - rname.example: SOA RNAME differs: hostmaster.rname.example (2 addresses) / dns-admin.rname.example (ns3.rname.example 192.0.2.183)"
expect_line "[WARNING] ns3.rname.example 192.0.2.183: serial 2026112501" "serves different SOA fields"
expect_line "[WARNING] SOA RNAME differs: hostmaster.rname.example (2 addresses) / dns-admin.rname.example (ns3.rname.example 192.0.2.183)"
expect_line "[OK] ns1.rname.example 192.0.2.181: serial 2026112501"
run_check -D rname.example --consistency-mismatch=critical
expect_exit 2
run_check -D rname.example --consistency=mname,timers,ns,glue
expect_exit 0
run_check -D rname.example --consistency=none
expect_exit 0
run_check -D rname.example --output-format=json
expect_exit 1
expect_true "rname JSON: a consistency entry and the SOA fields per address" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
r = [c for c in d["consistency"] if c["check"] == "SOA RNAME"][0]
assert not r["identical"], r
assert {v["value"] for v in r["values"]} == {"hostmaster.rname.example", "dns-admin.rname.example"}
assert [c["identical"] for c in d["consistency"] if c["check"] == "SOA MNAME"] == [True]
a = [x for x in d["addresses"] if x["address"] == "192.0.2.183"][0]
assert a["rname"] == "dns-admin.rname.example" and a["soa_differs"], a
assert a["refresh"] == 3600 and a["retry"] == 600 and a["expire"] == 86400 and a["minimum"] == 60, a
' "$CHECK_OUT"

# refresh.example: only REFRESH differs on ns3.
run_check -D refresh.example
expect_exit 1
expect_status_is "SOA WARNING - refresh.example: SOA timers differ: refresh 3600 retry 600 expire 86400 minimum 60 (2 addresses) / refresh 7200 retry 600 expire 86400 minimum 60 (ns3.refresh.example 192.0.2.193)"

# mname.example: only MNAME differs on ns3.
run_check -D mname.example
expect_exit 1
expect_status_is "SOA WARNING - mname.example: SOA MNAME differs: ns1.mname.example (2 addresses) / ns3.mname.example (ns3.mname.example 192.0.2.203)"

# nsset.example: BIND's apex NS set lacks ns3, the union still equals the parent's set.
run_check -D nsset.example
expect_exit 1
expect_status_is "SOA WARNING - nsset.example: apex NS set differs: ns1.nsset.example., ns2.nsset.example., ns3.nsset.example. (2 addresses) / ns1.nsset.example., ns2.nsset.example. (ns3.nsset.example 192.0.2.213)"
expect_line "[WARNING] ns3.nsset.example 192.0.2.213" "serves a different apex NS set"
expect_not_out "NS sets differ"

# glue.example: the parent's glue for ns2 is .222, the zone says .224.
run_check -D glue.example
expect_exit 1
expect_status_is "SOA WARNING - glue.example: glue differs for ns2.glue.example (parent: 192.0.2.222 / zone: 192.0.2.224)"
expect_line "[WARNING] glue differs for ns2.glue.example (parent: 192.0.2.222 / zone: 192.0.2.224)"
run_check -D glue.example --consistency=mname,rname,timers,ns
expect_exit 0

# A lagging server is lag, not inconsistency: lag.example's ns3 is only behind.
run_check -D lag.example
expect_status_is "SOA WARNING - lag.example: 1 of 5 servers behind (ns3.lag.example 192.0.2.23 at 2026112500, 1 behind 2026112501)"

# --transport=both: every address over UDP and TCP in the same round.
run_check -D sync.example --transport=both
expect_exit 0
expect_status_is "SOA OK - sync.example: 6 servers in sync, serial 2026112501"
run_check -D tcprefused.example --transport=both
expect_exit 1
expect_status_is "SOA WARNING - tcprefused.example: 1 of 3 servers unreachable (ns3.tcprefused.example 203.0.113.233: over TCP: connection refused)"
expect_line "[WARNING] ns3.tcprefused.example 203.0.113.233: unreachable (over TCP: connection refused), serial 2026112501"
run_check -D tcpsilent.example --transport=both -t 5 --query-timeout 1
expect_exit 1
expect_status_is "SOA WARNING - tcpsilent.example: 1 of 3 servers unreachable (ns3.tcpsilent.example 203.0.113.243: over TCP: timeout)"
expect_within_budget 5
# ... and over UDP alone (the default) the TCP fault goes unseen, as before.
run_check -D tcprefused.example
expect_exit 0
run_check -D tcprefused.example --transport=tcp
expect_exit 1
expect_status "1 of 3 servers unreachable (ns3.tcprefused.example 203.0.113.233: connection refused)"
for bad in "--transport=quic" "--transport=" "--consistency=serial" "--consistency=all,bogus" \
	"--consistency=none,mname" "--consistency-mismatch=unknown"; do
	run_check -D sync.example "$bad"
	expect_exit 3
	expect_status "SOA UNKNOWN - "
done

# deadglue.example: the zone is down, its in-bailiwick names are reached through the
# parent's glue, without waiting for the resolver to give up on them.
run_check -D deadglue.example -t 10 --query-timeout 2
expect_exit 2
expect_status_is "SOA CRITICAL - deadglue.example: no server answered for the zone (2 checked), 2 of 2 servers unreachable (ns1.deadglue.example 198.51.100.73: connection refused, +1 more)"
expect_line "[CRITICAL] ns2.deadglue.example 203.0.113.74: unreachable (timeout)"
expect_before_budget 10

# -P ADDRESS#PORT: a hidden primary on port 5300; bad -P/-n values are usage errors.
run_check -D primaryport.example -P 203.0.113.97#5300
expect_exit 1
expect_status "3 of 4 servers behind (ns1.primaryport.example 192.0.2.124 at 2026112501, 2 behind primary 2026112503, +2 more)"
expect_line "203.0.113.97#5300 (primary): serial 2026112503"
for bad in "-P ::1#53x" "-P 192.0.2.1#" "-n ::1#0" "-n ns1:x.example"; do
	# shellcheck disable=SC2086 # option and value
	run_check -D primaryport.example $bad
	expect_exit 3
	expect_status "SOA UNKNOWN - "
done

# -P naming an address of the NS set: one address is one server, marked as the primary.
run_check -D lag.example -P 192.0.2.21
expect_exit 1
expect_status_is "SOA WARNING - lag.example: 1 of 5 servers behind (ns3.lag.example 192.0.2.23 at 2026112500, 1 behind primary 2026112501)"
expect_out "servers=5;"
expect_line "[OK] ns1.lag.example 192.0.2.21 (primary): serial 2026112501"
expect_not_out "rtt_192.0.2.21="
expect_line_count "192.0.2.21" 2
# A server ahead of the primary has a negative lag label.
run_check -D ahead.example -P ahead-primary.example
expect_exit 1
expect_out " lag_ns3.ahead.example_192.0.2.133=-1;0"

# With providers, -P is the reference of its own provider only.
run_check -D multilag.example --multi-provider -P ns1.prova-lag.example -t 8
expect_exit 1
expect_status "provider prova-lag.example: 2 of 6 servers behind (ns3.prova-lag.example 198.51.100.193 at 2026112501, 1 behind primary 2026112502, +1 more)"
expect_not_out "primary did not answer"

# --soa-sanity: the lab's timers (expire 86400, minimum 60) are below the recommendations.
run_check -D sync.example --soa-sanity
expect_exit 1
expect_status_is "SOA WARNING - sync.example: SOA EXPIRE 86400 below 1209600 (ns1.sync.example 192.0.2.11), SOA MINIMUM 60 below 300 (ns1.sync.example 192.0.2.11)"
run_check -D multi.example --soa-sanity --multi-provider -t 8
expect_exit 0

done_testing
