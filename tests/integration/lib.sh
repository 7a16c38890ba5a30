# lib.sh - the integration tests' one harness: TAP results, a lab or a private namespace, run_check, expect_*.
# shellcheck shell=bash disable=SC2001
#
# Source it, get a namespace, then alternate run_check and expectations, and end with
# done_testing.  The namespace is either the DNS lab of tests/lab/lab.sh (start_lab) or an
# empty one with addresses on its lo for servers the script brings itself (start_netns, then
# start_hostile for tests/lab/hostile.py):
#
#   . "$(dirname "$0")/lib.sh"
#   need_check_soa
#   start_lab
#   run_check -D lag.example
#   expect_exit 1
#   expect_line "[WARNING]" "192.0.2.23" "1 behind"
#   done_testing
#
# The description of an expectation starts with the command line of the last run, or with
# EXPECT_LABEL when set (EXPECT_LABEL=garbage expect_exit 1).  Set TODO=reason around
# assertions that fail because of a known plugin bug.  The hl_* names at the end are the same
# helpers under the names of the former hostile_lib.sh (a label first, OUT ERR RC MS).
#
# Environment: CHECK_SOA (absolute path of the built plugin), top_srcdir (the source tree; found
# from this file when unset), LAB_KEEP=1 to keep the lab's directory (configs, logs) afterwards,
# CHECK_SOA_WRAPPER (a command prefix for the plugin, such as tests/valgrind.sh; time bounds are
# then relaxed by WRAPPER_SLACK_MS, default 4000), BUDGET_MARGIN_MS (see expect_within_budget).

PATH=$PATH:/usr/sbin:/sbin
: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
LAB_SH=$top_srcdir/tests/lab/lab.sh
HOSTILE_PY=$top_srcdir/tests/lab/hostile.py
CHECK_TIMEOUT=30 # seconds before a hanging check_soa is killed
TEST_NUM=0
TEST_FAILED=0
LAB_DIR=     # the script's directory (the lab's, or the private namespace's)
LAB_NETNS=   # the namespace run_check and in_lab use
LAB_PRIVATE= # set by start_netns: the namespace holds only what start_hostile started
SERVER_PIDS=() # servers started by start_hostile
CHECK_PREFIX=() # put before the plugin's command by run_check, e.g. (strace -f -o FILE)

# ---------------------------------------------------------------------------------------------
# TAP

# Skip the whole script (TAP plan 1..0) and exit successfully.
skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# Printable form of a string for a TAP line (no raw newlines or control bytes).
printable() {
	printf '%s' "$*" | tr -c '[:print:]' '?'
}

