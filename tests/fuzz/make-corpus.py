#!/usr/bin/env python3
"""make-corpus.py - write the seed corpus of the fuzz targets into tests/fuzz/corpus/ (stdlib only).

Usage: python3 tests/fuzz/make-corpus.py   (rewrites corpus/fuzz_*/seed-* files; other files are kept)
fuzz_reply inputs are one control byte (bits 0-1: qtype SOA/NS/A/AAAA, bit 2: root as qname,
bit 3: wrong ID, bit 4: the reply's own question name as qname) followed by the reply (the
corpus also holds real-* files: replies of NSD, Knot, BIND and Unbound captured in the lab); fuzz_escape inputs are one byte choosing a buffer size
followed by a wire-format name; fuzz_options inputs are argv words separated by NUL bytes.
fuzz_dnssec inputs are one control byte (bit 0: --dnssec=on), a DNSKEY reply and an SOA reply
(each a 2-byte length, then the message) and the parent's DS reply (the rest); the records were
signed once with ldns-signzone (ECDSA P-256, valid 2025-11-01 to 2025-12-10; the target judges at
2025-12-01).
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SOA, NS, A, AAAA, OPT = 6, 2, 1, 28, 41
CTL = {SOA: 0, NS: 1, A: 2, AAAA: 3}


def name(text):
    if text in ("", "."):
        return b"\x00"
    out = b""
    for label in text.rstrip(".").split("."):
        raw = label.encode("latin-1")
        out += bytes([len(raw)]) + raw
    return out + b"\x00"


def header(qid=0x1234, qr=1, opcode=0, aa=1, tc=0, rd=0, rcode=0, counts=(1, 0, 0, 0)):
    flags = (qr << 15) | (opcode << 11) | (aa << 10) | (tc << 9) | (rd << 8) | rcode
    return struct.pack("!HHHHHH", qid, flags, *counts)


def rr(owner, rtype, rdata, ttl=3600, rclass=1):
    own = owner if isinstance(owner, bytes) else name(owner)
    return own + struct.pack("!HHIH", rtype, rclass, ttl, len(rdata)) + rdata


def soa_rdata(serial=2026112401, mname="ns1.example.com", rname="hostmaster.example.com"):
    return name(mname) + name(rname) + struct.pack("!IIIII", serial, 7200, 3600, 1209600, 300)


def opt(nsid=None, size=1232):
    data = b""
    if nsid is not None:
        data = struct.pack("!HH", 3, len(nsid)) + nsid
    return b"\x00" + struct.pack("!HHIH", OPT, size, 0, len(data)) + data


def question(q="example.com", qtype=SOA, qclass=1):
    return name(q) + struct.pack("!HH", qtype, qclass)


def msg(answer=(), authority=(), additional=(), q="example.com", qtype=SOA, **kw):
    counts = (1, len(answer), len(authority), len(additional))
    kw.setdefault("counts", counts)
    return header(**kw) + question(q, qtype) + b"".join(answer) + b"".join(authority) + b"".join(additional)


def replies():
    soa = rr("example.com", SOA, soa_rdata())
    ns_auth = [rr("example.com", NS, name("ns1.example.net")), rr("example.com", NS, name("ns2.example.net"))]
    # compressed: owner pointer to the question name at offset 12
    ptr = b"\xc0\x0c"
    comp_soa = ptr + struct.pack("!HHIH", SOA, 1, 3600, 0)
    rdata = b"\x03ns1" + ptr + b"\x0ahostmaster" + ptr + struct.pack("!IIIII", 7, 1, 1, 1, 1)
    comp_soa = ptr + struct.pack("!HHIH", SOA, 1, 3600, len(rdata)) + rdata
    yield "soa-ok", SOA, msg([soa], additional=[opt()])
    yield "soa-nsid", SOA, msg([soa], additional=[opt(b"anycast-fra-1")])
    yield "soa-nsid-binary", SOA, msg([soa], additional=[opt(b"\x00|\n'=\xff")])
    yield "soa-compressed", SOA, msg([comp_soa], ns_auth)
    yield "soa-wrap-serial", SOA, msg([rr("example.com", SOA, soa_rdata(4294967295))])
    yield "soa-not-aa", SOA, msg([soa], aa=0)
    yield "soa-tc", SOA, msg(tc=1)
    yield "soa-refused", SOA, msg(aa=0, rcode=5)
    yield "soa-servfail", SOA, msg(aa=0, rcode=2)
    yield "soa-nxdomain", SOA, msg(authority=[rr("com", SOA, soa_rdata(1, "a.gtld", "nstld.gtld"))], rcode=3)
    yield "soa-referral", SOA, msg(authority=ns_auth, additional=[rr("ns1.example.net", A, bytes([192, 0, 2, 1]))], aa=0)
    yield "soa-authority-only", SOA, msg(authority=[soa])
    yield "soa-two-soa", SOA, msg([soa, rr("example.com", SOA, soa_rdata(5))])
    yield "soa-other-owner", SOA, msg([rr("other.example", SOA, soa_rdata())])
    yield "soa-short-rdata", SOA, msg([rr("example.com", SOA, soa_rdata()[:-6])])
    yield "soa-empty-rdata", SOA, msg([rr("example.com", SOA, b"")])
    yield "soa-class-ch", SOA, msg([rr("example.com", SOA, soa_rdata(), rclass=3)])
    yield "soa-lying-counts", SOA, msg([soa], counts=(1, 5, 3, 9))
    yield "soa-qdcount-2", SOA, msg([soa], counts=(2, 1, 0, 0))
    yield "soa-qdcount-0", SOA, header(counts=(0, 1, 0, 0)) + soa
    yield "soa-pointer-loop", SOA, header(counts=(1, 1, 0, 0)) + question() + b"\xc0\x1f\xc0\x1d" + struct.pack("!HHIH", SOA, 1, 0, 0)
    yield "soa-pointer-self", SOA, header(counts=(1, 1, 0, 0)) + question() + b"\xc0\x1d" + struct.pack("!HHIH", SOA, 1, 0, 0)
    yield "soa-pointer-past-end", SOA, header(counts=(1, 1, 0, 0)) + question() + b"\xc3\xff" + struct.pack("!HHIH", SOA, 1, 0, 0)
    long_owner = b"".join(b"\x3f" + b"a" * 63 for _ in range(5)) + b"\x00"
    yield "soa-name-over-255", SOA, header(counts=(1, 1, 0, 0)) + question() + long_owner + struct.pack("!HHIH", SOA, 1, 0, 0)
    yield "soa-label-64", SOA, header(counts=(1, 1, 0, 0)) + question() + b"\x40" + b"a" * 64 + b"\x00" + struct.pack("!HHIH", SOA, 1, 0, 0)
    yield "soa-qr-clear", SOA, msg([soa], qr=0)
    yield "soa-opcode-notify", SOA, msg([soa], opcode=4)
    yield "soa-wrong-qname", SOA, msg([soa], q="example.org")
    yield "soa-wrong-qtype", SOA, msg([soa], qtype=NS)
    yield "soa-wrong-qclass", SOA, header(counts=(1, 1, 0, 0)) + question(qclass=3) + soa
    yield "soa-qname-case", SOA, msg([rr("EXAMPLE.com", SOA, soa_rdata())], q="ExAmPlE.CoM")
    yield "soa-rdlength-past-end", SOA, msg([rr("example.com", SOA, soa_rdata())[:-10]])
    yield "short-header", SOA, header()[:7]
    yield "header-only", SOA, header(counts=(0, 0, 0, 0))
    yield "garbage", SOA, bytes(range(7, 200, 3))
    yield "ns-answer", NS, msg(ns_auth, qtype=NS)
    yield "ns-hostile-names", NS, msg([rr("example.com", NS, name("a|b.example")), rr("example.com", NS, b"\x05a\nb'c\x03x=y\x00"),
                                       rr("example.com", NS, b"\x04\x00\xff \"\x00")], qtype=NS)
    yield "a-answer", A, msg([rr("ns1.example.net", A, bytes([192, 0, 2, 1])), rr("ns1.example.net", A, bytes([192, 0, 2]))], q="ns1.example.net", qtype=A)
    yield "aaaa-answer", AAAA, msg([rr("ns1.example.net", AAAA, bytes(16))], q="ns1.example.net", qtype=AAAA)
    yield "root-ns", NS, header(counts=(1, 1, 0, 0)) + question(".", NS) + rr(".", NS, name("a.root-servers.net"))


DNSKEY, RRSIG, DS = 48, 46, 43
ZSK = "9KTjs+VTEPp2TaPPIauDlye0yijIB2vFz5Z8/y+pwvpZt2INswf64jMzd2TPDA3L44u+baSs/Uv1TXRny3pERg=="
KSK = "NgvYX8AS3k7fmu1NqqJIBC19BuMsdTEx93CQeV3jwM5VyNTvQ8sAnnUrzOP5GA3xG0tziN7h+rbCvjbuWPg81Q=="
SOA_SIG = (SOA, 42367, "QsaO09pzwXAi5ttHJku5516m67qql3YMQZjyt7ISdLnWyoD+NCL5VUes8O+dTNRdoJeDHEHZ+QRvNdjLHEROuw==")
KEY_SIG = (DNSKEY, 22831, "cTY8MyVGMyT2Kt7rQbRckLRfmZrrkbT83pR9wLH2+15qPp2YzjpWeLAFTDndZP0olaO7VwLjOwJU7Gl/sj1FBQ==")
DS_DIGEST = "e935465e1769a3940f8f02065f3877188582fb2070736dd66e2c154c496ce3f4"


def dnskey(flags, key):
    import base64
    return struct.pack("!HBB", flags, 3, 13) + base64.b64decode(key)


def rrsig(covered, tag, sig, inception=1761955200, expiration=1765324800):
    import base64
    return (struct.pack("!HBBIIIH", covered, 13, 2, 3600, expiration, inception, tag)
            + name("example.com") + base64.b64decode(sig))


def dnssec_inputs():
    """(label, control byte, DNSKEY reply, SOA reply, DS reply) for fuzz_dnssec."""
    keys = [rr("example.com", DNSKEY, dnskey(256, ZSK)), rr("example.com", DNSKEY, dnskey(257, KSK))]
    key_sig = rr("example.com", RRSIG, rrsig(*KEY_SIG))
    soa = rr("example.com", SOA, soa_rdata())
    soa_sig = rr("example.com", RRSIG, rrsig(*SOA_SIG))
    ds = rr("example.com", DS, struct.pack("!HBB", 22831, 13, 2) + bytes.fromhex(DS_DIGEST))
    bad = bytearray(soa_sig)
    bad[-5] ^= 1
    good_keys = msg(keys + [key_sig], qtype=DNSKEY)
    good_soa = msg([soa, soa_sig])
    yield "valid", 0, good_keys, good_soa, msg([ds], qtype=DS)
    yield "valid-on", 1, good_keys, good_soa, msg([ds], qtype=DS)
    yield "bogus-soa", 0, good_keys, msg([soa, bytes(bad)]), msg([ds], qtype=DS)
    yield "no-ds", 0, good_keys, good_soa, msg([], qtype=DS)
    yield "unsigned", 1, msg([], qtype=DNSKEY), msg([soa]), msg([], qtype=DS)
    yield "many-keys", 0, msg(keys * 12 + [key_sig] * 10, qtype=DNSKEY), msg([soa] + [soa_sig] * 10), msg([ds] * 20, qtype=DS)


def write(target, label, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + label), "wb") as f:
        f.write(data)


def fnv1a(data):
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def state(entries, version=1, count=None):
    """A check_soa state file (src/history.h) with ENTRIES [(serial, first_seen)]."""
    body = "check_soa-state %d\n" % version + "".join("serial %d %d\n" % e for e in entries)
    n = len(entries) if count is None else count
    return (body + "end %d %08x\n" % (n, fnv1a(body.encode()))).encode()


def states():
    full = [(4294967295 - i, 253402300799) for i in range(48)][::-1]
    full.sort(key=lambda e: (e[1], e[0]))
    good = state([(2026112401, 1700000000), (2026112402, 1700003600)])
    return [good, state([]), state([(0, 0)]), state(full),
            state([(4294967294, 1000), (4294967295, 2000), (0, 2500), (1, 3000)]),
            good[:-7], good.replace(b"\n", b"\r\n"), state([(5, 100)], version=2),
            state([(6, 100), (5, 100)]), state([(5, 100)], count=2), b"check_soa-state 1\n",
            state([(i, 1000 + i) for i in range(49)])]


def main():
    for i, data in enumerate(states()):
        write("fuzz_state", "%02d" % i, data)
    for label, qtype, data in replies():
        ctl = CTL[qtype] | (4 if label == "root-ns" else 0)
        write("fuzz_reply", label, bytes([ctl]) + data)
    write("fuzz_reply", "soa-wrong-id", bytes([8]) + msg([rr("example.com", SOA, soa_rdata())]))
    for label, ctl, keys, soa, ds in dnssec_inputs():
        write("fuzz_dnssec", label, bytes([ctl]) + struct.pack("!H", len(keys)) + keys
              + struct.pack("!H", len(soa)) + soa + ds)
    ranges = ["10", "10:", "~:10", "10:20", "@10:20", "@~:0", "0", "-5:5", "0.5:1.25", "5:3", "1:12%",
              "@", "~", "::", ":", "", "1e3", "0x10", "+3", ".5", "nan", "inf", "10:20:30",
              "123456789012345678901234567890", "-0", "@-1:-0.5"]
    for i, r in enumerate(ranges):
        write("fuzz_range", "%02d" % i, r.encode())
    names = [b"\x03ns1\x07example\x03com\x00", b"\x00", b"\x03a|b\x07example\x00", b"\x04a\nb\x03x=y\x00",
             b"\x05'q\"z \x00", b"\x03\x00\xff\x7f\x00", b"\x02a.\x01\\\x00", b"\x40" + b"a" * 64 + b"\x00",
             b"\x3f" + b"b" * 63 + b"\x3f" + b"c" * 63 + b"\x3f" + b"d" * 63 + b"\x3f" + b"e" * 63 + b"\x00",
             b"\x05short", b"\xc0\x0c", b"\x01*\x04_tcp\x00"]
    for i, n in enumerate(names):
        write("fuzz_escape", "%02d" % i, bytes([i % 8]) + n)
    argvs = [["-D", "example.com"], ["-D", "example.com", "-n", "192.0.2.1", "-n", "2001:db8::53", "-w", "~:10", "-c", "@5:9"],
             ["-D", "example.com", "-s", "192.0.2.53#5353", "-t", "2.5", "--query-timeout", "1"],
             ["-D", "a..b"], ["-D", "a" * 64 + ".example"], ["-D", ".".join(["abcdefghi"] * 30)], ["-D", "x", "-t", "-1"],
             ["-D", "x", "-t", "0"], ["-D", "x", "-p", "65536"], ["-D", "x", "-w", "5:3"], ["-D", "x", "-c", "1:12%"],
             ["--bogus"], ["-n", "192.0.2.1"], ["-D", "a|b\nc", "-P", "ns|1"], ["-h"], ["-V"], ["-D", "x", "-4", "-6"],
             ["-D", "x", "--ns-mismatch", "critical", "--tcp", "--nsid", "-vvv"], ["-D", "x", "-W", "", "-C", "@"],
             ["-D", "x", "extra"], ["-D", "x", "-s", "999.1.1.1"], ["-D", "x", "--timeout=3601"]]
    for i, a in enumerate(argvs):
        write("fuzz_options", "%02d" % i, b"\x00".join(w.encode() for w in a))


if __name__ == "__main__":
    main()
