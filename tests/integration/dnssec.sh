#!/bin/bash
# dnssec.sh - DNSSEC judged on every address: signature time left, validation, DS, keys.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa
start_lab

# Every copy signed, valid for 30 more days, the parent's DS matches the KSK.
run_check -D signed.example
expect_exit 0
expect_status "SOA OK - signed.example: 3 servers in sync, serial 2026112501 |"
expect_status " signature_left_min=259"
expect_status "signature_left_min="
expect_line "[OK] DNSSEC ns3.signed.example 198.51.100.103: valid, 29d23h left" "KSK DS" "SOA RRSIG"
expect_line "[OK] DS at the parent: " "/13/2 (key tag/algorithm/digest type)"
run_check -D signed.example --warning-signature=31d
expect_exit 1
expect_status "DNSSEC: signatures of ns1.signed.example 198.51.100.101 expire in 29d23h (+2 more)"
run_check -D signed.example --critical-signature=720h
expect_exit 2
run_check -D signed.example --dnssec=off
expect_exit 0
expect_status_is "SOA OK - signed.example: 3 servers in sync, serial 2026112501"
expect_not_out "DNSSEC"
run_check -D signed.example --output-format=json
expect_exit 0
expect_true "signed JSON: per address keys, signatures and DS match; the zone's DS" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
z = d["dnssec"]
assert z["state"] == "OK" and z["signed"] and 29 * 86400 < z["signature_left_min"] <= 30 * 86400, z
assert z["ds"]["known"] and len(z["ds"]["records"]) == 1 and z["ds"]["records"][0]["algorithm"] == 13, z
for a in d["addresses"]:
    s = a["dnssec"]
    assert s["state"] == "OK" and s["problems"] == ["valid"] and s["ds_match"], s
    assert sorted(k["flags"] for k in s["keys"]) == [256, 257], s
    assert {g["rrset"] for g in s["signatures"]} == {"SOA", "DNSKEY"}, s
    assert all(g["result"] == "valid" and g["inception"] < g["expiration"] for g in s["signatures"]), s
' "$CHECK_OUT"

# An unsigned zone under auto: exactly today's output; under --dnssec=on: CRITICAL.
run_check -D sync.example
expect_exit 0
expect_status_is "SOA OK - sync.example: 6 servers in sync, serial 2026112501"
expect_not_out "DNSSEC"
expect_not_out "signature"
run_check -D sync.example --dnssec=on
expect_exit 2
expect_status_is "SOA CRITICAL - sync.example: DNSSEC: zone not signed (no DS at the parent, no DNSKEY served)"

# One server's signatures expire in 2 days: WARNING naming it.
run_check -D sigwarn.example
expect_exit 1
expect_status "SOA WARNING - sigwarn.example: DNSSEC: signatures of ns3.sigwarn.example 198.51.100.108 expire in 1d23h |"
expect_line "[WARNING] DNSSEC ns3.sigwarn.example 198.51.100.108: signatures expire soon, 1d23h left"
expect_line "[OK] DNSSEC ns1.sigwarn.example 198.51.100.106: valid"

# Expired a day ago: CRITICAL naming the address, perfdata negative.
run_check -D sigexp.example
expect_exit 2
expect_status "SOA CRITICAL - sigexp.example: DNSSEC: signature of ns3.sigexp.example 198.51.100.113 expired 1d0h ago |"
expect_status "signature_left_min=-86"
expect_line "[CRITICAL] DNSSEC ns3.sigexp.example 198.51.100.113: signature expired"

# A stale secondary: one serial behind, its signatures expire in 10 hours.
run_check -D siglag.example
expect_exit 2
expect_status "1 of 3 servers behind (ns3.siglag.example 198.51.100.118 at 2026112500"
expect_status "DNSSEC: signatures of ns3.siglag.example 198.51.100.118 expire in 9h59m"
expect_line "[CRITICAL] DNSSEC ns3.siglag.example 198.51.100.118: signatures expire soon"

# A corrupted SOA RRSIG.
run_check -D sigbogus.example
expect_exit 2
expect_status "SOA CRITICAL - sigbogus.example: DNSSEC: ns3.sigbogus.example 198.51.100.123: signature does not verify |"
expect_line "[CRITICAL] DNSSEC ns3.sigbogus.example 198.51.100.123" "SOA RRSIG" "bogus"

# One server serves the unsigned copy.
run_check -D sigplain.example
expect_exit 2
expect_status "SOA CRITICAL - sigplain.example: DNSSEC: ns3.sigplain.example 198.51.100.128: serves the zone unsigned |"
expect_line "[CRITICAL] DNSSEC ns3.sigplain.example 198.51.100.128: serves the zone unsigned" "no DNSKEY"

# The parent's DS matches no key of any address.
run_check -D sigdsbad.example
expect_exit 2
expect_status "SOA CRITICAL - sigdsbad.example: DNSSEC: ns1.sigdsbad.example 198.51.100.131: no DS matches its SEP keys (+2 more) |"
expect_line_count "] DNSSEC ns" 3
expect_line "[CRITICAL] DNSSEC ns2.sigdsbad.example 198.51.100.132: no DS matches its SEP keys"
expect_line "[CRITICAL] DS at the parent: "

