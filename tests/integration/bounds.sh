#!/bin/bash
# bounds.sh - resource caps are enforced and reported; descriptors are closed; a low fd limit is survived.
#
# In a private network namespace, tests/lab/hostile.py plays resolver, parent and servers for
# zones that exceed the caps: more NS names than SERVERS_NAMES_MAX (32; 40 and 300), a name
# with more addresses than SERVERS_ADDRS_PER_NAME (16), more servers than SERVERS_MAX (256:
# addresses, and names without address past it), exactly SERVERS_MAX, and 16 providers with
# every consistency check. Each run must say "N not checked (limits reached)" with the true N,
# as a WARNING (never OK for what was not checked). Then 64 servers are checked
# under `ulimit -n 24`: every one is still asked and answers, and (under strace) every socket
# the plugin opened was closed.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa

T=4
FD_ADDRS=() CAP_ADDRS=()
for i in $(seq 1 64); do FD_ADDRS+=("198.51.100.$i"); done
for i in $(seq 101 120); do CAP_ADDRS+=("203.0.113.$i"); done
PROV_ADDRS=()
for i in $(seq 201 232); do PROV_ADDRS+=("203.0.113.$i"); done
start_netns "${FD_ADDRS[@]}" "${CAP_ADDRS[@]}" "${PROV_ADDRS[@]}" 203.0.113.65 203.0.113.66 \
	203.0.113.20 203.0.113.21 203.0.113.22 \
	203.0.113.30 203.0.113.31 203.0.113.40 203.0.113.41 203.0.113.42 \
	203.0.113.50 203.0.113.51 203.0.113.52 203.0.113.55 203.0.113.56 203.0.113.57 \
	203.0.113.58 203.0.113.59 203.0.113.53 203.0.113.54

# --- the descriptor limit: 64 servers, 24 descriptors ---------------------------------------
specs=()
for a in "${FD_ADDRS[@]}"; do specs+=("good=$a"); done
start_hostile --zone fd.example. --serial 42 "${specs[@]}"
args=(-D fd.example -t "$T" --query-timeout 2)
for a in "${FD_ADDRS[@]}"; do args+=(-n "$a"); done
CHECK_PREFIX=(bash -c 'ulimit -n 24 && exec "$@"' ulimit)
run_check "${args[@]}"
CHECK_PREFIX=()
EXPECT_LABEL="64 servers under ulimit -n 24"
expect_exit 0
expect_line "64 servers in sync, serial 42"
expect_within_budget "$T"

