/* compare.h - segment comparisons: each segment against the rest of the
 * respondents, or every pair of segments, for the NPS and top-box metrics.
 *
 * Two independent groups (shared/STATS.md):
 *   NPS, unweighted: diff = NPS1 - NPS2, se = sqrt(SE1^2 + SE2^2) with the
 *     plug-in SEs 100 sqrt((p + d - (p - d)^2)/n); the adjusted-Wald variant
 *     adds 3/4 promoter, 3/4 detractor and 3 to n in both groups first and
 *     tests the difference of the adjusted centres (diff stays the raw one).
 *   Top-box share, unweighted: the pooled z test of two proportions (R's
 *     prop.test(correct = FALSE)), se = 100 sqrt(pbar (1 - pbar)(1/n1 + 1/n2)).
 *   Weighted (NPS or share): se = sqrt(SE1^2 + SE2^2) with each group's own
 *     linearisation SE (svymean on svydesign(ids = ~1, weights = ~w) of that
 *     group's rows, factor n/(n - 1)).
 *   z = diff / se, p two-sided normal.  Undefined (NaN) when a group has no
 *   answers or se is 0.
 * The rest of a segment is the element-wise sum of the other segments'
 * histogram states (not the total minus the segment, which cancels when
 * weights differ by orders of magnitude), so --partial/--merge work
 * unchanged.
 * p-values are adjusted over the comparisons with a defined p (Holm, BH or
 * none); significant = p_adj <= alpha. */
#ifndef SVY_COMPARE_H
#define SVY_COMPARE_H

#include <stddef.h>

#include "err.h"
#include "metric.h"
#include "run.h"
#include "writer.h"

enum svy_adjust { SVY_ADJUST_HOLM, SVY_ADJUST_BH, SVY_ADJUST_NONE };

/* Parse an --adjust name (holm, bh, none); 0 or SVY_EUSAGE. */
int svy_adjust_parse(const char *name, enum svy_adjust *out, struct svy_error *e);

/* Adjust the n p-values (NaN ones are left out and stay NaN) into adj, as
 * R's p.adjust(p, "holm" | "BH" | "none").  0, or SVY_ENOMEM. */
int svy_p_adjust(enum svy_adjust how, const double *p, size_t n, double *adj);

/* One comparison of group 1 against group 2. */
struct svy_twogroup {
	double n1, v1, n2, v2;       /* valid answers and estimates */
	double diff, se, z, p;       /* v1 - v2, its SE, z, two-sided p */
};

/* NPS from counts (unweighted); adjusted: the adjusted-Wald variant. */
void svy_compare_nps_counts(double P1, double A1, double D1, double P2, double A2,
                            double D2, int adjusted, struct svy_twogroup *out);

/* Shares x1/n1 against x2/n2, pooled z; shares and diff in percent. */
void svy_compare_props(double x1, double n1, double x2, double n2,
                       struct svy_twogroup *out);

/* Two states of metric m (NPS, or a top-box metric of csat.h), weighted
 * when m->weighted.  SVY_EUSAGE when adjusted is asked for weighted states
 * or a non-NPS metric. */
int svy_compare_states(const struct svy_metric *m, const double *a, const double *b,
                       int adjusted, struct svy_twogroup *out, struct svy_error *e);

/* Options of a comparison run; the ctx of svy_compare_finish. */
struct svy_compare_opts {
	int pairwise;                /* every pair instead of segment vs rest */
	enum svy_adjust adjust;      /* default holm */
	double alpha;                /* default 0.05 */
	int adjusted;                /* NPS: the adjusted-Wald test */
};

/* The driver's finish hook (run.h): writes one row per segment (columns: the
 * --by columns, n, value, rest_n, rest_value, diff, se, z, p, p_adj,
 * significant, low_base) or, with pairwise, one per pair (segment_a,
 * segment_b, n_a, value_a, n_b, value_b, diff, se, z, p, p_adj,
 * significant, low_base; several --by values joined by '|'). */
int svy_compare_finish(const void *ctx, const struct svy_collected *c,
                       struct svy_writer *w, struct svy_error *e);

#endif
