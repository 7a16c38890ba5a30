#!/bin/bash
# json.sh - --output-format=json against the lab: valid JSON (Python's parser), the promised fields, exit codes unchanged.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa
command -v python3 >/dev/null || skip_all "python3 is not installed"
start_lab

# The checker: parses the output strictly (one document on one line, no NaN/Infinity)
# and evaluates a Python expression over it as `d`.
JSON_CHECK=$LAB_DIR/json_check.py
cat >"$JSON_CHECK" <<'EOF'
import json, os, sys
text = sys.stdin.read()
def no_constants(name):
    raise ValueError("not JSON: " + name)
d = json.loads(text, parse_constant=no_constants)
assert text.endswith("}\n") and text.count("\n") == 1, "not one line"
def addr(address):
    return [a for a in d["addresses"] if a["address"] == address][0]
if not eval(sys.argv[1]):
    print("false: " + sys.argv[1])
    sys.exit(1)
EOF

# json_expect DESCRIPTION PYTHON-EXPRESSION: the expression holds for the last run's output.
json_expect() {
	local r=0 TAP_DIAG
	TAP_DIAG=$(python3 "$JSON_CHECK" "$2" <<<"$CHECK_OUT" 2>&1) || r=1
	[[ $r == 0 ]] || TAP_DIAG="$TAP_DIAG"$'\n'"output: $CHECK_OUT"
	tap_result $r "$(what): $1"
}

# The same run in text mode, for comparing the summary with the status line.
status_summary() { # ARGS...
	local out
	out=$(in_lab "$CHECK_SOA" "$@" 2>/dev/null | head -n 1)
	out=${out#SOA * - }
	echo "${out%% |*}"
}

run_check -D sync.example --output-format=json
expect_exit 0
json_expect "is valid JSON with state OK, code 0" 'd["state"] == "OK" and d["code"] == 0'
WANT=$(status_summary -D sync.example)
export WANT
json_expect "summary equals the status line's" 'd["summary"] == os.environ["WANT"]'
json_expect "zone, parent zone and reference serial" \
	'd["zone"] == "sync.example" and d["parent_zone"] == "example" and d["reference_serial"] == 2026112501'
json_expect "six addresses, three IPv4 and three IPv6, all in sync" \
	'len(d["addresses"]) == 6 and sorted(a["family"] for a in d["addresses"]) == ["ipv4"]*3 + ["ipv6"]*3 and all(a["serial"] == 2026112501 and a["lag"] == 0 and a["state"] == "OK" for a in d["addresses"])'
json_expect "RTTs are seconds, transport udp, no error" \
	'all(0 < a["rtt"] < 5 and a["transport"] == "udp" and a["error"] is None for a in d["addresses"])'
json_expect "NS sets from parent and child" \
	'd["ns"]["parent"] == d["ns"]["child"] == ["ns1.sync.example", "ns2.sync.example", "ns3.sync.example"] and d["ns"]["compared"]'

run_check -D lag.example --output-format=json --nsid
expect_exit 1
json_expect "state WARNING, code 1" 'd["state"] == "WARNING" and d["code"] == 1 and d["max_lag"] == 1'
json_expect "the lagging address: serial, lag 1, WARNING" \
	'addr("192.0.2.23")["serial"] == 2026112500 and addr("192.0.2.23")["lag"] == 1 and addr("192.0.2.23")["state"] == "WARNING" and addr("192.0.2.23")["serial_status"] == "behind"'
json_expect "NSIDs of the three daemons" \
	'addr("192.0.2.21")["nsid"] == "nsd-lab" and addr("192.0.2.22")["nsid"] == "knot-lab" and addr("192.0.2.23")["nsid"] == "bind-lab"'
json_expect "counts" 'd["counts"]["total"] == 5 and d["counts"]["in_sync"] == 4 and d["counts"]["behind"] == 1'

run_check -D nsdiff.example --output-format=json
expect_exit 1
json_expect "parent-only and child-only NS names" \
	'd["ns"]["parent_only"] == ["ns2.nsdiff.example"] and d["ns"]["child_only"] == ["ns3.nsdiff.example"]'

run_check -D down.example --output-format=json -t 4
expect_exit 1
json_expect "an unreachable address has an error text and no serial" \
	'addr("198.51.100.53")["outcome"] == "unreachable" and addr("198.51.100.53")["error"] == "unreachable (connection refused)" and addr("198.51.100.53")["serial"] is None and addr("198.51.100.53")["serial_status"] == "failed" and addr("198.51.100.53")["state"] == "WARNING"'
json_expect "counts: one failed, unreachable" \
	'd["counts"]["failed"] == 1 and d["counts"]["unreachable"] == 1 and d["counts"]["in_sync"] == 2'
json_expect "the unreachable finding names the address the status line names" \
	'[(f["name"], f["address"]) for f in d["findings"] if f["kind"] == "unreachable"] == [("ns3.down.example", "198.51.100.53")]'

run_check -D noaddr.example --output-format=json
expect_exit 1
json_expect "an NS name without address has address null" \
	'[a for a in d["addresses"] if a["name"] == "ns3.noaddr.example"][0]["address"] is None'
json_expect "an NS name without address: outcome no_address, counted as failed" \
	'[(a["outcome"], a["family"], a["state"]) for a in d["addresses"] if a["name"] == "ns3.noaddr.example"] == [("no_address", None, "WARNING")] and d["counts"]["no_address"] == 1 and d["counts"]["failed"] == 1'

run_check -D tc.example --output-format=json
expect_exit 0
json_expect "a truncated answer is recorded with transport tcp" \
	'addr("203.0.113.103")["transport"] == "tcp" and addr("203.0.113.103")["truncated"] and addr("203.0.113.103")["outcome"] == "answered"'
json_expect "only that answer came over TCP" \
	'[a["address"] for a in d["addresses"] if a["transport"] != "udp" or a["truncated"]] == ["203.0.113.103"]'

run_check -D nope.example --output-format=json
expect_exit 2
json_expect "a non-existent zone: CRITICAL with the error" \
	'd["state"] == "CRITICAL" and d["error"] == "zone does not exist (NXDOMAIN)" and d["addresses"] == [] and d["zone"] == "nope.example"'

run_check --output-format=json -D sync.example -w 5:3
expect_exit 3
json_expect "a bad argument after --output-format=json: UNKNOWN as JSON" \
	'd["state"] == "UNKNOWN" and d["code"] == 3 and d["error"].startswith("-w/--warning '"'"'5:3'"'"'") and d["addresses"] == []'

run_check --output-format=json
expect_exit 3
json_expect "a missing -D: UNKNOWN as JSON" \
	'd["state"] == "UNKNOWN" and d["code"] == 3 and d["error"].startswith("-D/--domain: missing") and d["zone"] is None'

run_check -D lag.example -n ns3.lag.example -P ns1.lag.example --output-format=json
expect_exit 1
json_expect "-n/-P: no NS sets, the primary named, reference from it" \
	'd["ns"]["parent"] is None and d["ns"]["child"] is None and d["primary"] == "ns1.lag.example" and d["reference_is_primary"]'

run_check -D sync.example --output-format=text
expect_exit 0
expect_status_is "SOA OK - sync.example: 6 servers in sync, serial 2026112501"

done_testing
