/* test_ingest_sniff.c - unit tests for lib/ingest/sniff: BOMs, UTF-16
 * without BOM, 8-bit text, strict UTF-8 with offsets, delimiters. */
#include <string.h>

#include "sniff.h"
#include "tap.h"

static int u8(const char *s, size_t len, int final, size_t *off)
{
	*off = 12345;
	return svy_sniff_utf8(s, len, final, off);
}

static void utf8(void)
{
	size_t off;

	ok(u8("plain ascii", 11, 1, &off) == 0, "ascii");
	ok(u8("", 0, 1, &off) == 0, "empty");
	/* é C3 A9, € E2 82 AC, 😀 F0 9F 98 80, U+10FFFF F4 8F BF BF */
	ok(u8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf", 13, 1, &off) == 0,
	   "2, 3 and 4 byte forms");
	/* offsets point at the first byte of the bad sequence */
	ok(u8("ab\xff", 3, 1, &off) == SVY_EINVALID && off == 2, "0xFF at 2");
	ok(u8("a\xc0\xaf", 3, 1, &off) == SVY_EINVALID && off == 1, "overlong C0 AF");
	ok(u8("a\xe0\x80\xaf", 4, 1, &off) == SVY_EINVALID && off == 1, "overlong E0 80 AF");
	ok(u8("ab\xed\xa0\x80", 5, 1, &off) == SVY_EINVALID && off == 2, "surrogate D800");
	ok(u8("\xf4\x90\x80\x80", 4, 1, &off) == SVY_EINVALID && off == 0, "above U+10FFFF");
	ok(u8("\xf5\x80\x80\x80", 4, 1, &off) == SVY_EINVALID && off == 0, "F5 lead");
	ok(u8("x\x80", 2, 1, &off) == SVY_EINVALID && off == 1, "stray continuation");
	ok(u8("\xc3(", 2, 1, &off) == SVY_EINVALID && off == 0, "bad continuation");
	/* Latin-1 'lår' read as bytes: E5 then 'r' is no continuation */
	ok(u8("l\xe5r", 3, 1, &off) == SVY_EINVALID && off == 1, "latin-1 text");
	/* a cut-off tail: partial when more may come, invalid at the end */
	ok(u8("ab\xe2\x82", 4, 0, &off) == 1 && off == 2, "partial tail carried");
	ok(u8("ab\xe2\x82", 4, 1, &off) == SVY_EINVALID && off == 2, "cut at the end");
	ok(u8("ab\xe2\x28", 4, 0, &off) == SVY_EINVALID && off == 2, "bad even if not final");
	ok(u8("\xf0", 1, 0, &off) == 1 && off == 0, "lone 4-byte lead partial");
}

/* ASCII is skipped 8 bytes at a time: a bad byte, a good sequence or a
 * cut-off one at every place relative to those blocks. */
static void utf8_blocks(void)
{
	char b[40];
	size_t off, pos, bad = 0;

	for (pos = 0; pos + 4 <= sizeof b; pos++) {
		memset(b, 'a', sizeof b);
		b[pos] = (char)0xff;
		if (u8(b, sizeof b, 1, &off) != SVY_EINVALID || off != pos)
			bad++;
		memcpy(b + pos, "\xe2\x82\xac", 3);
		if (u8(b, sizeof b, 1, &off) != 0)
			bad++;
		b[pos + 2] = '(';
		if (u8(b, sizeof b, 1, &off) != SVY_EINVALID || off != pos)
			bad++;
		if (u8(b, pos + 2, 0, &off) != 1 || off != pos)
			bad++;
	}
	ok(bad == 0, "every offset around the 8-byte steps (%zu wrong)", bad);
}

