#!/bin/sh
# valgrind.sh - run a command under valgrind memcheck; fail (exit 99) on any memory error, leak or leaked descriptor.
#
# Usage: tests/valgrind.sh COMMAND [ARG...]
# Used as CHECK_SOA_WRAPPER by the integration tests and as LOG_COMPILER for the unit tests
# (make check-valgrind). The command's stdout, stdin and exit code pass through unchanged
# unless valgrind found something: then the report goes to stderr, the exit code is 99, and
# when CHECK_SOA_VALGRIND_LOGS names a directory the report is also kept there (the
# tests/valgrind_summary.sh test lists them; every run leaves a run.* file there too). Descriptors still open at exit that were not
# inherited from the parent count as leaks (--track-fds alone does not fail a run).
set -u
if [ $# -eq 0 ]; then
	echo "usage: $0 COMMAND [ARG...]" >&2
	exit 2
fi
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind.sh: valgrind is not installed" >&2
	exit 99
fi
log=$(mktemp "${TMPDIR:-/tmp}/csoa-vg.XXXXXX")
if [ -n "${CHECK_SOA_VALGRIND_LOGS:-}" ] && [ -d "$CHECK_SOA_VALGRIND_LOGS" ]; then
	echo "$*" >"$(mktemp "$CHECK_SOA_VALGRIND_LOGS/run.XXXXXX")"
fi
rc=0
valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect \
	--show-leak-kinds=definite,indirect --error-exitcode=99 --track-fds=yes \
	--log-file="$log" "$@" || rc=$?
# An open descriptor is reported as "Open ... N: ..." followed by where it was opened, or by
# "<inherited from parent>" for the ones the plugin was started with.
fd_leaks=$(awk '
	/Open (file descriptor|AF_[A-Z0-9]+ socket|.* socket) [0-9]+/ { pending = $0; next }
	pending != "" { if ($0 !~ /inherited from parent/) print pending; pending = "" }
' "$log")
if [ "$rc" = 99 ] || [ -n "$fd_leaks" ] || grep -q 'ERROR SUMMARY: [1-9]' "$log"; then
	{
		echo "valgrind.sh: valgrind found problems running: $*"
		[ -z "$fd_leaks" ] || echo "valgrind.sh: descriptors left open: $fd_leaks"
		cat "$log"
	} >&2
	if [ -n "${CHECK_SOA_VALGRIND_LOGS:-}" ] && [ -d "$CHECK_SOA_VALGRIND_LOGS" ]; then
		{
			echo "command: $*"
			[ -z "$fd_leaks" ] || echo "descriptors left open: $fd_leaks"
			cat "$log"
		} >"$(mktemp "$CHECK_SOA_VALGRIND_LOGS/failure.XXXXXX")"
	fi
	rm -f "$log"
	exit 99
fi
rm -f "$log"
exit "$rc"
