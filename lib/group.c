/* group.c - open-addressing hash table of groups, sorted on demand. */
#include "group.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

struct slot {
	uint64_t hash;
	struct svy_group *grp;     /* NULL: empty slot */
};

struct svy_groups {
	size_t nkeys, nstate;
	struct slot *slots;
	size_t cap, n;             /* cap is a power of two */
	struct svy_group *sorted;
	struct svy_group **list;
	size_t lcap;
	char *kbuf;                /* scratch key */
	size_t kcap;
	struct svy_group *last;    /* one-entry cache: consecutive rows often share a group */
};

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;   /* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h ^ (h >> 29);
}

struct svy_groups *svy_groups_new(size_t nkeys, size_t nstate, struct svy_error *e)
{
	struct svy_groups *g = svy_calloc(1, sizeof *g);

	if (!g || !(g->slots = svy_calloc(64, sizeof *g->slots))) {
		svy_free(g);
		svy_error_set(e, SVY_ENOMEM, "out of memory");
		return NULL;
	}
	g->nkeys = nkeys;
	g->nstate = nstate;
	g->cap = 64;
	return g;
}

void svy_groups_free(struct svy_groups *g)
{
	size_t i;

	if (!g)
		return;
	for (i = 0; i < g->n; i++)
		svy_free(g->list[i]);
	svy_free(g->list);
	svy_free(g->slots);
	svy_free(g->sorted);
	svy_free(g->kbuf);
	svy_free(g);
}

static int rehash(struct svy_groups *g)
{
	size_t cap = g->cap * 2, i, j;
	struct slot *s = svy_calloc(cap, sizeof *s);

	if (!s)
		return -1;
	for (i = 0; i < g->cap; i++) {
		if (!g->slots[i].grp)
			continue;
		for (j = g->slots[i].hash & (cap - 1); s[j].grp; j = (j + 1) & (cap - 1))
			;
		s[j] = g->slots[i];
	}
	svy_free(g->slots);
	g->slots = s;
	g->cap = cap;
	return 0;
}

static struct svy_group *create(struct svy_groups *g, const char *key, size_t len,
                                uint64_t h, size_t at)
{
	/* one block: the group, its state (aligned first), then the key bytes */
	size_t sz = sizeof(struct svy_group) + g->nstate * sizeof(double) + len + 1;
	struct svy_group *grp;

	if (g->n == g->lcap) {
		size_t n = g->lcap ? g->lcap * 2 : 16;
		struct svy_group **l = svy_realloc(g->list, n * sizeof *l);
		if (!l)
			return NULL;
		g->list = l;
		g->lcap = n;
	}
	grp = svy_calloc(1, sz);
	if (!grp)
		return NULL;
	grp->st = (double *)(grp + 1);
	grp->key = (char *)(grp->st + g->nstate);
	memcpy((char *)grp->key, key, len);
	grp->keylen = len;
	g->slots[at].hash = h;
	g->slots[at].grp = grp;
	g->list[g->n++] = grp;
	return grp;
}

static double *get_key(struct svy_groups *g, const char *key, size_t len,
                       struct svy_error *e);

double *svy_groups_get(struct svy_groups *g, const char *const *vals,
                       const size_t *lens, struct svy_error *e)
{
	size_t len = 0, i, j;

	for (i = 0; i < g->nkeys; i++)
		len += lens[i] + 1;
	if (len + 1 > g->kcap) {
		char *k = svy_realloc(g->kbuf, len + 64);
		if (!k)
			goto nomem;
		g->kbuf = k;
		g->kcap = len + 64;
	}
	for (i = 0, j = 0; i < g->nkeys; i++) {
		memcpy(g->kbuf + j, vals[i], lens[i]);
		j += lens[i];
		g->kbuf[j++] = '\0';
	}
	return get_key(g, g->kbuf, len, e);
nomem:
	svy_error_set(e, SVY_ENOMEM, "out of memory");
	return NULL;
}

static double *get_key(struct svy_groups *g, const char *key, size_t len,
                       struct svy_error *e)
{
	struct svy_group *grp;
	uint64_t h;
	size_t i;

	if (g->last && g->last->keylen == len && memcmp(g->last->key, key, len) == 0)
		return g->last->st;
	h = hash_bytes(key, len);
	for (i = h & (g->cap - 1); g->slots[i].grp; i = (i + 1) & (g->cap - 1)) {
		grp = g->slots[i].grp;
		if (g->slots[i].hash == h && grp->keylen == len &&
		    memcmp(grp->key, key, len) == 0) {
			g->last = grp;
			return grp->st;
		}
	}
	if ((g->n + 1) * 4 > g->cap * 3) {
		if (rehash(g) < 0)
			goto nomem;
		for (i = h & (g->cap - 1); g->slots[i].grp; i = (i + 1) & (g->cap - 1))
			;
	}
	if (!(grp = create(g, key, len, h, i)))
		goto nomem;
	g->last = grp;
	return grp->st;
nomem:
	svy_error_set(e, SVY_ENOMEM, "out of memory");
	return NULL;
}

int svy_groups_merge(struct svy_groups *dst, const struct svy_groups *src,
                     struct svy_error *e)
{
	size_t i, j;

	for (i = 0; i < src->n; i++) {
		const struct svy_group *s = src->list[i];
		double *st = get_key(dst, s->key, s->keylen, e);
		if (!st)
			return e->code;
		for (j = 0; j < dst->nstate; j++)
			st[j] += s->st[j];
	}
	return 0;
}

size_t svy_groups_count(const struct svy_groups *g)
{
	return g->n;
}

/* NUL separates values and sorts below every byte, so comparing whole keys
 * compares value by value. */
static int cmp_group(const void *a, const void *b)
{
	const struct svy_group *x = a, *y = b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);

	if (c)
		return c;
	return x->keylen < y->keylen ? -1 : x->keylen > y->keylen;
}

const struct svy_group *svy_groups_sorted(struct svy_groups *g, struct svy_error *e)
{
	size_t i;

	svy_free(g->sorted);
	g->sorted = svy_malloc((g->n ? g->n : 1) * sizeof *g->sorted);
	if (!g->sorted) {
		svy_error_set(e, SVY_ENOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < g->n; i++)
		g->sorted[i] = *g->list[i];
	qsort(g->sorted, g->n, sizeof *g->sorted, cmp_group);
	return g->sorted;
}

const char *svy_group_value(const struct svy_group *grp, size_t i)
{
	const char *p = grp->key;

	while (i--)
		p += strlen(p) + 1;
	return p;
}
