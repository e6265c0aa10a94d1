#!/usr/bin/env bash
# survey-ingest --dedupe: what the de-duplication table costs per
# respondent id, against the bound survey-ingest(1) states (TAP).
#
# 500 000 rows, each with an id of its own, go through --dedupe last and
# --dedupe none; the difference of the two peak resident sets is the
# table's, and the man page says at most 64 bytes per id (43 to 53, and 64
# for a moment while the index doubles).  Huge pages, which the table asks
# for, round each of its regions (the index, the block of records being
# filled) up to 2 MiB, and the allocator keeps some of what is freed: the
# check allows 6 MiB for that, so the bound is 64 * 500 000 + 6 MiB =
# 38 291 456 bytes.  The table this replaced held 32-byte entries in a
# table at most half full, and for a moment the old and the new table when
# it doubled: 48 MiB here (100 bytes per id), over the bound.
# Skipped under ASan and valgrind, whose shadow memory is not the table's.
# Environment: BIN (the built tools) as tests/run.sh sets it.
. "$(dirname "$0")/../tap.sh"

if [ -n "${VALGRIND:-}" ] || [ -n "${ASAN_OPTIONS:-}" ]; then
	echo "ok 1 # SKIP under valgrind or ASan"
	echo "1..1"
	exit 0
fi
# bench/runstat measures the peak with wait4(); time(1) may be missing, and a
# fork of a bigger process (python) would count that one's pages as the peak
if ! ${CC:-cc} -O2 -o "$tmp/runstat" bench/runstat.c 2> "$tmp/cc.err"; then
	echo "ok 1 # SKIP no C compiler for bench/runstat.c"
	echo "1..1"
	exit 0
fi

N=500000
awk -v n=$N 'BEGIN { print "respondent_id,date,nps"
	for (i = 1; i <= n; i++) printf "R_%08d,2024-03-%02d 10:00:00,%d\n", i, i % 28 + 1, i % 11 }' > "$tmp/in.csv"

# peak SURVEY-INGEST-ARGS...: the peak resident set of the run in KiB, or -1
peak() {
	local line
	line=$("$tmp/runstat" -o /dev/null -e /dev/null "$BIN/survey-ingest" "$@") || { echo -1; return; }
	set -- $line
	echo "$3"
}
base=$(peak -q --dedupe none "$tmp/in.csv")
with=$(peak -q --dedupe last "$tmp/in.csv")
t "both runs succeed" '[ "$base" -gt 0 ] && [ "$with" -gt 0 ]'
bytes=$(((with - base) * 1024))
limit=$((64 * N + 6 * 1024 * 1024))
if [ "$bytes" -le "$limit" ]; then
	pass "--dedupe: $bytes bytes for $N ids ($((bytes / N)) per id), at most $limit"
else
	fail "--dedupe: $bytes bytes for $N ids ($((bytes / N)) per id), at most $limit"
fi
tap_done
