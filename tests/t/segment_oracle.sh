#!/usr/bin/env bash
# segment against the R oracle (tests/oracle/segment.R and its files), TAP.
#
# Part 1 runs segment at --precision 15 and compares every cell with the
# oracle by column name: counts and labels exactly, estimates to a relative
# 1e-9 (z and p 1e-8); `significant` must be the oracle's adjusted p <= 0.05
# and `low_base` the oracle's n (both groups) below 30.  Part 2 checks that
# every number in the golden CLI outputs (tests/cli/segment/*/expout) is the
# oracle value rounded to the decimals printed.  A column segment prints
# that the oracle lacks is a failure: nothing goes unchecked.
. "$(dirname "$0")/../tap.sh"
SEG=$BIN/segment
O=tests/oracle
S=samples/drivers.csv

# select ORACLE COL=VAL...: the header and the rows with those values
select_rows() {
	local f=$1
	shift
	awk -F, -v conds="$*" '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; nc = split(conds, c, " "); print; next }
	{ for (i = 1; i <= nc; i++) { split(c[i], kv, "="); if ($col[kv[1]] != kv[2]) next } print }
	' "$f"
}

# compare ORACLE TOOL KEYS MAP: KEYS names the tool's key columns joined by
# '+' (they form the row key); MAP renames tool columns to oracle columns.
compare() {
	awk -F, -v keys="$3" -v map="$4" '
	function abs(x) { return x < 0 ? -x : x }
	function decimals(s) { return index(s, ".") ? length(s) - index(s, ".") : 0 }
	function near(t, w, rel,   d, scale) {
		d = decimals(t)
		if (d == 0 && t !~ /e/) return t + 0 == w + 0
		scale = abs(w) > 1 ? abs(w) : 1
		return abs(t - w) <= 0.5 * 10 ^ -d * (1 + 1e-9) + rel * scale
	}
	BEGIN {
		nm = split(map, pairs, ","); for (i = 1; i <= nm; i++) { split(pairs[i], kv, "="); ren[kv[1]] = kv[2] }
		nk = split(keys, kname, "+")
	}
	FNR == 1 { file++ }
	file == 1 && FNR == 1 { for (i = 1; i <= NF; i++) ocol[$i] = i; next }
	file == 1 { ok = ""; for (i = 1; i <= nk; i++) { on = (kname[i] in ren) ? ren[kname[i]] : kname[i]; ok = ok "|" $ocol[on] } orow[ok] = $0; next }
	file == 2 && FNR == 1 {
		for (i = 1; i <= NF; i++) {
			tname[i] = $i; tcol[$i] = i
			oname[i] = ($i in ren) ? ren[$i] : $i
			if (!(oname[i] in ocol) && $i != "significant" && $i != "low_base") {
				print "# column " $i " is not in the oracle"; bad++
			}
		}
		next
	}
	file == 2 {
		k = ""; for (i = 1; i <= nk; i++) k = k "|" $tcol[kname[i]]
		if (!(k in orow)) { print "# row " k " is not in the oracle"; bad++; next }
		split(orow[k], o, ",")
		for (i = 1; i <= NF; i++) {
			t = $i; cells++
			if (tname[i] == "significant") {
				pa = o[ocol[oname[tcol["p_adj"]]]]
				w = pa == "" ? "" : (pa + 0 <= 0.05 ? 1 : 0)
			} else if (tname[i] == "low_base") {
				na = ("n" in tcol) ? "n" : "n_a"; nb = ("rest_n" in tcol) ? "rest_n" : "n_b"
				w = (o[ocol[oname[tcol[na]]]] + 0 < 30 || o[ocol[oname[tcol[nb]]]] + 0 < 30) ? 1 : 0
			} else w = o[ocol[oname[i]]]
			if (t == "" || w == "" || t !~ /^-?[0-9.]+(e[-+]?[0-9]+)?$/) {
				if (t != w) { print "# " k " " tname[i] ": got \"" t "\", oracle \"" w "\""; bad++ }
				continue
			}
			rel = tname[i] ~ /^(z|p|p_adj)$/ ? 1e-8 : 1e-9
			if (!near(t, w, rel)) { printf "# %s %s: got %s, oracle %s (%s)\n", k, tname[i], t, w, oname[i]; bad++ }
		}
		rows++
	}
	END { printf "# %d rows, %d cells compared\n", rows, cells; exit bad > 0 || rows == 0 }
	' "$1" "$2"
}

