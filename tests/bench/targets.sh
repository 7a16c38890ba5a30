#!/bin/sh
# targets.sh - issue 18's targets side by side in one run, with a "met" column: run by hand as
# root (a few minutes), not by make check.
#
#   sh tests/bench/targets.sh
#
# The bench lab (tests/bench/bench_lab.sh) at a round trip of BENCH_RTT ms (50) to every
# nameserver; the zone big.example: 13 in-bailiwick NS names, 26 addresses. Measured, each in
# the same run: check_soa with its defaults and with --consistency=none --compare none, the
# same objects linked against the shared ldns (--disable-static-ldns), one `dig +norec SOA`
# to one of the zone's addresses, and an empty C program (exec and exit alone). Per command:
# wall and CPU (median of BENCH_RUNS runs), instructions of the whole process (valgrind
# callgrind: exec's user part, loading, relocation, exit; unlike CPU time, the same on a busy
# machine), queries per check by purpose (check_soa -v's last line). Environment:
#   BENCH_RUNS (21)     runs per figure
#   BENCH_RTT (50)      round trip in ms
#   CHECK_SOA           the default build (default: ./check_soa of the tree)
#   CHECK_SOA_SHARED    a --disable-static-ldns build (default: linked here from the tree's
#                       objects with -lldns, when they are there)
#   CHECK_SOA_BEFORE    another binary to show beside it (e.g. a build of an older commit)
#   CHECK_SOA_GO        bortzmeyer's Go check-soa, if one is built (it is not fetched here)
# shellcheck shell=bash disable=SC2128 # starts under sh, re-executes itself with bash
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
RUNS=${BENCH_RUNS:-21}
RTT=${BENCH_RTT:-50}
CHECK_SOA=${CHECK_SOA:-$TOP/check_soa}
ZONE=big.example

die() {
	echo "targets.sh: $*" >&2
	exit 1
}
[[ $(id -u) == 0 ]] || die "must run as root (network namespaces)"
for tool in ip nsd knotd unbound dig cc valgrind; do
	command -v "$tool" >/dev/null || die "$tool not found"
done
[[ -x $CHECK_SOA ]] || die "no check_soa at $CHECK_SOA (build it, or set CHECK_SOA)"

