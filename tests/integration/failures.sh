#!/bin/bash
# failures.sh - servers that are unreachable, silent, lame, broken or missing, and zones that are not there.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa
start_lab

# down.example: nothing listens on ns3's address (ICMP port unreachable).
run_check -D down.example
expect_exit 1
expect_status "SOA WARNING - down.example"
expect_status "1 of 3 servers unreachable"
expect_line "ns3.down.example" "198.51.100.53" "unreachable (connection refused)"
expect_line "[OK]" "192.0.2.51"
expect_out "failed=1;"

# The failed address is listed before the good ones.
expect_true "failures come first: line 2 is the unreachable address" \
	grep -q "^\[[A-Z]*\] ns3.down.example 198.51.100.53" <(sed -n 2p "$LAB_DIR/check.out")

# drop.example: ns3 reads every query and never answers; a tight timeout still finishes in time.
run_check -D drop.example -t 3 --query-timeout 1
expect_exit 1
expect_time_under 3300
expect_status "unreachable"
expect_line "ns3.drop.example" "203.0.113.63" "unreachable (timeout)"
expect_line "[OK]" "192.0.2.61"

# dead.example: no NS address answers at all.
run_check -D dead.example --query-timeout 1
expect_exit 2
expect_status "SOA CRITICAL - dead.example"
expect_line "[CRITICAL]" "dead-ns1.example" "198.51.100.71" "connection refused"
expect_line "[CRITICAL]" "dead-ns2.example" "203.0.113.72" "timeout"
expect_not_out "[OK]"
expect_time_under 6000

# The same with the default --query-timeout (3 s) and -t 3: the resolver never answers the SOA
# question for the dead zone itself, which must not use up the time needed to find and ask
# the parent's servers.
run_check -D dead.example -t 3
expect_exit 2
expect_status "SOA CRITICAL - dead.example"

# lame.example: ns3 is an NSD without the zone (REFUSED), ns4 answers without AA.
run_check -D lame.example
expect_exit 1
expect_status "lame"
expect_line "ns3.lame.example" "192.0.2.83" "lame (REFUSED)"
expect_line "ns4.lame.example" "203.0.113.84" "lame (not authoritative)"
expect_line "[OK]" "192.0.2.81"
expect_line "[OK]" "192.0.2.82"
expect_out "failed=2;"

# broken.example: ns3 sends unparsable answers, ns4 answers SERVFAIL, ns5 REFUSED.
run_check -D broken.example --query-timeout 1
expect_exit 1
expect_line "ns3.broken.example" "203.0.113.163" "invalid answers"
expect_line "ns4.broken.example" "203.0.113.164" "SERVFAIL"
expect_line "ns5.broken.example" "203.0.113.165" "REFUSED"
expect_line_count "[OK]" 2
expect_out "failed=3;"

# noaddr.example: ns3.noaddr.example has neither A nor AAAA.
run_check -D noaddr.example
expect_exit 1
expect_status "ns3.noaddr.example"
expect_status "address"
expect_line "ns3.noaddr.example" "no address"
expect_line_count "[OK]" 2

# nope.example does not exist.
run_check -D nope.example
expect_exit 2
expect_status "SOA CRITICAL - nope.example"
expect_status "does not exist"

# The resolver is silent: UNKNOWN once -t runs out.
run_check -D sync.example -s 192.0.2.254 -t 2
expect_exit 3
expect_status "SOA UNKNOWN"
expect_status "resolver"
expect_time_under 2300

# Nothing listens where the resolver should be: UNKNOWN at once.
run_check -D sync.example -s 192.0.2.253 -t 2
expect_exit 3
expect_status "resolver"
expect_time_under 1000

# Nothing listens on the port asked for.
run_check -D sync.example -p 5353 -n 192.0.2.11
expect_exit 2
expect_line "192.0.2.11" "connection refused"

done_testing
