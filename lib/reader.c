/* reader.c - the streaming CSV reader: a fast scanner for well-formed
 * records, and libcsv for everything else.
 *
 * Fast path: a chunk is read into buf and split record by record by a tight
 * quote-aware scanner; a record is first scanned without touching the bytes,
 * and only once it is known complete are its fields NUL-terminated (and
 * doubled quotes undone) in place, so rows point into buf without copying.
 * An incomplete record at the end of the chunk is moved to the front and
 * completed by the next read (buf grows for a record longer than itself).
 *
 * Anything the scanner cannot prove well-formed (a quote inside an unquoted
 * field, text after a closing quote, a NUL byte, a lone CR line end, an
 * unterminated quote at the end) hands the rest of the file, from the start
 * of that record, to libcsv, which stays the authority on odd input and on
 * the error messages.  Its callbacks copy fields into an arena.  Both paths
 * queue whole rows; svy_reader_next hands them out before reading on, so
 * memory is bounded by the chunk plus the longest row. */
#define _GNU_SOURCE
#include "reader.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"

struct rowrec {
	size_t first;                /* index of its first field */
	size_t nfields;
	unsigned long line;
	const char *file;
	int in_buf;                  /* fields point into buf (fast path), not arena */
	long long end_off;           /* fast path: file offset after the record */
};

struct svy_reader {
	struct csv_parser p;
	struct svy_reader_opts opts;
	const char *const *paths;
	size_t npaths, cur;          /* file being read */
	const struct svy_source *src;   /* instead of paths, when set */
	const char *file;            /* its display name */
	int fd;
	int file_eof;
	int at_start;                /* nothing of this file read yet (BOM check) */
	int slow;                    /* libcsv reads the rest of this file */
	size_t have, pos;            /* fast path: bytes in buf, first unscanned */
	int read_eof;                /* fast path: the source is exhausted */
	unsigned char cls[256];      /* fast path: byte classes */
	unsigned char *want;         /* columns to materialize (NULL: all) */
	size_t nwant;
	long long base_off;          /* fast path: file offset of buf[0] */
	long long done_bytes, total_bytes;   /* for the progress hook; total -1
	                                        when not a regular file */
	long long data_off;          /* offset after the header record, or -1 */
	int header_pending;          /* the next row is this file's header */
	int done;
	int failed;                  /* sticky error code */

	unsigned char *buf;
	size_t bufsize;

	char *arena;                 /* field bytes, each NUL-terminated */
	size_t alen, acap;
	size_t *foff, *flen;         /* per field: arena offset and length */
	size_t nf, fcap;
	struct rowrec *rows;         /* completed rows not yet handed out */
	size_t nrows, rcap, rhead;

	size_t row_first;            /* first field of the row in progress */
	unsigned long line;          /* line the parser is on */
	unsigned long row_line;      /* line where the row in progress starts */
	int cr_pending;              /* last row ended with CR: its LF is no new line */
	unsigned long ndata;

	struct svy_error cb_err;     /* error raised inside a callback */
	struct svy_error perr;       /* error met while parsing a chunk: given out
	                                after the rows parsed before it */
	int pending;

	const char **ptrs;           /* the row handed out */
	size_t pcap;

	char **hname;                /* header copy */
	size_t hn;
	struct svy_header header;
	char *hfile;
};

static int no_space(unsigned char c) { (void)c; return 0; }

/* The progress hook (one per process: it is the tool's, which prints). */
static void (*progress_fn)(void *ctx, const char *file, long long done,
                           long long total, unsigned long rows);
static void *progress_ctx;

void svy_reader_progress_hook(void (*fn)(void *ctx, const char *file, long long done,
                                         long long total, unsigned long rows),
                              void *ctx)
{
	progress_fn = fn;
	progress_ctx = ctx;
}

static void progress(struct svy_reader *r, ssize_t k)
{
	r->done_bytes += k;
	if (progress_fn && !r->src)
		progress_fn(progress_ctx, r->file, r->done_bytes, r->total_bytes, r->ndata);
}

static const char *field_ptr(const struct svy_reader *r, const struct rowrec *rec,
                             size_t i)
{
	return (rec->in_buf ? (const char *)r->buf : r->arena) + r->foff[rec->first + i];
}

