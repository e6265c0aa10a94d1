/* test_stats.c - quantiles, proportion intervals and p-value adjustment
 * (lib/stats.c) against the published examples of shared/STATS.md and
 * values computed independently in R 4.2.2 (the R expression is given next
 * to each figure; R is not needed to run this test). */
#include <gsl/gsl_cdf.h>
#include <math.h>

#include "svy.h"
#include "tap.h"

static void quantiles(void)
{
	/* qnorm(0.975) = 1.9599639845400536 (STATS.md: 1.959963984540054) */
	near(svy_z_crit(0.95), 1.959963984540054, 1e-15, "z at 0.95");
	near(svy_z_crit(0.90), 1.6448536269514715, 1e-14, "z at 0.90 (qnorm(0.95))");
	near(svy_z_crit(0.99), 2.5758293035488999, 1e-14, "z at 0.99 (qnorm(0.995))");
	ok(svy_z_crit(0.95) != 1.96, "z is not 1.96");
	/* qt(0.975, 33) = 2.0345152974493383 */
	near(svy_t_crit(0.95, 33), 2.0345152974493383, 1e-12, "t at 0.95, 33 df");
	ok(isnan(svy_t_crit(0.95, 0)), "t with 0 df is NaN");
	/* 2*pnorm(-qnorm(0.975)) = 0.05 */
	near(svy_p_normal(1.9599639845400536), 0.05, 1e-14, "p of z 1.96 is 0.05");
	near(svy_p_normal(-1.9599639845400536), 0.05, 1e-14, "p is two-sided");
	near(svy_p_normal(0), 1, 1e-15, "p of 0 is 1");
	ok(isnan(svy_p_normal(NAN)), "p of NaN is NaN");
	/* t-interval x = 18.4, s = 4.8, n = 34 -> (16.73, 20.07) (STATS.md);
	 * 18.4 -/+ qt(.975, 33)*4.8/sqrt(34) = 16.725200824175907, 20.074799175824090 */
	{
		double h = svy_t_crit(0.95, 33) * 4.8 / sqrt(34);
		near(18.4 - h, 16.725200824175907, 1e-12, "t-interval low (16.73)");
		near(18.4 + h, 20.074799175824090, 1e-12, "t-interval high (20.07)");
		ok(fabs(18.4 - h - 16.73) < 0.005 && fabs(18.4 + h - 20.07) < 0.005,
		   "t-interval rounds to (16.73, 20.07)");
	}
}

