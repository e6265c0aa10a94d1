/* drivers.c - key-driver analysis: streaming moments and joint histograms,
 * Pearson, Spearman, standardized regression coefficients (GSL multifit)
 * and Johnson's relative weights (GSL eigen). */
#include "drivers.h"

#include <float.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colopt.h"
#include "mem.h"
#include "num.h"
#include "reader.h"
#include "run.h"
#include "writer.h"

/* One cell of a joint histogram: a (driver, outcome) pair and its weight. */
struct cell {
	double x, y, w;
	double rx, ry;               /* midranks, filled when computing */
	int used;
};

struct hist {
	struct cell *c;
	size_t cap, n;
};

struct svy_drivers {
	size_t p, q;                 /* drivers; q = p + 1 variables (outcome first) */
	double n, W;                 /* rows, sum of weights */
	double *mean;                /* q */
	double *cm;                  /* q x q co-moments, sum w (a - ma)(b - mb) */
	double *d;                   /* scratch, q */
	struct hist *h;              /* p joint histograms */
};

struct svy_drivers *svy_drivers_new(size_t p, struct svy_error *e)
{
	struct svy_drivers *d = svy_calloc(1, sizeof *d);

	if (!d || p == 0 || p > SVY_MAX_COLS) {
		svy_free(d);
		if (p == 0 || p > SVY_MAX_COLS)
			svy_error_set(e, SVY_EUSAGE, "from 1 to %d drivers", SVY_MAX_COLS);
		else
			svy_error_set(e, SVY_ENOMEM, "out of memory");
		return NULL;
	}
	d->p = p;
	d->q = p + 1;
	d->mean = svy_calloc(d->q, sizeof *d->mean);
	d->cm = svy_calloc(d->q * d->q, sizeof *d->cm);
	d->d = svy_calloc(d->q, sizeof *d->d);
	d->h = svy_calloc(p, sizeof *d->h);
	if (!d->mean || !d->cm || !d->d || !d->h) {
		svy_drivers_free(d);
		svy_error_set(e, SVY_ENOMEM, "out of memory");
		return NULL;
	}
	return d;
}

void svy_drivers_free(struct svy_drivers *d)
{
	size_t j;

	if (!d)
		return;
	if (d->h)
		for (j = 0; j < d->p; j++)
			svy_free(d->h[j].c);
	svy_free(d->h);
	svy_free(d->mean);
	svy_free(d->cm);
	svy_free(d->d);
	svy_free(d);
}

static uint64_t bits(double v)
{
	uint64_t u;

	if (v == 0)
		v = 0;                   /* -0 and 0 are one value */
	memcpy(&u, &v, sizeof u);
	return u;
}

static size_t slot(const struct cell *c, size_t cap, double x, double y)
{
	uint64_t h = bits(x) * 0x9E3779B97F4A7C15ULL ^ (bits(y) + 0x632BE59BD9B4E019ULL);
	size_t i;

	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 32;
	i = (size_t)h & (cap - 1);
	while (c[i].used && !(c[i].x == x && c[i].y == y))
		i = (i + 1) & (cap - 1);
	return i;
}

static int hist_add(struct hist *h, double x, double y, double w)
{
	size_t i;

	if (x == 0)
		x = 0;
	if (y == 0)
		y = 0;
	if (2 * (h->n + 1) > h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 64, k;
		struct cell *c = svy_calloc(cap, sizeof *c);
		if (!c)
			return -1;
		for (k = 0; k < h->cap; k++)
			if (h->c[k].used)
				c[slot(c, cap, h->c[k].x, h->c[k].y)] = h->c[k];
		svy_free(h->c);
		h->c = c;
		h->cap = cap;
	}
	i = slot(h->c, h->cap, x, y);
	if (!h->c[i].used) {
		h->c[i].used = 1;
		h->c[i].x = x;
		h->c[i].y = y;
		h->n++;
	}
	h->c[i].w += w;
	return 0;
}

int svy_drivers_add(struct svy_drivers *d, double y, const double *x, double w,
                    struct svy_error *e)
{
	size_t q = d->q, i, j;
	double r;

