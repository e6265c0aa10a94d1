/* reader.c - the streaming CSV reader: a fast scanner for well-formed
 * records, and libcsv for everything else.
 *
 * Fast path: a chunk is read into buf and cut into records by a scanner
 * that reads 64 bytes at a time as bit masks (quotes, delimiters, line
 * ends; from two AVX2 registers or four SSE2 ones, whichever the CPU has),
 * finds the quoted regions by a prefix XOR of the quote mask, and keeps
 * each block's field ends as one mask; complete records are queued with
 * their field counts without touching a byte.  When a row is handed out,
 * the ends of its fields up to the last wanted one are picked out of the
 * masks, and its wanted fields are NUL-terminated (and doubled quotes
 * undone) in place, so rows point into buf without copying.  An incomplete
 * record at the end of the chunk is moved to the front and completed by the
 * next read (buf grows for a record longer than itself).
 *
 * Anything the scanner cannot prove well-formed (a quote inside an unquoted
 * field, text after a closing quote, a NUL byte, a lone CR line end, an
 * unterminated quote at the end) hands the rest of the file, from the start
 * of that record, to libcsv, which stays the authority on odd input and on
 * the error messages.  Its callbacks copy fields into an arena.  Both paths
 * queue whole rows; svy_reader_batch hands them out before reading on, so
 * memory is bounded by the chunk plus the longest row. */
#define _GNU_SOURCE
#include "reader.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"

/* A queued row: 24 bytes, as small as the scan can keep it (it writes one
 * per record, and the queue of a 256 KiB buffer must stay in cache with
 * the buffer until the rows are handed out).  Every queued row is of the
 * file being read: the queue is empty when the next file opens. */
struct rowrec {
	size_t at;                   /* fast path: buf offset of its first byte
	                                (its ends are in emask from there on);
	                                libcsv: index of its first field in
	                                foff/flen */
	unsigned long line;
	uint32_t nfields;            /* fast path: at most max_record + 1 <=
	                                2^31 + 1; libcsv: checked by queue_row */
	uint32_t in_buf;             /* fields point into buf (fast path), not arena */
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
	unsigned char *want;         /* columns to materialize (NULL: all) */
	size_t nwant;
	size_t *wcols, nwcols;       /* the same as a list, ascending */
	int ptrs_all;                /* ptrs/plens were last filled for every field */
	long long base_off;          /* fast path: file offset of buf[0] */
	long long done_bytes, total_bytes;   /* for the progress hook; total -1
	                                        when not a regular file */
	long long data_off;          /* offset after the header record, or -1 */
	int header_pending;          /* the next row is this file's header */
	int done;
	int peeked;                  /* the row in ptrs/plens is to be given out
	                                again (materializing is done once) */
	int failed;                  /* sticky error code */
	int (*scan)(struct svy_reader *r);   /* the fast path's scan, for this CPU */

	unsigned char *buf;
	size_t bufsize;
	size_t max_record;           /* opts.max_record, or its default */

	char *arena;                 /* field bytes, each NUL-terminated */
	size_t alen, acap;
	size_t *foff, *flen;         /* per field: arena offset and length */
	uint64_t *emask;             /* fast path, per 64-byte block of the last
	                                scan from mbase: bit i set where byte i
	                                ends a field (delimiter, CR, or an LF
	                                not after a CR), outside quotes */
	size_t mbase, ecap;
	uint32_t *ends;              /* a row's field ends, worked out of emask
	                                when it is handed out (buf stays below
	                                4 GiB: see max_record) */
	size_t endcap;
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

