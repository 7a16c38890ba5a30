#!/bin/bash
# lab_selftest.sh - the DNS lab serves what its scenario table in tests/lab/lab.sh claims (dig only).
# shellcheck disable=SC2016 # checks are single-quoted on purpose: check() evaluates them
set -u
. "$(dirname "$0")/lib.sh"

start_lab
OUT=$LAB_DIR/selftest
mkdir -p "$OUT"

# Read the table: one array entry per row.
mapfile -t ROWS < <("$LAB_SH" table)

# Every query of this test, "FILE DIG-ARGS...", run in parallel inside the lab.
QUERIES=()
query() { # FILE DIG-ARGS...
	QUERIES+=("$*")
}

fqdn() { # NAME ZONE
	if [[ $1 == *. ]]; then echo "${1%.}"; else echo "$1.$2.example"; fi
}

declare -A ZONE_SEEN=() NAME_SEEN=()
ZONES=()
for i in "${!ROWS[@]}"; do
	read -r zone name addr server serial ns <<<"${ROWS[i]}"
	[[ -n ${ZONE_SEEN[$zone]:-} ]] || { ZONES+=("$zone"); ZONE_SEEN[$zone]=1; }
	[[ $addr != - ]] || continue
	query "row$i" +norec +time=1 +tries=1 "@$addr" "$zone.example." SOA
	case $server in
	tc) query "row$i.udp" +norec +ignore +time=1 +tries=1 "@$addr" "$zone.example." SOA ;&
	nsd | knot | bind | noaa | wrongid | serve)
		[[ $serial == - ]] || query "row$i.ns" +norec +time=1 +tries=1 +tcp "@$addr" "$zone.example." NS
		;;
	esac
done
for zone in "${ZONES[@]}" nope; do
	# Unbound keeps trying the dead servers for a long time: do not wait for it.
	if [[ $zone == dead ]]; then t=1; else t=4; fi
	query "resolver.$zone" +time=$t +tries=1 @192.0.2.53 "$zone.example." SOA
	query "parent.$zone" +norec +time=1 +tries=1 @192.0.2.2 "$zone.example." NS
done
for i in "${!ROWS[@]}"; do
	read -r zone name addr server serial ns <<<"${ROWS[i]}"
	name=$(fqdn "$name" "$zone")
	[[ -z ${NAME_SEEN[$name]:-} ]] || continue
	NAME_SEEN[$name]=1
	query "addr.$name.A" +time=4 +tries=1 +short @192.0.2.53 "$name." A
	query "addr.$name.AAAA" +time=4 +tries=1 +short @192.0.2.53 "$name." AAAA
done
query dead-resolver +time=1 +tries=1 @192.0.2.254 sync.example. SOA
query refused-resolver +time=1 +tries=1 @192.0.2.253 sync.example. SOA
query v6-resolver +time=2 +tries=1 @2001:db8::53 sync.example. SOA

# Sixteen at a time: all at once would swamp the resolver on a busy machine.
printf '%s\n' "${QUERIES[@]}" >"$OUT/queries"
# shellcheck disable=SC2016 # for the inner shell
in_lab xargs -P 16 -L 1 sh -c 'f=$1; shift; exec dig "$@" >"$0/$f" 2>&1' "$OUT" <"$OUT/queries"

# Parse one dig output file into D_TEXT, D_STATUS, D_FLAGS, D_SERIAL, D_NS and D_SHORT without
# forking (this test makes hundreds of checks).
load() { # FILE [ZONE-FOR-NS]
	local line re_status='status: ([A-Z]+)' re_flags='^;; flags: ([a-z ]*);'
	local -a fields lines
	mapfile -t lines <"$OUT/$1"
	D_TEXT=$(printf '%s\n' "${lines[@]}")
	D_STATUS='' D_FLAGS='' D_SERIAL='' D_NS='' D_SHORT=''
	for line in "${lines[@]}"; do
		[[ -z $D_STATUS && $line =~ $re_status ]] && D_STATUS=${BASH_REMATCH[1]}
		[[ -z $D_FLAGS && $line =~ $re_flags ]] && D_FLAGS=" ${BASH_REMATCH[1]} "
		[[ $line == \;* || -z $line ]] && continue
		D_SHORT+="$line "
		read -ra fields <<<"$line"
		[[ ${fields[3]:-} == SOA && -z $D_SERIAL ]] && D_SERIAL=${fields[6]}
		[[ ${fields[3]:-} == NS && ${fields[0]} == "${2:-}." ]] && D_NS+="${fields[4]} "
	done
	return 0
}
has_flag() { [[ $D_FLAGS == *" $1 "* ]]; }
has_text() { [[ $D_TEXT == *"$1"* ]]; }

