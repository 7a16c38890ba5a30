#!/bin/bash
# rrsets.sh - RRsets of more than 64 records are compared whole, in canonical order.
#
# tests/lab/hostile.py serves big.example with 100 TXT records and 100 NS names at its apex:
# one server in table order, one in reverse order (shuffled), one with the same records but
# the 100th TXT string changed. The same set in another order is identical; a set differing
# only in its 100th record differs.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa

T=4 A=203.0.113.70 B=203.0.113.71 C=203.0.113.72
start_netns $A $B $C

# Write a table of 100 TXT records "record N" and 100 NS names; the 100th TXT is LAST.
write_table() { # FILE LAST
	local i
	for i in $(seq 1 100); do
		echo "big.example. NS ns$i.provider$((i % 7)).example."
		if ((i == 100)); then echo "big.example. TXT $2"; else echo "big.example. TXT record $i"; fi
	done >"$1"
}
write_table "$LAB_DIR/same.table" "record 100"
write_table "$LAB_DIR/other.table" "record 100, changed"
start_hostile --zone big.example. --serial 3 --table "$LAB_DIR/same.table" good=$A shuffled=$B
start_hostile --zone big.example. --serial 3 --table "$LAB_DIR/other.table" good=$C

run_check -D big.example -n $A -n $B -t "$T" --compare TXT --compare NS
EXPECT_LABEL="100 TXT records and 100 NS names, in another order"
expect_exit 0
expect_status_is "SOA OK - big.example: 2 servers in sync, serial 3"
expect_well_formed

run_check -D big.example -n $A -n $C -t "$T" --compare TXT --compare NS
EXPECT_LABEL="100 TXT records differing only in the 100th"
expect_exit 1
expect_status "TXT differs: "
expect_line "[WARNING] TXT differs:"
expect_not_out "NS differs"
expect_well_formed

run_check -D big.example -n $B -n $C -t "$T" --compare NS --output-format=json
EXPECT_LABEL="100 NS names shuffled, JSON"
expect_exit 0
expect_true "JSON: the apex NS sets are one value of 100 names" python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
c = d["content"][0]
assert c["rrset"] == "NS" and c["identical"] and c["compared"] == 2, c
assert len(c["values"]) == 1 and c["values"][0]["value"].count(".example.") >= 20, c
' <<<"$CHECK_OUT"

done_testing
