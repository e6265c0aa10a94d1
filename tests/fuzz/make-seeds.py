#!/usr/bin/env python3
"""make-seeds.py - write the seed corpora tests/fuzz/corpus/<target>/ from
the fixtures already in the repository (samples/, tests/cli/, tests/malformed/)
plus a few hand-made cases.  Seeds stay small (at most 4 KiB each); the fuzzer's
own corpus grows under build-fuzz/, not here.

Run from the repository root after building the tools (for --partial seeds):
    python3 tests/fuzz/make-seeds.py [BIN_DIR]      (default build/bin)
"""
import glob
import hashlib
import os
import subprocess
import sys

ROOT = os.getcwd()
BIN = sys.argv[1] if len(sys.argv) > 1 else "build/bin"
OUT = os.path.join(ROOT, "tests/fuzz/corpus")
MAX = 4096


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    data = data[:MAX]
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path, limit=MAX):
    with open(path, "rb") as f:
        return f.read(limit)


def head(path, n):
    with open(path, "rb") as f:
        return b"".join(f.readline() for _ in range(n))


csvs = sorted(set(glob.glob("tests/cli/*/*/*.csv") + glob.glob("tests/cli/*/*/*.tsv") +
                  glob.glob("tests/cli/*/*/stdin") + glob.glob("tests/malformed/*.csv") +
                  glob.glob("samples/exports/*.csv")))
