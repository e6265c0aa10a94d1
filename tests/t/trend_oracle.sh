#!/usr/bin/env bash
# trend against the R oracle (tests/oracle/trend.R and its CSV files), TAP.
#
# Part 1 runs trend at --precision 15 and compares every cell with the
# oracle by column name and row key: counts, periods, flags and words
# exactly; estimates to a relative 1e-9 (p-values and z 1e-8).  Every column
# trend prints must be in the oracle, and every oracle row must be printed.
# Part 2 checks that every number in the golden CLI outputs that run on
# samples/monthly.csv (tests/cli/trend/*/expout) is the oracle value rounded
# to the decimals printed.  Part 3 checks the numbers in the golden alert
# lines (experr) against the oracle the same way.
. "$(dirname "$0")/../tap.sh"
TREND=$BIN/trend
O=tests/oracle
S=samples/monthly.csv

# compare ORACLE TOOL KEYS: KEYS names the key columns ("region,period").
# Prints diagnostics; exit status 0 when every cell agrees.
compare() {
	awk -F, -v keys="$3" '
	function abs(x) { return x < 0 ? -x : x }
	function decimals(s) { return index(s, ".") ? length(s) - index(s, ".") : 0 }
	function key(cols,    i, k) { k = ""; for (i = 1; i <= nk; i++) k = k "|" $cols[kn[i]]; return k }
	BEGIN { nk = split(keys, kn, ",") }
	FNR == 1 { file++ }
	file == 1 && FNR == 1 { for (i = 1; i <= NF; i++) ocol[$i] = i; next }
	file == 1 { k = key(ocol); orow[k] = $0; want[k] = 1; next }
	file == 2 && FNR == 1 {
		for (i = 1; i <= NF; i++) {
			tname[i] = $i; tcol[$i] = i
			if (!($i in ocol)) { print "# column " $i " is not in the oracle"; bad++ }
		}
		next
	}
	file == 2 {
		k = key(tcol)
		if (!(k in orow)) { print "# row " k " is not in the oracle"; bad++; next }
		delete want[k]
		split(orow[k], o, ",")
		for (i = 1; i <= NF; i++) {
			if (!(tname[i] in ocol)) continue
			t = $i; w = o[ocol[tname[i]]]; cells++
			if (t == "" || w == "" || t !~ /^-?[0-9.]+$/) {
				if (t != w) { print "# " k " " tname[i] ": got \"" t "\", oracle \"" w "\""; bad++ }
				continue
			}
			d = decimals(t)
			if (d == 0) { ok = (t + 0 == w + 0) }
			else {
				rel = tname[i] ~ /_p$|^mk_z$/ ? 1e-8 : 1e-9
				scale = abs(w) > 1 ? abs(w) : 1
				ok = abs(t - w) <= 0.5 * 10 ^ -d * (1 + 1e-9) + rel * scale
			}
			if (!ok) { printf "# %s %s: got %s, oracle %s\n", k, tname[i], t, w; bad++ }
		}
		rows++
	}
	END {
		for (k in want) { print "# oracle row " k " was not printed"; bad++ }
		printf "# %d rows, %d cells compared\n", rows, cells
		exit bad > 0 || rows == 0
	}
	' "$1" "$2"
}

report() {   # name status output
	n=$((n + 1))
	if [ "$2" = 0 ]; then
		echo "ok $n - $1 ($(tail -1 <<<"$3" | sed 's/^# //'))"
	else
		echo "not ok $n - $1"
		sed -n '1,15p' <<<"$3"
		failed=$((failed + 1))
	fi
}

check() {   # name oracle keys -- trend arguments...
	local name=$1 oracle=$2 keys=$3 out rc
	shift 4
	n=$((n + 1))
	if ! "$TREND" -q --precision 15 "$@" > "$tmp/out" 2> "$tmp/err"; then
		echo "not ok $n - $name: trend failed: $(head -1 "$tmp/err")"
		failed=$((failed + 1))
		return
	fi
	n=$((n - 1))
	out=$(compare "$O/$oracle" "$tmp/out" "$keys")
	report "$name" $? "$out"
}

# ---- part 1: full precision -----------------------------------------------
check "NPS by region and month, (all), window 3" trend_nps_month.csv region,period -- \
	--by region --total --window 3 "$S"
check "NPS summary by region, (all)" trend_nps_month_summary.csv region -- \
	--by region --total --summary "$S"
check "weighted NPS by region and month" trend_nps_weighted.csv region,period -- \
	--by region --weight weight "$S"
check "weighted NPS summary" trend_nps_weighted_summary.csv region -- \
	--by region --weight weight --summary "$S"
check "CSAT by region and quarter" trend_csat_quarter.csv region,period -- \
	--metric csat --period quarter --by region "$S"
check "CSAT summary by quarter" trend_csat_quarter_summary.csv region -- \
	--metric csat --period quarter --by region --summary "$S"
check "weighted CSAT by region and quarter" trend_csat_weighted.csv region,period -- \
	--metric csat --period quarter --by region --weight weight "$S"
check "weighted CSAT summary" trend_csat_weighted_summary.csv region -- \
	--metric csat --period quarter --by region --weight weight --summary "$S"
grep -E '^(respondent_id|[^,]*,[^,]*,South,)' "$S" > "$tmp/south.csv"
check "NPS of South by ISO week, --from/--to" trend_nps_week_south.csv region,period -- \
	--by region --period week --from 2025-03-01 --to 2025-06-30 "$tmp/south.csv"
check "its summary" trend_nps_week_south_summary.csv region -- \
	--by region --period week --from 2025-03-01 --to 2025-06-30 --summary "$tmp/south.csv"

