/* test_ingest_convert.c - unit tests for lib/ingest/convert: UTF-16 with
 * BOM, Windows-1252, Latin-1, sequences split across chunks, U+FFFD
 * replacement, byte offsets in errors, out of memory. */
#include <string.h>

#include "convert.h"
#include "mem.h"
#include "tap.h"

static char got[4096];
static size_t ngot;
static struct svy_error err;

/* Convert in[0..len) in chunks of `chunk` bytes (0: all at once) into got;
 * returns the first error code or 0. */
static int run(const char *enc, int replace, const char *in, size_t len, size_t chunk)
{
	struct svy_conv *c = svy_conv_open(enc, replace, &err);
	size_t off = 0;
	int rc = 0;

	ngot = 0;
	got[0] = '\0';
	if (!c)
		return err.code;
	if (!chunk)
		chunk = len ? len : 1;
	do {
		size_t k = len - off < chunk ? len - off : chunk;
		const char *o;
		size_t n;

		rc = svy_conv_feed(c, in + off, k, off + k == len, &o, &n, &err);
		if (rc == 0 && ngot + n < sizeof got) {
			memcpy(got + ngot, o, n);
			ngot += n;
			got[ngot] = '\0';
		}
		off += k;
	} while (rc == 0 && off < len);
	svy_conv_close(c);
	return rc;
}

/* The same input in every chunk size from 1 to 7 and whole: same output. */
static int all_chunkings(const char *enc, const char *in, size_t len, const char *want)
{
	size_t k;

	for (k = 0; k <= 7; k++)
		if (run(enc, 0, in, len, k) != 0 || strcmp(got, want) != 0)
			return 0;
	return 1;
}

static void utf16(void)
{
	/* FF FE BOM, "a,b\n", U+00E9 as E9 00, U+1F600 as the surrogate pair
	 * D83D DE00 (3D D8 00 DE) */
	static const char le[] = "\xff\xfe" "a\0,\0b\0\n\0" "\xe9\0" "\x3d\xd8\x00\xde";
	static const char be[] = "\xfe\xff" "\0a\0,\0b\0\n" "\0\xe9" "\xd8\x3d\xde\x00";
	const char *want = "a,b\n\xc3\xa9\xf0\x9f\x98\x80";

	ok(all_chunkings("UTF-16LE", le, sizeof le - 1, want), "UTF-16LE, BOM dropped, any chunking");
	ok(all_chunkings("UTF-16", le, sizeof le - 1, want), "UTF-16 reads the LE BOM");
	ok(all_chunkings("UTF-16BE", be, sizeof be - 1, want), "UTF-16BE");
	ok(all_chunkings("utf-16", be, sizeof be - 1, want), "UTF-16 reads the BE BOM");

	/* odd length: the last byte is half a code unit */
	ok(run("UTF-16LE", 0, "a\0b", 3, 0) == SVY_EDATA && strstr(err.msg, "incomplete")
	   && strstr(err.msg, "byte 2"), "cut-off UTF-16: %s", err.msg);
	ok(run("UTF-16LE", 1, "a\0b", 3, 1) == 0 && strcmp(got, "a\xef\xbf\xbd") == 0,
	   "cut-off UTF-16 replaced");
	/* a lone high surrogate followed by 'A': one U+FFFD for two bytes, then A */
	ok(run("UTF-16LE", 1, "\x00\xd8" "A\0", 4, 0) == 0 && strcmp(got, "\xef\xbf\xbd" "A") == 0,
	   "lone surrogate replaced: '%s'", got);
	ok(run("UTF-16LE", 0, "x\0\n\0\x00\xd8" "A\0", 8, 3) == SVY_EDATA
	   && strstr(err.msg, "byte 4") && strstr(err.msg, "line 2"), "lone surrogate: %s", err.msg);
}