static const char *display_name(const char *path)
{
	return path == NULL || strcmp(path, "-") == 0 ? "stdin" : path;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	q = svy_realloc(*p, n * elem);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

/* Count the line feeds of a field into *line (quoted fields may span
 * lines); 1 if it holds a NUL byte.  Most fields are short, where a plain
 * loop beats two memchr calls. */
static int has_nul_count_lf(const char *s, size_t len, unsigned long *line)
{
	const char *q, *end = s + len;

	if (len < 32) {
		for (; s < end; s++) {
			if (*s == '\n')
				(*line)++;
			else if (*s == '\0')
				return 1;
		}
		return 0;
	}
	if (memchr(s, '\0', len))
		return 1;
	for (q = s; (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
		(*line)++;
	return 0;
}

/* foff and flen always have the same capacity. */
static int grow_fields(struct svy_reader *r, size_t need)
{
	size_t cap = r->fcap;

	if (need <= cap)
		return 0;
	if (grow((void **)&r->foff, &cap, need, sizeof *r->foff))
		return -1;
	cap = r->fcap;
	if (grow((void **)&r->flen, &cap, need, sizeof *r->flen))
		return -1;
	r->fcap = cap;
	return 0;
}

static void cb_field(void *data, size_t len, void *ctx)
{
	struct svy_reader *r = ctx;
	const char *s = data ? data : "";
	unsigned long start;
	if (r->cb_err.code)
		return;
	if (r->nf == r->row_first)
		r->row_line = r->line;
	r->cr_pending = 0;
	start = r->line;
	if (has_nul_count_lf(s, len, &r->line)) {
		svy_error_at(&r->cb_err, SVY_EDATA, r->file, start, NULL,
		             "field %zu contains a NUL byte", r->nf - r->row_first + 1);
		return;
	}
	if (grow((void **)&r->arena, &r->acap, r->alen + len + 1, 1) ||
	    grow_fields(r, r->nf + 1)) {
		svy_error_set(&r->cb_err, SVY_ENOMEM, "out of memory");
		return;
	}
	memcpy(r->arena + r->alen, s, len);
	r->arena[r->alen + len] = '\0';
	r->foff[r->nf] = r->alen;
	r->flen[r->nf] = len;
	r->nf++;
	r->alen += len + 1;
}

/* The fields from row_first on are a whole row: queue it (both paths). */
static int queue_row(struct svy_reader *r, unsigned long line, int in_buf,
                     long long end_off)
{
	struct rowrec *rec;

	if (grow((void **)&r->rows, &r->rcap, r->nrows + 1, sizeof *r->rows))
		return -1;
	rec = &r->rows[r->nrows++];
	rec->first = r->row_first;
	rec->nfields = r->nf - r->row_first;
	rec->line = line;
	rec->file = r->file;
	rec->in_buf = in_buf;
	rec->end_off = end_off;
	r->row_first = r->nf;
	return 0;
}

static void cb_row(int c, void *ctx)
{
	struct svy_reader *r = ctx;
	size_t nfields = r->nf - r->row_first;
	unsigned long line = nfields ? r->row_line : r->line;

	if (r->cb_err.code)
		return;
	if (c == '\n' || c == '\r') {
		if (!(c == '\n' && nfields == 0 && r->cr_pending))
			r->line++;
		r->cr_pending = c == '\r';
	} else {
		r->cr_pending = 0;
	}
	if (nfields == 0)
		return;              /* blank line */
	if (queue_row(r, line, 0, -1) < 0)
		svy_error_set(&r->cb_err, SVY_ENOMEM, "out of memory");
}

/* Drop the rows already handed out; keep the row in progress. */
static void compact(struct svy_reader *r)
{
	size_t keep_f = r->nf - r->row_first;
	size_t base = keep_f ? r->foff[r->row_first] : r->alen;
	size_t i;

	if (keep_f) {
		memmove(r->arena, r->arena + base, r->alen - base);
		for (i = 0; i < keep_f; i++) {
			r->foff[i] = r->foff[r->row_first + i] - base;
			r->flen[i] = r->flen[r->row_first + i];
		}
	}
	r->alen -= base;
	r->nf = keep_f;
	r->row_first = 0;
	r->nrows = r->rhead = 0;
}

static int parser_init(struct svy_reader *r, struct svy_error *e)
{
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	csv_set_delim(&r->p, (unsigned char)r->opts.delim);
	csv_set_space_func(&r->p, no_space);
	csv_set_realloc_func(&r->p, svy_realloc);
	/* libcsv grows its field buffer by this much at a time: the default (128
	 * bytes) makes a 10 MB field cost 80 000 reallocations */
	csv_set_blk_size(&r->p, 1 << 20);
	csv_set_free_func(&r->p, svy_free);
	return 0;
}

static int open_file(struct svy_reader *r, struct svy_error *e)
{
	const char *path = r->npaths ? r->paths[r->cur] : NULL;

	struct stat sb;

	r->file = r->src ? r->src->name : display_name(path);
	r->line = r->opts.first_line ? r->opts.first_line : 1;
	r->cr_pending = 0;
	r->file_eof = 0;
	r->at_start = 1;
	r->slow = r->opts.no_fast_path;
	r->have = r->pos = 0;
	r->read_eof = 0;
	r->header_pending = r->opts.header == NULL;
	r->base_off = 0;
	if (r->src) {
		r->fd = -2;          /* not a descriptor: reads go to the source */
	} else if (path == NULL || strcmp(path, "-") == 0) {
		r->fd = STDIN_FILENO;
		/* a bigger pipe buffer means fewer, larger reads from `cat | tool`;
		 * not being allowed to is harmless */
		(void)fcntl(r->fd, F_SETPIPE_SZ, 1 << 20);
	} else {
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0)
			return svy_error_at(e, SVY_EIO, r->file, 0, NULL,
			                    "cannot open: %s", strerror(errno));
		if (fstat(r->fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			close(r->fd);
			r->fd = -1;
			return svy_error_at(e, SVY_EIO, r->file, 0, NULL,
			                    "cannot read: Is a directory");
		}
	}
	r->done_bytes = 0;
	r->total_bytes = r->fd >= 0 && fstat(r->fd, &sb) == 0 && S_ISREG(sb.st_mode)
	                 ? (long long)sb.st_size : -1;
	return parser_init(r, e);
}

static void close_file(struct svy_reader *r)
{
	if (r->fd > STDIN_FILENO && !r->src)
		close(r->fd);
	r->fd = -1;
	csv_free(&r->p);
}

static ssize_t read_some(struct svy_reader *r, unsigned char *buf, size_t n)
{
	ssize_t k;

	do
		k = r->src ? (ssize_t)r->src->read(r->src->ctx, buf, n) : read(r->fd, buf, n);
	while (k < 0 && errno == EINTR);
	return k;
}

static int parse_error(struct svy_reader *r, int at_end, struct svy_error *e)
{
	int code = csv_error(&r->p);

	if (code == CSV_ENOMEM || code == CSV_ETOOBIG)
		return svy_error_set(e, SVY_ENOMEM, "out of memory (field too large)");
	if (at_end)
		return svy_error_at(e, SVY_EDATA, r->file, r->line, NULL,
		                    "unterminated quoted field (the quote opens on this line)");
	return svy_error_at(e, SVY_EDATA, r->file, r->line, NULL,
	                    "malformed quoting in field %zu (a quote inside an unquoted "
	                    "field, or text after a closing quote)",
	                    r->nf - r->row_first + 1);
}

/* Give bytes to libcsv; parse errors become the pending error. */
static void libcsv_parse(struct svy_reader *r, const unsigned char *b, size_t n)
{
	if (csv_parse(&r->p, b, n, cb_field, cb_row, r) != n && !r->cb_err.code)
		r->pending = parse_error(r, 0, &r->perr);
}

static void libcsv_finish(struct svy_reader *r)
{
	r->file_eof = 1;
	if (csv_fini(&r->p, cb_field, cb_row, r) != 0 && !r->cb_err.code)
		r->pending = parse_error(r, 1, &r->perr);
}

/* Slow path: parse the next chunk of the current file with libcsv (or
 * finish it).  Returns 0, or a negative code. */
static int feed_libcsv(struct svy_reader *r, struct svy_error *e)
{
	unsigned char *b = r->buf;
	size_t have = 0;
	ssize_t k;
	int first = r->at_start;

	/* Read at least 3 bytes at the start of a file, to see a BOM whole. */
	do {
		k = read_some(r, b + have, r->bufsize - have);
		if (k < 0)
			return svy_error_at(e, SVY_EIO, r->file, 0, NULL, "read error: %s",
			                    strerror(errno));
		have += (size_t)k;
		progress(r, k);
	} while (first && k > 0 && have < 3);
	r->at_start = 0;

	if (have == 0) {
		libcsv_finish(r);
	} else {
		if (first && have >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
			b += 3;
			have -= 3;
		}
		libcsv_parse(r, b, have);
	}
	if (r->cb_err.code) {
		r->perr = r->cb_err;
		r->pending = r->cb_err.code;
	}
	return 0;
}

/* ---- fast path ------------------------------------------------------- */

#define QUOTED_ESC ((size_t)1 << (sizeof(size_t) * 8 - 1))   /* flen flag */

enum { SCAN_MORE = 0, SCAN_RECORD = 1, SCAN_IRREGULAR = -1 };

/* Runs of plain bytes are skipped 16 at a time where SSE2 is there (every
 * x86-64); buf has SCAN_PAD bytes beyond bufsize, zeroed, so a 16-byte load
 * that starts before the sentinel never leaves the allocation. */
#define SCAN_PAD 16
#if defined(__SSE2__)
#include <emmintrin.h>

/* The first byte at or after p that is '"', '\n' or NUL. */
static inline const unsigned char *skip_quoted(const unsigned char *p,
                                               const unsigned char *cls)
{
	const __m128i q = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n');
	const __m128i z = _mm_setzero_si128();

	(void)cls;
	for (;;) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		int m = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, q),
		                                                    _mm_cmpeq_epi8(v, lf)),
		                                       _mm_cmpeq_epi8(v, z)));
		if (m)
			return p + __builtin_ctz((unsigned)m);
		p += 16;
	}
}

