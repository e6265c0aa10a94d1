/* run.c - the aggregator driver loop, partial-state writing and merging. */
#include "run.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "colopt.h"
#include "group.h"
#include "mem.h"
#include "num.h"
#include "reader.h"
#include "split.h"

enum { K_BY = 300, K_WEIGHT, K_MIN_N, K_CONF, K_TOTAL, K_PARTIAL, K_MERGE, K_SKIP,
       K_COLUMNS, K_JOBS = 'j' };

#define MAX_JOBS 64

static const struct svy_opt agg_opts[] = {
	{ "by", K_BY, "COLS", "one row per group of these columns (comma-separated)" },
	{ "weight", K_WEIGHT, "COL", "weight each answer by this column" },
	{ "conf", K_CONF, "LEVEL", "confidence level of intervals (default 0.95)" },
	{ "min-n", K_MIN_N, "N", "flag groups with fewer answers as low_base (default 30)" },
	{ "total", K_TOTAL, NULL, "add a row over all groups, labelled (all)" },
	{ "skip-invalid", K_SKIP, NULL, "count invalid answers instead of stopping" },
	{ "partial", K_PARTIAL, NULL, "write mergeable states instead of results" },
	{ "merge", K_MERGE, NULL, "read states written by --partial and finish them" },
	{ "jobs", K_JOBS, "N", "read one input file with N threads (default 1)" },
	{ "columns", K_COLUMNS, "NAMES", "the input has no header line: these are its columns" },
};

static int agg_handle(void *ctx, int key, const char *arg, struct svy_error *e)
{
	struct svy_agg *a = ctx;

	switch (key) {
	case K_BY: a->by = arg; return 0;
	case K_WEIGHT: a->weight = arg; return 0;
	case K_MIN_N: return svy_cli_long("--min-n", arg, 0, 1000000000L, &a->min_n, e);
	case K_CONF: return svy_cli_real("--conf", arg, 1e-9, 1 - 1e-9, &a->conf, e);
	case K_TOTAL: a->total = 1; return 0;
	case K_PARTIAL: a->partial = 1; return 0;
	case K_MERGE: a->merge = 1; return 0;
	case K_SKIP: a->skip_invalid = 1; return 0;
	case K_JOBS: return svy_cli_long("--jobs", arg, 1, MAX_JOBS, &a->jobs, e);
	case K_COLUMNS: a->columns = arg; return 0;
	}
	return svy_error_set(e, SVY_EUSAGE, "internal: unknown option key %d", key);
}

void svy_agg_init(struct svy_agg *a)
{
	memset(a, 0, sizeof *a);
	a->min_n = 30;
	a->conf = 0.95;
	a->jobs = 1;
}

const struct svy_optset *svy_agg_optset(struct svy_agg *a)
{
	static struct svy_optset s = { "Grouping and estimation", agg_opts,
	                               sizeof agg_opts / sizeof agg_opts[0],
	                               agg_handle, NULL };
	s.ctx = a;
	return &s;
}

int svy_agg_check(const struct svy_agg *a, const struct svy_common *c,
                  struct svy_error *e)
{
	if (a->partial && a->merge)
		return svy_error_set(e, SVY_EUSAGE, "--partial and --merge exclude each other");
	if (a->partial && c->format != SVY_FMT_CSV)
		return svy_error_set(e, SVY_EUSAGE, "--partial writes CSV; drop --format");
	if (a->merge && a->columns)
		return svy_error_set(e, SVY_EUSAGE, "partial states have a header: drop --columns");
	if (a->merge && a->weight)
		return svy_error_set(e, SVY_EUSAGE,
		                     "--weight goes with the --partial runs, not with --merge");
	return 0;
}

/* Everything one run holds, so helpers take one pointer. */
struct run {
	const struct svy_agg *a;
	struct svy_metric *m;
	const struct svy_common *c;
	struct svy_reader *r;
	struct svy_groups *g;
	size_t nstate;
	const struct svy_run_hooks *h;
	struct svy_run_summary *sum;
	size_t by[SVY_MAX_COLS], nby;    /* key columns: --by, then a derived key */
	int derived;                     /* the last key is derived (hooks) */
	size_t dcol;                     /* the column it is derived from */
	char dbuf[128];
	const char *byname[SVY_MAX_COLS];
	size_t col, wcol;
	size_t state0;           /* merge: index of the first state column */
	char id[48];             /* the metric's identity in partial states */
	const char *vals[SVY_MAX_COLS];
	size_t lens[SVY_MAX_COLS];
};

