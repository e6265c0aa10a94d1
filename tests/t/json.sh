#!/usr/bin/env bash
# nps --format json (TAP): the output parses with Python's json module, is an
# array of objects whose keys are the CSV header (in order), numbers are JSON
# numbers equal to the CSV cells, empty CSV cells are null, and text (group
# values with quotes, backslashes, commas, line breaks, UTF-8) reads back
# unchanged.
. "$(dirname "$0")/../tap.sh"
SAMPLE=$ROOT/samples/survey.csv

# awkward group values; group "e" has no valid answer (empty estimates)
printf '%s\n' 'g,nps' '"q""uote",9' '"back\slash, comma",7' '"two' 'lines",3' \
	'Zürich,10' 'e,' 'e,NA' 'tab	in,8' > "$tmp/odd.csv"
printf 'region,nps\n' > "$tmp/empty.csv"
# weights so large that their sum and their squares overflow a double
printf '%s\n' 'g,nps,w' 'a,10,1.5e308' 'a,0,1.5e308' 'b,9,1e200' 'b,7,1e200' > "$tmp/huge.csv"

i=0
run() {   # run NAME ARGS...: the same command as CSV and as JSON
	local name=$1
	shift
	i=$((i + 1))
	nps "$@" > "$tmp/$i.csv" 2>/dev/null
	echo $? >> "$tmp/$i.csv.rc"
	nps --format json "$@" > "$tmp/$i.json" 2>/dev/null
	echo $? >> "$tmp/$i.json.rc"
	echo "$name" > "$tmp/$i.name"
}
run "--by region --total" --by region --total "$SAMPLE"
run "--by region,plan --benchmark 30" --by region,plan --benchmark 30 "$SAMPLE"
run "--weight weight --ci none" --by region --weight weight --ci none "$SAMPLE"
run "no --by, --precision 6" --precision 6 "$SAMPLE"
run "awkward group values" --by g "$tmp/odd.csv"
run "header only, no --by" "$tmp/empty.csv"
run "header only, --by" --by region "$tmp/empty.csv"
run "weights that overflow" --by g --weight w "$tmp/huge.csv"

python3 - "$tmp" "$i" <<'EOF'
import csv, json, math, sys

tmp, runs = sys.argv[1], int(sys.argv[2])
t = bad = 0

def rep(cond, name, detail=''):
    global t, bad
    t += 1
    bad += not cond
    print(('ok' if cond else 'not ok') + f' {t} - {name}')
    if not cond and detail:
        print(f'#   {detail}')

def num_ok(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)

for k in range(1, runs + 1):
    name = open(f'{tmp}/{k}.name').read().strip()
    rc = open(f'{tmp}/{k}.json.rc').read().strip() + open(f'{tmp}/{k}.csv.rc').read().strip()
    rep(rc == '00', f'{name}: csv and json runs exit 0')
    with open(f'{tmp}/{k}.csv', newline='', encoding='utf-8') as f:
        rd = csv.reader(f)
        header = next(rd)
        rows = list(rd)
    text = open(f'{tmp}/{k}.json', encoding='utf-8').read()
    try:
        data = json.loads(text)
    except ValueError as e:
        rep(False, f'{name}: JSON parses', str(e))
        continue
    rep(True, f'{name}: JSON parses')
    rep(isinstance(data, list) and all(isinstance(o, dict) for o in data),
        f'{name}: an array of objects')
    rep(len(data) == len(rows), f'{name}: one object per CSV row ({len(rows)})',
        f'{len(data)} objects')
    keys_ok = nums_ok = nulls_ok = text_ok = True
    detail = ''
    for obj, row in zip(data, rows):
        if list(obj.keys()) != header:
            keys_ok = False
            detail = f'keys {list(obj.keys())} vs header {header}'
        for key, cell in zip(header, row):
            v = obj.get(key)
            if cell == '':
                if v is not None and v != '':
                    nulls_ok = False
                    detail = f'{key}: empty cell is {v!r}'
                if v == '' and key not in ('region', 'plan', 'g'):
                    nulls_ok = False
                    detail = f'{key}: empty estimate is "" not null'
            elif isinstance(v, str):
                if v != cell:
                    text_ok = False
                    detail = f'{key}: {v!r} vs CSV {cell!r}'
                try:
                    float(cell)
                    if key not in ('region', 'plan', 'g'):
                        nums_ok = False
                        detail = f'{key}: number {cell} written as a string'
                except ValueError:
                    pass
            else:
                if not num_ok(v) or float(cell) != v:
                    nums_ok = False
                    detail = f'{key}: {v!r} vs CSV {cell!r}'
    rep(keys_ok, f'{name}: keys equal the CSV header, in order', detail)
    rep(nums_ok, f'{name}: numbers are JSON numbers equal to the CSV cells', detail)
    rep(nulls_ok, f'{name}: empty estimates are null', detail)
    rep(text_ok, f'{name}: text reads back unchanged', detail)
    if k == 5:
        groups = [o.get('g') for o in data]
        rep(groups == ['Zürich', 'back\\slash, comma', 'e', 'q"uote', 'tab\tin', 'two\nlines'],
            f'{name}: group values in byte order, exact', repr(groups))
        e = [o for o in data if o.get('g') == 'e']
        rep(len(e) == 1 and e[0]['n'] == 0 and e[0]['missing'] == 2 and e[0]['nps'] is None
            and e[0]['se'] is None and e[0]['ci_low'] is None,
            f'{name}: a group without answers: n 0, missing 2, nps/se/ci null', repr(e))
    if k == 6:
        rep(len(data) == 1 and data[0]['n'] == 0 and data[0]['nps'] is None,
            f'{name}: one object with n 0 and null estimates', repr(data))
    if k == 7:
        rep(data == [] and text == '[]\n', f'{name}: an empty array', repr(text))
print(f'1..{t}')
sys.exit(1 if bad else 0)
EOF