/* The first byte at or after p that is the delimiter, '"', CR, LF or NUL. */
static inline const unsigned char *skip_plain(const unsigned char *p,
                                             const unsigned char *cls,
                                             unsigned char delim)
{
	const __m128i d = _mm_set1_epi8((char)delim), q = _mm_set1_epi8('"');
	const __m128i cr = _mm_set1_epi8('\r'), lf = _mm_set1_epi8('\n');
	const __m128i z = _mm_setzero_si128();

	/* short fields are the rule: look at a few bytes before going wide */
	if (cls[p[0]] & 1)
		return p;
	if (cls[p[1]] & 1)
		return p + 1;
	for (;;) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, q)),
		                           _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, cr),
		                                                     _mm_cmpeq_epi8(v, lf)),
		                                        _mm_cmpeq_epi8(v, z)));
		int m = _mm_movemask_epi8(hit);
		if (m)
			return p + __builtin_ctz((unsigned)m);
		p += 16;
	}
}
#else
static inline const unsigned char *skip_quoted(const unsigned char *p,
                                               const unsigned char *cls)
{
	while (!(cls[*p] & 2))
		p++;
	return p;
}

static inline const unsigned char *skip_plain(const unsigned char *p,
                                             const unsigned char *cls,
                                             unsigned char delim)
{
	(void)delim;
	while (!(cls[*p] & 1))
		p++;
	return p;
}
#endif
enum { STOP_PLAIN = 1, STOP_QUOTED = 2 };   /* byte classes of r->cls */

