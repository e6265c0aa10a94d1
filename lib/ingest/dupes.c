/* dupes.c - the de-duplication table: fixed-size records (a 128-bit keyed
 * hash of the id and the winner of each reading) in blocks that never move,
 * found through an open-addressing index with linear probing, SipHash-1-3
 * written from the published description (Aumasson and Bernstein,
 * "SipHash: a fast short-input PRF", 2012). */
#include "dupes.h"

#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"

struct svy_dupes_win {
	int64_t date;
	uint64_t line;              /* 0: no winner yet */
};

/* One respondent.  w is the winner of the first reading, and of both while
 * the readings agree; the second one's lives in win1, beside. */
struct svy_dupes_rec {
	uint64_t h[2];
	struct svy_dupes_win w;
};

/* ref - 1 is a record's number (0: an empty slot).  tag, 32 bits of the
 * hash that the slot's position does not use, lets a probe pass the slots
 * of other ids without reading their records: each would be a cache miss. */
struct svy_dupes_slot {
	uint32_t ref, tag;
};

#define BLOCK0 1024u            /* records in block 0; block k has BLOCK0 << k */
#define MAX_RECS (((uint64_t)BLOCK0 << SVY_DUPES_BLOCKS) - BLOCK0)

/* ---- SipHash-1-3, 128-bit output ---- */

