/* group.c - open-addressing hash table of groups, sorted on demand. */
#include "group.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

struct slot {
	uint64_t hash;
	uint64_t w0, w1;           /* a short key's words (see short_key) */
	struct svy_group *grp;     /* NULL: empty slot */
	size_t keylen;             /* grp->keylen, here so that the short-key
	                              probe reads no group */
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
	const char **mvals;        /* scratch values of a key (merge) */
	size_t *mlens;
	struct svy_group *last;    /* one-entry cache: consecutive rows often share a group */
};

/* A key is hashed value by value, eight bytes at a time, each word mixed
 * by a multiply (values are short: one or two words), so that a row's
 * values need not be copied into one key to be looked up.  Only this
 * process sees the hashes. */
static inline uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

static inline uint64_t hash_value(uint64_t h, const char *s, size_t n)
{
	uint64_t w;
	size_t i;

	h = mix(h, n);
	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = mix(h, w);
	}
	if (n) {
		for (w = 0, i = 0; i < n; i++)
			w |= (uint64_t)(unsigned char)s[i] << (8 * i);
		h = mix(h, w);
	}
	return h;
}

static uint64_t hash_values(const char *const *vals, const size_t *lens, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = hash_value(h, vals[i], lens[i]);
	return h ^ (h >> 29);
}

/* A key of one value of at most 16 bytes -- a region, a plan, a month --
 * is the common case, looked up on every row.  Two overlapping loads that
 * together cover its bytes, with its length, identify it exactly, so it is
 * hashed and compared as two words, without a byte loop or memcmp and
 * without reading past its end. */
static inline int short_key(const struct svy_groups *g, const char *const *vals,
                            const size_t *lens, uint64_t *w0, uint64_t *w1)
{
	const unsigned char *s;
	size_t n;
	uint32_t a, b;

	if (g->nkeys != 1 || lens[0] > 16)
		return 0;
	s = (const unsigned char *)vals[0];
	n = lens[0];
	if (n >= 8) {
		memcpy(w0, s, 8);
		memcpy(w1, s + n - 8, 8);
	} else if (n >= 4) {
		memcpy(&a, s, 4);
		memcpy(&b, s + n - 4, 4);
		*w0 = a;
		*w1 = b;
	} else if (n > 0) {
		*w0 = (uint64_t)s[0] | (uint64_t)s[n / 2] << 8 | (uint64_t)s[n - 1] << 16;
		*w1 = 0;
	} else {
		*w0 = *w1 = 0;
	}
	return 1;
}

/* Its two multiplies do not wait for each other: the lookup on every row
 * is as long as one multiply, not a chain of three. */
static inline uint64_t short_hash(uint64_t w0, uint64_t w1, size_t n)
{
	uint64_t h = (w0 ^ n) * 0xff51afd7ed558ccdULL ^ (w1 + n) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 32) ^ (h >> 47);
}

/* A stored key is the values, each followed by a NUL (values hold none). */
static inline int same_key(const struct svy_group *grp, const char *const *vals,
                           const size_t *lens, size_t n, size_t keylen)
{
	const char *k = grp->key;
	size_t i;

	if (grp->keylen != keylen)
		return 0;
	for (i = 0; i < n; i++) {
		if (memcmp(k, vals[i], lens[i]) != 0 || k[lens[i]] != '\0')
			return 0;
		k += lens[i] + 1;
	}
	return 1;
}

struct svy_groups *svy_groups_new(size_t nkeys, size_t nstate, struct svy_error *e)
{
	struct svy_groups *g = svy_calloc(1, sizeof *g);

	if (!g || !(g->slots = svy_calloc(64, sizeof *g->slots)) ||
	    !(g->mvals = svy_calloc(nkeys + 1, sizeof *g->mvals)) ||
	    !(g->mlens = svy_calloc(nkeys + 1, sizeof *g->mlens))) {
		if (g) {
			svy_free(g->slots);
			svy_free(g->mvals);
		}
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
	svy_free(g->mvals);
	svy_free(g->mlens);
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
	g->slots[at].keylen = len;
	g->list[g->n++] = grp;
	return grp;
}

/* Add a group for a key that is not in the table: h is its hash, and
 * w0/w1 its words when it is short. */
static __attribute__((noinline)) double *
add_group(struct svy_groups *g, const char *const *vals, const size_t *lens, size_t len,
          uint64_t h, uint64_t w0, uint64_t w1, struct svy_error *e)
{
	struct svy_group *grp;
	size_t i, j, v;

	if ((g->n + 1) * 4 > g->cap * 3 && rehash(g) < 0)
		goto nomem;
	for (i = h & (g->cap - 1); g->slots[i].grp; i = (i + 1) & (g->cap - 1))
		;
	if (len + 1 > g->kcap) {         /* never NULL, even for no key */
		char *k = svy_realloc(g->kbuf, len + 64);
		if (!k)
			goto nomem;
		g->kbuf = k;
		g->kcap = len + 64;
	}
	for (j = 0, v = 0; v < g->nkeys; v++) {
		memcpy(g->kbuf + j, vals[v], lens[v]);
		j += lens[v];
		g->kbuf[j++] = '\0';
	}
	if (!(grp = create(g, g->kbuf, len, h, i)))
		goto nomem;
	g->slots[i].w0 = w0;
	g->slots[i].w1 = w1;
	g->last = grp;
	return grp->st;
nomem:
	svy_error_set(e, SVY_ENOMEM, "out of memory");
	return NULL;
}

/* Keys of several values, or of a long one. */
static __attribute__((noinline)) double *
get_long(struct svy_groups *g, const char *const *vals, const size_t *lens,
         struct svy_error *e)
{
	struct svy_group *grp;
	size_t len = 0, i;
	uint64_t h;

