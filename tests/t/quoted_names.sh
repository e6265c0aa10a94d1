#!/usr/bin/env bash
# Column options take a CSV record, so that a column whose name holds a comma
# or a double quote can be named: in double quotes, its quotes doubled.  The
# checks are differential: the samples with such names in the header give,
# byte for byte, what the samples with their plain names give (the figures
# themselves are checked by the other tests); only the header cell naming a
# renamed column differs, written as CSV writes it.
. "$(dirname "$0")/../tap.sh"
. "$(dirname "$0")/../same_output.sh"

S=$ROOT/samples
sed '1s/.*/respondent_id,"When ""asked""","Region, EU",plan,"How likely, 0-10",csat,"weight, final",comment/' \
	"$S/survey.csv" > "$tmp/odd.csv"
sed '1s/.*/respondent_id,date,region,plan,"tenure, months",nps,csat,"speed, sat",sat_price,sat_support,sat_ease,weight/' \
	"$S/drivers.csv" > "$tmp/dodd.csv"

# same CMD_A CMD_B NAME SED: CMD_A's output is CMD_B's with SED applied
same() {
	eval "$1" > "$tmp/a" 2> "$tmp/ea"
	local ra=$?
	eval "$2" 2> "$tmp/eb" | sed "$4" > "$tmp/b"
	if [ $ra -eq 0 ] && same_output "$tmp/a" "$tmp/b"; then
		pass "$3"
	else
		diff "$tmp/b" "$tmp/a" | head -5 > "$tmp/d"
		cat "$tmp/ea" >> "$tmp/d"
		result 1 "$3" "$tmp/d"
	fi
}

same "nps -q --by '\"Region, EU\"' --column '\"How likely, 0-10\"' --weight '\"weight, final\"' $tmp/odd.csv" \
	"nps -q --by region --column nps --weight weight $S/survey.csv" \
	"nps: --by, --column and --weight name columns with commas" '1s/^region,/"Region, EU",/'
same "csat -q --by 'plan,\"Region, EU\"' $tmp/odd.csv" \
	"csat -q --by plan,region $S/survey.csv" \
	"csat: a quoted name in a list of two" '1s/^plan,region,/plan,"Region, EU",/'
same "trend -q --date '\"When \"\"asked\"\"\"' --column '\"How likely, 0-10\"' --period quarter $tmp/odd.csv" \
	"trend -q --date date --period quarter $S/survey.csv" \
	"trend: --date names a column with double quotes in its name" ''
same "segment -q --column nps --drivers '\"speed, sat\",sat_price' $tmp/dodd.csv" \
	"segment -q --column nps --drivers sat_speed,sat_price $S/drivers.csv" \
	"segment --drivers: a quoted name among the drivers" 's/^sat_speed,/"speed, sat",/'
same "segment -q --bin '\"tenure, months\"=0,3,12' $tmp/dodd.csv" \
	"segment -q --bin tenure_months=0,3,12 $S/drivers.csv" \
	"segment --bin: the column before = in double quotes" \
	'1s/tenure_months/"tenure, months"/; 1s/sat_speed/"speed, sat"/'
# --quantiles reads the input twice and finds its column both times
same "segment -q --quantiles '\"tenure, months\"=4' $tmp/dodd.csv" \
	"segment -q --quantiles tenure_months=4 $S/drivers.csv" \
	"segment --quantiles: a quoted column, bound for each pass" \
	'1s/tenure_months/"tenure, months"/; 1s/sat_speed/"speed, sat"/'
same "tail -n +2 $tmp/odd.csv | nps -q --columns 'id,when,\"Region, EU\",plan,score,csat,w,c' --by '\"Region, EU\"' --column score" \
	"nps -q --by region $S/survey.csv" \
	"--columns names a header-less input's columns with a quoted name" '1s/^region,/"Region, EU",/'

nps -q --by '"Region, EU"' --column '"How likely, 0-10"' --partial "$tmp/odd.csv" > "$tmp/p.csv" 2>&1
same "nps -q --merge --by '\"Region, EU\"' $tmp/p.csv" \
	"nps -q --by region $S/survey.csv" \
	"--partial and --merge --by with a quoted name" '1s/^region,/"Region, EU",/'
