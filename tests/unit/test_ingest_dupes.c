/* test_ingest_dupes.c - unit tests for lib/ingest/dupes: the SipHash-1-3
 * outputs, the winner rule of --dedupe last and first, readings that part
 * ways, growth over several blocks of records, and allocation failures. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dupes.h"
#include "err.h"
#include "mem.h"
#include "tap.h"

/* SipHash-1-3-128 under the key 00 01 .. 0f of the messages 00 01 .. n-1,
 * from an independent Python implementation of the paper's description
 * (that implementation gives the paper's SipHash-2-4 example a129ca6149be45e5). */
static const struct { size_t n; uint64_t h0, h1; } vec[] = {
	{  0, 0xbea58827b2bc7ee7ULL, 0x013030dd6adb62fdULL },
	{  1, 0xa8edd36004376ffcULL, 0x63f02f2bcc73055eULL },
	{  7, 0xc3e0aaf223b98410ULL, 0x77ab4808c82e2fa6ULL },
	{  8, 0xb4dae3d5e1fe12aaULL, 0x99c7f935ab164f72ULL },
	{  9, 0x9439f32c04b8dd81ULL, 0x427c1394000e72f4ULL },
	{ 15, 0x6c52bdb205557ec1ULL, 0x09017e1eeccd2129ULL },
	{ 16, 0xeb8e511557d9a8d0ULL, 0x93179e3df8b013b5ULL },
	{ 17, 0x8d66bb3ff9264123ULL, 0xecf7bdfee8125197ULL },
	{ 63, 0x6f42fe4ee300584cULL, 0xad6052a70a6b9f07ULL },
};

static void test_siphash(void)
{
	unsigned char msg[64];
	uint64_t key[2] = { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL }, h[2];
	size_t i;

	for (i = 0; i < sizeof msg; i++)
		msg[i] = (unsigned char)i;
	for (i = 0; i < sizeof vec / sizeof vec[0]; i++) {
		svy_dupes_siphash(key, msg, vec[i].n, h);
		ok(h[0] == vec[i].h0 && h[1] == vec[i].h1, "SipHash-1-3-128 of %zu bytes", vec[i].n);
	}
}

static struct svy_dupes_row one(long long date, unsigned long line)
{
	struct svy_dupes_row r = { { 1, 1 }, { date, date }, line };

	return r;
}

static int offer(struct svy_dupes *t, const char *id, struct svy_dupes_row r)
{
	return svy_dupes_offer(t, id, strlen(id), &r);
}

static unsigned long win(const struct svy_dupes *t, const char *id, int r)
{
	return svy_dupes_winner(t, id, strlen(id), r);
}

static void test_rule(void)
{
	struct svy_dupes t;
	int last;

	for (last = 0; last < 2; last++) {
		svy_dupes_init(&t, last);
		ok(win(&t, "a", 0) == 0, "%s: empty table knows no id", last ? "last" : "first");
		offer(&t, "a", one(100, 2));
		offer(&t, "a", one(100, 3));        /* tie */
		offer(&t, "a", one(50, 4));         /* older */
		offer(&t, "a", one(LLONG_MIN, 5));  /* no date: older than any */
		ok(win(&t, "a", 0) == (last ? 3u : 5u) && win(&t, "a", 1) == win(&t, "a", 0),
		   "%s: %s", last ? "last" : "first",
		   last ? "latest date, then the later row" : "no date counts as the earliest");
		offer(&t, "b", one(LLONG_MIN, 6));
		offer(&t, "b", one(LLONG_MIN, 7));
		ok(win(&t, "b", 0) == (last ? 7u : 6u), "%s: undated ties", last ? "last" : "first");
		ok(win(&t, "ab", 0) == 0 && win(&t, "", 0) == 0, "%s: other ids unknown",
		   last ? "last" : "first");
		ok(svy_dupes_count(&t) == 2, "two ids");
		svy_dupes_fini(&t);
	}
}