	for (i = 0; i < g->nkeys; i++)
		len += lens[i] + 1;
	if (g->last && same_key(g->last, vals, lens, g->nkeys, len))
		return g->last->st;
	h = hash_values(vals, lens, g->nkeys);
	for (i = h & (g->cap - 1); g->slots[i].grp; i = (i + 1) & (g->cap - 1)) {
		grp = g->slots[i].grp;
		if (g->slots[i].hash == h && same_key(grp, vals, lens, g->nkeys, len)) {
			g->last = grp;
			return grp->st;
		}
	}
	return add_group(g, vals, lens, len, h, 0, 0, e);
}

/* The short-key path stays small, so that the call for every row does not
 * save and restore the registers the general path needs. */
double *svy_groups_get(struct svy_groups *g, const char *const *vals,
                       const size_t *lens, struct svy_error *e)
{
	size_t i;
	uint64_t h, w0, w1;

	if (!short_key(g, vals, lens, &w0, &w1))
		return get_long(g, vals, lens, e);
	h = short_hash(w0, w1, lens[0]);
	for (i = h & (g->cap - 1); g->slots[i].grp; i = (i + 1) & (g->cap - 1))
		if (g->slots[i].w0 == w0 && g->slots[i].w1 == w1 &&
		    g->slots[i].keylen == lens[0] + 1)
			return g->slots[i].grp->st;
	return add_group(g, vals, lens, lens[0] + 1, h, w0, w1, e);
}

int svy_groups_merge(struct svy_groups *dst, const struct svy_groups *src,
                     struct svy_error *e)
{
	size_t i, j;

	for (i = 0; i < src->n; i++) {
		const struct svy_group *s = src->list[i];
		const char *k = s->key;
		double *st;

		for (j = 0; j < dst->nkeys; j++) {   /* the stored key as values */
			dst->mvals[j] = k;
			dst->mlens[j] = strlen(k);
			k += dst->mlens[j] + 1;
		}
		if (!(st = svy_groups_get(dst, dst->mvals, dst->mlens, e)))
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

/* A group's place in the order: its key's first 16 bytes as two
 * big-endian words, zero past its end.  Where they differ, they order two
 * keys as cmp_group does (a zero past the shorter key's end sorts first, as
 * the shorter key does); only keys that agree in them need cmp_group.  A
 * million groups (a key per respondent) took more time in memcmp than in
 * the rest of the sort. */
struct order {
	uint64_t w0, w1;
	const struct svy_group *grp;
};

static uint64_t key_word(const struct svy_group *grp, size_t from)
{
	uint64_t w = 0;
	size_t i;

	for (i = from; i < from + 8; i++)
		w = w << 8 | (i < grp->keylen ? (unsigned char)grp->key[i] : 0);
	return w;
}

static int cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;

	if (x->w0 != y->w0)
		return x->w0 < y->w0 ? -1 : 1;
	if (x->w1 != y->w1)
		return x->w1 < y->w1 ? -1 : 1;
	return cmp_group(x->grp, y->grp);
}

/* The sorted copies are written over the order they were sorted in (no
 * second array: a million groups would need 24 MB more at the peak). */
_Static_assert(sizeof(struct svy_group) <= sizeof(struct order),
               "a sorted group fits where its place in the order was");

const struct svy_group *svy_groups_sorted(struct svy_groups *g, struct svy_error *e)
{
	struct order *o;
	char *out;
	size_t i;

	svy_free(g->sorted);
	g->sorted = NULL;
	o = svy_malloc((g->n ? g->n : 1) * sizeof *o);
	if (!o) {
		svy_error_set(e, SVY_ENOMEM, "out of memory");
		return NULL;
	}
	for (i = 0; i < g->n; i++) {
		o[i].w0 = key_word(g->list[i], 0);
		o[i].w1 = key_word(g->list[i], 8);
		o[i].grp = g->list[i];
	}
	qsort(o, g->n, sizeof *o, cmp_order);
	/* group i goes at i * sizeof (struct svy_group), at or before o[i]:
	   never over a place not yet read */
	out = (char *)o;
	for (i = 0; i < g->n; i++) {
		const struct svy_group copy = *o[i].grp;
		memcpy(out + i * sizeof copy, &copy, sizeof copy);
	}
	g->sorted = (struct svy_group *)(void *)out;
	return g->sorted;
}

const char *svy_group_value(const struct svy_group *grp, size_t i)
{
	const char *p = grp->key;

	while (i--)
		p += strlen(p) + 1;
	return p;
}
