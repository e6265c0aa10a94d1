/* label.c - labelling rules: bins, quantiles, lookup maps, NPS categories,
 * rules.  The filter that appends their label to every row is in
 * label_filter.c. */
#include "label.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colopt.h"
#include "mem.h"
#include "num.h"
#include "writer.h"

enum kind { K_NONE, K_BIN, K_QUANTILES, K_MAP, K_NPS, K_RULES };

#define MAX_BINS 1000
#define MAX_QUANTILES 100

struct cond {
	char *col;                   /* column name */
	size_t idx;                  /* resolved */
	enum svy_label_op op;
	char *value;                 /* as written (quotes removed) */
	int numeric;                 /* an unquoted number: compare as numbers */
	double num;
};

struct rule {
	char *text;                  /* the rule as given, for messages */
	char *label;
	struct cond *cond;
	size_t ncond;
};

struct mapent {
	char *key;                   /* NULL: free slot */
	char *label;
	unsigned long line;          /* where it was defined */
};

struct svy_labeler {
	enum kind kind;
	const char *opt;             /* the option, for messages: "--bin" */
	char *column;                /* bin, quantiles, map, nps: the column, as
	                                given, then as the header names it */
	char *given;                 /* the column as given, once bound (a CSV
	                                record of one name: binds again) */
	size_t col;
	char *as;
	char *deflt;                 /* --default or NULL; "" labels empty */

	char **label;                /* bin, quantiles, nps: one per class */
	size_t nlabel;

	double *edge;                /* bin */
	size_t nedge;

	long k;                      /* quantiles */
	double *vals;                /* first pass */
	size_t nvals, capvals;
	double *cut;                 /* k - 1 cut points */
	size_t ncut;
	int learned;

	char *mappath;               /* map */
	struct mapent *map;
	size_t mapcap, mapn;

	struct rule *rule;           /* rules */
	size_t nrule;

	unsigned long rows, missing, defaulted, unmatched;
};

/* ---- small helpers -------------------------------------------------------- */

/* A row that nothing labels gets the --default label.  An empty one is no
 * label: such rows are counted as labelled empty, as rows no rule matches
 * are without --default, not as having got a label. */
static void use_deflt(struct svy_labeler *l, const char **label, size_t *len)
{
	if (*l->deflt)
		l->defaulted++;
	else
		l->unmatched++;
	*label = l->deflt;
	*len = strlen(l->deflt);
}

/* Only spaces and tabs: such a label would look empty in every output but
 * be another segment than the empty one. */
static int blank(const char *s, size_t n)
{
	svy_num_trim(&s, &n);
	return n == 0;
}

static char *dupn(const char *s, size_t n)
{
	char *p = svy_malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

static int nomem(struct svy_error *e)
{
	return svy_error_set(e, SVY_ENOMEM, "out of memory");
}

/* "COL=REST": split at the first '='; both parts non-empty. */
static int split_spec(const char *opt, const char *spec, const char *what,
                      char **col, const char **rest, struct svy_error *e)
{
	const char *eq = strchr(spec, '=');

	if (!eq || eq == spec || !eq[1])
		return svy_error_set(e, SVY_EUSAGE, "%s: '%s' is not COL=%s", opt, spec, what);
	if (!(*col = dupn(spec, (size_t)(eq - spec))))
		return nomem(e);
	*rest = eq + 1;
	return 0;
}

/* Split a comma-separated list into trimmed, non-empty pieces. */
static int split_list(const char *opt, const char *list, char ***out, size_t *n,
                      size_t max, struct svy_error *e)
{
	const char *p = list, *q;
	size_t cap = 8, len;
	char **v = svy_calloc(cap, sizeof *v);

	*n = 0;
	if (!v)
		return nomem(e);
	*out = v;
	for (;;) {
		const char *s = p;
		q = strchr(p, ',');
		len = q ? (size_t)(q - p) : strlen(p);
		svy_num_trim(&s, &len);
		if (len == 0)
			return svy_error_set(e, SVY_EUSAGE, "%s: empty item in '%s'", opt, list);
		if (*n >= max)
			return svy_error_set(e, SVY_EUSAGE, "%s: more than %zu items in '%s'",
			                     opt, max, list);
		if (*n + 1 >= cap) {
			char **w = svy_realloc(v, 2 * cap * sizeof *v);
			if (!w)
				return nomem(e);
			memset(w + cap, 0, cap * sizeof *w);
			v = *out = w;
			cap *= 2;
		}
		if (!(v[(*n)++] = dupn(s, len)))
			return nomem(e);
		if (!q)
			break;
		p = q + 1;
	}
	return 0;
}

static void free_list(char **v, size_t n)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < n; i++)
		svy_free(v[i]);
	svy_free(v);
}