report() {   # name, then the compare output on stdin; status of compare in $2
	local name=$1 rc=$2 out
	out=$(cat)
	n=$((n + 1))
	if [ "$rc" -eq 0 ]; then
		echo "ok $n - $name ($(tail -1 <<<"$out" | sed 's/^# //'))"
	else
		echo "not ok $n - $name"
		sed -n '1,15p' <<<"$out"
		failed=$((failed + 1))
	fi
}

check() {   # name oracle-file keys map -- segment arguments...
	local name=$1 oracle=$2 keys=$3 map=$4 out rc
	shift 5
	if ! "$SEG" -q "$@" > "$tmp/out" 2> "$tmp/err"; then
		n=$((n + 1))
		echo "not ok $n - $name: segment failed: $(head -1 "$tmp/err")"
		failed=$((failed + 1))
		return
	fi
	out=$(compare "$oracle" "$tmp/out" "$keys" "$map"); rc=$?
	report "$name" $rc <<<"$out"
}

golden() {   # case oracle-file keys map: a golden expout against the oracle
	local name=$1 oracle=$2 keys=$3 map=$4 out rc
	out=$(compare "$oracle" "tests/cli/segment/$name/expout" "$keys" "$map"); rc=$?
	report "golden $name" $rc <<<"$out"
}

# ---- comparisons -----------------------------------------------------------------
for m in nps csat; do
	select_rows $O/segment_compare.csv metric=$m by=region > "$tmp/o_$m"
	check "$m by region vs rest, holm" "$tmp/o_$m" region "region=segment,p_adj=p_holm" -- \
		--precision 15 --compare --by region --metric $m $S
	check "$m by region vs rest, bh" "$tmp/o_$m" region "region=segment,p_adj=p_bh" -- \
		--precision 15 --compare --by region --metric $m --adjust bh $S
	select_rows $O/segment_compare.csv metric=$m by=plan > "$tmp/o_plan_$m"
	check "$m by plan vs rest" "$tmp/o_plan_$m" plan "plan=segment,p_adj=p_holm" -- \
		--precision 15 --compare --by plan --metric $m $S
	select_rows $O/segment_compare.csv metric=${m}_w by=region > "$tmp/o_w_$m"
	check "$m by region vs rest, weighted (svymean)" "$tmp/o_w_$m" region \
		"region=segment,p_adj=p_holm" -- \
		--precision 15 --compare --by region --metric $m --weight weight $S
done
check "nps vs rest, adjusted-wald test" "$tmp/o_nps" region \
	"region=segment,se=awald_se,z=awald_z,p=awald_p,p_adj=awald_p_holm" -- \
	--precision 15 --compare --by region --test adjusted-wald $S
check "nps vs rest, no adjustment" "$tmp/o_nps" region "region=segment,p_adj=p" -- \
	--precision 15 --compare --by region --adjust none $S

for m in nps csat nps_w; do
	select_rows $O/segment_pairwise.csv metric=$m > "$tmp/p_$m"
done
check "nps pairwise, holm" "$tmp/p_nps" "segment_a+segment_b" "p_adj=p_holm" -- \
	--precision 15 --pairwise --by region $S
check "nps pairwise, bh" "$tmp/p_nps" "segment_a+segment_b" "p_adj=p_bh" -- \
	--precision 15 --pairwise --by region --adjust bh $S
check "csat pairwise" "$tmp/p_csat" "segment_a+segment_b" "p_adj=p_holm" -- \
	--precision 15 --pairwise --by region --metric csat $S