/* Which bytes end a run inside an unquoted and inside a quoted field. */
static void init_classes(struct svy_reader *r)
{
	memset(r->cls, 0, sizeof r->cls);
	r->cls[(unsigned char)r->opts.delim] |= STOP_PLAIN;
	r->cls['\n'] |= STOP_PLAIN | STOP_QUOTED;
	r->cls['\r'] |= STOP_PLAIN;
	r->cls['"'] |= STOP_PLAIN | STOP_QUOTED;
	r->cls[0] |= STOP_PLAIN | STOP_QUOTED;
}

/* Append one field (offset into buf, raw length, flags) to the row in
 * progress; -1 when out of memory. */
static inline int scan_push(struct svy_reader *r, size_t off, size_t len)
{
	if (r->nf + 1 > r->fcap && grow_fields(r, r->nf + 1))
		return -1;
	r->foff[r->nf] = off;
	r->flen[r->nf] = len;
	r->nf++;
	return 0;
}

/* Scan one record at buf[pos..have) without changing a byte.  SCAN_RECORD
 * with *next after its line end (fields pushed, line feeds inside quotes
 * counted in *lf); SCAN_MORE when the record may continue past have;
 * SCAN_IRREGULAR for anything libcsv must judge. */
static int scan_record(struct svy_reader *r, size_t pos, size_t *next,
                       unsigned long *lf, int *oom)
{
	const unsigned char *b = r->buf, *end = r->buf + r->have, *p = b + pos;
	const unsigned char delim = (unsigned char)r->opts.delim;
	const unsigned char *cls = r->cls;
	const int eof = r->read_eof;

	for (;;) {
		const unsigned char *start;
		size_t flags = 0;

		if (p < end && *p == '"') {
			start = ++p;
			for (;;) {
				p = skip_quoted(p, cls);   /* buf[have] is a NUL: a sentinel */
				if (p >= end)
					return eof ? SCAN_IRREGULAR : SCAN_MORE;
				if (*p == '\0')
					return SCAN_IRREGULAR;
				if (*p == '\n') {
					(*lf)++;
					p++;
					continue;
				}
				if (p + 1 == end && !eof)
					return SCAN_MORE;      /* a doubled quote may follow */
				if (p + 1 < end && p[1] == '"') {
					flags = QUOTED_ESC;
					p += 2;
					continue;
				}
				break;                      /* the closing quote */
			}
			if (scan_push(r, (size_t)(start - b), (size_t)(p - start) | flags)) {
				*oom = 1;
				return SCAN_IRREGULAR;
			}
			p++;
			if (p < end && *p != delim && *p != '\n' && *p != '\r')
				return SCAN_IRREGULAR;     /* text after the closing quote */
		} else {
			start = p;
			p = skip_plain(p, cls, delim);
			if (p < end && (*p == '"' || *p == '\0'))
				return SCAN_IRREGULAR;
			if (p == end && !eof)
				return SCAN_MORE;
			if (scan_push(r, (size_t)(start - b), (size_t)(p - start))) {
				*oom = 1;
				return SCAN_IRREGULAR;
			}
		}
		if (p == end) {                    /* last record, no line end */
			*next = (size_t)(p - b);
			return SCAN_RECORD;
		}
		if (*p == delim) {
			p++;
			continue;
		}
		if (*p == '\r') {
			if (p + 1 == end)
				return eof ? SCAN_IRREGULAR : SCAN_MORE;
			if (p[1] != '\n')
				return SCAN_IRREGULAR;     /* a lone CR ends lines: libcsv's */
			p++;
		}
		*next = (size_t)(p + 1 - b);       /* after the LF */
		return SCAN_RECORD;
	}
}