# A rollover one server has seen: its DNSKEY set differs at the same serial.
run_check -D sigroll.example
expect_exit 1
expect_status "SOA WARNING - sigroll.example: DNSSEC: DNSKEY sets differ at serial 2026112501 (ns2.sigroll.example 198.51.100.137) |"
expect_line "[WARNING] DNSSEC ns2.sigroll.example 198.51.100.137: DNSKEY set differs at the same serial"
run_check -D sigroll.example --consistency-mismatch=critical
expect_exit 2

# RSA keys: the DNSKEY answer (about 2 kB) is truncated over UDP and read over TCP.
run_check -D sigbig.example --output-format=json
expect_exit 0
expect_true "sigbig: every address's 5 RSA keys read (over TCP) and its signatures valid" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
assert d["dnssec"]["state"] == "OK", d["dnssec"]
for a in d["addresses"]:
    s = a["dnssec"]
    assert s["state"] == "OK" and len(s["keys"]) == 5, s
    assert {k["algorithm"] for k in s["keys"]} == {8} and s["ds_match"], s
' "$CHECK_OUT"

# CDS/CDNSKEY: ns3 announces another KSK than the others. The zone shows it is signed before
# its SOA round (the resolver's answer for its NS set, asked with DO=1, carries an RRSIG), so the
# default (auto) asks them in the SOA round, as --dnssec=on does.
for opt in --dnssec=auto --dnssec=on; do
	run_check -D sigcds.example "$opt" -v
	expect_exit 1
	expect_status "SOA WARNING - sigcds.example: DNSSEC: ns3.sigcds.example 198.51.100.143: CDS or CDNSKEY set differs from other addresses' |"
	expect_line "[OK] DNSSEC ns1.sigcds.example 198.51.100.141: valid"
	expect_true "sigcds $opt: -v counts 6 CDS and CDNSKEY questions" grep -q ", CDS and CDNSKEY 6)" <<<"$CHECK_ERR"
done
# A signed zone that serves no CDS: asked too (NODATA everywhere), the output as it was.
run_check -D signed.example -v
expect_exit 0
expect_status_is "SOA OK - signed.example: 3 servers in sync, serial 2026112501"
expect_true "signed: -v counts 6 CDS and CDNSKEY questions" grep -q "CDS and CDNSKEY 6)" <<<"$CHECK_ERR"
run_check -D signed.example --dnssec=on
expect_exit 0
# An unsigned zone (no DS, no RRSIG): no CDS or CDNSKEY question under auto.
run_check -D sync.example -v
expect_exit 0
expect_true "unsigned: -v counts no CDS or CDNSKEY question" grep -q ", CDS and CDNSKEY 0)" <<<"$CHECK_ERR"

# RFC 8901 multi-signer: each provider publishes the other's ZSK, the DS set has both KSKs.
run_check -D msig.example --multi-provider
expect_exit 0
expect_status "SOA OK - msig.example: 2 providers in sync"
expect_status "content identical (provider "
expect_status " signature_left_min=259"
expect_line "[OK] DS at the parent: " ", "
# Without --multi-provider the two key sets at one serial are a half-done rollover.
run_check -D msig.example
expect_exit 1
expect_status "DNSSEC: DNSKEY sets differ at serial 2026112501"
# Provider B does not publish A's ZSK: a WARNING naming B and the ZSK.
run_check -D msigbad.example --multi-provider
expect_exit 1
expect_status "SOA WARNING - msigbad.example: provider provb-msigbad.example: DNSSEC: DNSKEY set lacks provider prova-msigbad.example's ZSK "
run_check -D msigbad.example --multi-provider --output-format=json
expect_exit 1
expect_true "msigbad JSON: each provider's key set, B lacks A's ZSK" python3 -c '
import json, sys
d = json.loads(sys.argv[1])
p = {x["label"]: x for x in d["dnssec"]["providers"]}
a, b = p["prova-msigbad.example"], p["provb-msigbad.example"]
zsk_a = [k["key_tag"] for k in a["keys"] if k["flags"] == 256 and k["key_tag"] not in [x["key_tag"] for x in b["keys"]]]
assert a["lacks_zsks"] == [] and b["lacks_zsks"] == zsk_a and len(zsk_a) == 1, (a, b)
assert len(a["keys"]) == 3 and len(b["keys"]) == 2, (a, b)
f = [f for f in d["findings"] if f["kind"] == "dnssec_provider"]
assert len(f) == 1 and f[0]["provider"] == "provb-msigbad.example" and f[0]["problem"] == "zsk_missing", f
' "$CHECK_OUT"

# --soa-sanity: a signature validity shorter than SOA EXPIRE is a WARNING (RFC 6781 4.4.2):
# sigwarn's EXPIRE is 14 days, ns3's signatures are valid for 3, the others' for 31.
run_check -D sigwarn.example --soa-sanity
expect_exit 1
expect_status "DNSSEC: ns3.sigwarn.example 198.51.100.108: signature validity shorter than SOA expire"
expect_line "[WARNING] DNSSEC ns3.sigwarn.example 198.51.100.108: " "signature validity shorter than SOA expire"
expect_line_count "signature validity shorter than SOA expire" 2
# signed's EXPIRE is one day: every validity is longer.
run_check -D signed.example --soa-sanity
expect_not_out "signature validity shorter than SOA expire"
done_testing
