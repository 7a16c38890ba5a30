#!/bin/bash
# timeouts.sh - the -t matrix: whatever drops packets, the run ends inside -t (+ a load margin) and says what timed out.
#
# In a private network namespace, tests/lab/hostile.py drops every query at: the resolver; the
# parent zone's server (the resolver itself works); every server of the zone (with -n, and
# after a working discovery). Each is run with -t 1, 2 and 3 (and the default
# --query-timeout, which -t clamps). The bound is -t + BUDGET_MARGIN_MS (1 s): the plugin's own
# backstop fires at -t + 0.2 s, the rest absorbs a loaded machine. The measured times are
# printed as TAP comments.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa

RESOLVER=203.0.113.53 PARENT=203.0.113.2 # working resolver and parent for to.example
RESOLVER_PD=203.0.113.63 PARENT_DROP=203.0.113.62 # working resolver, dropping parent
RESOLVER_DROP=192.0.2.53
NS_DROP1=198.51.100.1 NS_DROP2=198.51.100.2 NS_DROP6=2001:db8::53

start_netns "$RESOLVER" "$PARENT" "$RESOLVER_PD" "$PARENT_DROP" "$RESOLVER_DROP" \
	"$NS_DROP1" "$NS_DROP2" "$NS_DROP6"

table=$LAB_DIR/to.table
cat >"$table" <<EOF
example. NS ns.parent.test.
ns.parent.test. A $PARENT
to.example. NS ns1.to.example.
to.example. NS ns2.to.example.
ns1.to.example. A $NS_DROP1
ns2.to.example. A $NS_DROP2
ns2.to.example. AAAA $NS_DROP6
EOF
start_hostile --zone to.example. --table "$table" "resolver=$RESOLVER" "parent=$PARENT" \
	"drop=$RESOLVER_DROP" "drop=$NS_DROP1" "drop=$NS_DROP2" "drop=$NS_DROP6"
table=$LAB_DIR/pd.table
cat >"$table" <<EOF
example. NS ns.parent.test.
ns.parent.test. A $PARENT_DROP
EOF
start_hostile --zone pd.example. --table "$table" "resolver=$RESOLVER_PD" "drop=$PARENT_DROP"

# case LABEL EXIT REGEX ARGS...: run with -t 1, 2 and 3; check exit, text, well-formedness, time.
case_t() {
	local label=$1 want=$2 re=$3 t
	shift 3
	for t in 1 2 3; do
		run_check "$@" -t "$t"
		echo "# measured: $label, -t $t: $CHECK_MS ms"
		EXPECT_LABEL="$label, -t $t"
		expect_exit "$want"
		expect_match "$re"
		expect_well_formed "$([[ $want == 3 ]] && echo no || echo yes)"
		expect_within_budget "$t"
	done
}

case_t "resolver drops everything" 3 \
	"^SOA UNKNOWN - to.example: resolver $RESOLVER_DROP: timeout\$" \
	-D to.example -s "$RESOLVER_DROP"
case_t "parent drops everything" 3 \
	"^SOA UNKNOWN - pd.example: no parent server answered \\($PARENT_DROP: timeout" \
	-D pd.example -s "$RESOLVER_PD"
case_t "every nameserver drops (-n)" 2 \
	"^SOA CRITICAL - to.example: no server answered for the zone .*3 of 3 servers unreachable \\(.*timeout" \
	-D to.example -n "$NS_DROP1" -n "$NS_DROP2" -n "$NS_DROP6"
case_t "every discovered nameserver drops" 2 \
	"^\\[CRITICAL\\] ns2.to.example $NS_DROP6: unreachable \\(timeout\\)" \
	-D to.example -s "$RESOLVER"
# Every resolver tried is named as given: the first timed out in its half of -t, nothing
# listens on the second's port.
case_t "resolver drops, two resolvers given" 3 \
	"^SOA UNKNOWN - to.example: resolver $RESOLVER_DROP: timeout, resolver $RESOLVER_DROP#5353: connection refused\$" \
	-D to.example -s "$RESOLVER_DROP" -s "$RESOLVER_DROP#5353"
run_check -D to.example -s "$RESOLVER_DROP" -s "$RESOLVER_DROP#5353" -t 1
EXPECT_LABEL="two resolvers, the second with a port"
expect_match ", resolver $RESOLVER_DROP#5353: connection refused\$"

done_testing
