/* plan.c - survey-ingest's column plan: which input column becomes which
 * output column (id, date, scores, segments, text, kept columns), from the
 * options, the mapping file and what detection found; names made tidy and
 * unique. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ctx.h"
#include "labels.h"
#include "mem.h"
#include "words.h"

static const char *row1_name(const struct ctx *x, size_t c)
{
	const char *s = c < x->hdr->ncols ? x->hdr->name[c] : "";

	return strncmp(s, "\xef\xbb\xbf", 3) == 0 ? s + 3 : s;
}

/* ---- name indexes ----
 *
 * Names of one kind (tidy, raw, row 1, ImportId, raw in any case), hashed
 * to their positions, so that a reference costs one probe run instead of a
 * scan of every column: a mapping file naming each column of a 20 000
 * column export made the plan quadratic (2 s, 16 times 5 000 columns'
 * time).  The hash only narrows the search; the comparison decides, as the
 * scan did.  A slot holds the first of the equal names; the others follow
 * it in a chain, in the order added (column order), so that a header of
 * 80 000 columns named Other is not one probe run walked 80 000 times
 * (6.8 s). */
struct sindex {
	const char *const *key;     /* borrowed, n of them */
	size_t *slot;               /* first key of its name + 1; 0 is empty */
	size_t *next;               /* per key: the next equal key + 1, or 0 */
	size_t *tail;               /* per first key: the last equal key */
	size_t mask;
	int fold;                   /* compare as svy_ieq(key, ref) */
};

/* s without the white space around it when folding (as svy_ieq trims). */
static void fold_span(const struct sindex *ix, const char **s, size_t *len)
{
	*len = strlen(*s);
	if (ix->fold)
		svy_trim(s, len);
}

static size_t shash(const struct sindex *ix, const char *s)
{
	size_t len;
	uint64_t h = 14695981039346656037ULL;

	fold_span(ix, &s, &len);
	for (; len; len--, s++)
		h = (h ^ (unsigned char)(ix->fold ? svy_lower((unsigned char)*s) : *s))
		    * 1099511628211ULL;
	return (size_t)h;
}

/* Keys a and b answer every reference alike. */
static int same_key(const struct sindex *ix, size_t a, size_t b)
{
	const char *p = ix->key[a], *q = ix->key[b];
	size_t pl, ql, i;

	if (!ix->fold)
		return strcmp(p, q) == 0;
	fold_span(ix, &p, &pl);
	fold_span(ix, &q, &ql);
	if (pl != ql)
		return 0;
	for (i = 0; i < pl; i++)
		if (svy_lower((unsigned char)p[i]) != svy_lower((unsigned char)q[i]))
			return 0;
	return 1;
}

static int sindex_init(struct sindex *ix, const char *const *key, size_t n, int fold)
{
	size_t cap = 16;

	while (cap < 2 * n)
		cap *= 2;
	ix->key = key;
	ix->fold = fold;
	ix->mask = cap - 1;
	ix->slot = svy_calloc(cap, sizeof *ix->slot);
	ix->next = svy_calloc(n + 1, sizeof *ix->next);
	ix->tail = svy_calloc(n + 1, sizeof *ix->tail);
	return ix->slot && ix->next && ix->tail ? 0 : -1;
}

static void sindex_fini(struct sindex *ix)
{
	svy_free(ix->slot);
	svy_free(ix->next);
	svy_free(ix->tail);
	ix->slot = ix->next = ix->tail = NULL;
}

/* Add key k; the first earlier key equal to it, or -1.  Keys 0 .. n-1 of
 * sindex_init, each at most once, in increasing order. */
static long sindex_add(struct sindex *ix, size_t k)
{
	size_t i, f;

	for (i = shash(ix, ix->key[k]) & ix->mask; ix->slot[i]; i = (i + 1) & ix->mask) {
		f = ix->slot[i] - 1;
		if (same_key(ix, f, k)) {
			ix->next[ix->tail[f]] = k + 1;
			ix->tail[f] = k;
			return (long)f;
		}
	}
	ix->slot[i] = k + 1;
	ix->tail[k] = k;
	return -1;
}