/* ---- --bin ---------------------------------------------------------------------- */

static int setup_bin(struct svy_labeler *l, const char *spec, struct svy_error *e)
{
	const char *rest;
	char **txt = NULL;
	size_t n = 0, i;
	int rc;

	l->opt = "--bin";
	if ((rc = split_spec("--bin", spec, "EDGES (e.g. tenure=0,3,12)", &l->column,
	                     &rest, e)) < 0)
		return rc;
	if ((rc = split_list("--bin", rest, &txt, &n, MAX_BINS, e)) < 0)
		goto out;
	if (!(l->edge = svy_calloc(n, sizeof *l->edge)) ||
	    !(l->label = svy_calloc(n, sizeof *l->label))) {
		rc = nomem(e);
		goto out;
	}
	l->nedge = l->nlabel = n;
	for (i = 0; i < n; i++) {
		if (svy_num_parse_arg(txt[i], &l->edge[i]) != 0) {
			rc = svy_error_set(e, SVY_EUSAGE, "--bin: edge '%s' is not a number",
			                   txt[i]);
			goto out;
		}
		if (i > 0 && !(l->edge[i] > l->edge[i - 1])) {
			rc = svy_error_set(e, SVY_EUSAGE, "--bin: edges must increase "
			                   "('%s' follows '%s')", txt[i], txt[i - 1]);
			goto out;
		}
	}
	/* [E1,E2) ... [Ek,inf): the edges as written, however long (leading
	 * zeros make a valid edge of any length; a fixed buffer cut labels
	 * short, and two bins could print the same) */
	for (i = 0; i < n; i++) {
		const char *hi = i + 1 < n ? txt[i + 1] : "inf";
		size_t size = strlen(txt[i]) + strlen(hi) + 4;
		if (!(l->label[i] = svy_malloc(size))) {
			rc = nomem(e);
			goto out;
		}
		snprintf(l->label[i], size, "[%s,%s)", txt[i], hi);
	}
	rc = 0;
out:
	free_list(txt, n);
	return rc;
}

/* ---- --quantiles ---------------------------------------------------------------- */

static int setup_quantiles(struct svy_labeler *l, const char *spec, struct svy_error *e)
{
	const char *rest;
	char buf[32];
	long i;
	int rc;

	l->opt = "--quantiles";
	if ((rc = split_spec("--quantiles", spec, "K (e.g. tenure=4)", &l->column,
	                     &rest, e)) < 0)
		return rc;
	if (svy_cli_long("--quantiles", rest, 2, MAX_QUANTILES, &l->k, e) < 0)
		return SVY_EUSAGE;
	if (!(l->label = svy_calloc((size_t)l->k, sizeof *l->label)) ||
	    !(l->cut = svy_calloc((size_t)l->k, sizeof *l->cut)))
		return nomem(e);
	l->nlabel = (size_t)l->k;
	l->ncut = (size_t)l->k - 1;
	for (i = 0; i < l->k; i++) {
		snprintf(buf, sizeof buf, "Q%ld", i + 1);
		if (!(l->label[i] = svy_strdup(buf)))
			return nomem(e);
	}
	return 0;
}

