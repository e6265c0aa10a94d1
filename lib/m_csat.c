/* m_csat.c - the top-box metric (CSAT, CES, yes/no): presets, answer
 * parsing, and histogram to shares, means, medians, SEs and intervals. */
#include "csat.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "num.h"
#include "stats.h"

int svy_csat_ci_parse(const char *name, enum svy_csat_ci *out, struct svy_error *e)
{
	static const struct { const char *name; enum svy_csat_ci ci; } t[] = {
		{ "wilson", SVY_CSAT_CI_WILSON },
		{ "clopper-pearson", SVY_CSAT_CI_CLOPPER_PEARSON },
		{ "agresti-coull", SVY_CSAT_CI_AGRESTI_COULL },
		{ "wald", SVY_CSAT_CI_WALD },
		{ "none", SVY_CSAT_CI_NONE },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(name, t[i].name) == 0) {
			*out = t[i].ci;
			return 0;
		}
	return svy_error_set(e, SVY_EUSAGE, "--ci: '%s' is not one of wilson, "
	                     "clopper-pearson, agresti-coull, wald, none", name);
}

int svy_csat_metric_parse(const char *name, struct svy_error *e)
{
	if (strcmp(name, "csat") == 0 || strcmp(name, "ces") == 0 ||
	    strcmp(name, "fcr") == 0)
		return 0;
	return svy_error_set(e, SVY_EUSAGE, "--metric: '%s' is not one of csat, ces, fcr",
	                     name);
}

int svy_csat_scale_parse(const char *arg, int *lo, int *hi, struct svy_error *e)
{
	long a, b;

	if (svy_num_range(arg, strlen(arg), &a, &b) != 0)
		return svy_error_set(e, SVY_EUSAGE,
		                     "--scale: '%s' is not LO-HI (two integers, e.g. 1-5)", arg);
	if (a >= b)
		return svy_error_set(e, SVY_EUSAGE, "--scale: '%s': LO must be below HI", arg);
	if (b - a + 1 > SVY_CSAT_MAX_VALUES)
		return svy_error_set(e, SVY_EUSAGE, "--scale: '%s' has more than %d values",
		                     arg, SVY_CSAT_MAX_VALUES);
	*lo = (int)a;
	*hi = (int)b;
	return 0;
}

int svy_csat_yes_no(const char *s, size_t len, int *value)
{
	static const char *const yes[] = { "yes", "y", "true", "1", "good" };
	static const char *const no[] = { "no", "n", "false", "0", "bad" };
	size_t i;

	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	/* NA is missing in upper case only, as in every other column: "na" is
	 * neither missing nor an answer */
	if (len == 0 || (len == 2 && s[0] == 'N' && s[1] == 'A'))
		return SVY_EMISSING;
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strlen(yes[i]) == len && strncasecmp(s, yes[i], len) == 0) {
			*value = 1;
			return 0;
		}
		if (strlen(no[i]) == len && strncasecmp(s, no[i], len) == 0) {
			*value = 0;
			return 0;
		}
	}
	return SVY_EINVALID;
}

static int parse_yes_no(const struct svy_metric *m, const char *s, size_t len,
                        int *value, struct svy_error *e)
{
	char q[200];
	int rc = svy_csat_yes_no(s, len, value);

	(void)m;
	if (rc == SVY_EINVALID)
		svy_error_set(e, SVY_EINVALID, "'%s' is not a yes/no answer "
		              "(yes/no, y/n, true/false, 1/0, good/bad)",
		              svy_error_quote(s, len, q, sizeof q));
	return rc;
}