/* Tell the reader which columns the run reads: the rest need not be
 * unquoted or terminated. */
static int want_columns(const struct run *x, struct svy_reader *r, struct svy_error *e)
{
	size_t cols[SVY_MAX_COLS + 3], n = 0, i;

	for (i = 0; i < x->nby - (size_t)x->derived; i++)
		cols[n++] = x->by[i];
	cols[n++] = x->col;
	if (x->a->weight)
		cols[n++] = x->wcol;
	if (x->derived)
		cols[n++] = x->dcol;
	return svy_reader_want(r, cols, n, e);
}

static int bind_direct(struct run *x, struct svy_error *e)
{
	const struct svy_header *h = svy_reader_header(x->r);
	size_t n, i;
	int rc;

	if (x->a->by && (rc = svy_header_resolve(h, x->a->by, x->by, SVY_MAX_COLS - 1,
	                                         &x->nby, e)) < 0)
		return rc;
	if ((rc = svy_header_resolve(h, x->m->column, &x->col, 1, &n, e)) < 0)
		return rc;
	if (x->a->weight &&
	    (rc = svy_header_resolve(h, x->a->weight, &x->wcol, 1, &n, e)) < 0)
		return rc;
	for (i = 0; i < x->nby; i++)
		x->byname[i] = h->name[x->by[i]];
	if (x->h && x->h->derived_name) {
		if ((rc = svy_header_resolve(h, x->h->derived_column, &x->dcol, 1, &n, e)) < 0)
			return rc;
		x->byname[x->nby++] = x->h->derived_name;
		x->derived = 1;
	}
	return want_columns(x, x->r, e);
}

/* Merge input: the tag, the --by columns, then exactly the state columns. */
static int bind_merge(struct run *x, struct svy_error *e)
{
	const struct svy_header *h = svy_reader_header(x->r);
	char name[64];
	size_t i;

	if (h->ncols == 0 || strncmp(h->name[0], "svy_partial_v", 13) != 0)
		return svy_error_at(e, SVY_EDATA, h->file, 1, NULL,
		                    "not a partial-state file (its first column is not "
		                    "'%s'; write one with --partial)", SVY_PARTIAL_TAG);
	/* the tag says whether the states are weighted, so that even a partial
	 * without a row merges into the right columns */
	if (strcmp(h->name[0], SVY_PARTIAL_TAG SVY_WEIGHTED_SUFFIX) == 0)
		x->m->weighted = 1;
	else if (strcmp(h->name[0], SVY_PARTIAL_TAG) == 0)
		x->m->weighted = 0;
	else
		return svy_error_at(e, SVY_EDATA, h->file, 1, NULL,
		                    "partial-state format '%s' is not supported (this "
		                    "version reads '%s')", h->name[0], SVY_PARTIAL_TAG);
	if (h->ncols < 1 + x->nstate)
		return svy_error_at(e, SVY_EDATA, h->file, 1, NULL,
		                    "partial state has %zu columns, too few for %s",
		                    h->ncols, x->m->id);
	x->nby = h->ncols - 1 - x->nstate;
	if (x->nby >= SVY_MAX_COLS)
		return svy_error_at(e, SVY_EDATA, h->file, 1, NULL, "too many group columns");
	x->state0 = 1 + x->nby;
	for (i = 0; i < x->nstate; i++) {
		svy_metric_state_name(x->m, i, name, sizeof name);
		if (strcmp(h->name[x->state0 + i], name) != 0)
			return svy_error_at(e, SVY_EDATA, h->file, 1, NULL,
			                    "partial-state column %zu is '%s', expected '%s' "
			                    "(written by another metric or scale?)",
			                    x->state0 + i + 1, h->name[x->state0 + i], name);
	}
	for (i = 0; i < x->nby; i++) {
		x->by[i] = 1 + i;
		x->byname[i] = h->name[1 + i];
	}
	if (x->h && x->h->derived_name) {
		if (x->nby == 0 || strcmp(x->byname[x->nby - 1], x->h->derived_name) != 0)
			return svy_error_at(e, SVY_EDATA, h->file, 1, NULL,
			                    "partial state has no '%s' column before its state "
			                    "(written by another command?)", x->h->derived_name);
		x->derived = 1;
	}
	if (x->a->by) {
		size_t idx[SVY_MAX_COLS], n, nuser = x->nby - (size_t)x->derived;
		int rc = svy_header_resolve(h, x->a->by, idx, SVY_MAX_COLS, &n, e);
		if (rc < 0)
			return rc;
		for (i = 0; i < n && i < nuser; i++)
			if (idx[i] != 1 + i)
				break;
		if (n != nuser || i != n)
			return svy_error_at(e, SVY_EUSAGE, h->file, 1, NULL,
			                    "--by '%s' differs from the groups of the partial "
			                    "state", x->a->by);
	}
	return 0;
}