	for (j = 0; j < d->p; j++)
		if (hist_add(&d->h[j], x[j], y, w) < 0)
			return svy_error_set(e, SVY_ENOMEM, "out of memory");
	/* West (1979): weighted means and co-moments, one row at a time */
	d->n += 1;
	d->W += w;
	r = w / d->W;
	for (i = 0; i < q; i++)
		d->d[i] = (i ? x[i - 1] : y) - d->mean[i];
	for (i = 0; i < q; i++)
		d->mean[i] += d->d[i] * r;
	for (i = 0; i < q; i++) {
		double ai = w * d->d[i];
		for (j = i; j < q; j++) {
			double bj = (j ? x[j - 1] : y) - d->mean[j];
			d->cm[i * q + j] += ai * bj;
		}
	}
	return 0;
}

/* sqrt(a b) for a, b > 0; apart when the product would overflow or
 * underflow, and otherwise as one product (the figures stay the doubles
 * they always were). */
static double sqrt_prod(double a, double b)
{
	double ab = a * b;

	return isfinite(ab) && ab >= DBL_MIN ? sqrt(ab) : sqrt(a) * sqrt(b);
}

size_t svy_drivers_overflows(const struct svy_drivers *d, double y, const double *x,
                             double w)
{
	double W = d->W + w, r = w / W;
	size_t i;

	/* the arithmetic of svy_drivers_add, for the means and the diagonal */
	for (i = 0; i < d->q; i++) {
		double v = i ? x[i - 1] : y, dv = v - d->mean[i], m = d->mean[i] + dv * r;
		if (!isfinite(W) || !isfinite(m) ||
		    !isfinite(d->cm[i * d->q + i] + w * dv * (v - m)))
			return i + 1;
	}
	return 0;
}

/* ---- Spearman from a joint histogram ------------------------------------------ */

static int by_x(const void *a, const void *b)
{
	const struct cell *p = a, *q = b;

	return p->x < q->x ? -1 : p->x > q->x ? 1 : (p->y > q->y) - (p->y < q->y);
}

static int by_y(const void *a, const void *b)
{
	const struct cell *p = a, *q = b;

	return p->y < q->y ? -1 : p->y > q->y ? 1 : (p->x > q->x) - (p->x < q->x);
}

/* Midranks (weight below the value plus half the weight at it; a constant
 * shift of R's rank(), which does not change a correlation). */
static void midranks(struct cell *c, size_t n, int use_x)
{
	double cum = 0;
	size_t i = 0, j, k;

	qsort(c, n, sizeof *c, use_x ? by_x : by_y);
	while (i < n) {
		double v = use_x ? c[i].x : c[i].y, mass = 0, r;
		for (j = i; j < n && (use_x ? c[j].x : c[j].y) == v; j++)
			mass += c[j].w;
		r = cum + mass / 2;
		for (k = i; k < j; k++) {
			if (use_x)
				c[k].rx = r;
			else
				c[k].ry = r;
		}
		cum += mass;
		i = j;
	}
}

static int spearman(const struct hist *h, double *rho)
{
	struct cell *c;
	double W = 0, mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
	size_t n = 0, i;
	int ex;

	*rho = NAN;
	if (h->n == 0)
		return 0;
	if (!(c = svy_malloc(h->n * sizeof *c)))
		return -1;
	for (i = 0; i < h->cap; i++)
		if (h->c[i].used) {
			W += h->c[i].w;
			c[n++] = h->c[i];
		}
	/* Weights up to 1e100 make midranks up to 1e103, whose sums of squares
	 * overflowed (rho came out 0).  Scaled by a power of two to a total
	 * below 1, every sum below is the unscaled one times an exact power
	 * of two, and rho is the same double. */
	frexp(W, &ex);
	for (i = 0; i < n; i++)
		c[i].w = ldexp(c[i].w, -ex);
	W = 0;
	midranks(c, n, 1);
	midranks(c, n, 0);
	for (i = 0; i < n; i++) {
		W += c[i].w;
		mx += c[i].w * c[i].rx;
		my += c[i].w * c[i].ry;
	}
	mx /= W;
	my /= W;
	for (i = 0; i < n; i++) {
		double a = c[i].rx - mx, b = c[i].ry - my;
		sxx += c[i].w * a * a;
		syy += c[i].w * b * b;
		sxy += c[i].w * a * b;
	}
	if (sxx > 0 && syy > 0)
		*rho = sxy / sqrt_prod(sxx, syy);
	svy_free(c);
	return 0;
}