# Print one TAP result.  PASSED is 0 for ok; on failure TAP_DIAG is shown, or else the last
# check_soa run.  While TODO is set (to the reason), results are TAP TODO: a failure is
# expected (XFAIL) and a pass is reported as unexpected (XPASS), which fails `make check`.
tap_result() { # PASSED DESCRIPTION
	local todo=${TODO:+ # TODO $TODO}
	TEST_NUM=$((TEST_NUM + 1))
	if [[ $1 == 0 ]]; then
		echo "ok $TEST_NUM - $(printable "$2")$todo"
		return 0
	fi
	[[ -n $todo ]] || TEST_FAILED=$((TEST_FAILED + 1))
	echo "not ok $TEST_NUM - $(printable "$2")$todo"
	if [[ -n ${TAP_DIAG:-} ]]; then
		sed 's/^/# /' <<<"$TAP_DIAG" | cat -v
	elif [[ -n ${CHECK_ARGS+x} ]]; then
		echo "# command: check_soa $(printable "${CHECK_ARGS[*]}")"
		echo "# exit: $CHECK_EXIT, time: ${CHECK_MS} ms"
		sed 's/^/# output: /' <<<"$CHECK_OUT" | cat -v
		[[ -z $CHECK_ERR ]] || sed 's/^/# stderr: /' <<<"$CHECK_ERR" | head -n 40 | cat -v
	fi
	return 0
}

# One TAP result with its own diagnostics: ok PASSED DESCRIPTION [DIAGNOSTICS].
ok() {
	TAP_DIAG=${3:-} tap_result "$1" "$2"
}

# Print the plan and exit non-zero if anything failed.
done_testing() {
	echo "1..$TEST_NUM"
	[[ $TEST_FAILED == 0 ]] || { echo "# $TEST_FAILED of $TEST_NUM failed"; exit 1; }
	exit 0
}

# ---------------------------------------------------------------------------------------------
# The namespace

# Skip unless we can build a lab: root, ip netns, the DNS daemons, dig and python3.
lab_requirements() {
	local tool
	[[ $(id -u) == 0 ]] || skip_all "needs root for network namespaces"
	ip netns list >/dev/null 2>&1 || skip_all "ip netns is not available"
	for tool in nsd knotd named unbound dig python3; do
		command -v "$tool" >/dev/null || skip_all "$tool is not installed"
	done
}

# Skip unless CHECK_SOA names an executable plugin.
need_check_soa() {
	[[ -n ${CHECK_SOA:-} ]] || skip_all "CHECK_SOA is not set"
	[[ -x $CHECK_SOA ]] || skip_all "$CHECK_SOA is not built"
}

# A fresh LAB_DIR; stop_lab runs when the script exits.
make_lab_dir() { # PREFIX
	LAB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
	trap stop_lab EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# Start a lab in a fresh temporary directory; it is stopped and removed when the script exits.
start_lab() {
	lab_requirements
	make_lab_dir csoa-lab
	if ! "$LAB_SH" start "$LAB_DIR" 2>"$LAB_DIR/start.err"; then
		sed 's/^/# /' "$LAB_DIR/start.err"
		echo "Bail out! the DNS lab did not start: $(head -n 1 "$LAB_DIR/start.err")"
		exit 1
	fi
	LAB_NETNS=$(cat "$LAB_DIR/netns")
}

# Start an empty namespace with ADDRESSes on its lo, for servers the script brings itself
# (start_hostile); it is deleted when the script exits.
start_netns() { # ADDRESS...
	local a
	[[ $(id -u) == 0 ]] || skip_all "needs root for network namespaces"
	command -v python3 >/dev/null || skip_all "python3 is not installed"
	make_lab_dir csoa-hostile
	LAB_NETNS=csoa-hl-$$-$RANDOM
	ip netns add "$LAB_NETNS" 2>/dev/null || skip_all "ip netns is not available"
	LAB_PRIVATE=1
	ip -n "$LAB_NETNS" link set lo up
	for a in "$@"; do
		if [[ $a == *:* ]]; then
			ip -n "$LAB_NETNS" addr add "$a/128" dev lo nodad
		else
			ip -n "$LAB_NETNS" addr add "$a/32" dev lo
		fi
	done
}

# Start tests/lab/hostile.py with ARGS in the namespace; wait until it is bound.
start_hostile() { # ARGS...
	local ready=$LAB_DIR/ready.$RANDOM i
	# ip netns exec (not the in_lab function, whose subshell would be what $! names) so that
	# the PID kept for stop_lab is the server's own
	ip netns exec "$LAB_NETNS" python3 "$HOSTILE_PY" --ready "$ready" \
		--log "$LAB_DIR/hostile.log" "$@" >>"$LAB_DIR/hostile.out" 2>&1 &
	SERVER_PIDS+=($!)
	for i in $(seq 1 100); do
		[[ -s $ready ]] && return 0
		kill -0 "${SERVER_PIDS[-1]}" 2>/dev/null || break
		sleep 0.05
	done
	echo "Bail out! hostile.py did not start: $(tr '\n' ' ' <"$LAB_DIR/hostile.out")"
	exit 1
}

# Stop what the script started (the servers of start_hostile, then the namespace; a lab through
# lab.sh stop, which ends every process in it) and remove LAB_DIR unless LAB_KEEP is set.
# Idempotent.
stop_lab() {
	local pid
	for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
	SERVER_PIDS=()
	[[ -n $LAB_DIR ]] || return 0
	if [[ -n $LAB_PRIVATE ]]; then # start_netns: only the servers above ran in it
		ip netns del "$LAB_NETNS" 2>/dev/null
	else
		"$LAB_SH" stop "$LAB_DIR" || true
	fi
	if [[ -n ${LAB_KEEP:-} ]]; then
		echo "# lab directory kept: $LAB_DIR"
	else
		rm -rf "$LAB_DIR"
	fi
	LAB_DIR=
	LAB_NETNS=
	LAB_PRIVATE=
}

# Run a command inside the namespace.
in_lab() {
	ip netns exec "$LAB_NETNS" "$@"
}

# ---------------------------------------------------------------------------------------------
# Running the plugin

# Microseconds since the epoch, without forking.
now_us() {
	local t=${EPOCHREALTIME//[.,]/}
	echo "$((10#$t))"
}

# Run check_soa ARGS... in the namespace, after CHECK_PREFIX (and HL_PREFIX) if set.  Sets
# CHECK_ARGS, CHECK_OUT, CHECK_ERR, CHECK_EXIT, CHECK_MS; the output is also in
# $LAB_DIR/check.out and $LAB_DIR/check.err.
run_check() {
	local start end
	local -a prefix=("${CHECK_PREFIX[@]}" "${HL_PREFIX[@]}")
	CHECK_ARGS=("$@")
	start=$(now_us)
	CHECK_EXIT=0
	# shellcheck disable=SC2086 # CHECK_SOA_WRAPPER is a command prefix (make check-valgrind)
	in_lab timeout -k 1 "$CHECK_TIMEOUT" "${prefix[@]}" ${CHECK_SOA_WRAPPER:-} "$CHECK_SOA" "$@" \
		>"$LAB_DIR/check.out" 2>"$LAB_DIR/check.err" || CHECK_EXIT=$?
	end=$(now_us)
	CHECK_MS=$(((end - start) / 1000))
	echo "# check_soa $(printable "$*"): exit $CHECK_EXIT after $CHECK_MS ms"
	CHECK_OUT=$(cat "$LAB_DIR/check.out")
	CHECK_ERR=$(cat "$LAB_DIR/check.err")
}

# The label of the last run, for test descriptions: EXPECT_LABEL, or its command line.
what() {
	echo "${EXPECT_LABEL:-check_soa ${CHECK_ARGS[*]}}"
}

# ---------------------------------------------------------------------------------------------
# Expectations on the last run (they work with and without `set -e`)

expect_exit() { # CODE
	local r=1
	[[ $CHECK_EXIT != "$1" ]] || r=0
	tap_result $r "$(what): exits $1"
}

expect_out() { # SUBSTRING
	local r=1
	[[ $CHECK_OUT != *"$1"* ]] || r=0
	tap_result $r "$(what): output has '$1'"
}

expect_not_out() { # SUBSTRING
	local r=1
	[[ $CHECK_OUT == *"$1"* ]] || r=0
	tap_result $r "$(what): output lacks '$1'"
}

# The first (status) line contains SUBSTRING.
expect_status() { # SUBSTRING
	local r=1
	[[ ${CHECK_OUT%%$'\n'*} != *"$1"* ]] || r=0
	tap_result $r "$(what): status line has '$1'"
}

# The status line's text, before " |" (the whole line when there is no perfdata), is TEXT.
expect_status_is() { # TEXT
	local r=1 status=${CHECK_OUT%%$'\n'*}
	status=${status%% |*}
	[[ $status != "$1" ]] || r=0
	TAP_DIAG="command: check_soa ${CHECK_ARGS[*]}"$'\n'"want: $1"$'\n'"got:  $status" tap_result $r "$(what): status line is '$1'"
}

# The first lines containing each SUBSTRING come in this order (README: failures first, then
# servers ahead, behind, in sync).
expect_order() { # SUBSTRING...
	local sub n last=0 r=0 desc
	for sub in "$@"; do
		n=$(grep -nF -m 1 -- "$sub" <<<"$CHECK_OUT" | cut -d: -f1)
		if [[ -z $n || $n -le $last ]]; then
			r=1
			break
		fi
		last=$n
	done
	desc=$(printf "'%s' " "$@")
	tap_result $r "$(what): lines in the order ${desc% }"
}

# True if LINE contains every SUBSTRING.
line_has_all() { # LINE SUBSTRING...
	local line=$1 sub
	shift
	for sub in "$@"; do
		[[ $line == *"$sub"* ]] || return 1
	done
	return 0
}

# Some line of the output contains every SUBSTRING.
expect_line() { # SUBSTRING...
	local line r=1 desc
	while IFS= read -r line; do
		if line_has_all "$line" "$@"; then
			r=0
			break
		fi
	done <<<"$CHECK_OUT"
	desc=$(printf "'%s' " "$@")
	tap_result $r "$(what): a line has ${desc% }"
}

# Some line of the output matches the extended regular expression RE.
expect_match() { # RE
	local r=1
	grep -Eq -- "$1" <<<"$CHECK_OUT" && r=0
	tap_result $r "$(what): a line matches /$1/"
}

# Exactly COUNT lines of the output contain SUBSTRING.
expect_line_count() { # SUBSTRING COUNT
	local n r=1
	n=$(grep -cF -- "$1" <<<"$CHECK_OUT" || true)
	[[ $n != "$2" ]] || r=0
	tap_result $r "$(what): $2 line(s) with '$1' (found $n)"
}

# The output is well formed: a "SOA STATE - " status line with at most one '|' (exactly one
# when WANT_PERF is yes, the default), perfdata labels without quotes, '=' or spaces,
# long-output lines that start with '[' or "NS ", only printable ASCII, and the output ends
# with a newline.
expect_well_formed() { # [WANT_PERF]
	local want=${1:-yes} problems r=1
	problems=$(python3 - "$LAB_DIR/check.out" "$want" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
want_perf = sys.argv[2] == "yes"
bad = []
if not data.endswith(b"\n"):
    bad.append("output does not end with a newline")
if any(c < 0x20 and c != 0x0a or c >= 0x7f for c in data):
    bad.append("a byte outside printable ASCII")
lines = data.decode("latin-1").split("\n")[:-1]
status = lines[0] if lines else ""
if not re.match(r"SOA (OK|WARNING|CRITICAL|UNKNOWN) - ", status):
    bad.append("status line does not start with 'SOA STATE - '")
bars = status.count("|")
if bars > 1 or (want_perf and bars != 1):
    bad.append("status line has %d '|'" % bars)
if bars == 1:
    for item in status.split("|", 1)[1].split():
        if not re.fullmatch(r"[A-Za-z0-9._:/@+%-]+=-?[0-9.]+[A-Za-z%]*(;[0-9.:~@-]*){0,4}", item):
            bad.append("perfdata item %r" % item)
for line in lines[1:]:
    if not (line.startswith("[") or line.startswith("NS ")):
        bad.append("long-output line %r" % line)
print("\n".join(bad))
PY
)
	[[ -n $problems ]] || r=0
	tap_result $r "$(what): output is well formed${problems:+ ($(tr '\n' ';' <<<"$problems"))}"
}

# Time bounds. Only the bound README promises is asserted, with a margin for a loaded machine
# (the plugin's own backstop fires at -t + 0.2 s; process start and ip netns exec come on top):
# BUDGET_MARGIN_MS (default 1000), plus WRAPPER_SLACK_MS (default 4000) under CHECK_SOA_WRAPPER.
# Every run's time is printed as a TAP comment by run_check; finer timing (retransmits, the
# split of the budget) belongs to the deterministic engine tests.
time_margin_ms() {
	local margin=${BUDGET_MARGIN_MS:-1000}
	[[ -z ${CHECK_SOA_WRAPPER:-} ]] || margin=$((margin + ${WRAPPER_SLACK_MS:-4000}))
	echo "$margin"
}

# The run ended inside its -t budget of SECONDS (may be fractional), plus the margin.
expect_within_budget() { # SECONDS
	local r=1 limit margin
	margin=$(time_margin_ms)
	if [[ $1 =~ ^[0-9]+$ ]]; then
		limit=$(($1 * 1000 + margin))
	else
		limit=$(awk -v s="$1" -v m="$margin" 'BEGIN { printf "%d", s * 1000 + m }')
	fi
	((CHECK_MS >= limit)) || r=0
	tap_result $r "$(what): ended inside -t $1 (+ margin): $CHECK_MS ms < $limit ms"
}

# The run did not wait for its -t budget of SECONDS: it ended before half of it (plus the
# wrapper's slack). For failures that must be seen at once, with a budget far above that.
expect_before_budget() { # SECONDS
	local r=1 limit=$(($1 * 500))
	[[ -z ${CHECK_SOA_WRAPPER:-} ]] || limit=$((limit + ${WRAPPER_SLACK_MS:-4000}))
	((CHECK_MS >= limit)) || r=0
	tap_result $r "$(what): did not wait for -t $1: $CHECK_MS ms < $limit ms"
}

# A free-form assertion: expect_true DESCRIPTION COMMAND...  Shows the command's output on failure.
expect_true() {
	local desc=$1 r=1 TAP_DIAG
	shift
	TAP_DIAG=$("$@" 2>&1) && r=0
	TAP_DIAG="command: $*"$'\n'"$TAP_DIAG"
	tap_result $r "$desc"
}

# ---------------------------------------------------------------------------------------------
# The names of the former hostile_lib.sh: a label first; hl_run sets OUT ERR RC MS as well.

HL_ARGS=()
HL_PREFIX=()
HL_DIR=
HL_NETNS=
hl_skip_all() { skip_all "$@"; }
hl_setup() { # ADDRESS...
	[[ -n ${CHECK_SOA:-} && -x ${CHECK_SOA:-} ]] || skip_all "CHECK_SOA is not set to the built plugin"
	start_netns "$@"
	HL_DIR=$LAB_DIR HL_NETNS=$LAB_NETNS
	ln -s check.out "$LAB_DIR/out" # the file names hostile_lib.sh wrote
	ln -s check.err "$LAB_DIR/err"
}
hl_cleanup() { stop_lab; }
hl_in() { in_lab "$@"; }
hl_hostile() { start_hostile "$@"; }
hl_now_us() { now_us; }
hl_printable() { printable "$@"; }
hl_run() { # ARGS...
	local CHECK_TIMEOUT=60
	run_check "$@"
	HL_ARGS=("$@") OUT=$CHECK_OUT ERR=$CHECK_ERR RC=$CHECK_EXIT MS=$CHECK_MS
}
hl_ok() { tap_result "$@"; }                                          # STATUS DESCRIPTION
hl_expect_exit() { EXPECT_LABEL=${2:-run} expect_exit "$1"; }        # CODE [LABEL]
hl_expect_line() { EXPECT_LABEL=$1 expect_line "${@:2}"; }           # LABEL SUBSTRING...
hl_expect_match() { EXPECT_LABEL=$1 expect_match "$2"; }             # LABEL RE
hl_expect_time() { EXPECT_LABEL=$1 expect_within_budget "$2"; }      # LABEL SECONDS
hl_expect_well_formed() { EXPECT_LABEL=$1 expect_well_formed "${2:-yes}"; } # LABEL [WANT_PERF]
hl_done() { done_testing; }
