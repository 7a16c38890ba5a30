#!/bin/bash
# discovery.sh - which servers get checked: NS set union, -n, -P primary, -4/-6, -s resolver.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa
start_lab

# nsdiff.example: the parent delegates to {ns1, ns2}, the zone's apex says {ns1, ns3}.
run_check -D nsdiff.example
expect_exit 1
expect_status_is "SOA WARNING - nsdiff.example: NS sets differ (parent only: ns2.nsdiff.example / child only: ns3.nsdiff.example)"
expect_line "NS in the parent's delegation only: ns2.nsdiff.example"
expect_line "NS in the zone's own NS set only: ns3.nsdiff.example"
expect_line "[OK]" "ns1.nsdiff.example" "192.0.2.91"
expect_line "[OK]" "ns2.nsdiff.example" "192.0.2.92"
expect_line "[OK]" "ns3.nsdiff.example" "192.0.2.93"

run_check -D nsdiff.example --ns-mismatch=ok
expect_exit 0
expect_status_is "SOA OK - nsdiff.example: NS sets differ (parent only: ns2.nsdiff.example / child only: ns3.nsdiff.example)"
expect_line_count "[OK]" 3

run_check -D nsdiff.example --ns-mismatch=warning
expect_exit 1
expect_status_is "SOA WARNING - nsdiff.example: NS sets differ (parent only: ns2.nsdiff.example / child only: ns3.nsdiff.example)"

run_check -D nsdiff.example --ns-mismatch=critical
expect_exit 2
expect_status_is "SOA CRITICAL - nsdiff.example: NS sets differ (parent only: ns2.nsdiff.example / child only: ns3.nsdiff.example)"

# -n with names: exactly those names are checked (all their addresses), no discovery.
run_check -D sync.example -n ns1.sync.example -n ns3.sync.example
expect_exit 0
expect_status_is "SOA OK - sync.example: 4 servers in sync, serial 2026112501"
expect_line_count "[OK]" 4
expect_not_out "NS in the"
expect_line "ns1.sync.example" "192.0.2.11"
expect_line "ns3.sync.example" "2001:db8::13"
expect_not_out "ns2.sync.example"

# -n with addresses: exactly those addresses.
run_check -D lag.example -n 192.0.2.23 -n 2001:db8::21
expect_exit 1
expect_status_is "SOA WARNING - lag.example: 1 of 2 servers behind (192.0.2.23 at 2026112500, 1 behind 2026112501)"
expect_line "[WARNING] 192.0.2.23: serial 2026112500 (1 behind 2026112501)"
expect_line "[OK] 2001:db8::21: serial 2026112501"
expect_line_count "[OK]" 1
expect_not_out "192.0.2.22"

# -n with an address of a server that does not serve the zone (an NSD without lame.example).
run_check -D lame.example -n 192.0.2.81 -n 192.0.2.83
expect_exit 1
expect_status_is "SOA WARNING - lame.example: 1 of 2 servers lame (192.0.2.83: REFUSED)"
expect_line "[OK] 192.0.2.81: serial 2026112501"
expect_line "[WARNING] 192.0.2.83: lame (REFUSED)"

# -P: hidden-primary.example (203.0.113.99, not an NS) is at 2026112503, every NS 2 behind it.
run_check -D primary.example -P hidden-primary.example
expect_exit 1
expect_status_is "SOA WARNING - primary.example: 3 of 4 servers behind (ns1.primary.example 192.0.2.121 at 2026112501, 2 behind primary 2026112503, +2 more)"
expect_line "[WARNING] ns1.primary.example 192.0.2.121: serial 2026112501 (2 behind primary 2026112503)"
expect_line "[WARNING] ns2.primary.example 192.0.2.122: serial 2026112501 (2 behind primary 2026112503)"
expect_line "[WARNING] ns3.primary.example 192.0.2.123: serial 2026112501 (2 behind primary 2026112503)"
expect_line "[OK] hidden-primary.example 203.0.113.99 (primary): serial 2026112503"
expect_out "lag_max=2;"
expect_out "serial=2026112503 "

run_check -D primary.example --primary 203.0.113.99 -w 2
expect_exit 0
expect_line "[OK] 203.0.113.99 (primary): serial 2026112503"
expect_line_count "(2 behind primary 2026112503)" 3

run_check -D primary.example -P hidden-primary.example -c 1
expect_exit 2
expect_status_is "SOA CRITICAL - primary.example: 3 of 4 servers behind (ns1.primary.example 192.0.2.121 at 2026112501, 2 behind primary 2026112503, +2 more)"
expect_line "[CRITICAL] ns2.primary.example 192.0.2.122: serial 2026112501 (2 behind primary 2026112503)"

# Without -P the NS servers agree with each other.
run_check -D primary.example
expect_exit 0
expect_status_is "SOA OK - primary.example: 3 servers in sync, serial 2026112501"
expect_not_out "203.0.113.99"

# ahead.example: ns3 (2026112502) is ahead of ahead-primary.example (2026112501).
run_check -D ahead.example -P ahead-primary.example
expect_exit 1
expect_status_is "SOA WARNING - ahead.example: 1 of 4 servers ahead of primary (ns3.ahead.example 192.0.2.133 at 2026112502, primary at 2026112501)"
expect_line "[WARNING] ns3.ahead.example 192.0.2.133: serial 2026112502 (ahead of primary 2026112501)"
expect_line "[OK] ahead-primary.example 203.0.113.98 (primary): serial 2026112501"
expect_line "[OK] ns1.ahead.example 192.0.2.131: serial 2026112501"
expect_order "[WARNING] ns3.ahead.example" "[OK]"

# -4 and -6: one address family only.
run_check -D sync.example -4
expect_exit 0
expect_status_is "SOA OK - sync.example: 3 servers in sync, serial 2026112501"
expect_line_count "[OK]" 3
expect_not_out "2001:db8"

run_check -D sync.example -6
expect_exit 0
expect_status_is "SOA OK - sync.example: 3 servers in sync, serial 2026112501"
expect_line_count "[OK]" 3
expect_not_out "192.0.2."

run_check -D lag6.example -4
expect_exit 0
expect_status_is "SOA OK - lag6.example: 2 servers in sync, serial 2026112501"

run_check -D lag6.example -6
expect_exit 1
expect_status_is "SOA WARNING - lag6.example: 1 of 2 servers behind (ns1.lag6.example 2001:db8::41 at 2026112500, 1 behind 2026112501)"
expect_line "[OK] ns2.lag6.example 2001:db8::42: serial 2026112501"

# -s: the resolver over IPv6; and a dead resolver first, the working one second.
run_check -D sync.example -s 2001:db8::53
expect_exit 0
expect_status_is "SOA OK - sync.example: 6 servers in sync, serial 2026112501"

run_check -D sync.example -s 192.0.2.253 -s 192.0.2.53
expect_exit 0
expect_status_is "SOA OK - sync.example: 6 servers in sync, serial 2026112501"

done_testing