static void single_byte(void)
{
	/* 0x80 euro E2 82 AC; 0x93/0x94 curly quotes E2 80 9C / 9D; 0xE9 C3 A9 */
	static const char cp[] = "\x93" "caf\xe9" "\x94 \x80" "5";
	const char *want = "\xe2\x80\x9c" "caf\xc3\xa9" "\xe2\x80\x9d \xe2\x82\xac" "5";

	ok(all_chunkings("WINDOWS-1252", cp, sizeof cp - 1, want), "windows-1252");
	ok(all_chunkings("cp1252", cp, sizeof cp - 1, want), "cp1252 alias, lower case");
	/* in Latin-1 0x80 is the C1 control U+0080 (C2 80), not the euro */
	ok(run("ISO-8859-1", 0, "\x80\xe9", 2, 0) == 0 && strcmp(got, "\xc2\x80\xc3\xa9") == 0,
	   "latin-1");
	ok(run("LATIN1", 0, "l\xe5r", 3, 0) == 0 && strcmp(got, "l\xc3\xa5r") == 0, "latin1 alias");
	/* 0x81 has no character in Windows-1252: error at byte 3, line 2 */
	ok(run("WINDOWS-1252", 0, "a\nb\x81", 4, 0) == SVY_EDATA && strstr(err.msg, "byte 3")
	   && strstr(err.msg, "line 2"), "undefined cp1252 byte: %s", err.msg);
	ok(run("WINDOWS-1252", 1, "a\x81" "b\x8d", 4, 1) == 0
	   && strcmp(got, "a\xef\xbf\xbd" "b\xef\xbf\xbd") == 0, "undefined bytes replaced");
}

static void utf8(void)
{
	struct svy_conv *c;
	const char *o;
	size_t n;

	/* a UTF-8 BOM split over chunks is still dropped */
	ok(all_chunkings("UTF-8", "\xef\xbb\xbf" "id,q1\n", 9, "id,q1\n"), "UTF-8 BOM dropped");
	/* only the leading BOM: a later U+FEFF is content */
	ok(run("UTF-8", 0, "a\xef\xbb\xbf", 4, 0) == 0 && ngot == 4, "inner U+FEFF kept");
	/* 0xFF can start nothing: offset 2 whatever the chunking */
	ok(run("UTF-8", 0, "ab\xff" "cd", 5, 1) == SVY_EDATA && strstr(err.msg, "invalid UTF-8")
	   && strstr(err.msg, "byte 2"), "invalid UTF-8 offset: %s", err.msg);
	ok(run("UTF-8", 1, "ab\xff" "cd", 5, 2) == 0 && strcmp(got, "ab\xef\xbf\xbd" "cd") == 0,
	   "invalid UTF-8 replaced");
	/* a two-byte sequence cut by the end of input */
	ok(run("UTF-8", 0, "ab\xc3", 3, 0) == SVY_EDATA && strstr(err.msg, "byte 2"),
	   "cut-off UTF-8: %s", err.msg);
	ok(run("UTF-8", 0, "", 0, 0) == 0 && ngot == 0, "empty input");

	/* errors are sticky */
	c = svy_conv_open("UTF-8", 0, &err);
	ok(c && svy_conv_feed(c, "\xff", 1, 0, &o, &n, &err) == SVY_EDATA, "first error");
	ok(c && svy_conv_feed(c, "ok", 2, 1, &o, &n, NULL) == SVY_EDATA, "error repeats");
	svy_conv_close(c);
	c = svy_conv_open("UTF-8", 1, &err);
	if (c) {
		svy_conv_feed(c, "\xff\xfe", 2, 0, &o, &n, &err);
		svy_conv_feed(c, "x\x80", 2, 1, &o, &n, &err);
		ok(svy_conv_replaced(c) == 3, "replacement count");
	}
	svy_conv_close(c);
	svy_conv_close(NULL);
}

static void bad_names(void)
{
	ok(svy_conv_open("KLINGON-8", 0, &err) == NULL && err.code == SVY_EUSAGE
	   && strstr(err.msg, "KLINGON-8"), "unknown encoding: %s", err.msg);
	ok(svy_conv_open("x\ny", 0, &err) == NULL && err.code == SVY_EUSAGE, "junk name");
	ok(svy_conv_open("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	                 0, &err) == NULL, "overlong name");
}

static void out_of_memory(void)
{
	static const char le[] = "\xff\xfe" "a\0\n\0";
	unsigned long n;
	int clean = 1, rc = -1;

	for (n = 1; n < 20 && rc != 0; n++) {
		svy_mem_fail_after(n);
		rc = run("UTF-16LE", 0, le, sizeof le - 1, 0);
		svy_mem_fail_after(0);
		if (rc != 0 && rc != SVY_ENOMEM)
			clean = 0;
	}
	ok(clean && rc == 0 && strcmp(got, "a\n") == 0, "allocation failures are SVY_ENOMEM");
}

int main(void)
{
	utf16();
	single_byte();
	utf8();
	bad_names();
	out_of_memory();
	return done();
}
