/* ingest.c - the survey-ingest pipeline: options and mapping files, the
 * column plan, the row verdicts, de-duplication, the passes, the --detect
 * report and the accounting.
 *
 * Order of work in a run: open the source, sniff the delimiter, read the
 * first three rows, detect, plan the columns; then, if the day/month order
 * must be inferred or duplicates found, a first pass over every row (a
 * regular file is read again, standard input was spooled); then the pass
 * that writes.  Each row gets one verdict: written, dropped (not a
 * response, or superseded) or rejected (bad data), in that priority:
 * extra fields, preview/test/spam, partial, empty id, scores, date,
 * duplicate. */
#include "ingest.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "detect.h"
#include "dupes.h"
#include "mem.h"
#include "names.h"
#include "num.h"
#include "reader.h"
#include "sanitize.h"
#include "sniff.h"
#include "source.h"

/* ---- small helpers ---- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_space((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* t[0..tl) is ASCII case-insensitively the word w (the first byte that
 * differs ends the comparison: most cells differ at once). */
static int eq_word(const char *t, size_t tl, const char *w)
{
	size_t i;

	for (i = 0; i < tl; i++)
		if (!w[i] || lower((unsigned char)t[i]) != lower((unsigned char)w[i]))
			return 0;
	return w[tl] == '\0';
}

/* s[0..len) without surrounding white space, ASCII case-insensitively
 * equal to w. */
static int ieqn(const char *s, size_t len, const char *w)
{
	trim(&s, &len);
	return eq_word(s, len, w);
}

static int ieq(const char *s, const char *w)
{
	return ieqn(s, strlen(s), w);
}

static int blank(const char *s, size_t len)
{
	for (; len; len--, s++)
		if (!is_space((unsigned char)*s))
			return 0;
	return 1;
}

static const char *quote(const char *s, size_t len, char *buf, size_t size)
{
	return svy_error_quote(s, len, buf, size);
}

/* A growing string. */
struct sbuf {
	char *p;
	size_t len, cap;
	int nomem;
};

__attribute__((format(printf, 2, 3)))
static void sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->nomem)
		return;
	for (;;) {
		size_t room = b->cap - b->len;
		char *q;

		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->nomem = 1;
			return;
		}
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		if (!(q = svy_realloc(b->p, b->cap * 2 + (size_t)n + 64))) {
			b->nomem = 1;
			return;
		}
		b->p = q;
		b->cap = b->cap * 2 + (size_t)n + 64;
	}
}

/* ---- reasons, results ---- */

static const char *const reason_names[SVY_R_COUNT] = {
	"preview", "test", "spam", "partial", "duplicate",
	"extra-fields", "missing-id", "invalid-date", "invalid-score", "out-of-scale",
};

const char *svy_reason_name(int reason)
{
	return reason >= 0 && reason < SVY_R_COUNT ? reason_names[reason] : "?";
}

__attribute__((format(printf, 2, 3)))
static int warn(struct svy_ingest_result *res, const char *fmt, ...)
{
	char buf[1024], **w;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (!(w = svy_realloc(res->warning, (res->nwarnings + 1) * sizeof *w)))
		return SVY_ENOMEM;
	res->warning = w;
	if (!(w[res->nwarnings] = svy_strdup(buf)))
		return SVY_ENOMEM;
	res->nwarnings++;
	return 0;
}

void svy_ingest_result_fini(struct svy_ingest_result *res)
{
	size_t i;

	for (i = 0; i < res->nwarnings; i++)
		svy_free(res->warning[i]);
	svy_free(res->warning);
	memset(res, 0, sizeof *res);
}

void svy_ingest_summary(const struct svy_ingest_result *res, char *buf, size_t size)
{
	size_t off = 0;
	int part, r;

#define PUT(...) do { \
		int k_ = snprintf(buf + off, off < size ? size - off : 0, __VA_ARGS__); \
		if (k_ > 0) \
			off = off + (size_t)k_ < size ? off + (size_t)k_ : size - 1; \
	} while (0)
	if (!size)
		return;
	buf[0] = '\0';
	PUT("%lu %s read, %lu written, %lu rejected", res->read,
	    res->read == 1 ? "row" : "rows", res->written, res->rejected);
	for (part = 0; part < 2; part++) {
		int lo = part ? 0 : SVY_R_FIRST_REJECT, hi = part ? SVY_R_FIRST_REJECT : SVY_R_COUNT;
		int first = 1;

		if (part)
			PUT(", %lu dropped", res->dropped);
		for (r = lo; r < hi; r++) {
			if (!res->by_reason[r])
				continue;
			PUT("%s%lu %s", first ? " (" : ", ", res->by_reason[r], reason_names[r]);
			first = 0;
		}
		if (!first)
			PUT(")");
	}
#undef PUT
}

/* ---- options ---- */

void svy_ingest_opts_init(struct svy_ingest_opts *o)
{
	memset(o, 0, sizeof *o);
	o->platform = -1;
	o->dedupe = SVY_DEDUPE_LAST;
	o->date_order = SVY_DATE_AUTO;
	o->sanitize = 1;
	o->format = SVY_FMT_CSV;
}

static void map_free(struct svy_map *m)
{
	svy_free(m->name);
	svy_free(m->source);
}

void svy_ingest_opts_fini(struct svy_ingest_opts *o)
{
	size_t i;

	for (i = 0; i < o->nmap; i++)
		map_free(&o->map[i]);
	svy_free(o->map);
	svy_labels_free(o->labels);
	o->map = NULL;
	o->nmap = 0;
	o->labels = NULL;
}

/* [+-]digits into *v; the end in *end.  -1 if none. */
static int scan_long(const char *s, const char **end, long *v)
{
	long n = 0;
	int neg = 0, nd = 0;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++nd > 9)
			return -1;
		n = n * 10 + (*s - '0');
	}
	if (!nd)
		return -1;
	*v = neg ? -n : n;
	*end = s;
	return 0;
}

/* "LO-HI": 0 and the bounds (LO < HI), or -1. */
static int parse_scale(const char *s, long *lo, long *hi)
{
	const char *p;

	if (scan_long(s, &p, lo) < 0 || *p != '-' || scan_long(p + 1, &p, hi) < 0 || *p)
		return -1;
	return *lo < *hi ? 0 : -1;
}

static int map_push(struct svy_ingest_opts *o, int kind, const char *name,
                    const char *source, size_t srclen, int has_scale, long lo, long hi,
                    struct svy_error *e)
{
	struct svy_map m, *grown;
	size_t i;

	memset(&m, 0, sizeof m);
	m.kind = kind;
	m.has_scale = has_scale;
	m.lo = lo;
	m.hi = hi;
	m.name = name ? svy_strdup(name) : NULL;
	m.source = svy_malloc(srclen + 1);
	if ((name && !m.name) || !m.source) {
		map_free(&m);
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	}
	memcpy(m.source, source, srclen);
	m.source[srclen] = '\0';
	/* one id, one date, one score per name: the later one wins */
	for (i = 0; i < o->nmap; i++) {
		struct svy_map *x = &o->map[i];

		if (x->kind == kind && (kind == SVY_MAP_ID || kind == SVY_MAP_DATE
		                        || (kind == SVY_MAP_SCORE && strcmp(x->name, m.name) == 0))) {
			map_free(x);
			*x = m;
			return 0;
		}
	}
	if (!(grown = svy_realloc(o->map, (o->nmap + 1) * sizeof *grown))) {
		map_free(&m);
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	}
	o->map = grown;
	o->map[o->nmap++] = m;
	return 0;
}

static const char *const kind_opt[] = { "--id", "--date", "--score", "--segment",
	"--keep", "--text" };

int svy_ingest_map_add(struct svy_ingest_opts *o, int kind, const char *name,
                       const char *arg, struct svy_error *e)
{
	const char *col = arg, *eq, *colon;
	char nbuf[128];
	size_t len = strlen(arg);
	long lo = 0, hi = 0;
	int has_scale = 0;

	if (kind < SVY_MAP_ID || kind > SVY_MAP_TEXT)
		return svy_error_set(e, SVY_EUSAGE, "internal: bad mapping kind %d", kind);
	if ((kind == SVY_MAP_SCORE && !name) || kind == SVY_MAP_SEGMENT || kind == SVY_MAP_TEXT) {
		eq = strchr(arg, '=');
		if (eq) {
			if (eq == arg || (size_t)(eq - arg) >= sizeof nbuf)
				return svy_error_set(e, SVY_EUSAGE, "%s: '%s' has no name before '='",
				                     kind_opt[kind], arg);
			memcpy(nbuf, arg, (size_t)(eq - arg));
			nbuf[eq - arg] = '\0';
			name = nbuf;
			col = eq + 1;
			len = strlen(col);
		} else if (kind == SVY_MAP_SCORE) {
			return svy_error_set(e, SVY_EUSAGE, "--score: '%s' is not NAME=COL[:LO-HI]", arg);
		}
	}
	if (kind == SVY_MAP_SCORE && (colon = strrchr(col, ':'))
	    && parse_scale(colon + 1, &lo, &hi) == 0) {
		has_scale = 1;
		len = (size_t)(colon - col);
	}
	if (len == 0)
		return svy_error_set(e, SVY_EUSAGE, "%s%s%s: no column given in '%s'",
		                     name && kind == SVY_MAP_SCORE ? "--" : kind_opt[kind],
		                     name && kind == SVY_MAP_SCORE ? name : "", "", arg);
	return map_push(o, kind, name, col, len, has_scale, lo, hi, e);
}

