#!/usr/bin/env bash
# survey-ingest on very wide exports: the column plan and the detector are
# linear in the number of columns (TAP).
#
# 80 000 columns c0 .. c79999 and one data row; each case must end within
# INGEST_WIDE_TIMEOUT seconds (default 10; the linear code takes under a
# second, under ASan a few), and its output is checked:
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
T=${INGEST_WIDE_TIMEOUT:-10}
N=80000

seq 0 $((N - 1)) | sed 's/^/c/' | paste -sd, - > "$tmp/names"
seq 0 $((N - 1)) | sed 's/.*/v/' | paste -sd, - > "$tmp/cells"
{ printf 'respondent_id,date,nps,'; cat "$tmp/names"
  printf 'r1,2024-01-01,9,'; cat "$tmp/cells"; } > "$tmp/wide.csv"
{ echo target,source; seq 0 $((N - 1)) | sed 's/.*/segment:s&,c&/'; } > "$tmp/map.csv"

# (a) the mapping file: header respondent_id,date,nps,s0,...; the row as given
timeout -k 5 "$T" survey-ingest -q --map "$tmp/map.csv" "$tmp/wide.csv" > "$tmp/out" 2> "$tmp/err"
rc=$?
{ printf 'respondent_id,date,nps,'; seq 0 $((N - 1)) | sed 's/^/s/' | paste -sd, -
  printf 'r1,2024-01-01,9,'; cat "$tmp/cells"; } > "$tmp/want"
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	fail "$N segments from a mapping file" "no answer within ${T}s"
elif [ $rc -ne 0 ]; then
	fail "$N segments from a mapping file" "status $rc" "$tmp/err"
elif ! cmp -s "$tmp/out" "$tmp/want"; then
	fail "$N segments from a mapping file" "output differs"
else
	pass "$N segments from a mapping file, within ${T}s"
fi

# (b) 2 000 --segment options: the same plan from the command line
args=()
for i in $(seq 0 1999); do args+=(--segment "s$i=c$i"); done
timeout -k 5 "$T" survey-ingest -q "${args[@]}" "$tmp/wide.csv" > "$tmp/out" 2> "$tmp/err"
rc=$?
{ printf 'respondent_id,date,nps,'; seq 0 1999 | sed 's/^/s/' | paste -sd, -
  printf 'r1,2024-01-01,9,'; seq 0 1999 | sed 's/.*/v/' | paste -sd, -; } > "$tmp/want"
if [ $rc -ne 0 ]; then
	fail "2000 --segment options" "status $rc" "$tmp/err"
elif ! cmp -s "$tmp/out" "$tmp/want"; then
	fail "2000 --segment options" "output differs"
else
	pass "2000 --segment options"
fi

# (c) every column a csat candidate: the ambiguity, in one line
M=320000
if [ -n "${VALGRIND:-}" ]; then
	skip "$M csat candidates: too slow under valgrind"
else
	{ printf 'respondent_id,date,'; seq 0 $((M - 1)) | sed 's/^/How satisfied /' | paste -sd, -
	  printf 'r1,2024-01-01,'; seq 0 $((M - 1)) | sed 's/.*/v/' | paste -sd, -; } > "$tmp/satisf.csv"
	timeout -k 5 "$T" survey-ingest "$tmp/satisf.csv" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		fail "$M csat candidates" "no answer within ${T}s"
	elif [ $rc -ne 1 ] || [ "$(grep -c '' "$tmp/err")" -ne 1 ] \
	     || ! grep -q "^survey-ingest: $tmp/satisf.csv: $M columns could be the csat score: how_satisfied_0 (column 3, 'How satisfied 0')" "$tmp/err"; then
		fail "$M csat candidates" "status $rc" "$tmp/err"
	else
		pass "$M csat candidates: one line naming the ambiguity, within ${T}s"
	fi
fi

# (d) one name, 200 000 times
M=200000
if [ -n "${VALGRIND:-}" ]; then
	skip "$M columns named Other: too slow under valgrind"
else
	{ printf 'respondent_id,date,nps,'; yes Other | head -n $M | paste -sd, -
	  printf 'r1,2024-01-01,9,'; seq 1 $M | paste -sd, -; } > "$tmp/other.csv"
	{ printf 'respondent_id,date,nps,other,'; seq 2 $M | sed 's/^/other_/' | paste -sd, -
	  printf 'r1,2024-01-01,9,'; seq 1 $M | paste -sd, -; } > "$tmp/want"
	timeout -k 5 "$T" survey-ingest -q "$tmp/other.csv" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		fail "$M columns named Other" "no answer within ${T}s"
	elif [ $rc -ne 0 ]; then
		fail "$M columns named Other" "status $rc" "$tmp/err"
	elif ! cmp -s "$tmp/out" "$tmp/want"; then
		fail "$M columns named Other" "output differs"
	else
		pass "$M columns named Other: other .. other_$M, within ${T}s"
	fi
fi
tap_done