csvs = [p for p in csvs if os.path.getsize(p) <= MAX]
csvs = csvs[::max(1, len(csvs) // 50)]          # about 50: enough variety, small
samples = [head("samples/survey.csv", 25), head("samples/monthly.csv", 25),
           head("samples/drivers.csv", 25)]

# the reader: [options][read size] CSV; [delim/path][chunk hi][chunk lo][step] CSV
for i, p in enumerate(csvs + ["samples"]):
    for body in ([read(p)] if p != "samples" else samples):
        put("reader", bytes([i % 16, i % 8]) + body)
        put("reader_chunks", bytes([i % 16, 0, 5 + i % 40, 1 + i % 17]) + body)
        put("detect", bytes([0x80 | (0x0f if i % 3 else i % 10)]) + body)
        put("sniff", body)

# the driver: region, plan, nps, score (csat and friends), w
def tidy_for_run(data):
    lines = data.decode("utf-8", "replace").splitlines(True)
    if not lines:
        return ""
    lines[0] = lines[0].replace("csat", "score").replace("weight", "w")
    return "".join(lines)

for i, s in enumerate(samples[:2]):
    t = tidy_for_run(s)
    for flags in [(0, 0), (1, 1), (2, 2), (3, 5), (0, 0x14), (1, 0x2d), (4, 0x41)]:
        put("run", bytes(flags) + t.encode())
        put("jobs", bytes(flags) + t.encode())
for p in sorted(glob.glob("tests/malformed/*.csv"))[::4]:
    body = read(p)
    if len(body) < 2048:
        t = body.replace(b"csat", b"score")
        put("run", bytes([0, 5]) + t)
        put("jobs", bytes([1, 0x0a]) + t)

# --merge: partial states written by the tools themselves
def partial(tool, args, data):
    try:
        r = subprocess.run([os.path.join(BIN, tool), "--partial"] + args, input=data,
                           capture_output=True, timeout=10)
        return r.stdout if r.returncode == 0 else None
    except OSError:
        return None

src = head("samples/survey.csv", 40)
tidy = tidy_for_run(src).encode()
for flags, tool, args in [((0, 0), "nps", []), ((0, 1), "nps", ["--by", "region"]),
                          ((0, 2), "nps", ["--by", "region,plan"]),
                          ((0, 1), "nps", ["--by", "region", "--weight", "weight"]),
                          ((1, 1), "csat", ["--by", "region", "-c", "score"]),
                          ((2, 0), "csat", ["--metric", "fcr", "-c", "score"]),
                          ((3, 3), "csat", ["--metric", "ces", "-c", "score", "--by", "plan"])]:
    out = partial(tool, args, tidy if tool == "csat" else src)
    if out:
        put("merge", bytes(flags) + out)
        put("merge", bytes(flags) + out + out)   # concatenated outputs
for p in glob.glob("tests/malformed/partial-*.csv"):
    put("merge", bytes([0, 1]) + read(p))

# numbers
for v in ["1", "-0", "+9", " 7 ", "9.5", "1e999", "-1e-400", "nan", "inf", "0x10", "\uff19",
          "NA", "", "1,5", ".5", "5.", "1e", "99999999999999999999", "1000000000000000",
          "9007199254740993", "\t-3.25e+2 ", "0.1", "1.7976931348623157e308",
          # scales, and column lists (the same target reads both)
          "1-5", " -3 - 3 ", "0-10", "999999999-1000000000",
          '"Region, EU",plan', '"say ""hi""",x', '"open,a', 'a"b,c']:
    put("num", v)

# dates: [order] value
for v in ["2024-02-29", "2024-02-30", "2023-02-29", "2024-13-01", "0000-01-01", "0001-01-01T00:30+05:00",
          "9999-12-31T23:59:59-14:00", "2024-01-01T25:00:00", "2024-03-05T10:00:00Z",
          "2024-03-05 10:00:00 UTC", "2024/03/05 1:02:03 PM GMT+5", "03/04/2024", "13/04/2024",
          "4/13/24 9:05 am", "12/31/1999 11:59:59 PM", "2024-03-05T10:00:00.123+05:30",
          "2024-03-05T10:00:00+1400", "2020-12-28", "2021-01-03", "1969-12-31 23:59:59 GMT-3:30",
          "yesterday", "  ", "2024-03-05\n13/02/2024\n02/13/2024"]:
    for order in (0, 1, 2):
        put("date", bytes([order]) + v.encode())

# dates for trend's fast path, a column of timestamps: [range + 4 * period kind] * 3, lines
for v in ["2024-01-01T00:00:04\n2024-01-01T00:00:25\n2024-01-01 13:00\n2024-01-02T23:59:59.5Z\n"
          "2024-01-02T24:00:00\n2024-12-31T23:59:60\n2025-01-01T00:00:00+14:00\n2025-01-01",
          "0001-01-01T00:00:00\n0001-01-01 00:00\n9999-12-31T23:59:59-14:00\n9999-12-31\n"
          "2023-02-29T10:00:00\n2024-02-29T10:00:00.000+05:30"]:
    for sel in range(20):
        put("date", bytes([3 * sel]) + v.encode())

# labels: [maps] cell, then column<TAB>label<TAB>value rows
for v in ["10 - Extremely likely", "0 = Not at all likely", "Very satisfied", "  very   SATISFIED ",
          "Strongly agree", "Good with comment", "Offered", "Extremely Happy", "-103", "Promoter",
          "10.0", "10.5", "3/5/2024", "\u00a0Neutral\u00a0", "10 \u2013 Extremely likely"]:
    put("labels", bytes([0x3f]) + v.encode() + b"\nnps\tYes\t10\n*\tNo\t0\nnps\tN/A\tNA\n")
    put("labels", bytes([0x07]) + v.encode())

# converter: [encoding/replace][chunk] bytes
text = "respondent_id,comment\nR1,très bien \u2013 ok\nR2,\u65e5\u672c\u8a9e\n"
for enc_i, enc in enumerate(["utf-16-le", "utf-16-be", "utf-16", "utf-8", "cp1252", "latin-1",
                             "utf-32-le", "shift_jis"]):
    try:
        b = text.encode(enc, "replace")
    except LookupError:
        continue
    put("convert", bytes([enc_i, 7]) + b)
    put("convert", bytes([enc_i | 8, 3]) + b + b"\xff\xfe\xc3")
    put("sniff", b)

# segment labelling: [kind+flags] option line, (map file, "=="), CSV
csv = "region,nps,tenure,score\nNorth,9,3.5,4\nSouth,,12,2\nEast,6,0,5\n"
for flags, spec, extra in [(0, "tenure=0,3,12", ""), (0 | 16, "tenure=0,3,12", ""),
                           (1, "tenure=3", ""), (2 | 8, "region", "value,label\nNorth,N\nSouth,S\n==\n"),
                           (3, "nps", ""), (3 | 16, "nps", ""),
                           (4 | 8, "hi: nps >= 9|mid: nps >= 7 and region != 'East'|x: score = 4", "")]:
    put("label", bytes([flags]) + (spec + "\n" + extra + csv).encode())

# the writer's round trip: [format/delimiter][read size] fields ended by
# 0x1F, rows by 0x1E (the first is the header)
US, RS = "\x1f", "\x1e"
for sel, rows in enumerate([
        [["region", "nps", "comment"], ["North", "9", 'said "hi", twice'], ["", "", ""]],
        [["only"], [""], ["x"], [" lead"], ["trail "]],
        [["a\tb", "c"], ["line\nbreak", "cr\rx"], ["semi;colon", "pipe|bar"], ["\"q", "back\\slash"]],
        [["g"], ["Zürich"], ["\ufeffmark"], ["\u00a0nbsp\u00a0"]]]):
    body = RS.join(US.join(r) for r in rows)
    for fmt in range(4):
        put("writer", bytes([fmt, sel % 4]) + body.encode())