void svy_csat_share_ci(double x, double n, double conf, enum svy_csat_ci ci,
                       double *lo, double *hi)
{
	*lo = *hi = NAN;
	switch (ci) {
	case SVY_CSAT_CI_WILSON: svy_prop_wilson(x, n, conf, lo, hi); break;
	case SVY_CSAT_CI_CLOPPER_PEARSON: svy_prop_clopper_pearson(x, n, conf, lo, hi); break;
	case SVY_CSAT_CI_AGRESTI_COULL: svy_prop_agresti_coull(x, n, conf, lo, hi); break;
	case SVY_CSAT_CI_WALD: svy_prop_wald(x, n, conf, lo, hi); break;
	case SVY_CSAT_CI_NONE: return;
	}
	*lo *= 100;
	*hi *= 100;
}

static void all_nan(struct svy_csat_est *o)
{
	o->share = o->ci_low = o->ci_high = o->bottom_share = NAN;
	o->mean = o->sd = o->mean_ci_low = o->mean_ci_high = o->median = NAN;
	o->z = o->p = NAN;
}

/* Counts: shares of n, the sample SD (n - 1), the t interval of the mean,
 * and the score test of the share (the test prop.test(correct = FALSE)
 * does, and the one the Wilson interval inverts). */
static void unweighted(const struct svy_metric *m, const double *st,
                       const struct svy_csat_params *p, struct svy_csat_est *o)
{
	double n = o->n, sum = 0, ss = 0, p0, se0;
	int v;

	if (!(n > 0))
		return;
	o->share = 100.0 * o->top / n;
	if (p->has_bottom)
		o->bottom_share = 100.0 * o->bottom / n;
	svy_csat_share_ci(o->top, n, m->conf, p->ci, &o->ci_low, &o->ci_high);
	for (v = m->lo; v <= m->hi; v++)
		sum += svy_st_count(m, st, v) * v;
	o->mean = sum / n;
	/* two passes over the histogram: no cancellation in the variance */
	for (v = m->lo; v <= m->hi; v++)
		ss += svy_st_count(m, st, v) * (v - o->mean) * (v - o->mean);
	if (n > 1)
		o->sd = sqrt(ss / (n - 1));
	if (p->ci != SVY_CSAT_CI_NONE)
		svy_mean_t(o->mean, o->sd, n, m->conf, &o->mean_ci_low, &o->mean_ci_high);
	o->median = svy_hist_median(st + SVY_ST_HEAD, svy_metric_k(m), m->lo);
	if (p->has_benchmark) {
		p0 = p->benchmark / 100;
		se0 = sqrt(p0 * (1 - p0) / n);
		o->z = (o->top / n - p0) / se0;
		o->p = svy_p_normal(o->z);
	}
}

/* Weights: shares and mean of the weights; linearisation variance as
 * svymean, Var = nw/(nw-1) * sum_i w_i^2 (y_i - ybar)^2 / W^2, which per
 * answer value needs only its sum of squared weights; SD as svyvar,
 * nw/(nw-1) * sum_i w_i (y_i - ybar)^2 / W; Wald intervals; the test of the
 * share uses its linearisation SE. */
static void weighted(const struct svy_metric *m, const double *st,
                     const struct svy_csat_params *p, const struct svy_sums *s,
                     struct svy_csat_est *o)
{
	double W = s->w, nw = s->nw, wtop = 0, wbot = 0, qtop = 0, qrest = 0;
	double sum = 0, sw = 0, sq = 0, y, f, se, sem, z;
	int v;

