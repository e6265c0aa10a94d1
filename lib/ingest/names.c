/* names.c - tidy names and deterministic de-duplication (a string set over
 * the real and reserved names, so suffixes never take a name that exists). */
#include "names.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mem.h"

struct strset {
	const char **slot;          /* borrowed strings; NULL is empty */
	size_t mask;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int set_init(struct strset *st, size_t want)
{
	size_t cap = 16;

	while (cap < 2 * want)
		cap *= 2;
	st->slot = svy_calloc(cap, sizeof *st->slot);
	st->mask = cap - 1;
	return st->slot ? 0 : -1;
}

/* The slot holding s, or the empty slot where it would go. */
static const char **set_slot(const struct strset *st, const char *s)
{
	size_t i = (size_t)hash_str(s) & st->mask;

	while (st->slot[i] && strcmp(st->slot[i], s) != 0)
		i = (i + 1) & st->mask;
	return &st->slot[i];
}

static int set_has(const struct strset *st, const char *s)
{
	return *set_slot(st, s) != NULL;
}

/* The set is sized for every insertion in advance, so this cannot fill up. */
static void set_add(struct strset *st, const char *s)
{
	const char **p = set_slot(st, s);

	if (!*p)
		*p = s;
}

char *svy_names_tidy(const char *raw, size_t len, size_t col)
{
	char *out = svy_malloc((len > 32 ? len : 32) + 1);
	size_t i, k = 0;
	int gap = 0;

	if (!out)
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)raw[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (gap && k)
				out[k++] = '_';
			out[k++] = (char)c;
			gap = 0;
		} else {
			gap = 1;
		}
	}
	if (k == 0)
		snprintf(out, 33, "column_%zu", col + 1);
	else
		out[k] = '\0';
	return out;
}

static int has_alnum(const char *s)
{
	for (; *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'))
			return 1;
	return 0;
}

/* The first suffix k >= 2 to try for a duplicate of this base name: the
 * one after the last given to it (the smaller ones were taken, and a taken
 * name stays taken).  Without it the m-th duplicate of a name would try
 * m - 1 taken names first: a header of 30 000 equal names took minutes. */
static unsigned long *next_suffix(const struct strset *bases, unsigned long *next,
                                  const char *b)
{
	const char **p = set_slot(bases, b);

	if (!*p) {
		*p = b;
		next[p - bases->slot] = 2;
	}
	return &next[p - bases->slot];
}

static int make(struct svy_names *nm, const char *const *raw, size_t n,
                const char *const *reserved, size_t nreserved)
{
	struct strset real, used, bases;
	unsigned long *next = NULL;  /* per slot of bases */
	char **base;
	size_t i, nbuf;
	int rc = -1;

	base = svy_calloc(n, sizeof *base);
	nm->name = svy_calloc(n, sizeof *nm->name);
	nm->renames = svy_calloc(n, sizeof *nm->renames);
	real.slot = used.slot = bases.slot = NULL;
	if (!base || !nm->name || !nm->renames
	    || set_init(&real, n + nreserved) < 0 || set_init(&used, n + nreserved) < 0
	    || set_init(&bases, n) < 0 || !(next = svy_calloc(bases.mask + 1, sizeof *next)))
		goto out;
	nm->n = n;
	for (i = 0; i < nreserved; i++) {
		set_add(&real, reserved[i]);
		set_add(&used, reserved[i]);
	}
	for (i = 0; i < n; i++) {
		if (!(base[i] = svy_names_tidy(raw[i], strlen(raw[i]), i)))
			goto out;
		set_add(&real, base[i]);
	}
	for (i = 0; i < n; i++) {
		struct svy_rename *r = &nm->renames[nm->nrenames];
		unsigned why = 0;

		if (!has_alnum(raw[i]))
			why |= SVY_RENAME_BLANK;
		else if (strcmp(base[i], raw[i]) != 0)
			why |= SVY_RENAME_TIDY;
		if (!set_has(&used, base[i])) {
			nm->name[i] = base[i];
			base[i] = NULL;
		} else {
			unsigned long *k = next_suffix(&bases, next, base[i]);

			/* 20 digits and "_" always fit */
			nbuf = strlen(base[i]) + 24;
			if (!(nm->name[i] = svy_malloc(nbuf)))
				goto out;
			for (;; ++*k) {
				snprintf(nm->name[i], nbuf, "%s_%lu", base[i], *k);
				if (!set_has(&real, nm->name[i]) && !set_has(&used, nm->name[i]))
					break;
			}
			++*k;
			why |= SVY_RENAME_DUPLICATE;
		}
		set_add(&used, nm->name[i]);
		if (!why)
			continue;
		if (!(r->from = svy_strdup(raw[i])))
			goto out;
		r->col = i;
		r->to = nm->name[i];
		r->why = why;
		nm->nrenames++;
	}
	rc = 0;
out:
	for (i = 0; base && i < n; i++)
		svy_free(base[i]);
	svy_free(base);
	svy_free(real.slot);
	svy_free(used.slot);
	svy_free(bases.slot);
	svy_free(next);
	return rc;
}

int svy_names_make(struct svy_names *nm, const char *const *raw, size_t n,
                   const char *const *reserved, size_t nreserved,
                   struct svy_error *e)
{
	memset(nm, 0, sizeof *nm);
	if (make(nm, raw, n, reserved, nreserved) < 0) {
		svy_names_fini(nm);
		return svy_error_set(e, SVY_ENOMEM, "out of memory");
	}
	return 0;
}

void svy_names_fini(struct svy_names *nm)
{
	size_t i;

	for (i = 0; nm->name && i < nm->n; i++)
		svy_free(nm->name[i]);
	for (i = 0; nm->renames && i < nm->nrenames; i++)
		svy_free(nm->renames[i].from);
	svy_free(nm->name);
	svy_free(nm->renames);
	memset(nm, 0, sizeof *nm);
}