static void test_readings(void)
{
	struct svy_dupes t;
	struct svy_dupes_row r;

	svy_dupes_init(&t, 1);
	offer(&t, "x", one(10, 2));
	offer(&t, "y", one(10, 3));
	/* a row good only month-first: the readings part ways */
	r = one(20, 4);
	r.ok[1] = 0;
	ok(offer(&t, "x", r) == 0, "split offer");
	ok(win(&t, "x", 0) == 4 && win(&t, "x", 1) == 2, "readings differ after the split");
	ok(win(&t, "y", 0) == 3 && win(&t, "y", 1) == 3, "earlier winners kept in both readings");
	r = one(30, 5);
	r.date[0] = 5;
	offer(&t, "y", r);
	ok(win(&t, "y", 0) == 3 && win(&t, "y", 1) == 5, "dates that differ by reading");
	r = one(0, 6);
	r.ok[0] = r.ok[1] = 0;
	offer(&t, "z", r);
	ok(win(&t, "z", 0) == 0 && svy_dupes_count(&t) == 2, "a row good in no reading adds nothing");
	r.ok[1] = 1;
	offer(&t, "z", r);
	ok(win(&t, "z", 0) == 0 && win(&t, "z", 1) == 6, "a row good in one reading");
	svy_dupes_fini(&t);
}

/* Many ids against a plain model: id k's winner under --dedupe last. */
static void test_growth(void)
{
	enum { N = 30000, ROWS = 90000 };
	struct svy_dupes t;
	unsigned long *line = calloc(N, sizeof *line);
	long long *date = calloc(N, sizeof *date);
	char id[32];
	unsigned long i, k, bad = 0;
	int rc = 0;

	if (!line || !date) {
		ok(0, "test memory");
		free(line);
		free(date);
		return;
	}
	svy_dupes_init(&t, 1);
	srand(7);
	for (i = 0; i < ROWS; i++) {
		long long d = rand() % 5;

		k = (unsigned long)rand() % N;
		snprintf(id, sizeof id, "R_%lu", k);
		rc |= offer(&t, id, one(d, i + 2));
		if (!line[k] || d >= date[k]) {
			line[k] = i + 2;
			date[k] = d;
		}
	}
	for (k = 0; k < N; k++) {
		snprintf(id, sizeof id, "R_%lu", k);
		if (win(&t, id, 0) != line[k] || win(&t, id, 1) != line[k])
			bad++;
	}
	ok(rc == 0 && bad == 0, "%d rows over %d ids agree with the model (%lu differ)", ROWS, N, bad);
	snprintf(id, sizeof id, "R_%d", N);
	ok(win(&t, id, 0) == 0, "an id never offered is unknown");
	svy_dupes_fini(&t);
	free(line);
	free(date);
}

/* Every allocation may fail: the offer says so and the table is as before. */
static void test_nomem(void)
{
	struct svy_dupes t;
	struct svy_dupes_row r;
	char id[32];
	unsigned long i;
	int clean = 1, rc, failures = 0;

	svy_dupes_init(&t, 0);
	for (i = 0; i < 5000; i++) {
		r = one((long long)i, i + 2);
		if (i == 1500)
			r.ok[1] = 0;                /* the split allocates too */
		snprintf(id, sizeof id, "id%lu", i);
		svy_mem_fail_after(1);
		rc = svy_dupes_offer(&t, id, strlen(id), &r);
		svy_mem_fail_after(0);
		if (rc == SVY_ENOMEM) {
			failures++;
			if (win(&t, id, 0) != 0 || svy_dupes_count(&t) != i)
				clean = 0;
			rc = svy_dupes_offer(&t, id, strlen(id), &r);
		}
		if (rc != 0 || win(&t, id, 0) != i + 2)
			clean = 0;
	}
	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof id, "id%lu", i);
		if (win(&t, id, 0) != i + 2 || win(&t, id, 1) != (i == 1500 ? 0 : i + 2))
			clean = 0;
	}
	svy_dupes_fini(&t);
	/* an offer fails when it allocates: the line bits (offer 0, whose
	 * first allocation they are), the split (offer 1500), a new block of
	 * records (block k holds 1024 << k: offers 1024 and 3072) and the index
	 * doubling once it would be over three quarters full (1024 slots
	 * hold 768 ids, 2048 hold 1536, 4096 hold 3072: offers 768, 1536 and
	 * 3072, the last one already counted) */
	ok(clean && failures == 6, "allocation failures leave the table intact (%d failed)", failures);
}

