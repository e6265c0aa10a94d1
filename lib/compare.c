/* compare.c - two-group tests on metric states, p-value adjustment, and the
 * comparison tables of segment --compare / --pairwise. */
#include "compare.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "csat.h"
#include "group.h"
#include "mem.h"
#include "nps.h"
#include "stats.h"

int svy_adjust_parse(const char *name, enum svy_adjust *out, struct svy_error *e)
{
	if (strcmp(name, "holm") == 0)
		*out = SVY_ADJUST_HOLM;
	else if (strcmp(name, "bh") == 0)
		*out = SVY_ADJUST_BH;
	else if (strcmp(name, "none") == 0)
		*out = SVY_ADJUST_NONE;
	else
		return svy_error_set(e, SVY_EUSAGE, "--adjust: '%s' is not one of holm, bh, "
		                     "none", name);
	return 0;
}

int svy_p_adjust(enum svy_adjust how, const double *p, size_t n, double *adj)
{
	size_t i;

	switch (how) {
	case SVY_ADJUST_HOLM:
		return svy_p_holm(p, n, adj) < 0 ? SVY_ENOMEM : 0;
	case SVY_ADJUST_BH:
		return svy_p_bh(p, n, adj) < 0 ? SVY_ENOMEM : 0;
	case SVY_ADJUST_NONE:
		break;
	}
	for (i = 0; i < n; i++)
		adj[i] = p[i];
	return 0;
}

static void undefined(struct svy_twogroup *o)
{
	o->diff = o->se = o->z = o->p = NAN;
}

/* z and p from diff and se (both defined, se > 0). */
static void finish_test(struct svy_twogroup *o)
{
	if (isnan(o->diff) || !(o->se > 0)) {
		o->z = o->p = NAN;
		return;
	}
	o->z = o->diff / o->se;
	o->p = svy_p_normal(o->z);
}

/* The adjusted-Wald centre and SE of one group (STATS.md). */
static void adjusted_nps(double P, double A, double D, double *c, double *se)
{
	double na = P + A + D + 3, pa = (P + 0.75) / na, da = (D + 0.75) / na;

	*c = 100.0 * (P - D) / na;
	*se = 100.0 * sqrt((pa + da - (pa - da) * (pa - da)) / na);
}

void svy_compare_nps_counts(double P1, double A1, double D1, double P2, double A2,
                            double D2, int adjusted, struct svy_twogroup *o)
{
	struct svy_nps_est a, b;

	svy_nps_from_counts(P1, A1, D1, 0.95, SVY_NPS_CI_NONE, &a);
	svy_nps_from_counts(P2, A2, D2, 0.95, SVY_NPS_CI_NONE, &b);
	o->n1 = a.n;
	o->n2 = b.n;
	o->v1 = a.nps;
	o->v2 = b.nps;
	if (!(a.n > 0 && b.n > 0)) {
		undefined(o);
		return;
	}
	o->diff = a.nps - b.nps;
	if (adjusted) {
		double c1, s1, c2, s2;
		adjusted_nps(P1, A1, D1, &c1, &s1);
		adjusted_nps(P2, A2, D2, &c2, &s2);
		o->se = sqrt(s1 * s1 + s2 * s2);
		o->z = o->se > 0 ? (c1 - c2) / o->se : NAN;
		o->p = svy_p_normal(o->z);
		return;
	}
	o->se = sqrt(a.se * a.se + b.se * b.se);
	finish_test(o);
}

void svy_compare_props(double x1, double n1, double x2, double n2,
                       struct svy_twogroup *o)
{
	double pbar, s;

	o->n1 = n1;
	o->n2 = n2;
	o->v1 = n1 > 0 ? 100.0 * x1 / n1 : NAN;
	o->v2 = n2 > 0 ? 100.0 * x2 / n2 : NAN;
	if (!(n1 > 0 && n2 > 0)) {
		undefined(o);
		return;
	}
	pbar = (x1 + x2) / (n1 + n2);
	s = sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2));
	o->diff = o->v1 - o->v2;
	o->se = 100.0 * s;
	if (!(s > 0)) {
		o->z = o->p = NAN;
		return;
	}
	o->z = (x1 / n1 - x2 / n2) / s;
	o->p = svy_p_normal(o->z);
}