/* The keys equal to ref, in the order added: start with *pos = (size_t)-1,
 * then each call gives the next one, or -1 at the end. */
static long sindex_next(const struct sindex *ix, const char *ref, size_t *pos)
{
	size_t i, n = strlen(ref), f;

	if (*pos != (size_t)-1) {
		f = ix->next[*pos];
		if (!f)
			return -1;
		*pos = f - 1;
		return (long)*pos;
	}
	/* svy_ieq trims the key, not ref: a ref with white space around it
	 * matches nothing when folding, and the others hash as their keys */
	if (ix->fold && n && (svy_is_space((unsigned char)ref[0])
	                      || svy_is_space((unsigned char)ref[n - 1])))
		return -1;
	for (i = shash(ix, ref) & ix->mask; ix->slot[i]; i = (i + 1) & ix->mask) {
		f = ix->slot[i] - 1;
		if (ix->fold ? svy_ieq(ix->key[f], ref) : strcmp(ix->key[f], ref) == 0) {
			*pos = f;
			return (long)f;
		}
	}
	return -1;
}

/* The indexes resolve() looks in: tidy unique names, the names --detect
 * shows, raw names, row-1 names, ImportIds, raw names in any case. */
enum { BY_TIDY, BY_SHOWN, BY_RAW, BY_ROW1, BY_IMPORT, BY_FOLD, NBY };

struct lookup {
	struct sindex ix[NBY];
	const char **row1, **imp;
	struct svy_names shown;
	int have_shown;
};

/* The names the tool itself gives its output columns: a passed-through
 * column whose tidy name is one of them is shown (by --detect, in the
 * output and in the renaming warning) with a suffix, respondent_id_2, and
 * must be found by that name too. */
static const char *const own_names[] = { "respondent_id", "date", "nps", "csat", "ces",
	"nps_group" };

static void lookup_fini(struct lookup *lk)
{
	size_t i;

	for (i = 0; i < NBY; i++)
		sindex_fini(&lk->ix[i]);
	svy_free(lk->row1);
	svy_free(lk->imp);
	if (lk->have_shown)
		svy_names_fini(&lk->shown);
	memset(lk, 0, sizeof *lk);
}

static int lookup_init(struct lookup *lk, const struct ctx *x, const char *const *rawv)
{
	const char *const *keys[NBY];
	size_t c, i, nc = x->d.ncols;

	memset(lk, 0, sizeof *lk);
	lk->row1 = svy_calloc(nc + 1, sizeof *lk->row1);
	lk->imp = svy_calloc(nc + 1, sizeof *lk->imp);
	if (!lk->row1 || !lk->imp)
		return -1;
	for (c = 0; c < nc; c++) {
		lk->row1[c] = row1_name(x, c);
		lk->imp[c] = x->d.import_id[c] ? x->d.import_id[c] : "";
	}
	if (svy_names_make(&lk->shown, rawv, nc, own_names,
	                   sizeof own_names / sizeof *own_names, NULL) < 0)
		return -1;
	lk->have_shown = 1;
	keys[BY_TIDY] = (const char *const *)x->ref.name;
	keys[BY_SHOWN] = (const char *const *)lk->shown.name;
	keys[BY_RAW] = keys[BY_FOLD] = rawv;
	keys[BY_ROW1] = lk->row1;
	keys[BY_IMPORT] = lk->imp;
	for (i = 0; i < NBY; i++) {
		if (sindex_init(&lk->ix[i], keys[i], nc, i == BY_FOLD) < 0)
			return -1;
		/* an empty name is never a match (a reference is never empty) */
		for (c = 0; c < nc; c++)
			if (*keys[i][c])
				sindex_add(&lk->ix[i], c);
	}
	return 0;
}

/* The column a reference names: its tidy unique name, its raw name, its
 * row-1 name, its Qualtrics ImportId, or its raw name in any case. */
