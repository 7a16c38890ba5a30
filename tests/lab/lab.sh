#!/bin/bash
# lab.sh - a throw-away DNS hierarchy in a network namespace, for check_soa's integration tests.
#
# Usage:
#   lab.sh start DIR      create a namespace, write configs under DIR, start the servers
#   lab.sh stop DIR       stop everything started for DIR (idempotent, safe from traps)
#   lab.sh exec DIR CMD.. run CMD inside the lab's namespace
#   lab.sh table          print the scenario rows below, one per line
#   lab.sh overrides      print the override lines below, one per line
#   lab.sh check          read both tables and die on a bad line (no root needed)
#
# The lab lives in its own network namespace (csoa-<pid>-<random>, name written to DIR/netns).
# All addresses sit on the namespace's lo; nothing leaves it.  /etc/netns/<name>/resolv.conf
# points at the lab's Unbound, so `ip netns exec <name> check_soa -D sync.example` just works.
#
# Infrastructure:
#   .            NSD  (root)     192.0.2.1    2001:db8::1     name root-ns.
#   example.     Knot (tld)      192.0.2.2    2001:db8::2     name ns.example.
#   resolver     Unbound         192.0.2.53   2001:db8::53    root hints -> the lab root
#   dead resolver (silent)       192.0.2.254                  responder in drop mode
#   refused resolver             192.0.2.253                  nothing listens
#
# Scenario zones, all children of example.  Each zone copy on a daemon carries the serial of
# that daemon's rows.  NSD, Knot and BIND each run one instance ("nsd", "knot", "bind") that
# serves its copy of every zone on all of its addresses.
#
#   zone      what it tests
#   sync      all in sync on NSD, Knot and BIND, every name with IPv4 and IPv6 (6 addresses)
#   lag       ns3 (BIND, IPv4 only) one serial behind the other four addresses
#   wrap      serial 1 on ns1/ns2, 4294967295 on ns3: two behind across the 2^32 wrap
#   lag6      ns1's IPv4 (NSD) is current, ns1's IPv6 (Knot) lags by one
#   down      ns3 has an address where nothing listens (ICMP port unreachable)
#   drop      ns3 reads queries and never answers
#   dead      both NS addresses dead (nothing listens / drops); NS names live in example.
#   lame      ns3 is an NSD that does not serve the zone (REFUSED), ns4 answers without AA
#   nsdiff    parent NS {ns1, ns2}, child apex NS {ns1, ns3}; all three resolve and are in sync
#   tc        ns3 answers UDP with TC=1 and properly over TCP
#   noaddr    ns3 has neither A nor AAAA
#   primary   NS servers in sync at ...501, hidden-primary.example (not an NS) at ...503
#   ahead     ns3 at ...502 is ahead of ahead-primary.example at ...501
#   demo      the README demo: 4 NS names on NSD/Knot/BIND, ns3 lags, ns4 unreachable
#   wrongid   ns3 sends a reply with a wrong ID before the right one (must be ignored)
#   broken    ns3 sends unparsable answers, ns4 answers SERVFAIL, ns5 REFUSED (responder)
#   unordered serials 1000 and 2147484648 are 2^31 apart (RFC 1982 leaves them unordered)
#   nope      does not exist (NXDOMAIN from example.)
#
# Multi-provider zones (198.51.100.16x-22x and 2001:db8::51:16x-22x).  Provider A is the NSD
# copy (names ns1/ns2.prova*.example, SOA MNAME ns1.prova*, RNAME hostmaster.prova*, timers
# 3600 600 1209600 300, TTL 300, date-style serials), provider B the Knot copy (ns1/ns2.provb*,
# MNAME ns1.provb*, RNAME dns.provb*, timers 7200 900 1814400 600, TTL 3600, serial 17).  Every
# provider name has one IPv4 and one IPv6 address; every copy's apex NS set and the delegation
# list all the names.  Content (overrides table): apex A 192.0.2.250, AAAA 2001:db8::250,
# MX 10 mail.ZONE, TXT "v=spf1 -all"; www A 192.0.2.251; mail A 192.0.2.252.  One name can
# have only one set of addresses, so each zone has its own provider domains (prova-mx, ...).
#   multi     both providers in sync, identical content
#   multimx   B's MX is 20 mx.provb.example.
#   multiwww  B's www A is 192.0.2.253 (the apex is identical)
#   multilag  A has ns1, ns2 (NSD, ...502) and ns3 (BIND, A's SOA at ...501, one behind)
#   multidown B's names are dead (ns1.provb-down nothing listens, ns2.provb-down drops)
#   multidead every name is dead (ns1.* nothing listens, ns2.* drop), no copy anywhere
#   multihostile  B's TXT holds | newline " = ; and byte 0xff, B's MX a label with |
#
# Zones whose copies differ in one SOA field or in what surrounds it (192.0.2.18x-24x,
# 192.0.2.124-126): ns1 NSD, ns2 Knot, ns3 BIND, all at 2026112501, IPv4 only, names in the
# zone with glue.
#   rname     ns3's copy has RNAME dns-admin.rname.example.
#   refresh   ns3's copy has REFRESH 7200 (others 3600)
#   mname     ns3's copy has MNAME ns3.mname.example. (others ns1)
#   nsset     parent and NSD/Knot apex NS {ns1, ns2, ns3}, BIND's apex NS {ns1, ns2}
#   glue      the parent's glue for ns2 is 192.0.2.222, the zone's own A for ns2 192.0.2.224;
#             Knot serves the zone on both
#   tcprefused  ns3 answers over UDP, its TCP port refuses connections (responder udponly)
#   tcpsilent   ns3 answers over UDP, its TCP port accepts and never answers (tcpsilent)
#   deadglue  ns1/ns2.deadglue.example only have glue, on dead addresses: the zone is down
#   primaryport  in sync at ...501 on NSD/Knot/BIND, hidden-primary-port.example (not an NS)
#             at ...503 on 203.0.113.97 port 5300 only
# Signed zones (198.51.100.101-138; ns1 NSD, ns2 Knot, ns3 BIND, IPv4 only): pre-signed at lab
# start with ldns-signzone (ECDSA P-256 keys from ldns-keygen), the DS of ksk1 in example.
#   signed    every copy signed, valid from 1 day ago for 30 days
#   sigwarn   ns3's signatures expire in 2 days (others in 30); SOA EXPIRE 14 days
#   sigexp    ns3's signatures expired 1 day ago
#   siglag    ns3 one serial behind, its signatures expire in 10 hours (a stale secondary)
#   sigbogus  ns3's SOA RRSIG is corrupted
#   sigplain  ns3 serves the unsigned copy
#   sigdsbad  the parent's DS is that of ksk9, a key no copy serves
#   sigroll   ns2 (Knot) also serves and signs with zsk2 (a rollover the others have not seen)
#   sigbig    RSA keys (rsa*: RSASHA256, 2048 bits): the DNSKEY answer (2 KSKs, 3 ZSKs) is
#             larger than 1232 bytes, truncated over UDP and asked again over TCP
#   sigcds    every copy publishes CDS/CDNSKEY, ns3's for ksk2, the others' for ksk1
#   msig      RFC 8901 multi-signer: provider A (NSD, ksk1/zsk1) and B (Knot, ksk2/zsk2), each
#             with its own SOA MNAME, publish each other's ZSK; the parent has both KSKs' DS
#   msigbad   the same, but B does not publish A's ZSK
#
# Rows: zone, NS name (relative to the zone, or absolute with a final dot), address ("-" for
# none; a responder address may carry "#PORT", default 53), server, serial of that server's
# copy ("-" when it has none), and where the name is an NS: both (parent and child), parent
# (delegation only), child (apex only), none (not an NS).  A name outside its zone is one or
# two labels below example. (not below a lab zone), used by that zone only; the TLD zone holds
# its addresses.  Servers: nsd, knot, bind (real daemons); none (nothing listens); and
# responder.py modes drop, tc, refused, servfail, noaa, garbage, wrongid, serve, udponly,
# tcpsilent.
#
#| zone         name                          address           server    serial      ns
#| sync         ns1                           192.0.2.11        nsd       2026112501  both
#| sync         ns1                           2001:db8::11      nsd       2026112501  both
#| sync         ns2                           192.0.2.12        knot      2026112501  both
#| sync         ns2                           2001:db8::12      knot      2026112501  both
#| sync         ns3                           192.0.2.13        bind      2026112501  both
#| sync         ns3                           2001:db8::13      bind      2026112501  both
#| lag          ns1                           192.0.2.21        nsd       2026112501  both
#| lag          ns1                           2001:db8::21      nsd       2026112501  both
#| lag          ns2                           192.0.2.22        knot      2026112501  both
#| lag          ns2                           2001:db8::22      knot      2026112501  both
#| lag          ns3                           192.0.2.23        bind      2026112500  both
#| wrap         ns1                           192.0.2.31        nsd       1           both
#| wrap         ns2                           192.0.2.32        knot      1           both
#| wrap         ns3                           192.0.2.33        bind      4294967295  both
#| lag6         ns1                           192.0.2.41        nsd       2026112501  both
#| lag6         ns1                           2001:db8::41      knot      2026112500  both
#| lag6         ns2                           192.0.2.42        bind      2026112501  both
#| lag6         ns2                           2001:db8::42      bind      2026112501  both
#| down         ns1                           192.0.2.51        nsd       2026112501  both
#| down         ns2                           192.0.2.52        knot      2026112501  both
#| down         ns3                           198.51.100.53     none      -           both
#| drop         ns1                           192.0.2.61        nsd       2026112501  both
#| drop         ns2                           192.0.2.62        knot      2026112501  both
#| drop         ns3                           203.0.113.63      drop      -           both
#| dead         dead-ns1.example.             198.51.100.71     none      -           both
#| dead         dead-ns2.example.             203.0.113.72      drop      -           both
#| lame         ns1                           192.0.2.81        knot      2026112501  both
#| lame         ns2                           192.0.2.82        bind      2026112501  both
#| lame         ns3                           192.0.2.83        nsd       -           both
#| lame         ns4                           203.0.113.84      noaa      2026112501  both
#| nsdiff       ns1                           192.0.2.91        nsd       2026112501  both
#| nsdiff       ns2                           192.0.2.92        knot      2026112501  parent
#| nsdiff       ns3                           192.0.2.93        bind      2026112501  child
#| tc           ns1                           192.0.2.101       nsd       2026112501  both
#| tc           ns2                           192.0.2.102       knot      2026112501  both
#| tc           ns3                           203.0.113.103     tc        2026112501  both
#| noaddr       ns1                           192.0.2.111       nsd       2026112501  both
#| noaddr       ns2                           192.0.2.112       knot      2026112501  both
#| noaddr       ns3                           -                 -         -           both
#| primary      ns1                           192.0.2.121       nsd       2026112501  both
#| primary      ns2                           192.0.2.122       knot      2026112501  both
#| primary      ns3                           192.0.2.123       bind      2026112501  both
#| primary      hidden-primary.example.       203.0.113.99      serve     2026112503  none
#| ahead        ns1                           192.0.2.131       nsd       2026112501  both
#| ahead        ns2                           192.0.2.132       knot      2026112501  both
#| ahead        ns3                           192.0.2.133       bind      2026112502  both
#| ahead        ahead-primary.example.        203.0.113.98      serve     2026112501  none
#| demo         ns1                           192.0.2.141       nsd       2026112501  both
#| demo         ns1                           2001:db8::141     nsd       2026112501  both
#| demo         ns2                           192.0.2.142       knot      2026112501  both
#| demo         ns2                           2001:db8::142     knot      2026112501  both
#| demo         ns3                           192.0.2.143       bind      2026112500  both
#| demo         ns4                           198.51.100.144    none      -           both
#| wrongid      ns1                           192.0.2.151       nsd       2026112501  both
#| wrongid      ns2                           192.0.2.152       knot      2026112501  both
#| wrongid      ns3                           203.0.113.153     wrongid   2026112501  both
#| broken       ns1                           192.0.2.161       nsd       2026112501  both
#| broken       ns2                           192.0.2.162       knot      2026112501  both
#| broken       ns3                           203.0.113.163     garbage   -           both
#| broken       ns4                           203.0.113.164     servfail  -           both
#| broken       ns5                           203.0.113.165     refused   -           both
#| unordered    ns1                           192.0.2.171       nsd       1000        both
#| unordered    ns2                           192.0.2.172       knot      2147484648  both
#| multi        ns1.prova.example.            198.51.100.161    nsd       2026112501  both
#| multi        ns1.prova.example.            2001:db8::51:161  nsd       2026112501  both
#| multi        ns2.prova.example.            198.51.100.162    nsd       2026112501  both
#| multi        ns2.prova.example.            2001:db8::51:162  nsd       2026112501  both
#| multi        ns1.provb.example.            198.51.100.163    knot      17          both
#| multi        ns1.provb.example.            2001:db8::51:163  knot      17          both
#| multi        ns2.provb.example.            198.51.100.164    knot      17          both
#| multi        ns2.provb.example.            2001:db8::51:164  knot      17          both
#| multimx      ns1.prova-mx.example.         198.51.100.171    nsd       2026112501  both
#| multimx      ns1.prova-mx.example.         2001:db8::51:171  nsd       2026112501  both
#| multimx      ns2.prova-mx.example.         198.51.100.172    nsd       2026112501  both
#| multimx      ns2.prova-mx.example.         2001:db8::51:172  nsd       2026112501  both
#| multimx      ns1.provb-mx.example.         198.51.100.173    knot      17          both
#| multimx      ns1.provb-mx.example.         2001:db8::51:173  knot      17          both
#| multimx      ns2.provb-mx.example.         198.51.100.174    knot      17          both
#| multimx      ns2.provb-mx.example.         2001:db8::51:174  knot      17          both
#| multiwww     ns1.prova-www.example.        198.51.100.181    nsd       2026112501  both
#| multiwww     ns1.prova-www.example.        2001:db8::51:181  nsd       2026112501  both
#| multiwww     ns2.prova-www.example.        198.51.100.182    nsd       2026112501  both
#| multiwww     ns2.prova-www.example.        2001:db8::51:182  nsd       2026112501  both
#| multiwww     ns1.provb-www.example.        198.51.100.183    knot      17          both
#| multiwww     ns1.provb-www.example.        2001:db8::51:183  knot      17          both
#| multiwww     ns2.provb-www.example.        198.51.100.184    knot      17          both
#| multiwww     ns2.provb-www.example.        2001:db8::51:184  knot      17          both
#| multilag     ns1.prova-lag.example.        198.51.100.191    nsd       2026112502  both
#| multilag     ns1.prova-lag.example.        2001:db8::51:191  nsd       2026112502  both
#| multilag     ns2.prova-lag.example.        198.51.100.192    nsd       2026112502  both
#| multilag     ns2.prova-lag.example.        2001:db8::51:192  nsd       2026112502  both
#| multilag     ns3.prova-lag.example.        198.51.100.193    bind      2026112501  both
#| multilag     ns3.prova-lag.example.        2001:db8::51:193  bind      2026112501  both
#| multilag     ns1.provb-lag.example.        198.51.100.194    knot      17          both
#| multilag     ns1.provb-lag.example.        2001:db8::51:194  knot      17          both
#| multilag     ns2.provb-lag.example.        198.51.100.195    knot      17          both
#| multilag     ns2.provb-lag.example.        2001:db8::51:195  knot      17          both
#| multidown    ns1.prova-down.example.       198.51.100.201    nsd       2026112501  both
#| multidown    ns1.prova-down.example.       2001:db8::51:201  nsd       2026112501  both
#| multidown    ns2.prova-down.example.       198.51.100.202    nsd       2026112501  both
#| multidown    ns2.prova-down.example.       2001:db8::51:202  nsd       2026112501  both
#| multidown    ns1.provb-down.example.       198.51.100.203    none      -           both
#| multidown    ns1.provb-down.example.       2001:db8::51:203  none      -           both
#| multidown    ns2.provb-down.example.       198.51.100.204    drop      -           both
#| multidown    ns2.provb-down.example.       2001:db8::51:204  drop      -           both
#| multidead    ns1.prova-dead.example.       198.51.100.211    none      -           both
#| multidead    ns1.prova-dead.example.       2001:db8::51:211  none      -           both
#| multidead    ns2.prova-dead.example.       198.51.100.212    drop      -           both
#| multidead    ns2.prova-dead.example.       2001:db8::51:212  drop      -           both
#| multidead    ns1.provb-dead.example.       198.51.100.213    none      -           both
#| multidead    ns1.provb-dead.example.       2001:db8::51:213  none      -           both
#| multidead    ns2.provb-dead.example.       198.51.100.214    drop      -           both
#| multidead    ns2.provb-dead.example.       2001:db8::51:214  drop      -           both
#| multihostile ns1.prova-hostile.example.    198.51.100.221    nsd       2026112501  both
#| multihostile ns1.prova-hostile.example.    2001:db8::51:221  nsd       2026112501  both
#| multihostile ns2.prova-hostile.example.    198.51.100.222    nsd       2026112501  both
#| multihostile ns2.prova-hostile.example.    2001:db8::51:222  nsd       2026112501  both
#| multihostile ns1.provb-hostile.example.    198.51.100.223    knot      17          both
#| multihostile ns1.provb-hostile.example.    2001:db8::51:223  knot      17          both
#| multihostile ns2.provb-hostile.example.    198.51.100.224    knot      17          both
#| multihostile ns2.provb-hostile.example.    2001:db8::51:224  knot      17          both
#| rname        ns1                           192.0.2.181       nsd       2026112501  both
#| rname        ns2                           192.0.2.182       knot      2026112501  both
#| rname        ns3                           192.0.2.183       bind      2026112501  both
#| refresh      ns1                           192.0.2.191       nsd       2026112501  both
#| refresh      ns2                           192.0.2.192       knot      2026112501  both
#| refresh      ns3                           192.0.2.193       bind      2026112501  both
#| mname        ns1                           192.0.2.201       nsd       2026112501  both
#| mname        ns2                           192.0.2.202       knot      2026112501  both
#| mname        ns3                           192.0.2.203       bind      2026112501  both
#| nsset        ns1                           192.0.2.211       nsd       2026112501  both
#| nsset        ns2                           192.0.2.212       knot      2026112501  both
#| nsset        ns3                           192.0.2.213       bind      2026112501  both
#| glue         ns1                           192.0.2.221       nsd       2026112501  both
#| glue         ns2                           192.0.2.222       knot      2026112501  both
#| glue         ns2                           192.0.2.224       knot      2026112501  both
#| glue         ns3                           192.0.2.223       bind      2026112501  both
#| tcprefused   ns1                           192.0.2.231       nsd       2026112501  both
#| tcprefused   ns2                           192.0.2.232       knot      2026112501  both
#| tcprefused   ns3                           203.0.113.233     udponly   2026112501  both
#| tcpsilent    ns1                           192.0.2.241       nsd       2026112501  both
#| tcpsilent    ns2                           192.0.2.242       knot      2026112501  both
#| tcpsilent    ns3                           203.0.113.243     tcpsilent 2026112501  both
#| deadglue     ns1                           198.51.100.73     none      -           both
#| deadglue     ns2                           203.0.113.74      drop      -           both
#| primaryport  ns1                           192.0.2.124       nsd       2026112501  both
#| primaryport  ns2                           192.0.2.125       knot      2026112501  both
#| primaryport  ns3                           192.0.2.126       bind      2026112501  both
#| primaryport  hidden-primary-port.example.  203.0.113.97#5300 serve     2026112503  none
#| signed       ns1                           198.51.100.101    nsd       2026112501  both
#| signed       ns2                           198.51.100.102    knot      2026112501  both
#| signed       ns3                           198.51.100.103    bind      2026112501  both
#| sigwarn      ns1                           198.51.100.106    nsd       2026112501  both
#| sigwarn      ns2                           198.51.100.107    knot      2026112501  both
#| sigwarn      ns3                           198.51.100.108    bind      2026112501  both
#| sigexp       ns1                           198.51.100.111    nsd       2026112501  both
#| sigexp       ns2                           198.51.100.112    knot      2026112501  both
#| sigexp       ns3                           198.51.100.113    bind      2026112501  both
#| siglag       ns1                           198.51.100.116    nsd       2026112501  both
#| siglag       ns2                           198.51.100.117    knot      2026112501  both
#| siglag       ns3                           198.51.100.118    bind      2026112500  both
#| sigbogus     ns1                           198.51.100.121    nsd       2026112501  both
#| sigbogus     ns2                           198.51.100.122    knot      2026112501  both
#| sigbogus     ns3                           198.51.100.123    bind      2026112501  both
#| sigplain     ns1                           198.51.100.126    nsd       2026112501  both
#| sigplain     ns2                           198.51.100.127    knot      2026112501  both
#| sigplain     ns3                           198.51.100.128    bind      2026112501  both
#| sigdsbad     ns1                           198.51.100.131    nsd       2026112501  both
#| sigdsbad     ns2                           198.51.100.132    knot      2026112501  both
#| sigdsbad     ns3                           198.51.100.133    bind      2026112501  both
#| sigroll      ns1                           198.51.100.136    nsd       2026112501  both
#| sigroll      ns2                           198.51.100.137    knot      2026112501  both
#| sigroll      ns3                           198.51.100.138    bind      2026112501  both
#| sigcds       ns1                           198.51.100.141    nsd       2026112501  both
#| sigcds       ns2                           198.51.100.142    knot      2026112501  both
#| sigcds       ns3                           198.51.100.143    bind      2026112501  both
#| sigbig       ns1                           198.51.100.151    nsd       2026112501  both
#| sigbig       ns2                           198.51.100.152    knot      2026112501  both
#| sigbig       ns3                           198.51.100.153    bind      2026112501  both
#| msig         ns1.prova-msig.example.       198.51.100.146    nsd       2026112501  both
#| msig         ns1.provb-msig.example.       198.51.100.147    knot      2026112501  both
#| msigbad      ns1.prova-msigbad.example.    198.51.100.148    nsd       2026112501  both
#| msigbad      ns1.provb-msigbad.example.    198.51.100.149    knot      2026112501  both
#
# Overrides: how a copy of a zone differs from the default content.  Default copy: $TTL 60, SOA
# MNAME = the first apex NS name, RNAME hostmaster.ZONE, timers 3600 600 86400 60, the apex
# NS set of the rows, the A/AAAA records of the zone's names, www A 192.0.2.200.
# Lines: zone, copy, directive, arguments.  Copy: nsd, knot or bind (that daemon's copy, which
# the rows must give), * (every daemon copy of the zone; a daemon's own line wins over *), or
# parent (the delegation in example.).  Responder-served copies always have the defaults.
#   soa MNAME RNAME REFRESH RETRY EXPIRE MINIMUM   absolute names; "-" keeps a field's default
#   ttl N                   the copy's $TTL (every record)
#   ns NAME...              the copy's apex NS set (names as in the rows, each a name of a row)
#   rr OWNER TYPE RDATA     a record; OWNER relative to the zone (@ = apex); TYPE A, AAAA, MX
#                           or TXT; RDATA as dig prints it (MX names absolute; the zone files
#                           escape their "|" for Knot).  The rr lines of one OWNER TYPE form
#                           that RRset of the copy, replacing the default one (www A, the
#                           address records of the zone's names)
#   glue NAME ADDRESS...    parent only: the glue of in-zone NS NAME, instead of its rows'
#   sign KEYS FROM UNTIL [corrupt]  sign the copy with KEYS (comma-separated names of the
#                           zone's keys, made at lab start; *ksk* are KSKs, others ZSKs, rsa*
#                           RSASHA256 2048 bits, others ECDSA P-256; +NAME
#                           is published in the DNSKEY set without signing, @NAME as CDS and CDNSKEY), RRSIG
#                           inception FROM and expiration UNTIL relative to now (+30d, -1d,
#                           +10h); corrupt: the SOA RRSIG's signature gets one character changed
#   ds KEY[,KEY]...         parent only: the DS of the zone's keys in example.
#
#% zone         copy    directive
#% multi        *       rr    @ A 192.0.2.250
#% multi        *       rr    @ AAAA 2001:db8::250
#% multi        *       rr    @ MX 10 mail.multi.example.
#% multi        *       rr    @ TXT "v=spf1 -all"
#% multi        *       rr    www A 192.0.2.251
#% multi        *       rr    mail A 192.0.2.252
#% multi        nsd     soa   ns1.prova.example. hostmaster.prova.example. 3600 600 1209600 300
#% multi        nsd     ttl   300
#% multi        knot    soa   ns1.provb.example. dns.provb.example. 7200 900 1814400 600
#% multi        knot    ttl   3600
#% multimx      *       rr    @ A 192.0.2.250
#% multimx      *       rr    @ AAAA 2001:db8::250
#% multimx      *       rr    @ MX 10 mail.multimx.example.
#% multimx      *       rr    @ TXT "v=spf1 -all"
#% multimx      *       rr    www A 192.0.2.251
#% multimx      *       rr    mail A 192.0.2.252
#% multimx      nsd     soa   ns1.prova-mx.example. hostmaster.prova-mx.example. 3600 600 1209600 300
#% multimx      nsd     ttl   300
#% multimx      knot    soa   ns1.provb-mx.example. dns.provb-mx.example. 7200 900 1814400 600
#% multimx      knot    ttl   3600
#% multimx      knot    rr    @ MX 20 mx.provb.example.
#% multiwww     *       rr    @ A 192.0.2.250
#% multiwww     *       rr    @ AAAA 2001:db8::250
#% multiwww     *       rr    @ MX 10 mail.multiwww.example.
#% multiwww     *       rr    @ TXT "v=spf1 -all"
#% multiwww     *       rr    www A 192.0.2.251
#% multiwww     *       rr    mail A 192.0.2.252
#% multiwww     nsd     soa   ns1.prova-www.example. hostmaster.prova-www.example. 3600 600 1209600 300
#% multiwww     nsd     ttl   300
#% multiwww     knot    soa   ns1.provb-www.example. dns.provb-www.example. 7200 900 1814400 600
#% multiwww     knot    ttl   3600
#% multiwww     knot    rr    www A 192.0.2.253
#% multilag     *       rr    @ A 192.0.2.250
#% multilag     *       rr    @ AAAA 2001:db8::250
#% multilag     *       rr    @ MX 10 mail.multilag.example.
#% multilag     *       rr    @ TXT "v=spf1 -all"
#% multilag     *       rr    www A 192.0.2.251
#% multilag     *       rr    mail A 192.0.2.252
#% multilag     nsd     soa   ns1.prova-lag.example. hostmaster.prova-lag.example. 3600 600 1209600 300
#% multilag     nsd     ttl   300
#% multilag     bind    soa   ns1.prova-lag.example. hostmaster.prova-lag.example. 3600 600 1209600 300
#% multilag     bind    ttl   300
#% multilag     knot    soa   ns1.provb-lag.example. dns.provb-lag.example. 7200 900 1814400 600
#% multilag     knot    ttl   3600
#% multidown    *       rr    @ A 192.0.2.250
#% multidown    *       rr    @ AAAA 2001:db8::250
#% multidown    *       rr    @ MX 10 mail.multidown.example.
#% multidown    *       rr    @ TXT "v=spf1 -all"
#% multidown    *       rr    www A 192.0.2.251
#% multidown    *       rr    mail A 192.0.2.252
#% multidown    nsd     soa   ns1.prova-down.example. hostmaster.prova-down.example. 3600 600 1209600 300
#% multidown    nsd     ttl   300
#% multihostile *       rr    @ A 192.0.2.250
#% multihostile *       rr    @ AAAA 2001:db8::250
#% multihostile *       rr    @ MX 10 mail.multihostile.example.
#% multihostile *       rr    @ TXT "v=spf1 -all"
#% multihostile *       rr    www A 192.0.2.251
#% multihostile *       rr    mail A 192.0.2.252
#% multihostile nsd     soa   ns1.prova-hostile.example. hostmaster.prova-hostile.example. 3600 600 1209600 300
#% multihostile nsd     ttl   300
#% multihostile knot    soa   ns1.provb-hostile.example. dns.provb-hostile.example. 7200 900 1814400 600
#% multihostile knot    ttl   3600
#% multihostile knot    rr    @ MX 10 mx|x.provb-hostile.example.
#% multihostile knot    rr    @ TXT "v=spf1 -all|soa=1;2;3\010SOA OK - \"forged\"\255"
#% rname        bind    soa   - dns-admin.rname.example. - - - -
#% refresh      bind    soa   - - 7200 - - -
#% mname        bind    soa   ns3.mname.example. - - - - -
#% nsset        bind    ns    ns1 ns2
#% glue         parent  glue  ns2 192.0.2.222
#% glue         *       rr    ns2 A 192.0.2.224
#% signed       *       sign  ksk1,zsk1 -1d +30d
#% signed       parent  ds    ksk1
#% sigwarn      *       soa   - - - - 1209600 -
#% sigwarn      *       sign  ksk1,zsk1 -1d +30d
#% sigwarn      bind    sign  ksk1,zsk1 -1d +2d
#% sigwarn      parent  ds    ksk1
#% sigexp       *       sign  ksk1,zsk1 -1d +30d
#% sigexp       bind    sign  ksk1,zsk1 -31d -1d
#% sigexp       parent  ds    ksk1
#% siglag       *       sign  ksk1,zsk1 -1d +30d
#% siglag       bind    sign  ksk1,zsk1 -20d +10h
#% siglag       parent  ds    ksk1
#% sigbogus     *       sign  ksk1,zsk1 -1d +30d
#% sigbogus     bind    sign  ksk1,zsk1 -1d +30d corrupt
#% sigbogus     parent  ds    ksk1
#% sigplain     nsd     sign  ksk1,zsk1 -1d +30d
#% sigplain     knot    sign  ksk1,zsk1 -1d +30d
#% sigplain     parent  ds    ksk1
#% sigdsbad     *       sign  ksk1,zsk1 -1d +30d
#% sigdsbad     parent  ds    ksk9
#% sigroll      *       sign  ksk1,zsk1 -1d +30d
#% sigroll      knot    sign  ksk1,zsk1,zsk2 -1d +30d
#% sigroll      parent  ds    ksk1
#% sigbig       *       sign  rsaksk1,rsaksk2,rsazsk1,+rsazsk2,+rsazsk3 -1d +30d
#% sigbig       parent  ds    rsaksk1
#% sigcds       *       sign  ksk1,zsk1,@ksk1 -1d +30d
#% sigcds       bind    sign  ksk1,zsk1,@ksk2 -1d +30d
#% sigcds       parent  ds    ksk1
#% msig         nsd     soa   ns1.prova-msig.example. hostmaster.prova-msig.example. 3600 600 1209600 300
#% msig         knot    soa   ns1.provb-msig.example. dns.provb-msig.example. 7200 900 1814400 600
#% msigbad      nsd     soa   ns1.prova-msigbad.example. hostmaster.prova-msigbad.example. 3600 600 1209600 300
#% msigbad      knot    soa   ns1.provb-msigbad.example. dns.provb-msigbad.example. 7200 900 1814400 600
#% msig         nsd     sign  ksk1,zsk1,+zsk2 -1d +30d
#% msig         knot    sign  ksk2,zsk2,+zsk1 -1d +30d
#% msig         parent  ds    ksk1,ksk2
#% msigbad      nsd     sign  ksk1,zsk1,+zsk2 -1d +30d
#% msigbad      knot    sign  ksk2,zsk2 -1d +30d
#% msigbad      parent  ds    ksk1,ksk2
set -eu

