/* plan.c - survey-ingest's column plan: which input column becomes which
 * output column (id, date, scores, segments, text, kept columns), from the
 * options, the mapping file and what detection found; names made tidy and
 * unique. */
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

/* The column a reference names: its tidy unique name, its raw name, its
 * row-1 name, its Qualtrics ImportId, or its raw name in any case. */
static int resolve(struct ctx *x, const char *opt, const char *ref, long *col,
                   struct svy_error *e)
{
	size_t c, nc = x->d.ncols, hits, k, off;
	long found;
	char q[64], list[400];
	int pass;

	for (c = 0; c < nc; c++) {
		if (strcmp(x->ref.name[c], ref) == 0) {
			*col = (long)c;
			return 0;
		}
	}
	for (pass = 0; pass < 4; pass++) {
		hits = 0;
		found = -1;
		off = 0;
		list[0] = '\0';
		for (c = 0; c < nc; c++) {
			const char *s = pass == 0 ? raw_name(x, c) : pass == 1 ? row1_name(x, c)
			                : pass == 2 ? (x->d.import_id[c] ? x->d.import_id[c] : "")
			                : raw_name(x, c);
			int hit = pass == 3 ? (*s && svy_ieq(s, ref)) : (*s && strcmp(s, ref) == 0);

			if (!hit)
				continue;
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
			if ((rc = resolve(x, m->kind == SVY_MAP_ID ? "--id" : "--date", m->source, &c, e)) < 0)
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
				if ((rc = resolve(x, optname, m->source, &c, e)) < 0)
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
			if ((rc = resolve(x, svy_ingest_kind_opt[m->kind], m->source, &c, e)) < 0)
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
	for (i = 0; i < x->ncol; i++) {
		if (x->col[i].role == ROLE_PASS)
			continue;
		for (j = 0; j < nfixed; j++) {
			if (strcmp(fixed[j], x->col[i].name) == 0) {
				rc = svy_error_set(e, SVY_EUSAGE, "output column '%s' is named twice",
				                   x->col[i].name);
				goto out;
			}
		}
		fixed[nfixed++] = x->col[i].name;
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
	svy_free(fixed);
	svy_free(rawv);
	return rc;
}