/* A state value of a partial row that is not one (or that overflows the
 * merged sum): SVY_EDATA at its column.  Out of line, and the column's name
 * made only here: a merge of a million groups reads tens of millions. */
static __attribute__((noinline, cold)) int bad_state(const struct run *x,
                                                     const struct svy_row *row, size_t i,
                                                     int overflow, struct svy_error *e)
{
	const int count = svy_metric_state_is_count(x->m, i);
	const char *s = row->field[x->state0 + i];
	char name[64], q[200];

	svy_metric_state_name(x->m, i, name, sizeof name);
	if (overflow)
		return svy_error_at(e, SVY_EDATA, row->file, row->line, name,
		                    "merged %s overflow%s", count ? "counts" : "sums of weights",
		                    count ? " 2^53 - 1: they would lose precision" : "");
	return svy_error_at(e, SVY_EDATA, row->file, row->line, name,
	                    count ? "'%s' is not a state value (a count: a whole "
	                            "number from 0 to 2^53 - 1)"
	                          : "'%s' is not a state value (a sum of weights: "
	                            "a number >= 0)",
	                    svy_error_quote(s, row->len[x->state0 + i], q, sizeof q));
}

static int add_merge_row(struct run *x, const struct svy_row *row, double *st,
                         struct svy_error *e)
{
	char q[200];
	size_t i;

	size_t idlen = strlen(x->m->id);
	int weighted;

	/* the identity says the metric, its scale, and whether it was weighted */
	if (strncmp(row->field[0], x->m->id, idlen) != 0 ||
	    (row->field[0][idlen] != '\0' && strcmp(row->field[0] + idlen, SVY_WEIGHTED_SUFFIX) != 0))
		return svy_error_at(e, SVY_EDATA, row->file, row->line, SVY_PARTIAL_TAG,
		                    "state of '%s', not of '%s'",
		                    svy_error_quote(row->field[0], row->len[0], q, sizeof q),
		                    x->m->id);
	weighted = row->field[0][idlen] != '\0';
	if (x->m->weighted != weighted)
		return svy_error_at(e, SVY_EDATA, row->file, row->line, SVY_PARTIAL_TAG,
		                    "weighted and unweighted states cannot be merged");
	for (i = 0; i < x->nstate; i++) {
		const char *s = row->field[x->state0 + i];
		size_t len = row->len[x->state0 + i];
		int count = svy_metric_state_is_count(x->m, i);
		double v;

		if (svy_num_double(s, len, &v) != 0 || v < 0 ||
		    (count && (v != floor(v) || v > SVY_COUNT_MAX)))
			return bad_state(x, row, i, 0, e);
		/* checked before adding: past 2^53 a sum of counts silently rounds */
		if ((count && v > SVY_COUNT_MAX - st[i]) || !isfinite(st[i] + v))
			return bad_state(x, row, i, 1, e);
		st[i] += v;
	}
	return 0;
}