static void intervals(void)
{
	/* the confidence level at which z is exactly 1.96 (to the last bit or so) */
	double c196 = 1 - 2 * gsl_cdf_ugaussian_Q(1.96);
	double lo, hi;

	near(svy_z_crit(c196), 1.96, 1e-14, "z at conf 2*Phi(1.96)-1 is 1.96");
	/* Wilson, published with z = 1.96 (STATS.md) */
	svy_prop_wilson(10, 100, c196, &lo, &hi);
	near(lo, 0.05522854161313612, 1e-12, "Wilson 10/100 low");
	near(hi, 0.1743673043676654, 1e-12, "Wilson 10/100 high");
	svy_prop_wilson(25, 100, c196, &lo, &hi);
	near(lo, 0.17545094003724265, 1e-12, "Wilson 25/100 low");
	near(hi, 0.3430464637007583, 1e-12, "Wilson 25/100 high");
	svy_prop_wilson(1, 11, c196, &lo, &hi);
	near(lo, 0.016231752262825982, 1e-12, "Wilson 1/11 low");
	near(hi, 0.3773646254862038, 1e-12, "Wilson 1/11 high");
	svy_prop_wilson(0, 1, c196, &lo, &hi);
	ok(lo == 0, "Wilson 0/1 low is 0 (got %.17g)", lo);
	near(hi, 0.7934567085261071, 1e-12, "Wilson 0/1 high");
	/* Wilson at 0.95 = R prop.test(x, n, correct = FALSE)$conf.int */
	svy_prop_wilson(10, 100, 0.95, &lo, &hi);
	near(lo, 0.055229137060675094, 1e-12, "Wilson 10/100 at 0.95 = prop.test low");
	near(hi, 0.174365661504913450, 1e-12, "Wilson 10/100 at 0.95 = prop.test high");
	svy_prop_wilson(1, 11, 0.95, &lo, &hi);
	near(lo, 0.016232172885884844, 1e-12, "Wilson 1/11 at 0.95 = prop.test low");
	near(hi, 0.377358436451595558, 1e-12, "Wilson 1/11 at 0.95 = prop.test high");

	/* Clopper-Pearson (STATS.md; = R binom.test) */
	svy_prop_clopper_pearson(7, 50, 0.95, &lo, &hi);
	near(lo, 0.05819170033997342, 1e-10, "Clopper-Pearson 7/50 low");
	near(hi, 0.26739600249700846, 1e-10, "Clopper-Pearson 7/50 high");
	svy_prop_clopper_pearson(2, 12, 0.95, &lo, &hi);
	near(lo, 0.02086253, 1e-7, "Clopper-Pearson 2/12 low");
	near(hi, 0.48413775, 1e-7, "Clopper-Pearson 2/12 high");
	/* binom.test(0, 10): (0, 0.30849710781876083); binom.test(10, 10):
	 * (0.69150289218123917, 1) */
	svy_prop_clopper_pearson(0, 10, 0.95, &lo, &hi);
	ok(lo == 0, "Clopper-Pearson 0/10 low is 0");
	near(hi, 0.30849710781876083, 1e-10, "Clopper-Pearson 0/10 high");
	svy_prop_clopper_pearson(10, 10, 0.95, &lo, &hi);
	near(lo, 0.69150289218123917, 1e-10, "Clopper-Pearson 10/10 low");
	ok(hi == 1, "Clopper-Pearson 10/10 high is 1");

	/* Agresti-Coull with the exact z: n~ = n + z^2, p~ = (x + z^2/2)/n~,
	 * p~ -/+ z sqrt(p~(1-p~)/n~); 15/50 -> (0.19027070342347036,
	 * 0.43826833622987310) */
	svy_prop_agresti_coull(15, 50, 0.95, &lo, &hi);
	near(lo, 0.19027070342347036, 1e-12, "Agresti-Coull 15/50 low");
	near(hi, 0.43826833622987310, 1e-12, "Agresti-Coull 15/50 high");
	/* STATS.md's published "add 2 and 2" figures (0.1909401, 0.4386896) use
	 * n + 4 and x + 2 instead of n + z^2 and x + z^2/2: the two variants
	 * agree to within 1e-3 here */
	ok(fabs(lo - 0.1909401) < 1e-3 && fabs(hi - 0.4386896) < 1e-3,
	   "Agresti-Coull 15/50 within 1e-3 of the add-2-and-2 figures");
	/* 0/10: low -0.0434 clipped to 0; high 0.32088730575054569 */
	svy_prop_agresti_coull(0, 10, 0.95, &lo, &hi);
	ok(lo == 0, "Agresti-Coull 0/10 low clipped to 0");
	near(hi, 0.32088730575054569, 1e-12, "Agresti-Coull 0/10 high");

	/* Wald: 10/100 -> 0.1 -/+ z*0.03 = (0.04120108046379839, 0.15879891953620162);
	 * 1/11 low clipped at 0, high 0.26079566686615158 */
	svy_prop_wald(10, 100, 0.95, &lo, &hi);
	near(lo, 0.04120108046379839, 1e-12, "Wald 10/100 low");
	near(hi, 0.15879891953620162, 1e-12, "Wald 10/100 high");
	svy_prop_wald(1, 11, 0.95, &lo, &hi);
	ok(lo == 0, "Wald 1/11 low clipped to 0");
	near(hi, 0.26079566686615158, 1e-12, "Wald 1/11 high");

	svy_prop_wilson(0, 0, 0.95, &lo, &hi);
	ok(isnan(lo) && isnan(hi), "Wilson n = 0: NaN");
	svy_prop_clopper_pearson(0, 0, 0.95, &lo, &hi);
	ok(isnan(lo) && isnan(hi), "Clopper-Pearson n = 0: NaN");
	svy_prop_agresti_coull(0, 0, 0.95, &lo, &hi);
	ok(isnan(lo) && isnan(hi), "Agresti-Coull n = 0: NaN");
	svy_prop_wald(0, 0, 0.95, &lo, &hi);
	ok(isnan(lo) && isnan(hi), "Wald n = 0: NaN");
	ok(svy_clip(-101, -100, 100) == -100 && svy_clip(101, -100, 100) == 100 &&
	   svy_clip(5, -100, 100) == 5, "clip");
}

