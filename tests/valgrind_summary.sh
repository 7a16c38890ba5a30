#!/bin/sh
# valgrind_summary.sh - TAP: the runs of make check-valgrind were made under valgrind, and none failed.
#
# Reads the directory CHECK_SOA_VALGRIND_LOGS that tests/valgrind.sh fills (run.* per run,
# failure.* per run in which valgrind found an error, a leak or a leaked descriptor).
set -u
dir=${CHECK_SOA_VALGRIND_LOGS:-}
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
	echo "1..0 # SKIP not a make check-valgrind run (CHECK_SOA_VALGRIND_LOGS unset)"
	exit 0
fi
runs=$(find "$dir" -name 'run.*' | wc -l)
failures=$(find "$dir" -name 'failure.*' | wc -l)
echo "1..2"
if [ "$runs" -gt 0 ]; then
	echo "ok 1 - $runs runs were made under valgrind"
else
	echo "not ok 1 - no run was made under valgrind (is CHECK_SOA_WRAPPER honoured?)"
fi
if [ "$failures" = 0 ]; then
	echo "ok 2 - no memory error, leak or leaked descriptor in $runs runs"
	exit 0
fi
echo "not ok 2 - valgrind found problems in $failures of $runs runs"
for f in "$dir"/failure.*; do
	head -n 40 "$f" | sed 's/^/# /'
done
exit 1
