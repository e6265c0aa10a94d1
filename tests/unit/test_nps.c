/* test_nps.c - the NPS metric (lib/m_nps.c): the published examples of
 * shared/STATS.md, the degenerate cases, every case of the R oracle's
 * tests/oracle/nps_small_cases.txt, weighted estimates against hand-worked
 * and R survey::svymean figures, and the result cells. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svy.h"
#include "tap.h"

static const double Z95 = 1.959963984540054;

static struct svy_metric m;
static struct svy_nps_params params;
static double st[SVY_ST_HEAD + 3 * 11];

static void reset(enum svy_nps_ci ci, int weighted)
{
	memset(&m, 0, sizeof m);
	memset(&params, 0, sizeof params);
	params.ci = ci;
	svy_nps_init(&m, "nps", &params);
	m.conf = 0.95;
	m.min_n = 30;
	m.weighted = weighted;
	memset(st, 0, sizeof st);
}

/* count answers of score v with weight w */
static void add(int v, double w, int count)
{
	while (count-- > 0)
		svy_metric_add(&m, st, v, w, 0);
}

static void published(void)
{
	struct svy_nps_est o;

	ok(svy_metric_nstate(&m) == sizeof st / sizeof st[0], "state size 5 + 3*11");
	/* 30 % promoters, 20 % detractors -> +10 */
	svy_nps_from_counts(30, 50, 20, 0.95, SVY_NPS_CI_WALD, &o);
	ok(o.nps == 10, "30 %% promoters, 20 %% detractors: NPS +10 (got %.17g)", o.nps);
	svy_nps_from_counts(3, 5, 2, 0.95, SVY_NPS_CI_WALD, &o);
	ok(o.nps == 10, "3/5/2: NPS +10");
	/* shares (1/2, 1/3, 1/6) -> 33.33, v = 1/2 + 1/6 - (1/3)^2 = 5/9;
	 * SE = 100 sqrt(v/n) so v = n (SE/100)^2 */
	svy_nps_from_counts(3, 2, 1, 0.95, SVY_NPS_CI_WALD, &o);
	near(o.nps, 100.0 / 3, 1e-15, "shares (1/2, 1/3, 1/6): NPS 33.33");
	near(6 * (o.se / 100) * (o.se / 100), 5.0 / 9, 1e-14, "per-respondent variance 5/9");
	svy_nps_from_counts(30, 20, 10, 0.95, SVY_NPS_CI_WALD, &o);
	near(60 * (o.se / 100) * (o.se / 100), 5.0 / 9, 1e-14, "v = 5/9 at n = 60 too");
	/* p = d = 1/3 at n = 1024 (341 D, 342 A, 341 P): NPS 0, v = 682/1024,
	 * SE = 100 sqrt(682)/1024 = 2.5503056361719914; full Wald width
	 * 2 z SE = 9.99701439293323 ~ 320/sqrt(1024) = 10.00 */
	svy_nps_from_counts(341, 342, 341, 0.95, SVY_NPS_CI_WALD, &o);
	ok(o.nps == 0, "1024: NPS 0");
	near(o.se, 100 * sqrt(682.0) / 1024, 1e-13, "1024: SE 100 sqrt(682)/1024");
	near(o.ci_high - o.ci_low, 2 * Z95 * 100 * sqrt(682.0) / 1024, 1e-12,
	     "1024: full Wald width 2 z SE");
	ok(fabs(o.ci_high - o.ci_low - 10) < 0.005, "1024: the width prints as 10.00 (%.6f)",
	   o.ci_high - o.ci_low);
	/* equal ratios give bit-identical NPS (one division of exact counts) */
	{
		struct svy_nps_est a, b;
		svy_nps_from_counts(1, 1, 0, 0.95, SVY_NPS_CI_NONE, &a);
		svy_nps_from_counts(4, 0, 2, 0.95, SVY_NPS_CI_NONE, &b);
		svy_nps_from_counts(2, 4, 0, 0.95, SVY_NPS_CI_NONE, &o);
		ok(b.nps == o.nps, "2/6 and 2/6 via other counts: NPS bit-identical");
		svy_nps_from_counts(7, 0, 0, 0.95, SVY_NPS_CI_NONE, &a);
		svy_nps_from_counts(14, 7, 0, 0.95, SVY_NPS_CI_NONE, &b);   /* 100*14/21 */
		svy_nps_from_counts(2, 1, 0, 0.95, SVY_NPS_CI_NONE, &o);    /* 100*2/3 */
		ok(b.nps == o.nps, "14/21 and 2/3: NPS bit-identical (%.17g, %.17g)", b.nps,
		   o.nps);
	}
}