LAB_SH=$(readlink -f "$0")
LAB_LIB=$(dirname "$LAB_SH")
. "$LAB_LIB/daemons.sh"
ROOT_V4=192.0.2.1 ROOT_V6=2001:db8::1
TLD_V4=192.0.2.2 TLD_V6=2001:db8::2
RESOLVER_V4=192.0.2.53 RESOLVER_V6=2001:db8::53
DEAD_RESOLVER=192.0.2.254 REFUSED_RESOLVER=192.0.2.253
SOA_TIMERS="3600 600 86400 60"
START_TIMEOUT=10  # seconds to wait for every server to answer

die() {
	echo "lab.sh: $*" >&2
	exit 1
}

usage() {
	sed -n '3,10s/^# \{0,1\}//p' "$LAB_SH" >&2
	exit 2
}

# Reads this script once, without forking: TABLE_ROWS and TABLE_OVERRIDES get the lines of
# the two tables, without their markers and header lines.
read_tables() {
	local line rows=0 overrides=0
	TABLE_ROWS=() TABLE_OVERRIDES=()
	while IFS= read -r line; do
		case $line in
		'#|'*) ((rows++ == 0)) || TABLE_ROWS+=("${line#'#|'}") ;;
		'#%'*) ((overrides++ == 0)) || TABLE_OVERRIDES+=("${line#'#%'}") ;;
		[!#]*) break ;; # the end of the header
		esac
	done <"$LAB_SH"
}

