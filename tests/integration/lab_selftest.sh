#!/bin/bash
# lab_selftest.sh - the DNS lab serves what the tables in tests/lab/lab.sh claim (dig only).
# shellcheck disable=SC2016 # checks are single-quoted on purpose: check() evaluates them
set -u
. "$(dirname "$0")/lib.sh"

start_lab
OUT=$LAB_DIR/selftest
mkdir -p "$OUT"

# --- what the tables say ---------------------------------------------------------------------

mapfile -t ROWS < <("$LAB_SH" table)
mapfile -t OVERRIDES < <("$LAB_SH" overrides)

fqdn() { # NAME ZONE: sets REPLY to NAME fully qualified, without the final dot
	if [[ $1 == @ ]]; then REPLY=$2.example; elif [[ $1 == *. ]]; then REPLY=${1%.}; else REPLY=$1.$2.example; fi
}

# Rows, split: R_ZONE, R_NAME (fully qualified), R_ADDR, R_PORT (empty for 53), R_SERVER,
# R_SERIAL.  Per zone: ZONES (in order), UP[zone] (some address serves it), DEAD[zone] (some
# address is dead), IN_ZONE[zone] (names below the zone).  WANT_NS[zone/parent|child] (names with final dot),
# WANT_ADDR[name/TYPE] (the rows' addresses).
declare -A UP=() DEAD=() IN_ZONE=() WANT_NS=() WANT_ADDR=() NAME_SEEN=() NAME_ZONE=()
ZONES=() NAMES=()
R_ZONE=() R_ADDR=() R_PORT=() R_SERVER=() R_SERIAL=()
for i in "${!ROWS[@]}"; do
	read -r zone name addr server serial ns <<<"${ROWS[i]}"
	[[ -n ${UP[$zone]+x} ]] || { ZONES+=("$zone"); UP[$zone]=; }
	fqdn "$name" "$zone"
	name=$REPLY port=
	if [[ $addr == *#* ]]; then port=${addr#*#} addr=${addr%%#*}; fi
	R_ZONE[i]=$zone R_ADDR[i]=$addr R_PORT[i]=$port R_SERVER[i]=$server
	R_SERIAL[i]=$serial
	[[ $serial == - ]] || UP[$zone]=1
	[[ $server != none && $server != drop ]] || DEAD[$zone]=1
	if [[ -z ${NAME_SEEN[$name]:-} ]]; then
		NAMES+=("$name") NAME_SEEN[$name]=1 NAME_ZONE[$name]=$zone
		[[ $name != *".$zone.example" ]] || IN_ZONE[$zone]+="$name "
	fi
	for side in parent child; do
		[[ $ns == both || $ns == "$side" ]] || continue
		[[ " ${WANT_NS[$zone/$side]:-} " == *" $name. "* ]] || WANT_NS[$zone/$side]+="$name. "
	done
	[[ $addr == - ]] && continue
	if [[ $addr == *:* ]]; then WANT_ADDR[$name/AAAA]+="$addr "; else WANT_ADDR[$name/A]+="$addr "; fi
done

# Overrides, split: O_SOA[zone/copy], O_TTL[zone/copy], O_NS[zone/copy] (names with final dot),
# O_RR[zone/copy/owner/TYPE] (RDATA, one a line), O_OWNERS[zone/copy], O_GLUE[zone/name],
# KEYS[zone] ("OWNER/TYPE " words of every rr line of the zone).
declare -A O_SOA=() O_TTL=() O_NS=() O_RR=() O_OWNERS=() O_GLUE=() KEYS=()
re_rr='^([^[:space:]]+)[[:space:]]+([A-Z]+)[[:space:]]+(.*[^[:space:]])$'
for line in "${OVERRIDES[@]}"; do
	read -r zone copy directive args <<<"$line"
	key=$zone/$copy
	case $directive in
	soa) O_SOA[$key]=$args ;;
	ttl) O_TTL[$key]=$args ;;
	ns) for name in $args; do fqdn "$name" "$zone" && O_NS[$key]+="$REPLY. "; done ;;
	rr)
		[[ $args =~ $re_rr ]] || { echo "Bail out! bad override: $line"; exit 1; }
		fqdn "${BASH_REMATCH[1]}" "$zone"
		O_RR[$key/$REPLY/${BASH_REMATCH[2]}]+=${BASH_REMATCH[3]}$'\n'
		O_OWNERS[$key]+="$REPLY "
		[[ " ${KEYS[$zone]:-}" == *" $REPLY/${BASH_REMATCH[2]} "* ]] ||
			KEYS[$zone]+="$REPLY/${BASH_REMATCH[2]} "
		;;
	glue) fqdn "${args%% *}" "$zone" && O_GLUE[$zone/$REPLY]=${args#* } ;;
	sign | ds) ;; # signatures, keys and DS: what dnssec.sh checks
	*) echo "Bail out! unknown override: $line" && exit 1 ;;
	esac
