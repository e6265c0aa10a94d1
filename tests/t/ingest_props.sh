#!/usr/bin/env bash
# Properties of survey-ingest over every fixture (TAP).
#
#  (a) accounting: the summary says read = written + rejected + dropped;
#  (b) the output holds `written` records and the --rejects file
#      `rejected + dropped`, each after one header line;
#  (c) `read` is the number of data records of the input, counted here
#      independently (records by quote parity, after iconv for the
#      encodings that need it, minus the header rows --detect reports);
#  (d) standard input (a pipe, so the input is spooled for the second pass)
#      gives the same output, rejects and summary as the file;
#  (e) with --one-line every output record is one line;
#  (f) with --dedupe none --keep-partial nothing is dropped but previews,
#      tests and spam, and the accounting still holds;
#  (g) survey-ingest run on its own output writes it again byte for byte
#      (survey-ingest(1), "Reading its own output"): without options for
#      every fixture but those the man page names, which need the options
#      in `reread` and differ without them; and so for the other cases it
#      names, built here: a score on a scale of its own (--csat COL:1-7),
#      an export's CSAT column passed through, --dedupe none with a
#      repeated id, --no-sanitize with a formula, --format tsv (read back
#      as TSV, but written as CSV without the option).
# Environment: BIN (the built tools) as tests/run.sh sets it.
. "$(dirname "$0")/../tap.sh"
check() { if [ "$1" = "$2" ]; then pass "$3"; else fail "$3 (got '$1', expected '$2')"; fi; }

# Records of a UTF-8 CSV on stdin: a line ends a record when the number of
# quotes so far is even; blank lines outside quotes are not records.
records() {
	awk '{ line = $0; sub(/\r$/, "", line)
	       if (!inq && line == "") next
	       q = gsub(/"/, "\"", line); if (q % 2) inq = !inq
	       if (!inq) n++ }
	     END { print n + 0 }'
}
# "N rows read, W written, R rejected ..., D dropped ..." -> "N W R D"
summary() {
	sed -nE 's/^survey-ingest: ([0-9]+) rows? read, ([0-9]+) written, ([0-9]+) rejected.*, ([0-9]+) dropped.*/\1 \2 \3 \4/p' | tail -1
}

