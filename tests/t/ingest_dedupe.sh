#!/usr/bin/env bash
# survey-ingest --dedupe against an independent implementation of the rule
# in survey-ingest(1) (TAP).
#
# Python writes exports in which respondent ids repeat (with spaces around
# them, as Excel leaves them), with dates that tie, dates without a time,
# missing dates, rows that are rejected (empty id, out-of-scale score, no
# such day), ids mangled by a spreadsheet (never compared) and comments
# that span lines, then works out on its own which rows are written and
# which are dropped as duplicates of which line:
#   last:  the latest date wins, then the row read last;
#   first: the earliest date, then the row read first;
#   a row without a date is older than any dated row; ids compare after
#   trimming spaces; only rows that would be written take part.
# Checked: the written rows (id, date, score, comment) in order, and every
# rejected or dropped row's line, reason and, for duplicates, the line kept.
# One export has month-first dates (M/D/YYYY, some reading both ways), so
# the day/month readings part ways in the first pass.
# Environment: BIN (the built tools) as tests/run.sh sets it.
. "$(dirname "$0")/../tap.sh"

if ! command -v python3 > /dev/null; then
	echo "ok 1 # SKIP python3 missing"
	echo "1..1"
	exit 0
fi

# gen.py SEED STYLE > export   (STYLE: iso or mdy)
cat > "$tmp/gen.py" <<'PY'
import csv, random, sys
seed, style = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(seed)
w = csv.writer(sys.stdout, lineterminator='\n', quoting=csv.QUOTE_MINIMAL)
w.writerow(['respondent_id', 'date', 'nps', 'comment'])
days = ['2024-03-%02d' % d for d in (1, 2, 3, 4, 13, 14)]
for i in range(2500):
    k = rnd.randrange(250)
    rid = rnd.choice(['', ' ', '  ', '   ']) + 'R%d' % k + rnd.choice(['', '', ' ', '  '])
    r = rnd.random()
    if r < 0.02:
        rid = rnd.choice(['', '   '])
    elif r < 0.05:
        rid = rnd.choice(['1.03006E+13', ' 1.03006E+13', '7E+5'])
    day = rnd.choice(days)
    t = rnd.choice([None, '00:00:00', '09:30:00', '09:30:00', '17:05:59'])
    y, m, d = day.split('-')
    if style == 'iso':
        date = day if t is None else day + ' ' + t
    else:
        date = '%d/%d/%s' % (int(m), int(d), y) + ('' if t is None else ' ' + t[:5])
    r = rnd.random()
    if r < 0.08:
        date = ''
    elif r < 0.10:
        date = '2024-02-30' if style == 'iso' else '2/30/2024'
    nps = rnd.choice(['', '0', '5', '9', '10', '10', '11', '-1']) if rnd.random() < 0.1 \
        else str(rnd.randrange(11))
    comment = rnd.choice(['', 'fine', 'slow, but ok', 'two\nlines', 'said "hi"'])
    w.writerow([rid, date, nps, comment])
PY

# expect.py EXPORT MODE STYLE OUT REJECTS: compare with the rule; prints
# "ok" or what differs
cat > "$tmp/expect.py" <<'PY'
import calendar, csv, re, sys
src, mode, style, out, rej = sys.argv[1:6]

def trim(s):
    return s.strip(' \t\r\n')

def parse_date(s):
    s = s.strip(' \t')
    if not s:
        return 'none', None, ''
    if style == 'iso':
        m = re.fullmatch(r'(\d{4})-(\d\d)-(\d\d)(?: (\d\d):(\d\d):(\d\d))?', s)
        if not m:
            return 'bad', None, None
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        hms = m[4] and (int(m[4]), int(m[5]), int(m[6]))
    else:
        m = re.fullmatch(r'(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d\d))?', s)
        if not m:
            return 'bad', None, None
        mo, d, y = int(m[1]), int(m[2]), int(m[3])
        hms = m[4] and (int(m[4]), int(m[5]), 0)
    if not (1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]):
        return 'bad', None, None
    key = calendar.timegm((y, mo, d) + (hms or (0, 0, 0)))
    iso = '%04d-%02d-%02d' % (y, mo, d)
    if hms:
        iso += 'T%02d:%02d:%02d' % hms
    return 'ok', key, iso