static int is_nps(const struct svy_metric *m)
{
	return strncmp(m->id, "nps:", 4) == 0;
}

/* Weighted top-box share (percent) and its linearisation SE (percent). */
static void weighted_share(const struct svy_metric *m, const double *st,
                           double *share, double *se)
{
	const struct svy_csat_params *p = m->params;
	struct svy_sums s;
	double wtop = 0, qtop = 0, qrest = 0, y;
	int v;

	svy_metric_sums(m, st, &s);
	*share = *se = NAN;
	if (!(s.nw > 0 && s.w > 0))
		return;
	for (v = m->lo; v <= m->hi; v++) {
		if (v >= p->top)
			wtop += svy_st_w(m, st, v), qtop += svy_st_ww(m, st, v);
		else
			qrest += svy_st_ww(m, st, v);
	}
	y = wtop / s.w;
	*share = 100.0 * wtop / s.w;
	if (s.nw > 1)
		*se = 100.0 * sqrt(s.nw / (s.nw - 1) *
		                   (qtop * (1 - y) * (1 - y) + qrest * y * y) / (s.w * s.w));
}

int svy_compare_states(const struct svy_metric *m, const double *a, const double *b,
                       int adjusted, struct svy_twogroup *o, struct svy_error *e)
{
	double s1 = NAN, s2 = NAN;
	struct svy_sums sa, sb;

	if (adjusted && (m->weighted || !is_nps(m)))
		return svy_error_set(e, SVY_EUSAGE, "the adjusted-Wald test is for "
		                     "unweighted NPS only");
	svy_metric_sums(m, a, &sa);
	svy_metric_sums(m, b, &sb);
	if (is_nps(m)) {
		struct svy_nps_est ea, eb;
		svy_nps_estimate(m, a, &ea);
		svy_nps_estimate(m, b, &eb);
		if (!m->weighted) {
			svy_compare_nps_counts(ea.promoters, ea.passives, ea.detractors,
			                       eb.promoters, eb.passives, eb.detractors,
			                       adjusted, o);
			return 0;
		}
		o->v1 = ea.nps;
		o->v2 = eb.nps;
		s1 = ea.se;
		s2 = eb.se;
	} else {
		if (!m->weighted) {
			struct svy_csat_est ea, eb;
			svy_csat_estimate(m, a, &ea);
			svy_csat_estimate(m, b, &eb);
			svy_compare_props(ea.top, ea.n, eb.top, eb.n, o);
			return 0;
		}
		weighted_share(m, a, &o->v1, &s1);
		weighted_share(m, b, &o->v2, &s2);
	}
	/* weighted: each group's own linearisation SE */
	o->n1 = sa.n;
	o->n2 = sb.n;
	o->diff = o->v1 - o->v2;
	o->se = sqrt(s1 * s1 + s2 * s2);
	finish_test(o);
	return 0;
}

/* ---- the tables ---------------------------------------------------------------- */

#define MAX_OUT (SVY_MAX_COLS + 16)

static struct svy_cell str_cell(const char *s)
{
	struct svy_cell c = { SVY_CELL_STR, s, 0 };
	return c;
}

static struct svy_cell flag_cell(double padj, double alpha)
{
	return svy_cell_int(isnan(padj) ? NAN : padj <= alpha ? 1 : 0);
}

/* The group's values joined by '|', allocated to fit (a fixed buffer cut
 * long values short, and two segments could print the same).  NULL on
 * ENOMEM. */
static char *joined(const struct svy_collected *c, const struct svy_group *g)
{
	size_t len = c->nkeys, off = 0, i, n;
	char *s;

	for (i = 0; i < c->nkeys; i++)
		len += strlen(svy_group_value(g, i));
	if (!(s = svy_malloc(len + 1)))
		return NULL;
	for (i = 0; i < c->nkeys; i++) {
		if (i)
			s[off++] = '|';
		n = strlen(svy_group_value(g, i));
		memcpy(s + off, svy_group_value(g, i), n);
		off += n;
	}
	s[off] = '\0';
	return s;
}

