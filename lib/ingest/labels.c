/* labels.c - built-in label scales, leading-integer labels, and the user
 * (column, label) -> value table (an open-addressing hash over normalised
 * labels, so a lookup per cell costs one hash and one compare). */
#include "labels.h"

#include <stdint.h>
#include <string.h>

#include "mem.h"

#define MISSING 0x7fffffffL     /* table value meaning "no answer" */

struct entry {
	const char *label;          /* normalised */
	long value;
};

static const struct entry satisfaction[] = {
	{ "very dissatisfied", 1 }, { "extremely dissatisfied", 1 },
	{ "dissatisfied", 2 }, { "somewhat dissatisfied", 2 },
	{ "neither satisfied nor dissatisfied", 3 },
	{ "neither satisfied or dissatisfied", 3 }, { "neutral", 3 },
	{ "satisfied", 4 }, { "somewhat satisfied", 4 },
	{ "very satisfied", 5 }, { "extremely satisfied", 5 }, { NULL, 0 },
};

static const struct entry agreement[] = {
	{ "strongly disagree", 1 }, { "disagree", 2 }, { "somewhat disagree", 2 },
	{ "neither agree nor disagree", 3 }, { "neither agree or disagree", 3 },
	{ "neutral", 3 }, { "somewhat agree", 4 }, { "agree", 4 },
	{ "strongly agree", 5 }, { NULL, 0 },
};

static const struct entry zendesk[] = {
	{ "good", 1 }, { "good with comment", 1 }, { "bad", 0 },
	{ "bad with comment", 0 }, { "offered", MISSING }, { "unoffered", MISSING },
	{ NULL, 0 },
};

static const struct entry freshdesk[] = {
	{ "extremely happy", 103 }, { "very happy", 102 }, { "happy", 101 },
	{ "neutral", 100 }, { "unhappy", -101 }, { "very unhappy", -102 },
	{ "extremely unhappy", -103 }, { NULL, 0 },
};

static const struct entry nps_group[] = {
	{ "detractor", 1 }, { "passive", 2 }, { "promoter", 3 }, { NULL, 0 },
};

/* ---- normalisation ---- */

struct normit {
	const unsigned char *p, *end;
};

/* White space of width 1 or 2 (U+00A0 in UTF-8) at p, or 0. */
static int ws_at(const unsigned char *p, const unsigned char *end)
{
	if (p >= end)
		return 0;
	if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		return 1;
	return end - p >= 2 && p[0] == 0xc2 && p[1] == 0xa0 ? 2 : 0;
}

static void norm_init(struct normit *it, const char *s, size_t len)
{
	int w;

	it->p = (const unsigned char *)s;
	it->end = it->p + len;
	while ((w = ws_at(it->p, it->end)))
		it->p += w;
	for (;;) {
		if (it->end > it->p && ws_at(it->end - 1, it->end) == 1)
			it->end--;
		else if (it->end - it->p >= 2 && ws_at(it->end - 2, it->end) == 2)
			it->end -= 2;
		else
			break;
	}
}

static int norm_next(struct normit *it)
{
	int w, c;

	if (it->p >= it->end)
		return -1;
	if (ws_at(it->p, it->end)) {
		while ((w = ws_at(it->p, it->end)))
			it->p += w;
		return ' ';
	}
	c = *it->p++;
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Does s[0..len) normalise to the already normalised label? */
static int norm_eq(const char *label, const char *s, size_t len)
{
	struct normit it;
	const unsigned char *l = (const unsigned char *)label;
	int c;

	norm_init(&it, s, len);
	while ((c = norm_next(&it)) >= 0)
		if (!*l || *l++ != c)
			return 0;
	return *l == '\0';
}

static int is_blank(const char *s, size_t len)
{
	struct normit it;

	norm_init(&it, s, len);
	return it.p == it.end;
}

/* ---- leading integers ---- */

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* "9", "-1", "+3", "10.0", "10 - Extremely likely", "0 = Not at all",
 * "10: ...", "10) ...", "10 (…)", "10 – …" (en/em dash), "10 Extremely".
 * Not "10.5", "1,5", "3/5/2024", "10a", "1 2", "1 - 5". */
static int int_label(const char *s, size_t len, long *value)
{
	struct normit it;
	const unsigned char *p, *end;
	long v = 0;
	int neg = 0, nd = 0, sp = 0;

	norm_init(&it, s, len);
	p = it.p;
	end = it.end;
	if (p < end && (*p == '+' || *p == '-')) {
		neg = *p == '-';
		p++;
	}
	while (p < end && is_digit(*p)) {
		if (++nd > 9)
			return SVY_EINVALID;
		v = v * 10 + (*p++ - '0');
	}
	if (!nd)
		return SVY_EINVALID;
	if (p < end && *p == '.' && p + 1 < end && is_digit(p[1])) {
		for (p++; p < end && *p == '0'; p++)
			;
		if (p < end && is_digit(*p))
			return SVY_EINVALID;
	}
	while (p < end && (*p == ' ' || *p == '\t')) {
		p++;
		sp = 1;
	}
	if (p < end) {
		if (*p == '-' || *p == '=' || *p == ':' || *p == ')' || *p == '.' || *p == '(')
			p++;
		else if (end - p >= 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94))
			p += 3;
		else if (!(sp && (is_alpha(*p) || *p >= 0x80)))
			return SVY_EINVALID;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p < end && is_digit(*p))
			return SVY_EINVALID;
	}
	*value = neg ? -v : v;
	return 0;
}