double svy_quantile7(const double *x, size_t n, double p)
{
	/* R: index <- 1 + (n - 1) * probs; lo <- floor(index); hi <- ceiling(index);
	 * qs <- x[lo]; if (index > lo && x[hi] != qs) qs <- (1 - h) * qs + h * x[hi] */
	double index = 1 + (double)(n - 1) * p, h, qs;
	size_t lo = (size_t)floor(index), hi = (size_t)ceil(index);

	if (lo < 1)
		lo = 1;
	if (hi > n)
		hi = n;
	qs = x[lo - 1];
	if (index > (double)lo && x[hi - 1] != qs) {
		h = index - (double)lo;
		qs = (1 - h) * qs + h * x[hi - 1];
	}
	return qs;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int svy_labeler_learn(struct svy_labeler *l, const struct svy_row *row,
                      struct svy_error *e)
{
	const char *s = row->field[l->col];
	size_t len = row->len[l->col];
	char q[200];
	double v;
	int rc;

	if (l->kind != K_QUANTILES)
		return 0;
	rc = svy_num_double(s, len, &v);
	if (rc == SVY_EMISSING)
		return 0;
	if (rc != 0)
		return svy_error_at(e, SVY_EDATA, row->file, row->line, l->column,
		                    "'%s' is not a number", svy_error_quote(s, len, q, sizeof q));
	if (l->nvals == l->capvals) {
		size_t cap = l->capvals ? 2 * l->capvals : 1024;
		double *w = svy_realloc(l->vals, cap * sizeof *w);
		if (!w)
			return nomem(e);
		l->vals = w;
		l->capvals = cap;
	}
	l->vals[l->nvals++] = v == 0 ? 0 : v;    /* -0 is 0 */
	return 0;
}

int svy_labeler_learned(struct svy_labeler *l, struct svy_error *e)
{
	size_t j;

	(void)e;
	if (l->kind != K_QUANTILES)
		return 0;
	l->learned = 1;
	if (l->nvals == 0) {
		for (j = 0; j < l->ncut; j++)
			l->cut[j] = NAN;
		return 0;
	}
	qsort(l->vals, l->nvals, sizeof *l->vals, cmp_double);
	for (j = 0; j < l->ncut; j++)
		l->cut[j] = svy_quantile7(l->vals, l->nvals, (double)(j + 1) / (double)l->k);
	/* the values are not needed any more */
	svy_free(l->vals);
	l->vals = NULL;
	l->capvals = 0;
	return 0;
}

/* ---- --map ------------------------------------------------------------------------ */

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;     /* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static struct mapent *map_slot(struct mapent *t, size_t cap, const char *k, size_t n)
{
	size_t i = (size_t)(hash_bytes(k, n) & (cap - 1));

	while (t[i].key && !(strlen(t[i].key) == n && memcmp(t[i].key, k, n) == 0))
		i = (i + 1) & (cap - 1);
	return &t[i];
}

static int map_grow(struct svy_labeler *l)
{
	size_t cap = l->mapcap ? 2 * l->mapcap : 64, i;
	struct mapent *t = svy_calloc(cap, sizeof *t);

	if (!t)
		return -1;
	for (i = 0; i < l->mapcap; i++)
		if (l->map[i].key)
			*map_slot(t, cap, l->map[i].key, strlen(l->map[i].key)) = l->map[i];
	svy_free(l->map);
	l->map = t;
	l->mapcap = cap;
	return 0;
}

static int load_map(struct svy_labeler *l, char delim, struct svy_error *e)
{
	struct svy_reader_opts ro = { .delim = delim };
	const char *path = l->mappath;
	struct svy_reader *r;
	struct svy_row row;
	char q1[200], q2[200];
	int rc;

	if (!(r = svy_reader_open(&path, 1, &ro, e)))
		return e->code;
	if (svy_reader_header(r)->ncols < 2) {
		rc = svy_error_at(e, SVY_EDATA, l->mappath, 1, NULL,
		                  "a --map file has two columns, value and label, after a "
		                  "header line");
		goto out;
	}
	while ((rc = svy_reader_next(r, &row, e)) == 1) {
		const char *k = row.field[0];
		size_t kn = row.len[0];
		struct mapent *s;

		svy_num_trim(&k, &kn);
		if (kn == 0) {
			rc = svy_error_at(e, SVY_EDATA, row.file, row.line, NULL,
			                  "empty value in the map (missing cells get an empty "
			                  "label anyway)");
			goto out;
		}
		if (blank(row.field[1], row.len[1])) {
			const char *col = svy_reader_header(r)->name[1];

			svy_error_quote(k, kn, q1, sizeof q1);
			rc = row.len[1] == 0
			     ? svy_error_at(e, SVY_EDATA, row.file, row.line, col,
			                    "empty label for '%s'", q1)
			     : svy_error_at(e, SVY_EDATA, row.file, row.line, col,
			                    "'%s' is a blank label for '%s'",
			                    svy_error_quote(row.field[1], row.len[1], q2, sizeof q2), q1);
			goto out;
		}
		if (2 * (l->mapn + 1) > l->mapcap && map_grow(l) < 0) {
			rc = nomem(e);
			goto out;
		}
		s = map_slot(l->map, l->mapcap, k, kn);
		if (s->key) {
			if (strcmp(s->label, row.field[1]) == 0)
				continue;          /* the same pair twice is harmless */
			rc = svy_error_at(e, SVY_EDATA, row.file, row.line, NULL,
			                  "'%s' is mapped to '%s' here and to '%s' on line %lu",
			                  svy_error_quote(k, kn, q1, sizeof q1),
			                  svy_error_quote(row.field[1], row.len[1], q2, sizeof q2),
			                  s->label, s->line);
			goto out;
		}
		if (!(s->key = dupn(k, kn)) || !(s->label = dupn(row.field[1], row.len[1]))) {
			svy_free(s->key);
			s->key = NULL;
			rc = nomem(e);
			goto out;
		}
		s->line = row.line;
		l->mapn++;
	}