	if (!(nw > 0 && W > 0))
		return;
	for (v = m->lo; v <= m->hi; v++) {
		double w = svy_st_w(m, st, v), ww = svy_st_ww(m, st, v);
		if (v >= p->top)
			wtop += w, qtop += ww;
		else
			qrest += ww;
		if (p->has_bottom && v <= p->bottom)
			wbot += w;
		sum += w * v;
	}
	y = wtop / W;
	/* the unweighted order of operations: unit weights give the same bits */
	o->share = 100.0 * wtop / W;
	if (p->has_bottom)
		o->bottom_share = 100.0 * wbot / W;
	o->mean = sum / W;
	for (v = m->lo; v <= m->hi; v++) {
		double d = v - o->mean;
		sw += svy_st_w(m, st, v) * d * d;
		sq += svy_st_ww(m, st, v) * d * d;
	}
	o->median = svy_hist_median(st + SVY_ST_HEAD + svy_metric_k(m),
	                            svy_metric_k(m), m->lo);
	if (!(nw > 1))
		return;
	f = nw / (nw - 1);
	o->sd = sqrt(f * sw / W);
	z = svy_z_crit(m->conf);
	se = sqrt(f * (qtop * (1 - y) * (1 - y) + qrest * y * y) / (W * W));
	sem = sqrt(f * sq / (W * W));
	if (p->ci != SVY_CSAT_CI_NONE) {
		o->ci_low = 100.0 * svy_clip(y - z * se, 0, 1);
		o->ci_high = 100.0 * svy_clip(y + z * se, 0, 1);
		o->mean_ci_low = o->mean - z * sem;
		o->mean_ci_high = o->mean + z * sem;
	}
	if (p->has_benchmark && se > 0) {
		o->z = (y - p->benchmark / 100) / se;
		o->p = svy_p_normal(o->z);
	}
}

void svy_csat_estimate(const struct svy_metric *m, const double *st,
                       struct svy_csat_est *o)
{
	const struct svy_csat_params *p = m->params;
	struct svy_sums s;
	int v;

	o->n = o->top = o->bottom = 0;
	for (v = m->lo; v <= m->hi; v++) {
		double c = svy_st_count(m, st, v);
		o->n += c;
		if (v >= p->top)
			o->top += c;
		if (p->has_bottom && v <= p->bottom)
			o->bottom += c;
	}
	all_nan(o);
	if (!p->has_bottom)
		o->bottom = NAN;
	if (m->weighted) {
		svy_metric_sums(m, st, &s);
		weighted(m, st, p, &s, o);
	} else {
		unweighted(m, st, p, o);
	}
}

static const char *const csat_cols[] = {
	"top", "share", "ci_low", "ci_high", "mean", "sd", "mean_ci_low",
	"mean_ci_high", "median", "low_base",
};

static size_t csat_columns(const struct svy_metric *m, const char **names)
{
	const struct svy_csat_params *p = m->params;
	size_t n = svy_metric_base_columns(m, names), i;

	for (i = 0; i < sizeof csat_cols / sizeof csat_cols[0]; i++)
		names[n++] = csat_cols[i];
	if (p->has_bottom) {
		names[n++] = "bottom";
		names[n++] = "bottom_share";
	}
	if (p->distribution)
		for (i = 0; i < svy_metric_k(m); i++)
			names[n++] = p->count_name[i];
	if (p->has_benchmark) {
		names[n++] = "z";
		names[n++] = "p";
	}
	return n;
}

static void csat_result(const struct svy_metric *m, const double *st,
                        struct svy_cell *out)
{
	const struct svy_csat_params *p = m->params;
	struct svy_csat_est o;
	struct svy_sums s;
	size_t n;
	int v;

	svy_metric_sums(m, st, &s);
	svy_csat_estimate(m, st, &o);
	n = svy_metric_base_cells(m, &s, out);
	out[n++] = svy_cell_int(o.top);
	out[n++] = svy_cell_num(o.share);
	out[n++] = svy_cell_num(o.ci_low);
	out[n++] = svy_cell_num(o.ci_high);
	out[n++] = svy_cell_num(o.mean);
	out[n++] = svy_cell_num(o.sd);
	out[n++] = svy_cell_num(o.mean_ci_low);
	out[n++] = svy_cell_num(o.mean_ci_high);
	out[n++] = svy_cell_num(o.median);
	out[n++] = svy_cell_int(s.n < (double)m->min_n ? 1 : 0);
	if (p->has_bottom) {
		out[n++] = svy_cell_int(o.bottom);
		out[n++] = svy_cell_num(o.bottom_share);
	}
	if (p->distribution)
		for (v = m->lo; v <= m->hi; v++)
			out[n++] = svy_cell_int(svy_st_count(m, st, v));
	if (p->has_benchmark) {
		out[n++] = svy_cell_num(o.z);
		out[n++] = svy_cell_prob(o.p);
	}
}