rows = []
with open(src, newline='') as f:
    r = csv.reader(f)
    next(r)
    prev = r.line_num
    for rec in r:
        rows.append((prev + 1, rec))
        prev = r.line_num

verdict = {}
good = []
for line, (rid, date, nps, comment) in rows:
    tid = trim(rid)
    st, key, iso = parse_date(date)
    if not tid:
        verdict[line] = ('missing-id', None)
    elif nps not in ('',) and not (0 <= int(nps) <= 10):
        verdict[line] = ('out-of-scale', None)
    elif st == 'bad':
        verdict[line] = ('invalid-date', None)
    else:
        verdict[line] = ('written', (rid, iso, nps, comment))
        if not re.fullmatch(r'[0-9]+(\.[0-9]*)?[Ee]\+[0-9]+', tid):
            good.append((tid, float('-inf') if key is None else key, line))

win = {}
for tid, key, line in good:
    if tid not in win:
        win[tid] = (key, line)
    elif mode == 'last' and key >= win[tid][0]:
        win[tid] = (key, line)
    elif mode == 'first' and key < win[tid][0]:
        win[tid] = (key, line)
for tid, key, line in good:
    if win[tid][1] != line:
        verdict[line] = ('duplicate', win[tid][1])

problems = []
want = [v[1] for line, v in sorted(verdict.items()) if v[0] == 'written']
with open(out, newline='') as f:
    got = [tuple(r) for r in list(csv.reader(f))[1:]]
if [tuple(x) for x in want] != got:
    for i, (a, b) in enumerate(zip(want, got)):
        if tuple(a) != b:
            problems.append('written row %d: expected %r, got %r' % (i + 1, a, b))
            break
    problems.append('%d rows expected, %d written' % (len(want), len(got)))
want_rej = {line: v for line, v in verdict.items() if v[0] != 'written'}
got_rej = {}
with open(rej, newline='') as f:
    r = csv.reader(f)
    hdr = next(r)
    for rec in r:
        d = dict(zip(hdr, rec))
        code = d['reason'].split(':')[0]
        m = re.search(r'line (\d+) is kept', d['reason'])
        got_rej[int(d['line'])] = (code, int(m[1]) if m else None)
for line in sorted(set(want_rej) | set(got_rej)):
    if want_rej.get(line) != got_rej.get(line):
        problems.append('line %d: expected %r, got %r' % (line, want_rej.get(line), got_rej.get(line)))
        break
ndup = sum(1 for v in want_rej.values() if v[0] == 'duplicate')
print('ok %d written, %d duplicates' % (len(want), ndup) if not problems else '; '.join(problems))
PY

for style in iso mdy; do
	for seed in 1 2 3; do
		python3 "$tmp/gen.py" "$seed" "$style" > "$tmp/in.csv"
		for mode in last first; do
			name="--dedupe $mode, $style dates, seed $seed"
			run_ok "$name" "$BIN/survey-ingest" -q --nps nps --dedupe "$mode" \
				--rejects "$tmp/rej.csv" -o "$tmp/out.csv" "$tmp/in.csv" || continue
			verdict "$name" "$(python3 "$tmp/expect.py" "$tmp/in.csv" "$mode" "$style" \
				"$tmp/out.csv" "$tmp/rej.csv")"
		done
	done
done
# standard input: the first pass reads a spooled copy, the same rows win
python3 "$tmp/gen.py" 9 iso > "$tmp/in.csv"
"$BIN/survey-ingest" -q --nps nps -o "$tmp/a.csv" "$tmp/in.csv"
"$BIN/survey-ingest" -q --nps nps -o "$tmp/b.csv" < "$tmp/in.csv"
t "standard input keeps the same rows" 'same_output "$tmp/a.csv" "$tmp/b.csv"'
tap_done
