/* metric.c - the histogram state every metric shares, and its common columns. */
#include "metric.h"

#include <math.h>
#include <stdio.h>

#include "num.h"

size_t svy_metric_nstate(const struct svy_metric *m)
{
	return SVY_ST_HEAD + 3 * svy_metric_k(m);
}

const char *svy_metric_state_name(const struct svy_metric *m, size_t i,
                                  char *buf, size_t size)
{
	static const char *const head[SVY_ST_HEAD] = {
		"missing", "invalid", "wdrop_missing", "wdrop_invalid", "wdrop_nonpos"
	};
	static const char *const part[3] = { "n", "w", "ww" };
	size_t k = svy_metric_k(m);

	if (i < SVY_ST_HEAD)
		snprintf(buf, size, "%s", head[i]);
	else
		snprintf(buf, size, "%s_%d", part[(i - SVY_ST_HEAD) / k],
		         m->lo + (int)((i - SVY_ST_HEAD) % k));
	return buf;
}

int svy_metric_state_is_count(const struct svy_metric *m, size_t i)
{
	return i < SVY_ST_HEAD + svy_metric_k(m);
}

double svy_st_count(const struct svy_metric *m, const double *st, int v)
{
	return st[SVY_ST_HEAD + (v - m->lo)];
}

double svy_st_w(const struct svy_metric *m, const double *st, int v)
{
	return st[SVY_ST_HEAD + svy_metric_k(m) + (size_t)(v - m->lo)];
}

double svy_st_ww(const struct svy_metric *m, const double *st, int v)
{
	return st[SVY_ST_HEAD + 2 * svy_metric_k(m) + (size_t)(v - m->lo)];
}

void svy_metric_sums(const struct svy_metric *m, const double *st, struct svy_sums *s)
{
	size_t k = svy_metric_k(m), i;

	s->n = s->w = s->ww = 0;
	for (i = 0; i < k; i++) {
		s->n += st[SVY_ST_HEAD + i];
		s->w += st[SVY_ST_HEAD + k + i];
		s->ww += st[SVY_ST_HEAD + 2 * k + i];
	}
	s->missing = st[SVY_ST_MISSING];
	s->invalid = st[SVY_ST_INVALID];
	s->wdrop = st[SVY_ST_WD_MISSING] + st[SVY_ST_WD_INVALID] + st[SVY_ST_WD_NONPOS];
	s->nw = s->n - s->wdrop;
}

/* Out of line: its quoting buffer would otherwise widen the frame of the
 * call every row makes. */
static __attribute__((noinline, cold)) int not_a_score(const struct svy_metric *m,
                                                       const char *s, size_t len,
                                                       struct svy_error *e)
{
	char q[200];

	svy_error_set(e, SVY_EINVALID, "'%s' is not a score in %d-%d",
	              svy_error_quote(s, len, q, sizeof q), m->lo, m->hi);
	return SVY_EINVALID;
}

void svy_metric_ready(struct svy_metric *m)
{
	struct svy_error scratch;
	char s[2] = "";
	int i, v, rc;

	for (i = 0; i <= 256; i++) {
		s[0] = (char)i;
		v = 0;
		rc = m->parse(m, s, i < 256, &v, &scratch);
		/* a verdict the inline path does not know is left to parse */
		m->one_rc[i] = rc == 0 || rc == SVY_EMISSING ? (signed char)rc : SVY_EINVALID;
		m->one_val[i] = v;
	}
	for (i = 0; i < 100; i++) {
		char d[2] = { (char)('0' + i / 10), (char)('0' + i % 10) };
		v = 0;
		rc = m->parse(m, d, 2, &v, &scratch);
		m->two_rc[i] = rc == 0 || rc == SVY_EMISSING ? (signed char)rc : SVY_EINVALID;
		m->two_val[i] = v;
	}
	m->one_ready = 1;
}

int svy_metric_parse_int(const struct svy_metric *m, const char *s, size_t len,
                         int *value, struct svy_error *e)
{
	long v;
	int rc = svy_num_int(s, len, &v);

	if (rc == SVY_EMISSING)
		return rc;
	if (rc == 0 && v >= m->lo && v <= m->hi) {
		*value = (int)v;
		return 0;
	}
	return not_a_score(m, s, len, e);
}

size_t svy_metric_base_columns(const struct svy_metric *m, const char **names)
{
	size_t n = 0;

	names[n++] = "n";
	if (m->weighted) {
		names[n++] = "weight_sum";
		names[n++] = "n_eff";
		names[n++] = "weight_dropped";
	}
	names[n++] = "missing";
	names[n++] = "invalid";
	return n;
}

size_t svy_metric_base_cells(const struct svy_metric *m, const struct svy_sums *s,
                             struct svy_cell *out)
{
	size_t n = 0;

	out[n++] = svy_cell_int(s->n);
	if (m->weighted) {
		out[n++] = svy_cell_num(s->nw > 0 ? s->w : NAN);
		out[n++] = svy_cell_num(s->nw > 0 ? s->w * s->w / s->ww : NAN);
		out[n++] = svy_cell_int(s->wdrop);
	}
	out[n++] = svy_cell_int(s->missing);
	out[n++] = svy_cell_int(s->invalid);
	return n;
}

struct svy_cell svy_cell_num(double v)
{
	struct svy_cell c = { isnan(v) ? SVY_CELL_EMPTY : SVY_CELL_NUM, NULL, v };
	return c;
}

struct svy_cell svy_cell_int(double v)
{
	struct svy_cell c = { isnan(v) ? SVY_CELL_EMPTY : SVY_CELL_INT, NULL, v };
	return c;
}

struct svy_cell svy_cell_prob(double v)
{
	struct svy_cell c = { isnan(v) ? SVY_CELL_EMPTY : SVY_CELL_PROB, NULL, v };
	return c;
}