/* The line bits against the table: a line is marked won in a reading
 * exactly when the table names it as its id's winner there.  Rows are good
 * in one reading only now and then, so the table splits midway. */
static void test_won(void)
{
	enum { IDS = 500, ROWS = 20000 };
	static unsigned char idof[ROWS + 2];
	struct svy_dupes t;
	struct svy_dupes_row r;
	char id[32];
	unsigned long i, bad = 0, marked = 0;
	int rc = 0, k;

	svy_dupes_init(&t, 0);
	srand(11);
	for (i = 0; i < ROWS; i++) {
		unsigned long line = 2 + i * 3;      /* rows of three lines */
		long long d = rand() % 7;

		r = one(d, line);
		if (i > ROWS / 3 && rand() % 10 == 0)
			r.ok[rand() % 2] = 0;
		if (i > ROWS / 3 && rand() % 10 == 0)
			r.date[1] = d + 3;
		idof[i] = (unsigned char)(rand() % 250);
		snprintf(id, sizeof id, "id%d-%d", idof[i], (int)(i % 2));
		rc |= svy_dupes_offer(&t, id, strlen(id), &r);
	}
	for (i = 0; i < ROWS; i++) {
		unsigned long line = 2 + i * 3;

		snprintf(id, sizeof id, "id%d-%d", idof[i], (int)(i % 2));
		for (k = 0; k < 2; k++) {
			int is = win(&t, id, k) == line;
			bad += svy_dupes_won(&t, line, k) != is;
			marked += (unsigned long)is;
		}
		/* the lines between rows were never offered */
		bad += svy_dupes_won(&t, line + 1, 0) || svy_dupes_won(&t, line + 2, 1);
	}
	bad += svy_dupes_won(&t, 0, 0) || svy_dupes_won(&t, 1UL << 40, 1);
	ok(rc == 0 && bad == 0 && marked > 0 && marked <= IDS * 2,
	   "a line is marked won exactly when the table names it (%lu winners, %lu differ)",
	   marked, bad);
	svy_dupes_fini(&t);

	/* the split copies the bits: its second allocation may fail too */
	svy_dupes_init(&t, 1);
	rc = offer(&t, "a", one(5, 2));
	r = one(6, 3);
	r.ok[0] = 0;
	svy_mem_fail_after(2);
	k = svy_dupes_offer(&t, "a", 1, &r);
	svy_mem_fail_after(0);
	ok(rc == 0 && k == SVY_ENOMEM && svy_dupes_won(&t, 2, 0) && svy_dupes_won(&t, 2, 1) &&
	   !svy_dupes_won(&t, 3, 1) && win(&t, "a", 1) == 2,
	   "a failed split leaves the line bits as they were");
	k = svy_dupes_offer(&t, "a", 1, &r);
	ok(k == 0 && svy_dupes_won(&t, 2, 0) && !svy_dupes_won(&t, 2, 1) &&
	   svy_dupes_won(&t, 3, 1) && !svy_dupes_won(&t, 3, 0) && win(&t, "a", 1) == 3,
	   "after the split each reading has its own winner's bit");
	svy_dupes_fini(&t);
}

int main(void)
{
	test_siphash();
	test_rule();
	test_readings();
	test_growth();
	test_nomem();
	test_won();
	return done();
}