	const char **bptrs;          /* the rows of a batch: brows x hn */
	size_t *blens, brows;
	const char **ptrs;           /* the row handed out */
	size_t *plens;
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

/* Queue a row libcsv read.  -1 when out of memory or, in theory, when it
 * has more fields than a queued row counts (2^32: only a row of over 4 GiB
 * completed in one read of a buffer that max_record let grow to 2 GiB). */
static int queue_row(struct svy_reader *r, size_t first, size_t nfields,
                     unsigned long line)
{
	struct rowrec *rec;

	if ((uint64_t)nfields > UINT32_MAX ||
	    (r->nrows >= r->rcap && grow((void **)&r->rows, &r->rcap, r->nrows + 1, sizeof *r->rows)))
		return -1;
	rec = &r->rows[r->nrows++];
	rec->at = first;
	rec->line = line;
	rec->nfields = (uint32_t)nfields;
	rec->in_buf = 0;
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
	if (queue_row(r, r->row_first, nfields, line) < 0)
		svy_error_set(&r->cb_err, SVY_ENOMEM, "out of memory");
	r->row_first = r->nf;
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

/* The error for a record over max_record bytes that begins on line. */
static int too_long(const struct svy_reader *r, unsigned long line, struct svy_error *e)
{
	const int mib = r->max_record % ((size_t)1 << 20) == 0;

	return svy_error_at(e, SVY_EDATA, r->file, line, NULL,
	                    "a record of more than %zu %s begins on this line (a double "
	                    "quote never closed?)",
	                    mib ? r->max_record >> 20 : r->max_record, mib ? "MiB" : "bytes");
}

/* Give bytes to libcsv; parse errors become the pending error.  A NUL
 * that cb_field has not reported is in the field libcsv is still reading
 * (every byte it takes goes into a field): its row will be refused, so it
 * is refused now, with the message cb_field would give, rather than at the
 * field's end, which a stream of NULs never reaches (it would be read into
 * memory whole).  It comes before a parse error later in the field, so the
 * outcome does not depend on where reads split the input. */
static void libcsv_parse(struct svy_reader *r, const unsigned char *b, size_t n)
{
	size_t used = csv_parse(&r->p, b, n, cb_field, cb_row, r);
	size_t row = r->p.entry_pos;     /* the row in progress: its field so far */

	if (r->cb_err.code)
		return;
	if (r->nf > r->row_first)        /* and its fields before that one */
		row += r->alen - r->foff[r->row_first];
	if (memchr(b, '\0', used))
		svy_error_at(&r->cb_err, SVY_EDATA, r->file, r->line, NULL,
		             "field %zu contains a NUL byte", r->nf - r->row_first + 1);
	else if (used != n)
		r->pending = parse_error(r, 0, &r->perr);
	else if (row > r->max_record)
		r->pending = too_long(r, r->nf > r->row_first ? r->row_line : r->line, &r->perr);
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

/* The scanner reads 64-byte blocks; buf has SCAN_PAD zeroed bytes beyond
 * bufsize, so a block that starts before the end never leaves it. */
#define SCAN_PAD 64

/* buf never grows past max_record + 2 bytes and its padding: every offset
 * in it fits 32 bits under this bound. */
#define MAX_RECORD_LIMIT ((size_t)1 << 31)

enum { SCAN_DONE = 0, SCAN_IRREGULAR = -1, SCAN_NOMEM = -2 };

/* A block as bit masks, bit i for byte i. */
struct block {
	uint64_t quote, delim, lf, cr, nul;
	uint64_t odd;                /* prefix_xor(quote) */
};

/* Bit i: an odd number of bits set in m[0..i].  Over the quote mask, that
 * is "inside quotes" (an opening quote is inside, a closing one outside; a
 * doubled quote toggles twice). */
static inline uint64_t prefix_xor(uint64_t m)
{
	m ^= m << 1;
	m ^= m << 2;
	m ^= m << 4;
	m ^= m << 8;
	m ^= m << 16;
	m ^= m << 32;
	return m;
}

/* The scan is compiled three times, for baseline x86-64 (SSE2), for
 * x86-64 with popcnt (nearly all since 2008), and for AVX2 (with PCLMUL,
 * popcnt and BMI: since 2013-2015), and the reader runs the best its CPU
 * has; the body is one inline function given the block classifier.
 * Elsewhere there is only the first. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SCAN_X86 1
#include <immintrin.h>
#endif

/* CRs and NULs are rare (CRLF files aside): one mask finds both, and only
 * when it is not empty are they told apart.  The 16-byte lanes are written
 * out: as a loop, gcc -O2 keeps it rolled and shifts by a variable.  Always
 * inline: gcc 12 left it out of line in the scan, a call per block with its
 * masks passed through memory. */
#if defined(__SSE2__)
#define LANE(v, c, at) ((uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8((v), (c))) << (at))
static inline __attribute__((always_inline)) void classify16(const unsigned char *p,
                                                             char delim, struct block *k)
{
	const __m128i q = _mm_set1_epi8('"'), d = _mm_set1_epi8(delim);
	const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
	const __m128i v0 = _mm_loadu_si128((const __m128i *)(const void *)p);
	const __m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
	const __m128i v2 = _mm_loadu_si128((const __m128i *)(const void *)(p + 32));
	const __m128i v3 = _mm_loadu_si128((const __m128i *)(const void *)(p + 48));
	uint64_t rare;

	k->quote = LANE(v0, q, 0) | LANE(v1, q, 16) | LANE(v2, q, 32) | LANE(v3, q, 48);
	k->delim = LANE(v0, d, 0) | LANE(v1, d, 16) | LANE(v2, d, 32) | LANE(v3, d, 48);
	k->lf = LANE(v0, lf, 0) | LANE(v1, lf, 16) | LANE(v2, lf, 32) | LANE(v3, lf, 48);
	/* bytes <= CR: NUL, LF, CR and the other controls */
	rare = LANE(_mm_min_epu8(v0, cr), v0, 0) | LANE(_mm_min_epu8(v1, cr), v1, 16) |
	       LANE(_mm_min_epu8(v2, cr), v2, 32) | LANE(_mm_min_epu8(v3, cr), v3, 48);
	k->cr = k->nul = 0;
	if (rare & ~k->lf) {                  /* LF is below CR too: not rare */
		const __m128i z = _mm_setzero_si128();
		k->cr = LANE(v0, cr, 0) | LANE(v1, cr, 16) | LANE(v2, cr, 32) | LANE(v3, cr, 48);
		k->nul = LANE(v0, z, 0) | LANE(v1, z, 16) | LANE(v2, z, 32) | LANE(v3, z, 48);
	}
	k->odd = prefix_xor(k->quote);
}
#undef LANE
#else
static inline void classify16(const unsigned char *p, char delim, struct block *k)
{
	int i;

	k->quote = k->delim = k->lf = k->cr = k->nul = 0;
	for (i = 0; i < 64; i++) {
		uint64_t bit = (uint64_t)1 << i;
		k->quote |= p[i] == '"' ? bit : 0;
		k->delim |= p[i] == (unsigned char)delim ? bit : 0;
		k->lf |= p[i] == '\n' ? bit : 0;
		k->cr |= p[i] == '\r' ? bit : 0;
		k->nul |= p[i] == '\0' ? bit : 0;
	}
	k->odd = prefix_xor(k->quote);
}
#endif

#ifdef SCAN_X86
/* classify16 in two 32-byte lanes: half the compares and mask moves, and
 * the prefix XOR as a carry-less product.  nps --by region (10M rows)
 * takes a tenth less time. */
#define LANE(v, c, at) ((uint64_t)(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8((v), (c))) << (at))
static inline __attribute__((always_inline, target("avx2,pclmul"))) void
classify32(const unsigned char *p, char delim, struct block *k)
{
	const __m256i q = _mm256_set1_epi8('"'), d = _mm256_set1_epi8(delim);
	const __m256i lf = _mm256_set1_epi8('\n'), cr = _mm256_set1_epi8('\r');
	const __m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)p);
	const __m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
	uint64_t rare;

	k->quote = LANE(v0, q, 0) | LANE(v1, q, 32);
	k->delim = LANE(v0, d, 0) | LANE(v1, d, 32);
	k->lf = LANE(v0, lf, 0) | LANE(v1, lf, 32);
	rare = LANE(_mm256_min_epu8(v0, cr), v0, 0) | LANE(_mm256_min_epu8(v1, cr), v1, 32);
	k->cr = k->nul = 0;
	if (rare & ~k->lf) {
		const __m256i z = _mm256_setzero_si256();
		k->cr = LANE(v0, cr, 0) | LANE(v1, cr, 32);
		k->nul = LANE(v0, z, 0) | LANE(v1, z, 32);
	}
	/* prefix_xor in one instruction: the carry-less product with all ones */
	k->odd = (uint64_t)_mm_cvtsi128_si64(_mm_clmulepi64_si128(
		_mm_cvtsi64_si128((long long)k->quote), _mm_set1_epi8(-1), 0));
}
#undef LANE
#endif

/* Set bits of m: __builtin_popcountll is a libgcc call on baseline x86-64,
 * which has no popcnt instruction. */
static inline unsigned count_bits(uint64_t m)
{
	m = m - (m >> 1 & 0x5555555555555555ULL);
	m = (m & 0x3333333333333333ULL) + (m >> 2 & 0x3333333333333333ULL);
	m = (m + (m >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned)((m * 0x0101010101010101ULL) >> 56);
}

/* The line feeds of *qlf (those inside quotes) among the bits upto, which
 * are taken out of it. */
static inline unsigned long lfs_upto(uint64_t *qlf, uint64_t upto)
{
	unsigned long n;

	if (!*qlf)
		return 0;
	n = count_bits(*qlf & upto);
	*qlf &= ~upto;
	return n;
}

/* Queue the record of nfields fields from buf[start], unless it is a
 * blank line (one empty unquoted field: its first byte ends it).  The
 * caller has made room for the row (scan_chunk does once per block). */
static inline void end_record(struct svy_reader *r, size_t nfields, size_t start,
                              unsigned long line)
{
	const unsigned char c = r->buf[start];
	struct rowrec *rec;

	if (nfields == 1 && (c == '\n' || c == '\r'))
		return;
	rec = &r->rows[r->nrows++];
	rec->at = start;
	rec->line = line;
	rec->nfields = (uint32_t)nfields;
	rec->in_buf = 1;
}

/* Room in r->ends for the field ends of a row of n fields; 0, or -1 when
 * out of memory. */
static int ends_room(struct svy_reader *r, size_t n)
{
	n += 64;                  /* row_ends stores whole blocks */
	return n > r->endcap ? grow((void **)&r->ends, &r->endcap, n, sizeof *r->ends) : 0;
}

/* Split buf[pos..have) into records, 64 bytes at a time, and queue every
 * complete one; their fields are found and materialized when handed out.
 * The quoted regions are the prefix XOR of the quote mask; fields end at
 * delimiters, CRs and LFs outside them (an LF right after a CR ends the
 * record, the CR its last field).  A block is checked for what only libcsv
 * may judge before its field ends are used: a NUL, a quote that opens
 * anywhere but at the start of a field (or right after a closing quote: a
 * doubled quote), anything but a delimiter, line end or quote after a
 * closing quote, a CR not followed by LF.  Each block's field ends are
 * kept as its mask in emask, not one by one: a row's ends are picked out
 * of the masks when it is handed out, and only as far as the last column
 * wanted.  A record's field count is the count of ends up to its LF.
 * SCAN_DONE leaves pos at the first incomplete record (at have after the
 * input's last record); SCAN_IRREGULAR leaves it at the record libcsv must
 * read. */
typedef void classify_fn(const unsigned char *p, char delim, struct block *k);
static inline __attribute__((always_inline)) int scan_with(struct svy_reader *r,
                                                           classify_fn *classify)
{
	const unsigned char *b = r->buf;
	const size_t have = r->have, o0 = r->pos;
	const size_t nblocks = (have - o0 + 63) / 64 + 2;   /* + the end's bit, + a spare */
	const char delim = r->opts.delim;
	uint64_t in_quotes = 0, after_end = 1, after_close = 0, last_inq = 0, cr_before = 0;
	uint64_t *em;
	size_t o, record = o0, nend = 0, row_end = 0;   /* ends so far; at the record's start */
	size_t widest = 0;              /* the most fields a queued row has */
	unsigned long line = r->line;
	unsigned long quoted_lfs = 0;   /* in the record in progress, before the block */

	if (nblocks > r->ecap) {
		/* zeroed: a row's window may take in the block after the last one
		   scanned (none of its bits is used, but all are defined) */
		if (grow((void **)&r->emask, &r->ecap, nblocks, sizeof *r->emask))
			return SCAN_NOMEM;
		memset(r->emask, 0, r->ecap * sizeof *r->emask);
	}
	em = r->emask;
	r->mbase = o0;
	for (o = o0; o < have; o += 64) {
		struct block k;
		const size_t left = have - o;
		const uint64_t valid = left >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << left) - 1;
		uint64_t inq, ends, lfs, open, close, bad, upto_bad, qlf, rows, crlf = 0;

		if (r->nrows + 64 > r->rcap &&
		    grow((void **)&r->rows, &r->rcap, r->nrows + 64, sizeof *r->rows))
			return SCAN_NOMEM;
		classify(b + o, delim, &k);
		inq = k.odd ^ in_quotes;
		lfs = k.lf & ~inq & valid;
		ends = (k.delim | k.lf | k.cr) & ~inq & valid;
		open = k.quote & inq;
		close = k.quote & ~inq;
		bad = (open & ~(ends << 1 | after_end) & ~(close << 1 | after_close)) |
		      ((close << 1 | after_close) & ~(k.delim | k.lf | k.cr | k.quote));
		if (k.cr | k.nul | cr_before) {      /* classify leaves both empty in most blocks */
			const uint64_t cr = k.cr & ~inq & valid;
			uint64_t lone_cr = cr & ~(k.lf >> 1 | (uint64_t)(b[o + 64] == '\n') << 63);

			if (left <= 64 && !r->read_eof)
				lone_cr &= ~((uint64_t)1 << (left - 1));   /* its LF is not read yet */
			bad |= k.nul | lone_cr;
			crlf = lfs & (cr << 1 | cr_before);   /* the CR ended the field */
			ends &= ~crlf;
			cr_before = cr >> 63;
		}
		bad &= valid;
		upto_bad = bad ? (bad & -bad) - 1 : ~(uint64_t)0;
		qlf = k.lf & inq & valid;
		in_quotes = (uint64_t)((int64_t)inq >> 63);
		after_end = ends >> 63 | crlf >> 63;
		after_close = close >> 63;
		if (left <= 64)
			last_inq = inq >> (left - 1) & 1;

		ends &= upto_bad;
		em[(o - o0) >> 6] = ends;
		for (rows = lfs & upto_bad; rows; rows &= rows - 1) {
			const unsigned bit = (unsigned)__builtin_ctzll(rows);
			const uint64_t upto = ((uint64_t)2 << bit) - 1;   /* bits 0..bit */
			const size_t at = nend + count_bits(ends & upto);

			end_record(r, at - row_end, record, line);
			if (at - row_end > widest)
				widest = at - row_end;
			row_end = at;
			line += 1 + quoted_lfs + lfs_upto(&qlf, upto);
			quoted_lfs = 0;
			record = o + bit + 1;
		}
		nend += count_bits(ends);
		if (bad) {
			r->line = line;
			r->pos = record;
			return ends_room(r, widest) ? SCAN_NOMEM : SCAN_IRREGULAR;
		}
		if (qlf)
			quoted_lfs += count_bits(qlf);
	}
	r->line = line;
	if (ends_room(r, widest))
		return SCAN_NOMEM;
	if (!r->read_eof || record >= have) {
		r->pos = record;                     /* completed by the next read */
		return SCAN_DONE;
	}
	/* the last record has no line end */
	if (last_inq || cr_before) {
		r->pos = record;
		return SCAN_IRREGULAR;               /* an unterminated quote */
	}
	/* the block loop left room for 64 more rows; the end of the input ends
	   the last field, in the last block or in one of its own */
	o = have - o0;
	em[o >> 6] = (o & 63 ? em[o >> 6] : 0) | (uint64_t)1 << (o & 63);
	em[(o >> 6) + 1] = 0;
	if (ends_room(r, nend + 1 - row_end))
		return SCAN_NOMEM;
	end_record(r, nend + 1 - row_end, record, line);
	r->line = line + quoted_lfs;
	r->pos = have;
	return SCAN_DONE;
}

/* The copies of the scan, and the best one the CPU runs; count_bits's
 * arithmetic is the pattern gcc and clang turn into popcnt where the copy
 * may use it. */
static __attribute__((noinline)) int scan_portable(struct svy_reader *r)
{
	return scan_with(r, classify16);
}

#ifdef SCAN_X86
static __attribute__((noinline, target("popcnt"))) int scan_popcnt(struct svy_reader *r)
{
	return scan_with(r, classify16);
}

static __attribute__((noinline, target("avx2,pclmul,popcnt,bmi"))) int scan_avx2(struct svy_reader *r)
{
	return scan_with(r, classify32);
}
#endif

/* The CPU's features are read by a constructor of libgcc (or compiler-rt)
 * before main. */
int svy_reader_scan_best(void)
{
#ifdef SCAN_X86
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul") &&
	    __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("bmi"))
		return SVY_SCAN_AVX2;
	if (__builtin_cpu_supports("popcnt"))
		return SVY_SCAN_POPCNT;
#endif
	return SVY_SCAN_PORTABLE;
}