/* The record scanned is complete: terminate its fields in place, undo
 * doubled quotes, and queue it. */
static int commit_record(struct svy_reader *r, unsigned long lf, size_t next)
{
	size_t i;

	for (i = r->row_first; i < r->nf; i++) {
		char *f = (char *)r->buf + r->foff[i];
		size_t len = r->flen[i], col = i - r->row_first;
		if (r->want && (col >= r->nwant || !r->want[col])) {
			r->flen[i] = len & ~QUOTED_ESC;   /* raw bytes: nobody reads them */
			continue;
		}
		if (len & QUOTED_ESC) {
			char *end, *q, *w;
			len &= ~QUOTED_ESC;
			end = f + len;
			/* each "" becomes ": move the runs between pairs down */
			w = q = memchr(f, '"', len);
			while (q) {
				char *from = q + 1, *next;   /* keep one quote of the pair */
				next = from + 1 < end ? memchr(from + 1, '"', (size_t)(end - from - 1)) : NULL;
				size_t run = (size_t)((next ? next : end) - from);
				memmove(w, from, run);
				w += run;
				q = next;
			}
			len = (size_t)(w - f);
			r->flen[i] = len;
		}
		f[len] = '\0';
	}
	if (queue_row(r, r->line, 1, r->base_off + (long long)next) < 0)
		return -1;
	r->line += 1 + lf;
	return 0;
}

/* Hand the rest of the file, from buf[pos], to libcsv. */
static void go_slow(struct svy_reader *r)
{
	r->nf = r->row_first;                 /* drop the half-scanned record */
	r->slow = 1;
	r->cr_pending = 0;
	if (r->pos < r->have)
		libcsv_parse(r, r->buf + r->pos, r->have - r->pos);
	r->pos = r->have;
	if (r->read_eof && !r->pending && !r->cb_err.code)
		libcsv_finish(r);
	if (r->cb_err.code) {
		r->perr = r->cb_err;
		r->pending = r->cb_err.code;
	}
}

/* Fast path: read more, queue every complete record.  Returns 0, or a
 * negative code. */