out:
	svy_reader_close(r);
	return rc < 0 ? rc : 0;
}

static int setup_map(struct svy_labeler *l, const char *spec, struct svy_error *e)
{
	const char *rest;
	int rc;

	l->opt = "--map";
	if ((rc = split_spec("--map", spec, "FILE (e.g. plan=plans.csv)", &l->column,
	                     &rest, e)) < 0)
		return rc;
	if (!(l->mappath = svy_strdup(rest)))
		return nomem(e);
	return 0;
}

/* ---- --nps-category ------------------------------------------------------------- */

static int setup_nps(struct svy_labeler *l, const char *col, struct svy_error *e)
{
	static const char *const names[3] = { "promoter", "passive", "detractor" };
	size_t i;

	l->opt = "--nps-category";
	if (!*col)
		return svy_error_set(e, SVY_EUSAGE, "--nps-category: empty column name");
	if (!(l->column = svy_strdup(col)) || !(l->label = svy_calloc(3, sizeof *l->label)))
		return nomem(e);
	l->nlabel = 3;
	for (i = 0; i < 3; i++)
		if (!(l->label[i] = svy_strdup(names[i])))
			return nomem(e);
	return 0;
}

/* ---- --rule --------------------------------------------------------------------- */

static int rule_error(struct svy_error *e, const char *text, const char *why,
                      const char *at)
{
	char q[200];

	if (at && *at)
		return svy_error_set(e, SVY_EUSAGE, "--rule '%s': %s at '%s' (the form "
		                     "is 'LABEL: COL OP VALUE [and COL OP VALUE ...]', OP "
		                     "one of = != < <= > >=)", text, why,
		                     svy_error_quote(at, strlen(at), q, sizeof q));
	return svy_error_set(e, SVY_EUSAGE, "--rule '%s': %s (the form is 'LABEL: COL "
	                     "OP VALUE [and COL OP VALUE ...]', OP one of = != < <= > >=)",
	                     text, why);
}

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static int is_opchar(char c)
{
	return c == '=' || c == '!' || c == '<' || c == '>';
}

/* A token: a quoted string ('...' or "...", no escapes), or a run of
 * characters up to a space (and, for a column, up to an operator). */
static const char *token(const char *p, int stop_at_op, const char **s, size_t *n,
                         int *quoted)
{
	*quoted = 0;
	if (*p == '\'' || *p == '"') {
		const char *end = strchr(p + 1, *p);
		if (!end)
			return NULL;
		*s = p + 1;
		*n = (size_t)(end - p - 1);
		*quoted = 1;
		return end + 1;
	}
	*s = p;
	while (*p && *p != ' ' && *p != '\t' && !(stop_at_op && is_opchar(*p)))
		p++;
	*n = (size_t)(p - *s);
	return p;
}

