#!/usr/bin/env python3
"""responder.py - a small, deliberately misbehaving DNS server for the check_soa test lab.

Every listening address has its own behaviour, given on the command line as
ADDRESS[#PORT]=MODE or ADDRESS[#PORT]=MODE:SERIAL (PORT defaults to --port, 53).  Both UDP
and TCP are served on each address, except where the mode says otherwise.

Modes:
  drop        read every query and never answer (TCP connections are held open)
  refused     answer with RCODE REFUSED
  servfail    answer with RCODE SERVFAIL
  garbage     answer with a header that matches the query and a body that does not parse
  tc:SERIAL   over UDP answer with TC=1 and no records; over TCP answer properly
  noaa:SERIAL a proper answer, but without the AA bit
  wrongid:SERIAL  over UDP first send the answer with a wrong ID, then the right one
  serve:SERIAL    a proper authoritative answer
  udponly:SERIAL  a proper answer over UDP; nothing listens on TCP (connections are refused)
  tcpsilent:SERIAL  a proper answer over UDP; over TCP read every query and never answer

The zone data used for proper answers is tiny and given on the command line too:
  --zone ZONE=NS1,NS2,...   a zone apex and its NS names (fully qualified)
  --host NAME=ADDRESS       an A or AAAA record (repeatable; NAME alone means no address)
The SOA serial is the one of the address that was asked.

Example:
  responder.py --zone tc.example=ns1.tc.example,ns3.tc.example \\
      --host ns3.tc.example=203.0.113.103 203.0.113.103=tc:2026112501
"""

import argparse
import asyncio
import ipaddress
import signal
import socket
import struct
import sys

TYPE_A = 1
TYPE_NS = 2
TYPE_SOA = 6
TYPE_AAAA = 28
CLASS_IN = 1

FLAG_QR = 0x8000
FLAG_AA = 0x0400
FLAG_TC = 0x0200
FLAG_RD = 0x0100

RCODE_NOERROR = 0
RCODE_FORMERR = 1
RCODE_SERVFAIL = 2
RCODE_NXDOMAIN = 3
RCODE_NOTIMP = 4
RCODE_REFUSED = 5

TTL = 60
MODES_WITH_SERIAL = ("tc", "noaa", "wrongid", "serve", "udponly", "tcpsilent")
MODES_WITHOUT_SERIAL = ("drop", "refused", "servfail", "garbage")


class BadQuery(Exception):
    """The query cannot be parsed far enough to echo its question."""


def name_from_text(text):
    """Return a domain name as a tuple of lower-case labels (the root is ())."""
    text = text.strip().rstrip(".").lower()
    return tuple(text.split(".")) if text else ()


def name_to_text(name):
    return ".".join(name) + "."


def name_to_wire(name):
    """Encode a label tuple uncompressed."""
    out = bytearray()
    for label in name:
        raw = label.encode("ascii")
        if not 0 < len(raw) < 64:
            raise ValueError("bad label in %r" % (name,))
        out.append(len(raw))
        out += raw
    out.append(0)
    return bytes(out)


def read_name(msg, offset):
    """Read a (possibly compressed) name at offset; return (labels, offset after it)."""
    labels = []
    end = None
    jumps = 0
    while True:
        if offset >= len(msg):
            raise BadQuery("name runs past the end")
        length = msg[offset]
        if length & 0xC0 == 0xC0:
            if offset + 1 >= len(msg) or jumps > 20:
                raise BadQuery("bad compression pointer")
            if end is None:
                end = offset + 2
            offset = ((length & 0x3F) << 8) | msg[offset + 1]
            jumps += 1
            continue
        if length & 0xC0:
            raise BadQuery("unknown label type")
        offset += 1
        if length == 0:
            break
        if offset + length > len(msg):
            raise BadQuery("label runs past the end")
        labels.append(msg[offset:offset + length].decode("ascii", "replace").lower())
        offset += length
    return tuple(labels), (end if end is not None else offset)


class Query:
    """The parts of a query that a reply needs: ID, flags and the raw question."""

    def __init__(self, msg):
        if len(msg) < 12:
            raise BadQuery("short header")
        self.qid, self.flags, qdcount = struct.unpack("!HHH", msg[:6])
        if qdcount != 1:
            raise BadQuery("QDCOUNT is %d" % qdcount)
        self.qname, offset = read_name(msg, 12)
        if offset + 4 > len(msg):
            raise BadQuery("question runs past the end")
        self.qtype, self.qclass = struct.unpack("!HH", msg[offset:offset + 4])
        self.question = msg[12:offset + 4]
        self.opcode = (self.flags >> 11) & 0xF

    def describe(self):
        return "%s type %d" % (name_to_text(self.qname), self.qtype)


