#!/usr/bin/env python3
"""hostile.py - a DNS server that misbehaves on purpose, one behaviour per address, for check_soa's robustness tests.

Usage:
  hostile.py [--zone ZONE] [--serial N] [--rname NAME] [--refresh N] [--table FILE]
             [--spoof-from ADDR] [--port PORT] [--ready FILE] [--log FILE]
             BEHAVIOUR[:ARG]=ADDRESS ...

Every ADDRESS (IPv4 or IPv6, already configured, e.g. on the lo of a private network
namespace) is served over UDP and TCP on PORT (default 53) with its BEHAVIOUR. Once every
socket is bound, "ready" is written to the --ready file. SIGTERM or SIGINT stops the server.

Proper answers are authoritative for ZONE (default hostile.example.): its SOA (serial from
--serial, or good:SERIAL; RNAME from --rname, default hostmaster.ZONE; REFRESH from
--refresh, default 3600) and its NS set (NS records of ZONE in the table, else ns1.ZONE).

Behaviours towards the nameserver queries (all over UDP unless said otherwise):
  good[:SERIAL]      proper authoritative answers (TCP too)
  drop               read every query, never answer (TCP: accept, never write)
  refuse             RCODE REFUSED
  garbage            random bytes;  garbage-id: a header with the query's ID, then random bytes
  short              5 bytes, less than a DNS header
  lying-counts       a valid header claiming 5 records in every section, and no records
  ptr-loop           the answer's owner is a compression pointer loop
  ptr-past-end       the answer's owner is a compression pointer past the end
  long-name          the answer's owner is a name of more than 255 octets
  wrong-id-first     a reply with another ID, then (0.1 s later) the proper answer
  qr-clear-first     the proper answer with QR clear, then the proper answer
  wrong-qname-first, wrong-qtype-first, wrong-qclass-first
                     an answer to another question, then the proper answer
  spoof-addr-first   the proper answer sent from --spoof-from, then from the right address
  spoof-port-first   the proper answer sent from another port, then from the right one
  multi-soa          two SOA records for the zone in the answer
  other-owner        an authoritative SOA for another owner
  soa-authority      an authoritative empty answer with the SOA in the authority section
  short-rdata        an SOA whose RDATA stops after the two names
  multi-tsig         the proper answer with three TSIG records in the additional section
  tc-refuse          TC=1 over UDP; no TCP listener (connections are refused)
  tcp-silent         TC=1 over UDP; TCP accepts and never writes
  tcp-trickle        TC=1 over UDP; TCP sends the length prefix, then one byte per second
  tcp-short          TC=1 over UDP; TCP announces 65535 bytes, sends 100, then stalls
  tcp-close          TC=1 over UDP; TCP sends the prefix and half the answer, then closes
  tcp-flood          TC=1 over UDP; TCP announces 65535 bytes and sends 1 MB of junk
  udp-flood          answers every query with junk (wrong ID) as fast as it can for 2 s,
                     then with the proper answer
  shuffled           proper answers (TCP too), every RRset's records in reverse table order
  soa-only:HOW       the proper SOA answer (UDP and TCP); every other question fails, HOW:
                     servfail, refuse (RCODE REFUSED), noaa (the proper answer without AA),
                     drop (no answer), tc (TC set over UDP and over TCP: an answer that does
                     not fit in 64 KB)
Proper answers to a question for the zone's apex other than SOA and NS come from the table
too. Behaviours that answer any question from the --table (lines "OWNER TYPE RDATA", TYPE
one of A, AAAA, NS, TXT (RDATA: one string of at most 255 octets, up to the end of the line),
or PNS / CNS for an NS record that only the parent / only the zone's servers give; names in
presentation format with \\DDD escapes, so any octet is possible):
  resolver           a recursive resolver: RA set, AA clear, answers from the table,
                     NXDOMAIN for names the table does not hold
  parent             the parent of ZONE: a referral (NS of ZONE in the authority section;
                     with --glue the table's A and AAAA of its in-bailiwick NS names in the
                     additional section) for ZONE and below, authoritative table answers
                     elsewhere
With --glue the proper answers of the zone's servers give the table's A and AAAA records
below the apex too (the NS names' addresses, which the glue check asks for).
"""