# fixed_point NAME OUT [OPTION...]: survey-ingest OPTION... on OUT writes OUT
# again; with options, none gives OUT again (else they were not needed)
fixed_point() {
	local name=$1 out=$2
	shift 2
	survey-ingest -q "$@" < "$out" > "$tmp/again" 2> "$tmp/err4"
	if cmp -s "$out" "$tmp/again"; then
		pass "$name: the tidy output reads back to itself${*:+ with $*}"
	else
		fail "$name: the tidy output reads back to itself${*:+ with $*}" "" "$tmp/err4"
		diff "$out" "$tmp/again" | head -5 | sed 's/^/# /'
	fi
	[ $# -eq 0 ] && return
	survey-ingest -q < "$out" > "$tmp/again" 2> /dev/null
	t "$name: ... and not without options" '! cmp -s "$out" "$tmp/again"'
}

# fixture and the options it needs
fixtures=(
	"samples/exports/qualtrics.csv|"
	"samples/exports/surveymonkey.csv|"
	"samples/exports/typeform.csv|"
	"samples/exports/google-forms.csv|"
	"samples/exports/ms-forms.csv|--encoding WINDOWS-1252"
	"samples/exports/delighted.csv|"
	"samples/exports/zendesk.csv|"
	"tests/ingest/qualtrics-de.csv|"
	"tests/ingest/qualtrics-utf16.tsv|"
	"tests/ingest/qualtrics-legacy.csv|"
	"tests/ingest/qualtrics-insights.csv|"
	"tests/ingest/qualtrics-nolabels.csv|"
	"tests/ingest/surveymonkey-typos.csv|--score ease=the_product_is_easy_to_use:1-5 --labels tests/ingest/surveymonkey-typos.labels.csv"
	"tests/ingest/google-forms-dmy.csv|"
	"tests/ingest/google-forms-ambiguous.csv|--date-format dmy"
	"tests/ingest/google-forms-direct.csv|"
	"tests/ingest/generic-messy.csv|"
	"tests/ingest/ambiguous-nps.csv|--nps how_likely_are_you_to_recommend_our_support"
	"tests/ingest/no-score.csv|"
	"tests/ingest/invalid-utf8.csv|--encoding-errors replace"
	"tests/ingest/utf16be.csv|"
	"tests/ingest/freshdesk.csv|--score happiness=rating:-103-103"
	"tests/ingest/labelled.csv|--header-rows 2"
	"tests/ingest/zendesk-mangled.csv|"
	"samples/survey.csv|"
)
# the options that read a fixture's tidy output back to itself, for the
# outputs that are no fixed point without them: Zendesk's csat is 0-1; the
# other column with "likely ... recommend" in its name is an nps candidate
declare -A reread=(
	[samples/exports/zendesk.csv]="--csat csat:0-1"
	[tests/ingest/zendesk-mangled.csv]="--csat csat:0-1"
	[tests/ingest/ambiguous-nps.csv]="--nps nps"
)

for fx in "${fixtures[@]}"; do
	f=${fx%%|*}
	read -r -a opt <<<"${fx#*|}"
	name=${f##*/}
	# input as UTF-8, for the independent count
	case $f in
	*utf16*.tsv) iconv -f UTF-16 -t UTF-8 "$f" > "$tmp/in" ;;
	*utf16be*) iconv -f UTF-16 -t UTF-8 "$f" > "$tmp/in" ;;
	*ms-forms*) iconv -f WINDOWS-1252 -t UTF-8 "$f" > "$tmp/in" ;;
	*) cp "$f" "$tmp/in" ;;
	esac

	survey-ingest "${opt[@]}" --rejects "$tmp/rej" -o "$tmp/out" "$f" 2> "$tmp/err"
	rc=$?
	if [ $rc -ne 0 ]; then
		fail "$name: survey-ingest ${opt[*]} exits 0 (got $rc)"
		sed 's/^/# /' "$tmp/err"
		continue
	fi
	read -r rd wr rj dr < <(summary < "$tmp/err")
	check "$((wr + rj + dr))" "$rd" "$name: read = written + rejected + dropped ($rd = $wr + $rj + $dr)"
	check "$(($(records < "$tmp/out") - 1))" "$wr" "$name: output records = written"
	check "$(($(records < "$tmp/rej") - 1))" "$((rj + dr))" "$name: rejects records = rejected + dropped"
	hr=$(survey-ingest "${opt[@]}" --detect "$f" | sed -n 's/^header rows: \([0-9]\).*/\1/p')
	check "$(($(records < "$tmp/in") - hr))" "$rd" "$name: read = data records of the input ($hr header rows)"

	cat "$f" | survey-ingest "${opt[@]}" --rejects "$tmp/rej2" > "$tmp/out2" 2> "$tmp/err2"
	sed -i "s|$f|stdin|g" "$tmp/err"
	if cmp -s "$tmp/out" "$tmp/out2" && cmp -s "$tmp/rej" "$tmp/rej2" && cmp -s "$tmp/err" "$tmp/err2"; then
		pass "$name: standard input gives the same output, rejects and summary"
	else
		fail "$name: standard input gives the same output, rejects and summary"
	fi

	survey-ingest -q "${opt[@]}" --one-line "$f" > "$tmp/one"
	check "$(wc -l < "$tmp/one" | tr -d ' ')" "$(records < "$tmp/one")" "$name: --one-line: one line per record"

	survey-ingest "${opt[@]}" --dedupe none --keep-partial -o /dev/null "$f" 2> "$tmp/err3"
	read -r rd3 wr3 rj3 dr3 < <(summary < "$tmp/err3")
	other=$(grep -oE '[0-9]+ (partial|duplicate)' "$tmp/err3")
	if [ "$((wr3 + rj3 + dr3))" = "$rd3" ] && [ "$rd3" = "$rd" ] && [ -z "$other" ]; then
		pass "$name: --dedupe none --keep-partial drops only previews, tests and spam"
	else
		fail "$name: --dedupe none --keep-partial drops only previews, tests and spam ($(tail -1 "$tmp/err3"))"
	fi

	fixed_point "$name" "$tmp/out" ${reread[$f]:-}
done

# (g) the other cases of "Reading its own output", each as the first run
# writes it, then with the options that read it back
cat > "$tmp/g.csv" <<'CSV'
id,submitted_at,Q1,Q2,CSAT,Q3,comment
a,2024-01-01,7,6,4,7,=SUM(A1)
a,2024-01-02,5,3,3,2,"said ""hi"", twice"
b,2024-01-03T10:00:00Z,6,7,5,5,+1 more
CSV
while IFS='|' read -r what first again; do
	read -r -a o1 <<<"$first"
	if survey-ingest -q "${o1[@]}" -o "$tmp/out" "$tmp/g.csv" 2> "$tmp/err"; then
		# shellcheck disable=SC2086
		fixed_point "$what" "$tmp/out" $again
	else
		fail "$what: the first run exits 0" "" "$tmp/err"
	fi
done <<'CASES'
--csat Q2:1-7 (csat 6 and 7)|--nps Q1 --csat Q2:1-7 --ces Q3 --text comment|--nps nps --csat csat:1-7
an export's CSAT column passed through|--nps Q1 --keep Q2 --keep CSAT|--nps nps
--dedupe none with a repeated id|--dedupe none --nps Q1 --csat CSAT|--dedupe none
--no-sanitize with formulas|--no-sanitize --nps Q1 --csat CSAT|--no-sanitize
CASES
survey-ingest -q --format tsv -o "$tmp/out" samples/exports/typeform.csv
fixed_point "--format tsv (typeform.csv)" "$tmp/out" --format tsv
tap_done