static int resolve(struct ctx *x, const struct lookup *lk, const char *opt, const char *ref,
                   long *col, struct svy_error *e)
{
	size_t c, nc = x->d.ncols, hits, k, off, pos;
	long found, at;
	char q[64], list[400];
	int pass;

	/* the tidy and the shown names are unique: one hit at most */
	for (pass = BY_TIDY; pass <= BY_SHOWN; pass++) {
		pos = (size_t)-1;
		if ((at = sindex_next(&lk->ix[pass], ref, &pos)) >= 0) {
			*col = at;
			return 0;
		}
	}
	for (pass = BY_RAW; pass <= BY_FOLD; pass++) {
		hits = 0;
		found = -1;
		off = 0;
		list[0] = '\0';
		for (pos = (size_t)-1; (at = sindex_next(&lk->ix[pass], ref, &pos)) >= 0;) {
			c = (size_t)at;
			if (hits++ == 0)
				found = (long)c;
			if (off < sizeof list - 60) {
				int w = snprintf(list + off, sizeof list - off, "%s%s", hits > 1 ? ", " : "",
				                 x->ref.name[c]);
				off += w > 0 ? (size_t)w : 0;
			}
		}
		if (hits == 1) {
			*col = found;
			return 0;
		}
		if (hits > 1)
			return svy_error_at(e, SVY_EDATA, x->hdr->file, 0, NULL,
			                    "%s: '%s' names %zu columns: use one of their unique "
			                    "names %s", opt, svy_error_quote(ref, strlen(ref), q, sizeof q),
			                    hits, list);
	}
	off = 0;
	for (k = 0; k < nc && off < sizeof list - 60; k++) {
		int w = snprintf(list + off, sizeof list - off, "%s%s", k ? ", " : "",
		                 x->ref.name[k]);
		off += w > 0 ? (size_t)w : 0;
	}
	if (k < nc)
		snprintf(list + off, sizeof list - off, ", ...");
	return svy_error_at(e, SVY_EDATA, x->hdr->file, 0, NULL,
	                    "%s: no column '%s' (the columns are: %s)", opt,
	                    svy_error_quote(ref, strlen(ref), q, sizeof q), list);
}

static unsigned maps_for(int has_scale, long lo, long hi, int group)
{
	unsigned m = SVY_LABELS_INT;

	if (!has_scale || (lo == 1 && hi == 5))
		m |= SVY_LABELS_SATISFACTION | SVY_LABELS_AGREEMENT;
	if (has_scale && lo == 0 && hi == 1)
		m |= SVY_LABELS_ZENDESK;
	if (group || (has_scale && lo == 1 && hi == 3))
		m |= SVY_LABELS_NPS_GROUP;
	if (has_scale && (hi >= 100 || lo <= -100))
		m |= SVY_LABELS_FRESHDESK;
	return m;
}

static struct ocol *add_col(struct ctx *x, int role, const char *name, long src,
                            const char *why)
{
	struct ocol *c;

	if (x->ncol == x->capcol) {
		size_t cap = x->capcol ? 2 * x->capcol : 16;

		if (!(c = svy_realloc(x->col, cap * sizeof *c)))
			return NULL;
		x->col = c;
		x->capcol = cap;
	}
	c = &x->col[x->ncol];
	memset(c, 0, sizeof *c);
	c->role = role;
	c->src = src;
	c->why = why;
	x->ncol++;
	if (src >= 0)
		x->use[src] |= role == ROLE_SCORE ? USE_SCORE : role == ROLE_PASS ? USE_PASS : 0;
	if (name && !(c->name = svy_strdup(name)))
		return NULL;
	return c;
}

/* Default scale of a score by its name. */
static void default_scale(const struct ctx *x, const char *name, int *has, long *lo, long *hi)
{
	*has = 1;
	if (strcmp(name, "nps") == 0) {
		*lo = 0;
		*hi = 10;
	} else if (strcmp(name, "nps_group") == 0) {
		*lo = 1;
		*hi = 3;
	} else if (strcmp(name, "csat") == 0 && x->d.platform == SVY_PLATFORM_ZENDESK) {
		*lo = 0;
		*hi = 1;
	} else if (strcmp(name, "csat") == 0) {
		*lo = 1;
		*hi = 5;
	} else if (strcmp(name, "ces") == 0) {
		*lo = 1;
		*hi = 7;
	} else {
		*has = 0;
		*lo = *hi = 0;
	}
}