same "nps -q -j 2 --by '\"Region, EU\"' --column '\"How likely, 0-10\"' $tmp/odd.csv" \
	"nps -q --by region $S/survey.csv" \
	"-j 2 with quoted names" '1s/^region,/"Region, EU",/'

# a comma outside quotes still separates names
nps -q --by 'Region, EU' "$tmp/odd.csv" > /dev/null 2> "$tmp/e"
t "a bare comma separates two names" \
	'[ $? -eq 1 ] && grep -q "^nps: .*: no column '"'"'Region'"'"'" "$tmp/e"'

# a data error names the column as the header has it, not as it was quoted
printf '%s\n' 'id,"Region, EU","How likely, 0-10"' '1,North,x' > "$tmp/bad.csv"
nps --by '"Region, EU"' --column '"How likely, 0-10"' "$tmp/bad.csv" > /dev/null 2> "$tmp/e"
t "an invalid score names the column by its name" \
	'[ $? -eq 1 ] && [ "$(cat "$tmp/e")" = "nps: $tmp/bad.csv:2: column '"'"'How likely, 0-10'"'"': '"'"'x'"'"' is not a score in 0-10" ]'

# the summary lines name columns as the header does too
printf '%s\n' 'a,"x, y","w, 1","d, 1"' '1,,1,2024-01-05' '2,3,,xx' '3,4,2,' > "$tmp/sum.csv"
csat --column '"x, y"' --weight '"w, 1"' "$tmp/sum.csv" 2> "$tmp/e" > /dev/null
t "csat's summary names its columns unquoted" \
	'[ "$(cat "$tmp/e")" = "csat: 1 row with empty '"'"'x, y'"'"' skipped
csat: 1 answer left out of weighted figures (weight '"'"'w, 1'"'"': 1 empty, 0 not a number or out of range, 0 zero or negative)" ]'
trend --skip-invalid --date '"d, 1"' --column '"x, y"' --metric csat "$tmp/sum.csv" 2> "$tmp/e" > /dev/null
t "trend's summary names its date column unquoted" \
	'grep -qx "trend: 1 row with empty '"'"'d, 1'"'"' skipped" "$tmp/e" &&
	 grep -qx "trend: 1 row with an invalid '"'"'d, 1'"'"' skipped" "$tmp/e" &&
	 grep -qx "trend: 1 row with empty '"'"'x, y'"'"' skipped" "$tmp/e"'

# survey-ingest takes the name of a raw export's column as it is
printf '%s\n' 'id,"How likely, 0-10","Say ""why"""' '1,9,good' '2,3,bad' > "$tmp/raw.csv"
survey-ingest -q --id id --nps 'How likely, 0-10' --text 'why=Say "why"' "$tmp/raw.csv" > "$tmp/o" 2>&1
t "survey-ingest: column names with a comma and quotes, unquoted" \
	'[ "$(cat "$tmp/o")" = "respondent_id,date,nps,why
1,,9,good
2,,3,bad" ]'

# malformed quoting is a usage error before the input is read
for bad in '"Region, EU' '"Region" EU' '""' ; do
	nps --by "$bad" /dev/null > /dev/null 2> "$tmp/e"
	t "--by '$bad' is a usage error" '[ $? -eq 2 ] && [ "$(wc -l < "$tmp/e")" -eq 3 ]'
done
nps --by '"Region, EU' /dev/null 2>&1 | head -1 > "$tmp/e"
t "an open quote is named in the message" \
	'[ "$(cat "$tmp/e")" = "nps: --by: a double quote is not closed in '"'"'\"Region, EU'"'"'" ]'
nps --column 'a,b' /dev/null 2>&1 | head -1 > "$tmp/e"
t "a list for one column says how to write a name with a comma" \
	'grep -q "one column, not .a,b. (a name with a comma is written in double quotes)" "$tmp/e"'

tap_done
