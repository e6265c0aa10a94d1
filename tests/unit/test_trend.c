/* test_trend.c - series analysis, alerts, tables and sparklines (lib/trend.h)
 * on small hand-built states.  Every expected figure is worked out in a
 * comment (and, where marked, recomputed with R). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "csat.h"
#include "group.h"
#include "nps.h"
#include "tap.h"
#include "trend.h"

/* Add answers to the state of (group, period); a negative answer counts as
 * a missing cell. */
static void put(struct svy_groups *g, const struct svy_metric *m, const char *grp,
                const char *period, const int *ans, size_t n, double w)
{
	const char *vals[2] = { grp, period };
	size_t lens[2] = { strlen(grp), strlen(period) };
	struct svy_error e;
	double *st = svy_groups_get(g, vals, lens, &e);
	size_t i;

	for (i = 0; i < n; i++) {
		if (ans[i] < 0)
			st[SVY_ST_MISSING] += 1;
		else
			svy_metric_add(m, st, ans[i], w, 0);
	}
}

static struct svy_trend *analyse(struct svy_groups *g, const struct svy_metric *m,
                                 const struct svy_trend_opts *o, struct svy_error *e)
{
	static const char *const names[] = { "g", "period" };
	struct svy_collected c;

	memset(&c, 0, sizeof c);
	c.m = m;
	c.groups = svy_groups_sorted(g, e);
	c.ngroups = svy_groups_count(g);
	c.keynames = names;
	c.nkeys = 2;
	return svy_trend_analyse(o, m, &c, e);
}

static const struct svy_trend_series *find(const struct svy_trend *tr, const char *name)
{
	size_t i;

	for (i = 0; i < tr->ns; i++)
		if (strcmp(tr->s[i].name, name) == 0)
			return &tr->s[i];
	return NULL;
}

/* The NPS fixture:
 *   A 2024-01: 10 9 7 3   P 2, A 1, D 1, n 4: NPS 100(2-1)/4 = 25
 *              se = 100 sqrt((.5 + .25 - .25^2)/4) = 100 sqrt(.171875)
 *                 = 41.45780987944250 (R)
 *   A 2024-03: 10 8 2 0   P 1, A 1, D 2: NPS -25, the same se
 *   B 2024-02: one empty answer only: n 0, no data
 *   B 2024-03: 10 10      P 2: NPS 100, se 0 */
static struct svy_groups *nps_fixture(const struct svy_metric *m, double w)
{
	static const int a1[] = { 10, 9, 7, 3 }, a3[] = { 10, 8, 2, 0 }, b2[] = { -1 },
	                 b3[] = { 10, 10 };
	struct svy_error e;
	struct svy_groups *g = svy_groups_new(2, svy_metric_nstate(m), &e);

	put(g, m, "A", "2024-01", a1, 4, w);
	put(g, m, "A", "2024-03", a3, 4, w);
	put(g, m, "B", "2024-02", b2, 1, w);
	put(g, m, "B", "2024-03", b3, 2, w);
	return g;
}

/* ---- the period key hook against its definition ------------------------ */

/* svy_trend_period_key as it was before its fast path and memo: the
 * general date parser, the range, the key.  The hook must answer exactly
 * this (code, key, message, rows counted outside) for every cell. */
static int ref_key(const struct svy_trend_keys *k, const char *s, size_t len, char *buf,
                   size_t size, struct svy_error *e)
{
	long days;
	int rc = svy_period_date(s, len, &days, e);

	if (rc < 0)
		return rc;
	if ((k->has_from && days < k->from_day) || (k->has_to && days > k->to_day)) {
		if (k->outside)
			++*k->outside;
		return SVY_EMISSING;
	}
	rc = svy_period_format(k->period, svy_period_of_days(k->period, days), buf, size);
	if (rc < 0 || (size_t)rc >= size)
		return svy_error_set(e, SVY_EINVALID, "the %s of this date has no key",
		                     svy_period_name(k->period));
	return rc;
}

