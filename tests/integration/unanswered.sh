#!/bin/bash
# unanswered.sh - a server that answers the SOA but not the other questions never counts as agreeing.
#
# In a private network namespace tests/lab/hostile.py plays the resolver, the parent and three
# servers of qfail.example: two answer everything, the third answers the SOA and fails every
# other question (the apex NS, the --compare RRsets): SERVFAIL, REFUSED, without AA, silence,
# or TC over TCP (an RRset too large for 64 KB). Each failure is a finding that names the
# address, the question and the reason; --consistency=none --compare none stops asking and
# then says nothing. With the parent's glue, a name whose A/AAAA no server asked answered
# has its glue unchecked, and that is said too (not when the whole zone is down).
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa

T=4
RESOLVER=203.0.113.60 PARENT=203.0.113.61 GOOD1=203.0.113.62 GOOD2=203.0.113.63 BAD=203.0.113.64
start_netns $RESOLVER $PARENT $GOOD1 $GOOD2 $BAD

table=$LAB_DIR/qfail.table
{
	echo "example. NS ns.parent.test."
	echo "ns.parent.test. A $PARENT"
	for i in 1 2 3; do echo "qfail.example. NS ns$i.qfail.example."; done
	echo "ns1.qfail.example. A $GOOD1"
	echo "ns2.qfail.example. A $GOOD2"
	echo "ns3.qfail.example. A $BAD"
	echo "qfail.example. TXT v=spf1 -all"
} >"$table"

# Start the zone with the third server failing as HOW says.
zone_with() { # HOW
	stop_servers
	start_hostile --zone qfail.example. --serial 9 --table "$table" \
		resolver=$RESOLVER parent=$PARENT good=$GOOD1 good=$GOOD2 "soa-only:$1=$BAD"
}

# Stop the hostile.py servers of the previous zone_with.
stop_servers() {
	local pid
	for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
	SERVER_PIDS=()
}

base=(-D qfail.example -s $RESOLVER -t "$T" --query-timeout 1)

zone_with servfail
run_check "${base[@]}"
EXPECT_LABEL="SERVFAIL to the apex NS"
expect_exit 1
expect_status_is "SOA WARNING - qfail.example: apex NS not answered by 1 of 3 servers (ns3.qfail.example $BAD: SERVFAIL)"
expect_line "[WARNING] ns3.qfail.example $BAD: serial 9" "did not answer apex NS"
expect_line "[WARNING] apex NS not answered: ns3.qfail.example $BAD (SERVFAIL)"
expect_line "[OK] ns1.qfail.example $GOOD1: serial 9"
expect_well_formed

run_check "${base[@]}" --compare TXT --compare MX
EXPECT_LABEL="SERVFAIL to the compared RRsets"
expect_exit 1
expect_status "TXT not answered by 1 of 3 servers (ns3.qfail.example $BAD: SERVFAIL)"
expect_status "MX not answered by 1 of 3 servers (ns3.qfail.example $BAD: SERVFAIL)"
expect_status "apex NS not answered by 1 of 3 servers"
expect_line "[WARNING] ns3.qfail.example $BAD" "did not answer apex NS, TXT, MX"
expect_line "[WARNING] MX not answered: ns3.qfail.example $BAD (SERVFAIL)"
expect_well_formed

run_check "${base[@]}" --compare TXT --content-mismatch critical --consistency-mismatch ok
EXPECT_LABEL="the configured states"
expect_exit 2
expect_line "[CRITICAL] TXT not answered: ns3.qfail.example $BAD (SERVFAIL)"
expect_line "[OK] apex NS not answered: ns3.qfail.example $BAD (SERVFAIL)"

run_check "${base[@]}" --consistency=none --compare none
EXPECT_LABEL="--consistency=none --compare none"
expect_exit 0
expect_status_is "SOA OK - qfail.example: 3 servers in sync, serial 9"
expect_not_out "not answered"

run_check "${base[@]}" --compare TXT --output-format=json
EXPECT_LABEL="JSON"
expect_exit 1
expect_true "JSON: the unanswered questions with their servers and reasons" python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
u = {x["question"]: x for x in d["unanswered"]}
assert set(u) == {"apex NS", "TXT"}, u
for x in u.values():
    assert x["state"] == "WARNING" and x["count"] == 1, x
    assert x["servers"] == [{"name": "ns3.qfail.example", "address": sys.argv[1],
                             "reason": "SERVFAIL"}], x