import argparse
import os
import random
import signal
import socket
import struct
import sys
import threading
import time

T_A, T_NS, T_SOA, T_TXT, T_AAAA = 1, 2, 6, 16, 28
TYPES = {"A": T_A, "NS": T_NS, "SOA": T_SOA, "AAAA": T_AAAA, "PNS": T_NS, "CNS": T_NS,
         "TXT": T_TXT}
NOERROR, SERVFAIL = 0, 2
SIDES = {"PNS": "parent", "CNS": "child"}
QR, AA, TC, RD, RA = 0x8000, 0x0400, 0x0200, 0x0100, 0x0080
NXDOMAIN, REFUSED = 3, 5
TCP_ONLY_BAD = ("tcp-silent", "tcp-trickle", "tcp-short", "tcp-close", "tcp-flood")
TC_OVER_UDP = ("tc-refuse",) + TCP_ONLY_BAD
LOG = None
LOG_LOCK = threading.Lock()


def log(msg):
    if LOG is not None:
        with LOG_LOCK:
            LOG.write("%.3f %s\n" % (time.monotonic(), msg))
            LOG.flush()


def name_from_text(text):
    """Wire form of a presentation-format name; \\DDD and \\X escapes allowed."""
    labels, cur, i = [], bytearray(), 0
    text = text if text.endswith(".") else text + "."
    if text == ".":
        return b"\x00"
    while i < len(text):
        c = text[i]
        if c == "\\":
            if text[i + 1 : i + 4].isdigit():
                cur.append(int(text[i + 1 : i + 4]))
                i += 4
            else:
                cur += text[i + 1].encode("latin-1")
                i += 2
            continue
        if c == ".":
            labels.append(bytes(cur))
            cur = bytearray()
        else:
            cur += c.encode("latin-1")
        i += 1
    return b"".join(bytes([len(l)]) + l for l in labels) + b"\x00"


def name_key(wire):
    return wire.lower()


def is_below(wire, zone):
    """True when name WIRE is ZONE or below it (both uncompressed wire form)."""
    w, z = name_key(wire), name_key(zone)
    if not w.endswith(z):
        return False
    if len(w) == len(z):
        return True
    # the zone must start at a label boundary of the name
    pos = 0
    while pos < len(w) - len(z):
        pos += 1 + w[pos]
    return pos == len(w) - len(z)


class Query:
    def __init__(self, data):
        if len(data) < 12:
            raise ValueError("short query")
        self.id, self.flags, qd = struct.unpack("!HHH", data[:6])
        if qd != 1:
            raise ValueError("qdcount")
        pos = 12
        while data[pos] != 0:
            if data[pos] & 0xC0:
                raise ValueError("compressed question")
            pos += 1 + data[pos]
        pos += 1
        self.qname = data[12:pos]
        self.qtype, self.qclass = struct.unpack("!HH", data[pos : pos + 4])
        self.question = data[12 : pos + 4]


def rr(owner, rtype, rdata, ttl=300, rclass=1):
    return owner + struct.pack("!HHIH", rtype, rclass, ttl, len(rdata)) + rdata


def message(qid, flags, question, answer=(), authority=(), additional=(), counts=None):
    if counts is None:
        counts = (1 if question else 0, len(answer), len(authority), len(additional))
    return (struct.pack("!HHHHHH", qid, flags, *counts) + question + b"".join(answer)
            + b"".join(authority) + b"".join(additional))


