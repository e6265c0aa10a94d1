/* trend.c - series per group from the collected states: per-period values,
 * changes, rolling values, control limits, trend tests, alerts, the tables,
 * sparklines and the chart (see trend.h). */
#include "trend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csat.h"
#include "group.h"
#include "mem.h"
#include "nps.h"
#include "num.h"
#include "stats.h"
#include "svg.h"

#define SPARK_MAX 120

void svy_trend_opts_init(struct svy_trend_opts *o)
{
	memset(o, 0, sizeof *o);
	o->period = SVY_PERIOD_MONTH;
	o->nps = 1;
	o->alpha = 0.05;
	o->precision = 2;
	o->alert_trend = SVY_TREND_NONE;
}

int svy_trend_dir_parse(const char *name, enum svy_trend_dir *out, struct svy_error *e)
{
	if (strcmp(name, "down") == 0)
		*out = SVY_TREND_DOWN;
	else if (strcmp(name, "up") == 0)
		*out = SVY_TREND_UP;
	else if (strcmp(name, "any") == 0)
		*out = SVY_TREND_ANY;
	else
		return svy_error_set(e, SVY_EUSAGE,
		                     "--alert-trend: '%s' is not one of down, up, any", name);
	return 0;
}

static char *dupstr(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = svy_malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

static int nomem(struct svy_error *e)
{
	return svy_error_set(e, SVY_ENOMEM, "out of memory");
}

/* The last date and key this thread made.  A day depends only on the
 * YYYY-MM-DD of a cell, a key only on (kind, day), and the rows of a date
 * column come in runs of one day, so most rows copy both.
 * One per thread rather than in svy_trend_keys: the driver calls the hook
 * from every -j thread with the same const ctx, and a per-thread copy needs
 * no lock; an entry is never stale, only replaced. */
struct key_memo {
	struct svy_period_memo date;
	enum svy_period period;
	long days;
	int len;                 /* 0: empty */
	char key[SVY_PERIOD_KEY_MAX];
};

static _Thread_local struct key_memo memo;

int svy_trend_period_key(const void *ctx, const char *s, size_t len, char *buf,
                         size_t size, struct svy_error *e)
{
	const struct svy_trend_keys *k = ctx;
	long days;
	int rc;

	/* the general parser is the authority on anything unusual and words
	   every error */
	if (!svy_period_date_fast(&memo.date, s, len, &days) &&
	    (rc = svy_period_date(s, len, &days, e)) < 0)
		return rc;
	if ((k->has_from && days < k->from_day) || (k->has_to && days > k->to_day)) {
		/* the driver may call this from several threads (-j) */
		if (k->outside)
			__atomic_fetch_add(k->outside, 1, __ATOMIC_RELAXED);
		return SVY_EMISSING;
	}
	if (memo.len == 0 || memo.period != k->period || memo.days != days) {
		rc = svy_period_format(k->period, svy_period_of_days(k->period, days), memo.key,
		                       sizeof memo.key);
		memo.len = rc > 0 ? rc : 0;
		memo.period = k->period;
		memo.days = days;
	}
	if (memo.len == 0 || (size_t)memo.len >= size)
		return svy_error_set(e, SVY_EINVALID, "the %s of this date has no key",
		                     svy_period_name(k->period));
	/* the whole array when it fits: a copy of fixed size is a few moves,
	   not a call */
	memcpy(buf, memo.key, size >= sizeof memo.key ? sizeof memo.key : (size_t)memo.len + 1);
	return memo.len;
}

/* ---- estimates from one state ------------------------------------------ */

/* What the series needs of one state. */
struct pest {
	double n;          /* valid answers */
	double nk;         /* n, or the Kish effective n when weighted */
	double value, se, lo, hi;
	double x;          /* top-box answers (shares) */
	double P, D;       /* promoters and detractors (NPS) */
	double sig1;       /* per-answer SD on the value's scale */
};

static void estimate(const struct svy_trend *tr, const double *st, struct pest *p)
{
	const struct svy_metric *m = tr->m;
	struct svy_sums s;
	double W = 0, WW = 0;
	int v;

	svy_metric_sums(m, st, &s);
	p->x = p->P = p->D = NAN;
	if (m->weighted) {
		W = s.w;
		WW = s.ww;
	}
	p->nk = m->weighted ? (s.nw > 0 && WW > 0 ? W * W / WW : NAN) : s.n;
	if (tr->o.nps) {
		struct svy_nps_est o;
		double a, b;
		svy_nps_estimate(m, st, &o);
		p->n = o.n;
		p->value = o.nps;
		p->se = o.se;
		p->lo = o.ci_low;
		p->hi = o.ci_high;
		p->P = o.promoters;
		p->D = o.detractors;
		a = o.pct_promoters / 100;   /* weighted shares when weighted */
		b = o.pct_detractors / 100;
		p->sig1 = 100.0 * sqrt(a + b - (a - b) * (a - b));
		return;
	} else {
		const struct svy_csat_params *cp = m->params;
		struct svy_csat_est o;
		double y, wtop = 0, qtop = 0, qrest = 0;
		svy_csat_estimate(m, st, &o);
		p->n = o.n;
		p->value = o.share;
		p->lo = o.ci_low;
		p->hi = o.ci_high;
		p->x = o.top;
		p->se = NAN;
		y = o.share / 100;
		p->sig1 = 100.0 * sqrt(y * (1 - y));
		if (!m->weighted) {
			if (o.n > 0)
				p->se = 100.0 * sqrt(y * (1 - y) / o.n);
			return;
		}
		/* linearisation SE of a weighted share, as csat computes it */
		for (v = m->lo; v <= m->hi; v++) {
			if (v >= cp->top)
				wtop += svy_st_w(m, st, v), qtop += svy_st_ww(m, st, v);
			else
				qrest += svy_st_ww(m, st, v);
		}
		if (s.nw > 1 && W > 0) {
			y = wtop / W;
			p->se = 100.0 * sqrt(s.nw / (s.nw - 1) *
			                     (qtop * (1 - y) * (1 - y) + qrest * y * y) / (W * W));
		}
	}
}

/* Two-sided p of the change from period a to period b. */
static double change_p(const struct svy_trend *tr, const struct pest *a,
                       const struct pest *b)
{
	double se, z, pbar;

	if (!tr->o.nps && !tr->m->weighted) {
		/* pooled two-proportion z (STATS.md, CSAT) */
		pbar = (a->x + b->x) / (a->n + b->n);
		se = sqrt(pbar * (1 - pbar) * (1 / a->n + 1 / b->n));
		if (!(se > 0))
			return NAN;
		z = (b->x / b->n - a->x / a->n) / se;
		return svy_p_normal(z);
	}
	se = sqrt(a->se * a->se + b->se * b->se);
	if (!(se > 0))
		return NAN;
	z = (b->value - a->value) / se;
	return svy_p_normal(z);
}

/* ---- building the series ----------------------------------------------- */

static void free_series(struct svy_trend_series *s, size_t nby)
{
	size_t i;

	for (i = 0; s->by && i < nby; i++)
		svy_free(s->by[i]);
	svy_free(s->by);
	svy_free(s->name);
	svy_free(s->label);
	svy_free(s->states);
	svy_free(s->pt);
}

void svy_trend_free(struct svy_trend *tr)
{
	size_t i;

	if (!tr)
		return;
	for (i = 0; i < tr->ns; i++)
		free_series(&tr->s[i], tr->nby);
	svy_free(tr->s);
	for (i = 0; tr->byname && i < tr->nby; i++)
		svy_free(tr->byname[i]);
	svy_free(tr->byname);
	svy_free(tr->alert);
	svy_free(tr);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n;
	void *q;

	if (need <= *cap)
		return 0;
	n = *cap ? *cap * 2 : 8;
	while (n < need)
		n *= 2;
	if (!(q = svy_realloc(*p, n * size)))
		return -1;
	memset((char *)q + *cap * size, 0, (n - *cap) * size);
	*p = q;
	*cap = n;
	return 0;
}

/* Name and label of a series from its --by values. */
static int name_series(struct svy_trend *tr, struct svy_trend_series *s)
{
	size_t i, n = 16, k;
	char *name, *label;

	for (i = 0; i < tr->nby; i++)
		n += strlen(s->by[i]) + strlen(tr->byname[i]) + 8;
	name = svy_malloc(n);
	label = svy_malloc(n);
	if (!name || !label) {
		svy_free(name);
		svy_free(label);
		return -1;
	}
	if (s->is_total) {
		strcpy(name, SVY_TOTAL_LABEL);
		strcpy(label, "all groups");
	} else if (tr->nby == 0) {
		snprintf(name, n, "%s", tr->m->name);
		label[0] = '\0';
	} else {
		name[0] = label[0] = '\0';
		for (i = 0, k = 0; i < tr->nby; i++)
			k += (size_t)snprintf(name + k, n - k, "%s%s", i ? "/" : "", s->by[i]);
		for (i = 0, k = 0; i < tr->nby; i++)
			k += (size_t)snprintf(label + k, n - k, "%s%s '%s'", i ? ", " : "",
			                      tr->byname[i], s->by[i]);
	}
	s->name = name;
	s->label = label;
	return 0;
}

static int in_range(const struct svy_trend *tr, long ord)
{
	if (tr->o.has_from && ord < svy_period_of_days(tr->o.period, tr->o.from_day))
		return 0;
	if (tr->o.has_to && ord > svy_period_of_days(tr->o.period, tr->o.to_day))
		return 0;
	return 1;
}

/* Room for a series of n points, allocated once: the series is built
 * once and its length is known (a series of one period took 1.5 KB when
 * points came eight at a time).  The points' states are the run's groups'
 * (build), or, with owned, a block of the series' own (add_total). */
static int alloc_points(struct svy_trend_series *s, size_t n, size_t nstate, int owned)
{
	size_t i;

	if (!(s->pt = svy_calloc(n ? n : 1, sizeof *s->pt)))
		return -1;
	if (!owned)
		return 0;
	if (!(s->states = svy_calloc(n && nstate ? n * nstate : 1, sizeof *s->states)))
		return -1;
	for (i = 0; i < n; i++)
		s->pt[i].st = s->states + i * nstate;
	return 0;
}

/* The next of the points alloc_points made room for. */
static struct svy_trend_point *add_point(struct svy_trend_series *s, const char *key,
                                         long ord)
{
	struct svy_trend_point *p = &s->pt[s->npt++];

	snprintf(p->key, sizeof p->key, "%s", key);
	p->ord = ord;
	return p;
}

static int same_by(const struct svy_group *a, const struct svy_group *b, size_t nby)
{
	size_t i;

	for (i = 0; i < nby; i++)
		if (strcmp(svy_group_value(a, i), svy_group_value(b, i)) != 0)
			return 0;
	return 1;
}

static int cmp_ord(const void *a, const void *b)
{
	const struct svy_trend_point *x = *(const struct svy_trend_point *const *)a;
	const struct svy_trend_point *y = *(const struct svy_trend_point *const *)b;

	return x->ord < y->ord ? -1 : x->ord > y->ord;
}

/* The (all) series: per period, the sum of every group's state.  build
 * left room for it in tr->s. */
static int add_total(struct svy_trend *tr, size_t nstate)
{
	struct svy_trend_point **all = NULL;
	struct svy_trend_series *s;
	size_t n = 0, i, j, k;
	int rc = -1;

	for (i = 0; i < tr->ns; i++)
		n += tr->s[i].npt;
	if (n == 0)
		return 0;
	if (!(all = svy_malloc(n * sizeof *all)))
		return -1;
	for (i = 0, k = 0; i < tr->ns; i++)
		for (j = 0; j < tr->s[i].npt; j++)
			all[k++] = &tr->s[i].pt[j];
	qsort(all, n, sizeof *all, cmp_ord);
	s = &tr->s[tr->ns++];
	s->is_total = 1;
	if (!(s->by = svy_calloc(tr->nby, sizeof *s->by)))
		goto out;
	for (i = 0; i < tr->nby; i++)
		if (!(s->by[i] = dupstr(SVY_TOTAL_LABEL)))
			goto out;
	if (name_series(tr, s) < 0)
		goto out;
	for (i = 1, k = 1; i < n; i++)          /* the periods */
		k += all[i]->ord != all[i - 1]->ord;
	if (alloc_points(s, k, nstate, 1) < 0)
		goto out;
	for (i = 0; i < n; i = j) {
		double *st = s->states + s->npt * nstate;
		add_point(s, all[i]->key, all[i]->ord);
		for (j = i; j < n && all[j]->ord == all[i]->ord; j++)
			for (k = 0; k < nstate; k++)
				st[k] += all[j]->st[k];
	}
	rc = 0;
out:
	svy_free(all);
	return rc;
}

static int build(struct svy_trend *tr, const struct svy_collected *c,
                 struct svy_error *e)
{
	size_t nstate = svy_metric_nstate(tr->m), i, j, room = 1;
	struct svy_trend_series *s = NULL;
	const struct svy_group *prev = NULL;

	/* a series per run of groups with the same --by values (the groups are
	 * sorted by key), and (all): counted, so that none is moved or wasted */
	for (i = 1; i < c->ngroups; i++)
		room += !same_by(&c->groups[i - 1], &c->groups[i], tr->nby);
	if (!(tr->s = svy_calloc(room + 1, sizeof *tr->s)))
		return nomem(e);
	for (i = 0; i < c->ngroups; i++) {
		const struct svy_group *g = &c->groups[i];
		const char *key = svy_group_value(g, tr->nby);
		long ord;
		if (svy_period_key_parse(tr->o.period, key, strlen(key), &ord, e) < 0) {
			char msg[SVY_ERRMSG_MAX];
			snprintf(msg, sizeof msg, "%s", e->msg);
			return svy_error_set(e, SVY_EDATA, "period %s (was the partial state "
			                     "written with another --period?)", msg);
		}
		if (!in_range(tr, ord))
			continue;
		if (!prev || !same_by(prev, g, tr->nby)) {
			s = &tr->s[tr->ns++];
			/* the series' groups are next to each other (sorted by key);
			 * some may fall outside --from/--to: room for all of them */
			for (j = i + 1; j < c->ngroups && same_by(g, &c->groups[j], tr->nby); j++)
				;
			if (alloc_points(s, j - i, nstate, 0) < 0)
				return nomem(e);
			if (!(s->by = svy_calloc(tr->nby ? tr->nby : 1, sizeof *s->by)))
				return nomem(e);
			for (j = 0; j < tr->nby; j++)
				if (!(s->by[j] = dupstr(svy_group_value(g, j))))
					return nomem(e);
			if (name_series(tr, s) < 0)
				return nomem(e);
		}
		prev = g;
		add_point(s, key, ord)->st = g->st;
	}
	if (tr->o.total && tr->nby > 0 && add_total(tr, nstate) < 0)
		return nomem(e);
	return 0;
}

/* ---- analysis of one series --------------------------------------------- */

static void set_rolling(struct svy_trend *tr, struct svy_trend_point *p, const double *win)
{
	struct pest r;

	estimate(tr, win, &r);
	p->rolling_value = r.value;
	p->rolling_n = r.n;
}

/* 1 when every state of the series is a whole number and the magnitudes
 * of each state sum below 2^53 (unweighted counts and sums of answers):
 * then any order of adding and taking away gives the same doubles. */
static int whole_states(const struct svy_trend_series *s, size_t nstate)
{
	size_t i, k;

	for (k = 0; k < nstate; k++) {
		double total = 0;
		for (i = 0; i < s->npt; i++) {
			const double v = s->pt[i].st[k];
			if (v != floor(v) || !isfinite(v))
				return 0;
			total += fabs(v);
		}
		if (!(total < 9007199254740992.0))
			return 0;
	}
	return 1;
}

/* The rolling window of whole-number states, kept as a running sum: each
 * period with data adds its states and, past K of them, the oldest one's
 * are taken away; O(periods) instead of O(periods x K).  (Weighted states
 * are summed afresh for each period, newest first: their sums depend on
 * the order.) */
static void slide_window(struct svy_trend_series *s, size_t nstate, size_t K,
                         double *win, struct svy_trend *tr)
{
	size_t i, k, got = 0, oldest = 0;

	memset(win, 0, nstate * sizeof *win);
	for (i = 0; i < s->npt; i++) {
		if (s->pt[i].has_data) {
			for (k = 0; k < nstate; k++)
				win[k] += s->pt[i].st[k];
			if (++got > K) {
				while (!s->pt[oldest].has_data)
					oldest++;
				for (k = 0; k < nstate; k++)
					win[k] -= s->pt[oldest].st[k];
				oldest++;
				got = K;
			}
		}
		if (got == K)
			set_rolling(tr, &s->pt[i], win);
	}
}

static int analyse_series(struct svy_trend *tr, struct svy_trend_series *s,
                          struct svy_error *e)
{
	const struct svy_metric *m = tr->m;
	size_t nstate = svy_metric_nstate(m), i, j, k, nd = 0;
	struct pest *pe = NULL, pooled;
	double *sum = NULL, *t = NULL, *y = NULL, *se = NULL;
	long prev = -1;
	int rc = 0;

	s->first = s->last = -1;
	if (!(pe = svy_calloc(s->npt, sizeof *pe)) ||
	    !(sum = svy_calloc(nstate, sizeof *sum)))
		goto oom;
	for (i = 0; i < s->npt; i++) {
		struct svy_trend_point *p = &s->pt[i];
		estimate(tr, p->st, &pe[i]);
		p->n = pe[i].n;
		p->nk = pe[i].nk;
		p->value = pe[i].value;
		p->se = pe[i].se;
		p->ci_low = pe[i].lo;
		p->ci_high = pe[i].hi;
		p->has_data = p->n > 0 && isfinite(p->value);
		p->low_base = p->n < (double)m->min_n;
		p->change = p->change_p = NAN;
		p->rolling_value = p->rolling_n = NAN;
		if (p->has_data) {
			if (s->first < 0)
				s->first = (long)i;
			s->last = (long)i;
			nd++;
			if (prev >= 0) {
				p->change = p->value - pe[prev].value;
				p->change_p = change_p(tr, &pe[prev], &pe[i]);
			}
			prev = (long)i;
		}
		for (k = 0; k < nstate; k++)
			sum[k] += p->st[k];
	}
	for (i = 0; i < s->npt; i++)
		s->pt[i].t = s->first >= 0 && (long)i >= s->first
		             ? (double)(s->pt[i].ord - s->pt[s->first].ord) : NAN;

	/* rolling values: pooled states of the last K periods with data */
	if (tr->o.window > 0) {
		double *win = svy_malloc(nstate * sizeof *win);
		if (!win)
			goto oom;
		if (whole_states(s, nstate))
			slide_window(s, nstate, (size_t)tr->o.window, win, tr);
		else
			for (i = 0; i < s->npt; i++) {
				size_t got = 0;
				memset(win, 0, nstate * sizeof *win);
				for (j = i + 1; j-- > 0 && got < (size_t)tr->o.window;) {
					if (!s->pt[j].has_data)
						continue;
					for (k = 0; k < nstate; k++)
						win[k] += s->pt[j].st[k];
					got++;
				}
				if (got == (size_t)tr->o.window)
					set_rolling(tr, &s->pt[i], win);
			}
		svy_free(win);
	}

	/* control limits from the pooled state of the series */
	estimate(tr, sum, &pooled);
	for (i = 0; i < s->npt; i++) {
		struct svy_trend_point *p = &s->pt[i];
		if (m->weighted) {
			p->centre = pooled.value;
			svy_control_limits(pooled.value, pooled.sig1, p->nk, tr->o.nps ? -100 : 0,
			                   100, &p->lcl, &p->ucl);
		} else if (tr->o.nps) {
			svy_npschart(pooled.P, pooled.D, pooled.n, p->n, &p->centre, &p->lcl,
			             &p->ucl);
		} else {
			svy_pchart(pooled.x, pooled.n, p->n, &p->centre, &p->lcl, &p->ucl);
			p->centre *= 100;
			p->lcl *= 100;
			p->ucl *= 100;
		}
		p->out_known = p->has_data && !isnan(p->lcl) && !isnan(p->ucl);
		p->out = p->out_known ? svy_control_out(p->value, p->lcl, p->ucl) : 0;
	}

	/* the summary over the periods with data */
	s->periods = nd;
	if (!(t = svy_malloc((nd ? nd : 1) * sizeof *t)) ||
	    !(y = svy_malloc((nd ? nd : 1) * sizeof *y)) ||
	    !(se = svy_malloc((nd ? nd : 1) * sizeof *se)))
		goto oom;
	for (i = 0, k = 0; i < s->npt; i++)
		if (s->pt[i].has_data) {
			t[k] = s->pt[i].t;
			y[k] = s->pt[i].value;
			se[k] = s->pt[i].se;
			k++;
		}
	s->direction = NULL;
	/* only the summary and the trend alert read the tests: Sen's slope
	 * alone holds n^2/2 slopes (100 MB at 5000 daily periods) */
	if (!tr->o.summary && tr->o.alert_trend == SVY_TREND_NONE)
		goto done;
	if (svy_mk_test(y, nd, &s->mk) < 0 ||
	    svy_sen_slope(t, y, nd, s->mk.var_s, m->conf, &s->sen) < 0 ||
	    svy_wls_fit(t, y, se, nd, &s->wls) < 0)
		goto oom;
	if (!isnan(s->mk.p))
		s->direction = s->mk.p < tr->o.alpha && s->mk.s > 0 ? "up"
		             : s->mk.p < tr->o.alpha && s->mk.s < 0 ? "down" : "flat";
	goto done;
oom:
	rc = nomem(e);
done:
	svy_free(pe);
	svy_free(sum);
	svy_free(t);
	svy_free(y);
	svy_free(se);
	return rc;
}

/* ---- alerts ------------------------------------------------------------- */

static const char *fix(const struct svy_trend *tr, double v, char *buf)
{
	return svy_num_fixed(v, tr->o.precision, buf, 64);
}

/* "p = 0.0123", or "p < 0.0001" when p rounds to zero at the decimals shown. */
static const char *pfix(const struct svy_trend *tr, double v, char *buf)
{
	int d = tr->o.precision > 4 ? tr->o.precision : 4;
	char num[64];

	if (v < 0.5 * pow(10, -d))
		snprintf(buf, 64, "p < %s", svy_num_fixed(pow(10, -d), d, num, sizeof num));
	else
		snprintf(buf, 64, "p = %s", svy_num_fixed(v, d, num, sizeof num));
	return buf;
}

static int add_alert(struct svy_trend *tr, size_t *cap, size_t series,
                     enum svy_trend_alert_kind kind, struct svy_trend_alert **out)
{
	if (grow((void **)&tr->alert, cap, tr->nalert + 1, sizeof *tr->alert) < 0)
		return -1;
	*out = &tr->alert[tr->nalert++];
	(*out)->series = series;
	(*out)->kind = kind;
	return 0;
}

/* "region 'North', 2025-06" or "2025-06" without --by. */
static void where(const struct svy_trend_series *s, const char *key, char *buf,
                  size_t size)
{
	if (s->label[0])
		snprintf(buf, size, "%s, %s", s->label, key);
	else
		snprintf(buf, size, "%s", key);
}

static int alerts(struct svy_trend *tr, struct svy_error *e)
{
	const char *mname = tr->m->name;
	size_t i, cap = 0;
	char a[64], b[64], c[64], d[64], at[400];

	for (i = 0; i < tr->ns; i++) {
		struct svy_trend_series *s = &tr->s[i];
		struct svy_trend_alert *al;
		const struct svy_trend_point *last, *prev = NULL;
		long j;

		if (s->last < 0)
			continue;
		last = &s->pt[s->last];
		for (j = s->last - 1; j >= 0; j--)
			if (s->pt[j].has_data) {
				prev = &s->pt[j];
				break;
			}
		where(s, last->key, at, sizeof at);
		if (tr->o.has_alert_drop && prev && -last->change >= tr->o.alert_drop &&
		    last->change_p < tr->o.alpha) {
			if (add_alert(tr, &cap, i, SVY_ALERT_DROP, &al) < 0)
				return nomem(e);
			snprintf(al->msg, sizeof al->msg, "alert drop: %s: %s %s is %s points "
			         "below %s in %s (%s, alpha %g; --alert-drop %g)", at, mname,
			         fix(tr, last->value, a), fix(tr, -last->change, b),
			         fix(tr, prev->value, c), prev->key, pfix(tr, last->change_p, d),
			         tr->o.alpha, tr->o.alert_drop);
		}
		if (tr->o.alert_out && last->out_known && last->out != 0) {
			if (add_alert(tr, &cap, i, SVY_ALERT_OUT, &al) < 0)
				return nomem(e);
			snprintf(al->msg, sizeof al->msg, "alert out: %s: %s %s is %s the %s "
			         "control limit %s (centre %s)", at, mname, fix(tr, last->value, a),
			         last->out < 0 ? "below" : "above",
			         last->out < 0 ? "lower" : "upper",
			         fix(tr, last->out < 0 ? last->lcl : last->ucl, b),
			         fix(tr, last->centre, c));
		}
		if (tr->o.alert_trend != SVY_TREND_NONE && s->mk.p < tr->o.alpha &&
		    ((tr->o.alert_trend == SVY_TREND_DOWN && s->mk.s < 0) ||
		     (tr->o.alert_trend == SVY_TREND_UP && s->mk.s > 0) ||
		     (tr->o.alert_trend == SVY_TREND_ANY && s->mk.s != 0))) {
			char sl[64];
			if (add_alert(tr, &cap, i, SVY_ALERT_TREND, &al) < 0)
				return nomem(e);
			snprintf(al->msg, sizeof al->msg, "alert trend: %s%s%s trends %s over "
			         "%zu periods from %s to %s (mk_z %s, %s, alpha %g; sen_slope %s "
			         "points per %s)", s->label, s->label[0] ? ": " : "", mname,
			         s->mk.s < 0 ? "down" : "up", s->periods,
			         s->pt[s->first].key, last->key, fix(tr, s->mk.z, a),
			         pfix(tr, s->mk.p, b), tr->o.alpha, fix(tr, s->sen.slope, sl),
			         svy_period_name(tr->o.period));
		}
	}
	return 0;
}

/* The states are read only while analysing: most are the run's, which
 * the caller frees after writing; none outlives the analysis. */
static void forget_states(struct svy_trend *tr)
{
	size_t i, j;

	for (i = 0; i < tr->ns; i++) {
		for (j = 0; j < tr->s[i].npt; j++)
			tr->s[i].pt[j].st = NULL;
		svy_free(tr->s[i].states);
		tr->s[i].states = NULL;
	}
}

struct svy_trend *svy_trend_analyse(const struct svy_trend_opts *o,
                                    const struct svy_metric *m,
                                    const struct svy_collected *c,
                                    struct svy_error *e)
{
	struct svy_trend *tr = svy_calloc(1, sizeof *tr);
	size_t i;

	if (!tr) {
		nomem(e);
		return NULL;
	}
	tr->o = *o;
	tr->m = m;
	tr->nby = c->nkeys ? c->nkeys - 1 : 0;
	if (c->nkeys == 0) {
		svy_error_set(e, SVY_EDATA, "internal: trend needs the period key");
		goto fail;
	}
	if (!(tr->byname = svy_calloc(tr->nby ? tr->nby : 1, sizeof *tr->byname)))
		goto oom;
	for (i = 0; i < tr->nby; i++)
		if (!(tr->byname[i] = dupstr(c->keynames[i])))
			goto oom;
	if (build(tr, c, e) < 0)
		goto fail;
	for (i = 0; i < tr->ns; i++)
		if (analyse_series(tr, &tr->s[i], e) < 0)
			goto fail;
	if (alerts(tr, e) < 0)
		goto fail;
	forget_states(tr);
	return tr;
oom:
	nomem(e);
fail:
	svy_trend_free(tr);
	return NULL;
}

/* ---- tables ------------------------------------------------------------- */

static const char *const period_cols[] = {
	"period", "t", "n", "value", "se", "ci_low", "ci_high", "change", "change_p",
};
static const char *const period_tail[] = { "lcl", "ucl", "out", "low_base" };
static const char *const summary_cols[] = {
	"periods", "first", "last", "first_value", "last_value", "mk_s", "mk_tau",
	"mk_z", "mk_p", "sen_slope", "sen_low", "sen_high", "wls_slope", "wls_se",
	"wls_p", "periods_dropped", "direction",
};

#define NCOLS(a) (sizeof a / sizeof a[0])

static struct svy_cell str_cell(const char *s)
{
	struct svy_cell c = { s ? SVY_CELL_STR : SVY_CELL_EMPTY, s, 0 };
	return c;
}

static int write_periods(const struct svy_trend *tr, struct svy_writer *w,
                         const char **names, struct svy_cell *cells,
                         struct svy_error *e)
{
	size_t n = tr->nby, i, j, k;
	int rc;

	for (i = 0; i < NCOLS(period_cols); i++)
		names[n++] = period_cols[i];
	if (tr->o.window > 0) {
		names[n++] = "rolling_value";
		names[n++] = "rolling_n";
	}
	for (i = 0; i < NCOLS(period_tail); i++)
		names[n++] = period_tail[i];
	if ((rc = svy_writer_header(w, names, n, e)) < 0)
		return rc;
	for (i = 0; i < tr->ns; i++) {
		const struct svy_trend_series *s = &tr->s[i];
		for (j = 0; j < s->npt; j++) {
			const struct svy_trend_point *p = &s->pt[j];
			for (k = 0; k < tr->nby; k++)
				cells[k] = str_cell(s->by[k]);
			k = tr->nby;
			cells[k++] = str_cell(p->key);
			cells[k++] = svy_cell_int(p->t);
			cells[k++] = svy_cell_int(p->n);
			cells[k++] = svy_cell_num(p->value);
			cells[k++] = svy_cell_num(p->se);
			cells[k++] = svy_cell_num(p->ci_low);
			cells[k++] = svy_cell_num(p->ci_high);
			cells[k++] = svy_cell_num(p->change);
			cells[k++] = svy_cell_prob(p->change_p);
			if (tr->o.window > 0) {
				cells[k++] = svy_cell_num(p->rolling_value);
				cells[k++] = svy_cell_int(p->rolling_n);
			}
			cells[k++] = svy_cell_num(p->lcl);
			cells[k++] = svy_cell_num(p->ucl);
			cells[k++] = svy_cell_int(p->out_known ? (p->out != 0) : NAN);
			cells[k++] = svy_cell_int(p->low_base);
			if ((rc = svy_writer_row(w, cells, k, e)) < 0)
				return rc;
		}
	}
	return 0;
}

static int write_summary(const struct svy_trend *tr, struct svy_writer *w,
                         const char **names, struct svy_cell *cells,
                         struct svy_error *e)
{
	size_t n = tr->nby, i, k;
	int rc;

	for (i = 0; i < NCOLS(summary_cols); i++)
		names[n++] = summary_cols[i];
	if ((rc = svy_writer_header(w, names, n, e)) < 0)
		return rc;
	for (i = 0; i < tr->ns; i++) {
		const struct svy_trend_series *s = &tr->s[i];
		const struct svy_trend_point *f = s->first >= 0 ? &s->pt[s->first] : NULL;
		const struct svy_trend_point *l = s->last >= 0 ? &s->pt[s->last] : NULL;
		for (k = 0; k < tr->nby; k++)
			cells[k] = str_cell(s->by[k]);
		k = tr->nby;
		cells[k++] = svy_cell_int((double)s->periods);
		cells[k++] = str_cell(f ? f->key : NULL);
		cells[k++] = str_cell(l ? l->key : NULL);
		cells[k++] = svy_cell_num(f ? f->value : NAN);
		cells[k++] = svy_cell_num(l ? l->value : NAN);
		cells[k++] = svy_cell_int(s->mk.s);
		cells[k++] = svy_cell_num(s->mk.tau);
		cells[k++] = svy_cell_num(s->mk.z);
		cells[k++] = svy_cell_prob(s->mk.p);
		cells[k++] = svy_cell_num(s->sen.slope);
		cells[k++] = svy_cell_num(s->sen.lo);
		cells[k++] = svy_cell_num(s->sen.hi);
		cells[k++] = svy_cell_num(s->wls.slope);
		cells[k++] = svy_cell_num(s->wls.se);
		cells[k++] = svy_cell_prob(s->wls.p);
		cells[k++] = svy_cell_int(s->wls.dropped);
		cells[k++] = str_cell(s->direction);
		if ((rc = svy_writer_row(w, cells, k, e)) < 0)
			return rc;
	}
	return 0;
}

int svy_trend_write(const struct svy_trend *tr, struct svy_writer *w,
                    struct svy_error *e)
{
	size_t n = tr->nby + NCOLS(summary_cols) + NCOLS(period_cols) + 8, i;
	const char **names = svy_calloc(n, sizeof *names);
	struct svy_cell *cells = svy_calloc(n, sizeof *cells);
	int rc;

	if (!names || !cells) {
		svy_free(names);
		svy_free(cells);
		return nomem(e);
	}
	for (i = 0; i < tr->nby; i++)
		names[i] = tr->byname[i];
	rc = tr->o.summary ? write_summary(tr, w, names, cells, e)
	                   : write_periods(tr, w, names, cells, e);
	svy_free(names);
	svy_free(cells);
	return rc;
}

/* ---- sparklines --------------------------------------------------------- */

int svy_trend_spark(const struct svy_trend *tr, size_t i, char *buf, size_t size)
{
	static const char *const bars[8] = {
		"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
		"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
	};
	const struct svy_trend_series *s = &tr->s[i];
	char line[SPARK_MAX * 3 + 1], a[64], b[64];
	size_t width = 0, j, k = 0;
	double lo = INFINITY, hi = -INFINITY;
	long first, last, ord, idx;

	for (j = 0; j < tr->ns; j++)
		if (strlen(tr->s[j].name) > width)
			width = strlen(tr->s[j].name);
	if (s->last < 0)
		return snprintf(buf, size, "%-*s  (no data)", (int)width, s->name);
	first = s->pt[s->first].ord;
	last = s->pt[s->last].ord;
	if (last - first + 1 > SPARK_MAX)
		first = last - SPARK_MAX + 1;
	for (j = 0; j < s->npt; j++)
		if (s->pt[j].has_data && s->pt[j].ord >= first) {
			if (s->pt[j].value < lo)
				lo = s->pt[j].value;
			if (s->pt[j].value > hi)
				hi = s->pt[j].value;
		}
	for (ord = first, j = 0; ord <= last; ord++) {
		while (j < s->npt && s->pt[j].ord < ord)
			j++;
		if (j < s->npt && s->pt[j].ord == ord && s->pt[j].has_data) {
			idx = hi > lo ? lround((s->pt[j].value - lo) / (hi - lo) * 7) : 3;
			memcpy(line + k, bars[idx], 3);
			k += 3;
		} else {
			line[k++] = ' ';
		}
	}
	line[k] = '\0';
	return snprintf(buf, size, "%-*s  %s  %s %s \xe2\x86\x92 %s %s", (int)width,
	                s->name, line, s->pt[s->first].ord >= first
	                ? s->pt[s->first].key : "...", fix(tr, s->pt[s->first].value, a),
	                s->pt[s->last].key, fix(tr, s->pt[s->last].value, b));
}

/* ---- the chart ---------------------------------------------------------- */

static void metric_title(const struct svy_trend *tr, char *buf, size_t size)
{
	size_t i;

	for (i = 0; tr->m->name[i] && i + 1 < size; i++)
		buf[i] = (char)(tr->m->name[i] >= 'a' && tr->m->name[i] <= 'z'
		                ? tr->m->name[i] - 'a' + 'A' : tr->m->name[i]);
	buf[i] = '\0';
}

int svy_trend_plot(const struct svy_trend *tr, const char *path, const char *title,
                   struct svy_error *e)
{
	struct svy_svg_chart ch;
	struct svy_svg_series *ss = NULL;
	char **xl = NULL, *xlbuf = NULL, **tips = NULL;
	double *num = NULL;
	int *mark = NULL;
	char mt[32], deftitle[512], ylabel[64], band[64], pc[32];
	long lo = 0, hi = -1;
	size_t i, j, nx = 0, npt = 0, off = 0;
	int rc;

	for (i = 0; i < tr->ns; i++)
		for (j = 0; j < tr->s[i].npt; j++) {
			long o = tr->s[i].pt[j].ord;
			if (hi < lo)
				lo = hi = o;
			lo = o < lo ? o : lo;
			hi = o > hi ? o : hi;
			npt++;
		}
	nx = hi >= lo ? (size_t)(hi - lo + 1) : 0;
	metric_title(tr, mt, sizeof mt);
	if (!title) {
		size_t k = (size_t)snprintf(deftitle, sizeof deftitle, "%s per %s", mt,
		                            svy_period_name(tr->o.period));
		for (i = 0; i < tr->nby && k < sizeof deftitle; i++)
			k += (size_t)snprintf(deftitle + k, sizeof deftitle - k, "%s%s",
			                      i ? ", " : " by ", tr->byname[i]);
		title = deftitle;
	}
	snprintf(ylabel, sizeof ylabel, tr->o.nps ? "%s (points)" : "%s (%% top box)", mt);
	snprintf(band, sizeof band, "%s%% interval",
	         svy_num_fixed(tr->m->conf * 100, tr->m->conf * 100 ==
	                       floor(tr->m->conf * 100) ? 0 : 1, pc, sizeof pc));

	if (!(ss = svy_calloc(tr->ns ? tr->ns : 1, sizeof *ss)) ||
	    !(xl = svy_calloc(nx ? nx : 1, sizeof *xl)) ||
	    !(xlbuf = svy_malloc((nx ? nx : 1) * SVY_PERIOD_KEY_MAX)) ||
	    !(num = svy_malloc((npt ? npt : 1) * 6 * sizeof *num)) ||
	    !(mark = svy_calloc(npt ? npt : 1, sizeof *mark)) ||
	    !(tips = svy_calloc(npt ? npt : 1, sizeof *tips))) {
		rc = nomem(e);
		goto out;
	}
	for (i = 0; i < nx; i++) {
		xl[i] = xlbuf + i * SVY_PERIOD_KEY_MAX;
		if (svy_period_format(tr->o.period, lo + (long)i, xl[i], SVY_PERIOD_KEY_MAX) < 0)
			xl[i][0] = '\0';
	}
	for (i = 0; i < tr->ns; i++) {
		const struct svy_trend_series *s = &tr->s[i];
		struct svy_svg_series *g = &ss[i];
		double *x = num + off * 6, *y = x + s->npt, *l = y + s->npt,
		       *h = l + s->npt, *lc = h + s->npt, *uc = lc + s->npt;
		/* six blocks of s->npt numbers: x y lo hi lcl ucl */
		g->name = s->name;
		g->n = s->npt;
		g->x = x;
		g->y = y;
		g->lo = l;
		g->hi = h;
		g->lcl = lc;
		g->ucl = uc;
		g->mark = mark + off;
		g->tip = (const char *const *)(tips + off);
		for (j = 0; j < s->npt; j++) {
			const struct svy_trend_point *p = &s->pt[j];
			char tv[64], tn[64], buf[400];
			x[j] = (double)(p->ord - lo);
			y[j] = p->has_data ? p->value : NAN;
			l[j] = p->ci_low;
			h[j] = p->ci_high;
			lc[j] = p->lcl;
			uc[j] = p->ucl;
			mark[off + j] = p->out_known && p->out != 0;
			snprintf(buf, sizeof buf, "%s %s: %s %s (n %s)%s", s->name, p->key, mt,
			         p->has_data ? fix(tr, p->value, tv) : "no data",
			         svy_num_fixed(p->n, 0, tn, sizeof tn),
			         mark[off + j] ? ", outside the control limits" : "");
			if (!(tips[off + j] = dupstr(buf))) {
				rc = nomem(e);
				goto out;
			}
		}
		off += s->npt;
	}
	memset(&ch, 0, sizeof ch);
	ch.title = title;
	ch.xlabel = svy_period_name(tr->o.period);
	ch.ylabel = ylabel;
	ch.xlabels = (const char *const *)xl;
	ch.nx = nx;
	ch.series = ss;
	ch.nseries = tr->ns;
	ch.band_name = band;
	ch.mark_name = "outside control limits";
	rc = svy_svg_write(path, &ch, e);
out:
	for (i = 0; tips && i < npt; i++)
		svy_free(tips[i]);
	svy_free(tips);
	svy_free(mark);
	svy_free(num);
	svy_free(xlbuf);
	svy_free(xl);
	svy_free(ss);
	return rc;
}
