#!/bin/bash
# multi_provider.sh - zones at two providers: serials judged per provider, content compared across.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa
start_lab

# multi.example: provider A (NSD, MNAME ns1.prova.example, serial 2026112501) and provider B
# (Knot, MNAME ns1.provb.example, serial 17), different RNAMEs, timers and TTLs, same content.
A="prova.example: 4 servers at 2026112501"
B="provb.example: 4 servers at 17"
run_check -D multi.example --multi-provider -t 8
expect_exit 0
expect_status_is "SOA OK - multi.example: 2 providers in sync, content identical (provider $A, provider $B)"
expect_line "[OK] provider prova.example (by mname): serial 2026112501, 4 of 4 servers in sync"
expect_line "[OK] provider provb.example (by mname): serial 17, 4 of 4 servers in sync"
expect_line "    [OK] ns1.provb.example 198.51.100.163: serial 17"
expect_out "servers_prova.example=4;;;0 "
expect_out "serial_provb.example=17 "
expect_out "lag_max_provb.example=0;0;;0 "
expect_not_out " serial=2026112501 "

# Without --multi-provider the serials differ as today (same state, same lag_max), but the status
# line says that the servers split into groups by MNAME, each in sync, and which option judges
# them per provider; one hint line in the long output says it again.
run_check -D multi.example -t 8
expect_exit 1
expect_status_is "SOA WARNING - multi.example: 4 of 8 servers behind, servers split into 2 groups by SOA MNAME, each in sync (--multi-provider judges per provider)"
expect_out " lag_max=2026112484;0;;0 "
expect_line "[WARNING] ns1.provb.example 198.51.100.163: serial 17 (2026112484 behind 2026112501)"
expect_line "hint: the servers split into 2 groups by SOA MNAME, each at its own serial: the zone looks multi-provider (--multi-provider judges each provider on its own)"
# ... but a zone whose servers agree gets no hint.
run_check -D sync.example
expect_exit 0
expect_not_out "hint:"

# multimx.example: provider B serves another MX than provider A. One against one is a tie: the
# status line names each value with the providers and server counts that serve it, and blames
# neither; every server of both sides is marked.
run_check -D multimx.example --multi-provider -t 8
expect_exit 1
expect_status_is "SOA WARNING - multimx.example: MX differs: 10 mail.multimx.example. at provider prova-mx.example (4 servers) / 20 mx.provb.example. at provider provb-mx.example (4 servers)"
expect_line "[WARNING] MX differs: 10 mail.multimx.example. at provider prova-mx.example (4 servers) / 20 mx.provb.example. at provider provb-mx.example (4 servers)"
expect_line "    [WARNING] ns1.provb-mx.example 198.51.100.173: serial 17" "serves different content"
expect_line "    [WARNING] ns1.prova-mx.example 198.51.100.171: serial 2026112501" "serves different content"
# both providers are WARNING, in the text as in the JSON below
expect_line "[WARNING] provider prova-mx.example (by mname): serial 2026112501, 4 of 4 servers in sync"
expect_line "[WARNING] provider provb-mx.example (by mname): serial 17"
expect_line_count "serves different content" 8
# Three providers (A split in two by patterns), two of them agree: theirs is the majority, named
# as such, and only the third one's servers are marked, although it has as many servers.
run_check -D multimx.example --provider 'a1=ns1.prova-mx.example' --provider 'a2=ns2.prova-mx.example' -t 8
expect_exit 1
expect_status_is "SOA WARNING - multimx.example: MX differs: 10 mail.multimx.example. (majority) at provider a1 (2 servers), provider a2 (2 servers) / 20 mx.provb.example. at provider provb-mx.example (4 servers)"
expect_line "    [WARNING] ns1.provb-mx.example 198.51.100.173: serial 17" "serves different content"
expect_line "    [OK] ns1.prova-mx.example 198.51.100.171: serial 2026112501, "
expect_line "[OK] provider a2 (by pattern): serial 2026112501, 2 of 2 servers in sync"
expect_line_count "serves different content" 4
run_check -D multimx.example --provider 'a1=ns1.prova-mx.example' --provider 'a2=ns2.prova-mx.example' -t 8 --output-format=json
expect_true "multimx JSON, three providers: the majority value, only the minority's servers marked" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
mx = [c for c in d["content"] if c["rrset"] == "MX"][0]
assert [(v["value"], v["majority"]) for v in mx["values"]] == [("10 mail.multimx.example.", True), ("20 mx.provb.example.", False)], mx
assert all(x["content_differs"] == (x["provider"] == "provb-mx.example") for x in d["addresses"]), d["addresses"]
' "$CHECK_OUT"
run_check -D multimx.example --multi-provider --content-mismatch=critical -t 8
expect_exit 2
run_check -D multimx.example --multi-provider --content-mismatch=ok -t 8
expect_exit 0
# --compare replaces the default set: without MX in it, the MX difference is not seen.
run_check -D multimx.example --multi-provider --compare TXT --compare NS -t 8
expect_exit 0
expect_status "2 providers in sync, content identical"
run_check -D multimx.example --multi-provider --compare none -t 8
expect_exit 0
expect_status "2 providers in sync (provider "

