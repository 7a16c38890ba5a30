#!/bin/sh
# run-fuzzers.sh - run check_soa's libFuzzer targets (built by automake) each for a bounded time (TAP).
#
# Usage: tests/fuzz/run-fuzzers.sh [TARGET...]   TARGET: fuzz_reply or tests/fuzz/fuzz_reply
#        (default: every tests/fuzz/fuzz_*.c of the source tree); `make fuzz` runs it for the
#        targets listed in Makefile.am.
# Environment: FUZZ_BUILDDIR  the build tree, configured with CC=clang --enable-fuzzing and
#                             built (default: the current directory)
#              FUZZ_SECONDS   time per target (default 60)
#              FUZZ_JOBS      targets run at once (default: the number of CPUs)
#              FUZZ_KEEP=1    keep the work directory (grown corpora, crash inputs, logs)
#              FUZZ_ARTIFACTS_DIR  copy the inputs of any finding there (TARGET-crash-...)
# Seeds each run with tests/fuzz/corpus/TARGET/, prints per target the executions and
# findings, then one TAP line per target. Exits non-zero on any finding or missing target.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
builddir=$(cd "${FUZZ_BUILDDIR:-.}" && pwd)
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}

max_len() {
	case $1 in
	fuzz_reply) echo 4096 ;;
	fuzz_range) echo 128 ;;
	fuzz_escape) echo 1024 ;;
	fuzz_options) echo 1024 ;;
	fuzz_state) echo 9000 ;;
	*) echo 4096 ;;
	esac
}

if [ $# -gt 0 ]; then
	targets=$(for t in "$@"; do basename "$t"; done)
else
	targets=$(cd "$here" && ls fuzz_*.c | sed 's/\.c$//')
fi
count=$(echo $targets | wc -w)

for t in $targets; do
	if [ ! -x "$builddir/tests/fuzz/$t" ]; then
		echo "Bail out! $builddir/tests/fuzz/$t is not built: configure with" \
			"CC=clang --enable-fuzzing, then make (or set FUZZ_BUILDDIR)"
		exit 1
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/csoa-fuzz.XXXXXX")
cleanup() { [ -n "${FUZZ_KEEP:-}" ] && echo "# work directory kept: $work" || rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
echo "# running the targets of $builddir/tests/fuzz, $seconds s each, $jobs at once"

# run_target NAME: run one target; writes NAME/result ("EXECS FINDINGS STATUS").
run_target() {
	name=$1
	dir=$work/$name
	mkdir -p "$dir/corpus" "$dir/artifacts"
	[ ! -d "$here/corpus/$name" ] || cp "$here/corpus/$name"/* "$dir/corpus/" 2>/dev/null || true
	rc=0
	(cd "$dir" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"$builddir/tests/fuzz/$name" -max_total_time="$seconds" -max_len="$(max_len "$name")" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
		"$dir/corpus" >"$dir/fuzz.log" 2>&1) || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log" | tail -n 1)
	findings=$(find "$dir/artifacts" -type f | wc -l)
	status=ok
	[ "$rc" = 0 ] && [ "$findings" = 0 ] || status=finding
	[ "$status" != ok ] || [ "${execs:-0}" -gt 0 ] || status=no-executions
	echo "${execs:-0} $findings $status" >"$dir/result"
}

running=0
for t in $targets; do
	run_target "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

n=0 failed=0
for t in $targets; do
	read -r execs findings status <"$work/$t/result"
	echo "# $t: $execs executions in ${seconds} s, $findings finding(s), corpus $(ls "$work/$t/corpus" | wc -l) inputs"
	if [ "$status" != ok ]; then
		grep -E 'ERROR|SUMMARY|invariant|runtime error|==[0-9]+==' "$work/$t/fuzz.log" | head -n 20 | sed 's/^/#   /'
		for f in "$work/$t/artifacts"/*; do
			[ -f "$f" ] || continue
			echo "#   input $(basename "$f") (base64): $(base64 -w 0 "$f" | cut -c 1-2000)"
			if [ -n "${FUZZ_ARTIFACTS_DIR:-}" ]; then
				mkdir -p "$FUZZ_ARTIFACTS_DIR" && cp "$f" "$FUZZ_ARTIFACTS_DIR/$t-$(basename "$f")"
			fi
		done
		echo "#   reproduce: $builddir/tests/fuzz/$t INPUT (keep inputs with FUZZ_KEEP=1)"
	fi
done
echo "1..$count"
for t in $targets; do
	read -r execs findings status <"$work/$t/result"
	n=$((n + 1))
	if [ "$status" = ok ]; then
		echo "ok $n - $t: $execs executions, no findings"
	else
		failed=$((failed + 1))
		echo "not ok $n - $t: $status ($findings finding(s) in $execs executions)"
	fi
done
[ "$failed" = 0 ]