/* A mapping or label file: every row after an optional header (first cell
 * equal to want0), fields padded to at least 3. */
typedef int (*row_fn)(struct svy_ingest_opts *o, const char *const *f, size_t n,
                      const char *file, unsigned long line, struct svy_error *e);

static int read_table(struct svy_ingest_opts *o, const char *path, const char *want0,
                      row_fn fn, struct svy_error *e)
{
	struct svy_reader_opts ro;
	const char *paths[1] = { path };
	struct svy_reader *r;
	const struct svy_header *h;
	struct svy_row row;
	const char *f[3];
	size_t i;
	int rc = 0;

	memset(&ro, 0, sizeof ro);
	ro.delim = ',';
	ro.ragged_ok = 1;
	if (!(r = svy_reader_open(paths, 1, &ro, e)))
		return e->code;
	h = svy_reader_header(r);
	if (!ieq(h->name[0], want0)) {
		for (i = 0; i < 3; i++)
			f[i] = i < h->ncols ? h->name[i] : "";
		rc = fn(o, f, h->ncols, h->file, 1, e);
	}
	while (rc == 0 && (rc = svy_reader_next(r, &row, e)) == 1) {
		for (i = 0; i < 3; i++)
			f[i] = i < row.nfields ? row.field[i] : "";
		rc = fn(o, f, row.nfields, row.file, row.line, e);
	}
	svy_reader_close(r);
	return rc < 0 ? rc : 0;
}

static int map_row(struct svy_ingest_opts *o, const char *const *f, size_t n,
                   const char *file, unsigned long line, struct svy_error *e)
{
	static const struct { const char *prefix; int kind; } pre[] = {
		{ "score:", SVY_MAP_SCORE }, { "segment:", SVY_MAP_SEGMENT },
		{ "text:", SVY_MAP_TEXT },
	};
	const char *t = f[0], *name = NULL;
	char q[64];
	long lo = 0, hi = 0;
	int kind = -1, has_scale = 0, rc;
	size_t i;

	if (n == 1 && blank(t, strlen(t)))
		return 0;
	if (blank(f[1], strlen(f[1])))
		return svy_error_at(e, SVY_EDATA, file, line, NULL,
		                    "mapping: no source column for target '%s'",
		                    quote(t, strlen(t), q, sizeof q));
	if (!blank(f[2], strlen(f[2]))) {
		if (parse_scale(f[2], &lo, &hi) < 0)
			return svy_error_at(e, SVY_EDATA, file, line, NULL,
			                    "mapping: scale '%s' is not LO-HI",
			                    quote(f[2], strlen(f[2]), q, sizeof q));
		has_scale = 1;
	}
	if (ieq(t, "id") || ieq(t, "respondent_id"))
		kind = SVY_MAP_ID;
	else if (ieq(t, "date"))
		kind = SVY_MAP_DATE;
	else if (ieq(t, "keep"))
		kind = SVY_MAP_KEEP;
	else if (ieq(t, "nps") || ieq(t, "csat") || ieq(t, "ces")) {
		kind = SVY_MAP_SCORE;
		name = ieq(t, "nps") ? "nps" : ieq(t, "csat") ? "csat" : "ces";
	}
	for (i = 0; kind < 0 && i < sizeof pre / sizeof pre[0]; i++) {
		size_t k = strlen(pre[i].prefix);

		if (strncmp(t, pre[i].prefix, k) == 0 && t[k]) {
			kind = pre[i].kind;
			name = t + k;
		}
	}
	if (kind < 0 && has_scale && t[0]) {
		kind = SVY_MAP_SCORE;
		name = t;
	}
	if (kind < 0)
		return svy_error_at(e, SVY_EDATA, file, line, NULL,
		                    "mapping: unknown target '%s' (id, date, nps, csat, ces, "
		                    "score:NAME, segment:NAME, text:NAME or keep)",
		                    quote(t, strlen(t), q, sizeof q));
	if (has_scale && kind != SVY_MAP_SCORE)
		return svy_error_at(e, SVY_EDATA, file, line, NULL,
		                    "mapping: a scale only goes with a score, not '%s'",
		                    quote(t, strlen(t), q, sizeof q));
	rc = map_push(o, kind, name, f[1], strlen(f[1]), has_scale, lo, hi, e);
	return rc;
}

int svy_ingest_map_file(struct svy_ingest_opts *o, const char *path, struct svy_error *e)
{
	return read_table(o, path, "target", map_row, e);
}

static int label_row(struct svy_ingest_opts *o, const char *const *f, size_t n,
                     const char *file, unsigned long line, struct svy_error *e)
{
	struct svy_error le;
	int rc;

	if (n == 1 && blank(f[0], strlen(f[0])))
		return 0;
	if (n < 3)
		return svy_error_at(e, SVY_EDATA, file, line, NULL,
		                    "label map: %zu field%s, expected column,label,value",
		                    n, n == 1 ? "" : "s");
	if (!o->labels && !(o->labels = svy_labels_new(e)))
		return SVY_ENOMEM;
	svy_error_clear(&le);
	rc = svy_labels_add(o->labels, f[0], f[1], f[2], &le);
	if (rc < 0)
		return svy_error_at(e, rc, rc == SVY_ENOMEM ? NULL : file,
		                    rc == SVY_ENOMEM ? 0 : line, NULL, "%s", le.msg);
	return 0;
}

int svy_ingest_labels_file(struct svy_ingest_opts *o, const char *path,
                           struct svy_error *e)
{
	if (!o->labels && !(o->labels = svy_labels_new(e)))
		return SVY_ENOMEM;
	return read_table(o, path, "column", label_row, e);
}

/* ---- the run's state ---- */

enum role { ROLE_ID, ROLE_DATE, ROLE_SCORE, ROLE_SEGMENT, ROLE_TEXT, ROLE_PASS };
enum { USE_SCORE = 1, USE_PASS = 2 };

struct ocol {
	char *name;                 /* output name (owned) */
	int role;
	long src;                   /* input column, or -1 */
	int has_scale;
	long lo, hi;
	unsigned maps;              /* built-in label maps */
	char *label_key;            /* column name for the user label table (owned) */
	const char *why;            /* how the column was chosen */
};

struct saved {
	char **f;
	size_t *len;
	size_t n;
	unsigned long line;
};

struct verdict {
	int reason;                 /* -1: good */
	char detail[400];
	struct svy_date dt;
	int has_date;
};

struct ctx {
	const struct svy_ingest_opts *o;
	struct svy_ingest_result *res;
	int detect_only;
	struct svy_insrc *src;
	struct svy_reader *rd;
	const struct svy_header *hdr;
	char delim;
	int delim_sniffed, delim_consistent;
	struct saved first[2];
	size_t nfirst, rp;
	struct svy_detect d;
	int have_d;
	struct svy_names ref, out, rej;
	int have_ref, have_out, have_rej;

	struct ocol *col;
	size_t ncol, capcol, nscore;
	unsigned char *use;         /* per input column: USE_* bits */
	long id_col, date_col;
	const char *id_why, *date_why;
	long status_col, finished_col, channel_col, rtype_col;
	int explicit_cols;
	char ambiguous[SVY_ERRMSG_MAX];
	int no_score;

	struct svy_tz *tz;
	const char *zone;           /* the zone dates are localized in, or NULL */
	int zone_given, to_utc, date_utc;
	int order;                  /* the day/month order of the writing pass */
	int norders, orders[2];     /* readings tracked by the first pass */
	int dedupe_on;
	struct svy_dupes dt;
	unsigned long mangled;
	char mangled_example[48];

	long *score;                /* per score column of the current row */
	int *score_set;
	char *scratch;              /* output cells of one row */
	size_t nscratch, capscratch;
	size_t *coff, *clen;
	const char **cptr;
	size_t ncells_cap;

	struct svy_writer *w, *wr;
};

static int nomem(struct svy_error *e)
{
	return svy_error_set(e, SVY_ENOMEM, "out of memory");
}

/* A reader error that is really the source's (encoding, spool). */
static int src_fail(struct ctx *x, int rc, struct svy_error *e)
{
	if (rc == SVY_EIO && x->src && svy_insrc_error(x->src)->code)
		*e = *svy_insrc_error(x->src);
	return e->code ? e->code : rc;
}

