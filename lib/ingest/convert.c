/* convert.c - chunked iconv to UTF-8 with carried tails, BOM removal,
 * U+FFFD replacement and byte offsets for errors. */
#include "convert.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "mem.h"
#include "sniff.h"

#define CARRY_MAX 64            /* longer than any unfinished character */

struct svy_conv {
	iconv_t cd;
	char from[64];
	int replace;
	size_t unit;                /* bytes to skip past an invalid sequence */
	int utf8;                   /* UTF-8 in: checked by utf8_step, not iconv */
	int failed;                 /* sticky error code */
	struct svy_error err;       /* and its message */

	char carry[CARRY_MAX];      /* unfinished sequence from the last chunk */
	size_t ncarry;
	char *work;                 /* carry + next chunk */
	size_t workcap;

	char *out;
	size_t n, cap;

	unsigned long long pos;     /* input offset of the first unconverted byte */
	unsigned long lines;        /* LFs in the output of earlier calls */
	int at_start;               /* no output yet: a BOM may still come */
	unsigned long replaced;
};

static const char fffd[3] = { (char)0xef, (char)0xbf, (char)0xbd };

/* Code unit width: a lone UTF-16 surrogate is two bytes, not one. */
static size_t unit_of(const char *name)
{
	char up[64];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof up; i++)
		up[i] = name[i] >= 'a' && name[i] <= 'z' ? (char)(name[i] - 32) : name[i];
	up[i] = '\0';
	if (strstr(up, "UTF-32") || strstr(up, "UTF32") || strstr(up, "UCS-4") || strstr(up, "UCS4"))
		return 4;
	if (strstr(up, "UTF-16") || strstr(up, "UTF16") || strstr(up, "UCS-2") || strstr(up, "UCS2"))
		return 2;
	return 1;
}

static int is_utf8(const char *name)
{
	char up[16];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof up; i++)
		up[i] = name[i] >= 'a' && name[i] <= 'z' ? (char)(name[i] - 32) : name[i];
	up[i] = '\0';
	return !name[i] && (strcmp(up, "UTF-8") == 0 || strcmp(up, "UTF8") == 0);
}

struct svy_conv *svy_conv_open(const char *from, int replace, struct svy_error *e)
{
	struct svy_conv *c;
	char q[64];

	if (strlen(from) >= sizeof c->from) {
		svy_error_set(e, SVY_EUSAGE, "unknown encoding '%s'",
		              svy_error_quote(from, strlen(from), q, sizeof q));
		return NULL;
	}
	if (!(c = svy_calloc(1, sizeof *c))) {
		svy_error_set(e, SVY_ENOMEM, "out of memory");
		return NULL;
	}
	c->cd = iconv_open("UTF-8", from);
	if (c->cd == (iconv_t)-1) {
		int en = errno;

		svy_free(c);
		if (en == ENOMEM)
			svy_error_set(e, SVY_ENOMEM, "out of memory");
		else
			svy_error_set(e, SVY_EUSAGE, "unknown encoding '%s'",
			              svy_error_quote(from, strlen(from), q, sizeof q));
		return NULL;
	}
	strcpy(c->from, from);
	c->replace = replace;
	c->unit = unit_of(from);
	c->utf8 = is_utf8(from);
	c->at_start = 1;
	return c;
}

/* UTF-8 input is checked here, not by iconv: glibc's UTF-8 decoder lets
 * code points above U+10FFFF through (lead bytes F4 90.., F5-F7, and the
 * old 5- and 6-byte forms).  Same contract as iconv(3): copy the valid
 * prefix (out has room for all of it), then 0, or -1 with errno EINVAL (a
 * sequence cut off by the end of the chunk) or EILSEQ. */
static size_t utf8_step(char **ip, size_t *ileft, char **op, int final)
{
	size_t off = 0, cut;
	int rc = svy_sniff_utf8(*ip, *ileft, final, &off);
	size_t n = rc == 0 ? *ileft : off;

	memcpy(*op, *ip, n);
	*op += n;
	*ip += n;
	*ileft -= n;
	if (rc == 0)
		return 0;
	errno = rc == 1 || svy_sniff_utf8(*ip, *ileft, 0, &cut) == 1 ? EINVAL : EILSEQ;
	return (size_t)-1;
}

static int grow(char **buf, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 4096;
	char *p;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if (!(p = svy_realloc(*buf, n)))
		return -1;
	*buf = p;
	*cap = n;
	return 0;
}

static unsigned long count_lf(const char *s, size_t n)
{
	unsigned long k = 0;
	const char *p;

	while (n && (p = memchr(s, '\n', n))) {
		k++;
		n -= (size_t)(p + 1 - s);
		s = p + 1;
	}
	return k;
}

