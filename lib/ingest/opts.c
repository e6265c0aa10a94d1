/* opts.c - survey-ingest's options: defaults, --id/--date/--score/...
 * mappings given on the command line or in a mapping file, label files. */
#include "ingest.h"

#include <stdio.h>
#include <string.h>

#include "convert.h"
#include "ctx.h"
#include "date.h"
#include "labels.h"
#include "mem.h"
#include "num.h"
#include "reader.h"
#include "words.h"

void svy_ingest_opts_init(struct svy_ingest_opts *o)
{
	memset(o, 0, sizeof *o);
	o->platform = -1;
	o->dedupe = SVY_DEDUPE_LAST;
	o->date_order = SVY_DATE_AUTO;
	o->sanitize = 1;
	o->format = SVY_FMT_CSV;
}

int svy_ingest_check(const struct svy_ingest_opts *o, struct svy_error *e)
{
	char m[SVY_ERRMSG_MAX];
	int rc;

	/* iconv takes "" for the locale's charset: the output would depend on
	 * the environment */
	if (o->encoding && !*o->encoding)
		return svy_error_set(e, SVY_EUSAGE, "--encoding: an empty name");
	if (o->encoding && (rc = svy_conv_check(o->encoding, e)) < 0) {
		if (rc != SVY_EUSAGE)
			return rc;
		snprintf(m, sizeof m, "%s", e->msg);
		return svy_error_set(e, rc, "--encoding: %s", m);
	}
	if (o->tz && (rc = svy_tz_check(o->tz, e)) < 0) {
		snprintf(m, sizeof m, "%s", e->msg);
		return svy_error_set(e, rc, "--tz: %s", m);
	}
	return 0;
}

static void map_free(struct svy_map *m)
{
	svy_free(m->name);
	svy_free(m->source);
}

void svy_ingest_opts_fini(struct svy_ingest_opts *o)
{
	size_t i;

	for (i = 0; i < o->nmap; i++)
		map_free(&o->map[i]);
	svy_free(o->map);
	svy_labels_free(o->labels);
	o->map = NULL;
	o->nmap = 0;
	o->labels = NULL;
}

/* "LO-HI": 0 and the bounds (LO < HI); -2 for two integers in the wrong
 * order ("10-0": a scale, but not a valid one); -1 for anything else. */
static int parse_scale(const char *s, long *lo, long *hi)
{
	if (svy_num_range(s, strlen(s), lo, hi) != 0)
		return -1;
	return *lo < *hi ? 0 : -2;
}

static int map_push(struct svy_ingest_opts *o, int kind, const char *name,
                    const char *source, size_t srclen, int has_scale, long lo, long hi,
                    struct svy_error *e)
{
	struct svy_map m, *grown;
	size_t i;

	memset(&m, 0, sizeof m);
	m.kind = kind;
	m.has_scale = has_scale;
	m.lo = lo;
	m.hi = hi;
	m.name = name ? svy_strdup(name) : NULL;
	m.source = svy_malloc(srclen + 1);
	if ((name && !m.name) || !m.source) {
		map_free(&m);
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	}
	memcpy(m.source, source, srclen);
	m.source[srclen] = '\0';
	/* one id, one date, one score per name: the later one wins (segments,
	 * texts and kept columns only add, and need no scan: a mapping file
	 * of 20 000 segments would make it quadratic) */
	for (i = 0; (kind == SVY_MAP_ID || kind == SVY_MAP_DATE || kind == SVY_MAP_SCORE)
	            && i < o->nmap; i++) {
		struct svy_map *x = &o->map[i];

		if (x->kind == kind && (kind == SVY_MAP_ID || kind == SVY_MAP_DATE
		                        || (kind == SVY_MAP_SCORE && strcmp(x->name, m.name) == 0))) {
			map_free(x);
			*x = m;
			return 0;
		}
	}
	if (!(grown = svy_grow_one(o->map, o->nmap, sizeof *o->map))) {
		map_free(&m);
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	}
	o->map = grown;
	o->map[o->nmap++] = m;
	return 0;
}

const char *const svy_ingest_kind_opt[] = { "--id", "--date", "--score", "--segment",
	"--keep", "--text" };