static void saved_free(struct saved *s)
{
	size_t i;

	for (i = 0; s->f && i < s->n; i++)
		svy_free(s->f[i]);
	svy_free(s->f);
	svy_free(s->len);
	memset(s, 0, sizeof *s);
}

static int saved_copy(struct saved *s, const struct svy_row *row)
{
	size_t i;

	s->f = svy_calloc(row->nfields ? row->nfields : 1, sizeof *s->f);
	s->len = svy_calloc(row->nfields ? row->nfields : 1, sizeof *s->len);
	if (!s->f || !s->len)
		return -1;
	s->n = row->nfields;
	s->line = row->line;
	for (i = 0; i < row->nfields; i++) {
		if (!(s->f[i] = svy_malloc(row->len[i] + 1)))
			return -1;
		memcpy(s->f[i], row->field[i], row->len[i] + 1);
		s->len[i] = row->len[i];
	}
	return 0;
}

static void ctx_fini(struct ctx *x)
{
	size_t i;

	if (x->w) {
		struct svy_error ig;

		svy_writer_close(x->w, &ig);
	}
	if (x->wr) {
		struct svy_error ig;

		svy_writer_close(x->wr, &ig);
	}
	svy_reader_close(x->rd);
	svy_insrc_close(x->src);
	for (i = 0; i < 2; i++)
		saved_free(&x->first[i]);
	if (x->have_d)
		svy_detect_fini(&x->d);
	if (x->have_ref)
		svy_names_fini(&x->ref);
	if (x->have_out)
		svy_names_fini(&x->out);
	if (x->have_rej)
		svy_names_fini(&x->rej);
	for (i = 0; i < x->ncol; i++) {
		svy_free(x->col[i].name);
		svy_free(x->col[i].label_key);
	}
	svy_free(x->col);
	svy_free(x->use);
	svy_tz_close(x->tz);
	svy_dupes_fini(&x->dt);
	svy_free(x->score);
	svy_free(x->score_set);
	svy_free(x->scratch);
	svy_free(x->coff);
	svy_free(x->clen);
	svy_free(x->cptr);
}

/* ---- opening: source, delimiter, reader, first rows, detection ---- */

static int open_reader(struct ctx *x, struct svy_error *e)
{
	struct svy_reader_opts ro;

	memset(&ro, 0, sizeof ro);
	ro.delim = x->delim;
	ro.chunk = x->o->chunk;
	ro.ragged_ok = 1;
	x->rd = svy_reader_open_source(svy_insrc_source(x->src), &ro, e);
	if (!x->rd)
		return src_fail(x, e->code, e);
	x->hdr = svy_reader_header(x->rd);
	return 0;
}

static int start(struct ctx *x, struct svy_error *e)
{
	const struct svy_ingest_opts *o = x->o;
	struct svy_insrc_opts so = { o->encoding, o->replace, o->chunk };
	const char *const *rows[3];
	size_t nf[3], i;
	struct svy_detect_opts dopts = { o->platform, o->header_rows };
	const char *buf;
	size_t len;
	int at_eof, rc;
	struct svy_row row;

	if (!(x->src = svy_insrc_open(o->path, &so, e))) {
		if (e->code == SVY_EUSAGE && strncmp(e->msg, "--", 2) != 0) {
			char m[SVY_ERRMSG_MAX];

			snprintf(m, sizeof m, "%s", e->msg);
			svy_error_set(e, SVY_EUSAGE, "--encoding: %s", m);
		}
		return e->code;
	}
	if (o->delim) {
		x->delim = o->delim;
	} else {
		if ((rc = svy_insrc_peek(x->src, 64 * 1024, &buf, &len, &at_eof, e)) < 0)
			return rc;
		x->delim = svy_sniff_delimiter(buf, len, at_eof, &x->delim_consistent);
		x->delim_sniffed = 1;
	}
	if ((rc = open_reader(x, e)) < 0)
		return rc;
	while (x->nfirst < 2 && (rc = svy_reader_next(x->rd, &row, e)) == 1)
		if (saved_copy(&x->first[x->nfirst++], &row) < 0)
			return nomem(e);
	if (rc < 0)
		return src_fail(x, rc, e);
	rows[0] = x->hdr->name;
	nf[0] = x->hdr->ncols;
	for (i = 0; i < x->nfirst; i++) {
		rows[i + 1] = (const char *const *)x->first[i].f;
		nf[i + 1] = x->first[i].n;
	}
	if ((rc = svy_detect_run(&x->d, rows, nf, x->nfirst + 1, &dopts, e)) < 0)
		return rc;
	x->have_d = 1;
	x->rp = (size_t)x->d.header_rows - 1 < x->nfirst ? (size_t)x->d.header_rows - 1
	                                                  : x->nfirst;
	return 0;
}

/* ---- the plan ---- */

static const char *raw_name(const struct ctx *x, size_t c)
{
	return x->d.name[c] ? x->d.name[c] : "";
}

static const char *row1_name(const struct ctx *x, size_t c)
{
	const char *s = c < x->hdr->ncols ? x->hdr->name[c] : "";

	return strncmp(s, "\xef\xbb\xbf", 3) == 0 ? s + 3 : s;
}

/* The column a reference names: its tidy unique name, its raw name, its
 * row-1 name, its Qualtrics ImportId, or its raw name in any case. */
static int resolve(struct ctx *x, const char *opt, const char *ref, long *col,
                   struct svy_error *e)
{
	size_t c, nc = x->d.ncols, hits, k, off;
	long found;
	char q[64], list[400];
	int pass;

	for (c = 0; c < nc; c++) {
		if (strcmp(x->ref.name[c], ref) == 0) {
			*col = (long)c;
			return 0;
		}
	}
	for (pass = 0; pass < 4; pass++) {
		hits = 0;
		found = -1;
		off = 0;
		list[0] = '\0';
		for (c = 0; c < nc; c++) {
			const char *s = pass == 0 ? raw_name(x, c) : pass == 1 ? row1_name(x, c)
			                : pass == 2 ? (x->d.import_id[c] ? x->d.import_id[c] : "")
			                : raw_name(x, c);
			int hit = pass == 3 ? (*s && ieq(s, ref)) : (*s && strcmp(s, ref) == 0);

			if (!hit)
				continue;
			if (hits++ == 0)
				found = (long)c;
			if (off < sizeof list - 60) {
				int w = snprintf(list + off, sizeof list - off, "%s%s", hits > 1 ? ", " : "",
				                 x->ref.name[c]);
				off += w > 0 ? (size_t)w : 0;
			}
		}
		if (hits == 1) {
			*col = found;
			return 0;
		}
		if (hits > 1)
			return svy_error_at(e, SVY_EDATA, x->hdr->file, 0, NULL,
			                    "%s: '%s' names %zu columns: use one of their unique "
			                    "names %s", opt, quote(ref, strlen(ref), q, sizeof q),
			                    hits, list);
	}
	off = 0;
	for (k = 0; k < nc && off < sizeof list - 60; k++) {
		int w = snprintf(list + off, sizeof list - off, "%s%s", k ? ", " : "",
		                 x->ref.name[k]);
		off += w > 0 ? (size_t)w : 0;
	}
	if (k < nc)
		snprintf(list + off, sizeof list - off, ", ...");
	return svy_error_at(e, SVY_EDATA, x->hdr->file, 0, NULL,
	                    "%s: no column '%s' (the columns are: %s)", opt,
	                    quote(ref, strlen(ref), q, sizeof q), list);
}

static unsigned maps_for(int has_scale, long lo, long hi, int group)
{
	unsigned m = SVY_LABELS_INT;

	if (!has_scale || (lo == 1 && hi == 5))
		m |= SVY_LABELS_SATISFACTION | SVY_LABELS_AGREEMENT;
	if (has_scale && lo == 0 && hi == 1)
		m |= SVY_LABELS_ZENDESK;
	if (group || (has_scale && lo == 1 && hi == 3))
		m |= SVY_LABELS_NPS_GROUP;
	if (has_scale && (hi >= 100 || lo <= -100))
		m |= SVY_LABELS_FRESHDESK;
	return m;
}

static struct ocol *add_col(struct ctx *x, int role, const char *name, long src,
                            const char *why)
{
	struct ocol *c;

	if (x->ncol == x->capcol) {
		size_t cap = x->capcol ? 2 * x->capcol : 16;

		if (!(c = svy_realloc(x->col, cap * sizeof *c)))
			return NULL;
		x->col = c;
		x->capcol = cap;
	}
	c = &x->col[x->ncol];
	memset(c, 0, sizeof *c);
	c->role = role;
	c->src = src;
	c->why = why;
	x->ncol++;
	if (src >= 0)
		x->use[src] |= role == ROLE_SCORE ? USE_SCORE : role == ROLE_PASS ? USE_PASS : 0;
	if (name && !(c->name = svy_strdup(name)))
		return NULL;
	return c;
}

