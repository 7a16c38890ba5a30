# lib.sh - shared TAP helpers for check_soa's integration tests: a lab per script, run_check, expect_*.
# shellcheck shell=bash disable=SC2001
#
# Source it, call start_lab (and need_check_soa when the script runs the plugin), then alternate
# run_check and expectations, and end with done_testing:
#
#   . "$(dirname "$0")/lib.sh"
#   need_check_soa
#   start_lab
#   run_check -D lag.example
#   expect_exit 1
#   expect_line "[WARNING]" "192.0.2.23" "1 behind"
#   done_testing
#
# Set TODO=reason around assertions that fail because of a known plugin bug.
#
# Environment: CHECK_SOA (absolute path of the built plugin), top_srcdir (the source tree; found
# from this file when unset), LAB_KEEP=1 to keep the lab's directory (configs, logs) afterwards,
# CHECK_SOA_WRAPPER (a command prefix for the plugin, such as tests/valgrind.sh).

PATH=$PATH:/usr/sbin:/sbin
: "${top_srcdir:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
LAB_SH=$top_srcdir/tests/lab/lab.sh
CHECK_TIMEOUT=30 # seconds before a hanging check_soa is killed
TEST_NUM=0
TEST_FAILED=0
LAB_DIR=
LAB_NETNS=

# Skip the whole script (TAP plan 1..0) and exit successfully.
skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

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

# Start a lab in a fresh temporary directory; it is stopped and removed when the script exits.
start_lab() {
	lab_requirements
	LAB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/csoa-lab.XXXXXX")
	trap stop_lab EXIT
	trap 'exit 129' HUP
	trap 'exit 130' INT
	trap 'exit 143' TERM
	if ! "$LAB_SH" start "$LAB_DIR" 2>"$LAB_DIR/start.err"; then
		sed 's/^/# /' "$LAB_DIR/start.err"
		echo "Bail out! the DNS lab did not start: $(head -n 1 "$LAB_DIR/start.err")"
		exit 1
	fi
	LAB_NETNS=$(cat "$LAB_DIR/netns")
}

stop_lab() {
	[[ -n $LAB_DIR ]] || return 0
	"$LAB_SH" stop "$LAB_DIR" || true
	if [[ -n ${LAB_KEEP:-} ]]; then
		echo "# lab directory kept: $LAB_DIR"
	else
		rm -rf "$LAB_DIR"
	fi
	LAB_DIR=
}

# Run a command inside the lab's namespace.
in_lab() {
	ip netns exec "$LAB_NETNS" "$@"
}

# Microseconds since the epoch, without forking.
now_us() {
	local t=${EPOCHREALTIME//[.,]/}
	echo "$((10#$t))"
}

# Run check_soa ARGS... in the lab.  Sets CHECK_ARGS, CHECK_OUT, CHECK_ERR, CHECK_EXIT, CHECK_MS.
run_check() {
	local start end
	CHECK_ARGS=("$@")
	start=$(now_us)
	CHECK_EXIT=0
	# shellcheck disable=SC2086 # CHECK_SOA_WRAPPER is a command prefix (make check-valgrind)
	in_lab timeout -k 1 "$CHECK_TIMEOUT" ${CHECK_SOA_WRAPPER:-} "$CHECK_SOA" "$@" \
		>"$LAB_DIR/check.out" 2>"$LAB_DIR/check.err" || CHECK_EXIT=$?
	end=$(now_us)
	CHECK_MS=$(((end - start) / 1000))
	echo "# check_soa $*: exit $CHECK_EXIT after $CHECK_MS ms"
	CHECK_OUT=$(cat "$LAB_DIR/check.out")
	CHECK_ERR=$(cat "$LAB_DIR/check.err")
}

# Print one TAP result.  PASSED is 0 for ok; on failure the last check_soa run is shown.
# While TODO is set (to the reason), results are TAP TODO: a failure is expected (XFAIL)
# and a pass is reported as unexpected (XPASS), which fails `make check`.
tap_result() { # PASSED DESCRIPTION
	local todo=${TODO:+ # TODO $TODO}
	TEST_NUM=$((TEST_NUM + 1))
	if [[ $1 == 0 ]]; then
		echo "ok $TEST_NUM - $2$todo"
		return 0
	fi
	[[ -n $todo ]] || TEST_FAILED=$((TEST_FAILED + 1))
	echo "not ok $TEST_NUM - $2$todo"
	if [[ -n ${TAP_DIAG:-} ]]; then
		sed 's/^/# /' <<<"$TAP_DIAG"
	elif [[ -n ${CHECK_ARGS+x} ]]; then
		echo "# command: check_soa ${CHECK_ARGS[*]}"
		echo "# exit: $CHECK_EXIT, time: ${CHECK_MS} ms"
		sed 's/^/# output: /' <<<"$CHECK_OUT"
		[[ -z $CHECK_ERR ]] || sed 's/^/# stderr: /' <<<"$CHECK_ERR"
	fi
	return 0
}

# The label of the last run, for test descriptions.
what() {
	echo "check_soa ${CHECK_ARGS[*]}"
}

# The assertions below work with and without `set -e`.

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

# Exactly COUNT lines of the output contain SUBSTRING.
expect_line_count() { # SUBSTRING COUNT
	local n r=1
	n=$(grep -cF -- "$1" <<<"$CHECK_OUT" || true)
	[[ $n != "$2" ]] || r=0
	tap_result $r "$(what): $2 line(s) with '$1' (found $n)"
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

# The run ended inside its -t budget of SECONDS (an integer), plus the margin.
expect_within_budget() { # SECONDS
	local r=1 limit
	limit=$(($1 * 1000 + $(time_margin_ms)))
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

# Print the plan and exit non-zero if anything failed.
done_testing() {
	echo "1..$TEST_NUM"
	[[ $TEST_FAILED == 0 ]] || { echo "# $TEST_FAILED of $TEST_NUM failed"; exit 1; }
	exit 0
}
