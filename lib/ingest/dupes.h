/* dupes.h - survey-ingest's de-duplication table: respondent id -> the
 * winning row of each day/month reading of the date column.
 *
 * The first pass offers every good row; the writing pass asks which row won
 * for the row's id.  An id is not stored: it is replaced by a 128-bit
 * SipHash-1-3 of its bytes under a key drawn at random for each table, so
 * a respondent costs the same whatever the length of the id, and nothing
 * is allocated per respondent.  Two different ids are taken for one only
 * when their hashes collide: with a random key and n distinct ids that
 * happens with probability at most n^2 / 2^129 (below 2^-69 for a billion
 * ids), whatever the ids are.
 *
 * Each respondent is one 32-byte record (the hash, and the date and line of
 * the winner), appended to blocks that are never moved, and one 8-byte
 * slot of an index kept at most three quarters full: 43 to 53 bytes per
 * respondent (64 for a moment while the index doubles), 16 more once the
 * readings part ways (the second reading's winners, beside the records).
 * Up to 2^32 - 1024 respondents (22 blocks).
 *
 * A row is named by the line on which it starts, which no other row of the
 * input shares.  Beside the table, one bit per line and reading marks the
 * lines that are winners now, so that the writing pass looks up only the
 * rows that lost (to name the winner); the bits take an eighth of a byte
 * per input line and reading. */
#ifndef SVY_INGEST_DUPES_H
#define SVY_INGEST_DUPES_H

#include <stddef.h>
#include <stdint.h>

#define SVY_DUPES_BLOCKS 22     /* block k holds 1024 << k records */

struct svy_dupes_rec;
struct svy_dupes_win;
struct svy_dupes_slot;

struct svy_dupes {
	struct svy_dupes_rec *rec[SVY_DUPES_BLOCKS];    /* respondents, in the order
	                                                   they came */
	struct svy_dupes_win *win1[SVY_DUPES_BLOCKS];   /* the second reading's
	                                                   winners, once they part */
	struct svy_dupes_slot *slot;                    /* the index: cap slots */
	size_t cap, n;
	int two;                    /* the readings have parted */
	int last;                   /* ties go to the later row (--dedupe last) */
	uint64_t key[2];            /* the SipHash key */
	uint64_t *won[2];           /* bit l: line l is a winner, per reading
	                               (won[1] only once two) */
	size_t nwords;              /* words of each */
};

/* A good row as each reading sees it: ok[r] says whether the row is good
 * under reading r, date[r] is then its date in epoch seconds (LLONG_MIN for
 * none: older than any date).  line: where the row starts, never 0. */
struct svy_dupes_row {
	int ok[2];
	long long date[2];
	unsigned long line;
};

/* An empty table.  last: --dedupe last (the latest date wins, then the row
 * read last) rather than first (the earliest date, then the row read
 * first).  Allocates nothing. */
void svy_dupes_init(struct svy_dupes *t, int last);

/* Offer row of respondent id[0..len): it becomes the winner of each
 * reading in which it beats the current one.  0, or SVY_ENOMEM (the table
 * is unchanged; also for a 2^32-th respondent). */
int svy_dupes_offer(struct svy_dupes *t, const char *id, size_t len,
                    const struct svy_dupes_row *row);

/* The line of the row that won reading r (0 or 1) for id, or 0 when no row
 * of id was good in that reading. */
unsigned long svy_dupes_winner(const struct svy_dupes *t, const char *id, size_t len,
                               int r);

/* Whether the row on line is its id's winner in reading r: 1 means
 * svy_dupes_winner would return line itself, 0 that it would not.  No hash
 * and no table lookup: for the writing pass, which asks for every row. */
int svy_dupes_won(const struct svy_dupes *t, unsigned long line, int r);

/* Distinct ids offered. */
size_t svy_dupes_count(const struct svy_dupes *t);

void svy_dupes_fini(struct svy_dupes *t);

/* SipHash-1-3 with 128-bit output of s[0..len) under key (k0, k1), as the
 * table uses it; for tests. */
void svy_dupes_siphash(const uint64_t key[2], const void *s, size_t len, uint64_t out[2]);

#endif