/* Default scale of a score by its name. */
static void default_scale(const struct ctx *x, const char *name, int *has, long *lo, long *hi)
{
	*has = 1;
	if (strcmp(name, "nps") == 0) {
		*lo = 0;
		*hi = 10;
	} else if (strcmp(name, "nps_group") == 0) {
		*lo = 1;
		*hi = 3;
	} else if (strcmp(name, "csat") == 0 && x->d.platform == SVY_PLATFORM_ZENDESK) {
		*lo = 0;
		*hi = 1;
	} else if (strcmp(name, "csat") == 0) {
		*lo = 1;
		*hi = 5;
	} else if (strcmp(name, "ces") == 0) {
		*lo = 1;
		*hi = 7;
	} else {
		*has = 0;
		*lo = *hi = 0;
	}
}

static int add_score(struct ctx *x, const char *name, long src, int has_scale, long lo,
                     long hi, int group, const char *why)
{
	struct ocol *c;

	if (!has_scale)
		default_scale(x, name, &has_scale, &lo, &hi);
	if (!(c = add_col(x, ROLE_SCORE, name, src, why)))
		return -1;
	c->has_scale = has_scale;
	c->lo = lo;
	c->hi = hi;
	c->maps = maps_for(has_scale, lo, hi, group);
	x->nscore++;
	return 0;
}

static const char *kind_name(int kind)
{
	return kind == SVY_SCORE_CSAT ? "csat" : kind == SVY_SCORE_NPS_GROUP ? "nps_group" : "nps";
}

/* Scores found by wording or platform; several of a kind is ambiguous. */
static int auto_scores(struct ctx *x, struct svy_error *e)
{
	static const int kinds[3] = { SVY_SCORE_NPS, SVY_SCORE_NPS_GROUP, SVY_SCORE_CSAT };
	static const char *const opt[3] = { "--nps", "--score nps_group=COL", "--csat" };
	size_t i, k, n[3] = { 0, 0, 0 }, off = 0;
	long pick[3] = { -1, -1, -1 };
	const char *why[3] = { NULL, NULL, NULL };
	char b[48];

	for (i = 0; i < x->d.ncand; i++) {
		const struct svy_candidate *c = &x->d.cand[i];

		if ((long)c->col == x->id_col || (long)c->col == x->date_col)
			continue;
		for (k = 0; k < 3; k++) {
			if (c->kind == kinds[k]) {
				if (n[k]++ == 0) {
					pick[k] = (long)c->col;
					why[k] = c->why;
				}
			}
		}
	}
	if (n[0])
		n[1] = 0;               /* group columns matter only without an NPS column */
	for (k = 0; k < 3; k++) {
		if (n[k] < 2)
			continue;
		off += (size_t)snprintf(x->ambiguous + off, sizeof x->ambiguous - off,
		                        "%s%zu columns could be the %s score:", off ? "; " : "",
		                        n[k], kind_name(kinds[k]));
		for (i = 0; i < x->d.ncand && off < sizeof x->ambiguous - 80; i++) {
			const struct svy_candidate *c = &x->d.cand[i];

			if (c->kind != kinds[k] || (long)c->col == x->id_col
			    || (long)c->col == x->date_col)
				continue;
			off += (size_t)snprintf(x->ambiguous + off, sizeof x->ambiguous - off,
			                        "%s %s (column %zu, '%s')",
			                        x->ambiguous[off - 1] == ':' ? "" : ",",
			                        x->ref.name[c->col], c->col + 1,
			                        quote(raw_name(x, c->col), strlen(raw_name(x, c->col)),
			                              b, sizeof b));
		}
		if (off < sizeof x->ambiguous)
			off += (size_t)snprintf(x->ambiguous + off, sizeof x->ambiguous - off,
			                        "; choose one with %s COL", opt[k]);
		if (off >= sizeof x->ambiguous)
			off = sizeof x->ambiguous - 1;
	}
	if (x->ambiguous[0]) {
		if (x->detect_only)
			return 0;
		return svy_error_at(e, SVY_EDATA, x->hdr->file, 0, NULL, "%s", x->ambiguous);
	}
	for (k = 0; k < 3; k++)
		if (n[k] == 1 && add_score(x, kind_name(kinds[k]), pick[k], 0, 0, 0,
		                           kinds[k] == SVY_SCORE_NPS_GROUP, why[k]) < 0)
			return nomem(e);
	if (!x->nscore)
		x->no_score = 1;
	return 0;
}

static int iends_group(const char *s)
{
	size_t n = strlen(s);

	return n >= 10 && ieq(s + n - 10, "_NPS_GROUP");
}

static long find_raw(const struct ctx *x, const char *name)
{
	size_t c;

	for (c = 0; c < x->d.ncols; c++)
		if (ieq(raw_name(x, c), name))
			return (long)c;
	return -1;
}