/* The copy for opts.scan: the best the CPU runs, or the one asked for when
 * the CPU runs it. */
static int (*pick_scan(int want))(struct svy_reader *)
{
	const int best = svy_reader_scan_best();
	const int level = want == SVY_SCAN_AUTO || want > best ? best : want;

#ifdef SCAN_X86
	if (level == SVY_SCAN_AVX2)
		return scan_avx2;
	if (level == SVY_SCAN_POPCNT)
		return scan_popcnt;
#endif
	(void)level;
	return scan_portable;
}

/* row_ends past its first 64 bytes: the ends from block blk's bit p on,
 * stored from r->ends[i] until there are n. */
static __attribute__((noinline)) size_t ends_after(struct svy_reader *r, size_t blk,
                                                   size_t p, size_t i, size_t n)
{
	uint64_t m = r->emask[blk] & ~(uint64_t)0 << p;
	uint32_t at = (uint32_t)(r->mbase + (blk << 6));

	for (;;) {
		uint32_t *w = r->ends + i;

		i += count_bits(m);
		while (m) {
#define END(k) w[k] = at + (uint32_t)__builtin_ctzll(m | (uint64_t)1 << 63); m &= m - 1;
			END(0) END(1) END(2) END(3) END(4) END(5) END(6) END(7)
#undef END
			w += 8;
		}
		if (i >= n)
			return i;
		m = r->emask[++blk];
		at += 64;
	}
}

