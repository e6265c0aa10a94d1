#!/usr/bin/env bash
# survey-ingest on very wide exports: the column plan and the detector are
# linear in the number of columns (TAP).
#
# 80 000 columns c0 .. c79999 and one data row; each case's output is
# checked.  These are not timed tests (speed is measured by bench/): the
# time limit, INGEST_WIDE_TIMEOUT seconds (default 120), only stops a hang.
# The linear code takes under a second, under ASan a few; the quadratic
# code it replaced took 7 to 23 s.
#   (a) a mapping file naming every column as a segment, s0=c0 ..
#       s79999=c79999 (the plan compared each reference with every column,
#       and each output name with every other: 23 s);
#   (b) the same columns named on the command line is (a) in small: 2 000
#       --segment options, output names s0 .. s1999 in that order;
#   (c) 320 000 columns whose wording says "satisfied": each one a csat
#       candidate, so the run stops with the ambiguity (exit status 1, one
#       line naming the first ones); the detector checked every candidate
#       against all the earlier ones (22 s; now 1.5 s).  Skipped under
#       VALGRIND=1.
#   (d) 200 000 columns all named Other (Typeform's repeated choice
#       columns, many times over) pass through as other, other_2, ...,
#       other_200000 (survey-ingest(1), OUTPUT: a name that repeats gets _2,
#       _3 ...); the name indexes kept equal names in one probe run, which
#       made building them quadratic (80 000 columns: 6.8 s).  Skipped under
#       VALGRIND=1.
# Environment: BIN (the built tools) as tests/run.sh sets it.
. "$(dirname "$0")/../tap.sh"
T=${INGEST_WIDE_TIMEOUT:-120}
N=80000

# check NAME STATUS WANT ARGS...: survey-ingest ARGS must exit with STATUS
# and print WANT (a file), or, when WANT is a pattern "re:...", one line on
# stderr matching it.
check() {
	local name=$1 want_rc=$2 want=$3 rc
	shift 3
	timeout -k 5 "$T" survey-ingest "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		fail "$name" "no answer within ${T}s"
	elif [ $rc -ne "$want_rc" ]; then
		fail "$name" "status $rc" "$tmp/err"
	elif [ "${want#re:}" != "$want" ]; then
		if [ "$(grep -c '' "$tmp/err")" -ne 1 ] || ! grep -q "${want#re:}" "$tmp/err"; then
			fail "$name" "stderr differs" "$tmp/err"
		else
			pass "$name"
		fi
	elif ! cmp -s "$tmp/out" "$want"; then
		fail "$name" "output differs"
	else
		pass "$name"
	fi
}

seq 0 $((N - 1)) | sed 's/^/c/' | paste -sd, - > "$tmp/names"
seq 0 $((N - 1)) | sed 's/.*/v/' | paste -sd, - > "$tmp/cells"
{ printf 'respondent_id,date,nps,'; cat "$tmp/names"
  printf 'r1,2024-01-01,9,'; cat "$tmp/cells"; } > "$tmp/wide.csv"
{ echo target,source; seq 0 $((N - 1)) | sed 's/.*/segment:s&,c&/'; } > "$tmp/map.csv"

# (a) the mapping file: header respondent_id,date,nps,s0,...; the row as given
{ printf 'respondent_id,date,nps,'; seq 0 $((N - 1)) | sed 's/^/s/' | paste -sd, -
  printf 'r1,2024-01-01,9,'; cat "$tmp/cells"; } > "$tmp/want_a"
check "$N segments from a mapping file" 0 "$tmp/want_a" -q --map "$tmp/map.csv" "$tmp/wide.csv"

# (b) 2 000 --segment options: the same plan from the command line
args=()
for i in $(seq 0 1999); do args+=(--segment "s$i=c$i"); done
{ printf 'respondent_id,date,nps,'; seq 0 1999 | sed 's/^/s/' | paste -sd, -
  printf 'r1,2024-01-01,9,'; seq 0 1999 | sed 's/.*/v/' | paste -sd, -; } > "$tmp/want_b"
check "2000 --segment options" 0 "$tmp/want_b" -q "${args[@]}" "$tmp/wide.csv"

# (c) every column a csat candidate: the ambiguity, in one line
M=320000
if [ -n "${VALGRIND:-}" ]; then
	skip "$M csat candidates: too slow under valgrind"
else
	{ printf 'respondent_id,date,'; seq 0 $((M - 1)) | sed 's/^/How satisfied /' | paste -sd, -
	  printf 'r1,2024-01-01,'; seq 0 $((M - 1)) | sed 's/.*/v/' | paste -sd, -; } > "$tmp/satisf.csv"
	check "$M csat candidates: one line naming the ambiguity" 1 \
	      "re:^survey-ingest: $tmp/satisf.csv: $M columns could be the csat score: how_satisfied_0 (column 3, 'How satisfied 0')" \
	      "$tmp/satisf.csv"
fi

# (d) one name, 200 000 times
M=200000
if [ -n "${VALGRIND:-}" ]; then
	skip "$M columns named Other: too slow under valgrind"
else
	{ printf 'respondent_id,date,nps,'; yes Other | head -n $M | paste -sd, -
	  printf 'r1,2024-01-01,9,'; seq 1 $M | paste -sd, -; } > "$tmp/other.csv"
	{ printf 'respondent_id,date,nps,other,'; seq 2 $M | sed 's/^/other_/' | paste -sd, -
	  printf 'r1,2024-01-01,9,'; seq 1 $M | paste -sd, -; } > "$tmp/want_d"
	check "$M columns named Other: other .. other_$M" 0 "$tmp/want_d" -q "$tmp/other.csv"
fi
tap_done