check "nps pairwise, weighted" "$tmp/p_nps_w" "segment_a+segment_b" "p_adj=p_holm" -- \
	--precision 15 --pairwise --by region --weight weight $S

# ---- key drivers -----------------------------------------------------------------
D=sat_speed,sat_price,sat_support,sat_ease
for m in nps csat; do
	select_rows $O/segment_drivers.csv outcome=$m weighted=0 > "$tmp/d_$m"
	select_rows $O/segment_drivers.csv outcome=$m weighted=1 > "$tmp/dw_$m"
	check "drivers of $m" "$tmp/d_$m" driver "" -- --precision 15 --drivers $D --metric $m $S
	check "drivers of $m, weighted" "$tmp/dw_$m" driver "" -- \
		--precision 15 --drivers $D --metric $m --weight weight $S
done
# sorted by relative weight, largest first
n=$((n + 1))
order=$("$SEG" -q --drivers $D $S | cut -d, -f1 | tail -n +2 | tr '\n' ' ')
want=$(tail -n +2 "$tmp/d_nps" | sort -t, -k8,8gr | cut -d, -f3 | tr '\n' ' ')
if [ "$order" = "$want" ]; then echo "ok $n - drivers sorted by relative weight ($order)"
else echo "not ok $n - drivers order '$order', oracle '$want'"; failed=$((failed + 1)); fi

# ---- labels ------------------------------------------------------------------------
label() {   # name oracle-column -- segment options (TSV output: labels hold commas)
	local name=$1 col=$2 rc
	shift 3
	if ! "$SEG" -q --format tsv "$@" > "$tmp/lab" 2> "$tmp/err"; then
		n=$((n + 1))
		echo "not ok $n - labels $name: segment failed: $(head -1 "$tmp/err")"
		failed=$((failed + 1))
		return
	fi
	out=$(awk -F'\t' -v col="$col" '
		FNR == 1 { file++ }
		file == 1 && FNR == 1 { for (i = 1; i <= NF; i++) oc[$i] = i; next }
		file == 1 { want[$1] = $oc[col]; nwant++; next }
		FNR == 1 { next }
		{ rows++; if ($NF != want[$1]) { bad++; if (bad < 5) print "# " $1 ": got \"" $NF "\", oracle \"" want[$1] "\"" } }
		END { print "# " rows " rows"; exit bad > 0 || rows != nwant }
	' $O/segment_label.tsv "$tmp/lab")
	rc=$?
	report "labels $name" $rc <<<"$out"
}
label "--bin" bin -- --bin tenure_months=0,3,12,24 $S
label "--quantiles 4" quartile -- --quantiles tenure_months=4 $S
label "--quantiles 3" tercile -- --quantiles tenure_months=3 $S
label "--quantiles 5 on a rating (tied cut points)" price_quintile -- --quantiles sat_price=5 $S
label "--nps-category" nps_category -- --nps-category nps $S
label "--rule" rule -- --rule 'Fan: nps >= 9 and sat_support >= 4' \
	--rule 'At risk: nps <= 6' --rule 'Price-sensitive: sat_price < 3 and plan != Enterprise' \
	--default Other $S

cuts() {   # oracle-name column K
	local want got
	n=$((n + 1))
	want=$(awk -v k="$1" '$1 == k { $1 = ""; print }' $O/segment_cuts.txt | sed 's/^ //')
	got=$("$SEG" --quantiles "$2=$3" $S 2>&1 >/dev/null | sed -n 's/.*values)://p' | tr -d ',' | sed 's/^ //')
	if awk -v a="$got" -v b="$want" 'BEGIN { na = split(a, x, " "); nb = split(b, y, " ");
		if (na != nb) exit 1; for (i = 1; i <= na; i++) { d = x[i] - y[i]; if (d < 0) d = -d; if (d > 1e-12 * (y[i] < 0 ? -y[i] : y[i] > 1 ? y[i] : 1)) exit 1 } }'; then
		echo "ok $n - cut points $1: $got"
	else
		echo "not ok $n - cut points $1: got '$got', oracle '$want'"
		failed=$((failed + 1))
	fi
}
cuts tenure_months_4 tenure_months 4
cuts tenure_months_3 tenure_months 3
cuts sat_price_5 sat_price 5