static int parse_rule(struct rule *r, const char *text, struct svy_error *e)
{
	const char *colon = strchr(text, ':'), *p, *s;
	size_t n, cap = 0;
	int quoted;

	if (!(r->text = svy_strdup(text)))
		return nomem(e);
	if (!colon)
		return rule_error(e, text, "no ':' after the label", NULL);
	s = text;
	n = (size_t)(colon - text);
	svy_num_trim(&s, &n);
	if (n == 0)
		return rule_error(e, text, "empty label", NULL);
	if (!(r->label = dupn(s, n)))
		return nomem(e);
	p = skip_space(colon + 1);
	if (!*p)
		return rule_error(e, text, "no condition after the label", NULL);
	for (;;) {
		struct cond *c;
		const char *at = p;

		if (r->ncond == cap) {
			struct cond *v = svy_realloc(r->cond, (cap ? 2 * cap : 4) * sizeof *v);
			if (!v)
				return nomem(e);
			r->cond = v;
			cap = cap ? 2 * cap : 4;
		}
		c = &r->cond[r->ncond];
		memset(c, 0, sizeof *c);
		r->ncond++;
		/* column */
		if (!(p = token(p, 1, &s, &n, &quoted)))
			return rule_error(e, text, "unterminated quote", at);
		if (n == 0)
			return rule_error(e, text, "expected a column name", at);
		if (!(c->col = dupn(s, n)))
			return nomem(e);
		/* operator */
		p = skip_space(p);
		at = p;
		if (p[0] == '=' && !is_opchar(p[1]))
			c->op = SVY_OP_EQ, p += 1;
		else if (p[0] == '!' && p[1] == '=')
			c->op = SVY_OP_NE, p += 2;
		else if (p[0] == '<' && p[1] == '=')
			c->op = SVY_OP_LE, p += 2;
		else if (p[0] == '>' && p[1] == '=')
			c->op = SVY_OP_GE, p += 2;
		else if (p[0] == '<' && !is_opchar(p[1]))
			c->op = SVY_OP_LT, p += 1;
		else if (p[0] == '>' && !is_opchar(p[1]))
			c->op = SVY_OP_GT, p += 1;
		else
			return rule_error(e, text, *p ? "expected an operator" :
			                  "expected an operator after the column", at);
		/* value */
		p = skip_space(p);
		at = p;
		if (!*p)
			return rule_error(e, text, "no value after the operator", NULL);
		if (is_opchar(*p))
			return rule_error(e, text, "expected a value", at);
		if (!(p = token(p, 0, &s, &n, &quoted)))
			return rule_error(e, text, "unterminated quote", at);
		if (!(c->value = dupn(s, n)))
			return nomem(e);
		c->numeric = !quoted && svy_num_parse_arg(c->value, &c->num) == 0;
		/* end, or "and" */
		p = skip_space(p);
		if (!*p)
			break;
		at = p;
		if (strncmp(p, "and", 3) != 0 || (p[3] != ' ' && p[3] != '\t' && p[3]))
			return rule_error(e, text, "expected 'and' or the end of the rule", at);
		p = skip_space(p + 3);
		if (!*p)
			return rule_error(e, text, "no condition after 'and'", NULL);
	}
	return 0;
}

static void free_rule(struct rule *r)
{
	size_t i;

	for (i = 0; i < r->ncond; i++) {
		svy_free(r->cond[i].col);
		svy_free(r->cond[i].value);
	}
	svy_free(r->cond);
	svy_free(r->label);
	svy_free(r->text);
}

static int setup_rules(struct svy_labeler *l, const struct svy_label_opts *o,
                       struct svy_error *e)
{
	size_t i;
	int rc;

	l->opt = "--rule";
	if (!(l->rule = svy_calloc(o->nrules, sizeof *l->rule)))
		return nomem(e);
	for (i = 0; i < o->nrules; i++) {
		l->nrule++;
		if ((rc = parse_rule(&l->rule[i], o->rules[i], e)) < 0)
			return rc;
	}
	return 0;
}