# multiwww.example: only www differs; the default set (apex) does not see it, --compare A:www does.
run_check -D multiwww.example --multi-provider -t 8
expect_exit 0
run_check -D multiwww.example --multi-provider --compare A:www -t 8
expect_exit 1
expect_status_is "SOA WARNING - multiwww.example: A www.multiwww.example differs: 192.0.2.251 at provider prova-www.example (4 servers) / 192.0.2.253 at provider provb-www.example (4 servers)"

# multilag.example: ns3 of provider A lags one behind A's serial; provider B is never compared.
run_check -D multilag.example --multi-provider -t 8
expect_exit 1
expect_status_is "SOA WARNING - multilag.example: provider prova-lag.example: 2 of 6 servers behind (ns3.prova-lag.example 198.51.100.193 at 2026112501, 1 behind 2026112502, +1 more)"
expect_line "    [WARNING] ns3.prova-lag.example 198.51.100.193: serial 2026112501 (1 behind 2026112502)"
expect_line_count "[WARNING]" 3
run_check -D multilag.example --multi-provider -w 1 -t 8
expect_exit 0

# multidown.example: provider B's names are on dead addresses: its redundancy is gone.
run_check -D multidown.example --multi-provider -t 10
expect_exit 1
expect_status_is "SOA WARNING - multidown.example: provider provb-down.example: no server answered (4 checked: ns1.provb-down.example 198.51.100.203: connection refused, +3 more)"
expect_line "[WARNING] provider provb-down.example (by domain): no serial, 0 of 4 servers answered"
expect_line "    [WARNING] ns2.provb-down.example 198.51.100.204: unreachable (timeout)"
expect_within_budget 10
run_check -D multidown.example --multi-provider -t 10 -C 3
expect_exit 2

# multidead.example: every provider down is CRITICAL as today.
run_check -D multidead.example --multi-provider -t 10
expect_exit 2
expect_status "SOA CRITICAL - multidead.example: no server answered for the zone (8 checked)"

# Explicit --provider patterns (case-insensitive, trailing dot optional); one matches nothing.
run_check -D multi.example --provider 'a=*.prova.example' --provider 'b=*.PROVB.example.' -t 8
expect_exit 0
expect_status_is "SOA OK - multi.example: 2 providers in sync, content identical (provider a: 4 servers at 2026112501, provider b: 4 servers at 17)"
expect_line "[OK] provider a (by pattern): serial 2026112501, 4 of 4 servers in sync"
expect_out "servers_b=4;;;0 "
run_check -D multi.example --provider 'a=*.prova.example' --provider 'c=*.nowhere.example' -t 8
expect_exit 1
expect_status_is "SOA WARNING - multi.example: provider c: no NS name matches *.nowhere.example"
expect_line "[OK] provider provb.example (by mname): serial 17, 4 of 4 servers in sync"

# Hostile RDATA at provider B: '|', ';', a newline, quotes and byte 0xff never reach the
# monitoring core raw: one status line, one '|', no ';' before it.
run_check -D multihostile.example --multi-provider -t 8
expect_exit 1
status=${CHECK_OUT%%$'\n'*}
expect_true "multihostile: the status line has exactly one '|'" \
	test "$(printf '%s' "$status" | tr -cd '|' | wc -c)" -eq 1