static int feed_fast(struct svy_reader *r, struct svy_error *e)
{
	ssize_t k;
	int oom = 0;

	/* keep the unscanned tail; make room (+1 for the last field's NUL) */
	if (r->pos > 0) {
		r->base_off += (long long)r->pos;
		memmove(r->buf, r->buf + r->pos, r->have - r->pos);
		r->have -= r->pos;
		r->pos = 0;
	}
	if (r->have + 1 >= r->bufsize) {
		unsigned char *nb = svy_realloc(r->buf, r->bufsize * 2 + SCAN_PAD);
		if (!nb)
			return svy_error_set(e, SVY_ENOMEM, "out of memory");
		memset(nb + r->bufsize, 0, r->bufsize + SCAN_PAD);
		r->buf = nb;
		r->bufsize *= 2;
	}
	do {
		k = read_some(r, r->buf + r->have, r->bufsize - 1 - r->have);
		if (k < 0)
			return svy_error_at(e, SVY_EIO, r->file, 0, NULL, "read error: %s",
			                    strerror(errno));
		r->have += (size_t)k;
		progress(r, k);
		if (k == 0)
			r->read_eof = 1;
	} while (r->at_start && k > 0 && r->have < 3);
	r->buf[r->have] = '\0';             /* the scanner's sentinel */
	if (r->at_start) {
		r->at_start = 0;
		if (r->have >= 3 && r->buf[0] == 0xEF && r->buf[1] == 0xBB && r->buf[2] == 0xBF)
			r->pos = 3;
	}

	while (r->pos < r->have) {
		unsigned char c = r->buf[r->pos];
		unsigned long lf = 0;
		size_t next;
		int rc;

		if (c == '\n' || (c == '\r' && r->pos + 1 < r->have && r->buf[r->pos + 1] == '\n')) {
			r->pos += c == '\n' ? 1 : 2;   /* blank line: counted, skipped */
			r->line++;
			continue;
		}
		rc = scan_record(r, r->pos, &next, &lf, &oom);
		if (oom)
			return svy_error_set(e, SVY_ENOMEM, "out of memory");
		if (rc == SCAN_MORE) {
			r->nf = r->row_first;
			break;
		}
		if (rc == SCAN_IRREGULAR) {
			go_slow(r);
			return 0;
		}
		if (commit_record(r, lf, next) < 0)
			return svy_error_set(e, SVY_ENOMEM, "out of memory");
		r->pos = next;
	}
	if (r->read_eof && r->pos >= r->have) {
		r->file_eof = 1;
		return 0;
	}
	if (r->read_eof) {                     /* an incomplete record at the end */
		go_slow(r);
		return 0;
	}
	return 0;
}

/* Parse more of the current file; rows land in the queue. */
static int feed(struct svy_reader *r, struct svy_error *e)
{
	return r->slow ? feed_libcsv(r, e) : feed_fast(r, e);
}

static int same_as_header(const struct svy_reader *r, const struct rowrec *rec)
{
	size_t i;

	if (rec->nfields != r->hn)
		return 0;
	for (i = 0; i < rec->nfields; i++)
		if (r->flen[rec->first + i] != strlen(r->hname[i]) ||
		    memcmp(field_ptr(r, rec, i), r->hname[i],
		           r->flen[rec->first + i]) != 0)
			return 0;
	return 1;
}

static int keep_header(struct svy_reader *r, const struct rowrec *rec,
                       struct svy_error *e)
{
	size_t i;

	r->hname = svy_calloc(rec->nfields + 1, sizeof *r->hname);
	r->hfile = svy_strdup(r->file);
	if (!r->hname || !r->hfile)
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	r->hn = rec->nfields;
	for (i = 0; i < r->hn; i++) {
		r->hname[i] = svy_strdup(field_ptr(r, rec, i));
		if (!r->hname[i])
			return svy_error_set(e, SVY_ENOMEM, "out of memory");
	}
	r->header.ncols = r->hn;
	r->header.name = (const char *const *)r->hname;
	r->header.file = r->hfile;
	r->header.line = rec->line;
	return 0;
}

/* Take a header given by the caller (a range of a file read in parallel). */
static int keep_names(struct svy_reader *r, const struct svy_header *h,
                      struct svy_error *e)
{
	size_t i;

	r->hname = svy_calloc(h->ncols + 1, sizeof *r->hname);
	r->hfile = svy_strdup(h->file ? h->file : "");
	if (!r->hname || !r->hfile)
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	r->hn = h->ncols;
	for (i = 0; i < r->hn; i++)
		if (!(r->hname[i] = svy_strdup(h->name[i])))
			return svy_error_set(e, SVY_ENOMEM, "out of memory");
	r->header.ncols = r->hn;
	r->header.name = (const char *const *)r->hname;
	r->header.file = r->hfile;
	return 0;
}

static int check_header(struct svy_reader *r, const struct rowrec *rec,
                        struct svy_error *e)
{
	size_t i;