static void degenerate(void)
{
	struct svy_nps_est o;
	struct svy_cell cells[32];
	const char *names[32];
	size_t n, i;
	int all_empty = 1;

	/* n = 0: counts 0, every statistic NaN (printed empty, never 0) */
	svy_nps_from_counts(0, 0, 0, 0.95, SVY_NPS_CI_ADJUSTED_WALD, &o);
	ok(o.n == 0 && o.promoters == 0 && o.passives == 0 && o.detractors == 0,
	   "n = 0: counts 0");
	ok(isnan(o.pct_promoters) && isnan(o.pct_passives) && isnan(o.pct_detractors) &&
	   isnan(o.nps) && isnan(o.se) && isnan(o.ci_low) && isnan(o.ci_high) &&
	   isnan(o.z) && isnan(o.p), "n = 0: every statistic NaN");
	/* the result cells of an empty state: counts 0, estimates empty, low_base 1 */
	reset(SVY_NPS_CI_ADJUSTED_WALD, 0);
	params.has_benchmark = 1;
	params.benchmark = 30;
	n = m.columns(&m, names);
	m.result(&m, st, cells);
	for (i = 0; i < n; i++) {
		int want_empty = strncmp(names[i], "pct_", 4) == 0 || strcmp(names[i], "nps") == 0 ||
		                 strcmp(names[i], "se") == 0 || strncmp(names[i], "ci_", 3) == 0 ||
		                 strcmp(names[i], "z") == 0 || strcmp(names[i], "p") == 0;
		if (want_empty != (cells[i].kind == SVY_CELL_EMPTY))
			all_empty = 0;
		if (!want_empty && strcmp(names[i], "low_base") != 0 && cells[i].v != 0)
			all_empty = 0;
	}
	ok(all_empty, "n = 0: result cells are 0 counts and empty estimates");
	ok(cells[n - 3].kind == SVY_CELL_INT && cells[n - 3].v == 1, "n = 0: low_base 1");

	/* n = 1 (one detractor): -100, SE 0, Wald degenerate, adjusted informative:
	 * P' = 0.75, D' = 1.75, n' = 4: centre -25, v' = 0.625 - 0.0625 = 0.5625,
	 * SE' = 100 sqrt(0.5625/4) = 37.5, -25 -/+ z 37.5 */
	svy_nps_from_counts(0, 0, 1, 0.95, SVY_NPS_CI_WALD, &o);
	ok(o.nps == -100 && o.se == 0 && o.ci_low == -100 && o.ci_high == -100,
	   "n = 1: NPS -100, SE 0, Wald [-100, -100]");
	svy_nps_from_counts(0, 0, 1, 0.95, SVY_NPS_CI_ADJUSTED_WALD, &o);
	near(o.ci_low, -25 - Z95 * 37.5, 1e-13, "n = 1: adjusted-Wald low");
	near(o.ci_high, -25 + Z95 * 37.5, 1e-13, "n = 1: adjusted-Wald high");
	ok(o.nps == -100, "n = 1: the reported NPS stays the raw -100");
	/* all promoters: SE 0, Wald [100, 100]; z against a benchmark undefined */
	reset(SVY_NPS_CI_WALD, 0);
	params.has_benchmark = 1;
	params.benchmark = 30;
	add(10, 1, 3);
	add(9, 1, 2);
	svy_nps_estimate(&m, st, &o);
	ok(o.n == 5 && o.promoters == 5 && o.nps == 100 && o.se == 0 && o.ci_low == 100 &&
	   o.ci_high == 100, "all promoters: 100, SE 0, Wald [100, 100]");
	ok(isnan(o.z) && isnan(o.p), "all promoters: z and p undefined (SE 0)");
	/* all passives: NPS 0, SE 0 */
	reset(SVY_NPS_CI_WALD, 0);
	add(7, 1, 2);
	add(8, 1, 2);
	svy_nps_estimate(&m, st, &o);
	ok(o.n == 4 && o.passives == 4 && o.nps == 0 && o.se == 0 && o.ci_low == 0 &&
	   o.ci_high == 0, "all passives: 0, SE 0, Wald [0, 0]");
	ok(o.pct_passives == 100 && o.pct_promoters == 0, "all passives: 100 %% passives");
	/* all detractors */
	svy_nps_from_counts(0, 0, 9, 0.95, SVY_NPS_CI_WALD, &o);
	ok(o.nps == -100 && o.se == 0, "all detractors: -100, SE 0");
	/* --ci none */
	svy_nps_from_counts(3, 2, 1, 0.95, SVY_NPS_CI_NONE, &o);
	ok(isnan(o.ci_low) && isnan(o.ci_high) && !isnan(o.se), "--ci none: no interval, SE kept");
}

