#!/bin/bash
# hostile.sh - misbehaving servers: each is classified sanely, the good one still counts, -t holds.
#
# A private network namespace with tests/lab/hostile.py serving one behaviour per address,
# next to a well-behaved server. For each behaviour check_soa is run against both addresses
# (-n, no discovery) and must: exit with the verdict the good server and the failure imply,
# classify the hostile address (invalid / lame / unreachable, or OK when a bogus reply
# preceded a proper one), keep the output well formed and end inside -t (+ a load margin).
# Then hostile.py plays resolver and parent for a zone whose NS names hold '|', newlines,
# quotes, '=', spaces, NUL and bytes above 0x7f: the output must stay one status line with one
# '|', long-output lines that start with '[' or "NS ", and clean perfdata labels. Every run is
# repeated with --output-format=json: the document must be valid JSON on one line, with no
# raw '|' and no control byte anywhere (names and values in the text output's escaped form).
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa

ZONE=hostile.example
GOOD=198.51.100.1
SPOOF=198.51.100.250
T=3

# behaviour | expected exit | state of its line | extended regex its line must match
# (garbage-id sends random bytes after a valid header: they may parse as a wrong question)
OKLINE="serial 2026112501"
CASES=(
	"garbage|1|WARNING|invalid answers"
	"garbage-id|1|WARNING|invalid answers \\(.*(malformed|wrong question)"
	"short|1|WARNING|invalid answers \\(.*shorter than a DNS header"
	"lying-counts|1|WARNING|invalid answers \\(.*malformed"
	"ptr-loop|1|WARNING|invalid answers \\(.*malformed"
	"ptr-past-end|1|WARNING|invalid answers \\(.*malformed"
	"long-name|1|WARNING|invalid answers \\(.*malformed"
	"wrong-id-first|0|OK|$OKLINE"
	"qr-clear-first|0|OK|$OKLINE"
	"wrong-qname-first|0|OK|$OKLINE"
	"wrong-qtype-first|0|OK|$OKLINE"
	"wrong-qclass-first|0|OK|$OKLINE"
	"spoof-addr-first|0|OK|$OKLINE"
	"spoof-port-first|0|OK|$OKLINE"
	"multi-soa|1|WARNING|invalid answers \\(2 SOA records"
	"other-owner|1|WARNING|lame \\(no SOA in answer\\)"
	"soa-authority|1|WARNING|lame \\(no SOA in answer\\)"
	"short-rdata|1|WARNING|invalid answers \\(.*malformed"
	"multi-tsig|1|WARNING|invalid answers \\(.*malformed"
	"refuse|1|WARNING|lame \\(REFUSED\\)"
	"drop|1|WARNING|unreachable \\(timeout\\)"
	"tc-refuse|1|WARNING|unreachable \\(truncated over UDP, then TCP connection refused\\)"
	"tcp-silent|1|WARNING|unreachable \\(truncated over UDP, then TCP timeout\\)"
	"tcp-trickle|1|WARNING|unreachable \\(truncated over UDP, then TCP timeout\\)"
	"tcp-short|1|WARNING|unreachable \\(truncated over UDP, then TCP timeout\\)"
	"tcp-close|1|WARNING|invalid answers \\(truncated over UDP, then TCP .*incomplete TCP message"
	"tcp-flood|1|WARNING|invalid answers \\(truncated over UDP, then TCP"
	"udp-flood|1|WARNING|invalid answers \\(.*wrong ID"
)

addrs=("$GOOD" "$SPOOF")
specs=("good=$GOOD")
for i in "${!CASES[@]}"; do
	IFS='|' read -r behaviour _ _ _ <<<"${CASES[i]}"
	addrs+=("198.51.100.$((10 + i))")
	specs+=("$behaviour=198.51.100.$((10 + i))")
done
# the injection zone: a resolver, a parent, the zone's servers (one of them refusing)
INJECT_RESOLVER=203.0.113.53 INJECT_PARENT=203.0.113.2 INJECT_NS=203.0.113.1
INJECT_LAME=203.0.113.3
addrs+=("$INJECT_RESOLVER" "$INJECT_PARENT" "$INJECT_NS" "$INJECT_LAME")

start_netns "${addrs[@]}"
start_hostile --zone "$ZONE." --serial 2026112501 --spoof-from "$SPOOF" "${specs[@]}"

# The JSON form of the last run's arguments: valid, one line, no raw '|' or control byte.
expect_json_clean() {
	run_check "${CHECK_ARGS[@]}" --output-format=json
	expect_true "$EXPECT_LABEL, JSON: valid, one line, no raw '|' or control byte" python3 -c '
import json, sys
data = open(sys.argv[1], "rb").read()
assert data.endswith(b"\n") and data.count(b"\n") == 1, "not one line"
bad = [c for c in data[:-1] if c < 0x20 or c == 0x7f or c == ord("|")]
assert not bad, "raw bytes %r" % sorted(set(bad))
json.loads(data)
' "$LAB_DIR/check.out"
}

