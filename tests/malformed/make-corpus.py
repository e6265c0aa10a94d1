#!/usr/bin/env python3
"""make-corpus.py - write the malformed-input corpus of tests/malformed/.

Every file is small and made up; each has at most one fault, on a known
line, recorded with the expected exit status per tool in MANIFEST (written
by hand; tests/t/malformed.sh reads it).  The two big inputs (a 10 MB field,
100 000 columns) are not here: malformed.sh generates them at test time.

Run from the repository root:  python3 tests/malformed/make-corpus.py
"""
import os

D = os.path.join(os.path.dirname(os.path.abspath(__file__)))
H = "respondent_id,date,region,nps,csat,w,comment"


def row(i, nps="9", csat="4", date=None, w="1", region="North", comment=""):
    date = "2024-01-%02d" % (i % 28 + 1) if date is None else date
    return "R%d,%s,%s,%s,%s,%s,%s" % (i, date, region, nps, csat, w, comment)


def rows(n=3, start=1, **kw):
    return [row(start + k, **kw) for k in range(n)]


def lines(*ls, end="\n"):
    return end.join(ls) + end


def put(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    with open(os.path.join(D, name), "wb") as f:
        f.write(data)


def fault(name, line, text, **kw):
    """A valid file whose data line `line` (2 = the first data row) is text."""
    body = rows(4)
    body[line - 2] = text
    put(name, lines(H, *body, **kw))


# ---- structure ----------------------------------------------------------
put("empty.csv", b"")
put("header-only.csv", lines(H))
put("header-only-no-newline.csv", H)
put("header-only-crlf.csv", lines(H, end="\r\n"))
put("no-header.csv", lines(*rows(3)))
put("blank-lines-only.csv", b"\n\n\n")
put("blank-lines-between.csv", lines(H, "", row(1), "", "", row(2)))
put("spaces-only.csv", b"   \n   \n")
put("bom-only.csv", b"\xef\xbb\xbf")
put("bom-then-header-only.csv", b"\xef\xbb\xbf" + lines(H).encode())
put("double-bom.csv", b"\xef\xbb\xbf\xef\xbb\xbf" + lines(H, *rows(2)).encode())
put("bom-mid-file.csv", lines(H, row(1)).encode() + b"\xef\xbb\xbf" + lines(row(2)).encode())
put("bom-mid-header-again.csv", lines(H, row(1)).encode() + b"\xef\xbb\xbf" + lines(H, row(2)).encode())
put("unterminated-quote.csv", lines(H, row(1), 'R2,2024-01-02,"North,9,4,1,', row(3)))
put("unterminated-quote-eof.csv", lines(H, row(1), row(2)) + 'R3,2024-01-03,North,9,4,1,"open comment\nmore')
put("quote-in-unquoted.csv", lines(H, row(1), row(2, region='Nor"th')))
put("text-after-quote.csv", lines(H, row(1), 'R2,2024-01-02,"North"x,9,4,1,'))
put("space-around-quotes.csv", lines(H, row(1), 'R2,2024-01-02, "North" ,9,4,1,'))
put("nul-in-field.csv", lines(H, row(1), row(2, region="No\0rth")))
put("nul-in-header.csv", lines("respondent_id,da\0te,region,nps,csat,w,comment", row(1)))
put("nul-bytes-only.csv", b"\0\0\0\0")
put("ragged-short.csv", lines(H, row(1), row(2), "R3,2024-01-03,North,9", row(4)))
put("ragged-long.csv", lines(H, row(1), row(2) + ",extra", row(3)))
put("ragged-header-short.csv", lines("respondent_id,date,region,nps", row(1)))
put("trailing-delimiter.csv", lines(H, row(1) + ",", row(2) + ","))
put("only-delimiters.csv", lines(",,,,,,", ",,,,,,"))
put("duplicate-headers.csv", lines("respondent_id,date,region,nps,nps,csat,w,comment",
                                   "R1,2024-01-01,North,9,2,4,1,", "R2,2024-01-02,North,3,10,4,1,"))
put("duplicate-headers-unused.csv", lines("respondent_id,date,region,nps,csat,w,comment,comment",
                                          row(1) + ",x", row(2) + ",y"))
put("empty-header-names.csv", lines("respondent_id,date,,nps,csat,,", "R1,2024-01-01,North,9,4,1,",
                                    "R2,2024-01-02,South,7,5,1,"))
put("header-quoted-newline.csv", lines('respondent_id,date,region,"n\nps",csat,w,comment', *rows(2)))
put("crlf.csv", lines(H, *rows(3), end="\r\n"))
put("cr-only.csv", lines(H, *rows(3), end="\r"))
put("no-final-newline.csv", lines(H, *rows(3))[:-1])
# LF, CRLF and a lone CR, then a bad score on line 5 (a lone CR ends a line too)
put("mixed-line-endings.csv", H + "\n" + row(1) + "\r\n" + row(2) + "\r" + row(3) + "\n" +
    row(4, nps="eleven") + "\n")
# lone CRs first, then LFs, a bad score on line 10: -j N must count the CRs too
put("mixed-cr-jobs.csv", H + "\n" + "\r".join(row(i) for i in range(1, 5)) + "\r" +
    lines(*rows(4, start=5)) + lines(row(9, nps="x")))
put("quoted-multiline-then-bad.csv", lines(H, row(1, comment='"line one\nline two\nline three"'),
                                           row(2, nps="x")))
put("quoted-quotes.csv", lines(H, row(1, comment='"' + '""' * 500 + '"'), row(2)))
put("semicolon-delimited.csv", lines(H.replace(",", ";"), *[r.replace(",", ";") for r in rows(3)]))
put("tab-delimited.csv", lines(H.replace(",", "\t"), *[r.replace(",", "\t") for r in rows(3)]))
put("binary-garbage.csv", bytes(range(256)) * 4)
put("very-long-line-no-newline.csv", H + "\n" + "x" * 20000)

# ---- encodings ----------------------------------------------------------
put("invalid-utf8.csv", lines(H, row(1)).encode() + b"R2,2024-01-02,Nor\xffth,9,4,1,\n")
put("invalid-utf8-header.csv", b"respondent_id,date,re\xe9gion,nps,csat,w,comment\n" + lines(row(1)).encode())
put("overlong-utf8.csv", lines(H, row(1)).encode() + b"R2,2024-01-02,North,9,4,1,\xc0\xaf\n")
put("surrogate-utf8.csv", lines(H, row(1)).encode() + b"R2,2024-01-02,North,9,4,1,\xed\xa0\x80\n")
put("truncated-utf8-at-eof.csv", lines(H, row(1)).encode() + b"R2,2024-01-02,North,9,4,1,caf\xc3")
put("latin1.csv", lines(H, row(1)).encode() + "R2,2024-01-02,Zürich,9,4,1,très bien\n".encode("latin-1"))
put("utf16le-bom.csv", b"\xff\xfe" + lines(H, *rows(2)).encode("utf-16-le"))
put("utf16le-no-bom.csv", lines(H, *rows(2)).encode("utf-16-le"))
put("utf16be-bom.csv", b"\xfe\xff" + lines(H, *rows(2)).encode("utf-16-be"))
put("utf8-above-10ffff.csv", lines(H, row(1)).encode() + b"R2,2024-01-02,North,9,4,1,\xf4\x90\x80\x80\n")

# ---- numbers (nps on line 3 unless said) --------------------------------
for name, v in [("1e999", "1e999"), ("nan", "nan"), ("inf", "inf"), ("hex", "0x10"),
                ("fullwidth", "\uff19"), ("arabic-digit", "\u0669"), ("11", "11"),
                ("decimal", "9.5"), ("decimal-zero", "9.0"), ("huge-int", "99999999999999999999"),
                ("decimal-comma", '"9,5"'), ("word", "nine"), ("minus-one", "-1")]:
    fault("nps-%s.csv" % name, 3, row(2, nps=v))
fault("nps-minus-zero.csv", 3, row(2, nps="-0"))
fault("nps-plus.csv", 3, row(2, nps="+9"))
fault("nps-spaces.csv", 3, row(2, nps=" 9 "))
fault("nps-na.csv", 3, row(2, nps="NA"))
fault("nps-empty.csv", 3, row(2, nps=""))
fault("csat-zero.csv", 4, row(3, csat="0"))
fault("csat-negative.csv", 4, row(3, csat="-1"))
fault("csat-1e999.csv", 4, row(3, csat="1e999"))

# ---- weights (nps --weight w; line 3) -----------------------------------
for name, v in [("huge", "1e308"), ("1e200", "1e200"), ("overflow", "1e999"), ("negative", "-1"),
                ("zero", "0"), ("nan", "nan"), ("tiny", "1e-320"), ("hex", "0x10"), ("text", "heavy")]:
    fault("weight-%s.csv" % name, 3, row(2, w=v))

# ---- dates (trend, survey-ingest; line 3) -------------------------------
for name, v in [("2024-02-30", "2024-02-30"), ("2023-02-29", "2023-02-29"), ("month-13", "2024-13-01"),
                ("year-0", "0000-01-01"), ("hour-25", "2024-01-01T25:00:00"), ("garbage", "yesterday"),
                ("zone-15h", "2024-01-01T10:00:00+15:00"), ("5-digit-year", "20240-01-01"),
                ("slash-ambiguous", "03/04/2024")]:
    fault("date-%s.csv" % name, 3, row(2, date=v))
fault("date-leap-ok.csv", 3, row(2, date="2024-02-29"))
fault("date-empty.csv", 3, row(2, date=""))

# ---- partial states (--merge) -------------------------------------------
def state_header(by=("region",)):
    cols = ["svy_partial_v1"] + list(by) + ["missing", "invalid", "wdrop_missing",
                                           "wdrop_invalid", "wdrop_nonpos"]
    cols += ["n_%d" % v for v in range(11)] + ["w_%d" % v for v in range(11)]
    cols += ["ww_%d" % v for v in range(11)]
    return ",".join(cols)


def state_row(ident="nps:0-10", region="North", n10="5", w10=None, ww10=None, missing="0"):
    w10 = n10 if w10 is None else w10
    ww10 = n10 if ww10 is None else ww10
    z = ["0"] * 10
    return ",".join([ident, region, missing, "0", "0", "0", "0"] + z + [n10] + z + [w10] + z + [ww10])


SH = state_header()
put("partial-ok.csv", lines(SH, state_row(), state_row(region="South", n10="3")))
put("partial-concatenated.csv", lines(SH, state_row(), SH, state_row(region="South")))
put("partial-wrong-version.csv", lines(SH.replace("svy_partial_v1", "svy_partial_v2"), state_row()))
put("partial-other-metric.csv", lines(SH, state_row(), state_row(ident="csat:1-5")))
put("partial-negative-count.csv", lines(SH, state_row(), state_row(n10="-3")))
put("partial-fractional-count.csv", lines(SH, state_row(), state_row(n10="1.5")))
put("partial-nan.csv", lines(SH, state_row(), state_row(n10="nan")))
put("partial-1e999.csv", lines(SH, state_row(), state_row(n10="1e999")))
put("partial-beyond-2-53.csv", lines(SH, state_row(n10="9007199254740991"), state_row(n10="2")))
put("partial-cell-beyond-2-53.csv", lines(SH, state_row(n10="5"), state_row(n10="9007199254740993")))
put("partial-ragged.csv", lines(SH, state_row(), state_row() + ",0"))
put("partial-too-few-columns.csv", lines("svy_partial_v1,region,missing,invalid", "nps:0-10,North,0,0"))
put("partial-mixed-weighted.csv", lines(SH, state_row(), state_row(ident="nps:0-10:weighted")))
put("partial-bom-mid.csv", lines(SH, state_row()).encode() + b"\xef\xbb\xbf" + lines(SH, state_row()).encode())
put("partial-header-only.csv", lines(SH))