/* Every case of the R oracle's small cases, through svy_nps_from_counts and
 * through a state filled answer by answer. */
static void small_cases(void)
{
	char path[1024], line[1024], name[64];
	const char *root = getenv("ROOT");
	FILE *f;
	int ncases = 0;

	snprintf(path, sizeof path, "%s/tests/oracle/nps_small_cases.txt", root ? root : ".");
	f = fopen(path, "r");
	if (!ok(f != NULL, "open %s", path))
		return;
	while (fgets(line, sizeof line, f)) {
		double P, A, D, n, nps, v, se, wl, wh, ac, as, al, ah;
		struct svy_nps_est o, w, a;
		if (line[0] == '#' || line[0] == '\n' || strncmp(line, "name ", 5) == 0)
			continue;
		if (sscanf(line, "%63s %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf %lf", name,
		           &P, &A, &D, &n, &nps, &v, &se, &wl, &wh, &ac, &as, &al, &ah) != 14) {
			ok(0, "cannot parse oracle line: %s", line);
			continue;
		}
		ncases++;
		svy_nps_from_counts(P, A, D, 0.95, SVY_NPS_CI_WALD, &w);
		svy_nps_from_counts(P, A, D, 0.95, SVY_NPS_CI_ADJUSTED_WALD, &a);
		ok(w.n == n, "%s: n", name);
		ok(w.nps == nps, "%s: NPS exactly %.17g (got %.17g)", name, nps, w.nps);
		near(w.nps, nps, 1e-12, "%s: NPS", name);
		near(w.se, se, 1e-12, "%s: SE", name);
		near(w.se == 0 ? 0 : n * (w.se / 100) * (w.se / 100), v, 1e-12, "%s: v", name);
		near(w.ci_low, wl, 1e-12, "%s: Wald low", name);
		near(w.ci_high, wh, 1e-12, "%s: Wald high", name);
		near(a.ci_low, al, 1e-12, "%s: adjusted-Wald low", name);
		near(a.ci_high, ah, 1e-12, "%s: adjusted-Wald high", name);
		if (ah < 100 && al > -100) {
			near((a.ci_low + a.ci_high) / 2, ac, 1e-12, "%s: adjusted centre", name);
			near((a.ci_high - a.ci_low) / (2 * Z95), as, 1e-12, "%s: adjusted SE", name);
		}
		ok(a.nps == nps, "%s: adjusted-Wald keeps the raw NPS", name);
		/* the same through a state: P answers of 10, A of 7, D of 0 */
		reset(SVY_NPS_CI_ADJUSTED_WALD, 0);
		add(10, 1, (int)P);
		add(7, 1, (int)A);
		add(0, 1, (int)D);
		svy_nps_estimate(&m, st, &o);
		ok(o.nps == a.nps && o.se == a.se && o.ci_low == a.ci_low && o.ci_high == a.ci_high &&
		   o.n == n, "%s: a state gives the same figures", name);
	}
	fclose(f);
	ok(ncases == 8, "8 oracle small cases read (got %d)", ncases);
}

