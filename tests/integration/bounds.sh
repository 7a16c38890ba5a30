#!/bin/bash
# bounds.sh - resource caps are enforced and reported; descriptors are closed; a low fd limit is survived.
#
# In a private network namespace, tests/lab/hostile.py plays resolver, parent and servers for
# zones that exceed the caps: more NS names than SERVERS_NAMES_MAX (32), a name with more
# addresses than SERVERS_ADDRS_PER_NAME (16), more addresses than SERVERS_MAX (256). Each
# run must say "N not checked (limits reached)" with the right N. Then 64 servers are checked
# under `ulimit -n 24`: every one is still asked and answers, and (under strace) every socket
# the plugin opened was closed.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa

T=4
FD_ADDRS=() CAP_ADDRS=()
for i in $(seq 1 64); do FD_ADDRS+=("198.51.100.$i"); done
for i in $(seq 101 120); do CAP_ADDRS+=("203.0.113.$i"); done
start_netns "${FD_ADDRS[@]}" "${CAP_ADDRS[@]}" 203.0.113.20 203.0.113.21 203.0.113.22 \
	203.0.113.30 203.0.113.31 203.0.113.40 203.0.113.41 203.0.113.42

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
expect_exit 0
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
expect_exit 0
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

done_testing