/* ---- construction ---------------------------------------------------------------- */

static int setup(struct svy_labeler *l, const struct svy_label_opts *o, char delim,
                 struct svy_error *e)
{
	int nkinds = !!o->bin + !!o->quantiles + !!o->map + !!o->nps_category +
	             (o->nrules > 0);
	char **names = NULL;
	size_t n = 0, i;
	int rc;

	if (nkinds == 0)
		return svy_error_set(e, SVY_EUSAGE, "no labelling rule (--bin, --quantiles, "
		                     "--map, --nps-category or --rule)");
	if (nkinds > 1)
		return svy_error_set(e, SVY_EUSAGE, "one kind of labelling per run: --bin, "
		                     "--quantiles, --map, --nps-category or --rule (which "
		                     "may be repeated)");
	if (!(l->as = svy_strdup(o->as ? o->as : "segment")))
		return nomem(e);
	if (!*l->as)
		return svy_error_set(e, SVY_EUSAGE, "--as: empty column name");
	if (o->bin)
		l->kind = K_BIN, rc = setup_bin(l, o->bin, e);
	else if (o->quantiles)
		l->kind = K_QUANTILES, rc = setup_quantiles(l, o->quantiles, e);
	else if (o->map)
		l->kind = K_MAP, rc = setup_map(l, o->map, e);
	else if (o->nps_category)
		l->kind = K_NPS, rc = setup_nps(l, o->nps_category, e);
	else
		l->kind = K_RULES, rc = setup_rules(l, o, e);
	if (rc < 0)
		return rc;
	/* before any input, the map file included: a usage error stays one */
	if (l->column && (rc = svy_names_check(l->opt, l->column, 1, e)) < 0)
		return rc;
	if (o->deflt) {
		if (l->kind == K_QUANTILES || l->kind == K_NPS)
			return svy_error_set(e, SVY_EUSAGE, "--default does not go with %s "
			                     "(every valid value has a label)", l->opt);
		if (*o->deflt && blank(o->deflt, strlen(o->deflt))) {
			char q[200];
			return svy_error_set(e, SVY_EUSAGE, "--default: '%s' is a blank label "
			                     "(give '' for an empty one)",
			                     svy_error_quote(o->deflt, strlen(o->deflt), q, sizeof q));
		}
		if (!(l->deflt = svy_strdup(o->deflt)))
			return nomem(e);
	}
	if (o->labels) {
		if (l->kind == K_MAP || l->kind == K_RULES)
			return svy_error_set(e, SVY_EUSAGE, "--labels does not go with %s "
			                     "(it names the labels itself)", l->opt);
		if ((rc = split_list("--labels", o->labels, &names, &n, MAX_BINS, e)) < 0) {
			free_list(names, n);
			return rc;
		}
		if (n != l->nlabel) {
			free_list(names, n);
			return svy_error_set(e, SVY_EUSAGE, "--labels: %zu labels for %zu %s",
			                     n, l->nlabel, l->kind == K_NPS
			                     ? "categories (promoter, passive, detractor)"
			                     : "bins");
		}
		for (i = 0; i < n; i++) {
			svy_free(l->label[i]);
			l->label[i] = names[i];
		}
		svy_free(names);
	}
	if (l->kind == K_MAP)
		return load_map(l, delim, e);
	return 0;
}

struct svy_labeler *svy_labeler_new(const struct svy_label_opts *o, char delim,
                                    struct svy_error *e)
{
	struct svy_labeler *l = svy_calloc(1, sizeof *l);

	if (!l) {
		nomem(e);
		return NULL;
	}
	if (setup(l, o, delim, e) < 0) {
		svy_labeler_free(l);
		return NULL;
	}
	return l;
}

