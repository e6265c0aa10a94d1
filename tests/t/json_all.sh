#!/usr/bin/env bash
# JSON output of every command, read back by a real parser (python3's json):
# an array of objects whose keys are the CSV header; a cell that is a number
# in CSV is a JSON number of the same value, an empty cell is null, any other
# cell is the same string.
. "$(dirname "$0")/../tap.sh"
S=$ROOT/samples
check() {   # name, then the command without --format
	local name=$1
	shift
	"$@" --format csv > "$tmp/csv" 2>/dev/null
	"$@" --format json > "$tmp/json" 2>/dev/null
	if python3 - "$tmp/csv" "$tmp/json" <<'PY'
import csv, json, math, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
head, body = rows[0], rows[1:]
assert isinstance(doc, list) and len(doc) == len(body), "one object per row"
for obj, row in zip(doc, body):
    assert list(obj.keys()) == head, "keys are the header, in order"
    for k, cell in zip(head, row):
        v = obj[k]
        if cell == "":
            assert v is None, f"{k}: empty cell must be null, got {v!r}"
            continue
        try:
            num = float(cell)
            is_num = math.isfinite(num) and not cell.strip() != cell
        except ValueError:
            is_num = False
        if is_num and isinstance(v, (int, float)) and not isinstance(v, bool):
            assert abs(v - num) <= 1e-12 * max(1, abs(num)), f"{k}: {v} != {cell}"
        else:
            assert v == cell, f"{k}: {v!r} != {cell!r}"
PY
	then pass "$name: JSON parses and matches the CSV"
	else fail "$name: JSON does not parse or differs from the CSV"
	fi
}
check "nps --by region,plan --weight --total --benchmark" nps --by region,plan --weight weight --total --benchmark 20 "$S/survey.csv"
check "csat --by region --distribution --bottom 2 --benchmark" csat --by region --distribution --bottom 2 --benchmark 70 "$S/survey.csv"
check "csat --yes-no" csat --yes-no -c resolved --by channel --total "$ROOT/tests/cli/csat/yes-no/input.csv"
check "segment --compare" segment --compare --by region --metric nps "$S/survey.csv"
check "segment --pairwise csat" segment --pairwise --by plan --metric csat "$S/survey.csv"
check "segment --drivers" segment --drivers sat_speed,sat_price,sat_support,sat_ease "$S/drivers.csv"
check "segment --nps-category (a filter)" segment --nps-category nps "$S/survey.csv"
check "trend --window" trend --by region --window 3 "$S/monthly.csv"
check "trend --summary" trend --by region --summary "$S/monthly.csv"
tap_done