static int plan(struct ctx *x, struct svy_error *e)
{
	static const char *const std[3] = { "nps", "csat", "ces" };
	const struct svy_ingest_opts *o = x->o;
	const char **fixed = NULL, **rawv = NULL;
	size_t i, j, nc = x->d.ncols, nfixed = 0;
	int rc = 0, any_score = 0, p = x->d.platform;
	long c;

	rawv = svy_calloc(nc + 1, sizeof *rawv);
	x->use = svy_calloc(nc + 1, 1);
	if (!rawv || !x->use) {
		svy_free(rawv);
		return nomem(e);
	}
	for (i = 0; i < nc; i++)
		rawv[i] = raw_name(x, i);
	if (svy_names_make(&x->ref, rawv, nc, NULL, 0, e) < 0) {
		svy_free(rawv);
		return e->code;
	}
	x->have_ref = 1;

	x->id_col = x->d.id_col;
	x->date_col = x->d.date_col;
	x->id_why = "detected";
	x->date_why = "detected";
	for (i = 0; i < o->nmap; i++) {
		const struct svy_map *m = &o->map[i];

		if (m->kind == SVY_MAP_SCORE)
			any_score = 1;
		if (m->kind == SVY_MAP_SEGMENT || m->kind == SVY_MAP_TEXT || m->kind == SVY_MAP_KEEP)
			x->explicit_cols = 1;
		if (m->kind == SVY_MAP_ID || m->kind == SVY_MAP_DATE) {
			if ((rc = resolve(x, m->kind == SVY_MAP_ID ? "--id" : "--date", m->source, &c, e)) < 0)
				goto out;
			*(m->kind == SVY_MAP_ID ? &x->id_col : &x->date_col) = c;
			*(m->kind == SVY_MAP_ID ? &x->id_why : &x->date_why) = "given";
		}
	}
	if (x->id_col >= 0 && x->id_col == x->date_col) {
		rc = svy_error_set(e, SVY_EUSAGE, "column '%s' cannot be both the id and the date",
		                   x->ref.name[x->id_col]);
		goto out;
	}
	if (!add_col(x, ROLE_ID, "respondent_id", x->id_col, x->id_why)
	    || !add_col(x, ROLE_DATE, "date", x->date_col, x->date_why)) {
		rc = nomem(e);
		goto out;
	}

	/* scores: nps, csat, ces, then other names in the order given */
	if (any_score) {
		for (j = 0; j < 4; j++) {
			for (i = 0; i < o->nmap; i++) {
				const struct svy_map *m = &o->map[i];
				int is_std = strcmp(m->name ? m->name : "", "nps") == 0
				             || strcmp(m->name ? m->name : "", "csat") == 0
				             || strcmp(m->name ? m->name : "", "ces") == 0;
				char optname[140];

				if (m->kind != SVY_MAP_SCORE)
					continue;
				if (j < 3 ? strcmp(m->name, std[j]) != 0 : is_std)
					continue;
				snprintf(optname, sizeof optname, "--%s%s", j < 3 ? m->name : "score ",
				         j < 3 ? "" : m->name);
				if ((rc = resolve(x, optname, m->source, &c, e)) < 0)
					goto out;
				if (add_score(x, m->name, c, m->has_scale, m->lo, m->hi,
				              iends_group(raw_name(x, (size_t)c)), "given") < 0) {
					rc = nomem(e);
					goto out;
				}
			}
		}
	} else if ((rc = auto_scores(x, e)) < 0) {
		goto out;
	}

	/* segments, kept and text columns */
	for (j = 0; j < 2 && x->explicit_cols; j++) {
		for (i = 0; i < o->nmap; i++) {
			const struct svy_map *m = &o->map[i];
			int role = m->kind == SVY_MAP_TEXT ? ROLE_TEXT : ROLE_SEGMENT;
			struct ocol *oc;

			if ((m->kind != SVY_MAP_SEGMENT && m->kind != SVY_MAP_KEEP && m->kind != SVY_MAP_TEXT)
			    || (j == 0) != (role == ROLE_SEGMENT))
				continue;
			if ((rc = resolve(x, kind_opt[m->kind], m->source, &c, e)) < 0)
				goto out;
			if (m->kind == SVY_MAP_KEEP && (x->use[c] & USE_PASS)) {
				rc = svy_error_set(e, SVY_EUSAGE, "--keep: column '%s' is kept twice",
				                   x->ref.name[c]);
				goto out;
			}
			if (!(oc = add_col(x, m->kind == SVY_MAP_KEEP ? ROLE_PASS : role,
			                   m->kind == SVY_MAP_KEEP ? NULL : m->name, c, "given"))
			    || (m->kind != SVY_MAP_KEEP && !m->name && !(oc->name = svy_strdup(x->ref.name[c])))) {
				rc = nomem(e);
				goto out;
			}
		}
	}
	if (!x->explicit_cols) {
		for (i = 0; i < nc; i++) {
			if ((long)i == x->id_col || (long)i == x->date_col || (x->use[i] & USE_SCORE))
				continue;
			if (!add_col(x, ROLE_PASS, NULL, (long)i, "passed through")) {
				rc = nomem(e);
				goto out;
			}
		}
	}

	/* names: the fixed ones must differ; passed-through columns get tidy
	 * unique names that avoid them */
	fixed = svy_calloc(x->ncol + 1, sizeof *fixed);
	if (!fixed) {
		rc = nomem(e);
		goto out;
	}
	for (i = 0; i < x->ncol; i++) {
		if (x->col[i].role == ROLE_PASS)
			continue;
		for (j = 0; j < nfixed; j++) {
			if (strcmp(fixed[j], x->col[i].name) == 0) {
				rc = svy_error_set(e, SVY_EUSAGE, "output column '%s' is named twice",
				                   x->col[i].name);
				goto out;
			}
		}
		fixed[nfixed++] = x->col[i].name;
	}
	if ((rc = svy_names_make(&x->out, rawv, nc, fixed, nfixed, e)) < 0)
		goto out;
	x->have_out = 1;
	for (i = 0; i < x->ncol; i++) {
		if (x->col[i].role != ROLE_PASS)
			continue;
		if (!(x->col[i].name = svy_strdup(x->out.name[x->col[i].src]))) {
			rc = nomem(e);
			goto out;
		}
	}
	{
		static const char *const rr[2] = { "line", "reason" };

		if ((rc = svy_names_make(&x->rej, rawv, nc, rr, 2, e)) < 0)
			goto out;
		x->have_rej = 1;
	}

	/* label table keys: the first name of the column the table uses */
	for (i = 0; i < x->ncol; i++) {
		struct ocol *oc = &x->col[i];
		const char *keys[4];

		if (oc->role != ROLE_SCORE)
			continue;
		keys[0] = oc->name;
		keys[1] = x->ref.name[oc->src];
		keys[2] = raw_name(x, (size_t)oc->src);
		keys[3] = row1_name(x, (size_t)oc->src);
		for (j = 0; j < 4 && !svy_labels_has_column(o->labels, keys[j]); j++)
			;
		if (j == 4)
			j = 0;
		if (!(oc->label_key = svy_strdup(keys[j]))) {
			rc = nomem(e);
			goto out;
		}
	}

	/* the platform's own bookkeeping columns */
	x->status_col = x->finished_col = x->channel_col = x->rtype_col = -1;
	if (p == SVY_PLATFORM_QUALTRICS || p == SVY_PLATFORM_QUALTRICS_INSIGHTS
	    || p == SVY_PLATFORM_QUALTRICS_LEGACY) {
		x->status_col = find_raw(x, "Status");
		x->finished_col = find_raw(x, "Finished");
		x->channel_col = find_raw(x, "DistributionChannel");
	} else if (p == SVY_PLATFORM_TYPEFORM) {
		x->rtype_col = find_raw(x, "Response Type");
	}
out:
	svy_free(fixed);
	svy_free(rawv);
	return rc;
}

/* ---- dates and zones ---- */

static int zone_applies(const struct ctx *x)
{
	const char *id = x->d.import_id[x->date_col];

	if (id)
		return ieq(id, "startDate") || ieq(id, "endDate") || ieq(id, "recordedDate");
	return x->date_col == x->d.date_col;
}

static int contains_utc(const char *s)
{
	for (; *s; s++)
		if (s[0] == '(' && lower((unsigned char)s[1]) == 'u' && lower((unsigned char)s[2]) == 't'
		    && lower((unsigned char)s[3]) == 'c' && s[4] == ')')
			return 1;
	return 0;
}

static int setup_dates(struct ctx *x, struct svy_error *e)
{
	const struct svy_ingest_opts *o = x->o;
	struct svy_error te;

	x->norders = 1;
	x->orders[0] = x->order = o->date_order;
	if (x->date_col < 0)
		return 0;
	if (o->date_order == SVY_DATE_AUTO) {
		x->norders = 2;
		x->orders[0] = SVY_DATE_MDY;
		x->orders[1] = SVY_DATE_DMY;
	}
	x->date_utc = contains_utc(raw_name(x, (size_t)x->date_col));
	if (o->tz) {
		if (!(x->tz = svy_tz_open(o->tz, &te)))
			return svy_error_set(e, te.code, "--tz: %s", te.msg);
		x->zone = svy_tz_name(x->tz);
		x->zone_given = x->to_utc = 1;
	} else if (x->d.timezone[0] && zone_applies(x)) {
		svy_error_clear(&te);
		if ((x->tz = svy_tz_open(x->d.timezone, &te)))
			x->zone = svy_tz_name(x->tz);
		else if (warn(x->res, "time zone '%s' (header row 3) is not in the system's "
		              "zone database: dates are written without an offset",
		              x->d.timezone) < 0)
			return nomem(e);
	}
	return 0;
}

/* ---- verdicts ---- */

static void cell(const struct svy_row *r, long c, const char **s, size_t *len)
{
	if (c >= 0 && (size_t)c < r->nfields) {
		*s = r->field[c];
		*len = r->len[c];
	} else {
		*s = "";
		*len = 0;
	}
}

__attribute__((format(printf, 3, 4)))
static int judge(struct verdict *v, int reason, const char *fmt, ...)
{
	va_list ap;

	v->reason = reason;
	va_start(ap, fmt);
	vsnprintf(v->detail, sizeof v->detail, fmt, ap);
	va_end(ap);
	return reason;
}

/* A bookkeeping cell s[0..len) as a keyword t[0..tl): trimmed once, then
 * compared with eq_word (messages quote the cell as it is). */
static void keyword(const char *s, size_t len, const char **t, size_t *tl)
{
	*t = s;
	*tl = len;
	trim(t, tl);
}

/* Everything but the date and duplicates.  -1: good, else the reason. */
static int check_common(struct ctx *x, const struct svy_row *r, struct verdict *v)
{
	const struct svy_ingest_opts *o = x->o;
	const char *s, *t;
	size_t tl;
	char q[64];
	size_t len, i, k;

	v->reason = -1;
	v->has_date = 0;
	if (r->nfields > x->d.ncols) {
		for (i = x->d.ncols; i < r->nfields; i++)
			if (!blank(r->field[i], r->len[i]))
				return judge(v, SVY_R_FIELDS, "row has %zu fields, the header has %zu "
				             "(field %zu is '%s')", r->nfields, x->d.ncols, i + 1,
				             quote(r->field[i], r->len[i], q, sizeof q));
	}
	if (x->status_col >= 0) {
		static const struct { const char *code, *text; int reason; } st[] = {
			{ "1", "Survey Preview", SVY_R_PREVIEW }, { "2", "Survey Test", SVY_R_TEST },
			{ "8", "Spam", SVY_R_SPAM },
		};

		cell(r, x->status_col, &s, &len);
		keyword(s, len, &t, &tl);
		for (k = 0; k < sizeof st / sizeof st[0]; k++)
			if (eq_word(t, tl, st[k].code) || eq_word(t, tl, st[k].text))
				return judge(v, st[k].reason, "Status '%s'", quote(s, len, q, sizeof q));
	}
	if (x->channel_col >= 0) {
		cell(r, x->channel_col, &s, &len);
		keyword(s, len, &t, &tl);
		if (eq_word(t, tl, "preview") || eq_word(t, tl, "test"))
			return judge(v, eq_word(t, tl, "test") ? SVY_R_TEST : SVY_R_PREVIEW,
			             "DistributionChannel '%s'", quote(s, len, q, sizeof q));
	}
	if (!o->keep_partial && x->finished_col >= 0) {
		cell(r, x->finished_col, &s, &len);
		keyword(s, len, &t, &tl);
		if (eq_word(t, tl, "0") || eq_word(t, tl, "false"))
			return judge(v, SVY_R_PARTIAL, "Finished '%s'", quote(s, len, q, sizeof q));
	}
	if (!o->keep_partial && x->rtype_col >= 0) {
		cell(r, x->rtype_col, &s, &len);
		keyword(s, len, &t, &tl);
		if (eq_word(t, tl, "partial"))
			return judge(v, SVY_R_PARTIAL, "Response Type '%s'", quote(s, len, q, sizeof q));
	}
	if (x->id_col >= 0) {
		cell(r, x->id_col, &s, &len);
		if (blank(s, len))
			return judge(v, SVY_R_ID, "respondent_id is empty");
	}
	for (i = 0, k = 0; i < x->ncol; i++) {
		const struct ocol *c = &x->col[i];
		long val;
		int rc;

		if (c->role != ROLE_SCORE)
			continue;
		cell(r, c->src, &s, &len);
		rc = svy_labels_lookup(o->labels, c->label_key, c->maps, s, len, &val);
		x->score_set[k] = rc == 0;
		if (rc == SVY_EINVALID)
			return judge(v, SVY_R_SCORE, "%s '%s' is neither a number nor a known label",
			             c->name, quote(s, len, q, sizeof q));
		if (rc == 0 && c->has_scale && (val < c->lo || val > c->hi)) {
			char num[24];
			const char *t = s;
			size_t tl = len;

			trim(&t, &tl);
			snprintf(num, sizeof num, "%ld", val);
			if (tl == strlen(num) && memcmp(t, num, tl) == 0)
				return judge(v, SVY_R_SCALE, "%s '%s' is not in %ld-%ld", c->name,
				             quote(s, len, q, sizeof q), c->lo, c->hi);
			return judge(v, SVY_R_SCALE, "%s '%s' means %ld, not in %ld-%ld", c->name,
			             quote(s, len, q, sizeof q), val, c->lo, c->hi);
		}
		x->score[k++] = rc == 0 ? val : 0;
	}
	return -1;
}