done

# The copy of ZONE that SERVER serves: a daemon's copy, or "" for the responder (defaults only).
copy_of() { # SERVER
	case $1 in nsd | knot | bind) REPLY=$1 ;; *) REPLY= ;; esac
}

# Sets E_SOA ("TTL MNAME RNAME REFRESH RETRY EXPIRE MINIMUM": the SOA without its serial),
# E_TTL and E_NS (apex NS names with final dot) for the copy of ZONE on SERVER.
expect_copy() { # ZONE SERVER
	local zone=$1 key i first=${WANT_NS[$1/child]%% *}
	local -a soa=("$first" "hostmaster.$zone.example." 3600 600 86400 60) words
	E_TTL=60 E_NS=${WANT_NS[$zone/child]}
	copy_of "$2"
	if [[ -n $REPLY ]]; then
		for key in "$zone/*" "$zone/$REPLY"; do
			if [[ -n ${O_SOA[$key]:-} ]]; then
				read -ra words <<<"${O_SOA[$key]}"
				for i in 0 1 2 3 4 5; do [[ ${words[i]} == - ]] || soa[i]=${words[i]}; done
			fi
			E_TTL=${O_TTL[$key]:-$E_TTL} E_NS=${O_NS[$key]:-$E_NS}
		done
	fi
	E_SOA="$E_TTL ${soa[*]}"
}

# Sets E_RR (RDATA, one a line) and E_EXISTS (1 when OWNER exists) for OWNER/TYPE in the copy
# of ZONE on SERVER (COPY "*" asks what every copy serves, as the resolver sees it).
expect_rrset() { # ZONE SERVER OWNER TYPE
	local zone=$1 owner=$3 type=$4 c addr
	if [[ $2 == '*' ]]; then c='*'; else copy_of "$2" && c=$REPLY; fi
	E_EXISTS=
	[[ $owner == "$zone.example" || $owner == "www.$zone.example" ||
		" ${IN_ZONE[$zone]:-}" == *" $owner "* ]] && E_EXISTS=1
	if [[ -n $c && -n ${O_RR[$zone/$c/$owner/$type]:-} ]]; then
		E_RR=${O_RR[$zone/$c/$owner/$type]}
	elif [[ -n $c && -n ${O_RR[$zone/*/$owner/$type]:-} ]]; then
		E_RR=${O_RR[$zone/*/$owner/$type]}
	elif [[ $owner == "www.$zone.example" && $type == A ]]; then
		E_RR=192.0.2.200$'\n'
	else
		E_RR=
		for addr in ${WANT_ADDR[$owner/$type]:-}; do E_RR+=$addr$'\n'; done
	fi
	[[ -z $c || " ${O_OWNERS[$zone/$c]:-} ${O_OWNERS[$zone/*]:-} " != *" $owner "* ]] ||
		E_EXISTS=1
	return 0
}

# The RRsets the content check asks every answering address of ZONE for: REPLY, "OWNER/TYPE "
# words.
content_keys() { # ZONE
	local zone=$1 apex=$1.example key name
	REPLY=
	for key in $apex/A $apex/AAAA $apex/MX $apex/TXT www.$apex/A mail.$apex/A ${KEYS[$zone]:-}; do
		[[ " $REPLY" == *" $key "* ]] || REPLY+="$key "
	done
	for name in ${IN_ZONE[$zone]:-}; do
		[[ " $REPLY" == *" $name/A "* ]] || REPLY+="$name/A "
		[[ " $REPLY" == *" $name/AAAA "* ]] || REPLY+="$name/AAAA "
	done
}

# --- the queries -----------------------------------------------------------------------------

# Every query of this test, "FILE DIG-ARGS...", run in parallel inside the lab.
QUERIES=()
query() { # FILE DIG-ARGS...
	QUERIES+=("$*")
}

for i in "${!ROWS[@]}"; do
	zone=${R_ZONE[i]} addr=${R_ADDR[i]} server=${R_SERVER[i]} serial=${R_SERIAL[i]}
	[[ $addr != - ]] || continue
	at="@$addr${R_PORT[i]:+ -p ${R_PORT[i]}}"
	query "row$i" +norec +time=1 +tries=1 "$at" "$zone.example." SOA
	[[ -z ${R_PORT[i]} ]] || query "row$i.53" +norec +time=1 +tries=1 "@$addr" "$zone.example." SOA
	[[ $serial != - ]] || continue
	case $server in
	tc) query "row$i.udp" +norec +ignore +time=1 +tries=1 "$at" "$zone.example." SOA ;;
	udponly | tcpsilent)
		query "row$i.tcp" +norec +tcp +time=1 +tries=1 "$at" "$zone.example." SOA
		query "row$i.ns" +norec +time=1 +tries=1 "$at" "$zone.example." NS
		;;
	esac
	case $server in nsd | knot | bind | noaa | wrongid | serve | tc)
		query "row$i.ns" +norec +time=1 +tries=1 +tcp "$at" "$zone.example." NS ;;
	esac
	case $server in nsd | knot | bind | serve | udponly | tcpsilent)
		content_keys "$zone"
		q=()
		for key in $REPLY; do q+=("${key%/*}." "${key##*/}"); done
		query "content$i" +norec +time=1 +tries=1 +noall +answer +comments +question "$at" "${q[@]}"
		;;
	esac