static void benchmark_and_conf(void)
{
	struct svy_nps_est o;

	/* oracle (nps_sample_unweighted.csv), Central: P 8, A 7, D 5:
	 * z30 = -0.84683615540645507, p30 = 0.39708645259844577 */
	reset(SVY_NPS_CI_WALD, 0);
	params.has_benchmark = 1;
	params.benchmark = 30;
	add(10, 1, 8);
	add(8, 1, 7);
	add(3, 1, 5);
	svy_nps_estimate(&m, st, &o);
	near(o.z, -0.84683615540645507, 1e-12, "Central z against 30");
	near(o.p, 0.39708645259844577, 1e-12, "Central p against 30");
	near(o.se, 17.71298958391835, 1e-12, "Central SE");
	/* --conf 0.9: 15 -/+ qnorm(0.95) SE, 1.6448536269514715 */
	m.conf = 0.9;
	svy_nps_estimate(&m, st, &o);
	near(o.ci_low, 15 - 1.6448536269514715 * 17.71298958391835, 1e-12, "--conf 0.9 low");
	near(o.ci_high, 15 + 1.6448536269514715 * 17.71298958391835, 1e-12, "--conf 0.9 high");
}

static void weighted(void)
{
	struct svy_nps_est o, u;
	struct svy_sums s;

	/* hand-worked: answers 10 (w 1), 0 (w 2), 7 (w 1).  W = 4;
	 * y = +1, -1, 0; ybar = (1 - 2)/4 = -0.25 -> NPS -25;
	 * z_i = w_i (y_i - ybar)/W = 0.3125, -0.375, 0.0625;
	 * sum z^2 = 0.09765625 + 0.140625 + 0.00390625 = 0.2421875;
	 * Var = 3/2 * 0.2421875 = 0.36328125; SE = 100 sqrt(Var) = 60.27281725620597
	 * (R svymean: 60.272817256205968) */
	reset(SVY_NPS_CI_WALD, 1);
	add(10, 1, 1);
	add(0, 2, 1);
	add(7, 1, 1);
	svy_nps_estimate(&m, st, &o);
	near(o.nps, -25, 1e-13, "weighted 3 answers: NPS -25");
	near(o.se, 60.272817256205968, 1e-12, "weighted 3 answers: SE as svymean");
	near(o.pct_promoters, 25, 1e-13, "weighted: 25 %% promoters");
	near(o.pct_detractors, 50, 1e-13, "weighted: 50 %% detractors");
	ok(o.promoters == 1 && o.detractors == 1 && o.passives == 1, "weighted: raw counts");

	/* ten answers, compared with R:
	 * sc <- c(10,9,3,7,8,0,6,10,9,9); w <- c(1,2,1,0.5,1.5,1,3,0.25,2,1.25)
	 * svymean(~y, svydesign(ids=~1, weights=~w)) -> 11.111111111111111,
	 * SE 36.628339980298193; sum(w) 13.5; n_eff 7.5544041450777204;
	 * pct 48.148148148148145, 14.814814814814815, 37.037037037037038;
	 * Wald (-60.679116063761882, 82.901338285984110);
	 * z30 -0.51569055269905562, p 0.60607055395895837 */
	reset(SVY_NPS_CI_ADJUSTED_WALD, 1);
	params.has_benchmark = 1;
	params.benchmark = 30;
	{
		static const int sc[] = { 10, 9, 3, 7, 8, 0, 6, 10, 9, 9 };
		static const double w[] = { 1, 2, 1, 0.5, 1.5, 1, 3, 0.25, 2, 1.25 };
		int i;
		for (i = 0; i < 10; i++)
			svy_metric_add(&m, st, sc[i], w[i], 0);
	}
	svy_nps_estimate(&m, st, &o);
	svy_metric_sums(&m, st, &s);
	near(o.nps, 11.111111111111111, 1e-12, "weighted 10: NPS");
	near(o.se, 36.628339980298193, 1e-12, "weighted 10: SE");
	near(s.w, 13.5, 1e-15, "weighted 10: weight sum");
	near(s.w * s.w / s.ww, 7.5544041450777204, 1e-12, "weighted 10: n_eff");
	near(o.pct_promoters, 48.148148148148145, 1e-12, "weighted 10: pct promoters");
	near(o.pct_passives, 14.814814814814815, 1e-12, "weighted 10: pct passives");
	near(o.pct_detractors, 37.037037037037038, 1e-12, "weighted 10: pct detractors");
	near(o.ci_low, -60.679116063761882, 1e-12, "weighted 10: Wald low (weighted CI is Wald)");
	near(o.ci_high, 82.901338285984110, 1e-12, "weighted 10: Wald high");
	near(o.z, -0.51569055269905562, 1e-12, "weighted 10: z against 30");
	near(o.p, 0.60607055395895837, 1e-12, "weighted 10: p");

	/* a valid answer with an unusable weight: counted, left out of the
	 * weighted figures */
	svy_metric_add(&m, st, 10, 0, SVY_ST_WD_NONPOS);
	svy_metric_add(&m, st, 0, 0, SVY_ST_WD_MISSING);
	svy_nps_estimate(&m, st, &u);
	svy_metric_sums(&m, st, &s);
	ok(u.n == 12 && u.promoters == 6 && s.wdrop == 2 && s.nw == 10,
	   "dropped weights: raw counts 12, 2 dropped, 10 weighted");
	ok(u.nps == o.nps && u.se == o.se, "dropped weights change no weighted figure");

	/* all-one weights: same NPS, SE larger by sqrt(n/(n-1)) exactly */
	{
		static const double ws[] = { 1, 1.37 };
		int k;
		for (k = 0; k < 2; k++) {
			struct svy_nps_est pl;
			reset(SVY_NPS_CI_WALD, 1);
			add(10, ws[k], 8);
			add(7, ws[k], 7);
			add(2, ws[k], 5);
			svy_nps_estimate(&m, st, &o);
			svy_nps_from_counts(8, 7, 5, 0.95, SVY_NPS_CI_WALD, &pl);
			near(o.nps, pl.nps, 1e-13, "equal weights %g: NPS unweighted", ws[k]);
			near(o.se, pl.se * sqrt(20.0 / 19), 1e-12,
			     "equal weights %g: SE = plug-in SE * sqrt(n/(n-1))", ws[k]);
		}
	}
	/* one weighted answer: NPS defined, SE undefined (n/(n-1)) */
	reset(SVY_NPS_CI_WALD, 1);
	add(9, 2, 1);
	svy_nps_estimate(&m, st, &o);
	ok(o.nps == 100 && isnan(o.se) && isnan(o.ci_low), "weighted n = 1: 100, SE empty");
	/* only dropped weights: weighted figures empty */
	reset(SVY_NPS_CI_WALD, 1);
	svy_metric_add(&m, st, 9, 0, SVY_ST_WD_INVALID);
	svy_nps_estimate(&m, st, &o);
	ok(o.n == 1 && isnan(o.nps) && isnan(o.pct_promoters),
	   "weighted, every weight dropped: estimates empty");
}