static int check_date(struct ctx *x, const struct svy_row *r, int order, struct verdict *v)
{
	struct svy_error de;
	const char *s;
	size_t len;
	int rc;

	v->has_date = 0;
	if (x->date_col < 0)
		return -1;
	cell(r, x->date_col, &s, &len);
	svy_error_clear(&de);
	rc = svy_date_parse(&v->dt, s, len, order, &de);
	if (rc == SVY_EMISSING)
		return -1;
	if (rc < 0)
		return judge(v, SVY_R_DATE, "date %s", de.msg);
	if (!v->dt.has_zone && v->dt.has_time) {
		if (x->date_utc) {
			v->dt.has_zone = 1;
			v->dt.offset_minutes = 0;
		} else if (x->tz && svy_tz_localize(x->tz, &v->dt, &de) < 0) {
			return judge(v, SVY_R_DATE, "date %s", de.msg);
		}
	}
	if (x->to_utc && v->dt.has_zone && v->dt.has_time)
		svy_date_to_utc(&v->dt, &de);
	v->has_date = 1;
	return -1;
}

/* ---- duplicates: respondent id -> the winning row per reading ---- */

/* Excel's scientific notation: 1.03006E+13. */
static int mangled(const char *s, size_t n)
{
	size_t i = 0, d = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (!d)
		return 0;
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
	if (i + 2 >= n || (s[i] != 'E' && s[i] != 'e') || s[i + 1] != '+')
		return 0;
	for (i += 2, d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		d++;
	return d && i == n;
}

static void id_of(const struct ctx *x, const struct svy_row *r, const char **s, size_t *len)
{
	cell(r, x->id_col, s, len);
	trim(s, len);
}

/* First pass: offer a good row to the table under each day/month reading
 * still open.  A date that is no A/B/Y date reads the same either way, so
 * it is checked (and localized) once. */
static int pre_row(struct ctx *x, const struct svy_row *r, struct svy_datefmt *fmt,
                   struct svy_error *e)
{
	struct verdict v;
	struct svy_dupes_row dr;
	const char *s, *ds;
	size_t len, dlen;
	int i;

	cell(r, x->date_col, &ds, &dlen);
	if (x->norders == 2)
		svy_datefmt_observe(fmt, ds, dlen);
	if (!x->dedupe_on || check_common(x, r, &v) >= 0)
		return 0;
	id_of(x, r, &s, &len);
	if (mangled(s, len))
		return 0;
	for (i = 0; i < 2; i++) {
		if (i == 0 || (i < x->norders && svy_date_needs_order(ds, dlen))) {
			dr.ok[i] = check_date(x, r, x->orders[i], &v) < 0;
			dr.date[i] = dr.ok[i] && v.has_date ? svy_date_epoch(&v.dt) : LLONG_MIN;
		} else {
			dr.ok[i] = dr.ok[0];
			dr.date[i] = dr.date[0];
		}
	}
	dr.line = r->line;
	return svy_dupes_offer(&x->dt, s, len, &dr) < 0 ? nomem(e) : 0;
}

/* ---- writing ---- */

static int grow_cells(struct ctx *x, size_t n)
{
	size_t *a, *b;
	const char **p;

	if (n <= x->ncells_cap)
		return 0;
	a = svy_realloc(x->coff, n * sizeof *a);
	if (a)
		x->coff = a;
	b = svy_realloc(x->clen, n * sizeof *b);
	if (b)
		x->clen = b;
	p = svy_realloc(x->cptr, n * sizeof *p);
	if (p)
		x->cptr = p;
	if (!a || !b || !p)
		return -1;
	x->ncells_cap = n;
	return 0;
}

/* Cell i of the row being built: copied, flattened (--one-line) and
 * guarded against formulas when it is text. */
static int put_copy(struct ctx *x, size_t i, const char *s, size_t len, int text)
{
	char *d;

	if (x->nscratch + len + 2 > x->capscratch) {
		size_t cap = x->capscratch ? x->capscratch : 1024;

		while (cap < x->nscratch + len + 2)
			cap *= 2;
		if (!(d = svy_realloc(x->scratch, cap)))
			return -1;
		x->scratch = d;
		x->capscratch = cap;
	}
	d = x->scratch + x->nscratch;
	memcpy(d + 1, s, len);
	d[len + 1] = '\0';
	if (x->o->one_line)
		len = svy_sanitize_one_line(d + 1, len);
	if (text && x->o->sanitize && svy_sanitize_formula(d + 1, len)) {
		d[0] = '\'';
		x->coff[i] = x->nscratch;
		x->clen[i] = len + 1;
	} else {
		x->coff[i] = x->nscratch + 1;
		x->clen[i] = len;
	}
	x->nscratch += len + 2;
	return 0;
}

#define IN_ROW ((size_t)-1)     /* coff: the cell is the input field itself */

static int has_break(const char *s, size_t len)
{
	return memchr(s, '\n', len) || memchr(s, '\r', len);
}

/* Cell i from a field of the input row, which lives until the row is
 * written: a cell that neither --one-line nor the formula guard changes
 * is written from there, without a copy. */
static int put_cell(struct ctx *x, size_t i, const char *s, size_t len, int text)
{
	if ((x->o->one_line && has_break(s, len))
	    || (text && x->o->sanitize && svy_sanitize_formula(s, len)))
		return put_copy(x, i, s, len, text);
	x->coff[i] = IN_ROW;
	x->cptr[i] = s;
	x->clen[i] = len;
	return 0;
}

static void finish_cells(struct ctx *x, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (x->coff[i] != IN_ROW)
			x->cptr[i] = x->scratch + x->coff[i];
}

static int write_row(struct ctx *x, const struct svy_row *r, unsigned long pos,
                     const struct verdict *v, struct svy_error *e)
{
	char buf[SVY_DATE_ISO_MAX > 24 ? SVY_DATE_ISO_MAX : 24];
	const char *s;
	size_t i, k = 0, len;
	int rc = 0;

	x->nscratch = 0;
	for (i = 0; i < x->ncol && rc == 0; i++) {
		const struct ocol *c = &x->col[i];

		switch (c->role) {
		case ROLE_ID:
			if (c->src >= 0) {
				cell(r, c->src, &s, &len);
				rc = put_cell(x, i, s, len, 1);
			} else {
				rc = put_copy(x, i, buf, svy_num_put_ulong(buf, pos), 0);
			}
			break;
		case ROLE_DATE:
			buf[0] = '\0';
			if (v->has_date)
				svy_date_format(&v->dt, buf, sizeof buf);
			rc = put_copy(x, i, buf, strlen(buf), 0);
			break;
		case ROLE_SCORE:
			len = x->score_set[k] ? svy_num_put_long(buf, x->score[k]) : 0;
			k++;
			rc = put_copy(x, i, buf, len, 0);
			break;
		default:
			cell(r, c->src, &s, &len);
			rc = put_cell(x, i, s, len, 1);
		}
	}
	if (rc < 0)
		return nomem(e);
	finish_cells(x, x->ncol);
	return svy_writer_strings(x->w, x->cptr, x->clen, x->ncol, e);
}

static int write_reject(struct ctx *x, const struct svy_row *r, const struct verdict *v,
                        struct svy_error *e)
{
	char num[24], reason[sizeof v->detail + 32];
	const char *s;
	size_t i, nc = x->d.ncols, len;
	int rc = 0;

	x->nscratch = 0;
	for (i = 0; i < nc && rc == 0; i++) {
		cell(r, (long)i, &s, &len);
		rc = put_cell(x, i, s, len, 1);
	}
	snprintf(num, sizeof num, "%lu", r->line);
	snprintf(reason, sizeof reason, "%s: %s", svy_reason_name(v->reason), v->detail);
	if (rc == 0)
		rc = put_copy(x, nc, num, strlen(num), 0);
	if (rc == 0)
		rc = put_copy(x, nc + 1, reason, strlen(reason), 1);
	if (rc < 0)
		return nomem(e);
	finish_cells(x, nc + 2);
	return svy_writer_strings(x->wr, x->cptr, x->clen, nc + 2, e);
}

static int order_index(const struct ctx *x)
{
	int i;

	for (i = 0; i < x->norders; i++)
		if (x->orders[i] == x->order)
			return i;
	return 0;
}

static int final_row(struct ctx *x, const struct svy_row *r, unsigned long pos,
                     struct svy_error *e)
{
	struct svy_ingest_result *res = x->res;
	struct verdict v;
	int rc;

	res->read++;
	if (check_common(x, r, &v) < 0)
		check_date(x, r, x->order, &v);
	if (v.reason < 0 && x->dedupe_on) {
		const char *s;
		size_t len;

		id_of(x, r, &s, &len);
		if (mangled(s, len)) {
			if (x->mangled++ == 0)
				quote(s, len, x->mangled_example, sizeof x->mangled_example);
		} else {
			unsigned long won = svy_dupes_winner(&x->dt, s, len, order_index(x));
			char q[64];

			/* rows are named by their first line, the same in both passes */
			if (won && won != r->line)
				judge(&v, SVY_R_DUPLICATE, "respondent '%s' answered again: line %lu "
				      "is kept (--dedupe %s)", quote(s, len, q, sizeof q), won,
				      x->o->dedupe == SVY_DEDUPE_LAST ? "last" : "first");
		}
	}
	if (v.reason < 0) {
		if ((rc = write_row(x, r, pos, &v, e)) < 0)
			return rc;
		res->written++;
		return 0;
	}
	res->by_reason[v.reason]++;
	if (v.reason >= SVY_R_FIRST_REJECT)
		res->rejected++;
	else
		res->dropped++;
	if (x->wr && (rc = write_reject(x, r, &v, e)) < 0)
		return rc;
	if (x->o->strict && v.reason >= SVY_R_FIRST_REJECT)
		return svy_error_at(e, SVY_EDATA, r->file, r->line, NULL,
		                    "%s: %s (--strict stops at the first rejected row)",
		                    svy_reason_name(v.reason), v.detail);
	return 0;
}

/* ---- passes ---- */

static int next_row(struct ctx *x, struct svy_row *row, struct svy_error *e)
{
	int rc;

	if (x->rp < x->nfirst) {
		const struct saved *s = &x->first[x->rp++];

		row->nfields = s->n;
		row->field = (const char *const *)s->f;
		row->len = s->len;
		row->file = svy_insrc_name(x->src);
		row->line = s->line;
		return 1;
	}
	rc = svy_reader_next(x->rd, row, e);
	return rc < 0 ? src_fail(x, rc, e) : rc;
}

static int restart(struct ctx *x, struct svy_error *e)
{
	struct svy_row row;
	int k, rc;

	svy_reader_close(x->rd);
	x->rd = NULL;
	if ((rc = svy_insrc_rewind(x->src, e)) < 0)
		return rc;
	if ((rc = open_reader(x, e)) < 0)
		return rc;
	x->rp = x->nfirst;
	for (k = 1; k < x->d.header_rows; k++)
		if ((rc = svy_reader_next(x->rd, &row, e)) <= 0)
			return rc < 0 ? src_fail(x, rc, e) : 0;
	return 0;
}

static int prepare(struct ctx *x, struct svy_error *e)
{
	int rc;

	if ((rc = start(x, e)) < 0 || (rc = plan(x, e)) < 0)
		return rc;
	x->score = svy_calloc(x->nscore + 1, sizeof *x->score);
	x->score_set = svy_calloc(x->nscore + 1, sizeof *x->score_set);
	if (!x->score || !x->score_set
	    || grow_cells(x, (x->ncol > x->d.ncols + 2 ? x->ncol : x->d.ncols + 2)) < 0)
		return nomem(e);
	return 0;
}

static int add_warnings(struct ctx *x)
{
	struct svy_ingest_result *res = x->res;
	char list[700], b[48];
	size_t i, n = 0, off = 0;
	unsigned long rep = svy_insrc_replaced(x->src);

	if (x->no_score && warn(res, "no score column found (by wording or platform)%s; name "
	                        "one with --nps, --csat, --ces or --score",
	                        x->explicit_cols ? "" : ": every column is passed through") < 0)
		return -1;
	for (i = 0; i < x->out.nrenames; i++) {
		const struct svy_rename *rn = &x->out.renames[i];

		if (!(rn->why & (SVY_RENAME_BLANK | SVY_RENAME_DUPLICATE))
		    || !(x->use[rn->col] & USE_PASS))
			continue;
		if (n++ < 8 && off < sizeof list - 100) {
			int w = snprintf(list + off, sizeof list - off, "%s'%s' (column %zu) -> %s",
			                 n > 1 ? ", " : "", quote(rn->from, strlen(rn->from), b, sizeof b),
			                 rn->col + 1, rn->to);
			off += w > 0 ? (size_t)w : 0;
		}
	}
	if (n > 8 && off < sizeof list - 40)
		snprintf(list + off, sizeof list - off, ", and %zu more", n - 8);
	if (n && warn(res, "%zu column name%s made unique: %s", n, n == 1 ? "" : "s", list) < 0)
		return -1;
	if (x->mangled && warn(res, "%lu respondent id%s look%s mangled by a spreadsheet "
	                       "(e.g. '%s'): not used to find duplicates", x->mangled,
	                       x->mangled == 1 ? "" : "s", x->mangled == 1 ? "s" : "",
	                       x->mangled_example) < 0)
		return -1;
	if (rep && warn(res, "%lu invalid byte sequence%s replaced by U+FFFD", rep,
	                rep == 1 ? "" : "s") < 0)
		return -1;
	return 0;
}

int svy_ingest_run(const struct svy_ingest_opts *o, struct svy_ingest_result *res,
                   struct svy_error *e)
{
	static const char *const rr[2] = { "line", "reason" };
	struct ctx x;
	struct svy_row row;
	struct svy_datefmt fmt;
	const char **names = NULL;
	unsigned long pos;
	size_t i;
	int rc;

	memset(&x, 0, sizeof x);
	memset(res, 0, sizeof *res);
	x.o = o;
	x.res = res;
	if ((rc = prepare(&x, e)) < 0 || (rc = setup_dates(&x, e)) < 0)
		goto out;
	x.dedupe_on = o->dedupe != SVY_DEDUPE_NONE && x.id_col >= 0;
	if (x.dedupe_on)
		svy_dupes_init(&x.dt, o->dedupe == SVY_DEDUPE_LAST);

	if (x.norders == 2 || x.dedupe_on) {
		svy_datefmt_init(&fmt);
		while ((rc = next_row(&x, &row, e)) == 1)
			if ((rc = pre_row(&x, &row, &fmt, e)) < 0)
				goto out;
		if (rc < 0)
			goto out;
		if (x.norders == 2) {
			struct svy_error de;

			svy_error_clear(&de);
			if (svy_datefmt_decide(&fmt, &x.order, &de) < 0) {
				rc = svy_error_at(e, SVY_EDATA, svy_insrc_name(x.src), 0,
				                  x.ref.name[x.date_col], "%s", de.msg);
				goto out;
			}
		}
		if ((rc = restart(&x, e)) < 0)
			goto out;
	} else {
		svy_insrc_keep(x.src, 0);
	}

	names = svy_calloc(x.d.ncols + 2 > x.ncol ? x.d.ncols + 2 : x.ncol, sizeof *names);
	if (!names) {
		rc = nomem(e);
		goto out;
	}
	if (!(x.w = svy_writer_open(o->output, o->format, ',', 0, e))) {
		rc = e->code;
		goto out;
	}
	for (i = 0; i < x.ncol; i++)
		names[i] = x.col[i].name;
	if ((rc = svy_writer_header(x.w, names, x.ncol, e)) < 0)
		goto out;
	if (o->rejects) {
		if (!(x.wr = svy_writer_open(o->rejects, SVY_FMT_CSV, ',', 0, e))) {
			rc = e->code;
			goto out;
		}
		for (i = 0; i < x.d.ncols; i++)
			names[i] = x.rej.name[i];
		names[x.d.ncols] = rr[0];
		names[x.d.ncols + 1] = rr[1];
		if ((rc = svy_writer_header(x.wr, names, x.d.ncols + 2, e)) < 0)
			goto out;
	}
	for (pos = 1; (rc = next_row(&x, &row, e)) == 1; pos++)
		if ((rc = final_row(&x, &row, pos, e)) < 0)
			goto out;
	if (rc < 0)
		goto out;
	if (add_warnings(&x) < 0) {
		rc = nomem(e);
		goto out;
	}
	rc = svy_writer_close(x.w, e);
	x.w = NULL;
	if (x.wr) {
		struct svy_error we;

		svy_error_clear(&we);
		if (svy_writer_close(x.wr, &we) < 0 && rc == 0) {
			*e = we;
			rc = we.code;
		}
		x.wr = NULL;
	}
out:
	if (rc < 0 && x.w) {
		/* keep what was written before the error: flush it */
		struct svy_error ig;

		svy_writer_close(x.w, &ig);
		x.w = NULL;
	}
	svy_free(names);
	ctx_fini(&x);
	return rc < 0 ? rc : 0;
}

/* ---- --detect ---- */

static const char *delim_name(char c)
{
	return c == ',' ? "comma" : c == ';' ? "semicolon" : c == '\t' ? "tab" : NULL;
}

int svy_ingest_detect(const struct svy_ingest_opts *o, char **report, struct svy_error *e)
{
	struct ctx x;
	struct svy_ingest_result res;
	struct sbuf b = { NULL, 0, 0, 0 };
	char q1[64];
	size_t i, j, width = 0;
	int rc, how;

	memset(&x, 0, sizeof x);
	memset(&res, 0, sizeof res);
	*report = NULL;
	x.o = o;
	x.res = &res;
	x.detect_only = 1;
	if ((rc = prepare(&x, e)) < 0)
		goto out;

	how = svy_insrc_how(x.src);
	sb_printf(&b, "input: %s\n", svy_insrc_name(x.src));
	sb_printf(&b, "encoding: %s (%s%s%s)\n", svy_insrc_encoding(x.src),
	          how == 1 ? "given" : svy_insrc_bom(x.src) ? "byte order mark" : "no byte order mark",
	          how == 1 && svy_insrc_bom(x.src) ? ", byte order mark" : "",
	          strcmp(svy_insrc_encoding(x.src), "UTF-8") != 0 ? "; converted to UTF-8" : "");
	if (delim_name(x.delim))
		sb_printf(&b, "delimiter: %s", delim_name(x.delim));
	else
		sb_printf(&b, "delimiter: '%c'", x.delim);
	sb_printf(&b, " (%s)\n", !x.delim_sniffed ? "given" : x.delim_consistent
	          ? "sniffed: the same count in every row" : "sniffed: the most frequent in row 1");
	sb_printf(&b, "platform: %s%s\n", svy_platform_name(x.d.platform),
	          o->platform >= 0 ? " (given)" : "");
	sb_printf(&b, "header rows: %d%s\n", x.d.header_rows, o->header_rows ? " (given)" : "");

	sb_printf(&b, "columns:\n");
	for (i = 0; i < x.ncol; i++)
		if (strlen(x.col[i].name) > width)
			width = strlen(x.col[i].name);
	for (i = 0; i < x.ncol; i++) {
		const struct ocol *c = &x.col[i];
		const char *raw = c->src >= 0 ? raw_name(&x, (size_t)c->src) : "";

		sb_printf(&b, "  %-*s <- ", (int)width, c->name);
		if (c->src < 0) {
			sb_printf(&b, "%s\n", c->role == ROLE_ID ? "none: the data row number"
			          : "none: dates are left empty");
			continue;
		}
		sb_printf(&b, "column %ld '%s'", c->src + 1, quote(raw, strlen(raw), q1, sizeof q1));
		if (c->role == ROLE_SCORE) {
			const char *w = strcmp(c->why, "given") == 0 ? "given" : c->why;

			if (c->has_scale)
				sb_printf(&b, " (%s; scale %ld-%ld)", w, c->lo, c->hi);
			else
				sb_printf(&b, " (%s; any integer)", w);
		} else if (c->role == ROLE_ID || c->role == ROLE_DATE || c->role == ROLE_SEGMENT
		           || c->role == ROLE_TEXT) {
			sb_printf(&b, " (%s%s)", c->why, c->role == ROLE_SEGMENT ? ", segment"
			          : c->role == ROLE_TEXT ? ", text" : "");
		}
		sb_printf(&b, "\n");
	}
	if (x.date_col >= 0) {
		sb_printf(&b, "dates: ");
		if (o->date_order != SVY_DATE_AUTO)
			sb_printf(&b, "day/month order given (%s)", o->date_order == SVY_DATE_MDY
			          ? "mdy" : "dmy");
		else
			sb_printf(&b, "day/month order inferred from the whole column");
		if (o->tz)
			sb_printf(&b, "; local times in %s, written in UTC (--tz)", o->tz);
		else if (contains_utc(raw_name(&x, (size_t)x.date_col)))
			sb_printf(&b, "; UTC (the column name says so)");
		else if (x.d.timezone[0] && zone_applies(&x))
			sb_printf(&b, "; local times in %s (header row 3), written with their offset",
			          x.d.timezone);
		else
			sb_printf(&b, "; no zone in the header: written with the zone a value "
			          "carries, else without an offset");
		sb_printf(&b, "\n");
	}
	if (x.status_col >= 0 || x.channel_col >= 0 || x.finished_col >= 0 || x.rtype_col >= 0) {
		sb_printf(&b, "dropped rows:");
		if (x.status_col >= 0)
			sb_printf(&b, " previews, tests and spam by '%s';", raw_name(&x, (size_t)x.status_col));
		if (x.channel_col >= 0)
			sb_printf(&b, " previews and tests by '%s';", raw_name(&x, (size_t)x.channel_col));
		if (x.finished_col >= 0 || x.rtype_col >= 0)
			sb_printf(&b, " partial responses by '%s'%s;",
			          raw_name(&x, (size_t)(x.finished_col >= 0 ? x.finished_col : x.rtype_col)),
			          o->keep_partial ? " (kept: --keep-partial)" : "");
		if (!b.nomem && b.len)
			b.len--;            /* the last ";" */
		sb_printf(&b, "\n");
	}
	sb_printf(&b, "duplicates: %s\n", x.id_col < 0 ? "none possible (no respondent id column)"
	          : o->dedupe == SVY_DEDUPE_NONE ? "kept (--dedupe none)"
	          : o->dedupe == SVY_DEDUPE_LAST ? "the last response of each respondent is kept"
	          : "the first response of each respondent is kept");
	sb_printf(&b, "candidates:%s\n", x.d.ncand ? "" : " none");
	for (i = 0; i < x.d.ncand; i++) {
		const struct svy_candidate *c = &x.d.cand[i];
		const char *raw = raw_name(&x, c->col);

		sb_printf(&b, "  %s: column %zu '%s' (%s)\n", kind_name(c->kind), c->col + 1,
		          quote(raw, strlen(raw), q1, sizeof q1), c->why);
	}
	if (x.ambiguous[0])
		sb_printf(&b, "ambiguous: %s\n", x.ambiguous);
	if (x.no_score)
		sb_printf(&b, "scores: none found by wording or platform\n");
	for (i = 0, j = 0; i < x.out.nrenames; i++) {
		const struct svy_rename *rn = &x.out.renames[i];

		if (!(rn->why & (SVY_RENAME_BLANK | SVY_RENAME_DUPLICATE))
		    || !(x.use[rn->col] & USE_PASS))
			continue;
		if (j++ == 0)
			sb_printf(&b, "renamed:\n");
		sb_printf(&b, "  column %zu '%s' -> %s (%s)\n", rn->col + 1,
		          quote(rn->from, strlen(rn->from), q1, sizeof q1), rn->to,
		          rn->why & SVY_RENAME_BLANK ? "blank name" : "duplicate name");
	}
	sb_printf(&b, "why:\n");
	for (i = 0; i < x.d.nreasons; i++)
		sb_printf(&b, "  %s\n", x.d.reason[i]);
	if (b.nomem) {
		rc = nomem(e);
		goto out;
	}
	*report = b.p;
	b.p = NULL;
out:
	svy_free(b.p);
	svy_ingest_result_fini(&res);
	ctx_fini(&x);
	return rc < 0 ? rc : 0;
}