/* Weight of a row: 0 and *w, or the SVY_ST_WD_* slot that counts its drop. */
static int weight_of(const struct run *x, const struct svy_row *row, double *w)
{
	int rc;

	if (!x->a->weight) {
		*w = 1;
		return 0;
	}
	rc = svy_num_double(row->field[x->wcol], row->len[x->wcol], w);
	if (rc == SVY_EMISSING)
		return SVY_ST_WD_MISSING;
	if (rc != 0)
		return SVY_ST_WD_INVALID;
	if (!(*w > 0))
		return SVY_ST_WD_NONPOS;
	/* squares and sums of weights must stay finite and non-zero */
	return *w >= SVY_WEIGHT_MIN && *w <= SVY_WEIGHT_MAX ? 0 : SVY_ST_WD_INVALID;
}

/* A parser's message in e, placed at the row and column: SVY_EDATA.  Out
 * of line: its buffer would otherwise widen the frame of every row's call. */
static __attribute__((noinline, cold)) int invalid_at(const struct svy_row *row,
                                                      const char *column,
                                                      struct svy_error *e)
{
	char msg[SVY_ERRMSG_MAX];

	snprintf(msg, sizeof msg, "%s", e->msg);
	return svy_error_at(e, SVY_EDATA, row->file, row->line, column, "%s", msg);
}

static int add_direct_row(struct run *x, const struct svy_row *row, double *st,
                          struct svy_error *e)
{
	double w = 1;
	int value, rc, drop;

	rc = svy_metric_parse(x->m, row->field[x->col], row->len[x->col], &value, e);
	if (rc == SVY_EMISSING) {
		st[SVY_ST_MISSING] += 1;
		return 0;
	}
	if (rc < 0) {
		if (x->a->skip_invalid) {
			st[SVY_ST_INVALID] += 1;
			return 0;
		}
		return invalid_at(row, svy_reader_header(x->r)->name[x->col], e);
	}
	drop = weight_of(x, row, &w);
	svy_metric_add(x->m, st, value, w, drop);
	return 0;
}

static int write_partial(struct run *x, const struct svy_group *gs, size_t ng,
                         struct svy_writer *w, struct svy_error *e)
{
	const char *names[SVY_MAX_COLS + 512];
	char namebuf[512][24];
	struct svy_cell *cells;
	size_t ncols = 1 + x->nby + x->nstate, i, j;
	int rc = 0;

	if (x->nstate > 512)
		return svy_error_set(e, SVY_EUSAGE, "internal: state too large");
	names[0] = x->m->weighted ? SVY_PARTIAL_TAG SVY_WEIGHTED_SUFFIX : SVY_PARTIAL_TAG;
	for (i = 0; i < x->nby; i++)
		names[1 + i] = x->byname[i];
	for (i = 0; i < x->nstate; i++)
		names[1 + x->nby + i] = svy_metric_state_name(x->m, i, namebuf[i],
		                                              sizeof namebuf[i]);
	if ((rc = svy_writer_header(w, names, ncols, e)) < 0)
		return rc;
	cells = svy_calloc(ncols, sizeof *cells);
	if (!cells)
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	for (j = 0; j < ng && rc == 0; j++) {
		cells[0].kind = SVY_CELL_STR;
		cells[0].s = x->id;
		for (i = 0; i < x->nby; i++) {
			cells[1 + i].kind = SVY_CELL_STR;
			cells[1 + i].s = svy_group_value(&gs[j], i);
		}
		for (i = 0; i < x->nstate; i++) {
			cells[1 + x->nby + i].kind = SVY_CELL_EXACT;
			cells[1 + x->nby + i].v = gs[j].st[i];
		}
		rc = svy_writer_row(w, cells, ncols, e);
	}
	svy_free(cells);
	return rc;
}

static int write_result_row(const struct svy_collected *c, struct svy_writer *w,
                            struct svy_cell *cells, size_t ncols,
                            const struct svy_group *grp, const double *st,
                            struct svy_error *e)
{
	size_t i;

	for (i = 0; i < c->nkeys; i++) {
		cells[i].kind = SVY_CELL_STR;
		cells[i].s = grp ? svy_group_value(grp, i) : SVY_TOTAL_LABEL;
	}
	c->m->result(c->m, st, cells + c->nkeys);
	return svy_writer_row(w, cells, ncols, e);
}