if [[ -z ${CHECK_SOA_WRAPPER:-} ]] && command -v strace >/dev/null; then
	# LeakSanitizer cannot run under ptrace: leak detection off for this run
	CHECK_PREFIX=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
		strace -f -qq -e trace=socket,close -o "$LAB_DIR/strace")
	run_check "${args[@]}"
	CHECK_PREFIX=()
	leaks=$(awk '
		/socket\(/ && / = [0-9]+$/ { open[$NF] = 1; n++ }
		/close\(/ && / = 0$/ { sub(/.*close\(/, ""); sub(/\).*/, ""); delete open[$0] }
		END { for (fd in open) printf "%s ", fd; if (n < 64) print "only " n " sockets" }' \
		"$LAB_DIR/strace")
	[[ $CHECK_EXIT == 0 && -z $leaks ]]
	ok $? "64 servers: every socket opened is closed${leaks:+ (left open: $leaks)}"
fi

# --- more NS names than SERVERS_NAMES_MAX -------------------------------------------------
table=$LAB_DIR/names.table
{
	echo "example. NS ns.parent.test."
	echo "ns.parent.test. A 203.0.113.21"
	for i in $(seq 1 40); do
		echo "names.example. NS ns$i.names.example."
		echo "ns$i.names.example. A 203.0.113.22"
	done
} >"$table"
start_hostile --zone names.example. --serial 5 --table "$table" \
	resolver=203.0.113.20 parent=203.0.113.21 good=203.0.113.22
run_check -D names.example -s 203.0.113.20 -t "$T" --query-timeout 1
EXPECT_LABEL="40 NS names"
expect_exit 1 # what a cap left out is never OK
expect_line "servers=32;" "in_sync=32;"
expect_line "8 not checked (limits reached)"
expect_well_formed
expect_within_budget "$T"

# --- more addresses per name than SERVERS_ADDRS_PER_NAME ---------------------------------
table=$LAB_DIR/addrs.table
{
	echo "example. NS ns.parent.test."
	echo "ns.parent.test. A 203.0.113.31"
	echo "addrs.example. NS ns1.addrs.example."
	for a in "${CAP_ADDRS[@]}" "${CAP_ADDRS[@]:0:3}"; do # 3 repeated: counted once
		echo "ns1.addrs.example. A $a"
	done
} >"$table"
specs=(resolver=203.0.113.30 parent=203.0.113.31)
for a in "${CAP_ADDRS[@]}"; do specs+=("good=$a"); done
start_hostile --zone addrs.example. --serial 6 --table "$table" "${specs[@]}"
run_check -D addrs.example -s 203.0.113.30 -t "$T" --query-timeout 1
EXPECT_LABEL="20 addresses for one NS name"
expect_exit 1
expect_line "servers=16;" "in_sync=16;"
expect_line "4 not checked (limits reached)"
expect_well_formed
expect_within_budget "$T"

# --- more addresses than SERVERS_MAX -----------------------------------------------------
table=$LAB_DIR/total.table
{
	echo "example. NS ns.parent.test."
	echo "ns.parent.test. A 203.0.113.41"
	echo "total.example. NS ns0.total.example."
	echo "ns0.total.example. A 203.0.113.42"
	for i in $(seq 1 20); do
		echo "total.example. NS ns$i.total.example."
		for j in $(seq 1 16); do
			echo "ns$i.total.example. AAAA 2001:db8:$i::$j"
		done
	done
} >"$table"
start_hostile --zone total.example. --serial 7 --table "$table" \
	resolver=203.0.113.40 parent=203.0.113.41 good=203.0.113.42
run_check -D total.example -s 203.0.113.40 -t "$T" --query-timeout 1
EXPECT_LABEL="321 addresses"
expect_exit 1
expect_line "65 not checked (limits reached)"
expect_line "255 of 256 servers unreachable"
expect_match '^\[OK\] ns0.total.example 203.0.113.42: serial 7'
expect_well_formed
expect_within_budget "$T"

# --- 300 NS names, one address each: the true count of what was left out -----------------
table=$LAB_DIR/wide.table
{
	echo "example. NS ns.parent.test."
	echo "ns.parent.test. A 203.0.113.51"
	for i in $(seq 1 300); do
		echo "wide.example. NS ns$i.wide.example."
		echo "ns$i.wide.example. A 203.0.113.52"
	done
} >"$table"
start_hostile --zone wide.example. --serial 8 --table "$table" \
	resolver=203.0.113.50 parent=203.0.113.51 good=203.0.113.52
run_check -D wide.example -s 203.0.113.50 -t "$T" --query-timeout 1
EXPECT_LABEL="300 NS names"
expect_exit 1
expect_line "servers=32;" "in_sync=32;"
expect_status "32 servers in sync, serial 8, 268 not checked (limits reached)"
expect_well_formed
expect_within_budget "$T"

# --- 272 servers: names with and without addresses, one RNAME differs --------------------
# SERVERS_MAX (256) is reached among the addresses; the 14 names without address after them
# are counted, not added (the judge and report read at most SERVERS_MAX servers: under
# AddressSanitizer a server past it was a stack-buffer-overflow in the consistency line).
table=$LAB_DIR/mixed.table
{
	echo "example. NS ns.parent.test."
	echo "ns.parent.test. A 203.0.113.56"
	echo "mixed.example. NS nsa.mixed.example."
	echo "nsa.mixed.example. A 203.0.113.57"
	echo "mixed.example. NS nsb.mixed.example."
	echo "nsb.mixed.example. A 203.0.113.58"
	for i in $(seq 1 16); do
		echo "mixed.example. NS ns$i.mixed.example."
		for j in $(seq 1 16); do echo "ns$i.mixed.example. AAAA 2001:db8:5$i::$j"; done
	done
	for i in $(seq 17 30); do echo "mixed.example. NS ns$i.mixed.example."; done
} >"$table"
start_hostile --zone mixed.example. --serial 9 --table "$table" \
	resolver=203.0.113.55 parent=203.0.113.56 good=203.0.113.57
start_hostile --zone mixed.example. --serial 9 --table "$table" --rname dns-admin.mixed.example. \
	good=203.0.113.58
run_check -D mixed.example -s 203.0.113.55 -t "$T" --query-timeout 1
EXPECT_LABEL="272 servers, names without address past the cap"
expect_exit 1
expect_line "servers=256;"
expect_status "16 not checked (limits reached)"
expect_status "SOA RNAME differs: hostmaster.mixed.example (nsa.mixed.example 203.0.113.57) / dns-admin.mixed.example (nsb.mixed.example 203.0.113.58)"
expect_not_out "no address"
expect_well_formed
expect_within_budget "$T"

# --- at the cap exactly: 256 servers, the last a name without address ---------------------
table=$LAB_DIR/exact.table
{
	echo "example. NS ns.parent.test."
	echo "ns.parent.test. A 203.0.113.54"
	echo "exact.example. NS nsa.exact.example."
	echo "nsa.exact.example. A 203.0.113.53"
	for i in $(seq 1 15); do
		echo "exact.example. NS ns$i.exact.example."
		for j in $(seq 1 16); do echo "ns$i.exact.example. AAAA 2001:db8:5$i::$j"; done
	done
	echo "exact.example. NS ns16.exact.example."
	for j in $(seq 1 14); do echo "ns16.exact.example. AAAA 2001:db8:516::$j"; done
	echo "exact.example. NS ns17.exact.example."
} >"$table"
start_hostile --zone exact.example. --serial 9 --table "$table" \
	resolver=203.0.113.59 parent=203.0.113.54 good=203.0.113.53
run_check -D exact.example -s 203.0.113.59 -t "$T" --query-timeout 1
EXPECT_LABEL="256 servers exactly, the last without address"
expect_line "servers=256;"
expect_not_out "not checked"
expect_status "1 NS name has no address (ns17.exact.example)"
expect_well_formed

# --- 16 providers, all four consistency checks: the last provider's REFRESH differs ---------
# Results used to stop at 32 slots (8 providers x 4 checks): the 16th provider's difference
# made no finding and the zone was OK.
table=$LAB_DIR/prov.table
provider_args=()
{
	echo "example. NS ns.parent.test."
	echo "ns.parent.test. A 203.0.113.66"
	for p in $(seq 1 16); do
		for s in 1 2; do
			echo "prov.example. NS ns$s.p$p.prov.example."
			echo "ns$s.p$p.prov.example. A ${PROV_ADDRS[$((2 * p + s - 3))]}"
		done
	done
} >"$table"
for p in $(seq 1 16); do provider_args+=(--provider "p$p=*.p$p.prov.example"); done
specs=(resolver=203.0.113.65 parent=203.0.113.66)
for a in "${PROV_ADDRS[@]:0:31}"; do specs+=("good=$a"); done
start_hostile --zone prov.example. --serial 10 --table "$table" "${specs[@]}"
start_hostile --zone prov.example. --serial 10 --table "$table" --refresh 7200 \
	"good=${PROV_ADDRS[31]}"
run_check -D prov.example -s 203.0.113.65 -t "$T" --query-timeout 1 "${provider_args[@]}"
EXPECT_LABEL="16 providers, the last one's REFRESH differs"
expect_exit 1
expect_status "provider p16: SOA timers differ: refresh 3600 retry 600 expire 86400 minimum 60 (ns1.p16.prov.example ${PROV_ADDRS[30]}) / refresh 7200 retry 600 expire 86400 minimum 60 (ns2.p16.prov.example ${PROV_ADDRS[31]})"
expect_line "[WARNING] ns2.p16.prov.example ${PROV_ADDRS[31]}" "serves different SOA fields"

done_testing