void svy_labeler_free(struct svy_labeler *l)
{
	size_t i;

	if (!l)
		return;
	svy_free(l->column);
	svy_free(l->given);
	svy_free(l->as);
	svy_free(l->deflt);
	free_list(l->label, l->nlabel);
	svy_free(l->edge);
	svy_free(l->vals);
	svy_free(l->cut);
	svy_free(l->mappath);
	for (i = 0; i < l->mapcap; i++) {
		svy_free(l->map[i].key);
		svy_free(l->map[i].label);
	}
	svy_free(l->map);
	for (i = 0; i < l->nrule; i++)
		free_rule(&l->rule[i]);
	svy_free(l->rule);
	svy_free(l);
}

const char *svy_labeler_name(const struct svy_labeler *l)
{
	return l->as;
}

int svy_labeler_two_pass(const struct svy_labeler *l)
{
	return l->kind == K_QUANTILES;
}

int svy_labeler_bind(struct svy_labeler *l, const struct svy_header *h,
                     struct svy_error *e)
{
	size_t i, j, n;

	if (svy_header_find(h, l->as) >= 0)
		return svy_error_at(e, SVY_EDATA, h->file, h->line, NULL, "the header already has "
		                    "a column '%s' (name the new one with --as)", l->as);
	if (l->column) {
		/* messages name the column as the header does, not as quoted;
		 * --quantiles binds a second time, to the same text */
		char *name;
		int rc;

		if (!l->given && !(l->given = svy_strdup(l->column)))
			return nomem(e);
		if ((rc = svy_header_resolve(h, l->given, &l->col, 1, &n, e)) < 0)
			return rc;
		if (!(name = svy_strdup(h->name[l->col])))
			return nomem(e);
		svy_free(l->column);
		l->column = name;
		return 0;
	}
	for (i = 0; i < l->nrule; i++)
		for (j = 0; j < l->rule[i].ncond; j++) {
			long k = svy_header_find(h, l->rule[i].cond[j].col);
			if (k < 0)   /* a rule's name may hold a comma: not a list */
				return svy_header_missing(h, l->rule[i].cond[j].col, e);
			l->rule[i].cond[j].idx = (size_t)k;
		}
	return 0;
}

/* ---- labelling ---------------------------------------------------------------- */

static int label_of_class(struct svy_labeler *l, size_t i, const char **label,
                          size_t *len)
{
	*label = l->label[i];
	*len = strlen(*label);
	return 0;
}

static int use_default(struct svy_labeler *l, const struct svy_row *row,
                       const char *why, const char *s, size_t n, const char **label,
                       size_t *len, struct svy_error *e)
{
	char q[200];

	if (!l->deflt)
		return svy_error_at(e, SVY_EDATA, row->file, row->line, l->column,
		                    "'%s' %s (give --default LABEL to label such values)",
		                    svy_error_quote(s, n, q, sizeof q), why);
	use_deflt(l, label, len);
	return 0;
}

static int cond_true(const struct svy_labeler *l, const struct rule *r,
                     const struct cond *c, const struct svy_row *row,
                     struct svy_error *e)
{
	const char *s = row->field[c->idx];
	size_t n = row->len[c->idx];
	char q[200];
	int cmp;

	(void)l;
	if (svy_num_missing(s, n))
		return 0;
	if (c->numeric) {
		double v;
		if (svy_num_double(s, n, &v) != 0)
			return svy_error_at(e, SVY_EDATA, row->file, row->line, c->col,
			                    "'%s' is not a number (rule '%s' compares it with %s)",
			                    svy_error_quote(s, n, q, sizeof q), r->text, c->value);
		cmp = v < c->num ? -1 : v > c->num;
	} else {
		size_t vn = strlen(c->value), m;
		svy_num_trim(&s, &n);
		m = n < vn ? n : vn;
		cmp = memcmp(s, c->value, m);
		if (cmp == 0)
			cmp = n < vn ? -1 : n > vn;
	}
	switch (c->op) {
	case SVY_OP_EQ: return cmp == 0;
	case SVY_OP_NE: return cmp != 0;
	case SVY_OP_LT: return cmp < 0;
	case SVY_OP_LE: return cmp <= 0;
	case SVY_OP_GT: return cmp > 0;
	case SVY_OP_GE: return cmp >= 0;
	}
	return 0;
}