int svy_write_results(const struct svy_agg *a, const struct svy_collected *c,
                      struct svy_writer *w, struct svy_error *e)
{
	const char *names[2 * SVY_MAX_COLS];
	struct svy_cell cells[2 * SVY_MAX_COLS];
	size_t ncols, i;
	int rc;

	for (i = 0; i < c->nkeys; i++)
		names[i] = c->keynames[i];
	ncols = c->nkeys + c->m->columns(c->m, names + c->nkeys);
	if ((rc = svy_writer_header(w, names, ncols, e)) < 0)
		return rc;
	/* without --by there is always one row, even for an empty input */
	if (c->nkeys == 0)
		return write_result_row(c, w, cells, ncols, NULL, c->total, e);
	for (i = 0; i < c->ngroups; i++)
		if ((rc = write_result_row(c, w, cells, ncols, &c->groups[i],
		                           c->groups[i].st, e)) < 0)
			return rc;
	if (a->total)
		rc = write_result_row(c, w, cells, ncols, NULL, c->total, e);
	return rc;
}

/* Whether a state's counts, or sums of them, leave the exact range. */
static int counts_overflow(const struct svy_metric *m, const double *st)
{
	double n = 0;
	size_t i, k = svy_metric_k(m);

	for (i = 0; i < SVY_ST_HEAD + k; i++)
		if (st[i] > SVY_COUNT_MAX)
			return 1;
	for (i = 0; i < k; i++)
		n += st[SVY_ST_HEAD + i];
	return n > SVY_COUNT_MAX;     /* n, the printed sum of the n_* */
}

static int finish(struct run *x, struct svy_run_summary *sum, struct svy_error *e)
{
	const struct svy_group *gs;
	struct svy_collected coll;
	struct svy_writer *w;
	double *total;
	size_t ng = svy_groups_count(x->g), i, j;
	int rc, rc2;

	if (!(gs = svy_groups_sorted(x->g, e)))
		return e->code;
	total = svy_calloc(x->nstate, sizeof *total);
	if (!total)
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	for (i = 0; i < ng; i++)
		for (j = 0; j < x->nstate; j++)
			total[j] += gs[i].st[j];
	/* every count printed (a group's n, the total's) must be exact */
	for (i = 0; i <= ng; i++)
		if ((i < ng || x->a->total || x->nby == 0) &&
		    counts_overflow(x->m, i < ng ? gs[i].st : total)) {
			svy_free(total);
			return svy_error_set(e, SVY_EDATA, "counts %s exceed 2^53 - 1: they "
			                     "would lose precision",
			                     i < ng ? "of a group" : "over all groups");
		}
	sum->missing = total[SVY_ST_MISSING];
	sum->invalid = total[SVY_ST_INVALID];
	sum->wd_missing = total[SVY_ST_WD_MISSING];
	sum->wd_invalid = total[SVY_ST_WD_INVALID];
	sum->wd_nonpos = total[SVY_ST_WD_NONPOS];
	sum->groups = ng;

	w = svy_writer_open(x->c->output, x->a->partial ? SVY_FMT_CSV : x->c->format,
	                    ',', x->c->precision, e);
	if (!w) {
		svy_free(total);
		return e->code;
	}
	coll.m = x->m;
	coll.groups = gs;
	coll.ngroups = ng;
	coll.keynames = x->byname;
	coll.nkeys = x->nby;
	coll.total = total;
	if (x->a->partial)
		rc = write_partial(x, gs, ng, w, e);
	else if (x->h && x->h->finish)
		rc = x->h->finish(x->h->ctx, &coll, w, e);
	else
		rc = svy_write_results(x->a, &coll, w, e);
	rc2 = svy_writer_close(w, rc < 0 ? NULL : e);
	svy_free(total);
	return rc < 0 ? rc : rc2;
}

int svy_run(const struct svy_agg *a, struct svy_metric *m,
            const struct svy_common *c, const char *const *files, size_t nfiles,
            struct svy_run_summary *sum, struct svy_error *e)
{
	return svy_run_with(a, m, c, files, nfiles, NULL, sum, e);
}