# --- one behaviour at a time, next to the good server -------------------------------
for i in "${!CASES[@]}"; do
	IFS='|' read -r behaviour want state re <<<"${CASES[i]}"
	addr=198.51.100.$((10 + i))
	run_check -D "$ZONE" -n "$GOOD" -n "$addr" -t "$T" --query-timeout 1
	EXPECT_LABEL="$behaviour"
	expect_exit "$want"
	expect_match "^\[$state\] $addr: $re"
	expect_match "^\[OK\] $GOOD: serial 2026112501"
	expect_well_formed
	expect_within_budget "$T"
	expect_json_clean
done

# --- every behaviour in one run ------------------------------------------------------------
all=(-n "$GOOD")
for i in "${!CASES[@]}"; do
	all+=(-n "198.51.100.$((10 + i))")
done
run_check -D "$ZONE" "${all[@]}" -t "$T" --query-timeout 1
EXPECT_LABEL="all behaviours at once"
expect_exit 1
expect_match "^\[OK\] $GOOD: serial 2026112501"
expect_line "$((${#CASES[@]} + 1)) servers"
expect_well_formed
expect_within_budget "$T"
n_lines=$(($(wc -l <<<"$CHECK_OUT") - 1))
[[ $n_lines == $((${#CASES[@]} + 1)) ]]
ok $? "all behaviours at once: one long-output line per address ($n_lines)"
expect_json_clean

# --- NS names that try to inject output ------------------------------------------------------
table=$LAB_DIR/inject.table
{
	echo "example. NS ns.parent.test."
	echo "ns.parent.test. A $INJECT_PARENT"
	i=0
	for name in 'a\124b' 'nl\010x' 'q\034x' "s\\039q" 'eq\061x' 'sp\032x' 'nul\000x' 'hi\200\255' \
		'dot\046x' 'pipe\124\010SOA\032OK\032-\032x'; do
		echo "inject.example. NS $name.inject.example."
		if [[ $name == nul* ]]; then
			echo "$name.inject.example. A $INJECT_LAME"
		elif [[ $name != hi* ]]; then
			echo "$name.inject.example. A $INJECT_NS"
		fi
		i=$((i + 1))
	done
	echo 'inject.example. CNS child\124only\061x\010.inject.example.'
	echo 'child\124only\061x\010.inject.example. A '"$INJECT_NS"
	echo 'inject.example. PNS parent\034only\032x.inject.example.'
	echo 'parent\034only\032x.inject.example. A '"$INJECT_NS"
} >"$table"
start_hostile --zone inject.example. --serial 7 --table "$table" --port 53 \
	"resolver=$INJECT_RESOLVER" "parent=$INJECT_PARENT" "good=$INJECT_NS" "refuse=$INJECT_LAME"

run_check -D inject.example -s "$INJECT_RESOLVER" -t "$T" --query-timeout 1 --compare NS
EXPECT_LABEL="NS names with | newline quotes = space NUL 8-bit, apex NS compared"
expect_json_clean
expect_true "$EXPECT_LABEL: the apex NS value in JSON is the text output's escaped form" \
	grep -qF '"value":"a\\124b.inject.example.' "$LAB_DIR/check.out"

run_check -D inject.example -s "$INJECT_RESOLVER" -t "$T" --query-timeout 1
label="NS names with | newline quotes = space NUL 8-bit"
EXPECT_LABEL="$label"
expect_exit 1
expect_well_formed
expect_within_budget "$T"
expect_line '[OK] a\124b.inject.example 203.0.113.1: serial 7'
expect_line 'nl\010x.inject.example'
expect_line 'hi\200\255.inject.example'
expect_line 'lame (REFUSED)' 'nul\000x.inject.example 203.0.113.3'
expect_match '^NS in the zone.s own NS set only: child\\124only\\061x\\010'
expect_match '^NS in the parent.s delegation only: parent\\034only\\032x'
status=${CHECK_OUT%%$'\n'*}
perf=${status#*|}
[[ $perf == *'rtt_a%5C124b.inject.example_203.0.113.1='* ]]
ok $? "$label: perfdata labels carry the escaped names"
[[ $(grep -c "" <<<"$CHECK_OUT") == $((1 + 12 + 2)) ]]
ok $? "$label: one status line, 12 address lines and 2 NS-set lines"

run_check -D inject.example -s "$INJECT_RESOLVER" -t "$T" --query-timeout 1 --output-format json
EXPECT_LABEL="$label, JSON"
expect_exit 1
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
names = [a["name"] for a in d["addresses"]]
assert d["state"] == "WARNING" and len(d["addresses"]) == 12, (d["state"], len(d["addresses"]))
assert "a\\124b.inject.example" in names and "nul\\000x.inject.example" in names, names
' "$LAB_DIR/check.out"
ok $? "$label: --output-format json is valid JSON with the 12 addresses, names escaped"

done_testing