/* ---- the model ------------------------------------------------------------------ */

#define SING_TOL 1e-10

int svy_drivers_model(const double *rxx, const double *rxy, size_t p, double *beta,
                      double *weight, double *r_squared)
{
	gsl_matrix *X = NULL, *cov = NULL, *A = NULL, *V = NULL, *L = NULL;
	gsl_vector *y = NULL, *c = NULL, *ev = NULL, *bs = NULL;
	gsl_multifit_linear_workspace *mw = NULL;
	gsl_eigen_symmv_workspace *ew = NULL;
	double chisq, evmax = 0, evmin = INFINITY, r2 = 0;
	size_t rank = 0, i, j, k;
	int rc = SVY_ENOMEM;

	gsl_set_error_handler_off();
	for (j = 0; j < p; j++)
		beta[j] = weight[j] = NAN;
	*r_squared = NAN;
	X = gsl_matrix_alloc(p, p);
	cov = gsl_matrix_alloc(p, p);
	A = gsl_matrix_alloc(p, p);
	V = gsl_matrix_alloc(p, p);
	L = gsl_matrix_alloc(p, p);
	y = gsl_vector_alloc(p);
	c = gsl_vector_alloc(p);
	ev = gsl_vector_alloc(p);
	bs = gsl_vector_alloc(p);
	mw = gsl_multifit_linear_alloc(p, p);
	ew = gsl_eigen_symmv_alloc(p);
	if (!X || !cov || !A || !V || !L || !y || !c || !ev || !bs || !mw || !ew)
		goto out;
	for (i = 0; i < p; i++) {
		gsl_vector_set(y, i, rxy[i]);
		for (j = 0; j < p; j++) {
			gsl_matrix_set(X, i, j, rxx[i * p + j]);
			gsl_matrix_set(A, i, j, rxx[i * p + j]);
		}
	}
	/* standardized coefficients: least squares on Rxx beta = rxy (truncated
	 * SVD, so a singular Rxx shows as a rank below p) */
	rc = 1;
	if (gsl_multifit_linear_tsvd(X, y, SING_TOL, c, cov, &chisq, &rank, mw) != 0 ||
	    rank < p)
		goto out;
	/* Johnson: Rxx = V diag(ev) V', Lambda = V diag(sqrt(ev)) V' */
	if (gsl_eigen_symmv(A, ev, V, ew) != 0)
		goto out;
	for (k = 0; k < p; k++) {
		double v = gsl_vector_get(ev, k);
		evmax = v > evmax ? v : evmax;
		evmin = v < evmin ? v : evmin;
	}
	if (!(evmin > SING_TOL * evmax))
		goto out;
	for (i = 0; i < p; i++)
		for (j = 0; j < p; j++) {
			double s = 0;
			for (k = 0; k < p; k++)
				s += gsl_matrix_get(V, i, k) * sqrt(gsl_vector_get(ev, k)) *
				     gsl_matrix_get(V, j, k);
			gsl_matrix_set(L, i, j, s);
		}
	/* beta* = Lambda^-1 rxy = V diag(1/sqrt(ev)) V' rxy */
	for (i = 0; i < p; i++) {
		double s = 0;
		for (k = 0; k < p; k++) {
			double t = 0;
			for (j = 0; j < p; j++)
				t += gsl_matrix_get(V, j, k) * rxy[j];
			s += gsl_matrix_get(V, i, k) * t / sqrt(gsl_vector_get(ev, k));
		}
		gsl_vector_set(bs, i, s);
	}
	for (j = 0; j < p; j++) {
		double s = 0;
		for (k = 0; k < p; k++) {
			double l = gsl_matrix_get(L, j, k), b = gsl_vector_get(bs, k);
			s += l * l * b * b;
		}
		weight[j] = s;
		beta[j] = gsl_vector_get(c, j);
		r2 += beta[j] * rxy[j];
	}
	*r_squared = r2;
	rc = 0;
out:
	gsl_matrix_free(X);
	gsl_matrix_free(cov);
	gsl_matrix_free(A);
	gsl_matrix_free(V);
	gsl_matrix_free(L);
	gsl_vector_free(y);
	gsl_vector_free(c);
	gsl_vector_free(ev);
	gsl_vector_free(bs);
	if (mw)
		gsl_multifit_linear_free(mw);
	if (ew)
		gsl_eigen_symmv_free(ew);
	if (rc == 1)
		for (j = 0; j < p; j++)
			beta[j] = weight[j] = NAN;
	return rc;
}