expect_true "multihostile: no ';' before the perfdata" bash -c '[[ ${1%%|*} != *";"* ]]' _ "$status"
expect_status ' / "v=spf1 -all\124soa=1\0592\0593\010SOA OK - \"forged\"\255" at provider provb-hostile.example (4 servers)'
expect_status ' / 10 mx\124x.provb-hostile.example. at provider provb-hostile.example (4 servers)'
expect_true "multihostile: every line is printable ASCII" \
	bash -c '! LC_ALL=C grep -q "[^[:print:]]" <<<"$1"' _ "$CHECK_OUT"

# JSON: providers, content and each address's provider.
run_check -D multimx.example --multi-provider --output-format=json -t 8
expect_exit 1
expect_true "multimx JSON: providers, content and address provider" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert [p["label"] for p in d["providers"]] == ["prova-mx.example", "provb-mx.example"], d["providers"]
assert d["providers"][1]["formed_by"] == "mname" and d["providers"][1]["serial"] == 17
mx = [c for c in d["content"] if c["rrset"] == "MX"][0]
assert not mx["identical"] and len(mx["values"]) == 2, mx
assert {v["value"] for v in mx["values"]} == {"10 mail.multimx.example.", "20 mx.provb.example."}
assert not any(v["majority"] for v in mx["values"]), mx  # a tie: no majority
assert all(x["content_differs"] for x in d["addresses"]), d["addresses"]  # every side marked
assert all(c["identical"] for c in d["content"] if c["rrset"] != "MX")
a = [x for x in d["addresses"] if x["address"] == "198.51.100.173"][0]
assert a["provider"] == "provb-mx.example" and a["content_differs"], a
' "$CHECK_OUT"
expect_true "multimx JSON: the states the text shows (providers, MX line, finding)" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert [p["state"] for p in d["providers"]] == ["WARNING", "WARNING"], d["providers"]
assert [c["state"] for c in d["content"] if c["rrset"] == "MX"] == ["WARNING"], d["content"]
assert [(f["kind"], f["state"], f["provider"]) for f in d["findings"]] == [("content", "WARNING", None)], d["findings"]
assert d["findings"][0]["text"] == d["summary"].split(": ", 1)[1], d["findings"]
assert d["findings_dropped"] == 0 and d["state_note"] is None
' "$CHECK_OUT"

# A provider keeps its label (the domain of its NS names, not its MNAME) when it stops
# answering: provider B of multi.example loses its addresses (no route to them), and its label,
# perfdata included, stays provb.example.
run_check -D multi.example --multi-provider -t 8
expect_status "provider provb.example: 4 servers at 17"
expect_out " servers_provb.example=4;;;0 in_sync_provb.example=4;;;0 "
B_ADDRS=(198.51.100.163/32 198.51.100.164/32 2001:db8::51:163/128 2001:db8::51:164/128)
for a in "${B_ADDRS[@]}"; do in_lab ip addr del "$a" dev lo; done
run_check -D multi.example --multi-provider -t 8
expect_exit 1
expect_status_is "SOA WARNING - multi.example: provider provb.example: no server answered (4 checked: ns1.provb.example 198.51.100.163: no route (Network is unreachable), +3 more)"
expect_line "[WARNING] provider provb.example (by domain): no serial, 0 of 4 servers answered"
expect_out " servers_provb.example=4;;;0 in_sync_provb.example=0;;;0 failed_provb.example=4;0;;0 "
expect_not_out "ns1.provb.example="
for a in "${B_ADDRS[@]}"; do in_lab ip addr add "$a" dev lo $([[ $a == *:* ]] && echo nodad); done

# Bad arguments: UNKNOWN, one line naming the argument, nothing sent.
for bad in "--provider=nolabel" "--provider==*.x" "--provider=a=" "--compare=BOGUS" \
	"--compare=ANY" "--compare=MX:www.example.com." "--compare=MX:a..b" \
	"--content-mismatch=maybe"; do
	run_check -D multi.example "$bad"
	expect_exit 3
	expect_status "SOA UNKNOWN - "
	expect_line_count "" 1
done
args=()
for i in $(seq 33); do args+=(--compare "A:n$i"); done
run_check -D multi.example "${args[@]}"
expect_exit 3
expect_status "more than 32 RRsets"

done_testing