class ZoneData:
    """Zone apexes with their NS names, and address records for host names."""

    def __init__(self):
        self.zones = {}   # apex -> [ns names]
        self.hosts = {}   # name -> [(type, rdata)]

    def add_zone(self, spec):
        apex, _, ns = spec.partition("=")
        names = [name_from_text(n) for n in ns.split(",") if n.strip()]
        if not names:
            raise ValueError("zone %r has no NS names" % apex)
        self.zones[name_from_text(apex)] = names

    def add_host(self, spec):
        name, _, addr = spec.partition("=")
        records = self.hosts.setdefault(name_from_text(name), [])
        if addr:
            ip = ipaddress.ip_address(addr)
            rtype = TYPE_A if ip.version == 4 else TYPE_AAAA
            records.append((rtype, ip.packed))

    def zone_of(self, qname):
        """Return the apex of the closest enclosing zone, or None."""
        for cut in range(len(qname) + 1):
            if qname[cut:] in self.zones:
                return qname[cut:]
        return None


class Reply:
    """Builds a reply message byte by byte."""

    def __init__(self, query, flags, rcode):
        self.query = query
        self.flags = flags | rcode
        self.sections = [[], [], []]  # answer, authority, additional

    def add(self, section, owner, rtype, rdata):
        if owner == self.query.qname:
            owner_wire = b"\xc0\x0c"  # pointer to the echoed question name
        else:
            owner_wire = name_to_wire(owner)
        rr = owner_wire + struct.pack("!HHIH", rtype, CLASS_IN, TTL, len(rdata)) + rdata
        self.sections[section].append(rr)

    def to_wire(self, qid=None):
        header = struct.pack("!HHHHHH",
                             self.query.qid if qid is None else qid, self.flags, 1,
                             len(self.sections[0]), len(self.sections[1]),
                             len(self.sections[2]))
        return header + self.query.question + b"".join(b"".join(s) for s in self.sections)


def soa_rdata(apex, ns_names, serial):
    mname = ns_names[0]
    rname = ("hostmaster",) + apex
    return (name_to_wire(mname) + name_to_wire(rname)
            + struct.pack("!IIIII", serial, 3600, 600, 86400, TTL))


def base_flags(query):
    return FLAG_QR | (query.flags & FLAG_RD) | (query.opcode << 11)


def error_reply(query, rcode):
    return Reply(query, base_flags(query), rcode)


def data_reply(query, data, serial, authoritative=True):
    """A proper answer from the zone data, as an authoritative server would give it."""
    if query.qclass != CLASS_IN:
        return error_reply(query, RCODE_REFUSED)
    apex = data.zone_of(query.qname)
    if apex is None:
        return error_reply(query, RCODE_REFUSED)
    flags = base_flags(query) | (FLAG_AA if authoritative else 0)
    ns_names = data.zones[apex]
    soa = soa_rdata(apex, ns_names, serial)
    qname, qtype = query.qname, query.qtype

    if qname == apex:
        reply = Reply(query, flags, RCODE_NOERROR)
        if qtype == TYPE_SOA:
            reply.add(0, apex, TYPE_SOA, soa)
        elif qtype == TYPE_NS:
            for ns in ns_names:
                reply.add(0, apex, TYPE_NS, name_to_wire(ns))
            for ns in ns_names:
                for rtype, rdata in data.hosts.get(ns, []):
                    reply.add(2, ns, rtype, rdata)
        else:
            reply.add(1, apex, TYPE_SOA, soa)
        return reply

    if qname in data.hosts:
        reply = Reply(query, flags, RCODE_NOERROR)
        matching = [r for r in data.hosts[qname] if r[0] == qtype]
        for rtype, rdata in matching:
            reply.add(0, qname, rtype, rdata)
        if not matching:
            reply.add(1, apex, TYPE_SOA, soa)
        return reply

    reply = Reply(query, flags, RCODE_NXDOMAIN)
    reply.add(1, apex, TYPE_SOA, soa)
    return reply


def garbage_reply(query):
    """Bytes that start like the reply to this query but cannot be parsed."""
    header = struct.pack("!HHHHHH", query.qid, base_flags(query) | FLAG_AA, 1, 3, 0, 0)
    return header + query.question + b"\xc0\x0c\x00\x06\x00\x01\x00\x00\x00\x3c\x00\xff\x07garb"


