/* sniff.c - encoding and delimiter guesses, strict UTF-8 validation. */
#include "sniff.h"

#include <stdint.h>
#include <string.h>

/* No byte of the 8 at s has its top bit set. */
static int ascii8(const unsigned char *s)
{
	uint64_t w;

	memcpy(&w, s, sizeof w);
	return (w & 0x8080808080808080ULL) == 0;
}

int svy_sniff_utf8(const char *str, size_t len, int final, size_t *off)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c;
		unsigned char lo = 0x80, hi = 0xbf;   /* range of the second byte */
		size_t need, k;

		/* exports are mostly ASCII: 8 bytes at a time until a byte is not */
		while (i + 8 <= len && ascii8(s + i))
			i += 8;
		if (i == len)
			break;
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			if (c == 0xe0)
				lo = 0xa0;      /* no overlong 3-byte forms */
			else if (c == 0xed)
				hi = 0x9f;      /* no surrogates */
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;      /* nothing above U+10FFFF */
		} else {
			*off = i;
			return SVY_EINVALID;
		}
		for (k = 1; k <= need; k++) {
			unsigned char b;

			if (i + k >= len) {
				*off = i;
				return final ? SVY_EINVALID : 1;
			}
			b = s[i + k];
			if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xbf)) {
				*off = i;
				return SVY_EINVALID;
			}
		}
		i += need + 1;
	}
	return 0;
}

void svy_sniff_encoding(struct svy_sniff_enc *r, const char *buf, size_t len, int at_eof)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i, zeven = 0, zodd = 0, n = len < 4096 ? len : 4096;
	size_t off = 0;

	memset(r, 0, sizeof *r);
	r->by_bom = 1;
	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		r->enc = SVY_ENC_UTF8;
		r->name = "UTF-8";
		r->bom = 3;
		return;
	}
	if (len >= 2 && s[0] == 0xff && s[1] == 0xfe) {
		r->enc = SVY_ENC_UTF16LE;
		r->name = "UTF-16LE";
		r->bom = 2;
		return;
	}
	if (len >= 2 && s[0] == 0xfe && s[1] == 0xff) {
		r->enc = SVY_ENC_UTF16BE;
		r->name = "UTF-16BE";
		r->bom = 2;
		return;
	}
	r->by_bom = 0;
	/* ASCII text in UTF-16 has a NUL in every other byte; text files
	 * otherwise have none */
	for (i = 0; i < n; i++)
		if (s[i] == 0)
			*(i % 2 ? &zodd : &zeven) += 1;
	if (n >= 2 && zodd + zeven > n / 4) {
		if (zodd > 4 * zeven) {
			r->enc = SVY_ENC_UTF16LE;
			r->name = "UTF-16LE";
			return;
		}
		if (zeven > 4 * zodd) {
			r->enc = SVY_ENC_UTF16BE;
			r->name = "UTF-16BE";
			return;
		}
	}
	if (svy_sniff_utf8(buf, len, at_eof, &off) == SVY_EINVALID) {
		r->enc = SVY_ENC_8BIT;
		r->name = NULL;
		r->bad = off;
		return;
	}
	r->enc = SVY_ENC_UTF8;
	r->name = "UTF-8";
}

#define MAXREC 100

char svy_sniff_delimiter(const char *buf, size_t len, int at_eof, int *consistent)
{
	static const char cand[3] = { ',', ';', '\t' };
	size_t count[MAXREC][3], nrec = 0, cur[3] = { 0, 0, 0 }, i, c, end = len;
	int inq = 0, content = 0, best = -1;

	/* a record cut by the end of the sample would undercount */
	if (!at_eof) {
		for (i = len; i > 0; i--) {
			if (buf[i - 1] == '\n') {
				end = i;
				break;
			}
		}
		if (i == 0)
			end = len;      /* no complete line: use what there is */
	}
	for (i = 0; i < end && nrec < MAXREC; i++) {
		char ch = buf[i];

		if (ch == '"') {
			inq = !inq;
			content = 1;
		} else if (inq) {
			continue;
		} else if (ch == '\n' || (ch == '\r' && (i + 1 >= end || buf[i + 1] != '\n'))) {
			if (content)
				memcpy(count[nrec++], cur, sizeof cur);
			memset(cur, 0, sizeof cur);
			content = 0;
		} else if (ch != '\r') {
			for (c = 0; c < 3; c++)
				if (ch == cand[c])
					cur[c]++;
			content = 1;
		}
	}
	/* an open quote here means the sample ends inside a quoted field */
	if (content && nrec < MAXREC && (!inq || nrec == 0))
		memcpy(count[nrec++], cur, sizeof cur);

	for (c = 0; c < 3 && nrec; c++) {
		size_t r;

		for (r = 1; r < nrec && count[r][c] == count[0][c]; r++)
			;
		if (r == nrec && count[0][c] > 0 && (best < 0 || count[0][c] > count[0][best]))
			best = (int)c;
	}
	if (consistent)
		*consistent = best >= 0;
	if (best >= 0)
		return cand[best];
	for (c = 0; c < 3 && nrec; c++)
		if (count[0][c] > 0 && (best < 0 || count[0][c] > count[0][best]))
			best = (int)c;
	return best >= 0 ? cand[best] : ',';
}
