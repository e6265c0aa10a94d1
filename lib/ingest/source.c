/* source.c - the raw input of survey-ingest: sample, encoding, conversion
 * or UTF-8 check, line counting for errors, spooling and rewinding.
 *
 * Every pass serves the first 64 KiB from the sample kept at open, then
 * reads on from the input (a regular file, seeked past the sample) or from
 * the spool (everything the first pass read from standard input). */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L     /* mkstemp, fstat */
#endif
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "convert.h"
#include "mem.h"
#include "sniff.h"

#define SAMPLE (64 * 1024)

struct svy_insrc {
	char name[256];
	int fd, own_fd, regular;
	int spool;                  /* copy of unseekable input, or -1 */
	int keep;                   /* still copying into the spool */
	struct svy_error spool_err; /* why there is no spool, if making it failed */
	int pass;                   /* 0: the first pass */
	size_t chunk;

	char *sample;               /* the first raw bytes */
	size_t nsample, sample_pos;
	int sample_eof;             /* the input ends with the sample */

	char encoding[64];
	int bom, how, replace, utf8, not_utf8;
	size_t skip;                /* BOM bytes still to drop (UTF-8 path) */
	struct svy_conv *conv;      /* other encodings; NULL on the UTF-8 path */

	char *in;                   /* 4 bytes for the carry, then a chunk */
	char carry[4];
	size_t ncarry;
	unsigned long long rawpos;  /* raw bytes read in this pass */

	const char *out;            /* UTF-8 produced, not yet handed out: in buf,
	                               or (view) where it was produced */
	size_t nout, outpos;
	int view;
	char *buf;                  /* out when it had to be copied */
	size_t bufcap;
	unsigned long lines;        /* line feeds produced in this pass */
	unsigned long replaced;
	int done;
	struct svy_error err;
	struct svy_source src;
};

static const char fffd[3] = { (char)0xef, (char)0xbf, (char)0xbd };