/* The derived key of a row into x->vals/lens; 1 to use the row, 0 to skip it
 * (counted), or a negative error. */
static int derive_key(struct run *x, const struct svy_row *row, struct svy_error *e)
{
	size_t k = x->nby - 1;
	int rc = x->h->derive(x->h->ctx, row->field[x->dcol], row->len[x->dcol],
	                      x->dbuf, sizeof x->dbuf, e);

	if (rc >= 0) {
		x->vals[k] = x->dbuf;
		x->lens[k] = (size_t)rc;
		return 1;
	}
	if (rc == SVY_EMISSING) {
		x->sum->key_missing += 1;
		return 0;
	}
	if (rc == SVY_EINVALID && x->a->skip_invalid) {
		x->sum->key_invalid += 1;
		return 0;
	}
	if (rc == SVY_EINVALID)
		return invalid_at(row, svy_reader_header(x->r)->name[x->dcol], e);
	return rc;
}

/* One row into x->g: 0, or a negative code. */
static inline int consume_row(struct run *x, const struct svy_row *row, struct svy_error *e)
{
	const int merge = x->a->merge;
	const size_t nplain = x->nby - (size_t)(x->derived && !merge);
	double *st;
	size_t i;
	int rc;

	for (i = 0; i < nplain; i++) {
		x->vals[i] = row->field[x->by[i]];
		x->lens[i] = row->len[x->by[i]];
	}
	if (x->derived && !merge && (rc = derive_key(x, row, e)) <= 0)
		return rc;    /* 0: the row is skipped (counted) */
	if (!(st = svy_groups_get(x->g, x->vals, x->lens, e)))
		return e->code;
	return merge ? add_merge_row(x, row, st, e) : add_direct_row(x, row, st, e);
}

/* Every row of x->r into x->g.  0 at the end, or a negative code. */
static int consume(struct run *x, struct svy_error *e)
{
	struct svy_row rows[64];
	int i, n, rc = 0;

	while ((n = svy_reader_batch(x->r, rows, sizeof rows / sizeof rows[0], e)) > 0)
		for (i = 0; i < n; i++)
			if ((rc = consume_row(x, &rows[i], e)) < 0)
				return rc;
	return n;
}

/* ---- one file, several threads ---------------------------------------- */

struct par;

struct worker {
	struct run x;            /* a copy of the run with its own reader and groups */
	struct svy_run_summary sum;
	struct svy_error e;
	int rc;
	const struct par *par;
	long long a, b;          /* raw cut [a, b): counted in the first round */
	struct svy_count count;
	long long pos, end;      /* the records read: [pos, end), record boundaries */
	unsigned long first_line;
};

struct par {
	int fd;
	const char *file;
	const struct svy_header *header;
};

static long range_read(void *ctx, void *buf, size_t n)
{
	struct worker *w = ctx;
	ssize_t k;

	if (w->pos >= w->end)
		return 0;
	if ((long long)n > w->end - w->pos)
		n = (size_t)(w->end - w->pos);
	do
		k = pread(w->par->fd, buf, n, (off_t)w->pos);
	while (k < 0 && errno == EINTR);
	if (k > 0)
		w->pos += k;
	return (long)k;
}

static void *count_range(void *arg)
{
	struct worker *w = arg;

	if (svy_split_count(w->par->fd, w->a, w->b, &w->count) < 0)
		w->rc = svy_error_at(&w->e, SVY_EIO, w->par->file, 0, NULL,
		                     "read error: %s", strerror(errno));
	return NULL;
}

static void *read_range(void *arg)
{
	struct worker *w = arg;
	struct svy_reader_opts ro = { .delim = w->x.c->delim, .header = w->par->header,
	                              .first_line = w->first_line };
	struct svy_source src = { range_read, w, w->par->file };

	w->x.sum = &w->sum;
	if (!(w->x.r = svy_reader_open_source(&src, &ro, &w->e)) ||
	    want_columns(&w->x, w->x.r, &w->e) < 0 ||
	    !(w->x.g = svy_groups_new(w->x.nby, w->x.nstate, &w->e))) {
		w->rc = w->e.code;
		return NULL;
	}
	w->rc = consume(&w->x, &w->e);
	w->sum.rows = svy_reader_rows(w->x.r);
	return NULL;
}

