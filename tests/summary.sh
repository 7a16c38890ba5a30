#!/bin/sh
# summary.sh - sum the automake test results (.trs files) under the given build dirs.
#
# Usage: tests/summary.sh [--subtotal] DIR...   Prints "N passed, N failed[, N skipped]"
# (with --subtotal: "subtotal: N pass, N fail, N skip", which no CI mistakes for the end) and
# exits 1 when anything failed or errored. XFAIL counts as passed, XPASS and
# ERROR as failed.
set -eu
format="%d passed, %d failed"
if [ "${1:-}" = "--subtotal" ]; then
	format="subtotal: %d pass, %d fail"
	shift
fi
find "$@" -name '*.trs' -exec cat {} + 2>/dev/null | awk -v format="$format" '
	/^:test-result: (PASS|XFAIL)/ { pass++ }
	/^:test-result: (FAIL|XPASS|ERROR)/ { fail++ }
	/^:test-result: SKIP/ { skip++ }
	END {
		line = sprintf(format, pass, fail)
		if (skip) line = line sprintf(", %d skipped", skip)
		print line
		exit fail > 0 ? 1 : 0
	}'
