/* m_nps.c - the NPS metric: counts to estimates, SEs and intervals. */
#include "nps.h"

#include <math.h>
#include <string.h>

#include "stats.h"

int svy_nps_ci_parse(const char *name, enum svy_nps_ci *out, struct svy_error *e)
{
	if (strcmp(name, "adjusted-wald") == 0)
		*out = SVY_NPS_CI_ADJUSTED_WALD;
	else if (strcmp(name, "wald") == 0)
		*out = SVY_NPS_CI_WALD;
	else if (strcmp(name, "none") == 0)
		*out = SVY_NPS_CI_NONE;
	else
		return svy_error_set(e, SVY_EUSAGE,
		                     "--ci: '%s' is not one of adjusted-wald, wald, none", name);
	return 0;
}

/* Per-respondent variance of y in {+1, 0, -1} with shares p and d. */
static double trinomial_var(double p, double d)
{
	return p + d - (p - d) * (p - d);
}

static void wald(double centre, double se, double z, double *lo, double *hi)
{
	*lo = svy_clip(centre - z * se, -100, 100);
	*hi = svy_clip(centre + z * se, -100, 100);
}

void svy_nps_from_counts(double P, double A, double D, double conf,
                         enum svy_nps_ci ci, struct svy_nps_est *o)
{
	double n = P + A + D, z;

	o->n = n;
	o->promoters = P;
	o->passives = A;
	o->detractors = D;
	o->z = o->p = NAN;
	if (n <= 0) {
		o->pct_promoters = o->pct_passives = o->pct_detractors = NAN;
		o->nps = o->se = o->ci_low = o->ci_high = NAN;
		return;
	}
	o->pct_promoters = 100.0 * P / n;
	o->pct_passives = 100.0 * A / n;
	o->pct_detractors = 100.0 * D / n;
	o->nps = 100.0 * (P - D) / n;
	o->se = 100.0 * sqrt(trinomial_var(P / n, D / n) / n);
	o->ci_low = o->ci_high = NAN;
	z = svy_z_crit(conf);
	if (ci == SVY_NPS_CI_WALD) {
		wald(o->nps, o->se, z, &o->ci_low, &o->ci_high);
	} else if (ci == SVY_NPS_CI_ADJUSTED_WALD) {
		double na = n + 3, pa = (P + 0.75) / na, da = (D + 0.75) / na;
		wald(100.0 * (P - D) / na, 100.0 * sqrt(trinomial_var(pa, da) / na), z,
		     &o->ci_low, &o->ci_high);
	}
}

/* Weighted: shares of the weights; SE by linearisation (svymean):
 * Var = nw/(nw-1) * sum_i w_i^2 (y_i - ybar)^2 / W^2, from the per-category
 * sums of squared weights. */
static void weighted(const struct svy_metric *m, const double *st,
                     const struct svy_sums *s, struct svy_nps_est *o)
{
	const struct svy_nps_params *p = m->params;
	double wp = 0, wa = 0, wd = 0, qp = 0, qa = 0, qd = 0, y, v;
	int i;

	for (i = 0; i <= 10; i++) {
		double w = svy_st_w(m, st, i), ww = svy_st_ww(m, st, i);
		if (i >= 9)
			wp += w, qp += ww;
		else if (i >= 7)
			wa += w, qa += ww;
		else
			wd += w, qd += ww;
	}
	if (!(s->nw > 0 && s->w > 0)) {
		o->pct_promoters = o->pct_passives = o->pct_detractors = NAN;
		o->nps = o->se = o->ci_low = o->ci_high = NAN;
		return;
	}
	o->pct_promoters = 100.0 * wp / s->w;
	o->pct_passives = 100.0 * wa / s->w;
	o->pct_detractors = 100.0 * wd / s->w;
	y = (wp - wd) / s->w;
	o->nps = 100.0 * y;
	v = (qp * (1 - y) * (1 - y) + qa * y * y + qd * (1 + y) * (1 + y)) / (s->w * s->w);
	o->se = s->nw > 1 ? 100.0 * sqrt(s->nw / (s->nw - 1) * v) : NAN;
	o->ci_low = o->ci_high = NAN;
	if (p->ci != SVY_NPS_CI_NONE && !isnan(o->se))
		wald(o->nps, o->se, svy_z_crit(m->conf), &o->ci_low, &o->ci_high);
}

void svy_nps_estimate(const struct svy_metric *m, const double *st,
                      struct svy_nps_est *o)
{
	const struct svy_nps_params *p = m->params;
	double P = 0, A = 0, D = 0;
	struct svy_sums s;
	int i;

	for (i = 0; i <= 10; i++) {
		double c = svy_st_count(m, st, i);
		if (i >= 9)
			P += c;
		else if (i >= 7)
			A += c;
		else
			D += c;
	}
	svy_nps_from_counts(P, A, D, m->conf, p->ci, o);
	if (m->weighted) {
		svy_metric_sums(m, st, &s);
		weighted(m, st, &s, o);
	}
	if (p->has_benchmark && o->se > 0) {
		o->z = (o->nps - p->benchmark) / o->se;
		o->p = svy_p_normal(o->z);
	}
}

static const char *const nps_cols[] = {
	"promoters", "passives", "detractors", "pct_promoters", "pct_passives",
	"pct_detractors", "nps", "se", "ci_low", "ci_high", "low_base",
};

static size_t nps_columns(const struct svy_metric *m, const char **names)
{
	const struct svy_nps_params *p = m->params;
	size_t n = svy_metric_base_columns(m, names), i;

	for (i = 0; i < sizeof nps_cols / sizeof nps_cols[0]; i++)
		names[n++] = nps_cols[i];
	if (p->has_benchmark) {
		names[n++] = "z";
		names[n++] = "p";
	}
	return n;
}

static void nps_result(const struct svy_metric *m, const double *st,
                       struct svy_cell *out)
{
	const struct svy_nps_params *p = m->params;
	struct svy_nps_est o;
	struct svy_sums s;
	size_t n;

	svy_metric_sums(m, st, &s);
	svy_nps_estimate(m, st, &o);
	n = svy_metric_base_cells(m, &s, out);
	out[n++] = svy_cell_int(o.promoters);
	out[n++] = svy_cell_int(o.passives);
	out[n++] = svy_cell_int(o.detractors);
	out[n++] = svy_cell_num(o.pct_promoters);
	out[n++] = svy_cell_num(o.pct_passives);
	out[n++] = svy_cell_num(o.pct_detractors);
	out[n++] = svy_cell_num(o.nps);
	out[n++] = svy_cell_num(o.se);
	out[n++] = svy_cell_num(o.ci_low);
	out[n++] = svy_cell_num(o.ci_high);
	out[n++] = svy_cell_int(s.n < (double)m->min_n ? 1 : 0);
	if (p->has_benchmark) {
		out[n++] = svy_cell_num(o.z);
		out[n++] = svy_cell_prob(o.p);
	}
}

void svy_nps_init(struct svy_metric *m, const char *column,
                  const struct svy_nps_params *p)
{
	m->name = "nps";
	strcpy(m->id, "nps:0-10");
	m->column = column;
	m->lo = 0;
	m->hi = 10;
	m->parse = svy_metric_parse_int;
	m->columns = nps_columns;
	m->result = nps_result;
	m->params = p;
	svy_metric_ready(m);
}