static int fail(struct svy_conv *c, struct svy_error *e, int code, const char *what,
                unsigned long long off)
{
	c->failed = code;
	if (code == SVY_ENOMEM)
		svy_error_set(&c->err, code, "out of memory");
	else
		svy_error_at(&c->err, code, NULL, c->lines + count_lf(c->out, c->n) + 1, NULL,
		             "%s %s sequence at byte %llu (output line %lu)", what, c->from, off,
		             c->lines + count_lf(c->out, c->n) + 1);
	if (e)
		*e = c->err;
	return code;
}

static int put(struct svy_conv *c, const char *s, size_t n)
{
	if (grow(&c->out, &c->cap, c->n + n) < 0)
		return -1;
	memcpy(c->out + c->n, s, n);
	c->n += n;
	return 0;
}

int svy_conv_feed(struct svy_conv *c, const char *in, size_t len, int final,
                  const char **out, size_t *outlen, struct svy_error *e)
{
	char *src, *ip, *op;
	size_t srclen, ileft, oleft;

	if (c->failed) {
		if (e)
			*e = c->err;
		return c->failed;
	}
	c->lines += count_lf(c->out, c->n);
	c->n = 0;
	if (c->ncarry) {
		if (grow(&c->work, &c->workcap, c->ncarry + len) < 0)
			return fail(c, e, SVY_ENOMEM, "", 0);
		memcpy(c->work, c->carry, c->ncarry);
		if (len)
			memcpy(c->work + c->ncarry, in, len);
		src = c->work;
		srclen = c->ncarry + len;
		c->ncarry = 0;
	} else {
		src = (char *)in;
		srclen = len;
	}
	ip = src;
	ileft = srclen;
	while (ileft > 0) {
		size_t r;

		if (grow(&c->out, &c->cap, c->n + ileft * 2 + 16) < 0)
			return fail(c, e, SVY_ENOMEM, "", 0);
		op = c->out + c->n;
		oleft = c->cap - c->n;
		r = c->utf8 ? utf8_step(&ip, &ileft, &op, final) : iconv(c->cd, &ip, &ileft, &op, &oleft);
		c->n = (size_t)(op - c->out);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			if (grow(&c->out, &c->cap, c->cap + 1) < 0)
				return fail(c, e, SVY_ENOMEM, "", 0);
			continue;
		}
		if (errno == EINVAL && !final && ileft <= CARRY_MAX) {
			memcpy(c->carry, ip, ileft);
			c->ncarry = ileft;
			ileft = 0;
			break;
		}
		if (errno != EINVAL && errno != EILSEQ)
			return fail(c, e, SVY_EDATA, "unconvertible", c->pos + (size_t)(ip - src));
		if (!c->replace)
			return fail(c, e, SVY_EDATA, errno == EINVAL ? "incomplete" : "invalid",
			            c->pos + (size_t)(ip - src));
		if (errno == EINVAL) {          /* cut off by the end of input */
			ip += ileft;
			ileft = 0;
		} else {
			size_t skip = c->unit < ileft ? c->unit : ileft;

			ip += skip;
			ileft -= skip;
		}
		if (put(c, fffd, 3) < 0)
			return fail(c, e, SVY_ENOMEM, "", 0);
		c->replaced++;
	}
	c->pos += srclen - c->ncarry;
	if (final) {
		if (grow(&c->out, &c->cap, c->n + 16) < 0)
			return fail(c, e, SVY_ENOMEM, "", 0);
		for (;;) {              /* flush a stateful decoder */
			size_t r;

			op = c->out + c->n;
			oleft = c->cap - c->n;
			r = iconv(c->cd, NULL, NULL, &op, &oleft);
			c->n = (size_t)(op - c->out);
			if (r != (size_t)-1)
				break;
			if (errno != E2BIG || grow(&c->out, &c->cap, c->cap + 64) < 0)
				return fail(c, e, SVY_ENOMEM, "", 0);
		}
	}
	/* iconv writes whole characters, so a BOM is all there or not at all */
	if (c->at_start && c->n) {
		if (c->n >= 3 && memcmp(c->out, "\xef\xbb\xbf", 3) == 0) {
			c->n -= 3;
			memmove(c->out, c->out + 3, c->n);
		}
		c->at_start = 0;
	}
	*out = c->out ? c->out : "";
	*outlen = c->n;
	return 0;
}

unsigned long svy_conv_replaced(const struct svy_conv *c)
{
	return c->replaced;
}

void svy_conv_close(struct svy_conv *c)
{
	if (!c)
		return;
	iconv_close(c->cd);
	svy_free(c->work);
	svy_free(c->out);
	svy_free(c);
}

int svy_conv_check(const char *from, struct svy_error *e)
{
	struct svy_conv *c = svy_conv_open(from, 0, e);

	if (!c)
		return e ? e->code : SVY_EUSAGE;
	svy_conv_close(c);
	return 0;
}
