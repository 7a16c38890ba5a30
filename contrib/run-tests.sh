#!/bin/sh
# run-tests.sh - the whole test suite: install dependencies, build, make check (plain and sanitized).
#
# Usage (as root, from the source tree): sh contrib/run-tests.sh
# Ends with one line "N passed, N failed" summed over every test that ran.
set -eu
cd "$(dirname "$0")/.."
top=$PWD
jobs=$(nproc)

sh contrib/install-deps.sh
autoreconf -fi

status=0
results=""

# run_suite NAME DIR CONFIGURE-ARGS... : configure out of tree in DIR, make check
run_suite() {
	name=$1 dir=$2
	shift 2
	echo "=== $name"
	rm -rf "$dir" && mkdir -p "$dir"
	(cd "$dir" && "$top/configure" -q --enable-werror "$@" && make -s -j"$jobs" &&
		make -s -j"$jobs" check) || status=1
	results="$results $dir"
	sh "$top/tests/summary.sh" --subtotal "$dir" || true
}

run_suite "make check" "$top/_build/plain"
run_suite "make check under ASan+UBSan" "$top/_build/sanitizers" --enable-sanitizers

echo "=== total"
# shellcheck disable=SC2086
sh tests/summary.sh $results
exit $status