static void free_names(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		svy_free(v[i]);
	svy_free(v);
}

/* Sums of the segments' states from each segment to the last: row i
 * (ns values) is groups i..ng-1, row ng zeros.  The rest of a segment is
 * summed from the others, never the total minus the segment: weights may
 * differ by 200 orders of magnitude, and 2e100 + 3 - 2e100 is 0 in
 * doubles.  NULL on ENOMEM (the caller reports it). */
static double *suffix_sums(const struct svy_collected *c, size_t ns)
{
	size_t ng = c->ngroups, i, j;
	double *suf = svy_calloc((ng + 1) * ns, sizeof *suf);

	if (!suf)
		return NULL;
	for (i = ng; i-- > 0;)
		for (j = 0; j < ns; j++)
			suf[i * ns + j] = suf[(i + 1) * ns + j] + c->groups[i].st[j];
	return suf;
}

static int vs_rest(const struct svy_compare_opts *o, const struct svy_collected *c,
                   struct svy_writer *w, struct svy_error *e)
{
	static const char *const cols[] = {
		"n", "value", "rest_n", "rest_value", "diff", "se", "z", "p", "p_adj",
		"significant", "low_base",
	};
	const struct svy_metric *m = c->m;
	size_t ns = svy_metric_nstate(m), ng = c->ngroups, i, j, k;
	const char *names[MAX_OUT];
	struct svy_cell cells[MAX_OUT];
	struct svy_twogroup *t = svy_calloc(ng ? ng : 1, sizeof *t);
	double *p = svy_calloc(ng ? ng : 1, sizeof *p), *adj = svy_calloc(ng ? ng : 1,
	                                                                   sizeof *adj);
	double *rest = svy_calloc(ns, sizeof *rest), *pre = svy_calloc(ns, sizeof *pre);
	double *suf = suffix_sums(c, ns);
	int rc = 0;

	if (!t || !p || !adj || !rest || !pre || !suf) {
		rc = svy_error_set(e, SVY_ENOMEM, "out of memory");
		goto out;
	}
	/* the rest of segment i: the segments before it plus those after it */
	for (i = 0; i < ng && rc == 0; i++) {
		for (j = 0; j < ns; j++)
			rest[j] = pre[j] + suf[(i + 1) * ns + j];
		rc = svy_compare_states(m, c->groups[i].st, rest, o->adjusted, &t[i], e);
		p[i] = t[i].p;
		for (j = 0; j < ns; j++)
			pre[j] += c->groups[i].st[j];
	}
	if (rc < 0 || (rc = svy_p_adjust(o->adjust, p, ng, adj)) < 0) {
		if (rc == SVY_ENOMEM)
			svy_error_set(e, rc, "out of memory");
		goto out;
	}
	for (i = 0; i < c->nkeys; i++)
		names[i] = c->keynames[i];
	for (j = 0; j < sizeof cols / sizeof cols[0]; j++)
		names[i + j] = cols[j];
	if ((rc = svy_writer_header(w, names, i + j, e)) < 0)
		goto out;
	for (i = 0; i < ng && rc == 0; i++) {
		for (k = 0; k < c->nkeys; k++)
			cells[k] = str_cell(svy_group_value(&c->groups[i], k));
		cells[k++] = svy_cell_int(t[i].n1);
		cells[k++] = svy_cell_num(t[i].v1);
		cells[k++] = svy_cell_int(t[i].n2);
		cells[k++] = svy_cell_num(t[i].v2);
		cells[k++] = svy_cell_num(t[i].diff);
		cells[k++] = svy_cell_num(t[i].se);
		cells[k++] = svy_cell_num(t[i].z);
		cells[k++] = svy_cell_prob(t[i].p);
		cells[k++] = svy_cell_prob(adj[i]);
		cells[k++] = flag_cell(adj[i], o->alpha);
		cells[k++] = svy_cell_int(t[i].n1 < (double)m->min_n ||
		                          t[i].n2 < (double)m->min_n ? 1 : 0);
		rc = svy_writer_row(w, cells, k, e);
	}
out:
	svy_free(t);
	svy_free(p);
	svy_free(adj);
	svy_free(rest);
	svy_free(pre);
	svy_free(suf);
	return rc;
}