# ---- golden outputs ------------------------------------------------------------------
# tests/cli/segment/<case>/oracle says how to check the case's expout:
#   compare|pairwise|drivers|small  SEL  KEYS  MAP  [csv|tsv|table|json]
#       SEL selects oracle rows (COL=VAL;...), MAP renames columns (- none)
#   label  ORACLE-COLUMN  [FROM=TO;...]
#       the first column is respondent_id and the last the label (the
#       oracle's labels renamed by FROM=TO)
to_csv() {   # format file
	case $1 in
	tsv) tr '\t' ',' < "$2" ;;
	table) awk '{ $1 = $1; gsub(/ +/, ","); print }' "$2" ;;
	json) awk '
		/^\{/ {
			s = $0; sub(/^\{/, "", s); sub(/\},?$/, "", s)
			n = split(s, kv, /, "/); line = ""; head = ""
			for (i = 1; i <= n; i++) {
				k = kv[i]; sub(/^"/, "", k); v = k
				sub(/": .*/, "", k); sub(/^[^"]*": /, "", v)
				if (v == "null") v = ""
				gsub(/"/, "", v)
				head = head (i > 1 ? "," : "") k; line = line (i > 1 ? "," : "") v
			}
			if (!printed++) print head
			print line
		}' "$2" ;;
	*) cat "$2" ;;
	esac
}
golden_label() {   # case oracle-column renames
	local c=$1 col=$2 ren=${3:-} out rc
	out=$(awk -F'\t' -v col="$col" -v ren="$ren" '
		BEGIN { n = split(ren, r, ";"); for (i = 1; i <= n; i++) { split(r[i], kv, "="); to[kv[1]] = kv[2] } }
		FNR == 1 { file++ }
		file == 1 && FNR == 1 { for (i = 1; i <= NF; i++) oc[$i] = i; next }
		file == 1 { w = $oc[col]; want[$1] = (w in to) ? to[w] : w; next }
		FNR == 1 { next }
		{
			id = $0; sub(/,.*/, "", id)
			if ($0 ~ /"$/) { lab = $0; sub(/.*,"/, "", lab); sub(/"$/, "", lab) }
			else { lab = $0; sub(/.*,/, "", lab) }
			rows++
			if (!(id in want) || lab != want[id]) { bad++; print "# " id ": got \"" lab "\", oracle \"" want[id] "\"" }
		}
		END { print "# " rows " rows"; exit bad > 0 || rows == 0 }
	' $O/segment_label.tsv "tests/cli/segment/$c/expout")
	rc=$?
	report "golden $c" $rc <<<"$out"
}
for g in tests/cli/segment/*/oracle; do
	[ -f "$g" ] || continue
	c=$(basename "$(dirname "$g")")
	read -r kind sel keys map fmt < "$g"
	case $kind in
	label) golden_label "$c" "$sel" "$keys"; continue ;;
	compare) select_rows $O/segment_compare.csv ${sel//;/ } > "$tmp/g" ;;
	pairwise) select_rows $O/segment_pairwise.csv ${sel//;/ } > "$tmp/g" ;;
	drivers) select_rows $O/segment_drivers.csv ${sel//;/ } > "$tmp/g" ;;
	small) select_rows $O/segment_small.csv ${sel//;/ } > "$tmp/g" ;;
	*) n=$((n + 1)); echo "not ok $n - $g: unknown kind '$kind'"; failed=$((failed + 1)); continue ;;
	esac
	to_csv "${fmt:-csv}" "tests/cli/segment/$c/expout" > "$tmp/gout"
	out=$(compare "$tmp/g" "$tmp/gout" "$keys" "${map#-}"); rc=$?
	report "golden $c" $rc <<<"$out"
done

tap_done