# Print the scenario rows, one per line.
lab_table() {
	read_tables
	printf '%s\n' "${TABLE_ROWS[@]}" | sed 's/^[[:space:]]*//'
}

# Print the override lines, one per line.
lab_overrides() {
	read_tables
	printf '%s\n' "${TABLE_OVERRIDES[@]}" | sed 's/^[[:space:]]*//'
}

# ---------------------------------------------------------------------------------------------
# Reading the tables

RE_V4='^([0-9]{1,3}\.){3}[0-9]{1,3}$'
RE_V6='^[0-9a-f]*:[0-9a-f:]*$'
RE_HOST='^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$'

# Fills ZONES (in order), the ROW_* arrays (ROW_ADDR without a port, ROW_PORT empty for 53)
# and these indexes (lists are words with a trailing space; names are fully qualified without
# the final dot):
#   COPY[zone/daemon]   serial of the daemon's copy of the zone (nsd, knot, bind)
#   CHILD_NS[zone]      NS names at the zone's apex      PARENT_NS[zone]  NS names in the delegation
#   ZONE_ROWS[zone]     row numbers of the zone          ZONE_NAMES[zone] names of its rows
#   SERVER_ADDRS[kind]  addresses per server kind (nsd, knot, bind, none, drop, tc, ...)
# Nothing here forks: the lab must start fast.
load_table() {
	read_tables
	ZONES=()
	ROW_ZONE=() ROW_NAME=() ROW_ADDR=() ROW_PORT=() ROW_SERVER=() ROW_SERIAL=()
	declare -gA COPY=() CHILD_NS=() PARENT_NS=() SERVER_ADDRS=() ZONE_ROWS=() ZONE_NAMES=()
	local -A seen_addr=() outside=()
	local zone name addr port server serial ns side key row i=0
	local -a w
	local - # restores the options: no globbing while rows are split below
	set -f
	for row in "${TABLE_ROWS[@]}"; do
		# shellcheck disable=SC2206 # split into words; globbing is off
		w=($row)
		[[ ${#w[@]} == 6 ]] || die "table: not six columns: '$row'"
		zone=${w[0]} name=${w[1]} addr=${w[2]} server=${w[3]} serial=${w[4]} ns=${w[5]}
		[[ $zone =~ $RE_HOST && $zone != *.* ]] || die "table: bad zone '$zone'"
		[[ -n ${ZONE_ROWS[$zone]:-} ]] || ZONES+=("$zone")
		ZONE_ROWS[$zone]+="$i "
		if [[ $name == *. ]]; then name=${name%.}; else name=$name.$zone.example; fi
		[[ $name =~ $RE_HOST && $name == *.example ]] || die "table: bad name '$name'"
		if [[ $name != *".$zone.example" ]]; then
			[[ $name != *.*.*.example ]] || die "table: $name is too deep below example."
			[[ -z ${outside[$name]:-} || ${outside[$name]} == "$zone" ]] ||
				die "table: $name is used by $zone and ${outside[$name]}"
			outside[$name]=$zone
		fi
		[[ " ${ZONE_NAMES[$zone]:-}" == *" $name "* ]] || ZONE_NAMES[$zone]+="$name "
		port=
		if [[ $addr == *#* ]]; then port=${addr#*#} addr=${addr%%#*}; fi
		case $server in
		nsd | knot | bind)
			if [[ $serial != - ]]; then
				key=$zone/$server
				[[ -z ${COPY[$key]:-} || ${COPY[$key]} == "$serial" ]] ||
					die "table: $zone has two serials on $server"
				COPY[$key]=$serial
			fi
			;;
		none | drop | refused | servfail | garbage | -) ;;
		tc | noaa | wrongid | serve | udponly | tcpsilent)
			[[ $serial != - ]] || die "table: $server needs a serial"
			;;
		*) die "table: unknown server '$server'" ;;
		esac
		[[ $serial == - || $serial =~ ^[0-9]{1,10}$ ]] || die "table: bad serial '$serial'"
		if [[ -n $port ]]; then
			if [[ ! $port =~ ^[1-9][0-9]{0,4}$ ]] || ((port > 65535)); then
				die "table: bad port '$port'"
			fi
			case $server in nsd | knot | bind | none | -) die "table: $server takes no port" ;; esac
		fi
		case $ns in both | parent | child | none) ;; *) die "table: bad NS column '$ns'" ;; esac
		for side in parent child; do
			[[ $ns == both || $ns == "$side" ]] || continue
			if [[ $side == parent ]]; then
				[[ " ${PARENT_NS[$zone]:-}" == *" $name "* ]] || PARENT_NS[$zone]+="$name "
			else
				[[ " ${CHILD_NS[$zone]:-}" == *" $name "* ]] || CHILD_NS[$zone]+="$name "
			fi
		done
		if [[ $addr != - ]]; then
			[[ $addr =~ $RE_V4 || $addr =~ $RE_V6 ]] || die "table: bad address '$addr'"
			[[ -z ${seen_addr[$addr]:-} ]] || die "table: address $addr used twice"
			seen_addr[$addr]=1
			SERVER_ADDRS[$server]+="$addr "
		fi
		ROW_ZONE[i]=$zone ROW_NAME[i]=$name ROW_ADDR[i]=$addr ROW_PORT[i]=$port
		ROW_SERVER[i]=$server ROW_SERIAL[i]=$serial
		i=$((i + 1))
	done
	NROWS=$i
	for zone in "${ZONES[@]}"; do
		[[ -n ${CHILD_NS[$zone]:-} ]] || die "table: $zone has no apex NS"
	done
	for name in "${!outside[@]}"; do
		zone=${name%.example} zone=${zone#*.}
		[[ -z ${ZONE_ROWS[$zone]:-} ]] || die "table: $name is inside the lab zone $zone"
	done
}