# ---- part 2: the golden outputs on samples/monthly.csv ----------------------
# case directory, oracle, keys
while read -r dir oracle keys; do
	[ -n "$dir" ] || continue
	f=tests/cli/trend/$dir/expout
	if [ ! -f "$f" ]; then
		report "golden $dir agrees with the oracle" 1 "# $f is missing"
		continue
	fi
	# keep the CSV part (a --spark=stdout case ends with sparklines)
	awk -F, 'NR == 1 { nf = NF } NF == nf' "$f" > "$tmp/golden"
	out=$(compare "$O/$oracle" "$tmp/golden" "$keys")
	report "golden $dir agrees with the oracle" $? "$out"
done <<'EOF'
month-by-region trend_nps_month.csv region,period
summary trend_nps_month_summary.csv region
weighted trend_nps_weighted.csv region,period
csat-quarter trend_csat_quarter.csv region,period
csat-quarter-summary trend_csat_quarter_summary.csv region
week-from-to trend_nps_week_south.csv region,period
partial-merge trend_nps_month.csv region,period
alert-drop trend_nps_month_summary.csv region
alert-out trend_nps_month_summary.csv region
alert-trend trend_nps_month_summary.csv region
no-alert trend_nps_month_summary.csv region
spark-stdout trend_nps_month_summary.csv region
skip-invalid trend_small_week.csv g,period
EOF
n=$((n + 1))
if awk -F, 'NR == 1 { nf = NF } NF != nf' tests/cli/trend/spark-stdout/expout |
	cmp -s - "$O/trend_spark.txt"; then
	echo "ok $n - golden sparklines are the oracle's (trend_spark.txt)"
else
	echo "not ok $n - golden sparklines differ from trend_spark.txt"
	failed=$((failed + 1))
fi

# ---- part 3: the numbers in the alert lines ---------------------------------
# field COLUMN of oracle row KEY (region,period or region)
oval() { awk -F, -v key="$3" -v col="$2" '
	NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	($1 "," $2) == key || $1 == key { print $c[col]; exit }' "$O/$1"; }
# near GOT WANT: GOT rounded from WANT to its printed decimals?
near() { awk -v t="$1" -v w="$2" 'BEGIN {
	d = index(t, ".") ? length(t) - index(t, ".") : 0
	x = t - w; if (x < 0) x = -x
	exit !(x <= 0.5 * 10 ^ -d * (1 + 1e-9)) }'; }
check_alert() {   # name experr-file pattern expected-pairs...
	local name=$1 file=$2 line why=""
	line=$(grep -F -- "$3" "$file")
	shift 3
	[ -n "$line" ] || why="; no line with '$3'"
	while [ $# -gt 0 ]; do
		local got=$1 want=$2
		shift 2
		near "$got" "$want" || why="$why; $got is not $want rounded"
		grep -qF -- "$got" <<<"$line" || why="$why; '$got' is not in the line"
	done
	n=$((n + 1))
	if [ -z "$why" ]; then echo "ok $n - $name"; else echo "not ok $n - $name$why"; failed=$((failed + 1)); fi
}
M=trend_nps_month.csv
SM=trend_nps_month_summary.csv
last=$(oval $M value South,2025-06)
prev=$(oval $M value South,2025-05)
chg=$(oval $M change South,2025-06)
chp=$(oval $M change_p South,2025-06)
check_alert "alert-drop line: value, drop, previous value, p" tests/cli/trend/alert-drop/experr \
	"region 'South'" -34.38 "$last" 42.31 "${chg#-}" 7.94 "$prev" 0.0025 "$chp"
check_alert "alert-out line: value and lower limit" tests/cli/trend/alert-out/experr \
	"region 'South'" -34.38 "$last" -1.02 "$(oval $M lcl South,2025-06)"
# the centre of a chart: 100 (sum P - sum D)/(sum n), recomputed from the
# oracle's per-month n and values: sum(n * value)/sum(n)
centre() { awk -F, -v g="$1" '$1 == g { s += $4 * $5; m += $4 } END { printf "%.12f", s / m }' "$O/$M"; }
check_alert "alert-out line: the chart centre" tests/cli/trend/alert-out/experr \
	"region 'South'" 28.55 "$(centre South)"
check_alert "alert-trend line: mk_z and sen_slope" tests/cli/trend/alert-trend/experr \
	"region 'South'" -4.91 "$(oval $SM mk_z South)" -1.04 "$(oval $SM sen_slope South)"
# the (all) series fires too: the dip of South pulls the total down
check_alert "alert-drop line of (all)" tests/cli/trend/alert-drop/experr "all groups" \
	10.85 "$(oval $M value '(all),2025-06')" 15.54 "$(oval $M change '(all),2025-06' | tr -d -)" \
	26.39 "$(oval $M value '(all),2025-05')" 0.0456 "$(oval $M change_p '(all),2025-06')"
check_alert "alert-out line of (all)" tests/cli/trend/alert-out/experr "all groups" \
	10.85 "$(oval $M value '(all),2025-06')" 11.26 "$(oval $M lcl '(all),2025-06')" \
	27.34 "$(centre '(all)')"
n=$((n + 1))
if [ "$(grep -c 'alert' tests/cli/trend/alert-trend/experr)" = 1 ] &&
	[ "$(oval $SM direction '(all)')" = flat ]; then
	echo "ok $n - no trend alert for (all): its direction is flat in the oracle"
else
	echo "not ok $n - trend alerts and the oracle's directions disagree"
	failed=$((failed + 1))
fi

tap_done
