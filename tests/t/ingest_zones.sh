#!/usr/bin/env bash
# survey-ingest's time zones against Python's zoneinfo (TAP).
#
# For each zone, Python finds the daylight saving changes of a few years
# and writes local wall times every few minutes around each of them (and
# some at random through the year).  survey-ingest reads them as local
# times of the zone, twice:
#   --tz ZONE                     every date is written in UTC (Z);
#   a Qualtrics row-3 timeZone    dates keep their wall time and get the
#                                 offset in force (+HH:MM, or Z for zero).
# Expected, by survey-ingest(1): a wall time skipped by a change is
# rejected as invalid-date; in the repeated hour the first occurrence (the
# larger offset, zoneinfo's fold=0) is taken.  Zones: New York, London,
# Lord Howe (a 30-minute change), St. John's (a half-hour offset with
# daylight saving), Kathmandu (+05:45), Chatham (+12:45/+13:45), Sao Paulo
# (daylight saving that stopped in 2019).
# Environment: BIN (the built tools) as tests/run.sh sets it.
. "$(dirname "$0")/../tap.sh"

if ! command -v python3 > /dev/null || ! python3 -c 'import zoneinfo; zoneinfo.ZoneInfo("America/New_York")' 2> /dev/null; then
	echo "ok 1 # SKIP python3 with zoneinfo and the tz database missing"
	echo "1..1"
	exit 0
fi

# gen.py ZONE STYLE > export  (STYLE: generic or qualtrics); the walls go
# to $tmp/walls, one per data row, for expect.py
cat > "$tmp/gen.py" <<'PY'
import csv, random, sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo
zone, style, walls_path = sys.argv[1], sys.argv[2], sys.argv[3]
z = ZoneInfo(zone)
rnd = random.Random(zone)
walls = set()
for year in (1996, 2019, 2024, 2025, 2031):
    t = datetime(year, 1, 1, tzinfo=timezone.utc)
    end = datetime(year + 1, 1, 1, tzinfo=timezone.utc)
    prev = t.astimezone(z).utcoffset()
    while t < end:
        u = t + timedelta(hours=1)
        off = u.astimezone(z).utcoffset()
        if off != prev:
            lo, hi = t, u                       # the change is in (lo, hi]
            while hi - lo > timedelta(seconds=1):
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if mid == lo:
                    break
                if mid.astimezone(z).utcoffset() == prev:
                    lo = mid
                else:
                    hi = mid
            a = (hi + prev).replace(tzinfo=None)
            b = (hi + off).replace(tzinfo=None)
            w = min(a, b) - timedelta(hours=2)
            while w <= max(a, b) + timedelta(hours=2):
                walls.add(w)
                walls.add(w + timedelta(seconds=59))
                w += timedelta(minutes=10)
            walls.add(a)
            walls.add(b)
            walls.add(a - timedelta(seconds=1))
            walls.add(b - timedelta(seconds=1))
            prev = off
        t = u
    for _ in range(40):
        walls.add(datetime(year, 1, 1) + timedelta(seconds=rnd.randrange(365 * 86400)))
walls = sorted(walls)
out = csv.writer(sys.stdout, lineterminator='\n')
if style == 'generic':
    out.writerow(['respondent_id', 'date', 'nps'])
else:
    out.writerow(['StartDate', 'EndDate', 'Status', 'Finished', 'RecordedDate', 'ResponseId', 'Q1'])
    out.writerow(['Start Date', 'End Date', 'Response Type', 'Finished', 'Recorded Date',
                  'Response ID', 'How likely are you to recommend us to a friend or colleague?'])
    out.writerow(['{"ImportId":"startDate","timeZone":"%s"}' % zone,
                  '{"ImportId":"endDate","timeZone":"%s"}' % zone, '{"ImportId":"status"}',
                  '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"%s"}' % zone,
                  '{"ImportId":"_recordId"}', '{"ImportId":"QID1"}'])
for i, w in enumerate(walls):
    s = w.strftime('%Y-%m-%d %H:%M:%S')
    if style == 'generic':
        out.writerow(['R%d' % i, s, '7'])
    else:
        out.writerow([s, s, 'IP Address', 'True', s, 'R_%d' % i, '7'])
with open(walls_path, 'w') as f:
    f.write('\n'.join(w.strftime('%Y-%m-%d %H:%M:%S') for w in walls) + '\n')
PY

# expect.py ZONE STYLE WALLS OUT REJECTS: "ok ..." or what differs
cat > "$tmp/expect.py" <<'PY'
import csv, sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
zone, style, walls_path, out, rej = sys.argv[1:6]
z = ZoneInfo(zone)
want_written, want_rejected = [], []
for i, line in enumerate(open(walls_path).read().split('\n')[:-1]):
    wall = datetime.strptime(line, '%Y-%m-%d %H:%M:%S')
    local = wall.replace(tzinfo=z, fold=0)
    if local.astimezone(timezone.utc).astimezone(z).replace(tzinfo=None) != wall:
        want_rejected.append(i)             # skipped by a change
        continue
    if style == 'generic':
        s = local.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
    else:
        off = int(local.utcoffset().total_seconds()) // 60
        sign = '-' if off < 0 else '+'
        s = wall.strftime('%Y-%m-%dT%H:%M:%S') + ('Z' if off == 0 else
                                                   '%s%02d:%02d' % (sign, abs(off) // 60, abs(off) % 60))
    want_written.append((i, s))
first = 1 if style == 'generic' else 3
got_written = []
with open(out, newline='') as f:
    r = csv.reader(f)
    next(r)
    for rec in r:
        got_written.append((int(rec[0].lstrip('R_')), rec[1]))
got_rejected = []
with open(rej, newline='') as f:
    r = csv.DictReader(f)
    for rec in r:
        if not rec['reason'].startswith('invalid-date:'):
            print('unexpected reason: %s' % rec['reason'])
            sys.exit()
        got_rejected.append(int(rec['line']) - first - 1)
for a, b in zip(want_written, got_written):
    if a != b:
        print('row %d: expected %s, got %s' % (a[0], a[1], b[1]))
        sys.exit()
if len(want_written) != len(got_written) or want_rejected != got_rejected:
    print('%d written, expected %d; rejected lines differ' % (len(got_written), len(want_written)))
    sys.exit()
print('ok %d dates, %d skipped by a change' % (len(want_written), len(want_rejected)))
PY

for zone in America/New_York Europe/London Australia/Lord_Howe America/St_Johns \
	Asia/Kathmandu Pacific/Chatham America/Sao_Paulo; do
	for style in generic qualtrics; do
		python3 "$tmp/gen.py" "$zone" "$style" "$tmp/walls" > "$tmp/in.csv"
		if [ $style = generic ]; then
			opt=(--tz "$zone"); what="--tz $zone"
		else
			opt=(); what="Qualtrics timeZone $zone"
		fi
		run_ok "$what" "$BIN/survey-ingest" -q "${opt[@]}" --rejects "$tmp/rej.csv" \
			-o "$tmp/out.csv" "$tmp/in.csv" || continue
		verdict "$what" "$(python3 "$tmp/expect.py" "$zone" "$style" "$tmp/walls" \
			"$tmp/out.csv" "$tmp/rej.csv")"
	done
done
tap_done