static void encodings(void)
{
	struct svy_sniff_enc r;

	svy_sniff_encoding(&r, "\xef\xbb\xbfStartDate", 12, 1);
	ok(r.enc == SVY_ENC_UTF8 && r.bom == 3 && r.by_bom && strcmp(r.name, "UTF-8") == 0,
	   "UTF-8 BOM");
	svy_sniff_encoding(&r, "\xff\xfeS\0t\0", 6, 1);
	ok(r.enc == SVY_ENC_UTF16LE && r.bom == 2 && strcmp(r.name, "UTF-16LE") == 0, "LE BOM");
	svy_sniff_encoding(&r, "\xfe\xff\0S\0t", 6, 1);
	ok(r.enc == SVY_ENC_UTF16BE && r.bom == 2, "BE BOM");
	svy_sniff_encoding(&r, "i\0d\0,\0q\0\n\0", 10, 1);
	ok(r.enc == SVY_ENC_UTF16LE && r.bom == 0 && !r.by_bom, "LE by NULs");
	svy_sniff_encoding(&r, "\0i\0d\0,\0q\0\n", 10, 1);
	ok(r.enc == SVY_ENC_UTF16BE && !r.by_bom, "BE by NULs");
	svy_sniff_encoding(&r, "id,name\n1,Ren\xc3\xa9\n", 15, 1);
	ok(r.enc == SVY_ENC_UTF8 && r.bom == 0 && !r.by_bom, "UTF-8 without BOM");
	svy_sniff_encoding(&r, "id,name\n1,Ren\xe9\n", 14, 1);
	ok(r.enc == SVY_ENC_8BIT && r.bad == 13 && r.name == NULL, "cp1252 byte at 13");
	/* the sample ends in the middle of é: still UTF-8 */
	svy_sniff_encoding(&r, "id,name\n1,Ren\xc3", 14, 0);
	ok(r.enc == SVY_ENC_UTF8, "cut sample still UTF-8");
	svy_sniff_encoding(&r, "", 0, 1);
	ok(r.enc == SVY_ENC_UTF8 && r.bom == 0, "empty file");
	svy_sniff_encoding(&r, "\xff", 1, 1);
	ok(r.enc == SVY_ENC_8BIT && r.bad == 0, "one byte FF is not a BOM");
}

static char d(const char *s, int at_eof, int *cons)
{
	return svy_sniff_delimiter(s, strlen(s), at_eof, cons);
}

static void delimiters(void)
{
	int c = -1;

	ok(d("a,b,c\n1,2,3\n", 1, &c) == ',' && c == 1, "comma");
	ok(d("a;b;c\r\n1;2;3\r\n", 1, &c) == ';' && c == 1, "semicolon, CRLF");
	ok(d("a\tb\tc\n1\t2\t3", 1, &c) == '\t' && c == 1, "tab, no final newline");
	/* European Excel: decimal commas in data; the header has none, so the
	 * comma count is inconsistent (0, 1, 2) and ';' (2 each) wins */
	ok(d("a;b;c\n1,5;2;3\n1,5;2,5;3\n", 1, &c) == ';' && c == 1, "decimal commas");
	/* commas inside quotes do not count; quoted newlines do not end records */
	ok(d("q;\"how, why\"\n1;\"a,\nb,c\"\n", 1, &c) == ';' && c == 1, "quoted text");
	/* header-only file */
	ok(d("a;b;c", 1, &c) == ';' && c == 1, "header only");
	/* single column: nothing found, comma by default, not consistent */
	ok(d("score\n9\n10\n", 1, &c) == ',' && c == 0, "single column");
	/* ragged: no consistent candidate; the header's most frequent wins */
	ok(d("a;b;c\n1;2\n1\n", 1, &c) == ';' && c == 0, "ragged falls back to the header");
	/* both consistent: the larger count wins (2 tabs vs 1 comma) */
	ok(d("a,x\tb\tc\n1,y\t2\t3\n", 1, &c) == '\t' && c == 1, "larger consistent count");
	/* a sample cut mid-record: the partial last record is ignored */
	ok(d("a,b,c\n1,2,3\n4,5", 0, &c) == ',' && c == 1, "partial record ignored");
	/* a sample cut inside a quoted field */
	ok(d("a,b\n1,\"x\ny,z", 0, &c) == ',' && c == 1, "cut inside quotes");
	ok(d("", 1, &c) == ',' && c == 0, "empty sample");
	ok(d("\n\n\r\n", 1, &c) == ',', "blank lines only");
	ok(d("\"unterminated,", 1, NULL) == ',', "unterminated quote, NULL consistent");
}

int main(void)
{
	utf8();
	utf8_blocks();
	encodings();
	delimiters();
	return done();
}