static void columns_and_parse(void)
{
	const char *names[32];
	char all[512] = "";
	struct svy_error e;
	enum svy_nps_ci ci;
	size_t n, i;
	int v;

	reset(SVY_NPS_CI_ADJUSTED_WALD, 0);
	n = m.columns(&m, names);
	for (i = 0; i < n; i++) {
		strcat(all, names[i]);
		strcat(all, i + 1 < n ? "," : "");
	}
	is_str(all, "n,missing,invalid,promoters,passives,detractors,pct_promoters,"
	       "pct_passives,pct_detractors,nps,se,ci_low,ci_high,low_base", "result columns");
	reset(SVY_NPS_CI_ADJUSTED_WALD, 1);
	params.has_benchmark = 1;
	n = m.columns(&m, names);
	all[0] = '\0';
	for (i = 0; i < n; i++) {
		strcat(all, names[i]);
		strcat(all, i + 1 < n ? "," : "");
	}
	is_str(all, "n,weight_sum,n_eff,weight_dropped,missing,invalid,promoters,passives,"
	       "detractors,pct_promoters,pct_passives,pct_detractors,nps,se,ci_low,ci_high,"
	       "low_base,z,p", "weighted result columns with a benchmark");

	ok(m.parse(&m, "10", 2, &v, &e) == 0 && v == 10, "score 10");
	ok(m.parse(&m, " 0 ", 3, &v, &e) == 0 && v == 0, "score ' 0 '");
	ok(m.parse(&m, "", 0, &v, &e) == SVY_EMISSING, "empty is missing");
	ok(m.parse(&m, "NA", 2, &v, &e) == SVY_EMISSING, "NA is missing");
	ok(m.parse(&m, "11", 2, &v, &e) == SVY_EINVALID, "11 is invalid");
	ok(m.parse(&m, "-1", 2, &v, &e) == SVY_EINVALID, "-1 is invalid");
	ok(m.parse(&m, "7.5", 3, &v, &e) == SVY_EINVALID, "7.5 is invalid");
	ok(m.parse(&m, "1e1", 3, &v, &e) == SVY_EINVALID, "1e1 is invalid");
	ok(m.parse(&m, "eleven", 6, &v, &e) == SVY_EINVALID &&
	   strcmp(e.msg, "'eleven' is not a score in 0-10") == 0,
	   "eleven: message '%s'", e.msg);
	/* svy_metric_parse, which answers two digits from the table
	 * svy_metric_ready filled: "10" is a promoter, "11" is not a score (the
	 * parser's message), "07" whatever the parser says, and every pair of
	 * digits as the parser has it (00-10 valid, the other 89 not) */
	ok(svy_metric_parse(&m, "10", 2, &v, &e) == 0 && v == 10, "svy_metric_parse: '10' is 10");
	ok(svy_metric_parse(&m, "11", 2, &v, &e) == SVY_EINVALID &&
	   strcmp(e.msg, "'11' is not a score in 0-10") == 0,
	   "svy_metric_parse: '11' is invalid: %s", e.msg);
	{
		int v2 = -1, rc1, rc2;

		rc1 = svy_metric_parse(&m, "07", 2, &v, &e);
		rc2 = m.parse(&m, "07", 2, &v2, &e);
		ok(rc1 == rc2 && (rc1 != 0 || v == v2), "svy_metric_parse: '07' as the parser has "
		   "it (%d, %d)", rc1, rc1 == 0 ? v : -1);
	}
	{
		struct svy_error e2;
		char d[2];
		int a, b, valid = 0, same = 1;

		for (a = 0; a < 10; a++)
			for (b = 0; b < 10; b++) {
				int v1 = -1, v2 = -1, rc1, rc2;

				d[0] = (char)('0' + a);
				d[1] = (char)('0' + b);
				rc1 = svy_metric_parse(&m, d, 2, &v1, &e);
				rc2 = m.parse(&m, d, 2, &v2, &e2);
				valid += rc2 == 0;
				same &= rc1 == rc2 && (rc1 != 0 || v1 == v2) &&
				        (rc1 != SVY_EINVALID || strcmp(e.msg, e2.msg) == 0);
			}
		ok(same && valid == 11, "svy_metric_parse: the 100 pairs of digits as the "
		   "parser has them, 00-10 valid (%d valid)", valid);
	}
	ok(svy_nps_ci_parse("wald", &ci, &e) == 0 && ci == SVY_NPS_CI_WALD, "--ci wald");
	ok(svy_nps_ci_parse("none", &ci, &e) == 0 && ci == SVY_NPS_CI_NONE, "--ci none");
	ok(svy_nps_ci_parse("adjusted-wald", &ci, &e) == 0 && ci == SVY_NPS_CI_ADJUSTED_WALD,
	   "--ci adjusted-wald");
	ok(svy_nps_ci_parse("wilson", &ci, &e) == SVY_EUSAGE, "--ci wilson: usage error");
}

int main(void)
{
	reset(SVY_NPS_CI_WALD, 0);
	published();
	degenerate();
	small_cases();
	benchmark_and_conf();
	weighted();
	columns_and_parse();
	return done();
}