static int pairwise(const struct svy_compare_opts *o, const struct svy_collected *c,
                    struct svy_writer *w, struct svy_error *e)
{
	static const char *const cols[] = {
		"segment_a", "segment_b", "n_a", "value_a", "n_b", "value_b", "diff", "se",
		"z", "p", "p_adj", "significant", "low_base",
	};
	const struct svy_metric *m = c->m;
	size_t ng = c->ngroups, np = ng * (ng ? ng - 1 : 0) / 2, i, j, k, q;
	struct svy_cell cells[sizeof cols / sizeof cols[0]];
	struct svy_twogroup t;
	double *p = svy_calloc(np ? np : 1, sizeof *p), *adj = svy_calloc(np ? np : 1,
	                                                                   sizeof *adj);
	char **name = svy_calloc(ng ? ng : 1, sizeof *name);
	int rc = 0;

	if (!p || !adj || !name) {
		rc = svy_error_set(e, SVY_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < ng; i++)
		if (!(name[i] = joined(c, &c->groups[i]))) {
			rc = svy_error_set(e, SVY_ENOMEM, "out of memory");
			goto out;
		}
	/* Only the p-values are kept for the adjustment; each pair's figures
	 * are worked out again as it is written (a pure function of the two
	 * states): 64 bytes a pair fewer, 290 MB at 3000 segments. */
	for (i = 0, q = 0; i < ng && rc == 0; i++)
		for (j = i + 1; j < ng && rc == 0; j++, q++) {
			rc = svy_compare_states(m, c->groups[i].st, c->groups[j].st,
			                        o->adjusted, &t, e);
			p[q] = t.p;
		}
	if (rc < 0 || (rc = svy_p_adjust(o->adjust, p, np, adj)) < 0) {
		if (rc == SVY_ENOMEM)
			svy_error_set(e, rc, "out of memory");
		goto out;
	}
	if ((rc = svy_writer_header(w, cols, sizeof cols / sizeof cols[0], e)) < 0)
		goto out;
	for (i = 0, q = 0; i < ng && rc == 0; i++)
		for (j = i + 1; j < ng && rc == 0; j++, q++) {
			if ((rc = svy_compare_states(m, c->groups[i].st, c->groups[j].st,
			                             o->adjusted, &t, e)) < 0)
				break;
			k = 0;
			cells[k++] = str_cell(name[i]);
			cells[k++] = str_cell(name[j]);
			cells[k++] = svy_cell_int(t.n1);
			cells[k++] = svy_cell_num(t.v1);
			cells[k++] = svy_cell_int(t.n2);
			cells[k++] = svy_cell_num(t.v2);
			cells[k++] = svy_cell_num(t.diff);
			cells[k++] = svy_cell_num(t.se);
			cells[k++] = svy_cell_num(t.z);
			cells[k++] = svy_cell_prob(t.p);
			cells[k++] = svy_cell_prob(adj[q]);
			cells[k++] = flag_cell(adj[q], o->alpha);
			cells[k++] = svy_cell_int(t.n1 < (double)m->min_n ||
			                          t.n2 < (double)m->min_n ? 1 : 0);
			rc = svy_writer_row(w, cells, k, e);
		}
out:
	svy_free(p);
	svy_free(adj);
	free_names(name, ng);
	return rc;
}

int svy_compare_finish(const void *ctx, const struct svy_collected *c,
                       struct svy_writer *w, struct svy_error *e)
{
	const struct svy_compare_opts *o = ctx;

	if (o->adjusted && c->m->weighted)
		return svy_error_set(e, SVY_EUSAGE, "--test adjusted-wald does not go with "
		                     "weighted states (the test of weighted NPS is Wald)");
	return o->pairwise ? pairwise(o, c, w, e) : vs_rest(o, c, w, e);
}
