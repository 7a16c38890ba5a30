#!/bin/bash
# sync_and_lag.sh - serial comparison: in sync, one behind, across the 2^32 wrap, per address.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa
start_lab

# sync.example: NSD, Knot and BIND, each with IPv4 and IPv6, all at 2026112501.
run_check -D sync.example
expect_exit 0
expect_status_is "SOA OK - sync.example: 6 servers in sync, serial 2026112501"
expect_line_count "[OK]" 6
expect_not_out "[WARNING]"
expect_out "servers=6;"
expect_out "in_sync=6;"
expect_out "failed=0;"
expect_out "lag_max=0;"
expect_out "serial=2026112501"
expect_out "rtt_ns1.sync.example_192.0.2.11="
expect_out "lag_ns3.sync.example_2001%3Adb8%3A%3A13=0;"

# lag.example: ns3 (BIND, 192.0.2.23) is one serial behind the other four addresses.
run_check -D lag.example
expect_exit 1
expect_status_is "SOA WARNING - lag.example: 1 of 5 servers behind (ns3.lag.example 192.0.2.23 at 2026112500, 1 behind 2026112501)"
expect_line "[WARNING] ns3.lag.example 192.0.2.23: serial 2026112500 (1 behind 2026112501)"
expect_line "[OK]" "ns1.lag.example" "192.0.2.21" "serial 2026112501"
expect_line_count "[OK]" 4
expect_out "in_sync=4;"
expect_out "lag_max=1;"
expect_out "lag_ns3.lag.example_192.0.2.23=1;"

# wrap.example: serial 1 is current; 4294967295 is two behind it across the wrap (RFC 1982).
run_check -D wrap.example
expect_exit 1
expect_status_is "SOA WARNING - wrap.example: 1 of 3 servers behind (ns3.wrap.example 192.0.2.33 at 4294967295, 2 behind 1)"
expect_line "[WARNING] ns3.wrap.example 192.0.2.33: serial 4294967295 (2 behind 1)"
expect_line "[OK] ns1.wrap.example 192.0.2.31: serial 1,"
expect_out "serial=1"
expect_out "lag_max=2;"

# lag6.example: ns1's IPv4 address (NSD) is current, its IPv6 address (Knot) one behind.
run_check -D lag6.example
expect_exit 1
expect_status_is "SOA WARNING - lag6.example: 1 of 4 servers behind (ns1.lag6.example 2001:db8::41 at 2026112500, 1 behind 2026112501)"
expect_line "[WARNING] ns1.lag6.example 2001:db8::41: serial 2026112500 (1 behind 2026112501)"
expect_line "[OK]" "ns1.lag6.example" "192.0.2.41"
expect_line_count "[OK]" 3

# unordered.example: serials 1000 and 2147484648 are 2^31 apart, RFC 1982 cannot order them:
# CRITICAL (README, States), and no reference serial in the perfdata.
run_check -D unordered.example
expect_exit 2
expect_status_is "SOA CRITICAL - unordered.example: serials cannot be ordered (2^31 or more apart)"
expect_line "ns1.unordered.example 192.0.2.171: serial 1000"
expect_line "ns2.unordered.example 192.0.2.172: serial 2147484648"
expect_not_out " serial="

# wrongid.example: ns3 first sends the answer with a wrong ID; the plugin waits for the right one.
run_check -D wrongid.example
expect_exit 0
expect_status_is "SOA OK - wrongid.example: 3 servers in sync, serial 2026112501"
expect_line "[OK] ns3.wrongid.example 203.0.113.153: serial 2026112501"

# tc.example: ns3 truncates every UDP answer; over TCP it answers properly.
run_check -D tc.example
expect_exit 0
expect_status_is "SOA OK - tc.example: 3 servers in sync, serial 2026112501"
expect_line "[OK] ns3.tc.example 203.0.113.103: serial 2026112501" "TCP after truncated UDP answer"
expect_line_count "TCP" 1

# --tcp: every query over TCP.
run_check -D sync.example --tcp
expect_exit 0
expect_status_is "SOA OK - sync.example: 6 servers in sync, serial 2026112501"
expect_line_count ", TCP" 6
expect_not_out "truncated"

# --nsid: the lab's servers have NSIDs nsd-lab, knot-lab and bind-lab.
run_check -D sync.example --nsid
expect_exit 0
expect_line "[OK] ns1.sync.example 192.0.2.11: " ", NSID nsd-lab"
expect_line "[OK] ns2.sync.example 2001:db8::12: " ", NSID knot-lab"
expect_line "[OK] ns3.sync.example 192.0.2.13: " ", NSID bind-lab"
expect_line_count ", NSID " 6

# demo.example (the README demo, whose output README shows): ns3 lags by one, ns4 is
# unreachable; failures first, then behind, then in sync.
run_check -D demo.example
expect_exit 1
expect_status_is "SOA WARNING - demo.example: 1 of 6 servers behind (ns3.demo.example 192.0.2.143 at 2026112500, 1 behind 2026112501), 1 of 6 servers unreachable (ns4.demo.example 198.51.100.144: connection refused)"
expect_out "| servers=6;;;0 in_sync=4;;;0 failed=1;0;;0 lag_max=1;0;;0 serial=2026112501 rtt_ns1.demo.example_192.0.2.141="
expect_line "[WARNING] ns4.demo.example 198.51.100.144: unreachable (connection refused)"
expect_line "[WARNING] ns3.demo.example 192.0.2.143: serial 2026112500 (1 behind 2026112501)"
expect_line_count "[OK]" 4
expect_order "[WARNING] ns4.demo.example" "[WARNING] ns3.demo.example" "[OK] ns1.demo.example 192.0.2.141" \
	"[OK] ns1.demo.example 2001:db8::141" "[OK] ns2.demo.example 192.0.2.142" "[OK] ns2.demo.example 2001:db8::142"

done_testing
