/* dupes.c - the de-duplication table: open addressing with linear probing
 * over fixed-size entries (a 128-bit keyed hash of the id and the winner of
 * each reading), SipHash-1-3 written from the published description
 * (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012). */
#include "dupes.h"

#include <limits.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"

struct win {
	int64_t date;
	uint64_t line;              /* 0: no winner yet */
};

/* One entry.  While every row offered has read the same in both readings,
 * w[0] stands for both and the entry is 32 bytes; the first row whose
 * readings differ makes every entry 48 bytes, w[1] a copy of w[0]. */
struct slot {
	uint64_t h[2];
	struct win w[];
};

#define STRIDE1 (sizeof(struct slot) + sizeof(struct win))
#define STRIDE2 (sizeof(struct slot) + 2 * sizeof(struct win))

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
	t->stride = STRIDE1;
	/* A random key keeps the collision bound for any ids, also ones chosen
	 * to collide, and keeps crafted ids from piling up in one probe run.
	 * Without entropy the clock and an address still vary per run. */
	if (getentropy(t->key, sizeof t->key) != 0) {
		t->key[0] = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ULL;
		t->key[1] = (uint64_t)(uintptr_t)t ^ (uint64_t)clock() << 32;
	}
}

static struct slot *at(const struct svy_dupes *t, size_t i)
{
	return (struct slot *)(void *)(t->slot + i * t->stride);
}

static int used(const struct svy_dupes *t, const struct slot *s)
{
	return s->w[0].line || (t->stride == STRIDE2 && s->w[1].line);
}

/* The slot of hash h, or the empty one where it would go. */
static struct slot *find(const struct svy_dupes *t, const uint64_t h[2])
{
	size_t mask = t->cap - 1, i;
	struct slot *s;

	for (i = (size_t)h[0] & mask;; i = (i + 1) & mask) {
		s = at(t, i);
		if (!used(t, s) || (s->h[0] == h[0] && s->h[1] == h[1]))
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

/* Move every entry into a table of cap slots of stride bytes (a new
 * stride copies the one reading into both, bits included). */
static int rebuild(struct svy_dupes *t, size_t cap, size_t stride)
{
	struct svy_dupes n = *t;
	size_t i;

	n.cap = cap;
	n.stride = stride;
	if (!(n.slot = svy_calloc(cap, stride)))
		return SVY_ENOMEM;
	if (stride > t->stride && t->nwords) {
		if (!(n.won[1] = svy_malloc(t->nwords * sizeof *n.won[1]))) {
			svy_free(n.slot);
			return SVY_ENOMEM;
		}
		memcpy(n.won[1], t->won[0], t->nwords * sizeof *n.won[1]);
	}
	hint_huge(n.slot, cap * stride);
	for (i = 0; i < t->cap; i++) {
		const struct slot *o = at(t, i);
		struct slot *s;

		if (!used(t, o))
			continue;
		s = find(&n, o->h);
		memcpy(s, o, t->stride);
		if (stride > t->stride)
			s->w[1] = s->w[0];
	}
	svy_free(t->slot);
	*t = n;
	return 0;
}

/* Room in the bitmaps of every reading in use for line. */
static int cover_line(struct svy_dupes *t, unsigned long line)
{
	size_t need = line / 64 + 1, n, r, nr = t->stride == STRIDE2 ? 2 : 1;

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
	struct slot *s;
	int r, nr;

	if (!row->ok[0] && !row->ok[1])
		return 0;
	if (t->stride == STRIDE1 && (row->ok[0] != row->ok[1] || row->date[0] != row->date[1])
	    && rebuild(t, t->cap ? t->cap : 1024, STRIDE2) < 0)
		return SVY_ENOMEM;
	if (cover_line(t, row->line) < 0)
		return SVY_ENOMEM;
	svy_dupes_siphash(t->key, id, len, h);
	s = t->cap ? find(t, h) : NULL;
	if (!s || !used(t, s)) {
		/* at most half full: short probe runs */
		if (2 * (t->n + 1) > t->cap) {
			if (rebuild(t, t->cap ? 2 * t->cap : 1024, t->stride) < 0)
				return SVY_ENOMEM;
			s = find(t, h);
		}
		s->h[0] = h[0];
		s->h[1] = h[1];
		t->n++;
	}
	nr = t->stride == STRIDE2 ? 2 : 1;
	for (r = 0; r < nr; r++) {
		struct win *w = &s->w[r];
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
	const struct slot *s;

	if (!t->n)
		return 0;
	svy_dupes_siphash(t->key, id, len, h);
	s = find(t, h);
	if (!used(t, s))
		return 0;
	return (unsigned long)s->w[t->stride == STRIDE2 && r == 1 ? 1 : 0].line;
}

int svy_dupes_won(const struct svy_dupes *t, unsigned long line, int r)
{
	const uint64_t *b = t->won[t->stride == STRIDE2 && r == 1 ? 1 : 0];

	return line / 64 < t->nwords && (b[line / 64] >> (line % 64) & 1);
}

size_t svy_dupes_count(const struct svy_dupes *t)
{
	return t->n;
}

void svy_dupes_fini(struct svy_dupes *t)
{
	svy_free(t->slot);
	svy_free(t->won[0]);
	svy_free(t->won[1]);
	t->slot = NULL;
	t->won[0] = t->won[1] = NULL;
	t->cap = t->n = t->nwords = 0;
}
