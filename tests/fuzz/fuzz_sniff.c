/* fuzz_sniff.c - encoding and delimiter sniffing, the UTF-8 validator
 * (ingest/sniff.h), and the spreadsheet/one-line sanitizers
 * (ingest/sanitize.h).
 *
 * Checks: the validator agrees with an independent strict UTF-8 decoder
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF);
 * validating in two pieces (carrying an unfinished sequence over, as
 * survey-ingest's source does) gives the same verdict as in one; the
 * encoding guess is one of the four with a consistent BOM length; the
 * delimiter is ',', ';' or tab; one-line output has no CR or LF and never
 * grows; the formula check never flags a plain number. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"
#include "sniff.h"

/* Offset of the first invalid sequence, or len when all valid; *cut = 1
 * when the only problem is a sequence cut off by the end. */
static size_t ref_utf8(const unsigned char *s, size_t len, int *cut)
{
	size_t i = 0;

	*cut = 0;
	while (i < len) {
		unsigned c = s[i], cp, n, k, min;
		if (c < 0x80) { i++; continue; }
		if ((c & 0xe0) == 0xc0) { n = 1; cp = c & 0x1f; min = 0x80; }
		else if ((c & 0xf0) == 0xe0) { n = 2; cp = c & 0x0f; min = 0x800; }
		else if ((c & 0xf8) == 0xf0) { n = 3; cp = c & 0x07; min = 0x10000; }
		else return i;
		for (k = 1; k <= n; k++) {
			if (i + k >= len) {
				/* cut: valid so far only if the prefix could still complete */
				unsigned lo = 0x80, hi = 0xbf;
				if (c == 0xe0) lo = 0xa0;
				if (c == 0xed) hi = 0x9f;
				if (c == 0xf0) lo = 0x90;
				if (c == 0xf4) hi = 0x8f;
				if (c < 0xc2 || c > 0xf4)
					return i;
				if (k >= 2 && (s[i + 1] < lo || s[i + 1] > hi))
					return i;
				*cut = 1;
				return i;
			}
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

static int is_plain_number(const char *s, size_t len)
{
	size_t i = 0, nd = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, nd++;
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, nd++;
	}
	if (!nd)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t ne = 0;
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++, ne++;
		if (!ne)
			return 0;
	}
	return i == len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct svy_sniff_enc enc;
	size_t off = 0, off2 = 0, ref, split, i, n;
	int rc, rc2, cut, consistent = -1;
	char delim, *copy;

	if (size > 65536)
		return 0;

	/* the validator, whole and final */
	rc = svy_sniff_utf8(s, size, 1, &off);
	ref = ref_utf8(data, size, &cut);
	if (rc != 0 && rc != SVY_EINVALID)
		abort();
	if ((rc == 0) != (ref == size) || (rc == SVY_EINVALID && off != ref)) {
		fprintf(stderr, "validator: rc %d off %zu, reference %zu (cut %d)\n", rc, off,
		        ref, cut);
		abort();
	}
	/* not final: a cut sequence at the end is "may complete" */
	rc2 = svy_sniff_utf8(s, size, 0, &off2);
	if (rc2 == 1 ? !(cut && off2 == ref) : (rc2 != rc || (rc && off2 != off))) {
		fprintf(stderr, "non-final: rc %d off %zu; final rc %d off %zu, cut %d\n",
		        rc2, off2, rc, off, cut);
		abort();
	}
	/* in two pieces, carrying an unfinished sequence over */
	if (size) {
		split = data[0] % (size + 1);
		rc2 = svy_sniff_utf8(s, split, 0, &off2);
		if (rc2 == SVY_EINVALID) {
			if (rc != SVY_EINVALID || off2 != off)
				abort();
		} else {
			size_t start = rc2 == 1 ? off2 : split;
			size_t off3 = 0;
			int rc3 = svy_sniff_utf8(s + start, size - start, 1, &off3);
			if (rc3 != rc || (rc3 && start + off3 != off)) {
				fprintf(stderr, "split at %zu: %d/%zu vs whole %d/%zu\n", split,
				        rc3, start + off3, rc, off);
				abort();
			}
		}
	}

	svy_sniff_encoding(&enc, s, size, 1);
	if (enc.enc < SVY_ENC_UTF8 || enc.enc > SVY_ENC_8BIT ||
	    (enc.enc == SVY_ENC_8BIT) != (enc.name == NULL) ||
	    (enc.bom && !enc.by_bom) || enc.bom > size ||
	    (enc.enc == SVY_ENC_8BIT && enc.bad >= size))
		abort();
	svy_sniff_encoding(&enc, s, size, 0);

	delim = svy_sniff_delimiter(s, size, size & 1, &consistent);
	if ((delim != ',' && delim != ';' && delim != '\t') || (consistent != 0 && consistent != 1))
		abort();

	/* sanitizers */
	if (svy_sanitize_formula(s, size) && is_plain_number(s, size))
		abort();
	if (size && !svy_sanitize_formula(s, size) && !is_plain_number(s, size) &&
	    (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	     s[0] == '\r'))
		abort();
	copy = malloc(size + 1);
	memcpy(copy, s, size);
	copy[size] = '\0';
	n = svy_sanitize_one_line(copy, size);
	if (n > size || (n < size && copy[n] != '\0'))
		abort();
	for (i = 0; i < n; i++)
		if (copy[i] == '\r' || copy[i] == '\n')
			abort();
	free(copy);
	return 0;
}