int svy_ingest_map_add(struct svy_ingest_opts *o, int kind, const char *name,
                       const char *arg, struct svy_error *e)
{
	const char *col = arg, *eq, *colon;
	char nbuf[128];
	size_t len = strlen(arg);
	long lo = 0, hi = 0;
	int has_scale = 0;

	if (kind < SVY_MAP_ID || kind > SVY_MAP_TEXT)
		return svy_error_set(e, SVY_EUSAGE, "internal: bad mapping kind %d", kind);
	if ((kind == SVY_MAP_SCORE && !name) || kind == SVY_MAP_SEGMENT || kind == SVY_MAP_TEXT) {
		eq = strchr(arg, '=');
		if (eq) {
			if (eq == arg || (size_t)(eq - arg) >= sizeof nbuf)
				return svy_error_set(e, SVY_EUSAGE, "%s: '%s' has no name before '='",
				                     svy_ingest_kind_opt[kind], arg);
			memcpy(nbuf, arg, (size_t)(eq - arg));
			nbuf[eq - arg] = '\0';
			name = nbuf;
			col = eq + 1;
			len = strlen(col);
		} else if (kind == SVY_MAP_SCORE) {
			return svy_error_set(e, SVY_EUSAGE, "--score: '%s' is not NAME=COL[:LO-HI]", arg);
		}
	}
	if (kind == SVY_MAP_SCORE && (colon = strrchr(col, ':'))) {
		int rc = parse_scale(colon + 1, &lo, &hi);
		/* a name may hold a colon, but not one followed by "10-0" */
		if (rc == -2)   /* --nps, --csat, --ces name the score; --score NAME= not */
			return svy_error_set(e, SVY_EUSAGE, "%s%s: the scale in '%s' needs LO < HI",
			                     col == arg ? "--" : svy_ingest_kind_opt[kind],
			                     col == arg ? name : "", arg);
		if (rc == 0) {
			has_scale = 1;
			len = (size_t)(colon - col);
		}
	}
	if (len == 0)
		return svy_error_set(e, SVY_EUSAGE, "%s%s%s: no column given in '%s'",
		                     name && kind == SVY_MAP_SCORE ? "--" : svy_ingest_kind_opt[kind],
		                     name && kind == SVY_MAP_SCORE ? name : "", "", arg);
	return map_push(o, kind, name, col, len, has_scale, lo, hi, e);
}

/* A mapping or label file: every row after an optional header (first cell
 * equal to want0), fields padded to at least 3. */
typedef int (*row_fn)(struct svy_ingest_opts *o, const char *const *f, size_t n,
                      const char *file, unsigned long line, struct svy_error *e);

static int read_table(struct svy_ingest_opts *o, const char *path, const char *want0,
                      row_fn fn, struct svy_error *e)
{
	struct svy_reader_opts ro;
	const char *paths[1] = { path };
	struct svy_reader *r;
	const struct svy_header *h;
	struct svy_row row;
	const char *f[3];
	size_t i;
	int rc = 0;

	memset(&ro, 0, sizeof ro);
	ro.delim = ',';
	ro.ragged_ok = 1;
	if (!(r = svy_reader_open(paths, 1, &ro, e)))
		return e->code;
	h = svy_reader_header(r);
	if (!svy_ieq(h->name[0], want0)) {
		for (i = 0; i < 3; i++)
			f[i] = i < h->ncols ? h->name[i] : "";
		rc = fn(o, f, h->ncols, h->file, 1, e);
	}
	while (rc == 0 && (rc = svy_reader_next(r, &row, e)) == 1) {
		for (i = 0; i < 3; i++)
			f[i] = i < row.nfields ? row.field[i] : "";
		rc = fn(o, f, row.nfields, row.file, row.line, e);
	}
	svy_reader_close(r);
	return rc < 0 ? rc : 0;
}

