#!/bin/bash
# contrib_options.sh - every option of `check_soa --help` has an argument in the Icinga 2 CheckCommand, and every argument is an option.
#
# The next option added to the plugin cannot be forgotten in contrib/icinga2/check_soa.conf:
# its long form (or its short one, which the CheckCommand may use instead) must be a key of the
# CheckCommand's arguments, unless it is listed below as a deliberate exception.  No lab, no root.
set -u
. "$(dirname "$0")/lib.sh"
need_check_soa

CONF=$top_srcdir/contrib/icinga2/check_soa.conf
# Options that make no sense in a CheckCommand, with the reason.
declare -A EXCEPT=(
	[--help]="prints the help, checks nothing"
	[--version]="prints the version, checks nothing"
	[--usage]="prints the usage, checks nothing"
	[--verbose]="a trace on stderr for a person at a shell; Icinga would record it as output"
)

help=$("$CHECK_SOA" --help 2>&1)
# Option lines of the help: one blank, then "-x, --long..." or "--long...".
mapfile -t options < <(sed -nE 's/^ (-[A-Za-z0-9], )?(--[a-z0-9][a-z0-9-]*).*/\2 \1/p' <<<"$help" |
	sed -E 's/, $//; s/ $//')
# Argument keys of the CheckCommand: "-x" = ... or "--long" = ...
mapfile -t keys < <(sed -nE 's/^[[:space:]]*"(-[^"]+)"[[:space:]]*=.*/\1/p' "$CONF")

TAP_DIAG=$help tap_result "$([[ ${#options[@]} -ge 20 ]]; echo $?)" \
	"--help lists the options (${#options[@]} found)"
TAP_DIAG=$(cat "$CONF") tap_result "$([[ ${#keys[@]} -ge 20 ]]; echo $?)" \
	"check_soa.conf has CheckCommand arguments (${#keys[@]} found)"

has_key() { # KEY
	local k
	for k in "${keys[@]}"; do [[ $k == "$1" ]] && return 0; done
	return 1
}

for entry in "${options[@]}"; do
	long=${entry%% *}
	short=
	[[ $entry == *" "* ]] && short=${entry#* }
	if [[ -n ${EXCEPT[$long]+set} ]]; then
		tap_result 0 "$long: not in the CheckCommand on purpose (${EXCEPT[$long]})"
		continue
	fi
	r=1
	has_key "$long" && r=0
	[[ -n $short ]] && has_key "$short" && r=0
	TAP_DIAG="add \"$long\" to the arguments of contrib/icinga2/check_soa.conf (or list it in EXCEPT with a reason)" \
		tap_result $r "$long${short:+ ($short)}: an argument of the Icinga 2 CheckCommand"
done

# ... and every argument of the CheckCommand is an option the plugin knows.
known=" ${options[*]} "
for k in "${keys[@]}"; do
	r=1
	[[ $known == *" $k "* ]] && r=0
	TAP_DIAG="options from --help:$known" tap_result $r "CheckCommand argument $k is an option of check_soa --help"
done

done_testing
