/* fuzz_convert.c - chunked conversion to UTF-8 (ingest/convert.h).
 *
 * Byte 0 picks the source encoding (UTF-16LE/BE, UTF-16 with BOM, UTF-8,
 * WINDOWS-1252, ISO-8859-1, UTF-32LE, SHIFT_JIS) and replace mode; byte 1
 * the chunk size; the rest is the input.  It is converted in one call and
 * again chunk by chunk: the outputs must be equal byte for byte (chunks may
 * end inside a character), both must fail or succeed together, an error
 * must name the same byte offset, and the output must be valid UTF-8.
 * (Only the first byte order mark is dropped: a doubled one leaves one
 * U+FEFF at the start, which survey-ingest's tidy names absorb.) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "sniff.h"

static const char *const encodings[8] = {
	"UTF-16LE", "UTF-16BE", "UTF-16", "UTF-8", "WINDOWS-1252", "ISO-8859-1",
	"UTF-32LE", "SHIFT_JIS",
};

struct result {
	char *out;
	size_t n;
	int rc;
	char msg[512];
	unsigned long replaced;
};

static void convert(const char *enc, int replace, const uint8_t *in, size_t len,
                    size_t chunk, struct result *r)
{
	struct svy_error e;
	struct svy_conv *c = svy_conv_open(enc, replace, &e);
	size_t pos = 0;

	memset(r, 0, sizeof *r);
	if (!c) {
		fprintf(stderr, "iconv does not know %s: %s\n", enc, e.msg);
		abort();
	}
	for (;;) {
		size_t k = len - pos < chunk ? len - pos : chunk;
		int final = pos + k == len;
		const char *out;
		size_t outlen;
		int rc = svy_conv_feed(c, (const char *)in + pos, k, final, &out, &outlen, &e);
		if (rc < 0) {
			r->rc = rc;
			snprintf(r->msg, sizeof r->msg, "%s", e.msg);
			break;
		}
		r->out = realloc(r->out, r->n + outlen + 1);
		memcpy(r->out + r->n, out, outlen);
		r->n += outlen;
		pos += k;
		if (final)
			break;
	}
	r->replaced = svy_conv_replaced(c);
	svy_conv_close(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result a, b;
	const char *enc;
	size_t chunk, off;
	int replace;

	if (size < 2 || size > 16384)
		return 0;
	enc = encodings[data[0] & 7];
	replace = (data[0] >> 3) & 1;
	chunk = 1 + data[1] % 64;
	data += 2;
	size -= 2;

	convert(enc, replace, data, size, size ? size : 1, &a);
	convert(enc, replace, data, size, chunk, &b);
	if (a.rc != b.rc || (a.rc == 0 && (a.n != b.n || memcmp(a.out, b.out, a.n) != 0)) ||
	    (a.rc && strcmp(a.msg, b.msg) != 0) || a.replaced != b.replaced) {
		fprintf(stderr, "%s replace=%d chunk %zu: whole rc %d (%s) %zu bytes, "
		        "chunked rc %d (%s) %zu bytes, replaced %lu vs %lu\n", enc, replace,
		        chunk, a.rc, a.msg, a.n, b.rc, b.msg, b.n, a.replaced, b.replaced);
		abort();
	}
	if (a.rc == 0) {
		if (svy_sniff_utf8(a.out ? a.out : "", a.n, 1, &off) != 0) {
			fprintf(stderr, "%s: output is not UTF-8 at %zu\n", enc, off);
			abort();
		}
	} else if (a.rc != -1 /* SVY_EDATA */ || replace) {
		fprintf(stderr, "%s replace=%d: rc %d %s\n", enc, replace, a.rc, a.msg);
		abort();
	}
	free(a.out);
	free(b.out);
	return 0;
}