# Fills the override indexes from the overrides table (after load_table).  KEY is ZONE/COPY,
# COPY one of nsd, knot, bind, * (see the header).  Names fully qualified without final dot.
#   OV_SOA[key]     "MNAME RNAME REFRESH RETRY EXPIRE MINIMUM", "-" for a default field
#   OV_TTL[key]     the copy's $TTL          OV_NS[key]  its apex NS names (trailing space)
#   OV_RR[key]      its records, one "OWNER. TYPE RDATA" a line
#   OV_RRSETS[key]  "OWNER/TYPE " words: the RRsets that OV_RR[key] gives
#   OV_GLUE[zone/name]  the parent's glue addresses for NAME (trailing space)
# Dies on a bad line.  Nothing here forks.
load_overrides() {
	declare -gA OV_SOA=() OV_TTL=() OV_NS=() OV_RR=() OV_RRSETS=() OV_GLUE=() OV_SIGN=() OV_DS=()
	local zone copy directive args key at line
	local re='^[[:space:]]*([^[:space:]]+)[[:space:]]+([^[:space:]]+)[[:space:]]+([^[:space:]]+)[[:space:]]*(.*[^[:space:]])?[[:space:]]*$'
	local - # restores the options: no globbing while words are split below
	set -f
	for line in "${TABLE_OVERRIDES[@]}"; do
		[[ $line =~ $re ]] || die "override '$line': too short"
		zone=${BASH_REMATCH[1]} copy=${BASH_REMATCH[2]} directive=${BASH_REMATCH[3]}
		args=${BASH_REMATCH[4]}
		at="override '$zone $copy $directive${args:+ $args}'"
		[[ -n ${ZONE_ROWS[$zone]:-} ]] || die "$at: unknown zone"
		key=$zone/$copy
		case $copy in
		nsd | knot | bind) [[ -n ${COPY[$key]:-} ]] || die "$at: $zone has no $copy copy" ;;
		'*') [[ -n ${COPY[$zone/nsd]:-}${COPY[$zone/knot]:-}${COPY[$zone/bind]:-} ]] ||
			die "$at: $zone has no daemon copy" ;;
		parent) [[ $directive == glue || $directive == ds ]] || die "$at: parent takes glue, ds" ;;
		*) die "$at: unknown copy" ;;
		esac
		[[ $copy == parent || ($directive != glue && $directive != ds) ]] ||
			die "$at: $directive is for parent"
		# shellcheck disable=SC2086 # the arguments are words; globbing is off
		case $directive in
		soa) override_soa "$key" $args ;;
		ttl) override_ttl "$key" $args ;;
		ns) override_ns "$zone" "$key" $args ;;
		rr) override_rr "$zone" "$key" "$args" ;;
		glue) override_glue "$zone" $args ;;
		sign) override_sign "$key" $args ;;
		ds) [[ $args =~ ^(rsa)?ksk[0-9]+(,(rsa)?ksk[0-9]+)*$ && -z ${OV_DS[$zone]:-} ]] &&
			OV_DS[$zone]=$args ;;
		*) false ;;
		esac || die "$at: bad or repeated directive"
	done
}

