/* sniff.h - guesses from the first bytes of a file: encoding, delimiter,
 * and a strict UTF-8 validator usable chunk by chunk. */
#ifndef SVY_INGEST_SNIFF_H
#define SVY_INGEST_SNIFF_H

#include <stddef.h>

#include "err.h"

enum svy_encoding {
	SVY_ENC_UTF8 = 0,       /* valid UTF-8 (ASCII included), BOM or not */
	SVY_ENC_UTF16LE,
	SVY_ENC_UTF16BE,
	SVY_ENC_8BIT,           /* not UTF-8: some 8-bit code page, say which */
};

/* What the sample says.  name is an iconv name ("UTF-8", "UTF-16LE",
 * "UTF-16BE") or NULL for SVY_ENC_8BIT. */
struct svy_sniff_enc {
	int enc;
	const char *name;
	size_t bom;             /* BOM bytes at the start (0, 2 or 3) */
	int by_bom;             /* 1: decided by the BOM, 0: by the content */
	size_t bad;             /* SVY_ENC_8BIT: offset of the first byte that is
	                           not UTF-8 */
};

/* Look at buf[0..len), the start of a file; at_eof says the file ends
 * there (otherwise a sequence cut at the end of the sample is fine).
 * UTF-16 without BOM is recognised by NUL bytes in every other place. */
void svy_sniff_encoding(struct svy_sniff_enc *r, const char *buf, size_t len, int at_eof);

/* Strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
 * 0: all valid.  SVY_EINVALID: *off is the offset of the first byte of the
 * first invalid sequence.  1 (only when final is 0): valid, except that the
 * text ends inside a sequence that may still be completed; *off is where
 * that sequence starts, so a caller can carry s[*off..len) over. */
int svy_sniff_utf8(const char *s, size_t len, int final, size_t *off);

/* The field delimiter among ',', ';' and tab, counted outside double
 * quotes, record by record, over buf[0..len) (UTF-8 or ASCII; at most 100
 * records; a last record cut off by the end of the sample is ignored
 * unless at_eof).  A delimiter whose count is the same non-zero number in
 * every record wins (the largest count among those; then ',' before ';'
 * before tab); else the one most frequent in the first record; else ','.
 * *consistent (if not NULL) is 1 when the choice was consistent. */
char svy_sniff_delimiter(const char *buf, size_t len, int at_eof, int *consistent);

#endif