/* The buf offsets at which fields 0..n-1 of rec end, into r->ends (which
 * holds n + 64: the blocks past the first 64 bytes are stored whole).  The
 * row's ends are the set bits of emask from its first byte on.  Most rows
 * have the fields a command reads within 64 bytes of their start: one
 * word, taken across the two blocks it straddles, holds them, and no
 * branch depends on where a block boundary falls.  Past it, the ends of a
 * block are stored eight at a time whatever their number, as many blocks
 * as it takes (a branch per field would mispredict at every block). */
static inline const uint32_t *row_ends(struct svy_reader *r, const struct rowrec *rec,
                                       size_t n)
{
	const size_t rel = rec->at - r->mbase, p = rel & 63;
	const uint64_t *em = r->emask + (rel >> 6);
	uint32_t *out = r->ends, at = (uint32_t)rec->at;
	uint64_t w = em[0] >> p | (em[1] << 1) << (63 - p);   /* bytes start..start+63 */
	size_t i;

	for (i = 0; i < n && w; i++) {
		out[i] = at + (uint32_t)__builtin_ctzll(w);
		w &= w - 1;
	}
	if (i < n)
		i = ends_after(r, (rel >> 6) + 1, p, i, n);
	return out;
}

/* A quoted field f[0..len), quotes included: drop them and undo doubled
 * quotes, in place; NUL-terminate it.  Its new length. */
