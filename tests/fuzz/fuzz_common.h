/* fuzz_common.h - helpers shared by the libFuzzer targets (tests/fuzz/).
 *
 * A byte source over memory that hands out at most `step` bytes per read,
 * a growing text buffer, and the reader "transcript": everything a reader
 * hands out (header, rows with line numbers and field bytes, the final
 * result) as one canonical text, so that two ways of reading the same
 * bytes can be compared with strcmp. */
#ifndef SVY_FUZZ_COMMON_H
#define SVY_FUZZ_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE        /* memfd_create, strndup */
#endif

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reader.h"

struct fz_mem {
	const unsigned char *s;
	size_t len, pos, step;
};

__attribute__((unused)) static long fz_mem_read(void *ctx, void *buf, size_t n)
{
	struct fz_mem *m = ctx;
	size_t k = m->len - m->pos;

	if (k > n)
		k = n;
	if (m->step && k > m->step)
		k = m->step;
	memcpy(buf, m->s + m->pos, k);
	m->pos += k;
	return (long)k;
}

struct fz_buf {
	char *s;
	size_t n, cap;
};

__attribute__((unused)) static void fz_put(struct fz_buf *b, const void *p, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->n + n + 1)
			cap *= 2;
		b->s = realloc(b->s, cap);
		if (!b->s)
			abort();
		b->cap = cap;
	}
	memcpy(b->s + b->n, p, n);
	b->n += n;
	b->s[b->n] = '\0';
}

__attribute__((format(printf, 2, 3)))
__attribute__((unused)) static void fz_printf(struct fz_buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (k > 0)
		fz_put(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

/* Read data[0..len) with the given options and read size; the transcript
 * goes to out (fields byte for byte, with their lengths, so NULs and
 * separators cannot make two transcripts look alike).  Also checks the
 * row invariants every caller relies on. */
__attribute__((unused)) static void fz_transcript(const unsigned char *data, size_t len, size_t step,
                          const struct svy_reader_opts *o, struct fz_buf *out)
{
	struct fz_mem m = { data, len, 0, step };
	struct svy_source src = { fz_mem_read, &m, "mem" };
	struct svy_error e;
	struct svy_row row;
	struct svy_reader *r;
	const struct svy_header *h;
	unsigned long last_line = 0;
	size_t i;
	int rc;

	memset(&e, 0, sizeof e);
	r = svy_reader_open_source(&src, o, &e);
	if (!r) {
		if (e.code >= 0)
			abort();                 /* a failure must say why */
		fz_printf(out, "open error %d line %lu: %s\n", e.code, e.line, e.msg);
		return;
	}
	h = svy_reader_header(r);
	if (h->ncols == 0)
		abort();
	fz_printf(out, "header %zu", h->ncols);
	for (i = 0; i < h->ncols; i++) {
		fz_printf(out, "|%zu:", strlen(h->name[i]));
		fz_put(out, h->name[i], strlen(h->name[i]));
	}
	fz_put(out, "\n", 1);
	while ((rc = svy_reader_next(r, &row, &e)) == 1) {
		if (row.nfields == 0 || (!o->ragged_ok && row.nfields != h->ncols))
			abort();
		if (row.line <= last_line)
			abort();                 /* rows come out in order, one line each at least */
		last_line = row.line;
		fz_printf(out, "%lu", row.line);
		for (i = 0; i < row.nfields; i++) {
			if (row.field[i][row.len[i]] != '\0' || memchr(row.field[i], 0, row.len[i]))
				abort();             /* NUL-terminated, no NUL inside */
			fz_printf(out, "|%zu:", row.len[i]);
			fz_put(out, row.field[i], row.len[i]);
		}
		fz_put(out, "\n", 1);
	}
	if (rc < 0)
		fz_printf(out, "error %d line %lu: %s\n", e.code, e.line, e.msg);
	else
		fz_printf(out, "end rows %lu\n", svy_reader_rows(r));
	if (rc < 0 && e.code >= 0)
		abort();
	svy_reader_close(r);
}

__attribute__((unused)) static void fz_mismatch(const char *what, const char *a, const char *b)
{
	fprintf(stderr, "MISMATCH (%s)\n--- A:\n%s--- B:\n%s", what, a, b);
	abort();
}

#endif