class Behaviour:
    """What one listening address does with a query."""

    def __init__(self, spec, data):
        mode, _, serial = spec.partition(":")
        if mode in MODES_WITH_SERIAL:
            if not serial.isdigit() or int(serial) > 0xFFFFFFFF:
                raise ValueError("mode %s needs a serial: %r" % (mode, spec))
            self.serial = int(serial)
        elif mode in MODES_WITHOUT_SERIAL:
            if serial:
                raise ValueError("mode %s takes no serial: %r" % (mode, spec))
            self.serial = None
        else:
            raise ValueError("unknown mode %r" % spec)
        self.mode = mode
        self.data = data

    def replies(self, msg, over_tcp):
        """Return the list of messages to send back for one received message."""
        try:
            query = Query(msg)
        except BadQuery:
            return [] if self.mode == "drop" else [self.formerr(msg)]
        if query.flags & FLAG_QR:
            return []
        mode = self.mode
        if mode == "drop":
            return []
        if query.opcode != 0:
            return [error_reply(query, RCODE_NOTIMP).to_wire()]
        if mode == "refused":
            return [error_reply(query, RCODE_REFUSED).to_wire()]
        if mode == "servfail":
            return [error_reply(query, RCODE_SERVFAIL).to_wire()]
        if mode == "garbage":
            return [garbage_reply(query)]
        if mode == "tcpsilent" and over_tcp:
            return []
        if mode == "tc" and not over_tcp:
            return [Reply(query, base_flags(query) | FLAG_AA | FLAG_TC, RCODE_NOERROR).to_wire()]
        reply = data_reply(query, self.data, self.serial, authoritative=(mode != "noaa"))
        if mode == "wrongid" and not over_tcp:
            return [reply.to_wire(qid=query.qid ^ 0x5A5A), reply.to_wire()]
        return [reply.to_wire()]

    @staticmethod
    def formerr(msg):
        qid = msg[:2] if len(msg) >= 2 else b"\0\0"
        return qid + struct.pack("!HHHHH", FLAG_QR | RCODE_FORMERR, 0, 0, 0, 0)


class UdpServer(asyncio.DatagramProtocol):
    def __init__(self, address, behaviour, log):
        self.address = address
        self.behaviour = behaviour
        self.log = log
        self.transport = None

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, msg, peer):
        out = self.behaviour.replies(msg, over_tcp=False)
        self.log(self.address, "udp", msg, len(out))
        for reply in out:
            self.transport.sendto(reply, peer)


def tcp_handler(address, behaviour, log):
    async def handle(reader, writer):
        try:
            while True:
                length = struct.unpack("!H", await reader.readexactly(2))[0]
                msg = await reader.readexactly(length)
                out = behaviour.replies(msg, over_tcp=True)
                log(address, "tcp", msg, len(out))
                for reply in out:
                    writer.write(struct.pack("!H", len(reply)) + reply)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass  # the client went away, or the responder is stopping
        finally:
            writer.close()
    return handle


def make_logger(verbose):
    def log(address, proto, msg, count):
        if not verbose:
            return
        try:
            what = Query(msg).describe()
        except BadQuery:
            what = "unparsable message"
        print("%s %s %s: %d repl%s" % (address, proto, what, count, "y" if count == 1 else "ies"),
              file=sys.stderr, flush=True)
    return log


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description="A misbehaving DNS server: one behaviour per listening address.",
        epilog="LISTEN is ADDRESS[#PORT]=MODE[:SERIAL]; modes: "
               + ", ".join(MODES_WITHOUT_SERIAL) + ", "
               + ", ".join(m + ":SERIAL" for m in MODES_WITH_SERIAL))
    parser.add_argument("-p", "--port", type=int, default=53, help="default port")
    parser.add_argument("--zone", action="append", default=[], metavar="ZONE=NS,...")
    parser.add_argument("--host", action="append", default=[], metavar="NAME[=ADDRESS]")
    parser.add_argument("-v", "--verbose", action="store_true", help="log every query to stderr")
    parser.add_argument("listen", nargs="+", metavar="LISTEN")
    return parser.parse_args(argv)


def parse_listen(spec, default_port):
    """Split ADDRESS[#PORT]=MODE[:SERIAL] into (address, port, mode spec)."""
    where, _, mode = spec.partition("=")
    address, _, port = where.partition("#")
    ipaddress.ip_address(address)
    if not port:
        return address, default_port, mode
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError("bad port in %r" % spec)
    return address, int(port), mode


def bind_sockets(address, port, with_tcp):
    """Return a bound UDP socket and a listening TCP socket (or None) for ADDRESS."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    udp = socket.socket(family, socket.SOCK_DGRAM)
    udp.bind((address, port))
    udp.setblocking(False)
    if not with_tcp:
        return udp, None
    tcp = socket.socket(family, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind((address, port))
    tcp.listen(64)
    tcp.setblocking(False)
    return udp, tcp


async def serve(args):
    data = ZoneData()
    for spec in args.zone:
        data.add_zone(spec)
    for spec in args.host:
        data.add_host(spec)
    log = make_logger(args.verbose)
    loop = asyncio.get_running_loop()
    # Bind every socket before serving any, so that one address answering means all are up.
    bound = []
    for spec in args.listen:
        address, port, mode = parse_listen(spec, args.port)
        behaviour = Behaviour(mode, data)
        bound.append((address, behaviour)
                     + bind_sockets(address, port, behaviour.mode != "udponly"))
    for address, behaviour, udp, tcp in bound:
        await loop.create_datagram_endpoint(lambda a=address, b=behaviour: UdpServer(a, b, log),
                                            sock=udp)
        if tcp is not None:
            await asyncio.start_server(tcp_handler(address, behaviour, log), sock=tcp)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    print("responder: listening on %d addresses" % len(args.listen), file=sys.stderr, flush=True)
    await stop.wait()


def main(argv):
    args = parse_arguments(argv)
    try:
        asyncio.run(serve(args))
    except (ValueError, OSError) as err:
        print("responder: %s" % err, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