int svy_drivers_result(const struct svy_drivers *d, struct svy_drivers_result *r,
                       struct svy_error *e)
{
	size_t p = d->p, q = d->q, i, j;
	double rxx[SVY_MAX_COLS * SVY_MAX_COLS], rxy[SVY_MAX_COLS];
	double beta[SVY_MAX_COLS], w[SVY_MAX_COLS], r2;
	int ok = 1, rc;

	memset(r, 0, sizeof *r);
	r->p = p;
	r->n = d->n;
	r->r_squared = NAN;
	for (j = 0; j < p; j++) {
		struct svy_driver_fig *f = &r->fig[j];
		double vx = d->cm[(j + 1) * q + j + 1], vy = d->cm[0];
		f->index = j;
		f->pearson = vx > 0 && vy > 0 ? d->cm[j + 1] / sqrt_prod(vx, vy) : NAN;
		if (spearman(&d->h[j], &f->spearman) < 0)
			return svy_error_set(e, SVY_ENOMEM, "out of memory");
		f->beta = f->weight = f->weight_pct = NAN;
		if (isnan(f->pearson))
			ok = 0;
	}
	if (!ok || d->n < 2) {
		r->collinear = d->n >= 2;
		return 0;
	}
	for (i = 0; i < p; i++) {
		rxy[i] = r->fig[i].pearson;
		for (j = 0; j < p; j++) {
			size_t a = i + 1 < j + 1 ? i + 1 : j + 1, b = i + 1 < j + 1 ? j + 1 : i + 1;
			rxx[i * p + j] = i == j ? 1 : d->cm[a * q + b] /
			                 sqrt_prod(d->cm[a * q + a], d->cm[b * q + b]);
		}
	}
	rc = svy_drivers_model(rxx, rxy, p, beta, w, &r2);
	if (rc < 0)
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	if (rc == 1) {
		r->collinear = 1;
		return 0;
	}
	r->r_squared = r2;
	for (j = 0; j < p; j++) {
		r->fig[j].beta = beta[j];
		r->fig[j].weight = w[j];
		r->fig[j].weight_pct = r2 > 0 ? 100.0 * w[j] / r2 : NAN;
	}
	return 0;
}

