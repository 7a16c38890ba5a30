#!/bin/sh
# run-fuzzers.sh - build check_soa's libFuzzer targets with clang and run each for a bounded time (TAP).
#
# Usage: tests/fuzz/run-fuzzers.sh [TARGET...]        (default: every tests/fuzz/fuzz_*.c)
# Environment: FUZZ_SECONDS  time per target (default 60)
#              FUZZ_JOBS     targets run at once (default: the number of CPUs)
#              FUZZ_KEEP=1   keep the work directory (binaries, grown corpora, crash inputs)
#              FUZZ_ARTIFACTS_DIR  copy the inputs of any finding there (TARGET-crash-...)
#              CC            a clang with libFuzzer (default: clang)
# Builds from the sources (not through automake; ldns through pkg-config) into a temporary
# directory, seeds each run with tests/fuzz/corpus/TARGET/, prints per target the executions
# and findings, then one TAP line per target. Exits non-zero on any finding or build failure.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
cc=${CC:-clang}
case $cc in *clang*) ;; *) cc=clang ;; esac

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
	targets="$*"
else
	targets=$(cd "$here" && ls fuzz_*.c | sed 's/\.c$//')
fi
count=$(echo $targets | wc -w)

if ! command -v "$cc" >/dev/null 2>&1 || ! command -v pkg-config >/dev/null 2>&1; then
	echo "1..0 # SKIP needs clang and pkg-config"
	exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/csoa-fuzz.XXXXXX")
cleanup() { [ -n "${FUZZ_KEEP:-}" ] && echo "# work directory kept: $work" || rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A config.h of our own, so that no configure run is needed.
cat >"$work/config.h" <<'CONF'
/* config.h for the fuzz build (written by tests/fuzz/run-fuzzers.sh) */
#define _GNU_SOURCE 1
#define PACKAGE_VERSION "fuzz"
#define HAVE_SYS_RANDOM_H 1
#define HAVE_GETRANDOM 1
#define STATE_DIR_DEFAULT "/nonexistent/check_soa-fuzz"
CONF

flags="-std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
	-Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla
	-I$work -I$top/src -I$top/src/mp $(pkg-config --cflags ldns)"
libs=$(pkg-config --libs ldns)

echo "# building with $cc into $work"
mkdir -p "$work/obj"
objs=
for src in "$top"/src/*.c "$top"/src/mp/*.c; do
	case $src in */check_soa.c) continue ;; esac
	obj=$work/obj/$(basename "$src" .c).o
	# shellcheck disable=SC2086
	if ! $cc $flags -fsanitize=fuzzer-no-link -c "$src" -o "$obj" 2>"$obj.err"; then
		cat "$obj.err" >&2
		echo "Bail out! cannot compile $src"
		exit 1
	fi
	[ ! -s "$obj.err" ] || sed 's/^/# /' "$obj.err"
	objs="$objs $obj"
done

# run_target NAME: build and run one target; writes NAME.result ("EXECS FINDINGS STATUS").
run_target() {
	name=$1
	dir=$work/$name
	mkdir -p "$dir/corpus" "$dir/artifacts"
	# shellcheck disable=SC2086
	if ! $cc $flags -fsanitize=fuzzer "$here/$name.c" $objs $libs -o "$dir/$name" \
		>"$dir/build.log" 2>&1; then
		echo "0 0 build-failed" >"$dir/result"
		return 0
	fi
	[ ! -d "$here/corpus/$name" ] || cp "$here/corpus/$name"/* "$dir/corpus/" 2>/dev/null || true
	rc=0
	(cd "$dir" && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		"./$name" -max_total_time="$seconds" -max_len="$(max_len "$name")" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
		"$dir/corpus" >"$dir/fuzz.log" 2>&1) || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log" | tail -n 1)
	findings=$(find "$dir/artifacts" -type f | wc -l)
	status=ok
	[ "$rc" = 0 ] && [ "$findings" = 0 ] || status=finding
	echo "${execs:-0} $findings $status" >"$dir/result"
}

running=0
for t in $targets; do
	if [ ! -f "$here/$t.c" ]; then
		echo "Bail out! no such target: $t"
		exit 1
	fi
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
	if [ "$status" = build-failed ]; then
		sed 's/^/#   /' "$work/$t/build.log"
	elif [ "$status" = finding ]; then
		grep -E 'ERROR|SUMMARY|invariant|runtime error|==[0-9]+==' "$work/$t/fuzz.log" | head -n 20 | sed 's/^/#   /'
		for f in "$work/$t/artifacts"/*; do
			[ -f "$f" ] || continue
			echo "#   input $(basename "$f") (base64): $(base64 -w 0 "$f" | cut -c 1-2000)"
			if [ -n "${FUZZ_ARTIFACTS_DIR:-}" ]; then
				mkdir -p "$FUZZ_ARTIFACTS_DIR" && cp "$f" "$FUZZ_ARTIFACTS_DIR/$t-$(basename "$f")"
			fi
		done
		echo "#   reproduce: build with FUZZ_KEEP=1, then ./$t INPUT"
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