static size_t unquote(char *f, size_t len, const char **out)
{
	char *q;

	f++;
	len -= 2;
	if ((q = memchr(f, '"', len)) != NULL) {
		/* each "" becomes ": move the runs between pairs down */
		char *end = f + len, *w = q;
		while (q) {
			char *from = q + 1, *nq;   /* keep one quote of the pair */
			nq = from + 1 < end ? memchr(from + 1, '"', (size_t)(end - from - 1)) : NULL;
			size_t run = (size_t)((nq ? nq : end) - from);
			memmove(w, from, run);
			w += run;
			q = nq;
		}
		len = (size_t)(w - f);
	}
	f[len] = '\0';
	*out = f;
	return len;
}

/* Terminate field buf[s..e) of a fast-path row in place (unquoted when
 * quoted); its length.  Inline: it runs for every wanted field. */
static inline size_t materialize(char *b, size_t s, size_t e, const char **out)
{
	char *f = b + s;

	if (*f == '"')
		return unquote(f, e - s, out);
	f[e - s] = '\0';
	*out = f;
	return e - s;
}

/* Point ptrs/plens at the first nw wanted fields of rec, a fast-path row
 * that has them, quotes and all; the others are left as they are (empty).
 * No call on the way: it returns 0 when a field is quoted, and the caller
 * has unquote_wanted finish the row out of line.  What it reads through r
 * is read once: the stores to plens could alias it. */