class Server:
    def __init__(self, args):
        self.zone = name_from_text(args.zone)
        self.serial = args.serial
        self.rname = name_from_text(args.rname) if args.rname else b"\x0ahostmaster" + self.zone
        self.refresh = args.refresh
        self.table = []
        self.spoof_from = args.spoof_from
        self.spoof = None
        self.lock = threading.Lock()
        self.reverse = threading.local()  # .on: answer RRsets in reverse order (this thread)
        self.port = args.port
        self.glue = args.glue
        if args.table:
            with open(args.table, encoding="latin-1") as f:
                for line in f:
                    parts = line.split(None, 2)
                    if len(parts) == 3 and not line.startswith("#"):
                        self.table.append(self.table_record(*parts))
        if not any(t == T_NS and name_key(o) == name_key(self.zone) for o, t, _, _ in self.table):
            self.table.append((self.zone, T_NS, b"\x03ns1" + self.zone, "both"))

    @staticmethod
    def table_record(owner, rtype, rdata):
        owner = name_from_text(owner)
        side = SIDES.get(rtype.upper(), "both")
        rtype = TYPES[rtype.upper()]
        rdata = rdata.strip()
        if rtype == T_A:
            data = socket.inet_pton(socket.AF_INET, rdata)
        elif rtype == T_AAAA:
            data = socket.inet_pton(socket.AF_INET6, rdata)
        elif rtype == T_TXT:
            text = rdata.encode("latin-1")[:255]
            data = bytes([len(text)]) + text
        else:
            data = name_from_text(rdata)
        return owner, rtype, data, side

    def soa_rdata(self, serial):
        return (b"\x03ns1" + self.zone + self.rname
                + struct.pack("!IIIII", serial, self.refresh, 600, 86400, 60))

    def lookup(self, qname, qtype, side=None):
        """Records of the table for QNAME and QTYPE (for SIDE: "parent", "child" or any),
        in table order, or reversed when the server is answering as 'shuffled'."""
        found = [rr(qname, t, d) for o, t, d, s in self.table
                 if name_key(o) == name_key(qname) and t == qtype and s in ("both", side or s)]
        return found[::-1] if getattr(self.reverse, "on", False) else found

    def owner_exists(self, qname):
        return any(name_key(o) == name_key(qname) for o, _, _, _ in self.table)

    def proper(self, q, serial=None, flags_extra=0):
        """The authoritative answer of a well-behaved server of the zone."""
        serial = self.serial if serial is None else serial
        flags = QR | AA | (q.flags & RD) | flags_extra
        soa = rr(b"\xc0\x0c", T_SOA, self.soa_rdata(serial))
        if not is_below(q.qname, self.zone):
            return message(q.id, QR | REFUSED, q.question)
        below = self.lookup(q.qname, q.qtype) if self.glue else []
        if below and q.qtype in (T_A, T_AAAA):  # --glue: the NS names' addresses
            return message(q.id, flags, q.question, below)
        if name_key(q.qname) != name_key(self.zone):
            return message(q.id, flags, q.question,
                           authority=[rr(self.zone, T_SOA, self.soa_rdata(serial))])
        if q.qtype == T_SOA:
            return message(q.id, flags, q.question, [soa])
        if q.qtype == T_NS:
            return message(q.id, flags, q.question, self.lookup(q.qname, T_NS, "child"))
        answer = self.lookup(q.qname, q.qtype)
        if answer:
            return message(q.id, flags, q.question, answer)
        return message(q.id, flags, q.question, authority=[rr(self.zone, T_SOA,
                                                               self.soa_rdata(serial))])

    def soa_only(self, how, q, tcp):
        """The answer of a server that answers the SOA and fails every other question as
        HOW says; None: no answer at all."""
        if q.qtype == T_SOA:
            return self.proper(q)
        if how == "servfail":
            return message(q.id, QR | SERVFAIL, q.question)
        if how == "refuse":
            return message(q.id, QR | REFUSED, q.question)
        if how == "noaa":
            proper = self.proper(q)
            flags = struct.unpack("!H", proper[2:4])[0] & ~AA
            return proper[:2] + struct.pack("!H", flags) + proper[4:]
        if how == "tc":  # over TCP too: what fits of an RRset too large for 64 KB
            if not tcp:
                return message(q.id, QR | AA | TC, q.question)
            proper = self.proper(q)
            return proper[:2] + struct.pack("!H", struct.unpack("!H", proper[2:4])[0] | TC) \
                + proper[4:]
        return None

    def as_resolver(self, q):
        answer = self.lookup(q.qname, q.qtype)
        code = NOERROR if answer or self.owner_exists(q.qname) else NXDOMAIN
        return message(q.id, QR | RA | (q.flags & RD) | code, q.question, answer)

    def as_parent(self, q):
        if is_below(q.qname, self.zone):
            ns = self.lookup(self.zone, T_NS, "parent")
            glue = []
            if self.glue:
                for o, t, d, s in self.table:
                    if (t == T_NS and name_key(o) == name_key(self.zone) and s != "child"
                            and is_below(d, self.zone)):
                        glue += self.lookup(d, T_A) + self.lookup(d, T_AAAA)
            return message(q.id, QR | (q.flags & RD), q.question, authority=ns,
                           additional=glue)
        answer = self.lookup(q.qname, q.qtype)
        code = NOERROR if answer or self.owner_exists(q.qname) else NXDOMAIN
        return message(q.id, QR | AA | code, q.question, answer)

    def udp_replies(self, behaviour, arg, q, raw):
        """The datagrams to send for query Q: a list of (delay, payload, via) with via one of
        'same', 'spoof-addr', 'spoof-port'."""
        b = behaviour
        hdr = lambda flags, counts: struct.pack("!HHHHHH", q.id, flags, *counts)
        sec = lambda: [rr(b"\xc0\x0c", T_SOA, self.soa_rdata(self.serial))]
        self.reverse.on = b == "shuffled"
        if b in ("good", "shuffled"):
            return [(0, self.proper(q, int(arg) if arg else None), "same")]
        if b == "soa-only":
            answer = self.soa_only(arg, q, False)
            return [] if answer is None else [(0, answer, "same")]
        if b == "drop":
            return []
        if b == "refuse":
            return [(0, message(q.id, QR | REFUSED, q.question), "same")]
        if b == "garbage":
            return [(0, os.urandom(random.randint(1, 600)), "same")]
        if b == "garbage-id":
            head = struct.pack("!HHHHHH", q.id, QR | AA, 1, 1, 0, 0)
            return [(0, head + os.urandom(random.randint(1, 600)), "same")]
        if b == "short":
            return [(0, struct.pack("!H", q.id) + b"\x84\x00\x00", "same")]
        if b == "lying-counts":
            return [(0, hdr(QR | AA, (1, 5, 5, 5)) + q.question, "same")]
        if b == "ptr-loop":
            # the answer starts at offset 12 + len(question); its owner points at itself + 2,
            # which points back
            at = 12 + len(q.question)
            loop = struct.pack("!HH", 0xC000 | (at + 2), 0xC000 | at)
            return [(0, hdr(QR | AA, (1, 1, 0, 0)) + q.question + loop
                     + struct.pack("!HHIH", T_SOA, 1, 300, 0), "same")]
        if b == "ptr-past-end":
            return [(0, hdr(QR | AA, (1, 1, 0, 0)) + q.question + b"\xcf\xff"
                     + struct.pack("!HHIH", T_SOA, 1, 300, 0), "same")]
        if b == "long-name":
            owner = b"".join(b"\x3f" + b"x" * 63 for _ in range(4)) + b"\x05toolong\x00"
            return [(0, hdr(QR | AA, (1, 1, 0, 0)) + q.question
                     + rr(owner, T_SOA, self.soa_rdata(self.serial)), "same")]
        proper = self.proper(q)
        later = (0.1, proper, "same")
        if b == "wrong-id-first":
            return [(0, struct.pack("!H", (q.id + 1) & 0xFFFF) + proper[2:], "same"), later]
        if b == "qr-clear-first":
            flags = struct.unpack("!H", proper[2:4])[0] & ~QR
            return [(0, proper[:2] + struct.pack("!H", flags) + proper[4:], "same"), later]
        if b in ("wrong-qname-first", "wrong-qtype-first", "wrong-qclass-first"):
            qtype, qclass = q.qtype, q.qclass
            qname = q.qname
            if b == "wrong-qname-first":
                qname = b"\x05other" + q.qname
            elif b == "wrong-qtype-first":
                qtype = T_A if q.qtype != T_A else T_AAAA
            else:
                qclass = 3
            question = qname + struct.pack("!HH", qtype, qclass)
            return [(0, hdr(QR | AA, (1, 1, 0, 0)) + question
                     + rr(b"\xc0\x0c", T_SOA, self.soa_rdata(self.serial), rclass=qclass),
                     "same"), later]
        if b == "spoof-addr-first":
            return [(0, proper, "spoof-addr"), later]
        if b == "spoof-port-first":
            return [(0, proper, "spoof-port"), later]
        if b == "multi-soa":
            two = sec() + [rr(b"\xc0\x0c", T_SOA, self.soa_rdata(self.serial + 7))]
            return [(0, message(q.id, QR | AA, q.question, two), "same")]
        if b == "other-owner":
            return [(0, message(q.id, QR | AA, q.question,
                                [rr(b"\x05other" + self.zone, T_SOA, self.soa_rdata(self.serial))]),
                     "same")]
        if b == "soa-authority":
            return [(0, message(q.id, QR | AA, q.question, authority=sec()), "same")]
        if b == "short-rdata":
            names = len(b"\x03ns1" + self.zone) + len(self.rname)
            cut = self.soa_rdata(self.serial)[: names + 3]  # the names, 3 octets of the serial
            return [(0, message(q.id, QR | AA, q.question, [rr(b"\xc0\x0c", T_SOA, cut)]), "same")]
        if b == "multi-tsig":
            tsig = b"\x00" + struct.pack("!HHIH", 250, 255, 0, 0)
            return [(0, message(q.id, QR | AA, q.question, sec(), additional=[tsig] * 3), "same")]
        if b in TC_OVER_UDP:
            return [(0, message(q.id, QR | AA | TC, q.question), "same")]
        if b == "udp-flood":
            return [(0, "flood", "same"), (2.0, proper, "same")]
        if b == "resolver":
            return [(0, self.as_resolver(q), "same")]
        if b == "parent":
            return [(0, self.as_parent(q), "same")]
        raise ValueError("unknown behaviour " + b)

    # --- UDP ---------------------------------------------------------------------------
    def serve_udp(self, sock, behaviour, arg, family, addr):
        spoof_port = socket.socket(family, socket.SOCK_DGRAM)
        spoof_port.bind((addr, 0))
        spoof_addr = self.spoof_socket(family)
        while True:
            try:
                raw, peer = sock.recvfrom(65535)
            except OSError:
                continue
            try:
                q = Query(raw)
            except (ValueError, IndexError, struct.error):
                continue
            replies = self.udp_replies(behaviour, arg, q, raw)
            log("udp %s %s from %s: %d repl%s" % (behaviour, addr, peer[0], len(replies),
                                                  "y" if len(replies) == 1 else "ies"))
            for delay, payload, via in replies:
                out = {"same": sock, "spoof-port": spoof_port, "spoof-addr": spoof_addr}[via]
                if out is None:
                    continue
                if payload == "flood":
                    threading.Thread(target=self.flood, args=(out, q.id, peer), daemon=True).start()
                elif delay > 0:
                    threading.Timer(delay, self.send_quietly, (out, payload, peer)).start()
                else:
                    self.send_quietly(out, payload, peer)

    def spoof_socket(self, family):
        """The one socket on --spoof-from (port PORT) of FAMILY, or None."""
        with self.lock:
            if self.spoof_from and (":" in self.spoof_from) == (family == socket.AF_INET6):
                if self.spoof is None:
                    self.spoof = socket.socket(family, socket.SOCK_DGRAM)
                    self.spoof.bind((self.spoof_from, self.port))
                return self.spoof
        return None

    @staticmethod
    def flood(sock, qid, peer, seconds=2.0):
        """Send junk with a wrong ID to PEER as fast as possible for SECONDS."""
        junk = struct.pack("!H", (qid + 1) & 0xFFFF) + os.urandom(40)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            for _ in range(100):
                Server.send_quietly(sock, junk, peer)

    @staticmethod
    def send_quietly(sock, payload, peer):
        try:
            sock.sendto(payload, peer)
        except OSError:
            pass

    # --- TCP ---------------------------------------------------------------------------
    def serve_tcp(self, lsock, behaviour, arg):
        while True:
            conn, _ = lsock.accept()
            threading.Thread(target=self.tcp_conn, args=(conn, behaviour, arg), daemon=True).start()

    @staticmethod
    def read_exact(conn, n):
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def tcp_conn(self, conn, behaviour, arg):
        try:
            with conn:
                while True:
                    (length,) = struct.unpack("!H", self.read_exact(conn, 2))
                    q = Query(self.read_exact(conn, length))
                    log("tcp %s query" % behaviour)
                    if behaviour in ("drop", "tcp-silent"):
                        time.sleep(3600)
                    self.reverse.on = behaviour == "shuffled"
                    if behaviour in ("good", "shuffled"):
                        answer = self.proper(q, int(arg) if arg else None)
                    elif behaviour == "soa-only":
                        answer = self.soa_only(arg, q, True)
                        if answer is None:
                            time.sleep(3600)
                    elif behaviour == "resolver":
                        answer = self.as_resolver(q)
                    elif behaviour == "parent":
                        answer = self.as_parent(q)
                    else:
                        answer = self.proper(q)
                    if behaviour == "tcp-trickle":
                        conn.sendall(struct.pack("!H", len(answer)))
                        for i in range(len(answer)):
                            time.sleep(1)
                            conn.sendall(answer[i : i + 1])
                        continue
                    if behaviour == "tcp-short":
                        conn.sendall(struct.pack("!H", 65535) + answer[:100])
                        time.sleep(3600)
                    if behaviour == "tcp-close":
                        conn.sendall(struct.pack("!H", len(answer)) + answer[: len(answer) // 2])
                        return
                    if behaviour == "tcp-flood":
                        conn.sendall(struct.pack("!H", 65535))
                        for _ in range(1024):
                            conn.sendall(os.urandom(1024))
                        time.sleep(3600)
                    conn.sendall(struct.pack("!H", len(answer)) + answer)
        except (OSError, EOFError, ValueError, IndexError, struct.error):
            pass


def parse_spec(spec):
    what, _, addr = spec.partition("=")
    behaviour, _, arg = what.partition(":")
    if not addr:
        raise SystemExit("hostile.py: bad spec %r (BEHAVIOUR[:ARG]=ADDRESS)" % spec)
    return behaviour, arg, addr


def die_with_parent():
    """Ask Linux for SIGTERM when the process that started us (the test) goes away."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main():
    global LOG
    ap = argparse.ArgumentParser(description="a misbehaving DNS server for tests")
    ap.add_argument("--zone", default="hostile.example.")
    ap.add_argument("--serial", type=int, default=2026112501)
    ap.add_argument("--rname")
    ap.add_argument("--refresh", type=int, default=3600)
    ap.add_argument("--table")
    ap.add_argument("--spoof-from")
    ap.add_argument("--port", type=int, default=53)
    ap.add_argument("--glue", action="store_true")
    ap.add_argument("--ready")
    ap.add_argument("--log")
    ap.add_argument("specs", nargs="+", metavar="BEHAVIOUR[:ARG]=ADDRESS")
    args = ap.parse_args()
    die_with_parent()
    if args.log:
        LOG = open(args.log, "a", encoding="utf-8")
    server = Server(args)
    threads = []
    for spec in args.specs:
        behaviour, arg, addr = parse_spec(spec)
        family = socket.AF_INET6 if ":" in addr else socket.AF_INET
        server.udp_replies(behaviour, arg, Query(message(1, 0, server.zone + b"\x00\x06\x00\x01")), b"")
        udp = socket.socket(family, socket.SOCK_DGRAM)
        udp.bind((addr, args.port))
        threads.append(threading.Thread(target=server.serve_udp,
                                        args=(udp, behaviour, arg, family, addr), daemon=True))
        if behaviour != "tc-refuse":
            tcp = socket.socket(family, socket.SOCK_STREAM)
            tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            tcp.bind((addr, args.port))
            tcp.listen(64)
            threads.append(threading.Thread(target=server.serve_tcp, args=(tcp, behaviour, arg),
                                            daemon=True))
    for t in threads:
        t.start()
    if args.ready:
        with open(args.ready, "w", encoding="utf-8") as f:
            f.write("ready\n")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(3600):
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
