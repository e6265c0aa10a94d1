/* fused.c - the NPS-by-region job written into the ceiling's loop: what a
 * program gets when it does this one job and nothing else.  bench/run.sh
 * reports it beside the ceiling, so that a reader of the table can see how
 * much of a tool's distance from the ceiling the job itself costs.
 *
 * It is the ceiling's scan (ceiling.c: 64-byte blocks as bit masks, quoted
 * regions by prefix XOR) with the region and nps fields of gen.c's layout
 * taken as their boundaries pass, looked up in a small table and counted,
 * all in one loop.  It checks nothing a CSV reader must check (quotes in the
 * wrong place, CRs, NULs, ragged rows, header names) and reads nothing but
 * this layout: that is what makes it a floor, not a tool.  Its numbers are
 * compared with Miller's like every other program's.
 *
 *   fused FILE   prints region,n,nps for gen.c's output */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "masks.h"

#define BUF (1 << 20)
#define REGION 2   /* gen.c's columns */
#define SCORE 4
#define SLOTS 256  /* gen.c writes 8 regions */
#define MAXF 64    /* gen.c writes 8 fields; later ones are not kept */

struct group {
	char name[16];
	size_t len;
	long n, promoters, detractors;
};

static struct group groups[SLOTS];
static int ngroups;

/* The region's slot: its first and last four bytes hashed (regions are 4 to
 * 15 bytes), linear probing; a longer or shorter name ends the program. */
static struct group *lookup(const unsigned char *s, size_t len)
{
	uint32_t a, b;
	size_t i;

	if (len < 4 || len >= sizeof groups[0].name) {
		fprintf(stderr, "fused: region of %zu bytes: not gen.c's layout\n", len);
		exit(1);
	}
	memcpy(&a, s, 4);
	memcpy(&b, s + len - 4, 4);
	i = (size_t)(((uint64_t)(a ^ (b * 0x9e3779b9u)) * 0x9e3779b97f4a7c15ULL) >> 56);
	for (;; i = (i + 1) % SLOTS) {
		struct group *g = &groups[i];
		if (g->len == len && memcmp(g->name, s, len) == 0)
			return g;
		if (g->len == 0) {
			if (++ngroups == SLOTS / 2) {
				fprintf(stderr, "fused: too many regions: not gen.c's layout\n");
				exit(1);
			}
			memcpy(g->name, s, len);
			g->len = len;
			return g;
		}
	}
}

/* Count the row whose field boundaries are end[] (its nps is not empty). */
static void count(const unsigned char *buf, const size_t *end)
{
	const size_t region = end[REGION - 1] + 1, score = end[SCORE - 1] + 1;
	struct group *g = lookup(buf + region, end[REGION] - region);
	int x = end[SCORE] - score == 2 ? 10 : buf[score] - '0';

	g->n++;
	g->promoters += x >= 9;
	g->detractors += x <= 6;
}

static int by_name(const void *x, const void *y)
{
	const struct group *a = x, *b = y;
	return strcmp(a->name, b->name);
}

int main(int argc, char **argv)
{
	unsigned char *buf = malloc(BUF + 64);
	size_t have = 0, o = 0, rec = 0;      /* rec: offset of the record in progress */
	size_t end[MAXF], nend = 0;              /* its field boundaries so far */
	uint64_t in_quotes = 0;
	int header = 1, fd = argc > 1 ? open(argv[1], O_RDONLY) : 0;
	ssize_t n;
	int i;

	if (!buf || fd < 0) {
		perror(argc > 1 ? argv[1] : "fused");
		return 1;
	}
	for (;;) {
		/* keep the record in progress; its offsets move with it */
		memmove(buf, buf + rec, have - rec);
		have -= rec;
		o -= rec;
		for (i = 0; i < (int)nend; i++)
			end[i] -= rec;
		rec = 0;
		if (have >= BUF) {
			fprintf(stderr, "fused: a record over %d bytes\n", BUF);
			return 1;
		}
		if ((n = read(fd, buf + have, BUF - have)) <= 0)
			break;
		have += (size_t)n;
		memset(buf + have, 0, 64);    /* bytes past the end match nothing */
		for (; o < have; o += 64) {
			uint64_t q, lf, sep;
			block_masks(buf + o, &q, &lf, &sep);
			const uint64_t inq = prefix_xor(q) ^ in_quotes;
			lf &= ~inq;
			sep = (sep & ~inq) | lf;

			if (have - o < 64)
				sep &= ((uint64_t)1 << (have - o)) - 1;
			in_quotes = (uint64_t)((int64_t)inq >> 63);
			lf &= sep;
			while (sep) {
				/* the boundaries up to the next line end, stored at once */
				uint64_t row = lf & -lf, mine = row ? sep & ((row - 1) | row) : sep;

				sep &= ~mine;
				lf &= ~row;
				do {
					if (nend < MAXF)
						end[nend++] = o + (unsigned)__builtin_ctzll(mine);
					mine &= mine - 1;
				} while (mine);
				if (!row)
					break;
				if (header)
					header = 0;
				else if (nend > SCORE && end[SCORE] > end[SCORE - 1] + 1)
					count(buf, end);
				rec = o + (unsigned)__builtin_ctzll(row) + 1;
				nend = 0;
			}
		}
		o = have;    /* the last block may have ended past it */
	}
	if (n < 0) {
		perror(argv[1]);
		return 1;
	}
	qsort(groups, SLOTS, sizeof groups[0], by_name);
	puts("region,n,nps");
	for (i = 0; i < SLOTS; i++)
		if (groups[i].len)
			printf("%s,%ld,%.2f\n", groups[i].name, groups[i].n,
			       100.0 * (double)(groups[i].promoters - groups[i].detractors) /
			       (double)groups[i].n);
	return 0;
}