static int io_error(struct svy_insrc *s, struct svy_error *e, const char *what)
{
	svy_error_at(&s->err, SVY_EIO, s->name, 0, NULL, "%s: %s", what, strerror(errno));
	if (e)
		*e = s->err;
	return SVY_EIO;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int pass_fd(const struct svy_insrc *s)
{
	return s->pass == 0 || s->regular ? s->fd : s->spool;
}

/* Raw bytes of this pass: the sample first, then the input (copied into
 * the spool on the first pass).  The count, 0 at the end, -1 on error. */
static long raw_read(struct svy_insrc *s, char *buf, size_t n)
{
	ssize_t k;

	if (s->sample_pos < s->nsample) {
		size_t m = s->nsample - s->sample_pos < n ? s->nsample - s->sample_pos : n;

		memcpy(buf, s->sample + s->sample_pos, m);
		s->sample_pos += m;
		return (long)m;
	}
	if (s->sample_eof)
		return 0;
	do
		k = read(pass_fd(s), buf, n);
	while (k < 0 && errno == EINTR);
	if (k < 0) {
		io_error(s, NULL, "read error");
		return -1;
	}
	if (k > 0 && s->pass == 0 && s->keep && s->spool >= 0
	    && write_all(s->spool, buf, (size_t)k) < 0) {
		io_error(s, NULL, "cannot copy the input to a temporary file");
		return -1;
	}
	return (long)k;
}

static void count_lines(struct svy_insrc *s, const char *p, size_t n)
{
	const char *q, *end = p + n;

	for (q = p; (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
		s->lines++;
}

/* buf holds at least need bytes, its content kept. */
static int grow(struct svy_insrc *s, size_t need)
{
	size_t cap = s->bufcap ? s->bufcap : 4096;
	char *o;

	if (need <= s->bufcap)
		return 0;
	while (cap < need)
		cap *= 2;
	if (!(o = svy_realloc(s->buf, cap)))
		return svy_error_set(&s->err, SVY_ENOMEM, "out of memory");
	s->buf = o;
	s->bufcap = cap;
	return 0;
}

/* Add p[0..n) to the output, copied into buf. */
static int append(struct svy_insrc *s, const char *p, size_t n)
{
	if (n == 0)
		return 0;
	if (s->view) {
		/* a view ends here: what it still shows moves into buf first */
		size_t keep = s->nout - s->outpos;

		if (grow(s, keep + n) < 0)
			return SVY_ENOMEM;
		memcpy(s->buf, s->out + s->outpos, keep);
		s->nout = keep;
		s->outpos = 0;
		s->view = 0;
	} else if (grow(s, s->nout + n) < 0) {
		return SVY_ENOMEM;
	}
	memcpy(s->buf + s->nout, p, n);
	s->out = s->buf;
	s->nout += n;
	count_lines(s, p, n);
	return 0;
}

/* Add p[0..n) to the output.  When nothing is pending and the caller hands
 * everything out before the next produce (src_read), the output is p
 * itself: most chunks need no change, so they need no copy either. */
static int emit(struct svy_insrc *s, const char *p, size_t n, int view_ok)
{
	if (!view_ok || s->nout > s->outpos || n == 0)
		return append(s, p, n);
	s->out = p;
	s->nout = n;
	s->outpos = 0;
	s->view = 1;
	count_lines(s, p, n);
	return 0;
}

/* UTF-8 in place: check, replace or fail; carry an unfinished sequence. */
static int utf8_chunk(struct svy_insrc *s, char *p, size_t k, int final, int view_ok)
{
	char *q = p - s->ncarry;
	size_t len = k + s->ncarry, off;
	unsigned long long base = s->rawpos - s->ncarry;
	int rc;

	memcpy(q, s->carry, s->ncarry);
	s->ncarry = 0;
	while (s->skip && len) {
		q++;
		len--;
		base++;
		s->skip--;
	}
	while (len) {
		rc = svy_sniff_utf8(q, len, final, &off);
		if (rc == 0)
			return emit(s, q, len, view_ok);
		if (emit(s, q, off, view_ok) < 0)
			return SVY_ENOMEM;
		if (rc == 1) {
			memcpy(s->carry, q + off, len - off);
			s->ncarry = len - off;
			return 0;
		}
		if (!s->replace)
			return svy_error_at(&s->err, SVY_EDATA, s->name, s->lines + 1, NULL,
			                    "invalid UTF-8 (byte 0x%02x at offset %llu)%s",
			                    (unsigned char)q[off], base + off,
			                    s->not_utf8 ? "; the input looks like an 8-bit "
			                    "encoding: name it with --encoding (e.g. WINDOWS-1252), "
			                    "or use --encoding-errors replace"
			                    : "; use --encoding NAME or --encoding-errors replace");
		if (append(s, fffd, 3) < 0)
			return SVY_ENOMEM;
		s->replaced++;
		q += off + 1;
		len -= off + 1;
		base += off + 1;
	}
	return 0;
}

/* Read one raw chunk and add its UTF-8 to out.  view_ok: the caller hands
 * out all of it before it produces again (see emit). */
static int produce(struct svy_insrc *s, int view_ok)
{
	char *p = s->in + sizeof s->carry;
	long k;
	int final;

	if (s->err.code)
		return s->err.code;
	k = raw_read(s, p, s->chunk);
	if (k < 0)
		return s->err.code;
	final = k == 0;
	if (s->conv) {
		const char *o;
		size_t ol;
		struct svy_error ce;
		int rc;

		svy_error_clear(&ce);
		rc = svy_conv_feed(s->conv, p, (size_t)k, final, &o, &ol, &ce);
		if (rc < 0) {
			svy_error_at(&s->err, rc, s->name, ce.line, NULL, "%s%s", ce.msg,
			             rc == SVY_EDATA ? "; use another --encoding, or "
			             "--encoding-errors replace" : "");
			return rc;
		}
		if (emit(s, o, ol, view_ok) < 0)
			return SVY_ENOMEM;
		s->replaced = svy_conv_replaced(s->conv);
	} else if (utf8_chunk(s, p, (size_t)k, final, view_ok) < 0) {
		return s->err.code;
	}
	s->rawpos += (unsigned long long)k;
	if (final)
		s->done = 1;
	return 0;
}

/* The reader's read: as much as it asks for (like read(2) on a regular
 * file), so that it scans long records in few steps. */
static long src_read(void *ctx, void *buf, size_t n)
{
	struct svy_insrc *s = ctx;
	size_t got = 0, k;

	while (got < n) {
		if (s->outpos == s->nout) {
			if (s->done || s->err.code)
				break;
			s->nout = s->outpos = 0;
			if (produce(s, 1) < 0)
				break;
			continue;
		}
		k = s->nout - s->outpos < n - got ? s->nout - s->outpos : n - got;
		memcpy((char *)buf + got, s->out + s->outpos, k);
		s->outpos += k;
		got += k;
	}
	if (got == 0 && s->err.code) {
		errno = s->err.code == SVY_EIO ? EIO : EILSEQ;
		return -1;
	}
	return (long)got;
}

static int is_utf8_name(const char *n)
{
	char up[16];
	size_t i;

	for (i = 0; n[i] && i + 1 < sizeof up; i++)
		up[i] = n[i] >= 'a' && n[i] <= 'z' ? (char)(n[i] - 32) : n[i];
	up[i] = '\0';
	return !n[i] && (strcmp(up, "UTF-8") == 0 || strcmp(up, "UTF8") == 0);
}

/* Per pass: converter and UTF-8 state from the start. */
static int start_pass(struct svy_insrc *s, struct svy_error *e)
{
	svy_conv_close(s->conv);
	s->conv = NULL;
	if (!s->utf8 && !(s->conv = svy_conv_open(s->encoding, s->replace, e)))
		return e ? e->code : SVY_EUSAGE;
	s->sample_pos = 0;
	s->ncarry = 0;
	s->rawpos = 0;
	s->nout = s->outpos = 0;
	s->view = 0;
	s->lines = 0;
	s->replaced = 0;
	s->done = 0;
	s->skip = s->utf8 && s->bom ? 3 : 0;
	svy_error_clear(&s->err);
	return 0;
}

static int make_spool(struct svy_insrc *s, struct svy_error *e)
{
	const char *dir = getenv("TMPDIR");
	char path[512];

	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof path, "%s/survey-ingest.XXXXXX", dir) >= sizeof path) {
		errno = ENAMETOOLONG;
		return io_error(s, e, "cannot make a temporary file");
	}
	if ((s->spool = mkstemp(path)) < 0)
		return io_error(s, e, "cannot make a temporary file (TMPDIR) to read the input twice");
	unlink(path);
	if (write_all(s->spool, s->sample, s->nsample) < 0)
		return io_error(s, e, "cannot copy the input to a temporary file");
	return 0;
}

struct svy_insrc *svy_insrc_open(const char *path, const struct svy_insrc_opts *o,
                                 struct svy_error *e)
{
	struct svy_insrc *s = svy_calloc(1, sizeof *s);
	struct svy_sniff_enc r;
	struct stat st;

	if (!s) {
		svy_error_set(e, SVY_ENOMEM, "out of memory");
		return NULL;
	}
	s->fd = s->spool = -1;
	s->keep = 1;
	snprintf(s->name, sizeof s->name, "%s",
	         !path || strcmp(path, "-") == 0 ? "stdin" : path);
	s->chunk = o && o->chunk ? o->chunk : SAMPLE;
	s->replace = o && o->replace;
	s->src.read = src_read;
	s->src.ctx = s;
	s->src.name = s->name;
	s->sample = svy_malloc(SAMPLE);
	s->in = svy_malloc(s->chunk + sizeof s->carry);
	if (!s->sample || !s->in) {
		svy_error_set(e, SVY_ENOMEM, "out of memory");
		goto fail;
	}
	if (!path || strcmp(path, "-") == 0) {
		s->fd = STDIN_FILENO;
	} else if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		svy_error_at(e, SVY_EIO, s->name, 0, NULL, "cannot open: %s", strerror(errno));
		goto fail;
	} else {
		s->own_fd = 1;
	}
	s->regular = fstat(s->fd, &st) == 0 && S_ISREG(st.st_mode)
	             && lseek(s->fd, 0, SEEK_CUR) == 0;
	while (s->nsample < SAMPLE) {
		ssize_t k = read(s->fd, s->sample + s->nsample, SAMPLE - s->nsample);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			io_error(s, e, "read error");
			goto fail;
		}
		if (k == 0) {
			s->sample_eof = 1;
			break;
		}
		s->nsample += (size_t)k;
	}
	/* a temporary file that cannot be made matters only if a second pass
	 * comes: keep the error for svy_insrc_rewind */
	if (!s->regular && !s->sample_eof && make_spool(s, &s->spool_err) < 0) {
		if (s->spool >= 0)
			close(s->spool);
		s->spool = -1;
		svy_error_clear(&s->err);
	}

	svy_sniff_encoding(&r, s->sample, s->nsample, s->sample_eof);
	if (o && o->encoding) {
		if (strlen(o->encoding) >= sizeof s->encoding) {
			svy_error_set(e, SVY_EUSAGE, "--encoding: unknown encoding '%.60s'", o->encoding);
			goto fail;
		}
		strcpy(s->encoding, o->encoding);
		s->how = 1;
		s->utf8 = is_utf8_name(o->encoding);
		s->bom = r.bom > 0 && (r.enc == SVY_ENC_UTF8) == (s->utf8 != 0);
	} else {
		strcpy(s->encoding, r.enc == SVY_ENC_8BIT ? "UTF-8" : r.name);
		s->how = r.by_bom ? 2 : 0;
		s->bom = r.bom > 0;
		s->utf8 = r.enc == SVY_ENC_UTF8 || r.enc == SVY_ENC_8BIT;
		s->not_utf8 = r.enc == SVY_ENC_8BIT;
	}
	if (start_pass(s, e) < 0)
		goto fail;
	return s;