static inline int hand_out_wanted(struct svy_reader *r, const struct rowrec *rec,
                                  size_t nw, const char **ptrs, size_t *plens)
{
	const size_t *wcols = r->wcols;
	const uint32_t *end;
	const size_t start = rec->at;
	char *b = (char *)r->buf;
	int plain = 1;
	size_t i;

	if (nw == 0)
		return 1;
	end = row_ends(r, rec, wcols[nw - 1] + 1);

	for (i = 0; i < nw; i++) {
		const size_t c = wcols[i], s = c ? end[c - 1] + 1 : start;

		plain &= b[s] != '"';
		b[end[c]] = '\0';
		ptrs[c] = b + s;
		plens[c] = end[c] - s;
	}
	return plain;
}

/* Drop the quotes of the quoted wanted fields hand_out_wanted pointed at,
 * and undo their doubled quotes. */
static __attribute__((noinline)) void unquote_wanted(struct svy_reader *r,
                                                     const struct rowrec *rec,
                                                     const char **ptrs, size_t *plens)
{
	size_t i;

	for (i = 0; i < r->nwcols && r->wcols[i] < rec->nfields; i++) {
		const size_t c = r->wcols[i];
		char *f = (char *)ptrs[c];

		if (*f == '"')
			plens[c] = unquote(f, plens[c], &ptrs[c]);
	}
}

/* Empty ptrs/plens from n on: a short row (ragged_ok) must not show a
 * longer row's fields, which may be gone. */
static void empty_from(struct svy_reader *r, size_t n)
{
	for (; n < r->pcap; n++) {
		r->ptrs[n] = "";
		r->plens[n] = 0;
	}
}

/* Point ptrs/plens at the fields of rec: every one (all set, or no
 * svy_reader_want), or only the wanted ones, the others left empty.  Done
 * once per row: the fast path changes the bytes in place. */
