#!/bin/bash
# thresholds.sh - -w/-c on the serial lag and -W/-C on failed addresses, at their boundaries.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa
start_lab

# lag.example: the largest lag is 1 (ns3, 192.0.2.23).  Arguments -> expected exit code.
LAG_CASES=(
	"0|-w 1"            # lag 1 is inside 0..1
	"1|"                # default warning 0: any lag warns
	"1|-w 0"
	"2|-c 0"
	"1|-c 1"            # critical 0..1 holds, default warning 0 does not
	"2|-w 1 -c 0"
	"0|-w 5 -c 1"
	"1|-w 2:"           # 2: wants at least 2; 1 is below
	"1|-w @1:1"         # @1:1 alerts inside 1..1
	"0|-w @2:3"
	"0|-w ~:1"          # ~:1 includes 1
	"1|-w ~:0"
)
for case in "${LAG_CASES[@]}"; do
	# shellcheck disable=SC2086 # the arguments are separate words
	run_check -D lag.example ${case#*|}
	expect_exit "${case%%|*}"
done

# The thresholds appear in the perfdata.
run_check -D lag.example -w 1 -c 3
expect_out "lag_max=1;1;3;0"
expect_out "lag_ns3.lag.example_192.0.2.23=1;1;3;0"

# wrap.example: the lag is 2 across the wrap.
run_check -D wrap.example -w 1
expect_exit 1
run_check -D wrap.example -w 2
expect_exit 0

# down.example: one failed address.  Arguments -> expected exit code.
FAILED_CASES=(
	"1|"                # default warning-failed 0
	"0|-W 1"
	"1|-W 0"
	"2|-C 0"
	"1|-C 1"
	"0|-W 1 -C 1"
	"0|--warning-failed 1 --critical-failed 2"
	"2|--warning-failed 5 --critical-failed 0"
	"1|-W 2:"
	"0|-W @2:5"
)
for case in "${FAILED_CASES[@]}"; do
	# shellcheck disable=SC2086
	run_check -D down.example ${case#*|}
	expect_exit "${case%%|*}"
done

run_check -D down.example -W 1 -C 2
expect_out "failed=1;1;2;0"

# lame.example: two failed addresses.
run_check -D lame.example -W 1
expect_exit 1
run_check -D lame.example -W 2
expect_exit 0
run_check -D lame.example -W 2 -C 1
expect_exit 2

# demo.example: one address behind and one unreachable; both thresholds must allow it.
run_check -D demo.example -w 1 -W 1
expect_exit 0
run_check -D demo.example -w 1
expect_exit 1
run_check -D demo.example -W 1
expect_exit 1
run_check -D demo.example -w 1 -W 1 -c 0
expect_exit 2

# An invalid range is a usage error.
run_check -D lag.example -w 5:1
expect_exit 3

done_testing