static int add_score(struct ctx *x, const char *name, long src, int has_scale, long lo,
                     long hi, int group, const char *why)
{
	struct ocol *c;

	if (!has_scale)
		default_scale(x, name, &has_scale, &lo, &hi);
	if (!(c = add_col(x, ROLE_SCORE, name, src, why)))
		return -1;
	c->has_scale = has_scale;
	c->lo = lo;
	c->hi = hi;
	c->maps = maps_for(has_scale, lo, hi, group);
	x->nscore++;
	return 0;
}

/* Scores found by wording or platform; several of a kind is ambiguous. */
static int auto_scores(struct ctx *x, struct svy_error *e)
{
	static const int kinds[3] = { SVY_SCORE_NPS, SVY_SCORE_NPS_GROUP, SVY_SCORE_CSAT };
	static const char *const opt[3] = { "--nps", "--score nps_group=COL", "--csat" };
	size_t i, k, n[3] = { 0, 0, 0 }, off = 0;
	long pick[3] = { -1, -1, -1 };
	const char *why[3] = { NULL, NULL, NULL };
	char b[48];

	for (i = 0; i < x->d.ncand; i++) {
		const struct svy_candidate *c = &x->d.cand[i];

		if ((long)c->col == x->id_col || (long)c->col == x->date_col)
			continue;
		for (k = 0; k < 3; k++) {
			if (c->kind == kinds[k]) {
				if (n[k]++ == 0) {
					pick[k] = (long)c->col;
					why[k] = c->why;
				}
			}
		}
	}
	if (n[0])
		n[1] = 0;               /* group columns matter only without an NPS column */
	for (k = 0; k < 3; k++) {
		if (n[k] < 2)
			continue;
		off += (size_t)snprintf(x->ambiguous + off, sizeof x->ambiguous - off,
		                        "%s%zu columns could be the %s score:", off ? "; " : "",
		                        n[k], kind_name(kinds[k]));
		for (i = 0; i < x->d.ncand && off < sizeof x->ambiguous - 80; i++) {
			const struct svy_candidate *c = &x->d.cand[i];

			if (c->kind != kinds[k] || (long)c->col == x->id_col
			    || (long)c->col == x->date_col)
				continue;
			off += (size_t)snprintf(x->ambiguous + off, sizeof x->ambiguous - off,
			                        "%s %s (column %zu, '%s')",
			                        x->ambiguous[off - 1] == ':' ? "" : ",",
			                        x->ref.name[c->col], c->col + 1,
			                        svy_error_quote(raw_name(x, c->col), strlen(raw_name(x, c->col)),
			                              b, sizeof b));
		}
		if (off < sizeof x->ambiguous)
			off += (size_t)snprintf(x->ambiguous + off, sizeof x->ambiguous - off,
			                        "; choose one with %s COL", opt[k]);
		if (off >= sizeof x->ambiguous)
			off = sizeof x->ambiguous - 1;
	}
	if (x->ambiguous[0]) {
		if (x->detect_only)
			return 0;
		return svy_error_at(e, SVY_EDATA, x->hdr->file, 0, NULL, "%s", x->ambiguous);
	}
	for (k = 0; k < 3; k++)
		if (n[k] == 1 && add_score(x, kind_name(kinds[k]), pick[k], 0, 0, 0,
		                           kinds[k] == SVY_SCORE_NPS_GROUP, why[k]) < 0)
			return nomem(e);
	if (!x->nscore)
		x->no_score = 1;
	return 0;
}

static int iends_group(const char *s)
{
	size_t n = strlen(s);

	return n >= 10 && svy_ieq(s + n - 10, "_NPS_GROUP");
}

static long find_raw(const struct ctx *x, const char *name)
{
	size_t c;

	for (c = 0; c < x->d.ncols; c++)
		if (svy_ieq(raw_name(x, c), name))
			return (long)c;
	return -1;
}