static int map_row(struct svy_ingest_opts *o, const char *const *f, size_t n,
                   const char *file, unsigned long line, struct svy_error *e)
{
	static const struct { const char *prefix; int kind; } pre[] = {
		{ "score:", SVY_MAP_SCORE }, { "segment:", SVY_MAP_SEGMENT },
		{ "text:", SVY_MAP_TEXT },
	};
	const char *t = f[0], *name = NULL;
	char q[64];
	long lo = 0, hi = 0;
	int kind = -1, has_scale = 0, rc;
	size_t i;

	if (n == 1 && svy_blank(t, strlen(t)))
		return 0;
	if (svy_blank(f[1], strlen(f[1])))
		return svy_error_at(e, SVY_EDATA, file, line, NULL,
		                    "mapping: no source column for target '%s'",
		                    svy_error_quote(t, strlen(t), q, sizeof q));
	if (!svy_blank(f[2], strlen(f[2]))) {
		if (parse_scale(f[2], &lo, &hi) < 0)
			return svy_error_at(e, SVY_EDATA, file, line, NULL,
			                    "mapping: scale '%s' is not LO-HI",
			                    svy_error_quote(f[2], strlen(f[2]), q, sizeof q));
		has_scale = 1;
	}
	if (svy_ieq(t, "id") || svy_ieq(t, "respondent_id"))
		kind = SVY_MAP_ID;
	else if (svy_ieq(t, "date"))
		kind = SVY_MAP_DATE;
	else if (svy_ieq(t, "keep"))
		kind = SVY_MAP_KEEP;
	else if (svy_ieq(t, "nps") || svy_ieq(t, "csat") || svy_ieq(t, "ces")) {
		kind = SVY_MAP_SCORE;
		name = svy_ieq(t, "nps") ? "nps" : svy_ieq(t, "csat") ? "csat" : "ces";
	}
	for (i = 0; kind < 0 && i < sizeof pre / sizeof pre[0]; i++) {
		size_t k = strlen(pre[i].prefix);

		if (strncmp(t, pre[i].prefix, k) == 0 && t[k]) {
			kind = pre[i].kind;
			name = t + k;
		}
	}
	if (kind < 0 && has_scale && t[0]) {
		kind = SVY_MAP_SCORE;
		name = t;
	}
	if (kind < 0)
		return svy_error_at(e, SVY_EDATA, file, line, NULL,
		                    "mapping: unknown target '%s' (id, date, nps, csat, ces, "
		                    "score:NAME, segment:NAME, text:NAME or keep)",
		                    svy_error_quote(t, strlen(t), q, sizeof q));
	if (has_scale && kind != SVY_MAP_SCORE)
		return svy_error_at(e, SVY_EDATA, file, line, NULL,
		                    "mapping: a scale only goes with a score, not '%s'",
		                    svy_error_quote(t, strlen(t), q, sizeof q));
	rc = map_push(o, kind, name, f[1], strlen(f[1]), has_scale, lo, hi, e);
	return rc;
}

int svy_ingest_map_file(struct svy_ingest_opts *o, const char *path, struct svy_error *e)
{
	return read_table(o, path, "target", map_row, e);
}

static int label_row(struct svy_ingest_opts *o, const char *const *f, size_t n,
                     const char *file, unsigned long line, struct svy_error *e)
{
	struct svy_error le;
	int rc;

	if (n == 1 && svy_blank(f[0], strlen(f[0])))
		return 0;
	if (n < 3)
		return svy_error_at(e, SVY_EDATA, file, line, NULL,
		                    "label map: %zu field%s, expected column,label,value",
		                    n, n == 1 ? "" : "s");
	if (!o->labels && !(o->labels = svy_labels_new(e)))
		return SVY_ENOMEM;
	svy_error_clear(&le);
	rc = svy_labels_add(o->labels, f[0], f[1], f[2], &le);
	if (rc < 0)
		return svy_error_at(e, rc, rc == SVY_ENOMEM ? NULL : file,
		                    rc == SVY_ENOMEM ? 0 : line, NULL, "%s", le.msg);
	return 0;
}

int svy_ingest_labels_file(struct svy_ingest_opts *o, const char *path,
                           struct svy_error *e)
{
	if (!o->labels && !(o->labels = svy_labels_new(e)))
		return SVY_ENOMEM;
	return read_table(o, path, "column", label_row, e);
}