/* ---- built-in maps ---- */

static int table_find(const struct entry *t, const char *s, size_t len, long *value)
{
	for (; t->label; t++) {
		if (norm_eq(t->label, s, len)) {
			if (t->value == MISSING)
				return SVY_EMISSING;
			*value = t->value;
			return 0;
		}
	}
	return SVY_EINVALID;
}

/* A platform's numeric codes: only the values its table holds. */
static int code_find(const struct entry *t, const char *s, size_t len, long *value)
{
	long v;

	if (int_label(s, len, &v) < 0)
		return SVY_EINVALID;
	for (; t->label; t++) {
		if (t->value == v) {
			*value = v;
			return 0;
		}
	}
	return SVY_EINVALID;
}

static const struct {
	unsigned bit;
	const char *name;
	const struct entry *table;  /* NULL: leading-integer labels */
	int codes;                  /* the values are also valid as numbers */
} maps_in_order[] = {
	{ SVY_LABELS_ZENDESK, "zendesk", zendesk, 0 },
	{ SVY_LABELS_FRESHDESK, "freshdesk", freshdesk, 1 },
	{ SVY_LABELS_NPS_GROUP, "nps_group", nps_group, 1 },
	{ SVY_LABELS_INT, "int", NULL, 0 },
	{ SVY_LABELS_SATISFACTION, "satisfaction", satisfaction, 0 },
	{ SVY_LABELS_AGREEMENT, "agreement", agreement, 0 },
};

#define NMAPS (sizeof maps_in_order / sizeof *maps_in_order)

int svy_labels_builtin(unsigned maps, const char *s, size_t len, long *value,
                       unsigned *which)
{
	size_t i;
	int rc;

	/* Most cells are a bare number.  No table has a label of digits, and
	 * the tables with codes give a number its own value, so whichever map
	 * answers first, the value is the number: only `which` could differ. */
	if (!which && (maps & SVY_LABELS_INT) && len && len <= 9) {
		long v = 0;

		for (i = 0; i < len && is_digit((unsigned char)s[i]); i++)
			v = v * 10 + (s[i] - '0');
		if (i == len) {
			*value = v;
			return 0;
		}
	}
	/* surveykit(7): an empty cell, or NA, is missing; nps(1) and the others
	 * read an NA cell so, and one NA must not reject a respondent's other
	 * answers.  Compared like any label (case, white space). */
	if (is_blank(s, len) || norm_eq("na", s, len))
		return SVY_EMISSING;
	for (i = 0; i < NMAPS; i++) {
		const struct entry *t = maps_in_order[i].table;

		if (!(maps & maps_in_order[i].bit))
			continue;
		if (!t)
			rc = int_label(s, len, value);
		else if ((rc = table_find(t, s, len, value)) == SVY_EINVALID
		         && maps_in_order[i].codes)
			rc = code_find(t, s, len, value);
		if (rc != SVY_EINVALID) {
			if (which)
				*which = maps_in_order[i].bit;
			return rc;
		}
	}
	return SVY_EINVALID;
}

const char *svy_labels_map_name(unsigned map)
{
	size_t i;

	for (i = 0; i < NMAPS; i++)
		if (maps_in_order[i].bit == map)
			return maps_in_order[i].name;
	return "?";
}

/* ---- the user table ---- */

struct urow {
	char *column;
	char *label;                /* normalised */
	long value;                 /* MISSING for "no answer" */
	uint64_t hash;
};

struct svy_labels {
	struct urow *rows;
	size_t n, cap;
	size_t *slot;               /* row index + 1; 0 is empty */
	size_t nslots;              /* a power of two, at least 2n */
};

static uint64_t fnv(uint64_t h, int c)
{
	return (h ^ (unsigned char)c) * 1099511628211ULL;
}

static uint64_t hash_of(const char *column, const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	struct normit it;
	int c;

	for (; *column; column++)
		h = fnv(h, *column);
	h = fnv(h, 0xff);           /* never inside a label: keeps (a,bc) != (ab,c) */
	norm_init(&it, s, len);
	while ((c = norm_next(&it)) >= 0)
		h = fnv(h, c);
	return h;
}

struct svy_labels *svy_labels_new(struct svy_error *e)
{
	struct svy_labels *l = svy_calloc(1, sizeof *l);

	if (!l)
		svy_error_set(e, SVY_ENOMEM, "out of memory");
	return l;
}