static int apply_rules(struct svy_labeler *l, const struct svy_row *row,
                       const char **label, size_t *len, struct svy_error *e)
{
	size_t i, j;
	int t;

	for (i = 0; i < l->nrule; i++) {
		for (j = 0; j < l->rule[i].ncond; j++) {
			t = cond_true(l, &l->rule[i], &l->rule[i].cond[j], row, e);
			if (t < 0)
				return t;
			if (!t)
				break;
		}
		if (j == l->rule[i].ncond) {
			*label = l->rule[i].label;
			*len = strlen(*label);
			return 0;
		}
	}
	if (l->deflt) {
		use_deflt(l, label, len);
	} else {
		l->unmatched++;
		*label = "";
		*len = 0;
	}
	return 0;
}

int svy_labeler_apply(struct svy_labeler *l, const struct svy_row *row,
                      const char **label, size_t *len, struct svy_error *e)
{
	const char *s;
	size_t n, i;
	char q[200];
	double v;
	long iv;
	int rc;

	l->rows++;
	if (l->kind == K_RULES)
		return apply_rules(l, row, label, len, e);
	s = row->field[l->col];
	n = row->len[l->col];
	if (svy_num_missing(s, n)) {
		l->missing++;
		*label = "";
		*len = 0;
		return 0;
	}
	switch (l->kind) {
	case K_BIN:
		if (svy_num_double(s, n, &v) != 0)
			return svy_error_at(e, SVY_EDATA, row->file, row->line, l->column,
			                    "'%s' is not a number", svy_error_quote(s, n, q, sizeof q));
		if (v < l->edge[0])
			return use_default(l, row, "is below the first --bin edge", s, n,
			                   label, len, e);
		for (i = l->nedge - 1; l->edge[i] > v; i--)
			;
		return label_of_class(l, i, label, len);
	case K_QUANTILES:
		if (svy_num_double(s, n, &v) != 0)
			return svy_error_at(e, SVY_EDATA, row->file, row->line, l->column,
			                    "'%s' is not a number", svy_error_quote(s, n, q, sizeof q));
		if (!l->learned)
			return svy_error_set(e, SVY_EUSAGE, "internal: quantiles not learned");
		/* right-closed bins: Q1 is x <= c1, Qj is c(j-1) < x <= cj, QK x > c(K-1) */
		for (i = 0; i < l->ncut && v > l->cut[i]; i++)
			;
		return label_of_class(l, i, label, len);
	case K_MAP: {
		const char *k = s;
		size_t kn = n;
		svy_num_trim(&k, &kn);
		if (l->mapn) {
			struct mapent *m = map_slot(l->map, l->mapcap, k, kn);
			if (m->key) {
				*label = m->label;
				*len = strlen(m->label);
				return 0;
			}
		}
		if (!l->deflt)
			return svy_error_at(e, SVY_EDATA, row->file, row->line, l->column,
			                    "'%s' is not in the map %s (give --default LABEL to "
			                    "label unmapped values)",
			                    svy_error_quote(s, n, q, sizeof q), l->mappath);
		use_deflt(l, label, len);
		return 0;
	}
	case K_NPS:
		rc = svy_num_int(s, n, &iv);
		if (rc != 0 || iv < 0 || iv > 10)
			return svy_error_at(e, SVY_EDATA, row->file, row->line, l->column,
			                    "'%s' is not a score in 0-10",
			                    svy_error_quote(s, n, q, sizeof q));
		return label_of_class(l, iv >= 9 ? 0 : iv >= 7 ? 1 : 2, label, len);
	default:
		break;
	}
	return svy_error_set(e, SVY_EUSAGE, "internal: no labelling rule");
}

void svy_labeler_summary(const struct svy_labeler *l, struct svy_label_summary *s)
{
	memset(s, 0, sizeof *s);
	s->rows = l->rows;
	s->missing = l->missing;
	s->defaulted = l->defaulted;
	s->unmatched = l->unmatched;
	s->column = l->column;
	s->opt = l->opt;
	if (l->kind == K_QUANTILES && l->learned) {
		s->ncuts = l->ncut;
		s->cuts = l->cut;
		s->nvalues = (unsigned long)l->nvals;
	}
}