static uint64_t rotl(uint64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

static void sipround(uint64_t v[4])
{
	v[0] += v[1];
	v[1] = rotl(v[1], 13);
	v[1] ^= v[0];
	v[0] = rotl(v[0], 32);
	v[2] += v[3];
	v[3] = rotl(v[3], 16);
	v[3] ^= v[2];
	v[0] += v[3];
	v[3] = rotl(v[3], 21);
	v[3] ^= v[0];
	v[2] += v[1];
	v[1] = rotl(v[1], 17);
	v[1] ^= v[2];
	v[2] = rotl(v[2], 32);
}

/* Little-endian whatever the host: the hash is defined on bytes. */
static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16
	       | (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40
	       | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

void svy_dupes_siphash(const uint64_t key[2], const void *s, size_t len, uint64_t out[2])
{
	const unsigned char *p = s;
	uint64_t v[4], m;
	size_t i, full = len - len % 8;

	v[0] = key[0] ^ 0x736f6d6570736575ULL;
	v[1] = key[1] ^ 0x646f72616e646f6dULL ^ 0xee;     /* 0xee: 128-bit output */
	v[2] = key[0] ^ 0x6c7967656e657261ULL;
	v[3] = key[1] ^ 0x7465646279746573ULL;
	for (i = 0; i < full; i += 8) {
		m = le64(p + i);
		v[3] ^= m;
		sipround(v);
		v[0] ^= m;
	}
	m = (uint64_t)(len & 0xff) << 56;
	for (; i < len; i++)
		m |= (uint64_t)p[i] << (8 * (i - full));
	v[3] ^= m;
	sipround(v);
	v[0] ^= m;
	v[2] ^= 0xee;
	sipround(v);
	sipround(v);
	sipround(v);
	out[0] = v[0] ^ v[1] ^ v[2] ^ v[3];
	v[1] ^= 0xdd;
	sipround(v);
	sipround(v);
	sipround(v);
	out[1] = v[0] ^ v[1] ^ v[2] ^ v[3];
}

/* ---- the table ---- */

void svy_dupes_init(struct svy_dupes *t, int last)
{
	memset(t, 0, sizeof *t);
	t->last = last;
	/* A random key keeps the collision bound for any ids, also ones chosen
	 * to collide, and keeps crafted ids from piling up in one probe run.
	 * Without entropy the clock and an address still vary per run. */
	if (getentropy(t->key, sizeof t->key) != 0) {
		t->key[0] = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ULL;
		t->key[1] = (uint64_t)(uintptr_t)t ^ (uint64_t)clock() << 32;
	}
}

/* Record i lives in block k at offset o, where i + BLOCK0 = (BLOCK0 << k) + o:
 * blocks double, so that none is ever moved and the last one, partly used,
 * wastes no more address space than the others hold. */
static size_t block_of(size_t i, size_t *o)
{
	size_t j = i + BLOCK0;
	size_t k = (size_t)(63 - __builtin_clzll((unsigned long long)j)) - 10;

	*o = j - ((size_t)BLOCK0 << k);
	return k;
}

static struct svy_dupes_rec *rec_at(const struct svy_dupes *t, size_t i)
{
	size_t o, k = block_of(i, &o);

	return &t->rec[k][o];
}

/* The winner of reading r in record i. */
static struct svy_dupes_win *win_at(const struct svy_dupes *t, size_t i, int r)
{
	size_t o, k = block_of(i, &o);

	return r == 1 && t->two ? &t->win1[k][o] : &t->rec[k][o].w;
}

static uint32_t tag_of(const uint64_t h[2])
{
	return (uint32_t)(h[1] >> 32);
}

/* The slot of hash h, or the empty one where it would go. */
static struct svy_dupes_slot *find(const struct svy_dupes *t, const uint64_t h[2])
{
	size_t mask = t->cap - 1, i;
	uint32_t tag = tag_of(h);

	for (i = (size_t)h[0] & mask;; i = (i + 1) & mask) {
		struct svy_dupes_slot *s = &t->slot[i];
		const struct svy_dupes_rec *rc;

		if (!s->ref)
			return s;
		if (s->tag != tag)
			continue;
		rc = rec_at(t, s->ref - 1);
		if (rc->h[0] == h[0] && rc->h[1] == h[1])
			return s;
	}
}

/* A table of millions of ids is read at random, once per row and pass:
 * with 4 KiB pages nearly every probe also misses the TLB, which costs
 * most in a virtual machine.  Ask for huge pages (a hint; where the kernel
 * does not give them, nothing changes). */
static void hint_huge(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
	const uintptr_t page = 4096;
	uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1);
	uintptr_t b = ((uintptr_t)p + len) & ~(page - 1);

	if (len >= ((size_t)4 << 20) && b > a)
		(void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
	(void)p;
	(void)len;
#endif
}

/* An index of cap slots for the records there are.  The records hold the
 * hashes, so the old index is not read: it is freed only once the new one
 * is whole, which keeps the table as it was when the allocation fails. */
static int reindex(struct svy_dupes *t, size_t cap)
{
	struct svy_dupes_slot *slot = svy_calloc(cap, sizeof *slot), *old = t->slot;
	size_t i;

	if (!slot)
		return SVY_ENOMEM;
	hint_huge(slot, cap * sizeof *slot);
	t->slot = slot;
	t->cap = cap;
	for (i = 0; i < t->n; i++) {
		struct svy_dupes_slot *s = find(t, rec_at(t, i)->h);

		s->ref = (uint32_t)(i + 1);
		s->tag = tag_of(rec_at(t, i)->h);
	}
	svy_free(old);
	return 0;
}

/* Blocks for record i: its record block, and its second-reading block once
 * the readings have parted.  A block allocated before a later one failed
 * stays: it is simply ready for its records. */
static int cover_rec(struct svy_dupes *t, size_t i)
{
	size_t o, k = block_of(i, &o), len = (size_t)BLOCK0 << k;

	if (!t->rec[k]) {
		if (!(t->rec[k] = svy_malloc(len * sizeof *t->rec[k])))
			return SVY_ENOMEM;
		hint_huge(t->rec[k], len * sizeof *t->rec[k]);
	}
	if (t->two && !t->win1[k]) {
		if (!(t->win1[k] = svy_malloc(len * sizeof *t->win1[k])))
			return SVY_ENOMEM;
		hint_huge(t->win1[k], len * sizeof *t->win1[k]);
	}
	return 0;
}

/* The readings part ways: the second gets a copy of the first's winners
 * and line bits.  All or nothing. */
static int split(struct svy_dupes *t)
{
	struct svy_dupes_win *w[SVY_DUPES_BLOCKS] = { NULL };
	uint64_t *bits = NULL;
	size_t k, i;

	if (t->nwords && !(bits = svy_malloc(t->nwords * sizeof *bits)))
		return SVY_ENOMEM;
	for (k = 0; k < SVY_DUPES_BLOCKS && t->rec[k]; k++) {
		if (!(w[k] = svy_malloc(((size_t)BLOCK0 << k) * sizeof *w[k]))) {
			while (k-- > 0)
				svy_free(w[k]);
			svy_free(bits);
			return SVY_ENOMEM;
		}
		hint_huge(w[k], ((size_t)BLOCK0 << k) * sizeof *w[k]);
	}
	if (bits)
		memcpy(bits, t->won[0], t->nwords * sizeof *bits);
	t->won[1] = bits;
	memcpy(t->win1, w, sizeof w);
	t->two = 1;
	for (i = 0; i < t->n; i++)
		*win_at(t, i, 1) = rec_at(t, i)->w;
	return 0;
}

/* Room in the bitmaps of every reading in use for line. */
static int cover_line(struct svy_dupes *t, unsigned long line)
{
	size_t need = line / 64 + 1, n, r, nr = t->two ? 2 : 1;

	if (need <= t->nwords)
		return 0;
	n = t->nwords ? t->nwords : 1024;
	while (n < need)
		n *= 2;
	for (r = 0; r < nr; r++) {
		uint64_t *b = svy_realloc(t->won[r], n * sizeof *b);
		if (!b)
			return SVY_ENOMEM;   /* a bigger won[0] alone harms nothing */
		memset(b + t->nwords, 0, (n - t->nwords) * sizeof *b);
		t->won[r] = b;
	}
	t->nwords = n;
	return 0;
}

static void set_won(uint64_t *b, unsigned long line, int on)
{
	uint64_t bit = (uint64_t)1 << (line % 64);

	b[line / 64] = on ? b[line / 64] | bit : b[line / 64] & ~bit;
}

int svy_dupes_offer(struct svy_dupes *t, const char *id, size_t len,
                    const struct svy_dupes_row *row)
{
	uint64_t h[2];
	struct svy_dupes_slot *s;
	size_t i;
	int r, nr;

	if (!row->ok[0] && !row->ok[1])
		return 0;
	if (!t->two && (row->ok[0] != row->ok[1] || row->date[0] != row->date[1])
	    && split(t) < 0)
		return SVY_ENOMEM;
	if (cover_line(t, row->line) < 0)
		return SVY_ENOMEM;
	svy_dupes_siphash(t->key, id, len, h);
	s = t->cap ? find(t, h) : NULL;
	if (s && s->ref) {
		i = s->ref - 1;
	} else {
		i = t->n;
		if ((uint64_t)i >= MAX_RECS || cover_rec(t, i) < 0)
			return SVY_ENOMEM;
		/* at most three quarters full: the tags keep long probe runs cheap */
		if (4 * (t->n + 1) > 3 * t->cap) {
			if (reindex(t, t->cap ? 2 * t->cap : 1024) < 0)
				return SVY_ENOMEM;
			s = find(t, h);
		}
		rec_at(t, i)->h[0] = h[0];
		rec_at(t, i)->h[1] = h[1];
		for (r = 0; r < (t->two ? 2 : 1); r++)
			win_at(t, i, r)->line = 0;
		s->ref = (uint32_t)(i + 1);
		s->tag = tag_of(h);
		t->n++;
	}
	nr = t->two ? 2 : 1;
	for (r = 0; r < nr; r++) {
		struct svy_dupes_win *w = win_at(t, i, r);
		long long d = row->date[r];

		if (!row->ok[r])
			continue;
		if (!w->line || (t->last ? d >= w->date : d < w->date)) {
			if (w->line)
				set_won(t->won[r], w->line, 0);
			set_won(t->won[r], row->line, 1);
			w->date = d;
			w->line = row->line;
		}
	}
	return 0;
}

unsigned long svy_dupes_winner(const struct svy_dupes *t, const char *id, size_t len,
                               int r)
{
	uint64_t h[2];
	const struct svy_dupes_slot *s;

	if (!t->n)
		return 0;
	svy_dupes_siphash(t->key, id, len, h);
	s = find(t, h);
	if (!s->ref)
		return 0;
	return (unsigned long)win_at(t, s->ref - 1, r == 1 ? 1 : 0)->line;
}

int svy_dupes_won(const struct svy_dupes *t, unsigned long line, int r)
{
	const uint64_t *b = t->won[t->two && r == 1 ? 1 : 0];

	return line / 64 < t->nwords && (b[line / 64] >> (line % 64) & 1);
}

size_t svy_dupes_count(const struct svy_dupes *t)
{
	return t->n;
}

void svy_dupes_fini(struct svy_dupes *t)
{
	size_t k;

	for (k = 0; k < SVY_DUPES_BLOCKS; k++) {
		svy_free(t->rec[k]);
		svy_free(t->win1[k]);
		t->rec[k] = NULL;
		t->win1[k] = NULL;
	}
	svy_free(t->slot);
	svy_free(t->won[0]);
	svy_free(t->won[1]);
	t->slot = NULL;
	t->won[0] = t->won[1] = NULL;
	t->cap = t->n = t->nwords = 0;
	t->two = 0;
}