fail:
	svy_insrc_close(s);
	return NULL;
}

int svy_insrc_peek(struct svy_insrc *s, size_t want, const char **buf, size_t *len,
                   int *at_eof, struct svy_error *e)
{
	while (s->nout - s->outpos < want && !s->done) {
		if (produce(s, 0) < 0) {
			if (e)
				*e = s->err;
			return s->err.code;
		}
	}
	*buf = s->out ? s->out + s->outpos : "";
	*len = s->nout - s->outpos;
	*at_eof = s->done;
	return 0;
}

const struct svy_source *svy_insrc_source(struct svy_insrc *s)
{
	return &s->src;
}

const struct svy_error *svy_insrc_error(const struct svy_insrc *s)
{
	return &s->err;
}

void svy_insrc_keep(struct svy_insrc *s, int keep)
{
	if (keep || s->regular || s->pass > 0)
		return;
	s->keep = 0;
	if (s->spool >= 0)
		close(s->spool);
	s->spool = -1;
}

int svy_insrc_rewind(struct svy_insrc *s, struct svy_error *e)
{
	if (!s->regular && !s->sample_eof) {
		if (s->spool < 0 && s->spool_err.code) {
			if (e)
				*e = s->spool_err;
			return s->spool_err.code;
		}
		if (s->spool < 0)
			return svy_error_set(e, SVY_EUSAGE, "%s cannot be read twice", s->name);
		if (s->pass == 0) {         /* copy what the first pass left unread */
			s->sample_pos = s->nsample;
			for (;;) {
				long k = raw_read(s, s->in, s->chunk);

				if (k < 0) {
					if (e)
						*e = s->err;
					return s->err.code;
				}
				if (k == 0)
					break;
			}
		}
	}
	s->pass++;
	if (!s->sample_eof && lseek(pass_fd(s), (off_t)s->nsample, SEEK_SET) < 0)
		return io_error(s, e, "cannot read the input again");
	return start_pass(s, e);
}

const char *svy_insrc_encoding(const struct svy_insrc *s)
{
	return s->encoding;
}

int svy_insrc_bom(const struct svy_insrc *s)
{
	return s->bom;
}

int svy_insrc_how(const struct svy_insrc *s)
{
	return s->how;
}

const char *svy_insrc_name(const struct svy_insrc *s)
{
	return s->name;
}

unsigned long svy_insrc_replaced(const struct svy_insrc *s)
{
	return s->replaced;
}

void svy_insrc_close(struct svy_insrc *s)
{
	if (!s)
		return;
	if (s->own_fd && s->fd >= 0)
		close(s->fd);
	if (s->spool >= 0)
		close(s->spool);
	svy_conv_close(s->conv);
	svy_free(s->sample);
	svy_free(s->in);
	svy_free(s->buf);
	svy_free(s);
}
