#!/bin/bash
# dnssec_cpu.sh - what judging DNSSEC costs per check: instructions (valgrind callgrind, whole
# process, load-independent) and CPU time (median of N runs), --dnssec=off against the default
# (auto), on the integration lab's signed and unsigned zones. Run by hand as root; prints numbers.
#
#   bash tests/bench/dnssec_cpu.sh        BENCH_RUNS (default 20) runs per CPU figure
#   CHECK_SOA                             the binary (default: ./check_soa of the tree)
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
RUNS=${BENCH_RUNS:-20}
CHECK_SOA=${CHECK_SOA:-$TOP/check_soa}
[[ $EUID == 0 ]] || { echo "dnssec_cpu.sh: must run as root (the lab)" >&2; exit 1; }
[[ -x $CHECK_SOA ]] || { echo "dnssec_cpu.sh: no $CHECK_SOA (build first, or set CHECK_SOA)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/dnssec_cpu.XXXXXX)
LAB=$WORK/lab
trap 'bash "$TOP/tests/lab/lab.sh" stop "$LAB" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
cc -O2 -std=c11 -Wall -o "$WORK/runstat" "$HERE/runstat.c"
bash "$TOP/tests/lab/lab.sh" start "$LAB" >"$WORK/lab.log" 2>&1
in_lab() { bash "$TOP/tests/lab/lab.sh" exec "$LAB" "$@"; }

# Millions of instructions of one run of check_soa ARGS.
instructions() {
	in_lab valgrind --tool=callgrind --callgrind-out-file=/dev/null "$CHECK_SOA" "$@" 2>&1 \
		>/dev/null | awk '/Collected :/ { printf "%.2f", $NF / 1e6 }'
}

# Median user+sys CPU milliseconds over RUNS runs of check_soa ARGS.
cpu_ms() {
	in_lab "$WORK/runstat" -n "$RUNS" "$CHECK_SOA" "$@" | awk '{ print $2 + $3 }' | sort -n |
		awk '{ c[NR] = $1 } END { printf "%.2f", NR % 2 ? c[(NR + 1) / 2] : (c[NR / 2] + c[NR / 2 + 1]) / 2 }'
}

echo "DNSSEC cost per check (lab, $RUNS runs per CPU median; instructions: one callgrind run)"
echo
echo "| arguments | --dnssec | status | instructions (M) | CPU median (ms) |"
echo "|---|---|---|---|---|"
# One address (-n) and the discovered three: what one more address costs.
for args in "-D signed.example -n 198.51.100.101" "-D signed.example" "-D sigroll.example" \
	"-D sync.example"; do
	for mode in off auto; do
		# shellcheck disable=SC2086 # ARGS are words
		status=$(in_lab "$CHECK_SOA" $args --dnssec=$mode | head -n 1 | sed 's/ |.*//' |
			cut -c1-60 || true)
		# shellcheck disable=SC2086
		echo "| $args | $mode | $status | $(instructions $args --dnssec=$mode) |" \
			"$(cpu_ms $args --dnssec=$mode) |"
	done
done