/* Run fn on every worker, each in a thread (or here, if one cannot start). */
static void round_of(struct worker *w, size_t n, void *(*fn)(void *))
{
	pthread_t tid[MAX_JOBS];
	int started[MAX_JOBS];
	size_t k;

	for (k = 1; k < n; k++)
		started[k] = pthread_create(&tid[k], NULL, fn, &w[k]) == 0;
	fn(&w[0]);
	for (k = 1; k < n; k++) {
		if (started[k])
			pthread_join(tid[k], NULL);
		else
			fn(&w[k]);
	}
}

/* Cut the file into n ranges at record boundaries (see split.h): 0, 1 when
 * the file cannot be cut (lone CRs), or a negative code. */
static int cut(struct worker *w, size_t n, long long data, long long size,
               unsigned long data_line, struct svy_error *e)
{
	long long quotes = 0, lfs = 0, extra;
	size_t k;

	for (k = 0; k < n; k++) {
		w[k].a = data + (size - data) * (long long)k / (long long)n;
		w[k].b = data + (size - data) * (long long)(k + 1) / (long long)n;
	}
	round_of(w, n, count_range);
	for (k = 0; k < n; k++)
		if (w[k].rc < 0) {
			*e = w[k].e;
			return w[k].rc;
		}
	for (k = 0; k < n; k++)
		if (w[k].count.lone_crs)
			return 1;    /* old Mac line ends: lines are not LFs, read with one thread */
	w[0].pos = data;
	w[0].first_line = data_line;
	for (k = 1; k < n; k++) {
		quotes += w[k - 1].count.quotes;
		lfs += w[k - 1].count.lfs;
		if (svy_split_boundary(w[k].par->fd, w[k].a, size, (int)(quotes & 1),
		                       &w[k].pos, &extra) < 0)
			return svy_error_at(e, SVY_EIO, w[k].par->file, 0, NULL,
			                    "read error: %s", strerror(errno));
		if (w[k].pos < w[k - 1].pos)
			w[k].pos = w[k - 1].pos;
		w[k].first_line = data_line + (unsigned long)(lfs + extra);
	}
	for (k = 0; k < n; k++)
		w[k].end = k + 1 < n ? w[k + 1].pos : size;
	return 0;
}

/* Read the rest of a single regular file with a->jobs threads, each over a
 * range of whole records with its own reader and groups; then merge the
 * groups in file order.  Anything else (a pipe, several files, a header
 * only libcsv could read) is read by one thread. */
