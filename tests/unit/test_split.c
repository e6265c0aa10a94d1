/* test_split.c - the counting pass of -j (lib/split.c) against a byte loop:
 * quotes, line feeds and lone CRs over random ranges of files whose bytes
 * are mostly those three, so that every lane of the 16- and 8-byte loops,
 * the fold every 255 steps and the tails are all exercised. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "split.h"
#include "tap.h"

#define SIZE (300 * 1024)    /* more than one 256 KiB read block */

static void naive(const unsigned char *buf, long long a, long long b, struct svy_count *c)
{
	long long i;

	c->quotes = c->lfs = c->lone_crs = 0;
	for (i = a; i < b; i++) {
		c->quotes += buf[i] == '"';
		c->lfs += buf[i] == '\n';
		c->lone_crs += buf[i] == '\r' && (i + 1 == b || buf[i + 1] != '\n');
	}
}

static unsigned long long rng = 88172645463325252ULL;

static unsigned long long next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

int main(void)
{
	static unsigned char buf[SIZE];
	static const unsigned char alphabet[] = "\"\n\r\"\n,a\"";
	char name[] = "/tmp/svy-split-XXXXXX";
	int fd = mkstemp(name), round, bad = 0;
	size_t i;

	if (fd < 0)
		return 2;
	/* a run of 64 KiB of quotes: 255 * 16 matches per lane and more */
	for (i = 0; i < SIZE; i++)
		buf[i] = i < 65536 ? '"' : alphabet[next() % (sizeof alphabet - 1)];
	if (write(fd, buf, SIZE) != SIZE)
		return 2;

	for (round = 0; round < 400; round++) {
		long long a = round < 4 ? 0 : (long long)(next() % SIZE);
		long long b = round < 4 ? SIZE - round : a + (long long)(next() % (SIZE - (size_t)a + 1));
		struct svy_count got, want;

		if (round % 3 == 0 && a + 40 < SIZE)
			b = a + (long long)(next() % 40);   /* short ranges: tails only */
		naive(buf, a, b, &want);
		if (svy_split_count(fd, a, b, &got) < 0 || got.quotes != want.quotes ||
		    got.lfs != want.lfs || got.lone_crs != want.lone_crs) {
			bad++;
			ok(0, "count [%lld, %lld): quotes %lld/%lld lfs %lld/%lld crs %lld/%lld", a, b,
			   got.quotes, want.quotes, got.lfs, want.lfs, got.lone_crs, want.lone_crs);
		}
	}
	ok(bad == 0, "400 ranges counted as a byte loop counts them");

	{
		long long at, lfs;
		/* "a\n\"b\nc\"\nd": the LF inside quotes is no boundary */
		static const char t[] = "a\n\"b\nc\"\nd";
		struct svy_count c;
		if (ftruncate(fd, 0) < 0 || pwrite(fd, t, sizeof t - 1, 0) != (ssize_t)(sizeof t - 1))
			return 2;
		ok(svy_split_boundary(fd, 2, (long long)sizeof t - 1, 0, &at, &lfs) == 0 && at == 8 && lfs == 2,
		   "boundary after the quoted line feed");
		ok(svy_split_boundary(fd, 5, (long long)sizeof t - 1, 1, &at, &lfs) == 0 && at == 8 && lfs == 1,
		   "from inside quotes: the first LF after the closing quote");
		ok(svy_split_boundary(fd, 4, (long long)sizeof t - 1, 0, &at, &lfs) == 0 && at == 5 && lfs == 1,
		   "told it is outside quotes, the LF at 4 is a boundary");
		ok(svy_split_boundary(fd, 8, (long long)sizeof t - 1, 0, &at, &lfs) == 0 && at == 9 && lfs == 0,
		   "no line feed before the end: the end");
		ok(svy_split_count(fd, 0, (long long)sizeof t - 1, &c) == 0 && c.quotes == 2 && c.lfs == 3,
		   "small file: 2 quotes, 3 line feeds");
	}
	close(fd);
	unlink(name);
	return done();
}
