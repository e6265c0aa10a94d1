/* ingest.c - the survey-ingest pipeline: opening and detection, the row
 * verdicts, de-duplication, the passes, the --detect report and the
 * accounting.  The options are in opts.c, the column plan in plan.c.
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

#include "ctx.h"
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
#include "words.h"

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

/* ---- dates and zones ---- */

static int zone_applies(const struct ctx *x)
{
	const char *id = x->d.import_id[x->date_col];

	if (id)
		return svy_ieq(id, "startDate") || svy_ieq(id, "endDate") || svy_ieq(id, "recordedDate");
	return x->date_col == x->d.date_col;
}

static int contains_utc(const char *s)
{
	for (; *s; s++)
		if (s[0] == '(' && svy_lower((unsigned char)s[1]) == 'u' && svy_lower((unsigned char)s[2]) == 't'
		    && svy_lower((unsigned char)s[3]) == 'c' && s[4] == ')')
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
	svy_trim(t, tl);
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
			if (!svy_blank(r->field[i], r->len[i]))
				return judge(v, SVY_R_FIELDS, "row has %zu fields, the header has %zu "
				             "(field %zu is '%s')", r->nfields, x->d.ncols, i + 1,
				             svy_error_quote(r->field[i], r->len[i], q, sizeof q));
	}
	if (x->status_col >= 0) {
		static const struct { const char *code, *text; int reason; } st[] = {
			{ "1", "Survey Preview", SVY_R_PREVIEW }, { "2", "Survey Test", SVY_R_TEST },
			{ "8", "Spam", SVY_R_SPAM },
		};

		cell(r, x->status_col, &s, &len);
		keyword(s, len, &t, &tl);
		for (k = 0; k < sizeof st / sizeof st[0]; k++)
			if (svy_eq_word(t, tl, st[k].code) || svy_eq_word(t, tl, st[k].text))
				return judge(v, st[k].reason, "Status '%s'", svy_error_quote(s, len, q, sizeof q));
	}
	if (x->channel_col >= 0) {
		cell(r, x->channel_col, &s, &len);
		keyword(s, len, &t, &tl);
		if (svy_eq_word(t, tl, "preview") || svy_eq_word(t, tl, "test"))
			return judge(v, svy_eq_word(t, tl, "test") ? SVY_R_TEST : SVY_R_PREVIEW,
			             "DistributionChannel '%s'", svy_error_quote(s, len, q, sizeof q));
	}
	if (!o->keep_partial && x->finished_col >= 0) {
		cell(r, x->finished_col, &s, &len);
		keyword(s, len, &t, &tl);
		if (svy_eq_word(t, tl, "0") || svy_eq_word(t, tl, "false"))
			return judge(v, SVY_R_PARTIAL, "Finished '%s'", svy_error_quote(s, len, q, sizeof q));
	}
	if (!o->keep_partial && x->rtype_col >= 0) {
		cell(r, x->rtype_col, &s, &len);
		keyword(s, len, &t, &tl);
		if (svy_eq_word(t, tl, "partial"))
			return judge(v, SVY_R_PARTIAL, "Response Type '%s'", svy_error_quote(s, len, q, sizeof q));
	}
	if (x->id_col >= 0) {
		cell(r, x->id_col, &s, &len);
		if (svy_blank(s, len))
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
			             c->name, svy_error_quote(s, len, q, sizeof q));
		if (rc == 0 && c->has_scale && (val < c->lo || val > c->hi)) {
			char num[24];
			const char *t = s;
			size_t tl = len;

			svy_trim(&t, &tl);
			snprintf(num, sizeof num, "%ld", val);
			if (tl == strlen(num) && memcmp(t, num, tl) == 0)
				return judge(v, SVY_R_SCALE, "%s '%s' is not in %ld-%ld", c->name,
				             svy_error_quote(s, len, q, sizeof q), c->lo, c->hi);
			return judge(v, SVY_R_SCALE, "%s '%s' means %ld, not in %ld-%ld", c->name,
			             svy_error_quote(s, len, q, sizeof q), val, c->lo, c->hi);
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
	if (svy_num_missing(s, len))
		return -1;              /* empty or NA: no date (surveykit(7)) */
	svy_error_clear(&de);
	rc = svy_date_parse(&v->dt, s, len, order, &de);
	if (rc == SVY_EMISSING)
		return -1;
	if (rc < 0)
		return judge(v, SVY_R_DATE, "date %s", de.msg);
	if (!v->dt.has_zone && v->dt.has_time) {
		if (x->date_utc) {
			v->dt.has_zone = 1;
			v->dt.offset_minutes = v->dt.offset_seconds = 0;
		} else if (x->tz && svy_tz_localize(x->tz, &v->dt, &de) < 0) {
			return judge(v, SVY_R_DATE, "date %s", de.msg);
		}
	}
	if (x->to_utc && v->dt.has_zone && v->dt.has_time && svy_date_to_utc(&v->dt, &de) < 0) {
		char q[64];

		return judge(v, SVY_R_DATE, "date '%s' cannot be written in UTC: %s",
		             svy_error_quote(s, len, q, sizeof q), de.msg);
	}
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
	svy_trim(s, len);
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

/* The first pass reads only what pre_row judges by: the verdict columns,
 * the id and the date, the scores, and whatever lies beyond the detected
 * columns (the extra-fields check; the reader hands out rows longer than
 * the header whole). */
static int want_first_pass(struct ctx *x, struct svy_error *e)
{
	const long one[] = { x->status_col, x->channel_col, x->finished_col,
	                     x->rtype_col, x->id_col, x->date_col };
	const size_t cap = x->ncol + x->hdr->ncols + sizeof one / sizeof one[0];
	size_t *cols, n = 0, i;
	int rc;

	cols = svy_calloc(cap, sizeof *cols);
	if (!cols)
		return nomem(e);
	for (i = 0; i < sizeof one / sizeof one[0]; i++)
		if (one[i] >= 0)
			cols[n++] = (size_t)one[i];
	for (i = 0; i < x->ncol; i++)
		if (x->col[i].role == ROLE_SCORE && x->col[i].src >= 0)
			cols[n++] = (size_t)x->col[i].src;
	for (i = x->d.ncols; i < x->hdr->ncols; i++)
		cols[n++] = i;
	rc = svy_reader_want(x->rd, cols, n, e);
	svy_free(cols);
	return rc;
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
				svy_error_quote(s, len, x->mangled_example, sizeof x->mangled_example);
		} else if (!svy_dupes_won(&x->dt, r->line, order_index(x))) {
			/* a row that lost: look up which one won, to name it */
			unsigned long won = svy_dupes_winner(&x->dt, s, len, order_index(x));
			char q[64];

			/* rows are named by their first line, the same in both passes */
			if (won && won != r->line)
				judge(&v, SVY_R_DUPLICATE, "respondent '%s' answered again: line %lu "
				      "is kept (--dedupe %s)", svy_error_quote(s, len, q, sizeof q), won,
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

	if ((rc = svy_ingest_check(x->o, e)) < 0 || (rc = start(x, e)) < 0 ||
	    (rc = svy_ingest_plan(x, e)) < 0)
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
			                 n > 1 ? ", " : "", svy_error_quote(rn->from, strlen(rn->from), b, sizeof b),
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
	if (x->order_assumed &&
	    warn(res, "'%s': %lu date%s read%s either way round and none has a day above "
	         "12: taken month first, as SurveyMonkey writes them (--date-format dmy if "
	         "a day-first program saved the file again)",
	         svy_error_quote(x->d.name[x->date_col], strlen(x->d.name[x->date_col]),
	                         b, sizeof b), x->order_assumed,
	         x->order_assumed == 1 ? "" : "s", x->order_assumed == 1 ? "s" : "") < 0)
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
		if ((rc = want_first_pass(&x, e)) < 0)
			goto out;
		while ((rc = next_row(&x, &row, e)) == 1)
			if ((rc = pre_row(&x, &row, &fmt, e)) < 0)
				goto out;
		if (rc < 0)
			goto out;
		if (x.norders == 2) {
			struct svy_error de;

			svy_error_clear(&de);
			if (svy_datefmt_decide(&fmt, svy_detect_date_order(&x.d, x.date_col),
			                       &x.order, &de) < 0) {
				rc = svy_error_at(e, SVY_EDATA, svy_insrc_name(x.src), 0,
				                  x.ref.name[x.date_col], "%s", de.msg);
				goto out;
			}
			if (!fmt.mdy && !fmt.dmy)
				x.order_assumed = fmt.both;
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
		sb_printf(&b, "column %ld '%s'", c->src + 1, svy_error_quote(raw, strlen(raw), q1, sizeof q1));
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
		else if (svy_detect_date_order(&x.d, x.date_col) == SVY_DATE_MDY)
			sb_printf(&b, "day/month order inferred from the whole column, month "
			          "first if every date reads both ways (the platform's own format)");
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
		          svy_error_quote(raw, strlen(raw), q1, sizeof q1), c->why);
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
		          svy_error_quote(rn->from, strlen(rn->from), q1, sizeof q1), rn->to,
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
