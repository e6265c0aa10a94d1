#!/usr/bin/env bash
# A record over 64 MiB (TAP): a double quote never closed, 70 MB before the
# input ends, is a data error on the line the record begins, read through a
# pipe (the fast path), with CR line ends (libcsv) and with -j 2 on a file;
# the rows before it are not lost to a different message, and the reader
# stops at the limit instead of holding the input (peak RSS under 128 MiB,
# where the whole input would be 70 MB in the buffer plus as much in libcsv).
. "$(dirname "$0")/../tap.sh"

want="a record of more than 64 MiB begins on this line (a double quote never closed?)"
filler() { yes 'lorem ipsum, dolor sit amet' | head -c 70000000; }

rss() {   # rss CMD...: run it, its peak RSS in KiB in $tmp/rss, status returned
	/usr/bin/time -f %M -o "$tmp/rss" "$@"
}

check() {   # check NAME WHERE: status 1, and the one-line message at WHERE
	local name=$1 where=$2 rc=$3
	t "$name: exit status 1 (got $rc)" '[ "$rc" = 1 ]'
	printf 'nps: %s: %s\n' "$where" "$want" > "$tmp/want"
	diff "$tmp/want" "$tmp/err" > "$tmp/d"
	result $? "$name: the message names the line the record begins on" "$tmp/d"
}

# line 3 opens the quote; North and South before it are read
{ printf 'region,nps\nNorth,9\nSouth,"7\n'; filler; } | nps --by region > /dev/null 2> "$tmp/err"
check "through a pipe" "stdin:3" $?

# old Mac line ends (lone CRs): libcsv reads every record
{ printf 'region,nps\rNorth,9\rSouth,"7\r'; filler; } | nps --by region > /dev/null 2> "$tmp/err"
check "CR line ends (libcsv)" "stdin:3" $?

# a file of 40 000 rows, then the open quote: two threads, the same line
{ printf 'region,nps\n'; yes 'North,9' | head -n 40000; printf 'South,"7\n'; filler; } > "$tmp/big.csv"
if [ -x /usr/bin/time ]; then
	rss nps -j 2 --by region "$tmp/big.csv" > /dev/null 2> "$tmp/err"
	rc=$?
else
	nps -j 2 --by region "$tmp/big.csv" > /dev/null 2> "$tmp/err"
	rc=$?
fi
check "-j 2 on a file" "$tmp/big.csv:40002" $rc
if [ -s "$tmp/rss" ] && [ -z "${VALGRIND:-}" ] && [ -z "${ASAN_OPTIONS:-}" ]; then
	k=$(tail -n 1 "$tmp/rss")
	t "-j 2: peak RSS $k KiB, under 128 MiB" '[ "$k" -lt 131072 ]'
else
	skip "peak RSS not measured (no /usr/bin/time, or under valgrind or ASan)"
fi
tap_done