' "$BAD" <<<"$CHECK_OUT"

zone_with refuse
run_check "${base[@]}" --compare TXT
EXPECT_LABEL="REFUSED"
expect_exit 1
expect_status "apex NS not answered by 1 of 3 servers (ns3.qfail.example $BAD: REFUSED)"
expect_status "TXT not answered by 1 of 3 servers (ns3.qfail.example $BAD: REFUSED)"

zone_with noaa
run_check "${base[@]}" --compare TXT
EXPECT_LABEL="answers without AA"
expect_exit 1
expect_status "apex NS not answered by 1 of 3 servers (ns3.qfail.example $BAD: not authoritative)"
expect_status "TXT not answered by 1 of 3 servers (ns3.qfail.example $BAD: not authoritative)"

zone_with drop
run_check "${base[@]}" --compare TXT
EXPECT_LABEL="silence"
expect_exit 1
expect_status "apex NS not answered by 1 of 3 servers (ns3.qfail.example $BAD: timeout)"
expect_status "TXT not answered by 1 of 3 servers (ns3.qfail.example $BAD: timeout)"
expect_within_budget "$T"

zone_with tc
run_check "${base[@]}" --compare TXT
EXPECT_LABEL="TC over TCP"
expect_exit 1
expect_status "TXT not answered by 1 of 3 servers (ns3.qfail.example $BAD: truncated over TCP)"
expect_status "apex NS not answered by 1 of 3 servers (ns3.qfail.example $BAD: truncated over TCP)"

# With the parent's glue: ns2 and ns3 answer the SOA and SERVFAIL the rest, so the name
# whose A/AAAA both of them were asked (ns1 is asked about another name) has its glue
# unchecked, and that is said; the names a working server answered are compared as ever.
stop_servers
start_hostile --glue --zone qfail.example. --serial 9 --table "$table" \
	resolver=$RESOLVER parent=$PARENT good=$GOOD1 soa-only:servfail=$GOOD2 "soa-only:servfail=$BAD"
run_check "${base[@]}" --consistency=glue
EXPECT_LABEL="glue asked of two servers that SERVFAIL"
expect_exit 1
expect_status_is "SOA WARNING - qfail.example: glue of ns2.qfail.example not checked: no usable answer (ns2.qfail.example $GOOD2: SERVFAIL, ns3.qfail.example $BAD: SERVFAIL)"
expect_line "[WARNING] glue of ns2.qfail.example not checked: ns2.qfail.example $GOOD2 (SERVFAIL), ns3.qfail.example $BAD (SERVFAIL)"
expect_line "[OK] ns1.qfail.example $GOOD1: serial 9"
expect_not_out "glue of ns1.qfail.example"
expect_not_out "glue differs"
expect_well_formed

run_check "${base[@]}" --consistency=glue --consistency-mismatch critical --output-format=json
EXPECT_LABEL="glue unanswered in JSON"
expect_exit 2
expect_true "JSON: a glue_unanswered finding with the name, the servers and the reasons" python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
g = [f for f in d["findings"] if f["kind"] == "glue_unanswered"]
assert len(g) == 1 and g[0]["state"] == "CRITICAL" and g[0]["count"] == 1, g
assert g[0]["text"].startswith("glue of ns2.qfail.example not checked: no usable answer"), g
u = g[0]["glue_unanswered"]
assert [x["glue_name"] for x in u] == ["ns2.qfail.example"], u
assert [(s["address"], s["type"], s["reason"]) for s in u[0]["servers"]] == [
    (sys.argv[1], None, "SERVFAIL"), (sys.argv[2], None, "SERVFAIL")], u
' "$GOOD2" "$BAD" <<<"$CHECK_OUT"

run_check "${base[@]}" --consistency=mname,rname,timers
EXPECT_LABEL="glue not among the checks"
expect_exit 0
expect_status_is "SOA OK - qfail.example: 3 servers in sync, serial 9"
expect_not_out "glue"

# A zone that is down: its failure says it, no word about glue it could not ask.
stop_servers
start_hostile --glue --zone qfail.example. --serial 9 --table "$table" \
	resolver=$RESOLVER parent=$PARENT drop=$GOOD1 drop=$GOOD2 drop=$BAD
run_check "${base[@]}"
EXPECT_LABEL="the zone down, glue on"
expect_exit 2
expect_not_out "glue of"
expect_within_budget "$T"

done_testing
