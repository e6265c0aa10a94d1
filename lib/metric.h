/* metric.h - a metric is a mergeable accumulator over a bounded answer scale.
 *
 * Every metric of surveykit (NPS 0-10, CSAT 1-5, CES 1-7, yes/no items) keeps
 * the same state: a histogram of the answers with, per answer value, the
 * count, the sum of weights and the sum of squared weights, after a few
 * counters of what was not used.  That is exact, merges by element-wise sum,
 * and is enough for shares, means, variances, medians and linearisation
 * variances.  So a metric only says how to parse an answer, which columns it
 * prints and how it turns a state into them; the driver (run.h) does the rest.
 *
 * State layout (nstate = SVY_ST_HEAD + 3 * k, k = hi - lo + 1):
 *   [SVY_ST_MISSING]    blank or NA answers
 *   [SVY_ST_INVALID]    answers skipped as invalid (--skip-invalid)
 *   [SVY_ST_WD_*]       valid answers whose weight was missing, not a
 *                       number, or not positive (left out of weighted figures)
 *   [HEAD + i]          count of answer lo + i
 *   [HEAD + k + i]      sum of weights of answer lo + i
 *   [HEAD + 2k + i]     sum of squared weights of answer lo + i */
#ifndef SVY_METRIC_H
#define SVY_METRIC_H

#include <stddef.h>

#include "err.h"
#include "writer.h"

enum {
	SVY_ST_MISSING,
	SVY_ST_INVALID,
	SVY_ST_WD_MISSING,
	SVY_ST_WD_INVALID,
	SVY_ST_WD_NONPOS,
	SVY_ST_HEAD
};

#define SVY_MAX_COLS 64

struct svy_metric {
	const char *name;        /* "nps": the command's name for it */
	char id[32];             /* state identity in --partial files, e.g. "nps:0-10" */
	const char *column;      /* the answer column */
	int lo, hi;              /* the answer scale */
	int weighted;            /* --weight given */
	double conf;             /* confidence level */
	long min_n;              /* below it a group is flagged low_base */

	/* One answer: 0 and *value in lo..hi, SVY_EMISSING, or SVY_EINVALID with
	 * e->msg saying why (the driver adds file, line and column). */
	int (*parse)(const struct svy_metric *m, const char *s, size_t len,
	             int *value, struct svy_error *e);
	/* The result column names (after the --by columns); returns the count. */
	size_t (*columns)(const struct svy_metric *m, const char **names);
	/* The result cells of one group, in the order of columns(). */
	void (*result)(const struct svy_metric *m, const double *st, struct svy_cell *out);
	const void *params;      /* the metric's own options */

	/* parse's verdict on every answer of at most one byte and on every two
	 * digits, kept by svy_metric_ready: almost every answer on a 0-10 or
	 * 1-5 scale is one of them ("10" is a promoter), and this saves two
	 * calls per row (see svy_metric_parse). */
	int one_ready;
	signed char one_rc[257];     /* [256]: the empty answer */
	int one_val[257];
	signed char two_rc[100];     /* [10 * a + b]: the digits a, b */
	int two_val[100];
};

/* Derived sums of a state. */
struct svy_sums {
	double n;                /* valid answers */
	double nw;               /* valid answers with a usable weight */
	double w, ww;            /* their sum of weights and of squared weights */
	double missing, invalid;
	double wdrop;            /* valid answers with an unusable weight */
};

size_t svy_metric_nstate(const struct svy_metric *m);
/* Answer values on the scale: the histogram's length. */
static inline size_t svy_metric_k(const struct svy_metric *m)
{
	return (size_t)(m->hi - m->lo + 1);
}

/* Name of state element i ("missing", "n_7", "w_7", "ww_7"...) into buf. */
const char *svy_metric_state_name(const struct svy_metric *m, size_t i,
                                  char *buf, size_t size);

/* Whether state element i is a count (the head and n_*), not a weight sum. */
int svy_metric_state_is_count(const struct svy_metric *m, size_t i);

void svy_metric_sums(const struct svy_metric *m, const double *st, struct svy_sums *s);

/* Accessors for answer value v (lo <= v <= hi). */
double svy_st_count(const struct svy_metric *m, const double *st, int v);
double svy_st_w(const struct svy_metric *m, const double *st, int v);
double svy_st_ww(const struct svy_metric *m, const double *st, int v);

/* Add one valid answer with weight w; drop_kind is 0 for a usable weight or
 * one of SVY_ST_WD_* (then only the count moves).  Inline: once per row. */
static inline void svy_metric_add(const struct svy_metric *m, double *st, int value,
                                  double w, int drop_kind)
{
	const size_t k = svy_metric_k(m), i = (size_t)(value - m->lo);

	st[SVY_ST_HEAD + i] += 1;
	if (drop_kind) {
		st[drop_kind] += 1;
		return;
	}
	st[SVY_ST_HEAD + k + i] += w;
	st[SVY_ST_HEAD + 2 * k + i] += w * w;
}

/* Fill m's tables of one-byte and two-digit answers from m->parse, which
 * must depend on m alone.  Call after the metric is set up, before the
 * rows. */
void svy_metric_ready(struct svy_metric *m);

/* One answer, as m->parse would have it. */
static inline int svy_metric_parse(const struct svy_metric *m, const char *s,
                                   size_t len, int *value, struct svy_error *e)
{
	int rc = SVY_EINVALID, v = 0;

	if (len <= 1 && m->one_ready) {
		const unsigned i = len ? (unsigned char)s[0] : 256;
		rc = m->one_rc[i];
		v = m->one_val[i];
	} else if (len == 2 && m->one_ready) {
		const unsigned a = (unsigned char)s[0] - (unsigned)'0';
		const unsigned b = (unsigned char)s[1] - (unsigned)'0';
		if (a < 10 && b < 10) {
			rc = m->two_rc[10 * a + b];
			v = m->two_val[10 * a + b];
		}
	}
	if (rc == 0) {
		*value = v;
		return 0;
	}
	if (rc == SVY_EMISSING)
		return rc;
	/* an invalid answer, or one the tables do not hold: parse (again, for
	   the message) */
	return m->parse(m, s, len, value, e);
}

/* The integer parser every bounded scale uses: an integer in lo..hi. */
int svy_metric_parse_int(const struct svy_metric *m, const char *s, size_t len,
                         int *value, struct svy_error *e);

/* Shared result columns: n, then with weights weight_sum, n_eff,
 * weight_dropped, then missing, invalid.  Returns how many were written. */
size_t svy_metric_base_columns(const struct svy_metric *m, const char **names);
size_t svy_metric_base_cells(const struct svy_metric *m, const struct svy_sums *s,
                             struct svy_cell *out);

/* Cell helpers: a number, NaN as empty; a count; a 0/1 flag. */
struct svy_cell svy_cell_num(double v);
struct svy_cell svy_cell_int(double v);
struct svy_cell svy_cell_prob(double v);

#endif