static int consume_parallel(struct run *x, const char *file, struct svy_error *e)
{
	long long data = svy_reader_data_offset(x->r);
	struct worker w[MAX_JOBS];
	struct svy_count head;
	struct par p;
	struct stat sb;
	size_t k, n = (size_t)x->a->jobs;
	int rc;

	if (data < 0 || !file || strcmp(file, "-") == 0)
		return consume(x, e);
	p.fd = open(file, O_RDONLY | O_CLOEXEC);
	if (p.fd < 0 || fstat(p.fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		if (p.fd >= 0)
			close(p.fd);
		return consume(x, e);
	}
	p.file = svy_reader_header(x->r)->file;
	p.header = svy_reader_header(x->r);
	memset(w, 0, n * sizeof *w);
	for (k = 0; k < n; k++) {
		w[k].x = *x;
		w[k].x.r = NULL;
		w[k].x.g = NULL;
		w[k].par = &p;
		svy_error_clear(&w[k].e);
	}
	rc = svy_split_count(p.fd, 0, data, &head) < 0
	     ? svy_error_at(e, SVY_EIO, file, 0, NULL, "read error: %s", strerror(errno))
	     : head.lone_crs ? 1 : cut(w, n, data, sb.st_size, 1 + (unsigned long)head.lfs, e);
	if (rc == 0)
		round_of(w, n, read_range);
	close(p.fd);
	if (rc == 1)
		return consume(x, e);
	/* the first error in file order; otherwise every group into x->g */
	for (k = 0; k < n && rc == 0; k++)
		if (w[k].rc < 0) {
			*e = w[k].e;
			rc = w[k].rc;
		}
	for (k = 0; k < n; k++) {
		if (rc == 0)
			rc = svy_groups_merge(x->g, w[k].x.g, e);
		x->sum->rows += w[k].sum.rows;
		x->sum->key_missing += w[k].sum.key_missing;
		x->sum->key_invalid += w[k].sum.key_invalid;
		svy_groups_free(w[k].x.g);
		svy_reader_close(w[k].x.r);
	}
	return rc;
}

/* Column options that cannot name columns are usage errors before the
 * input is opened: found only at the header, an empty input would hide
 * them behind its data error. */
static int check_names(const struct svy_agg *a, const struct svy_metric *m,
                       const struct svy_run_hooks *h, struct svy_error *e)
{
	int rc;

	if (a->by && (rc = svy_names_check("--by", a->by, a->merge ? SVY_MAX_COLS
	                                   : SVY_MAX_COLS - 1, e)) < 0)
		return rc;
	if (a->weight && (rc = svy_names_check("--weight", a->weight, 1, e)) < 0)
		return rc;
	if (a->merge)
		return 0;    /* states name their own columns */
	if ((rc = svy_names_check("--column", m->column, 1, e)) < 0)
		return rc;
	if (h && h->derived_name &&
	    (rc = svy_names_check(h->derived_option ? h->derived_option : h->derived_name,
	                          h->derived_column, 1, e)) < 0)
		return rc;
	return 0;
}

int svy_run_with(const struct svy_agg *a, struct svy_metric *m,
                 const struct svy_common *c, const char *const *files,
                 size_t nfiles, const struct svy_run_hooks *h,
                 struct svy_run_summary *sum, struct svy_error *e)
{
	/* partial states are always comma-separated, whatever -d says of the data */
	struct svy_reader_opts ro = { .delim = a->merge ? ',' : c->delim,
	                              .skip_header_rows = a->merge };
	struct svy_header header = { 0, NULL, NULL, 1 };
	char **names = NULL;
	struct run x;
	int rc;

	memset(&x, 0, sizeof x);
	memset(sum, 0, sizeof *sum);
	x.a = a;
	x.m = m;
	x.c = c;
	x.h = h;
	x.sum = sum;
	m->weighted = a->weight != NULL;
	m->conf = a->conf;
	m->min_n = a->min_n;
	x.nstate = svy_metric_nstate(m);
	snprintf(x.id, sizeof x.id, "%s%s", m->id, m->weighted ? SVY_WEIGHTED_SUFFIX : "");

	if ((rc = check_names(a, m, h, e)) < 0)
		return rc;
	if (a->columns) {
		/* header-less input, e.g. the chunks a splitter hands to each mapper */
		if ((rc = svy_names_split("--columns", a->columns, (size_t)-1, &names,
		                          &header.ncols, e)) < 0)
			return rc;
		header.name = (const char *const *)names;
		header.file = "--columns";
		ro.header = &header;
	}
	x.r = svy_reader_open(files, nfiles, &ro, e);
	if (!x.r) {
		svy_names_free(names);
		return e->code;
	}
	rc = a->merge ? bind_merge(&x, e) : bind_direct(&x, e);
	if (rc == 0 && !(x.g = svy_groups_new(x.nby, x.nstate, e)))
		rc = e->code;
	if (rc == 0)
		rc = a->jobs > 1 && !a->merge && nfiles == 1 ? consume_parallel(&x, files[0], e)
		                                           : consume(&x, e);
	sum->rows += svy_reader_rows(x.r);
	if (rc == 0) {
		/* a run without --by has its one group even when no row came */
		if (x.nby == 0 && !svy_groups_get(x.g, x.vals, x.lens, e))
			rc = e->code;
		else
			rc = finish(&x, sum, e);
	}
	svy_groups_free(x.g);
	svy_reader_close(x.r);
	svy_names_free(names);
	return rc;
}
