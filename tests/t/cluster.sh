#!/usr/bin/env bash
# Scale-out: --partial is the map, --merge the reduce.  GNU parallel cuts a
# file into blocks (with or without the header line), a mapper turns each
# block into states, one merge gives exactly the direct run's output.
. "$(dirname "$0")/../tap.sh"
S=$ROOT/samples/survey.csv
COLS=""   # set from the tidy file's header below

# line-based splitters need one record per line: --one-line folds line
# breaks inside answers into spaces (survey-ingest passes a tidy file through)
survey-ingest -q --one-line "$S" > "$tmp/one.csv"
COLS=$(head -n 1 "$tmp/one.csv")   # tidy order: id, date, scores, segments, texts
t "--one-line gives one record per line" \
	'[ "$(wc -l < "$tmp/one.csv")" -eq "$(python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=\"\"))))" "$S")" ]'
nps -q --by region --total "$S" > "$tmp/direct.csv"
nps -q --by region --total "$tmp/one.csv" > "$tmp/direct1.csv"
t "the direct run has a header, the regions and the total" '[ "$(wc -l < "$tmp/direct.csv")" -ge 4 ]'
t "folding line breaks in comments changes no figure" 'same_output "$tmp/direct.csv" "$tmp/direct1.csv"'

if command -v parallel >/dev/null 2>&1; then
	# blocks with the header line repeated (--header :)
	parallel --will-cite --pipepart -a "$tmp/one.csv" --block 3k --header : \
		nps -q --partial --by region > "$tmp/states.csv"
	t "parallel made several partial states" '[ "$(grep -c "^svy_partial_v1" "$tmp/states.csv")" -gt 2 ]'
	nps -q --merge --total "$tmp/states.csv" > "$tmp/merged.csv"
	t "parallel --pipepart --header : | nps --merge equals the direct run" 'same_output "$tmp/merged.csv" "$tmp/direct.csv"'
	# header-less blocks: the mapper names the columns
	tail -n +2 "$tmp/one.csv" > "$tmp/body.csv"
	parallel --will-cite --pipepart -a "$tmp/body.csv" --block 2k \
		nps -q --partial --by region --columns "$COLS" | nps -q --merge --total > "$tmp/merged2.csv"
	t "header-less blocks with --columns merge to the direct run" 'same_output "$tmp/merged2.csv" "$tmp/direct.csv"'
	# weighted, csat
	csat -q --by plan --weight weight --total --precision 6 "$S" > "$tmp/cdirect.csv"
	parallel --will-cite --pipepart -a "$tmp/one.csv" --block 5k --header : \
		csat -q --partial --by plan --weight weight | csat -q --merge --total --precision 6 > "$tmp/cmerged.csv"
	t "csat, weighted, through parallel equals the direct run at 6 decimals" 'same_output "$tmp/cmerged.csv" "$tmp/cdirect.csv"'
else
	for i in 1 2 3 4; do skip "GNU parallel not installed"; done
fi
# the Hadoop Streaming shape: mappers read header-less splits on standard
# input, one reducer reads all their states on standard input
tail -n +2 "$tmp/one.csv" | split -l 97 - "$tmp/split."
for f in "$tmp"/split.*; do
	nps -q --partial --by region --columns "$COLS" < "$f"
done | nps -q --merge --total > "$tmp/merged3.csv"
t "mapper/reducer over line splits equals the direct run" 'same_output "$tmp/merged3.csv" "$tmp/direct.csv"'
t "--columns with --merge is a usage error" 'nps --merge --columns a "$tmp/states.csv" >/dev/null 2>&1; [ $? -eq 2 ]'
t "--columns with an empty name is a usage error" 'nps --columns a,,b "$S" >/dev/null 2>&1; [ $? -eq 2 ]'
tap_done