static const char *const key_cells[] = {
	"2024-01-01T00:00:04", "2024-01-01T00:00:25", "2024-01-01 13:00", "2024-01-02",
	"2024-01-02T23:59:59.5Z", " 2024-01-02T10:00:00+05:30 ", "2024-01-02T24:00:00",
	"2024-01-02T10:00:00 PM", "2024-01-02T10:00 PM", "2023-02-29T00:00:00", "", "NA",
	"  ", "2024-12-30T08:00:00", "2024-12-31T08:00:00", "2025-01-01T00:00:00",
	"2025-01-01T00:00:60", "0001-01-01T00:00:00", "9999-12-31T23:59:59", "0000-12-31",
	"2024/01/05", "05/01/2024", "2021-01-03T12:00Z", "2021-01-03T12:00Z",
	"2024-06-30T12:00:00-14:00", "2024-06-30T12:00:00-14:01", "2024-07-01",
	"2024-07-01T00:00:00+0100", "2024-07-01 1:00 am", "2024-07-01T00:00:00x",
	"2024-01-01T12:00:00"    /* the day the next round, maybe of another kind, starts with */
};

/* Every cell in turn, through the hook and the reference, with kind p and
 * the range [from, to] (days; 0 and 0: none) and a buffer of `size`.
 * Returns the number of cells on which they differ. */
static int keys_differ(enum svy_period p, long from, long to, size_t size)
{
	unsigned long out_hook = 0, out_ref = 0;
	struct svy_trend_keys kh = { p, from != 0, to != 0, from, to, &out_hook };
	struct svy_trend_keys kr = { p, from != 0, to != 0, from, to, &out_ref };
	struct svy_error eh, er;
	char bh[SVY_PERIOD_KEY_MAX], br[SVY_PERIOD_KEY_MAX];
	size_t i;
	int bad = 0, rh, rr;

	for (i = 0; i < sizeof key_cells / sizeof *key_cells; i++) {
		const char *c = key_cells[i];

		memset(&eh, 0, sizeof eh);
		memset(&er, 0, sizeof er);
		rh = svy_trend_period_key(&kh, c, strlen(c), bh, size, &eh);
		rr = ref_key(&kr, c, strlen(c), br, size, &er);
		if (rh != rr || (rh >= 0 && strcmp(bh, br) != 0) ||
		    (rh == SVY_EINVALID && strcmp(eh.msg, er.msg) != 0) || out_hook != out_ref) {
			printf("# %s, '%s': %d '%s' '%s' vs %d '%s' '%s'\n", svy_period_name(p), c,
			       rh, rh >= 0 ? bh : "", eh.msg, rr, rr >= 0 ? br : "", er.msg);
			bad++;
		}
	}
	return bad;
}

struct key_thread {
	enum svy_period p;
	int bad;
};

static void *key_thread(void *arg)
{
	struct key_thread *t = arg;
	int round;

	for (round = 0; round < 2000; round++)
		t->bad += keys_differ(t->p, 0, 0, SVY_PERIOD_KEY_MAX);
	return NULL;
}