	if (same_as_header(r, rec))
		return 0;
	for (i = 0; i < rec->nfields && i < r->hn; i++)
		if (strcmp(field_ptr(r, rec, i), r->hname[i]) != 0)
			break;
	if (i < rec->nfields && i < r->hn)
		return svy_error_at(e, SVY_EDATA, r->file, rec->line, NULL,
		                    "header differs from %s: column %zu is '%s', not '%s'",
		                    r->hfile, i + 1, field_ptr(r, rec, i),
		                    r->hname[i]);
	return svy_error_at(e, SVY_EDATA, r->file, rec->line, NULL,
	                    "header differs from %s: %zu columns, not %zu", r->hfile,
	                    rec->nfields, r->hn);
}

/* Take the next row from the queue (or parse more).  1 row, 0 end, <0 error. */
static int pull(struct svy_reader *r, const struct rowrec **out, struct svy_error *e)
{
	int rc;

	for (;;) {
		if (r->rhead < r->nrows) {
			*out = &r->rows[r->rhead++];
			return 1;
		}
		if (r->pending) {
			*e = r->perr;
			return r->pending;
		}
		if (r->done)
			return 0;
		compact(r);
		if (r->file_eof) {
			close_file(r);
			if (r->cur + 1 >= (r->npaths ? r->npaths : 1)) {
				r->done = 1;
				return 0;
			}
			r->cur++;
			if ((rc = open_file(r, e)) < 0)
				return rc;
		}
		if ((rc = feed(r, e)) < 0)
			return rc;
	}
}

static struct svy_reader *open_any(const char *const *paths, size_t npaths,
                                   const struct svy_source *src,
                                   const struct svy_reader_opts *opts,
                                   struct svy_error *e)
{
	struct svy_reader *r = svy_calloc(1, sizeof *r);
	struct svy_row row;
	int rc;

	if (!r) {
		svy_error_set(e, SVY_ENOMEM, "out of memory");
		return NULL;
	}
	if (opts)
		r->opts = *opts;
	if (!r->opts.delim)
		r->opts.delim = ',';
	r->bufsize = r->opts.chunk ? r->opts.chunk : 256 * 1024;
	init_classes(r);
	if (r->bufsize < 4)
		r->bufsize = 4;
	r->paths = paths;
	r->npaths = npaths;
	r->src = src;
	r->fd = -1;
	r->buf = svy_calloc(1, r->bufsize + SCAN_PAD);
	if (!r->buf) {
		svy_error_set(e, SVY_ENOMEM, "out of memory");
		svy_reader_close(r);
		return NULL;
	}
	r->data_off = -1;
	if (r->opts.header && keep_names(r, r->opts.header, e) < 0) {
		svy_reader_close(r);
		return NULL;
	}
	if (open_file(r, e) < 0) {
		r->failed = e->code;
		svy_reader_close(r);
		return NULL;
	}
	if (r->opts.header && r->src)
		r->at_start = 0;     /* a range inside a file: no BOM to look for */
	rc = svy_reader_next(r, &row, e);   /* reads the header, keeps it queued */
	if (r->opts.header && rc == 0 && r->hname)
		return r;            /* an empty range */
	if (rc == 0 && r->hname == NULL)
		rc = svy_error_at(e, SVY_EDATA, r->file, 0, NULL, "empty input: no header line");
	if (rc < 0) {
		svy_reader_close(r);
		return NULL;
	}
	if (rc == 1) {
		r->rhead--;          /* the first data row: give it out again */
		r->ndata--;
	}
	return r;
}

struct svy_reader *svy_reader_open(const char *const *paths, size_t npaths,
                                   const struct svy_reader_opts *opts,
                                   struct svy_error *e)
{
	return open_any(paths, npaths, NULL, opts, e);
}

struct svy_reader *svy_reader_open_source(const struct svy_source *src,
                                          const struct svy_reader_opts *opts,
                                          struct svy_error *e)
{
	return open_any(NULL, 0, src, opts, e);
}

const struct svy_header *svy_reader_header(const struct svy_reader *r)
{
	return &r->header;
}