int svy_ingest_plan(struct ctx *x, struct svy_error *e)
{
	static const char *const std[3] = { "nps", "csat", "ces" };
	const struct svy_ingest_opts *o = x->o;
	const char **fixed = NULL, **rawv = NULL;
	size_t i, j, nc = x->d.ncols, nfixed = 0;
	int rc = 0, any_score = 0, p = x->d.platform;
	long c;
	struct lookup lk;
	struct sindex fx;

	rawv = svy_calloc(nc + 1, sizeof *rawv);
	x->use = svy_calloc(nc + 1, 1);
	if (!rawv || !x->use) {
		svy_free(rawv);
		return nomem(e);
	}
	for (i = 0; i < nc; i++)
		rawv[i] = raw_name(x, i);
	if (svy_names_make(&x->ref, rawv, nc, NULL, 0, e) < 0) {
		svy_free(rawv);
		return e->code;
	}
	x->have_ref = 1;
	memset(&fx, 0, sizeof fx);
	if (lookup_init(&lk, x, rawv) < 0) {
		rc = nomem(e);
		goto out;
	}

	x->id_col = x->d.id_col;
	x->date_col = x->d.date_col;
	x->id_why = "detected";
	x->date_why = "detected";
	for (i = 0; i < o->nmap; i++) {
		const struct svy_map *m = &o->map[i];

		if (m->kind == SVY_MAP_SCORE)
			any_score = 1;
		if (m->kind == SVY_MAP_SEGMENT || m->kind == SVY_MAP_TEXT || m->kind == SVY_MAP_KEEP)
			x->explicit_cols = 1;
		if (m->kind == SVY_MAP_ID || m->kind == SVY_MAP_DATE) {
			if ((rc = resolve(x, &lk, m->kind == SVY_MAP_ID ? "--id" : "--date", m->source, &c, e)) < 0)
				goto out;
			*(m->kind == SVY_MAP_ID ? &x->id_col : &x->date_col) = c;
			*(m->kind == SVY_MAP_ID ? &x->id_why : &x->date_why) = "given";
		}
	}
	if (x->id_col >= 0 && x->id_col == x->date_col) {
		rc = svy_error_set(e, SVY_EUSAGE, "column '%s' cannot be both the id and the date",
		                   x->ref.name[x->id_col]);
		goto out;
	}
	if (!add_col(x, ROLE_ID, "respondent_id", x->id_col, x->id_why)
	    || !add_col(x, ROLE_DATE, "date", x->date_col, x->date_why)) {
		rc = nomem(e);
		goto out;
	}

	/* scores: nps, csat, ces, then other names in the order given */
	if (any_score) {
		for (j = 0; j < 4; j++) {
			for (i = 0; i < o->nmap; i++) {
				const struct svy_map *m = &o->map[i];
				int is_std = strcmp(m->name ? m->name : "", "nps") == 0
				             || strcmp(m->name ? m->name : "", "csat") == 0
				             || strcmp(m->name ? m->name : "", "ces") == 0;
				char optname[140];

				if (m->kind != SVY_MAP_SCORE)
					continue;
				if (j < 3 ? strcmp(m->name, std[j]) != 0 : is_std)
					continue;
				snprintf(optname, sizeof optname, "--%s%s", j < 3 ? m->name : "score ",
				         j < 3 ? "" : m->name);
				if ((rc = resolve(x, &lk, optname, m->source, &c, e)) < 0)
					goto out;
				if (add_score(x, m->name, c, m->has_scale, m->lo, m->hi,
				              iends_group(raw_name(x, (size_t)c)), "given") < 0) {
					rc = nomem(e);
					goto out;
				}
			}
		}
	} else if ((rc = auto_scores(x, e)) < 0) {
		goto out;
	}

	/* segments, kept and text columns */
	for (j = 0; j < 2 && x->explicit_cols; j++) {
		for (i = 0; i < o->nmap; i++) {
			const struct svy_map *m = &o->map[i];
			int role = m->kind == SVY_MAP_TEXT ? ROLE_TEXT : ROLE_SEGMENT;
			struct ocol *oc;

			if ((m->kind != SVY_MAP_SEGMENT && m->kind != SVY_MAP_KEEP && m->kind != SVY_MAP_TEXT)
			    || (j == 0) != (role == ROLE_SEGMENT))
				continue;
			if ((rc = resolve(x, &lk, svy_ingest_kind_opt[m->kind], m->source, &c, e)) < 0)
				goto out;
			if (m->kind == SVY_MAP_KEEP && (x->use[c] & USE_PASS)) {
				rc = svy_error_set(e, SVY_EUSAGE, "--keep: column '%s' is kept twice",
				                   x->ref.name[c]);
				goto out;
			}
			if (!(oc = add_col(x, m->kind == SVY_MAP_KEEP ? ROLE_PASS : role,
			                   m->kind == SVY_MAP_KEEP ? NULL : m->name, c, "given"))
			    || (m->kind != SVY_MAP_KEEP && !m->name && !(oc->name = svy_strdup(x->ref.name[c])))) {
				rc = nomem(e);
				goto out;
			}
		}
	}
	if (!x->explicit_cols) {
		for (i = 0; i < nc; i++) {
			if ((long)i == x->id_col || (long)i == x->date_col || (x->use[i] & USE_SCORE))
				continue;
			if (!add_col(x, ROLE_PASS, NULL, (long)i, "passed through")) {
				rc = nomem(e);
				goto out;
			}
		}
	}

	/* names: the fixed ones must differ; passed-through columns get tidy
	 * unique names that avoid them */
	fixed = svy_calloc(x->ncol + 1, sizeof *fixed);
	if (!fixed) {
		rc = nomem(e);
		goto out;
	}
	for (i = 0; i < x->ncol; i++)
		if (x->col[i].role != ROLE_PASS)
			fixed[nfixed++] = x->col[i].name;
	if (sindex_init(&fx, fixed, nfixed, 0) < 0) {
		rc = nomem(e);
		goto out;
	}
	for (i = 0; i < nfixed; i++) {
		if (sindex_add(&fx, i) >= 0) {
			rc = svy_error_set(e, SVY_EUSAGE, "output column '%s' is named twice", fixed[i]);
			goto out;
		}
	}
	if ((rc = svy_names_make(&x->out, rawv, nc, fixed, nfixed, e)) < 0)
		goto out;
	x->have_out = 1;
	for (i = 0; i < x->ncol; i++) {
		if (x->col[i].role != ROLE_PASS)
			continue;
		if (!(x->col[i].name = svy_strdup(x->out.name[x->col[i].src]))) {
			rc = nomem(e);
			goto out;
		}
	}
	{
		static const char *const rr[2] = { "line", "reason" };

		if ((rc = svy_names_make(&x->rej, rawv, nc, rr, 2, e)) < 0)
			goto out;
		x->have_rej = 1;
	}

	/* label table keys: the first name of the column the table uses */
	for (i = 0; i < x->ncol; i++) {
		struct ocol *oc = &x->col[i];
		const char *keys[4];

		if (oc->role != ROLE_SCORE)
			continue;
		keys[0] = oc->name;
		keys[1] = x->ref.name[oc->src];
		keys[2] = raw_name(x, (size_t)oc->src);
		keys[3] = row1_name(x, (size_t)oc->src);
		for (j = 0; j < 4 && !svy_labels_has_column(o->labels, keys[j]); j++)
			;
		if (j == 4)
			j = 0;
		if (!(oc->label_key = svy_strdup(keys[j]))) {
			rc = nomem(e);
			goto out;
		}
	}

	/* the platform's own bookkeeping columns */
	x->status_col = x->finished_col = x->channel_col = x->rtype_col = -1;
	if (p == SVY_PLATFORM_QUALTRICS || p == SVY_PLATFORM_QUALTRICS_INSIGHTS
	    || p == SVY_PLATFORM_QUALTRICS_LEGACY) {
		x->status_col = find_raw(x, "Status");
		x->finished_col = find_raw(x, "Finished");
		x->channel_col = find_raw(x, "DistributionChannel");
	} else if (p == SVY_PLATFORM_TYPEFORM) {
		x->rtype_col = find_raw(x, "Response Type");
	}
out:
	lookup_fini(&lk);
	sindex_fini(&fx);
	svy_free(fixed);
	svy_free(rawv);
	return rc;
}