done
for zone in "${ZONES[@]}" nope; do
	# Unbound keeps trying dead servers for a long time: do not wait for it when all are dead.
	# It ignores ICMP errors, so each dead address it tries costs it a timeout (~0.75 s).
	# On a loaded machine (valgrind, sanitizers) one try may not be enough for those.
	t=4 tries=1
	if [[ $zone != nope && -z ${UP[$zone]} ]]; then t=1; elif [[ -n ${DEAD[$zone]:-} ]]; then t=10 tries=3; fi
	query "resolver.$zone" +time=$t +tries=$tries @192.0.2.53 "$zone.example." SOA
	query "parent.$zone" +norec +time=1 +tries=1 @192.0.2.2 "$zone.example." NS
done
for name in "${NAMES[@]}"; do
	zone=${NAME_ZONE[$name]}
	if [[ $name == *".$zone.example" && -z ${UP[$zone]} ]]; then t=1; else t=4; fi
	query "addr.$name.A" +time=$t +tries=1 +short @192.0.2.53 "$name." A
	query "addr.$name.AAAA" +time=$t +tries=1 +short @192.0.2.53 "$name." AAAA
done
query dead-resolver +time=1 +tries=1 @192.0.2.254 sync.example. SOA
query refused-resolver +time=1 +tries=1 @192.0.2.253 sync.example. SOA
query v6-resolver +time=2 +tries=1 @2001:db8::53 sync.example. SOA

# Sixteen at a time: all at once would swamp the resolver on a busy machine.
printf '%s\n' "${QUERIES[@]}" >"$OUT/queries"
# shellcheck disable=SC2016 # for the inner shell
in_lab xargs -P 16 -L 1 sh -c 'f=$1; shift; exec dig "$@" >"$0/$f" 2>&1' "$OUT" <"$OUT/queries"

# --- reading dig's output --------------------------------------------------------------------