static int by_weight(const void *a, const void *b)
{
	const struct svy_driver_fig *x = a, *y = b;
	int xn = isnan(x->weight), yn = isnan(y->weight);

	if (xn != yn)
		return xn - yn;
	if (!xn && x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

void svy_drivers_sort(struct svy_drivers_result *r)
{
	qsort(r->fig, r->p, sizeof r->fig[0], by_weight);
}

/* ---- the run ---------------------------------------------------------------------- */

static int write_table(const struct svy_drivers_result *r, const struct svy_header *h,
                       const size_t *idx, const struct svy_common *c,
                       struct svy_error *e)
{
	static const char *const cols[] = {
		"driver", "n", "pearson", "spearman", "beta", "rel_weight",
		"rel_weight_pct", "r_squared", "n_used",
	};
	struct svy_cell cells[sizeof cols / sizeof cols[0]];
	struct svy_writer *w;
	size_t j, k;
	int rc, rc2;

	if (!(w = svy_writer_open(c->output, c->format, ',', c->precision, e)))
		return e->code;
	rc = svy_writer_header(w, cols, sizeof cols / sizeof cols[0], e);
	for (j = 0; j < r->p && rc == 0; j++) {
		const struct svy_driver_fig *f = &r->fig[j];
		k = 0;
		cells[k].kind = SVY_CELL_STR;
		cells[k].s = h->name[idx[f->index]];
		cells[k++].v = 0;
		cells[k++] = svy_cell_int(r->n);
		cells[k++] = svy_cell_num(f->pearson);
		cells[k++] = svy_cell_num(f->spearman);
		cells[k++] = svy_cell_num(f->beta);
		cells[k++] = svy_cell_num(f->weight);
		cells[k++] = svy_cell_num(f->weight_pct);
		cells[k++] = svy_cell_num(r->r_squared);
		cells[k++] = svy_cell_int(r->n);
		rc = svy_writer_row(w, cells, k, e);
	}
	rc2 = svy_writer_close(w, rc < 0 ? NULL : e);
	return rc < 0 ? rc : rc2;
}

/* 0 usable weight, else the summary counter to bump. */
static unsigned long *weight_of(struct svy_drivers_summary *s, const struct svy_row *row,
                                size_t wcol, double *w)
{
	int rc = svy_num_double(row->field[wcol], row->len[wcol], w);

	if (rc == SVY_EMISSING)
		return &s->wd_missing;
	if (rc != 0)
		return &s->wd_invalid;
	if (!(*w > 0))
		return &s->wd_nonpos;
	/* as the aggregator driver (run.c): sums of squares stay finite */
	return *w >= SVY_WEIGHT_MIN && *w <= SVY_WEIGHT_MAX ? NULL : &s->wd_invalid;
}

/* The column options are judged before the input is opened (an empty input
 * would otherwise hide them behind its data error).  A header names each
 * column once, so equal names are equal columns. */
static int check_names(const struct svy_drivers_opts *o, const struct svy_metric *m,
                       struct svy_error *e)
{
	char **outcome = NULL, **drivers = NULL;
	size_t n, nd, i;
	int rc;

	if ((rc = svy_names_split("--column", m->column, 1, &outcome, &n, e)) == 0 &&
	    (rc = svy_names_split("--drivers", o->columns, SVY_MAX_COLS, &drivers, &nd,
	                          e)) == 0 &&
	    !(o->weight && (rc = svy_names_check("--weight", o->weight, 1, e)) < 0))
		for (i = 0; i < nd; i++)
			if (strcmp(drivers[i], outcome[0]) == 0) {
				rc = svy_error_set(e, SVY_EUSAGE, "--drivers: '%s' is the outcome "
				                   "column", outcome[0]);
				break;
			}
	svy_names_free(outcome);
	svy_names_free(drivers);
	return rc;
}

int svy_drivers_run(const struct svy_drivers_opts *o, const struct svy_metric *m,
                    const struct svy_common *c, const char *const *files,
                    size_t nfiles, struct svy_drivers_summary *sum,
                    struct svy_error *e)
{
	struct svy_reader_opts ro = { .delim = c->delim };
	struct svy_reader *r;
	struct svy_drivers *d = NULL;
	struct svy_drivers_result *res = NULL;
	const struct svy_header *h;
	struct svy_row row;
	size_t idx[SVY_MAX_COLS], p = 0, ycol, wcol = 0, n, j;
	double x[SVY_MAX_COLS];
	int rc;

	memset(sum, 0, sizeof *sum);
	if ((rc = check_names(o, m, e)) < 0)
		return rc;
	if (!(r = svy_reader_open(files, nfiles, &ro, e)))
		return e->code;
	h = svy_reader_header(r);
	if ((rc = svy_header_resolve(h, m->column, &ycol, 1, &n, e)) < 0 ||
	    (rc = svy_header_resolve(h, o->columns, idx, SVY_MAX_COLS, &p, e)) < 0 ||
	    (o->weight && (rc = svy_header_resolve(h, o->weight, &wcol, 1, &n, e)) < 0))
		goto out;
	/* check_names has refused the outcome among the drivers and a driver
	 * named twice; a header holding a name twice is refused by the resolve */
	sum->ncols = p + 1;
	snprintf(sum->names[0], sizeof sum->names[0], "%s", h->name[ycol]);
	for (j = 0; j < p; j++)
		snprintf(sum->names[j + 1], sizeof sum->names[j + 1], "%s", h->name[idx[j]]);
	if (!(d = svy_drivers_new(p, e))) {
		rc = e->code;
		goto out;
	}
	while ((rc = svy_reader_next(r, &row, e)) == 1) {
		char q[200], msg[SVY_ERRMSG_MAX];
		unsigned char miss[SVY_MAX_COLS + 1];   /* which cells are missing */
		int value, missing = 0, prc;
		double w = 1;
		unsigned long *drop;
		size_t big;

		prc = svy_metric_parse(m, row.field[ycol], row.len[ycol], &value, e);
		miss[0] = prc == SVY_EMISSING;
		if (prc == SVY_EMISSING) {
			missing = 1;
		} else if (prc < 0) {
			if (o->skip_invalid) {
				sum->invalid++;
				continue;
			}
			snprintf(msg, sizeof msg, "%s", e->msg);
			rc = svy_error_at(e, SVY_EDATA, row.file, row.line, h->name[ycol],
			                  "%s", msg);
			break;
		}
		for (j = 0; j < p; j++) {
			prc = svy_num_double(row.field[idx[j]], row.len[idx[j]], &x[j]);
			miss[j + 1] = prc == SVY_EMISSING;
			if (prc == SVY_EMISSING) {
				missing = 1;
			} else if (prc < 0) {
				if (o->skip_invalid)
					break;
				rc = svy_error_at(e, SVY_EDATA, row.file, row.line, h->name[idx[j]],
				                  "'%s' is not a number",
				                  svy_error_quote(row.field[idx[j]], row.len[idx[j]],
				                                  q, sizeof q));
				goto out;
			}
		}
		if (j < p) {
			sum->invalid++;
			continue;
		}
		/* empty cells are counted only in rows skipped for them: a row
		 * with an invalid value counts as invalid alone, not also as empty
		 * in the per-column counts of the listwise line */
		if (missing) {
			sum->skipped++;
			for (j = 0; j <= p; j++)
				sum->missing[j] += miss[j];
			continue;
		}
		if (o->weight && (drop = weight_of(sum, &row, wcol, &w)) != NULL) {
			(*drop)++;
			continue;
		}
		/* 1e308 is a number, but its square is not a double: without this
		 * the figures came out empty, blamed on a lack of variance */
		if ((big = svy_drivers_overflows(d, value, x, w)) != 0) {
			size_t col = big == 1 ? ycol : idx[big - 2];
			if (o->skip_invalid) {
				sum->invalid++;
				continue;
			}
			rc = svy_error_at(e, SVY_EDATA, row.file, row.line, h->name[col],
			                  "'%s' is too large: the sums of squares of the "
			                  "analysis would overflow",
			                  svy_error_quote(row.field[col], row.len[col], q,
			                                  sizeof q));
			goto out;
		}
		if ((rc = svy_drivers_add(d, value, x, w, e)) < 0)
			goto out;
		sum->used++;
	}
	if (rc < 0)
		goto out;
	if (!(res = svy_malloc(sizeof *res))) {
		rc = svy_error_set(e, SVY_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = svy_drivers_result(d, res, e)) < 0)
		goto out;
	sum->collinear = res->collinear;
	svy_drivers_sort(res);
	rc = write_table(res, h, idx, c, e);
out:
	sum->rows = svy_reader_rows(r);
	svy_free(res);
	svy_drivers_free(d);
	svy_reader_close(r);
	return rc;
}