int svy_reader_next(struct svy_reader *r, struct svy_row *row, struct svy_error *e)
{
	const struct rowrec *rec = NULL;
	size_t i;
	int rc;

	if (r->failed)
		return svy_error_set(e, r->failed, "input already failed");
	for (;;) {
		rc = pull(r, &rec, e);
		if (rc <= 0) {
			if (rc < 0)
				r->failed = rc;
			return rc;
		}
		if (r->header_pending && rec->file == r->file) {
			r->header_pending = 0;
			if (r->cur == 0)
				r->data_off = rec->end_off;
			rc = r->hname ? check_header(r, rec, e) : keep_header(r, rec, e);
			if (rc < 0)
				return r->failed = rc;
			continue;
		}
		if (r->opts.skip_header_rows && same_as_header(r, rec))
			continue;
		if (rec->nfields != r->hn && !r->opts.ragged_ok) {
			svy_error_at(e, SVY_EDATA, rec->file, rec->line, NULL,
			             "row has %zu fields, the header has %zu", rec->nfields, r->hn);
			return r->failed = SVY_EDATA;
		}
		break;
	}
	if (grow((void **)&r->ptrs, &r->pcap, rec->nfields, sizeof *r->ptrs)) {
		svy_error_set(e, SVY_ENOMEM, "out of memory");
		return r->failed = SVY_ENOMEM;
	}
	for (i = 0; i < rec->nfields; i++)
		r->ptrs[i] = field_ptr(r, rec, i);
	row->nfields = rec->nfields;
	row->field = r->ptrs;
	row->len = r->flen + rec->first;
	row->file = rec->file;
	row->line = rec->line;
	r->ndata++;
	return 1;
}

unsigned long svy_reader_rows(const struct svy_reader *r)
{
	return r->ndata;
}

int svy_reader_want(struct svy_reader *r, const size_t *cols, size_t n,
                    struct svy_error *e)
{
	size_t i;

	svy_free(r->want);
	r->nwant = r->hn;
	r->want = svy_calloc(r->hn ? r->hn : 1, 1);
	if (!r->want)
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	for (i = 0; i < n; i++)
		if (cols[i] < r->hn)
			r->want[cols[i]] = 1;
	return 0;
}

long long svy_reader_data_offset(const struct svy_reader *r)
{
	return r->npaths <= 1 && !r->src ? r->data_off : -1;
}

void svy_reader_close(struct svy_reader *r)
{
	size_t i;

	if (!r)
		return;
	if (r->fd >= 0 || r->fd == -2)
		close_file(r);
	for (i = 0; i < r->hn; i++)
		svy_free(r->hname[i]);
	svy_free(r->hname);
	svy_free(r->hfile);
	svy_free(r->buf);
	svy_free(r->arena);
	svy_free(r->foff);
	svy_free(r->flen);
	svy_free(r->rows);
	svy_free(r->ptrs);
	svy_free(r->want);
	svy_free(r);
}

long svy_header_find(const struct svy_header *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->ncols; i++)
		if (strcmp(h->name[i], name) == 0)
			return (long)i;
	return -1;
}

int svy_header_resolve(const struct svy_header *h, const char *list,
                       size_t *idx, size_t max, size_t *n, struct svy_error *e)
{
	char name[256], q[200], q2[200];
	const char *p = list, *c;
	size_t i, len, off;
	long k;

	*n = 0;
	for (;;) {
		c = strchr(p, ',');
		len = c ? (size_t)(c - p) : strlen(p);
		if (len == 0 || len >= sizeof name)
			return svy_error_set(e, SVY_EUSAGE, "'%s': %s column name",
			                     svy_error_quote(list, strlen(list), q, sizeof q),
			                     len ? "too long a" : "an empty");
		memcpy(name, p, len);
		name[len] = '\0';
		k = svy_header_find(h, name);
		if (k < 0) {
			char cols[400];
			off = 0;
			for (i = 0; i < h->ncols && off < sizeof cols - 48; i++) {
				int w = snprintf(cols + off, sizeof cols - off, "%s%s", i ? ", " : "",
				                 svy_error_quote(h->name[i], strlen(h->name[i]), q2,
				                                 sizeof q2));
				off += w > 0 ? (size_t)w : 0;
			}
			if (i < h->ncols)
				snprintf(cols + (off < sizeof cols - 8 ? off : sizeof cols - 8), 8, ", ...");
			return svy_error_at(e, SVY_EDATA, h->file, h->line, NULL,
			                    "no column '%s' (the header has: %s)",
			                    svy_error_quote(name, len, q, sizeof q), cols);
		}
		for (i = (size_t)k + 1; i < h->ncols; i++)
			if (strcmp(h->name[i], name) == 0)
				return svy_error_at(e, SVY_EDATA, h->file, h->line, NULL,
				                    "column '%s' is ambiguous: the header has it "
				                    "twice (columns %ld and %zu)",
				                    svy_error_quote(name, len, q, sizeof q), k + 1, i + 1);
		if (*n >= max)
			return svy_error_set(e, SVY_EUSAGE, "too many columns in '%s'",
			                     svy_error_quote(list, strlen(list), q, sizeof q));
		idx[(*n)++] = (size_t)k;
		if (!c)
			return 0;
		p = c + 1;
	}
}