static int hand_out(struct svy_reader *r, const struct rowrec *rec, int all)
{
	size_t i, n = rec->nfields, cap = r->pcap;

	if (n > r->pcap) {
		if (grow((void **)&r->ptrs, &cap, n, sizeof *r->ptrs) ||
		    grow((void **)&r->plens, &r->pcap, n, sizeof *r->plens))
			return -1;
		r->ptrs_all = 1;                 /* new entries: not yet emptied */
	}
	all |= !r->want || n > r->hn;    /* fields past the header: never wanted */
	if (!rec->in_buf) {
		for (i = 0; i < n; i++) {
			r->ptrs[i] = r->arena + r->foff[rec->at + i];
			r->plens[i] = r->flen[rec->at + i];
		}
		empty_from(r, n);
		r->ptrs_all = 1;
		return 0;
	}
	if (all) {
		const uint32_t *end = row_ends(r, rec, n);
		char *b = (char *)r->buf;
		size_t s = rec->at;
		for (i = 0; i < n; i++) {
			r->plens[i] = materialize(b, s, end[i], &r->ptrs[i]);
			s = end[i] + 1;
		}
		empty_from(r, n);
		r->ptrs_all = 1;
		return 0;
	}
	if (r->ptrs_all) {               /* no pointers into earlier rows */
		empty_from(r, 0);
		r->ptrs_all = 0;
	}
	for (i = 0; i < r->nwcols && r->wcols[i] < n; i++)
		;                        /* a short row (ragged_ok) has fewer */
	if (!hand_out_wanted(r, rec, i, r->ptrs, r->plens))
		unquote_wanted(r, rec, r->ptrs, r->plens);
	for (; i < r->nwcols && r->wcols[i] < r->pcap; i++) {
		r->ptrs[r->wcols[i]] = "";   /* not the last longer row's field */
		r->plens[r->wcols[i]] = 0;
	}
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
	int rc, fill;

	/* keep the unscanned tail; make room (+1 for the last field's NUL) */
	if (r->pos > 0) {
		r->base_off += (long long)r->pos;
		memmove(r->buf, r->buf + r->pos, r->have - r->pos);
		r->have -= r->pos;
		r->pos = 0;
	}
	if (r->have + 1 >= r->bufsize) {
		/* the record at pos, unfinished, fills buf: grow buf, but never
		 * beyond what holds a record one byte over the limit */
		size_t size = r->bufsize * 2 < r->max_record + 2 ? r->bufsize * 2 : r->max_record + 2;
		unsigned char *nb;

		if (r->have > r->max_record)
			return too_long(r, r->line, e);
		nb = svy_realloc(r->buf, size + SCAN_PAD);
		if (!nb)
			return svy_error_set(e, SVY_ENOMEM, "out of memory");
		memset(nb + r->bufsize, 0, size - r->bufsize + SCAN_PAD);
		r->buf = nb;
		r->bufsize = size;
	}
	/* a record that fills half the buffer or more is scanned again from
	 * its start after each read: fill the buffer first, so that a long
	 * record costs a scan per doubling, not one per read */
	fill = r->have * 2 >= r->bufsize;
	do {
		k = read_some(r, r->buf + r->have, r->bufsize - 1 - r->have);
		if (k < 0)
			return svy_error_at(e, SVY_EIO, r->file, 0, NULL, "read error: %s",
			                    strerror(errno));
		r->have += (size_t)k;
		progress(r, k);
		if (k == 0)
			r->read_eof = 1;
	} while (k > 0 && ((r->at_start && r->have < 3) || (fill && r->have + 1 < r->bufsize)));
	r->buf[r->have] = '\0';
	if (r->at_start) {
		r->at_start = 0;
		if (r->have >= 3 && r->buf[0] == 0xEF && r->buf[1] == 0xBB && r->buf[2] == 0xBF)
			r->pos = 3;
	}
	rc = r->scan(r);
	if (rc == SCAN_NOMEM)
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	if (rc == SCAN_IRREGULAR)
		go_slow(r);
	else if (r->read_eof)
		r->file_eof = 1;
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
		if (r->plens[i] != strlen(r->hname[i]) ||
		    memcmp(r->ptrs[i], r->hname[i], r->plens[i]) != 0)
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
		r->hname[i] = svy_strdup(r->ptrs[i]);
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
		if (strcmp(r->ptrs[i], r->hname[i]) != 0)
			break;
	if (i < rec->nfields && i < r->hn)
		return svy_error_at(e, SVY_EDATA, r->file, rec->line, NULL,
		                    "header differs from %s: column %zu is '%s', not '%s'",
		                    r->hfile, i + 1, r->ptrs[i],
		                    r->hname[i]);
	return svy_error_at(e, SVY_EDATA, r->file, rec->line, NULL,
	                    "header differs from %s: %zu columns, not %zu", r->hfile,
	                    (size_t)rec->nfields, r->hn);
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
	r->scan = pick_scan(r->opts.scan);
	r->max_record = r->opts.max_record ? r->opts.max_record : SVY_MAX_RECORD;
	if (r->max_record > MAX_RECORD_LIMIT)
		r->max_record = MAX_RECORD_LIMIT;    /* buf offsets fit the 32 bits of ends */
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
		r->peeked = 1;       /* the first data row: give it out again */
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

static inline int give_row(struct svy_reader *r, const struct rowrec *rec,
                           struct svy_row *row)
{
	row->nfields = rec->nfields;
	row->field = r->ptrs;
	row->len = r->plens;
	row->file = r->file;
	row->line = rec->line;
	r->ndata++;
	return 1;
}

/* The file offset after rec, a fast-path row not yet handed out (that
 * overwrites its line end): after its last field's end, a CR's LF with it;
 * -1 for a libcsv row. */
static long long end_offset(struct svy_reader *r, const struct rowrec *rec)
{
	size_t last;

	if (!rec->in_buf)
		return -1;
	last = row_ends(r, rec, rec->nfields)[rec->nfields - 1];
	if (last < r->have)                  /* not the input's end */
		last += 1 + (r->buf[last] == '\r');
	return r->base_off + (long long)last;
}

/* Every row that svy_reader_batch does not hand out itself, one at a time. */
static __attribute__((noinline)) int next_row(struct svy_reader *r, struct svy_row *row,
                                              struct svy_error *e)
{
	const struct rowrec *rec = NULL;
	int rc, header;

	if (r->failed)
		return svy_error_set(e, r->failed, "input already failed");
	if (r->peeked) {
		r->peeked = 0;
		rec = &r->rows[r->rhead - 1];
		goto give;
	}
	for (;;) {
		rc = pull(r, &rec, e);
		if (rc <= 0) {
			if (rc < 0)
				r->failed = rc;
			return rc;
		}
		header = r->header_pending;
		if (header && r->cur == 0)
			r->data_off = end_offset(r, rec);
		if (hand_out(r, rec, header || r->opts.skip_header_rows) < 0) {
			svy_error_set(e, SVY_ENOMEM, "out of memory");
			return r->failed = SVY_ENOMEM;
		}
		if (header) {
			r->header_pending = 0;
			rc = r->hname ? check_header(r, rec, e) : keep_header(r, rec, e);
			if (rc < 0)
				return r->failed = rc;
			continue;
		}
		if (r->opts.skip_header_rows && same_as_header(r, rec))
			continue;
		if (rec->nfields != r->hn && !r->opts.ragged_ok) {
			svy_error_at(e, SVY_EDATA, r->file, rec->line, NULL,
			             "row has %zu fields, the header has %zu", (size_t)rec->nfields,
			             r->hn);
			return r->failed = SVY_EDATA;
		}
		break;
	}
give:
	return give_row(r, rec, row);
}

/* Room for a batch of up to max rows of the header's width, each with its
 * own pointer and length per column ("" where a column is not wanted), but
 * never more than BATCH_FIELDS entries unless one row needs more.  The rows
 * it holds; 0 when out of memory. */
#define BATCH_FIELDS 4096
static size_t batch_room(struct svy_reader *r, size_t max)
{
	const size_t hn = r->hn ? r->hn : 1;
	size_t i, rows = BATCH_FIELDS / hn;

	if (rows > max)
		rows = max;
	if (rows == 0)
		rows = 1;
	if (rows > r->brows) {
		const size_t k = rows * hn;
		svy_free(r->bptrs);
		svy_free(r->blens);
		r->brows = 0;
		r->bptrs = svy_calloc(k, sizeof *r->bptrs);
		r->blens = svy_calloc(k, sizeof *r->blens);
		if (!r->bptrs || !r->blens)
			return 0;
		for (i = 0; i < k; i++)
			r->bptrs[i] = "";
		r->brows = rows;
	}
	return rows;
}

/* The fast path hands out a run of queued fast-path rows of the header's
 * width, of which only the wanted fields are read, with no header to read
 * or skip and no error, in one call: what it costs per row is the wanted
 * fields alone.  Everything else goes through next_row, a row at a time. */
int svy_reader_batch(struct svy_reader *r, struct svy_row *rows, size_t max,
                     struct svy_error *e)
{
	const size_t hn = r->hn;
	size_t n = 0, room;

	if (r->rhead < r->nrows && r->want && max &&
	    !(r->failed | r->peeked | r->header_pending | r->opts.skip_header_rows)) {
		if (!(room = batch_room(r, max)))
			return r->failed = svy_error_set(e, SVY_ENOMEM, "out of memory");
		for (; n < room && r->rhead < r->nrows; n++) {
			const struct rowrec *rec = &r->rows[r->rhead];
			const char **ptrs = r->bptrs + n * hn;
			size_t *plens = r->blens + n * hn;

			if (!rec->in_buf || rec->nfields != hn)
				break;
			r->rhead++;
			if (!hand_out_wanted(r, rec, r->nwcols, ptrs, plens))
				unquote_wanted(r, rec, ptrs, plens);
			rows[n].nfields = hn;
			rows[n].field = ptrs;
			rows[n].len = plens;
			rows[n].file = r->file;
			rows[n].line = rec->line;
		}
		if (n) {
			r->ndata += n;
			return (int)n;
		}
	}
	return next_row(r, rows, e);
}

int svy_reader_next(struct svy_reader *r, struct svy_row *row, struct svy_error *e)
{
	return svy_reader_batch(r, row, 1, e);
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
	svy_free(r->wcols);
	svy_free(r->bptrs);          /* no column wanted before is left in a batch */
	svy_free(r->blens);
	r->bptrs = NULL;
	r->blens = NULL;
	r->brows = 0;
	r->ptrs_all = 1;             /* nor in the row hand_out fills */
	r->nwant = r->hn;
	r->nwcols = 0;
	r->want = svy_calloc(r->hn ? r->hn : 1, 1);
	r->wcols = svy_calloc(r->hn ? r->hn : 1, sizeof *r->wcols);
	if (!r->want || !r->wcols)
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	for (i = 0; i < n; i++)
		if (cols[i] < r->hn)
			r->want[cols[i]] = 1;
	for (i = 0; i < r->hn; i++)
		if (r->want[i])
			r->wcols[r->nwcols++] = i;
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
	svy_free(r->plens);
	svy_free(r->bptrs);
	svy_free(r->blens);
	svy_free(r->emask);
	svy_free(r->ends);
	svy_free(r->want);
	svy_free(r->wcols);
	svy_free(r);
}