static void adjust(void)
{
	/* Holm (STATS.md): [.5, .003, .32, .054, .0003] -> [.64, .012, .64, .162, .0015]:
	 * sorted .0003*5, .003*4, .054*3, .32*2, .5*1 = .0015 .012 .162 .64 .5 -> running max */
	static const double hp[] = { .5, .003, .32, .054, .0003 };
	static const double hw[] = { .64, .012, .64, .162, .0015 };
	/* BH (STATS.md): [.008, .03, .123, .6, .2] -> [.04, .075, .205, .6, .25]:
	 * 5p/rank = .04 .075 .205 .25 .6, running min from the top */
	static const double bp[] = { .008, .03, .123, .6, .2 };
	static const double bw[] = { .04, .075, .205, .6, .25 };
	/* BH decisions at 0.05 (STATS.md): 0 1 1 0 1 0 1 */
	static const double dp[] = { .50, .01, .001, .69, .02, .05, .0025 };
	static const int dw[] = { 0, 1, 1, 0, 1, 0, 1 };
	double adj[8], p3[3] = { NAN, .01, .04 }, p4[4] = { .04, NAN, .01, .03 };
	size_t i;

	ok(svy_p_holm(hp, 5, adj) == 0, "Holm runs");
	for (i = 0; i < 5; i++)
		near(adj[i], hw[i], 1e-12, "Holm [%zu] = %g", i, hw[i]);
	ok(svy_p_bh(bp, 5, adj) == 0, "BH runs");
	for (i = 0; i < 5; i++)
		near(adj[i], bw[i], 1e-12, "BH [%zu] = %g", i, bw[i]);
	svy_p_bh(dp, 7, adj);
	for (i = 0; i < 7; i++)
		ok((adj[i] <= 0.05) == dw[i], "BH decision [%zu] = %d (adjusted %g)", i, dw[i],
		   adj[i]);
	/* NaN left out of m: p.adjust(c(NA,.01,.04), "holm") = NA .02 .04;
	 * p.adjust(c(.04,NA,.01,.03), "BH") = .04 NA .03 .04 */
	svy_p_holm(p3, 3, adj);
	ok(isnan(adj[0]), "Holm: NaN stays NaN");
	near(adj[1], 0.02, 1e-15, "Holm with NaN: m = 2");
	near(adj[2], 0.04, 1e-15, "Holm with NaN: .04");
	svy_p_bh(p4, 4, adj);
	ok(isnan(adj[1]), "BH: NaN stays NaN");
	near(adj[0], 0.04, 1e-15, "BH with NaN [0]");
	near(adj[2], 0.03, 1e-15, "BH with NaN [2]");
	near(adj[3], 0.04, 1e-15, "BH with NaN [3]");
	/* capped at 1: holm of [.6, .7] = min(1, 1.2), max(1.2, .7) -> 1, 1 */
	{
		double q[2] = { .6, .7 };
		svy_p_holm(q, 2, adj);
		ok(adj[0] == 1 && adj[1] == 1, "Holm capped at 1");
	}
	ok(svy_p_holm(NULL, 0, adj) == 0 && svy_p_bh(NULL, 0, adj) == 0, "m = 0 is fine");
}

int main(void)
{
	quantiles();
	intervals();
	adjust();
	return done();
}