static const struct urow *find(const struct svy_labels *l, const char *column,
                               const char *s, size_t len, uint64_t h)
{
	size_t i, mask = l->nslots - 1;

	if (!l->nslots)
		return NULL;
	for (i = (size_t)h & mask; l->slot[i]; i = (i + 1) & mask) {
		const struct urow *r = &l->rows[l->slot[i] - 1];

		if (r->hash == h && strcmp(r->column, column) == 0 && norm_eq(r->label, s, len))
			return r;
	}
	return NULL;
}

static int rehash(struct svy_labels *l, size_t nslots)
{
	size_t *slot = svy_calloc(nslots, sizeof *slot), i, j;

	if (!slot)
		return SVY_ENOMEM;
	for (i = 0; i < l->n; i++) {
		for (j = (size_t)l->rows[i].hash & (nslots - 1); slot[j]; j = (j + 1) & (nslots - 1))
			;
		slot[j] = i + 1;
	}
	svy_free(l->slot);
	l->slot = slot;
	l->nslots = nslots;
	return 0;
}

static int parse_value(const char *v, long *out)
{
	struct normit it;
	const unsigned char *p, *end;
	long n = 0;
	int neg = 0, nd = 0;

	norm_init(&it, v, strlen(v));
	p = it.p;
	end = it.end;
	if (p == end || (end - p == 2 && (p[0] | 0x20) == 'n' && (p[1] | 0x20) == 'a')) {
		*out = MISSING;
		return 0;
	}
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; p < end && is_digit(*p) && nd < 9; nd++)
		n = n * 10 + (*p++ - '0');
	if (!nd || p != end)
		return -1;
	*out = neg ? -n : n;
	return 0;
}

int svy_labels_add(struct svy_labels *l, const char *column, const char *label,
                   const char *value, struct svy_error *e)
{
	char q[64], q2[64];
	const struct urow *old;
	struct urow r;
	struct normit it;
	size_t len = strlen(label), k = 0;
	int c;

	if (!*column)
		return svy_error_set(e, SVY_EDATA, "label map: empty column name (use '*' for all)");
	if (is_blank(label, len))
		return svy_error_set(e, SVY_EDATA,
		                     "label map: empty label for column '%s' (empty cells are always missing)",
		                     svy_error_quote(column, strlen(column), q, sizeof q));
	if (parse_value(value, &r.value) < 0)
		return svy_error_set(e, SVY_EDATA,
		                     "label map: value '%s' is not an integer, empty or NA",
		                     svy_error_quote(value, strlen(value), q, sizeof q));
	r.hash = hash_of(column, label, len);
	if ((old = find(l, column, label, len, r.hash))) {
		if (old->value == r.value)
			return 0;
		return svy_error_set(e, SVY_EDATA,
		                     "label map: label '%s' of column '%s' is mapped twice, differently",
		                     svy_error_quote(old->label, strlen(old->label), q, sizeof q),
		                     svy_error_quote(column, strlen(column), q2, sizeof q2));
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct urow *rows = svy_realloc(l->rows, cap * sizeof *rows);

		if (!rows)
			return svy_error_set(e, SVY_ENOMEM, "out of memory");
		l->rows = rows;
		l->cap = cap;
	}
	if (2 * (l->n + 1) > l->nslots && rehash(l, l->nslots ? 2 * l->nslots : 32) < 0)
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	r.column = svy_strdup(column);
	r.label = svy_malloc(len + 1);
	if (!r.column || !r.label) {
		svy_free(r.column);
		svy_free(r.label);
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	}
	norm_init(&it, label, len);
	while ((c = norm_next(&it)) >= 0)
		r.label[k++] = (char)c;
	r.label[k] = '\0';
	l->rows[l->n++] = r;
	/* the slot table has room: it was grown above */
	for (k = (size_t)r.hash & (l->nslots - 1); l->slot[k]; k = (k + 1) & (l->nslots - 1))
		;
	l->slot[k] = l->n;
	return 0;
}

size_t svy_labels_count(const struct svy_labels *l)
{
	return l ? l->n : 0;
}

int svy_labels_has_column(const struct svy_labels *l, const char *column)
{
	size_t i;

	for (i = 0; l && i < l->n; i++)
		if (strcmp(l->rows[i].column, column) == 0)
			return 1;
	return 0;
}

int svy_labels_lookup(const struct svy_labels *l, const char *column,
                      unsigned maps, const char *s, size_t len, long *value)
{
	const struct urow *r;

	if (!(len && is_digit((unsigned char)s[0])) && is_blank(s, len))
		return SVY_EMISSING;
	if (l && l->n) {
		if (!(r = find(l, column, s, len, hash_of(column, s, len))))
			r = find(l, "*", s, len, hash_of("*", s, len));
		if (r) {
			if (r->value == MISSING)
				return SVY_EMISSING;
			*value = r->value;
			return 0;
		}
	}
	return svy_labels_builtin(maps, s, len, value, NULL);
}

void svy_labels_free(struct svy_labels *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		svy_free(l->rows[i].column);
		svy_free(l->rows[i].label);
	}
	svy_free(l->rows);
	svy_free(l->slot);
	svy_free(l);
}