# A name of an override: relative to ZONE (@ = apex) or absolute; prints it fully qualified.
override_name() { # ZONE NAME
	local name=$2
	if [[ $name == @ ]]; then name=$1.example; elif [[ $name == *. ]]; then name=${name%.}; else name=$name.$1.example; fi
	[[ $name =~ $RE_HOST ]] && REPLY=$name
}

override_soa() { # KEY MNAME RNAME REFRESH RETRY EXPIRE MINIMUM
	local key=$1 f
	shift
	[[ $# == 6 && -z ${OV_SOA[$key]:-} ]] || return 1
	for f in "$1" "$2"; do [[ $f == - || ($f == *. && ${f%.} =~ $RE_HOST) ]] || return 1; done
	for f in "${@:3}"; do [[ $f == - || $f =~ ^[0-9]{1,10}$ ]] || return 1; done
	OV_SOA[$key]="$*"
}

override_ttl() { # KEY N
	[[ $# == 2 && $2 =~ ^[0-9]{1,7}$ && -z ${OV_TTL[$1]:-} ]] && OV_TTL[$1]=$2
}

override_ns() { # ZONE KEY NAME...
	local zone=$1 key=$2 name
	shift 2
	[[ $# -ge 1 && -z ${OV_NS[$key]:-} ]] || return 1
	for name; do
		[[ $name != @ ]] && override_name "$zone" "$name" || return 1
		[[ " ${ZONE_NAMES[$zone]}" == *" $REPLY "* ]] || return 1
		OV_NS[$key]+="$REPLY "
	done
}

override_rr() { # ZONE KEY "OWNER TYPE RDATA"
	local zone=$1 key=$2 owner type rdata
	local re='^([^[:space:]]+)[[:space:]]+([A-Z]+)[[:space:]]+(.*[^[:space:]])$'
	local re_mx='^[0-9]{1,5} [^[:space:]\"\\();]+\.$' re_txt='^("([^"\\]|\\.)*" ?)+$'
	[[ $3 =~ $re ]] || return 1
	owner=${BASH_REMATCH[1]} type=${BASH_REMATCH[2]} rdata=${BASH_REMATCH[3]}
	[[ $owner != *. ]] && override_name "$zone" "$owner" || return 1
	owner=$REPLY
	case $type in
	A) [[ $rdata =~ $RE_V4 ]] ;;
	AAAA) [[ $rdata =~ $RE_V6 ]] ;;
	MX) [[ $rdata =~ $re_mx ]] ;;
	TXT) [[ $rdata =~ $re_txt ]] ;;
	*) false ;;
	esac || return 1
	[[ $type != MX ]] || rdata=${rdata//|/\\|} # dig prints it bare, Knot wants it escaped
	OV_RR[$key]+="$owner. $type $rdata"$'\n'
	[[ " ${OV_RRSETS[$key]:-}" == *" $owner/$type "* ]] || OV_RRSETS[$key]+="$owner/$type "
}

override_sign() { # KEY KEYS FROM UNTIL [corrupt]
	[[ ($# == 4 || ($# == 5 && $5 == corrupt)) && $2 =~ ^[+@]?[a-z0-9]+(,[+@]?[a-z0-9]+)*$ &&
		$3 =~ ^[-+][0-9]+[dh]$ && $4 =~ ^[-+][0-9]+[dh]$ && -z ${OV_SIGN[$1]:-} ]] &&
		OV_SIGN[$1]="$2 $3 $4 ${5:-}"
}
# Seconds since 1970 of now plus OFFSET ("+30d", "-10h").
lab_time() { # OFFSET
	local n=${1:1} unit=${1: -1}
	n=${n%?}
	[[ $unit == d ]] && n=$((n * 86400)) || n=$((n * 3600))
	[[ ${1:0:1} == + ]] && echo $(($(date +%s) + n)) || echo $(($(date +%s) - n))
}
# The key files' base name of ZONE's key NAME, made on first use in DIR/keys/ZONE.
lab_key() { # DIR ZONE NAME
	local kdir=$1/keys/$2 base
	mkdir -p "$kdir"
	if [[ ! -s $kdir/$3 ]]; then
		local -a args=(-a ECDSAP256SHA256)
		[[ $3 != rsa* ]] || args=(-a RSASHA256 -b 2048)
		[[ $3 != *ksk* ]] || args+=(-k)
		base=$(cd "$kdir" && ldns-keygen "${args[@]}" "$2.example")
		echo "$kdir/$base" >"$kdir/$3"
	fi
	cat "$kdir/$3"
}
# Sign FILE (ZONE's copy) as SPEC says ("KEYS FROM UNTIL [corrupt]"), in place. Copies with
# the same content and SPEC get the same signed file, as secondaries serve their primary's
# signatures (signing twice would give other ECDSA signatures and times).
sign_copy() { # DIR ZONE FILE SPEC
	local dir=$1 zone=$2 file=$3 keys from until mode k same
	local -a bases=()
	same=$dir/keys/$zone/signed-$( (echo "$4" && cat "$file") | md5sum | cut -c1-16)
	if [[ -s $same ]]; then
		cp "$same" "$file"
		return
	fi
	read -r keys from until mode <<<"$4"
	for k in ${keys//,/ }; do
		if [[ $k == +* ]]; then
			cat "$(lab_key "$dir" "$zone" "${k#+}").key" >>"$file"
		elif [[ $k == @* ]]; then
			k=$(lab_key "$dir" "$zone" "${k#@}")
			sed -E 's/[[:space:]]IN[[:space:]]+DS[[:space:]]/ IN CDS /' "$k.ds" >>"$file"
			sed -E 's/[[:space:]]IN[[:space:]]+DNSKEY[[:space:]]/ IN CDNSKEY /' "$k.key" >>"$file"
		else
			bases+=("$(lab_key "$dir" "$zone" "$k")")
		fi
	done
	ldns-signzone -o "$zone.example." -i "$(lab_time "$from")" -e "$(lab_time "$until")" \
		-f "$file.signed" "$file" "${bases[@]}"
	if [[ $mode == corrupt ]]; then
		awk '$4 == "RRSIG" && $5 == "SOA" { c = substr($NF, 8, 1); $NF = substr($NF, 1, 7) \
			(c == "A" ? "B" : "A") substr($NF, 9) } { print }' "$file.signed" >"$file"
	else
		mv "$file.signed" "$file"
	fi
	rm -f "$file.signed"
	cp "$file" "$same"
}
override_glue() { # ZONE NAME ADDRESS...
	local zone=$1 name=$2 addr
	shift 2
	[[ $# -ge 1 && $name != @ && $name != *. ]] && override_name "$zone" "$name" || return 1
	name=$REPLY
	[[ " ${PARENT_NS[$zone]:-}" == *" $name "* && -z ${OV_GLUE[$zone/$name]:-} ]] || return 1
	for addr; do
		[[ $addr =~ $RE_V4 || $addr =~ $RE_V6 ]] || return 1
		OV_GLUE[$zone/$name]+="$addr "
	done
}

# Address records for every name of ZONE that passes FILTER: "in-zone" (below ZONE.example),
# "glue" (below ZONE.example and in the delegation; OV_GLUE replaces a name's rows), "outside"
# (not below ZONE.example: the TLD zone holds them).  Names without an address get a TXT record
# in-zone, so that they exist.  In-zone records whose NAME/TYPE is a word of SKIP are left out.
address_records() { # ZONE FILTER [SKIP]
	local zone=$1 filter=$2 skip=" ${3:-} " i name addr type
	local -A glued=()
	for i in ${ZONE_ROWS[$zone]}; do
		name=${ROW_NAME[i]} addr=${ROW_ADDR[i]}
		case $filter in
		in-zone) [[ $name == *".$zone.example" ]] || continue ;;
		glue)
			[[ $name == *".$zone.example" && " ${PARENT_NS[$zone]:-}" == *" $name "* ]] || continue
			if [[ -n ${OV_GLUE[$zone/$name]:-} ]]; then
				[[ -z ${glued[$name]:-} ]] || continue
				glued[$name]=1
				for addr in ${OV_GLUE[$zone/$name]}; do
					if [[ $addr == *:* ]]; then type=AAAA; else type=A; fi
					echo "$name. $type $addr"
				done
				continue
			fi
			;;
		outside) [[ $name != *".$zone.example" ]] || continue ;;
		esac
		if [[ $addr == - ]]; then
			[[ $filter != in-zone || $skip == *" $name/TXT"* ]] ||
				echo "$name. TXT \"this name has no address\""
			continue
		fi
		if [[ $addr == *:* ]]; then type=AAAA; else type=A; fi
		[[ $filter == in-zone && $skip == *" $name/$type"* ]] || echo "$name. $type $addr"
	done
}

# ---------------------------------------------------------------------------------------------
# Writing zones and configs

# One daemon's copy of ZONE: the defaults, changed by the zone's * then DAEMON overrides.
write_child_zone() { # ZONE DAEMON SERIAL FILE
	local zone=$1 d=$2 serial=$3 file=$4 apex=$1.example key ns i line owner
	local -a soa f
	# shellcheck disable=SC2206 # the timers are four words
	soa=("${CHILD_NS[$zone]%% *}." "hostmaster.$apex." $SOA_TIMERS)
	for key in "$zone/*" "$zone/$d"; do
		[[ -n ${OV_SOA[$key]:-} ]] || continue
		read -ra f <<<"${OV_SOA[$key]}"
		for i in 0 1 2 3 4 5; do [[ ${f[i]} == - ]] || soa[i]=${f[i]}; done
	done
	local own=${OV_RRSETS[$zone/$d]:-} star=${OV_RRSETS[$zone/*]:-}
	{
		echo "\$TTL ${OV_TTL[$zone/$d]:-${OV_TTL[$zone/*]:-60}}"
		echo "$apex. SOA ${soa[0]} ${soa[1]} $serial ${soa[2]} ${soa[3]} ${soa[4]} ${soa[5]}"
		for ns in ${OV_NS[$zone/$d]:-${OV_NS[$zone/*]:-${CHILD_NS[$zone]}}}; do
			echo "$apex. NS $ns."
		done
		address_records "$zone" in-zone "$own$star"
		[[ " $own$star" == *" www.$apex/A "* ]] || echo "www.$apex. A 192.0.2.200"
		printf '%s' "${OV_RR[$zone/$d]:-}"
		if [[ -n ${OV_RR[$zone/*]:-} ]]; then
			mapfile -t f <<<"${OV_RR[$zone/*]%$'\n'}"
			for line in "${f[@]}"; do
				owner=${line%% *} key=${line#* }
				[[ " $own" == *" ${owner%.}/${key%% *} "* ]] || echo "$line"
			done
		fi
	} >"$file"
}

write_tld_zone() { # FILE
	local zone ns k
	{
		echo "\$TTL 60"
		echo "example. SOA ns.example. hostmaster.example. 2026112501 $SOA_TIMERS"
		echo "example. NS ns.example."
		echo "ns.example. A $TLD_V4"
		echo "ns.example. AAAA $TLD_V6"
		for zone in "${ZONES[@]}"; do
			for ns in ${PARENT_NS[$zone]:-}; do echo "$zone.example. NS $ns."; done
			address_records "$zone" glue
			address_records "$zone" outside
			k=${OV_DS[$zone]:-}
			for k in ${k//,/ }; do cat "$(lab_key "$LAB_DIR" "$zone" "$k").ds"; done
		done
	} >"$1"
}

# Writes every zone copy and config under DIR; sets the variables start needs.
write_lab() { # DIR
	local dir=$1 zone d file specs spec
	mkdir -p "$dir"/{root,tld/db,nsd,knot/db,bind,unbound,responder}

	lab_root_zone "$dir/root/root.zone" 60 "$SOA_TIMERS" "$ROOT_V4 $ROOT_V6" "$TLD_V4 $TLD_V6"
	lab_nsd_conf "$dir/root" root-ns "$ROOT_V4 $ROOT_V6" "verbosity: 1" -- ".=$dir/root/root.zone"
	LAB_DIR=$dir
	write_tld_zone "$dir/tld/example.zone"
	lab_knot_conf "$dir/tld" tld-ns info "$TLD_V4 $TLD_V6" -- "example.=$dir/tld/example.zone"

	for d in nsd knot bind; do
		specs=()
		for zone in "${ZONES[@]}"; do
			[[ -n ${COPY[$zone/$d]:-} ]] || continue
			file=$dir/$d/$zone.example.zone
			write_child_zone "$zone" "$d" "${COPY[$zone/$d]}" "$file"
			spec=${OV_SIGN[$zone/$d]:-${OV_SIGN[$zone/*]:-}}
			[[ -z $spec ]] || sign_copy "$dir" "$zone" "$file" "$spec"
			specs+=("$zone.example=$file")
		done
		case $d in
		nsd) lab_nsd_conf "$dir/nsd" nsd-lab "${SERVER_ADDRS[nsd]}" "verbosity: 1" -- "${specs[@]}" ;;
		knot) lab_knot_conf "$dir/knot" knot-lab info "${SERVER_ADDRS[knot]}" -- "${specs[@]}" ;;
		bind) lab_named_conf "$dir/bind" bind-lab "${SERVER_ADDRS[bind]}" -- "${specs[@]}" ;;
		esac
	done
	lab_unbound_conf "$dir/unbound" "$ROOT_V4 $ROOT_V6" "verbosity: 1" \
		"interface: $RESOLVER_V4" "interface: $RESOLVER_V6" \
		"outgoing-interface: $RESOLVER_V4" "outgoing-interface: $RESOLVER_V6" \
		"log-time-ascii: yes" "so-reuseport: no" "msg-cache-size: 1m" "rrset-cache-size: 1m" \
		"infra-cache-numhosts: 200" "cache-max-ttl: 60" "cache-max-negative-ttl: 10" \
		"access-control: 0.0.0.0/0 allow" "access-control: ::/0 allow"
	responder_args >"$dir/responder/args"
}

# The responder's command line arguments, one per line.  Its zones hold the default content.
responder_args() {
	local i zone server ns listen
	local -A zones=()
	echo "$DEAD_RESOLVER=drop"
	for ((i = 0; i < NROWS; i++)); do
		server=${ROW_SERVER[i]} listen=${ROW_ADDR[i]}${ROW_PORT[i]:+#${ROW_PORT[i]}}
		case $server in
		drop | refused | servfail | garbage) echo "$listen=$server" ;;
		tc | noaa | wrongid | serve | udponly | tcpsilent) echo "$listen=$server:${ROW_SERIAL[i]}" ;;
		*) continue ;;
		esac
		zones[${ROW_ZONE[i]}]=1
	done
	for zone in "${ZONES[@]}"; do
		[[ -n ${zones[$zone]:-} ]] || continue
		ns=${CHILD_NS[$zone]% }
		echo "--zone=$zone.example=${ns// /,}"
		for i in ${ZONE_ROWS[$zone]}; do
			[[ ${ROW_NAME[i]} == *".$zone.example" ]] || continue
			if [[ ${ROW_ADDR[i]} == - ]]; then
				echo "--host=${ROW_NAME[i]}"
			else
				echo "--host=${ROW_NAME[i]}=${ROW_ADDR[i]}"
			fi
		done
		echo "--host=www.$zone.example=192.0.2.200"
	done
}

# Every address the namespace needs on lo, one per line.
all_addresses() {
	printf '%s\n' $ROOT_V4 $ROOT_V6 $TLD_V4 $TLD_V6 $RESOLVER_V4 $RESOLVER_V6 \
		$DEAD_RESOLVER $REFUSED_RESOLVER
	local i
	for ((i = 0; i < NROWS; i++)); do
		[[ ${ROW_ADDR[i]} == - ]] || echo "${ROW_ADDR[i]}"
	done
}

# ---------------------------------------------------------------------------------------------
# Running

# One probe per server process: "NAME PID ADDRESS ZONE DIG-OPTIONS...".  Used to wait for start-up.
readiness_probes() {
	local d i
	echo "root ${SPAWNED[root]} $ROOT_V4 . +norec"
	echo "tld ${SPAWNED[tld]} $TLD_V4 example. +norec"
	for d in nsd knot bind tc; do
		for ((i = 0; i < NROWS; i++)); do
			[[ ${ROW_SERVER[i]} == "$d" && ${ROW_SERIAL[i]} != - && ${ROW_ADDR[i]} != - ]] ||
				continue
			if [[ $d == tc ]]; then
				echo "responder ${SPAWNED[responder]} ${ROW_ADDR[i]} ${ROW_ZONE[i]}.example. +norec +tcp"
			else
				echo "$d ${SPAWNED[$d]} ${ROW_ADDR[i]} ${ROW_ZONE[i]}.example. +norec"
			fi
			break
		done
	done
	echo "unbound ${SPAWNED[unbound]} $RESOLVER_V4 sync.example. +rec"
}

# True while process PID exists and is not a zombie.
alive() { # PID
	local state
	[[ -r /proc/$1/stat ]] || return 1
	read -r _ _ state _ <"/proc/$1/stat" || return 1
	[[ $state != Z ]]
}

# Runs inside the namespace: polls one probe until it gets an SOA, or gives up at DEADLINE (us)
# or when the server process has exited.
poll_probe() { # DEADLINE NAME PID ADDRESS ZONE DIG-OPTIONS...
	local deadline=$1 name=$2 pid=$3 addr=$4 zone=$5 answer
	shift 5
	# dig prints its errors (";; connection refused") on stdout too: an answer is an SOA line.
	until answer=$(dig +time=1 +tries=1 +short "$@" "@$addr" "$zone" SOA 2>/dev/null) &&
		[[ $answer =~ ^[^\;].*\ [0-9]+\ [0-9]+\ [0-9]+\ [0-9]+\ [0-9]+$ ]]; do
		if ! alive "$pid"; then
			echo "lab.sh: $name (pid $pid) exited during start-up" >&2
			return 1
		fi
		if ((${EPOCHREALTIME/./} > deadline)); then
			echo "lab.sh: no answer from $name at $addr for $zone after ${START_TIMEOUT}s" >&2
			return 1
		fi
		sleep 0.02
	done
	[[ -z ${LAB_VERBOSE:-} ]] || echo "lab.sh: $name at $addr answers at $EPOCHREALTIME" >&2
}

# Runs inside the namespace: polls every probe of PROBE-FILE at once; fails if one gives up.
wait_ready() { # PROBE-FILE
	local deadline=$((${EPOCHREALTIME/./} + START_TIMEOUT * 1000000)) pid failed=0
	local -a pids=() args
	while read -r -a args; do
		poll_probe "$deadline" "${args[@]}" &
		pids+=($!)
	done <"$1"
	for pid in "${pids[@]}"; do
		wait "$pid" || failed=1
	done
	return $failed
}

# Starts one daemon in the namespace, in the background, output to DIR/NAME/stdout.  The
# `ip netns exec` process execs the daemon, so SPAWNED[NAME] is the daemon's pid.
spawn() { # NAME CMD...
	local name=$1
	shift
	ip netns exec "$NETNS" "$@" </dev/null >"$DIR/$name/stdout" 2>&1 &
	SPAWNED[$name]=$!
}

lab_start() {
	DIR=$1
	[[ $EUID == 0 ]] || die "must run as root"
	mkdir -p "$DIR"
	DIR=$(readlink -f "$DIR")
	[[ ! -e $DIR/netns ]] || die "$DIR already holds a lab ($(cat "$DIR/netns"))"
	load_table
	load_overrides

	NETNS=csoa-$$-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
	trap 'lab_stop "$DIR"' EXIT
	# One resolver only: a plugin that tries resolvers in turn would otherwise wait twice.
	lab_netns_add "$NETNS" "$DIR" "$RESOLVER_V4"

	write_lab "$DIR"
	# shellcheck disable=SC2046 # one address per word
	lab_netns_addresses "$NETNS" "$DIR/addresses.batch" $(all_addresses)

	local -A SPAWNED=()
	local python=${LAB_PYTHON:-/usr/bin/python3}
	[[ -x $python ]] || python=$(command -v python3) || die "python3 not found"
	spawn root nsd -d -c "$DIR/root/nsd.conf"
	spawn tld knotd -c "$DIR/tld/knot.conf"
	spawn nsd nsd -d -c "$DIR/nsd/nsd.conf"
	spawn knot knotd -c "$DIR/knot/knot.conf"
	spawn bind named -f -n 1 -c "$DIR/bind/named.conf"
	mapfile -t rargs <"$DIR/responder/args"
	spawn responder "$python" "$LAB_LIB/responder.py" -v "${rargs[@]}"
	spawn unbound unbound -d -c "$DIR/unbound/unbound.conf"

	readiness_probes >"$DIR/probes"
	if ! ip netns exec "$NETNS" "$LAB_SH" _wait "$DIR/probes"; then
		tail -n 5 "$DIR"/*/stdout "$DIR"/*/*.log >&2 2>/dev/null || true
		exit 1
	fi
	trap - EXIT
}

lab_stop() {
	local dir=$1 netns pids i
	[[ -f $dir/netns ]] || return 0
	netns=$(cat "$dir/netns")
	if [[ -e /run/netns/$netns ]]; then
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do
			pids=$(ip netns pids "$netns" 2>/dev/null || true)
			[[ -n $pids ]] || break
			# shellcheck disable=SC2086 # one pid per word
			if ((i == 1)); then
				kill -TERM $pids 2>/dev/null || true
			elif ((i == 25)); then
				kill -KILL $pids 2>/dev/null || true
			fi
			sleep 0.04
		done
		ip netns del "$netns" 2>/dev/null || true
	fi
	case $netns in csoa-* | csoab-*) rm -rf "/etc/netns/$netns" ;; esac # ours, or the benchmark's
	rm -f "$dir/netns"
	return 0
}

main() {
	[[ $# -ge 1 ]] || usage
	local cmd=$1
	shift
	case $cmd in
	start) [[ $# -eq 1 ]] || usage; lab_start "$1" ;;
	stop) [[ $# -eq 1 ]] || usage; lab_stop "$1" ;;
	exec)
		[[ $# -ge 2 ]] || usage
		[[ -f $1/netns ]] || die "no lab running in $1"
		exec ip netns exec "$(cat "$1/netns")" "${@:2}"
		;;
	table) lab_table ;;
	overrides) lab_overrides ;;
	check) load_table && load_overrides ;;
	_wait) wait_ready "$1" ;;
	*) usage ;;
	esac
}

main "$@"
