#!/bin/sh
# dig_loop.sh - the common shell way to compare a zone's SOA serials, as a peer in the benchmark:
# ask the resolver for the NS names, resolve each, then ask every address in turn (RD=0).
# Usage: dig_loop.sh ZONE     prints "NAME ADDRESS SERIAL" per address; exit 0 if all agree.
zone=$1
out=$(
	for ns in $(dig +short NS "$zone"); do
		for a in $(dig +short A "$ns") $(dig +short AAAA "$ns"); do
			serial=$(dig +norec +short SOA "$zone" "@$a" | awk '{ print $3 }')
			echo "$ns $a ${serial:-none}"
		done
	done
)
echo "$out"
[ -n "$out" ] && [ "$(echo "$out" | awk '{ print $3 }' | sort -u | wc -l)" -eq 1 ] &&
	! echo "$out" | grep -q ' none$'