WORK=$(mktemp -d /tmp/check_soa-targets.XXXXXX)
LAB=$WORK/lab
cleanup() {
	bash "$HERE/bench_lab.sh" stop "$LAB" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp "$CHECK_SOA" "$WORK/check_soa"
SHARED=
if [[ -n ${CHECK_SOA_SHARED:-} ]]; then
	cp "$CHECK_SOA_SHARED" "$WORK/check_soa_shared" && SHARED=$WORK/check_soa_shared
elif [[ -f $TOP/src/check_soa.o && -f $TOP/src/libsoa.a ]] &&
	cc -o "$WORK/check_soa_shared" "$TOP/src/check_soa.o" "$TOP/src/libsoa.a" \
		"$TOP/src/mp/libmp.a" -lldns 2>/dev/null; then
	SHARED=$WORK/check_soa_shared
fi
BEFORE=
[[ -z ${CHECK_SOA_BEFORE:-} ]] || { cp "$CHECK_SOA_BEFORE" "$WORK/check_soa_before" && BEFORE=$WORK/check_soa_before; }
GO=${CHECK_SOA_GO:-}
cc -O2 -std=c11 -Wall -o "$WORK/delay_proxy" "$HERE/delay_proxy.c"
cc -O2 -std=c11 -Wall -o "$WORK/runstat" "$HERE/runstat.c"
printf 'int main(void) { return 0; }\n' >"$WORK/empty.c"
cc -O2 -o "$WORK/empty" "$WORK/empty.c"

echo "targets.sh: starting the lab" >&2
bash "$HERE/bench_lab.sh" start "$LAB" "$WORK/delay_proxy" >&2
NETNS=$(cat "$LAB/netns")
ipx() { ip netns exec "$NETNS" "$@"; }
for ((i = 0; i < 3; i++)); do ipx "$WORK/check_soa" -D "$ZONE" >/dev/null || true; done
bash "$HERE/bench_lab.sh" delay "$LAB" "$RTT" >&2
ADDR=$({ ipx "$WORK/check_soa" -D "$ZONE" || true; } | awk '/^\[OK\]/ && !n++ { sub(/:$/, "", $3); print $3 }')
[[ -n $ADDR ]] || die "no answering address of $ZONE"

declare -A WALL CPU INSTR QUERIES
# measure KEY CMD...: median wall and CPU (user+system) ms of RUNS runs; instructions (one run)
measure() {
	local key=$1
	shift
	ipx "$WORK/runstat" -n "$RUNS" "$@" >"$WORK/$key.runs"
	read -r "WALL[$key]" "CPU[$key]" < <(awk '{ w[NR] = $1; c[NR] = $2 + $3 }
		function median(a, n,   i, j, t) {
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		END { printf "%.1f %.2f\n", median(w, NR), median(c, NR) }' "$WORK/$key.runs")
	INSTR[$key]=$(ipx valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 \
		>/dev/null | awk '/Collected :/ { printf "%.2f", $NF / 1e6 }')
}
# queries KEY CMD...: check_soa -v's count of the queries it sent, by purpose
queries() {
	local key=$1
	shift
	QUERIES[$key]=$(ipx "$@" -v 2>&1 >/dev/null | sed -n 's/^check_soa: queries: //p' | tail -n 1)
}

echo "targets.sh: measuring ($RUNS runs each, RTT $RTT ms)" >&2
measure empty "$WORK/empty"
measure dig dig +norec +tries=1 +time=2 "@$ADDR" "$ZONE" SOA
measure soa "$WORK/check_soa" -D "$ZONE"
queries soa "$WORK/check_soa" -D "$ZONE"
measure soa_none "$WORK/check_soa" -D "$ZONE" --consistency=none --compare none
queries soa_none "$WORK/check_soa" -D "$ZONE" --consistency=none --compare none
measure soa_mp "$WORK/check_soa" -D "$ZONE" --multi-provider
queries soa_mp "$WORK/check_soa" -D "$ZONE" --multi-provider
[[ -z $SHARED ]] || measure shared "$SHARED" -D "$ZONE"
[[ -z $BEFORE ]] || measure before "$BEFORE" -D "$ZONE"
[[ -z $GO ]] || measure go "$GO" "$ZONE"
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)

net() { awk -v a="$1" -v e="${CPU[empty]}" 'BEGIN { printf "%.2f", a - e }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
met() { awk -v r="$1" -v l="$2" 'BEGIN { print (r != "-" && r + 0 <= l) ? "yes" : "no" }'; }
row() { # KEY LABEL
	local k=$1
	printf '| %s | %s | %s | %s | %s | %s |\n' "$2" "${WALL[$k]}" "${CPU[$k]}" "$(net "${CPU[$k]}")" \
		"${INSTR[$k]:--}" "${QUERIES[$k]:-}"
}

echo "## Issue 18 targets: $ZONE (13 NS names, 26 addresses), round trip $RTT ms"
echo
echo "$(nproc) CPU, kernel $(uname -r), load average $LOAD after the run (the machine may be shared:"
echo "wall and CPU times move with the load, instruction counts do not). Wall, CPU: median of"
echo "$RUNS runs, ms; CPU net = CPU - the empty program's; instructions: millions, callgrind, whole"
echo "process, one run."
echo
echo "| command | wall | CPU | CPU net | instructions | queries sent (check_soa -v) |"
echo "|---|---|---|---|---|---|"
row soa "check_soa -D $ZONE (default build)"
row soa_none "check_soa -D $ZONE --consistency=none --compare none"
row soa_mp "check_soa -D $ZONE --multi-provider"
[[ -z $SHARED ]] || row shared "check_soa -D $ZONE, --disable-static-ldns build"
[[ -z $BEFORE ]] || row before "check_soa -D $ZONE, $(basename "${CHECK_SOA_BEFORE}") (CHECK_SOA_BEFORE)"
[[ -z $GO ]] || row go "Go check-soa $ZONE"
row dig "dig +norec SOA @$ADDR (one query)"
row empty "empty C program"
echo
echo "| target | measured | limit | met |"
echo "|---|---|---|---|"
ideal=$(awk -v r="$RTT" 'BEGIN { printf "%.0f", r }')
if [[ -n $GO ]]; then
	printf '| wall, defaults <= the Go check-soa | %s ms | %s ms | %s |\n' "${WALL[soa]}" "${WALL[go]}" \
		"$(met "$(ratio "${WALL[soa]}" "${WALL[go]}")" 1)"
else
	echo "| wall, defaults <= the Go check-soa | ${WALL[soa]} ms | not measured: no Go check-soa here | - |"
fi
printf '| wall, defaults: one round trip to the nameservers (<= 1.1 x %s + 5 ms) | %s ms | %s ms | %s |\n' \
	"$ideal" "${WALL[soa]}" "$(awk -v i="$ideal" 'BEGIN { printf "%.0f", 1.1 * i + 5 }')" \
	"$(awk -v w="${WALL[soa]}" -v i="$ideal" 'BEGIN { print (w <= 1.1 * i + 5) ? "yes" : "no" }')"
r=$(ratio "$(net "${CPU[soa]}")" "$(net "${CPU[dig]}")")
printf '| CPU net, defaults <= 0.4 x one dig query | %s x | 0.4 x | %s |\n' "$r" "$(met "$r" 0.4)"
r=$(ratio "${INSTR[soa]:-0}" "${INSTR[dig]:-0}")
printf '| instructions, defaults <= 0.3 x one dig query | %s x | 0.3 x | %s |\n' "$r" "$(met "$r" 0.3)"
echo
echo "Rounds per configuration (round trips to the nameservers, virtual time, exact): tests/unit/test_rounds.c."