# Parse one dig output file into D_TEXT, D_STATUS, D_FLAGS, D_SERIAL, D_SOA (TTL and fields
# but the serial), D_NS, D_SHORT and D_GLUE[name/TYPE] (additional section) without forking
# (this test makes hundreds of checks).
load() { # FILE [ZONE-FOR-NS]
	local line section='' re_status='status: ([A-Z]+)' re_flags='^;; flags: ([a-z ]*);'
	local -a fields lines
	mapfile -t lines <"$OUT/$1"
	printf -v D_TEXT '%s\n' "${lines[@]}"
	D_STATUS='' D_FLAGS='' D_SERIAL='' D_SOA='' D_NS='' D_SHORT=''
	declare -gA D_GLUE=()
	for line in "${lines[@]}"; do
		[[ -z $D_STATUS && $line =~ $re_status ]] && D_STATUS=${BASH_REMATCH[1]}
		[[ -z $D_FLAGS && $line =~ $re_flags ]] && D_FLAGS=" ${BASH_REMATCH[1]} "
		[[ $line == ";; "*" SECTION:" ]] && section=${line#;; }
		[[ $line == \;* || -z $line ]] && continue
		D_SHORT+="$line "
		read -ra fields <<<"$line"
		if [[ ${fields[3]:-} == SOA && -z $D_SERIAL ]]; then
			D_SERIAL=${fields[6]}
			# shellcheck disable=SC2034 # read by the checks
			D_SOA="${fields[1]} ${fields[4]} ${fields[5]} ${fields[*]:7:4}"
		fi
		[[ ${fields[3]:-} == NS && ${fields[0]} == "${2:-}." ]] && D_NS+="${fields[4]} "
		[[ $section == "ADDITIONAL SECTION:" && ${fields[3]:-} == A* ]] &&
			D_GLUE[${fields[0]%.}/${fields[3]}]+="${fields[4]} "
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

# True if the lines of two strings form the same set.
same_lines() { # "A\nB\n" "B\nA\n"
	local -A x=() y=()
	local l
	while IFS= read -r l; do [[ -z $l ]] || x[$l]=1; done <<<"$1"
	while IFS= read -r l; do [[ -z $l ]] || y[$l]=1; done <<<"$2"
	[[ ${#x[@]} == "${#y[@]}" ]] || return 1
	for l in "${!x[@]}"; do [[ -n ${y[$l]:-} ]] || return 1; done
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

# Reads a content file (several questions in one dig run) and compares every RRset with what
# the copy of ZONE on SERVER should hold; one TAP result, the differences as diagnostics.
check_content() { # DESCRIPTION FILE ZONE SERVER AA-EXPECTED
	local desc=$1 zone=$3 server=$4 line key owner type problems='' TAP_DIAG='' n=0
	local re_q='^;([^[:space:]]+)[[:space:]]+IN[[:space:]]+([A-Z]+)$'
	local re_rr='^([^[:space:]]+)[[:space:]]+([0-9]+)[[:space:]]+IN[[:space:]]+([A-Z]+)[[:space:]]+(.*)$'
	local re_status='status: ([A-Z]+)' re_flags='^;; flags: ([a-z ]*);'
	local -A got=() status=() flags=() ttl_bad=()
	local st fl g w
	expect_copy "$zone" "$server"
	while IFS= read -r line; do
		if [[ $line =~ $re_status ]]; then st=${BASH_REMATCH[1]}
		elif [[ $line =~ $re_flags ]]; then fl=" ${BASH_REMATCH[1]} "
		elif [[ $line =~ $re_q ]]; then
			key=${BASH_REMATCH[1],,} key=${key%.}/${BASH_REMATCH[2]}
			status[$key]=$st flags[$key]=$fl n=$((n + 1))
		elif [[ $line =~ $re_rr ]]; then
			key=${BASH_REMATCH[1],,} key=${key%.}/${BASH_REMATCH[3]}
			got[$key]+=${BASH_REMATCH[4]}$'\n'
			[[ ${BASH_REMATCH[2]} == "$E_TTL" ]] || ttl_bad[$key]=${BASH_REMATCH[2]}
		fi
	done <"$OUT/$2"
	content_keys "$zone"
	for key in $REPLY; do
		owner=${key%/*} type=${key##*/}
		expect_rrset "$zone" "$server" "$owner" "$type"
		if [[ -z ${status[$key]:-} ]]; then
			problems+="$key: no answer"$'\n'
			continue
		fi
		[[ $5 != 1 || ${flags[$key]} == *" aa "* ]] || problems+="$key: no AA"$'\n'
		if [[ -n $E_EXISTS && ${status[$key]} != NOERROR ]] ||
			[[ -z $E_EXISTS && ${status[$key]} != NXDOMAIN ]]; then
			problems+="$key: status ${status[$key]}"$'\n'
		fi
		if ! same_lines "${got[$key]:-}" "$E_RR"; then
			g=${got[$key]:-} w=${E_RR%$'\n'}
			problems+="$key: got {${g//$'\n'/; }} want {${w//$'\n'/; }}"$'\n'
		fi
		[[ -z ${ttl_bad[$key]:-} ]] || problems+="$key: TTL ${ttl_bad[$key]}, want $E_TTL"$'\n'
	done
	# shellcheck disable=SC2034 # read by tap_result
	[[ -z $problems ]] || TAP_DIAG=$problems$(<"$OUT/$2")
	[[ -z $problems ]]
	tap_result $? "$desc"
}

# --- every address answers as its server and serial say --------------------------------------
for i in "${!ROWS[@]}"; do
	zone=${R_ZONE[i]} addr=${R_ADDR[i]} server=${R_SERVER[i]} serial=${R_SERIAL[i]}
	[[ $addr != - ]] || continue
	f=row$i
	d="$zone.example at $addr${R_PORT[i]:+ port ${R_PORT[i]}} ($server)"
	case $server in
	nsd | knot | bind | serve | wrongid | udponly | tcpsilent)
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
	[[ -z ${R_PORT[i]} ]] ||
		check "$addr port 53: connection refused" "$f.53" 'has_text "connection refused"'
	[[ $serial != - ]] || continue
	expect_copy "$zone" "$server"
	check "$d SOA (TTL, fields) is $E_SOA" "$f" '[[ $D_SOA == "$E_SOA" ]]'
	case $server in
	udponly) check "$d refuses TCP connections" "$f.tcp" 'has_text "connection refused"' ;;
	tcpsilent) check "$d never answers over TCP" "$f.tcp" \
		'has_text "timed out" && ! has_text "connection refused" && [[ -z $D_SERIAL ]]' ;;
	esac
	if [[ -f $OUT/$f.ns ]]; then
		CHECK_ZONE=$zone.example check "$d apex NS is {${E_NS% }}" "$f.ns" 'same_set "$D_NS" "$E_NS"'
	fi
	if [[ -f $OUT/content$i ]]; then
		check_content "$d serves its content (AA, status, RDATA, TTL)" "content$i" "$zone" \
			"$server" 1
	fi
done

# --- the parent delegates every zone, with its glue, and the resolver sees it ----------------
for zone in "${ZONES[@]}"; do
	want=${WANT_NS[$zone/parent]}
	CHECK_ZONE=$zone.example check "example. delegates $zone.example to {${want% }}" "parent.$zone" \
		'same_set "$D_NS" "$want"'
	for name in $want; do
		name=${name%.}
		[[ $name == *".$zone.example" ]] || continue
		for type in A AAAA; do
			want_glue=${WANT_ADDR[$name/$type]:-}
			if [[ -n ${O_GLUE[$zone/$name]:-} ]]; then
				want_glue=
				for addr in ${O_GLUE[$zone/$name]}; do
					if [[ $addr == *:* ]]; then t=AAAA; else t=A; fi
					[[ $t != "$type" ]] || want_glue+="$addr "
				done
			fi
			check "example. gives $type glue {${want_glue% }} for $name" "parent.$zone" \
				'same_set "${D_GLUE[$name/$type]:-}" "$want_glue"'
		done
	done
	if [[ -z ${UP[$zone]} ]]; then
		check "resolver: $zone.example SOA fails" "resolver.$zone" '[[ $D_STATUS != NOERROR ]]'
	else
		check "resolver: $zone.example SOA resolves" "resolver.$zone" \
			'[[ $D_STATUS == NOERROR && -n $D_SERIAL ]]'
	fi
done
check "resolver: nope.example does not exist" resolver.nope '[[ $D_STATUS == NXDOMAIN ]]'
check "example. says nope.example does not exist" parent.nope \
	'[[ $D_STATUS == NXDOMAIN ]] && has_flag aa'

# --- every NS name resolves to exactly its addresses (what the zone says for in-zone names) --
for name in "${NAMES[@]}"; do
	zone=${NAME_ZONE[$name]}
	for type in A AAAA; do
		if [[ $name == *".$zone.example" && -z ${UP[$zone]} ]]; then
			check "resolver: $name $type fails (only glue knows it)" "addr.$name.$type" \
				'[[ -z $D_SHORT ]]'
			continue
		fi
		want=${WANT_ADDR[$name/$type]:-}
		if [[ $name == *".$zone.example" ]]; then
			expect_rrset "$zone" '*' "$name" "$type"
			want=${E_RR//$'\n'/ }
		fi
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
