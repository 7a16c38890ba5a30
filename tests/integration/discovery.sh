#!/bin/bash
# discovery.sh - which servers get checked: NS set union, -n, -P primary, -4/-6, -s resolver.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa
start_lab

# nsdiff.example: the parent delegates to {ns1, ns2}, the zone's apex says {ns1, ns3}.
run_check -D nsdiff.example
expect_exit 1
expect_status "NS sets differ"
expect_status "parent only: ns2.nsdiff.example"
expect_status "child only: ns3.nsdiff.example"
expect_line "[OK]" "ns1.nsdiff.example" "192.0.2.91"
expect_line "[OK]" "ns2.nsdiff.example" "192.0.2.92"
expect_line "[OK]" "ns3.nsdiff.example" "192.0.2.93"

run_check -D nsdiff.example --ns-mismatch=ok
expect_exit 0
expect_line_count "[OK]" 3

run_check -D nsdiff.example --ns-mismatch=warning
expect_exit 1

run_check -D nsdiff.example --ns-mismatch=critical
expect_exit 2
expect_status "NS sets differ"

# -n with names: exactly those names are checked (all their addresses), no discovery.
run_check -D sync.example -n ns1.sync.example -n ns3.sync.example
expect_exit 0
expect_line_count "[OK]" 4
expect_line "ns1.sync.example" "192.0.2.11"
expect_line "ns3.sync.example" "2001:db8::13"
expect_not_out "ns2.sync.example"

# -n with addresses: exactly those addresses.
run_check -D lag.example -n 192.0.2.23 -n 2001:db8::21
expect_exit 1
expect_line "[WARNING]" "192.0.2.23" "1 behind"
expect_line "[OK]" "2001:db8::21"
expect_line_count "[OK]" 1
expect_not_out "192.0.2.22"

# -n with an address of a server that does not serve the zone (an NSD without lame.example).
run_check -D lame.example -n 192.0.2.81 -n 192.0.2.83
expect_exit 1
expect_line "[OK]" "192.0.2.81"
expect_line "192.0.2.83" "lame (REFUSED)"

# -P: hidden-primary.example (203.0.113.99, not an NS) is at 2026112503, every NS 2 behind it.
run_check -D primary.example -P hidden-primary.example
expect_exit 1
expect_status "behind"
expect_line "[WARNING]" "ns1.primary.example" "192.0.2.121" "2 behind"
expect_line "[WARNING]" "ns3.primary.example" "192.0.2.123" "2 behind"
expect_line "203.0.113.99" "2026112503"
expect_out "lag_max=2;"

run_check -D primary.example --primary 203.0.113.99 -w 2
expect_exit 0

run_check -D primary.example -P hidden-primary.example -c 1
expect_exit 2
expect_line "[CRITICAL]" "192.0.2.122" "2 behind"

# Without -P the NS servers agree with each other.
run_check -D primary.example
expect_exit 0
expect_status "3 servers in sync"

# ahead.example: ns3 (2026112502) is ahead of ahead-primary.example (2026112501).
run_check -D ahead.example -P ahead-primary.example
expect_exit 1
expect_status "ahead"
expect_line "[WARNING]" "ns3.ahead.example" "192.0.2.133" "ahead"
expect_line "[OK]" "ns1.ahead.example" "192.0.2.131"

# -4 and -6: one address family only.
run_check -D sync.example -4
expect_exit 0
expect_line_count "[OK]" 3
expect_not_out "2001:db8"

run_check -D sync.example -6
expect_exit 0
expect_line_count "[OK]" 3
expect_not_out "192.0.2."

run_check -D lag6.example -4
expect_exit 0

run_check -D lag6.example -6
expect_exit 1
expect_line "[WARNING]" "2001:db8::41"

# -s: the resolver over IPv6; and a dead resolver first, the working one second.
run_check -D sync.example -s 2001:db8::53
expect_exit 0
expect_status "6 servers in sync"

run_check -D sync.example -s 192.0.2.253 -s 192.0.2.53
expect_exit 0
expect_status "6 servers in sync"

done_testing