int main(void)
{
	struct svy_nps_params np = { SVY_NPS_CI_WALD, 0, 0 };
	struct svy_metric m;
	struct svy_trend_opts o;
	struct svy_trend *tr;
	struct svy_groups *g;
	struct svy_error e;
	const struct svy_trend_series *s;
	char line[512];

	memset(&m, 0, sizeof m);
	svy_nps_init(&m, "nps", &np);
	m.conf = 0.95;
	m.min_n = 3;
	g = nps_fixture(&m, 1);

	svy_trend_opts_init(&o);
	o.window = 2;
	o.total = 1;
	o.has_alert_drop = 1;
	o.alert_drop = 40;
	o.alpha = 0.5;
	o.alert_out = 1;
	o.alert_trend = SVY_TREND_ANY;
	tr = analyse(g, &m, &o, &e);
	ok(tr != NULL, "analyse");
	ok(tr->ns == 3, "series A, B and (all)");
	s = find(tr, "A");
	ok(s && s->npt == 2, "A has two periods");
	is_str(s->pt[0].key, "2024-01", "A's first period");
	ok(s->pt[0].t == 0 && s->pt[1].t == 2, "t = 0, 2: the gap of 2024-02 is kept");
	ok(s->pt[0].n == 4, "n 4");
	near(s->pt[0].value, 25, 0, "NPS 100(2 - 1)/4 = 25");
	near(s->pt[1].value, -25, 0, "NPS 100(1 - 2)/4 = -25");
	near(s->pt[0].se, 41.45780987944250029, 1e-14, "plug-in SE 100 sqrt(.171875/4)");
	ok(isnan(s->pt[0].change) && isnan(s->pt[0].change_p), "no change in the first period");
	near(s->pt[1].change, -50, 0, "change -25 - 25 = -50");
	/* z = -50/sqrt(2 * 41.4578^2) = -0.85280286542244166, R: 2*pnorm(-0.8528...) */
	near(s->pt[1].change_p, 0.39376863464299278, 1e-13, "change p as R");
	/* window 2 at 2024-03: pooled P 3, A 2, D 3, n 8 -> NPS 0 */
	ok(isnan(s->pt[0].rolling_value), "no rolling value before 2 periods with data");
	near(s->pt[1].rolling_value, 0, 0, "rolling NPS from pooled counts: 100(3 - 3)/8 = 0");
	ok(s->pt[1].rolling_n == 8, "rolling n 8");
	/* control: pooled P 3, D 3, n 8: centre 0, v = .75; n_k 4:
	 * h = 300 sqrt(.75/4) = 129.9 -> clipped to -100..100 */
	near(s->pt[0].centre, 0, 0, "chart centre 100(3 - 3)/8 = 0");
	ok(s->pt[0].lcl == -100 && s->pt[0].ucl == 100, "limits clipped to the NPS scale");
	ok(s->pt[1].out_known && s->pt[1].out == 0, "inside the limits");
	ok(s->pt[0].low_base == 0, "n 4 is not below --min-n 3");
	ok(s->periods == 2 && s->first == 0 && s->last == 1, "summary: 2 periods with data");
	ok(s->mk.s == -1 && isnan(s->mk.z) && s->direction == NULL,
	   "two periods: S = -1, no test, no direction");
	near(s->sen.slope, -25, 0, "Sen: (-25 - 25)/(2 - 0) = -25 per month");
	near(s->wls.slope, -25, 1e-12, "WLS with equal se: the same slope");
	ok(isnan(s->wls.se), "WLS: no SE on 0 degrees of freedom");

	s = find(tr, "B");
	ok(s && s->npt == 2, "B has two periods, one without data");
	ok(s->pt[0].n == 0 && !s->pt[0].has_data && isnan(s->pt[0].value), "B 2024-02: n 0, empty");
	ok(isnan(s->pt[0].t) && s->pt[1].t == 0, "t counts from the first period with data");
	ok(s->pt[0].low_base == 1, "n 0 is low base");
	ok(!s->pt[0].out_known, "no value, no out flag");
	near(s->pt[1].value, 100, 0, "B 2024-03: NPS 100");
	near(s->pt[1].se, 0, 0, "and se 0");
	ok(isnan(s->pt[1].change), "no change: no earlier period with data");
	ok(s->wls.dropped == 1 && s->wls.k == 0, "WLS drops the period with se 0");

	/* (all) pools the groups per period:
	 *   2024-01: A only: 25;  2024-02: B's empty answer: no data;
	 *   2024-03: P 1+2, A 1, D 2, n 6: 100(3 - 2)/6 = 16.67 */
	s = find(tr, "(all)");
	ok(s && s->is_total && s->npt == 3, "(all) has the three periods");
	is_str(s->by[0], "(all)", "(all) is the value of the --by column");
	near(s->pt[0].value, 25, 0, "(all) 2024-01 = A");
	ok(!s->pt[1].has_data, "(all) 2024-02 has no data");
	near(s->pt[2].value, 100.0 / 6, 1e-15, "(all) 2024-03 = 100/6");
	near(s->pt[2].change, 100.0 / 6 - 25, 1e-14, "change from 2024-01 across the gap");

	/* alerts: A fell 50 >= 40 points with p 0.394 < alpha 0.5: one drop alert;
	 * (all) fell 8.33 < 40: none; no last period out; no trend test */
	ok(tr->nalert == 1, "one alert");
	ok(tr->nalert == 1 && tr->alert[0].kind == SVY_ALERT_DROP &&
	   strcmp(tr->s[tr->alert[0].series].name, "A") == 0, "a drop alert for A");
	if (tr->nalert)
		is_str(tr->alert[0].msg, "alert drop: g 'A', 2024-03: nps -25.00 is 50.00 points "
		       "below 25.00 in 2024-01 (p = 0.3938, alpha 0.5; --alert-drop 40)",
		       "the alert line names group, period and numbers");

	/* sparklines: names padded to 5 ("(all)"); A: 25 (top), gap, -25 (bottom) */
	svy_trend_spark(tr, 0, line, sizeof line);
	is_str(line, "A      \xe2\x96\x88 \xe2\x96\x81  2024-01 25.00 \xe2\x86\x92 2024-03 -25.00",
	       "sparkline of A: full block, gap, lowest block");
	svy_trend_spark(tr, 1, line, sizeof line);
	is_str(line, "B      \xe2\x96\x84  2024-03 100.00 \xe2\x86\x92 2024-03 100.00",
	       "sparkline of one value: the middle block");
	svy_trend_free(tr);

	/* the same at alpha 0.05: no alert */
	o.alpha = 0.05;
	tr = analyse(g, &m, &o, &e);
	ok(tr && tr->nalert == 0, "alpha 0.05: p 0.394 raises no alert");
	svy_trend_free(tr);

	/* --from 2024-02-15: periods from 2024-02 on (whole periods) */
	o.has_from = 1;
	o.from_day = svy_period_days(2024, 2, 15);
	o.total = 0;
	tr = analyse(g, &m, &o, &e);
	s = tr ? find(tr, "A") : NULL;
	ok(s && s->npt == 1 && strcmp(s->pt[0].key, "2024-03") == 0, "--from leaves out 2024-01");
	ok(s && s->pt[0].t == 0, "t counts from the first period kept");
	svy_trend_free(tr);
	o.has_from = 0;

	/* a partial state written with --period month, read as weeks */
	o.period = SVY_PERIOD_WEEK;
	tr = analyse(g, &m, &o, &e);
	ok(tr == NULL && e.code == SVY_EDATA, "month keys are not week keys: a data error");
	ok(strstr(e.msg, "'2024-01' is not a week key") != NULL, "the message names the key");
	o.period = SVY_PERIOD_MONTH;
	svy_groups_free(g);

	/* weighted, all weights 1: the value is the unweighted one and the SE
	 * the linearisation SE, the plug-in SE times sqrt(n/(n-1)):
	 * 41.4578 sqrt(4/3) = 47.871355387816905 (R) */
	m.weighted = 1;
	g = nps_fixture(&m, 1);
	tr = analyse(g, &m, &o, &e);
	s = tr ? find(tr, "A") : NULL;
	ok(s != NULL, "weighted analysis");
	if (s) {
		near(s->pt[0].value, 25, 1e-15, "weights 1: the same NPS");
		near(s->pt[0].se, 47.871355387816905, 1e-13, "weights 1: se times sqrt(n/(n-1))");
		near(s->pt[0].nk, 4, 1e-15, "Kish n_eff of equal weights is n");
	}
	svy_trend_free(tr);
	svy_groups_free(g);
	m.weighted = 0;

	/* CSAT, top 2 of 1-5:
	 *   A 2024-01: 5 4 2 1: 2 of 4 = 50 %, se 100 sqrt(.25/4) = 25
	 *   A 2024-02: 5 5 5 1: 3 of 4 = 75 %, se 100 sqrt(.1875/4) = 21.650635094610966
	 *   change 25; pooled z test, R: prop.test(c(2, 3), c(4, 4), correct = FALSE)
	 *   p = 0.46520881845214174
	 *   p-chart: p = 5/8, n_k 4: 3 sqrt(.625 * .375/4) = 0.7262: LCL 0, UCL 100 */
	{
		static const int c1[] = { 5, 4, 2, 1 }, c2[] = { 5, 5, 5, 1 };
		struct svy_csat_params cp;
		struct svy_metric cm;

		memset(&cp, 0, sizeof cp);
		memset(&cm, 0, sizeof cm);
		cp.ci = SVY_CSAT_CI_WILSON;
		ok(svy_csat_init(&cm, NULL, &cp, &e) == 0, "csat metric");
		cm.conf = 0.95;
		cm.min_n = 30;
		g = svy_groups_new(2, svy_metric_nstate(&cm), &e);
		put(g, &cm, "A", "2024-01", c1, 4, 1);
		put(g, &cm, "A", "2024-02", c2, 4, 1);
		svy_trend_opts_init(&o);
		o.nps = 0;
		tr = analyse(g, &cm, &o, &e);
		s = tr ? find(tr, "A") : NULL;
		ok(s && s->npt == 2, "csat series");
		if (s) {
			near(s->pt[0].value, 50, 0, "share 2/4 = 50 percent");
			near(s->pt[1].value, 75, 0, "share 3/4 = 75 percent");
			near(s->pt[0].se, 25, 1e-15, "se 100 sqrt(.5 * .5/4) = 25");
			near(s->pt[1].se, 21.650635094610966, 1e-14, "se 100 sqrt(.75 * .25/4)");
			near(s->pt[1].change, 25, 0, "change 25 points");
			near(s->pt[1].change_p, 0.46520881845214174, 1e-13,
			     "pooled two-proportion test as R's prop.test");
			near(s->pt[0].centre, 62.5, 1e-13, "p-chart centre 5/8");
			ok(s->pt[0].lcl == 0 && s->pt[0].ucl == 100, "p-chart limits clipped to 0..100");
			ok(s->pt[0].low_base == 1, "n 4 < 30: low base");
		}
		svy_trend_free(tr);
		svy_groups_free(g);
	}

	/* the period key hook: every kind, with and without a range, with a
	   buffer too small for a key; the memo is carried from case to case */
	{
		long d0 = svy_period_days(2024, 1, 2), d1 = svy_period_days(2024, 12, 31);
		int p, bad = 0;

		for (p = SVY_PERIOD_DAY; p <= SVY_PERIOD_YEAR; p++) {
			bad += keys_differ((enum svy_period)p, 0, 0, SVY_PERIOD_KEY_MAX);
			bad += keys_differ((enum svy_period)p, d0, d1, SVY_PERIOD_KEY_MAX);
			bad += keys_differ((enum svy_period)p, d0, 0, SVY_PERIOD_KEY_MAX);
			bad += keys_differ((enum svy_period)p, 0, d1, 8);
			bad += keys_differ((enum svy_period)p, 0, 0, 5);
		}
		ok(bad == 0, "period key hook = parser + range + format (every kind, ranges, "
		   "short buffers)");
	}
	/* -j: the hook from several threads at once, each with its own kind */
	{
		pthread_t th[4];
		struct key_thread kt[4] = { { SVY_PERIOD_DAY, 0 }, { SVY_PERIOD_WEEK, 0 },
		                            { SVY_PERIOD_MONTH, 0 }, { SVY_PERIOD_YEAR, 0 } };
		int i, started = 0, bad = 0;

		for (i = 0; i < 4; i++)
			started += pthread_create(&th[i], NULL, key_thread, &kt[i]) == 0;
		for (i = 0; i < started; i++) {
			pthread_join(th[i], NULL);
			bad += kt[i].bad;
		}
		ok(started == 4 && bad == 0, "period key hook in 4 threads at once, 4 kinds");
	}
	return done();
}
