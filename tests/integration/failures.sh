#!/bin/bash
# failures.sh - servers that are unreachable, silent, lame, broken or missing, and zones that are not there.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa
start_lab

# down.example: nothing listens on ns3's address (ICMP port unreachable).
run_check -D down.example
expect_exit 1
expect_status_is "SOA WARNING - down.example: 1 of 3 servers unreachable (ns3.down.example 198.51.100.53: connection refused)"
expect_line "ns3.down.example" "198.51.100.53" "unreachable (connection refused)"
expect_line "[OK]" "192.0.2.51"
expect_out "failed=1;"

# The failed address is listed before the good ones.
expect_true "failures come first: line 2 is the unreachable address" \
	grep -q "^\[[A-Z]*\] ns3.down.example 198.51.100.53" <(sed -n 2p "$LAB_DIR/check.out")

# drop.example: ns3 reads every query and never answers; a tight budget still holds.
run_check -D drop.example -t 3 --query-timeout 1
expect_exit 1
expect_within_budget 3
expect_status_is "SOA WARNING - drop.example: 1 of 3 servers unreachable (ns3.drop.example 203.0.113.63: timeout)"
expect_line "[WARNING] ns3.drop.example 203.0.113.63: unreachable (timeout)"
expect_line "[OK] ns1.drop.example 192.0.2.61: serial 2026112501"
expect_line "[OK] ns2.drop.example 192.0.2.62: serial 2026112501"

# dead.example: no NS address answers at all. A silent server costs --query-timeout once: the
# run does not wait for its -t 10.
run_check -D dead.example --query-timeout 1 -t 10
expect_exit 2
expect_status_is "SOA CRITICAL - dead.example: no server answered for the zone (2 checked), 2 of 2 servers unreachable (dead-ns1.example 198.51.100.71: connection refused, +1 more)"
expect_line "[CRITICAL] dead-ns1.example 198.51.100.71: unreachable (connection refused)"
expect_line "[CRITICAL] dead-ns2.example 203.0.113.72: unreachable (timeout)"
expect_not_out "[OK]"
expect_before_budget 10

# The same with the default --query-timeout (3 s) and -t 3: the resolver never answers the SOA
# question for the dead zone itself, which must not use up the time needed to find and ask
# the parent's servers.
run_check -D dead.example -t 3
expect_exit 2
expect_status_is "SOA CRITICAL - dead.example: no server answered for the zone (2 checked), 2 of 2 servers unreachable (dead-ns1.example 198.51.100.71: connection refused, +1 more)"
expect_line "[CRITICAL] dead-ns2.example 203.0.113.72: unreachable (timeout)"
expect_within_budget 3

# lame.example: ns3 is an NSD without the zone (REFUSED), ns4 answers without AA.
run_check -D lame.example
expect_exit 1
expect_status_is "SOA WARNING - lame.example: 2 of 4 servers lame (ns3.lame.example 192.0.2.83: REFUSED, +1 more)"
expect_line "[WARNING] ns3.lame.example 192.0.2.83: lame (REFUSED)"
expect_line "[WARNING] ns4.lame.example 203.0.113.84: lame (not authoritative)"
expect_line "[OK]" "192.0.2.81"
expect_line "[OK]" "192.0.2.82"
expect_out "failed=2;"

# broken.example: ns3 sends unparsable answers, ns4 answers SERVFAIL, ns5 REFUSED.
run_check -D broken.example --query-timeout 1
expect_exit 1
expect_status_is "SOA WARNING - broken.example: 2 of 5 servers lame (ns4.broken.example 203.0.113.164: SERVFAIL, +1 more), 1 of 5 servers giving invalid answers (ns3.broken.example 203.0.113.163: last reply: malformed)"
expect_line "[WARNING] ns3.broken.example 203.0.113.163: invalid answers (last reply: malformed)"
expect_line "[WARNING] ns4.broken.example 203.0.113.164: lame (SERVFAIL)"
expect_line "[WARNING] ns5.broken.example 203.0.113.165: lame (REFUSED)"
expect_line_count "[OK]" 2
expect_out "failed=3;"

# noaddr.example: ns3.noaddr.example has neither A nor AAAA.
run_check -D noaddr.example
expect_exit 1
expect_status_is "SOA WARNING - noaddr.example: 1 NS name has no address (ns3.noaddr.example)"
expect_line "[WARNING] ns3.noaddr.example: no address"
expect_out "failed=1;"
expect_line_count "[OK]" 2

# nope.example does not exist.
run_check -D nope.example
expect_exit 2
expect_status_is "SOA CRITICAL - nope.example: zone does not exist (NXDOMAIN)"

# The resolver is silent: UNKNOWN, with a proper status line, once -t runs out.
run_check -D sync.example -s 192.0.2.254 -t 2
expect_exit 3
expect_status_is "SOA UNKNOWN - sync.example: resolver 192.0.2.254: timeout"
expect_within_budget 2

# Nothing listens where the resolver should be: UNKNOWN at once, not after -t.
run_check -D sync.example -s 192.0.2.253 -t 10
expect_exit 3
expect_status_is "SOA UNKNOWN - sync.example: resolver 192.0.2.253: connection refused"
expect_before_budget 10

# Nothing listens on the port asked for.
run_check -D sync.example -p 5353 -n 192.0.2.11
expect_exit 2
expect_status_is "SOA CRITICAL - sync.example: no server answered for the zone (1 checked), 1 of 1 servers unreachable (192.0.2.11: connection refused)"
expect_line "[CRITICAL] 192.0.2.11: unreachable (connection refused)"

done_testing
