#!/bin/sh
# run-tests.sh - the whole test suite: install dependencies, build, make check (plain, sanitized, valgrind), fuzz.
#
# Usage (as root, from the source tree): sh contrib/run-tests.sh
# Runs: make check; make check built with ASan+UBSan; make check-valgrind (unit and integration
# tests with check_soa under valgrind memcheck); the libFuzzer targets for FUZZ_SECONDS each
# (default 60); make distcheck. Ends with one line "N passed, N failed" summed over every test.
set -eu
cd "$(dirname "$0")/.."
top=$PWD
jobs=$(nproc)

sh contrib/install-deps.sh
# the suites build out of tree: a tree configured in place would refuse that
if [ -f config.status ]; then
	echo "run-tests.sh: the source tree was configured in place; make distclean first"
	make -s distclean >/dev/null 2>&1 || true
fi
autoreconf -fi

status=0
results=""

# run_suite: configure out of tree in DIR with CONFIGURE-ARGS, build, make TARGET
run_suite() { # NAME DIR TARGET CONFIGURE-ARGS...
	name=$1 dir=$2 target=$3
	shift 3
	echo "=== $name"
	rm -rf "$dir" && mkdir -p "$dir"
	(cd "$dir" && "$top/configure" -q --enable-werror "$@" && make -s -j"$jobs" &&
		make -s -j"$jobs" "$target") || status=1
	results="$results $dir"
	sh "$top/tests/summary.sh" --subtotal "$dir" || true
}

# run_fuzzers DIR: a build configured with CC=clang --enable-fuzzing; its fuzz targets run by
# tests/fuzz/run-fuzzers.sh, whose TAP automake's driver turns into DIR/fuzz.trs
run_fuzzers() {
	dir=$1
	echo "=== libFuzzer targets, ${FUZZ_SECONDS:-60} s each"
	rm -rf "$dir" && mkdir -p "$dir"
	if (cd "$dir" && "$top/configure" -q --enable-werror --enable-fuzzing CC=clang &&
		make -s -j"$jobs"); then
		FUZZ_BUILDDIR=$dir FUZZ_SECONDS=${FUZZ_SECONDS:-60} FUZZ_ARTIFACTS_DIR=$dir/findings \
			AM_TAP_AWK=awk sh "$top/build-aux/tap-driver.sh" \
			--test-name tests/fuzz/run-fuzzers.sh --log-file "$dir/fuzz.log" \
			--trs-file "$dir/fuzz.trs" --color-tests no --enable-hard-errors yes \
			--expect-failure no -- sh "$top/tests/fuzz/run-fuzzers.sh" || status=1
	else
		printf ':test-result: FAIL fuzz build (--enable-fuzzing)\n' >"$dir/fuzz-build.trs"
	fi
	grep -q '^:global-test-result: PASS' "$dir/fuzz.trs" 2>/dev/null || status=1
	grep '^#' "$dir/fuzz.log" 2>/dev/null || true
	results="$results $dir"
	sh "$top/tests/summary.sh" --subtotal "$dir" || true
}

# run_distcheck DIR: make distcheck (the tarball builds and passes its own tests), one result
run_distcheck() {
	dir=$1
	echo "=== make distcheck"
	rm -rf "$dir" && mkdir -p "$dir"
	if (cd "$dir" && "$top/configure" -q && make -s -j"$jobs" distcheck >"$dir/distcheck.out" 2>&1); then
		result=PASS
	else
		result=FAIL
		status=1
		tail -n 40 "$dir/distcheck.out"
	fi
	printf ':test-result: %s make distcheck\n' "$result" >"$dir/distcheck.trs"
	echo "$result: make distcheck"
	results="$results $dir"
}

run_suite "make check" "$top/_build/plain" check
run_suite "make check under ASan+UBSan" "$top/_build/sanitizers" check --enable-sanitizers
run_suite "make check-valgrind" "$top/_build/valgrind" check-valgrind
run_fuzzers "$top/_build/fuzz"
run_distcheck "$top/_build/distcheck"

echo "=== total"
# shellcheck disable=SC2086
sh tests/summary.sh $results
exit $status