# True if the words of two strings form the same set.
same_set() { # "A B ..." "B A ..."
	local -A x=() y=()
	local w
	for w in $1; do x[$w]=1; done
	for w in $2; do y[$w]=1; done
	[[ ${#x[@]} == "${#y[@]}" ]] || return 1
	for w in "${!x[@]}"; do [[ -n ${y[$w]:-} ]] || return 1; done
	return 0
}

# check DESCRIPTION FILE TEST...: loads FILE, evaluates TEST; shows the dig output on failure.
check() {
	local desc=$1 file=$2 r=1 TAP_DIAG=
	shift 2
	load "$file" "${CHECK_ZONE:-}"
	if eval "$*"; then
		r=0
	else
		# shellcheck disable=SC2034 # read by tap_result
		TAP_DIAG="expected: $*"$'\n'"$D_TEXT"
	fi
	tap_result $r "$desc"
}

# NS names (with final dot) of ZONE on SIDE (parent/child), and addresses of NAME of TYPE.
declare -A WANT_NS=() WANT_ADDR=()
for row in "${ROWS[@]}"; do
	read -r zone name addr server serial ns <<<"$row"
	name=$(fqdn "$name" "$zone")
	for side in parent child; do
		[[ $ns == both || $ns == "$side" ]] || continue
		[[ " ${WANT_NS[$zone/$side]:-} " == *" $name. "* ]] || WANT_NS[$zone/$side]+="$name. "
	done
	[[ $addr == - ]] && continue
	if [[ $addr == *:* ]]; then WANT_ADDR[$name/AAAA]+="$addr "; else WANT_ADDR[$name/A]+="$addr "; fi
done

# --- every address answers as its server and serial say -------------------------------------
for i in "${!ROWS[@]}"; do
	read -r zone name addr server serial ns <<<"${ROWS[i]}"
	[[ $addr != - ]] || continue
	f=row$i
	d="$zone.example at $addr ($server)"
	case $server in
	nsd | knot | bind | serve | wrongid)
		if [[ $serial == - ]]; then
			check "$d refuses the zone" "$f" '[[ $D_STATUS == REFUSED ]]'
			continue
		fi
		check "$d is authoritative with serial $serial" "$f" \
			'has_flag aa && [[ $D_SERIAL == "$serial" ]]'
		[[ $server != wrongid ]] || check "$d first sends a wrong ID" "$f" 'has_text "ID mismatch"'
		;;
	noaa)
		check "$d answers serial $serial without AA" "$f" \
			'[[ $D_STATUS == NOERROR && $D_SERIAL == "$serial" ]] && ! has_flag aa'
		;;
	tc)
		check "$d truncates over UDP" "$f.udp" 'has_flag tc && [[ -z $D_SERIAL ]]'
		check "$d answers over TCP with serial $serial" "$f" \
			'has_text "(TCP)" && [[ $D_SERIAL == "$serial" ]]'
		;;
	none) check "$d: connection refused" "$f" 'has_text "connection refused"' ;;
	drop) check "$d: no answer" "$f" 'has_text "timed out"' ;;
	refused) check "$d answers REFUSED" "$f" '[[ $D_STATUS == REFUSED ]]' ;;
	servfail) check "$d answers SERVFAIL" "$f" '[[ $D_STATUS == SERVFAIL ]]' ;;
	garbage) check "$d answers unparsable bytes" "$f" 'has_text "malformed"' ;;
	*) check "$d: known server kind" "$f" false ;;
	esac
	if [[ -f $OUT/$f.ns ]]; then
		want=${WANT_NS[$zone/child]}
		CHECK_ZONE=$zone.example check "$d apex NS is {${want% }}" "$f.ns" 'same_set "$D_NS" "$want"'
	fi
done

# --- the parent delegates every zone, and the resolver sees it ------------------------------
for zone in "${ZONES[@]}"; do
	want=${WANT_NS[$zone/parent]}
	CHECK_ZONE=$zone.example check "example. delegates $zone.example to {${want% }}" "parent.$zone" \
		'same_set "$D_NS" "$want"'
	case $zone in
	dead) check "resolver: $zone.example SOA fails" "resolver.$zone" '[[ $D_STATUS != NOERROR ]]' ;;
	*) check "resolver: $zone.example SOA resolves" "resolver.$zone" \
		'[[ $D_STATUS == NOERROR && -n $D_SERIAL ]]' ;;
	esac
done
check "resolver: nope.example does not exist" resolver.nope '[[ $D_STATUS == NXDOMAIN ]]'
check "example. says nope.example does not exist" parent.nope \
	'[[ $D_STATUS == NXDOMAIN ]] && has_flag aa'

# --- every NS name resolves to exactly its addresses -----------------------------------------
mapfile -t NAMES < <(printf '%s\n' "${!NAME_SEEN[@]}" | sort)
for name in "${NAMES[@]}"; do
	for type in A AAAA; do
		want=${WANT_ADDR[$name/$type]:-}
		check "resolver: $name $type is {${want% }}" "addr.$name.$type" 'same_set "$D_SHORT" "$want"'
	done
done

# --- the resolvers for the option tests ------------------------------------------------------
check "192.0.2.254 is a silent resolver" dead-resolver 'has_text "timed out"'
check "192.0.2.253 refuses connections" refused-resolver 'has_text "connection refused"'
check "the resolver also listens on 2001:db8::53" v6-resolver '[[ $D_STATUS == NOERROR ]]'
expect_true "/etc/netns resolv.conf points at the lab resolver" \
	in_lab grep -qx "nameserver 192.0.2.53" /etc/resolv.conf

done_testing