/* Presets: --metric NAME is --column NAME with this scale and top box. */
static void preset(struct svy_csat_params *p, const char *name)
{
	int ces = strcmp(name, "ces") == 0;

	if (strcmp(name, "fcr") == 0)
		p->yes_no = 1;
	if (p->yes_no) {
		p->lo = 0;
		p->hi = 1;
		p->top = 1;
		return;
	}
	if (!p->has_scale) {
		p->lo = 1;
		p->hi = ces ? 7 : 5;
	}
	/* CES counts 5-7 of 1-7 as easy; any other scale its top two points,
	 * but never the whole scale (a 0-1 scale: the top box is 1) */
	if (!p->has_top)
		p->top = ces && !p->has_scale ? 5 : p->hi - 1 > p->lo ? p->hi - 1 : p->hi;
}

int svy_csat_init(struct svy_metric *m, const char *column,
                  struct svy_csat_params *p, struct svy_error *e)
{
	const char *name = p->metric ? p->metric : "csat";
	int i, rc;

	if ((rc = svy_csat_metric_parse(name, e)) < 0)
		return rc;
	if (p->yes_no || strcmp(name, "fcr") == 0) {
		if (p->has_scale)
			return svy_error_set(e, SVY_EUSAGE, "--scale does not go with yes/no "
			                     "answers (--yes-no, --metric fcr)");
		if (p->has_top)
			return svy_error_set(e, SVY_EUSAGE, "--top does not go with yes/no "
			                     "answers: the top box is yes");
	}
	preset(p, name);
	if (p->top <= p->lo || p->top > p->hi)
		return svy_error_set(e, SVY_EUSAGE, "--top %d is not in %d-%d (the scale is "
		                     "%d-%d and the top box cannot hold every answer)",
		                     p->top, p->lo + 1, p->hi, p->lo, p->hi);
	if (p->has_bottom && (p->bottom < p->lo || p->bottom >= p->top))
		return svy_error_set(e, SVY_EUSAGE, "--bottom %d is not in %d-%d (from the "
		                     "lowest answer to below the top box, which starts at %d)",
		                     p->bottom, p->lo, p->top - 1, p->top);
	if (p->distribution && p->hi - p->lo + 1 > SVY_CSAT_MAX_DIST)
		return svy_error_set(e, SVY_EUSAGE, "--distribution: the scale %d-%d has "
		                     "more than %d values", p->lo, p->hi, SVY_CSAT_MAX_DIST);
	if (p->has_benchmark && !(p->benchmark > 0 && p->benchmark < 100))
		return svy_error_set(e, SVY_EUSAGE, "--benchmark: %g is not strictly "
		                     "between 0 and 100 (percent)", p->benchmark);
	if (p->distribution)
		for (i = 0; i <= p->hi - p->lo; i++)
			snprintf(p->count_name[i], sizeof p->count_name[i], "count_%d",
			         p->lo + i);

	m->name = name;
	/* the scale is part of the identity, so --merge refuses another one */
	if (p->yes_no)
		snprintf(m->id, sizeof m->id, "%s:yes-no", name);
	else
		snprintf(m->id, sizeof m->id, "%s:%d-%d", name, p->lo, p->hi);
	m->column = column ? column : name;
	m->lo = p->lo;
	m->hi = p->hi;
	m->parse = p->yes_no ? parse_yes_no : svy_metric_parse_int;
	m->columns = csat_columns;
	m->result = csat_result;
	m->params = p;
	svy_metric_ready(m);
	return 0;
}
