/* test_group.c - the group table (lib/group.c): lookup, growth beyond many
 * rehashes, zeroed states, sort order by values column by column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svy.h"
#include "tap.h"

static double *get1(struct svy_groups *g, const char *v)
{
	size_t len = strlen(v);
	struct svy_error e;

	return svy_groups_get(g, &v, &len, &e);
}

static double *get2(struct svy_groups *g, const char *a, const char *b)
{
	const char *v[2] = { a, b };
	size_t len[2] = { strlen(a), strlen(b) };
	struct svy_error e;

	return svy_groups_get(g, v, len, &e);
}

static int zeroed(const double *st, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (st[i] != 0)
			return 0;
	return 1;
}

static void basics(void)
{
	struct svy_error e;
	struct svy_groups *g = svy_groups_new(1, 3, &e);
	double *a, *b;

	if (!ok(g != NULL, "new table"))
		return;
	a = get1(g, "a");
	ok(a && zeroed(a, 3), "a new group's state is zero");
	a[0] = 1;
	a[2] = 7;
	b = get1(g, "b");
	ok(b && b != a && zeroed(b, 3), "another group, another zeroed state");
	ok(get1(g, "a") == a && a[0] == 1 && a[2] == 7, "the same group again: same state");
	ok(get1(g, "") != a && get1(g, "") != b, "the empty value is a group of its own");
	ok(svy_groups_count(g) == 3, "3 groups");
	svy_groups_free(g);

	/* no key columns: one group for every row */
	g = svy_groups_new(0, 2, &e);
	a = svy_groups_get(g, NULL, NULL, &e);
	ok(a && zeroed(a, 2), "no --by: one zeroed group");
	a[1] = 5;
	ok(svy_groups_get(g, NULL, NULL, &e) == a && svy_groups_count(g) == 1,
	   "no --by: always the same group");
	svy_groups_free(g);

	/* the values are kept apart: ("ab","c") and ("a","bc") differ */
	g = svy_groups_new(2, 1, &e);
	a = get2(g, "ab", "c");
	b = get2(g, "a", "bc");
	ok(a != b && svy_groups_count(g) == 2, "(ab,c) and (a,bc) are two groups");
	ok(get2(g, "", "abc") != get2(g, "abc", ""), "('',abc) and (abc,'') are two groups");
	svy_groups_free(g);
}

static void many(void)
{
	enum { N = 20000, NST = 5 };
	struct svy_error e;
	struct svy_groups *g = svy_groups_new(2, NST, &e);
	const struct svy_group *s;
	char k1[32], k2[32];
	int i, bad_new = 0, bad_val = 0, bad_order = 0;
	double *st;

	/* 20000 groups: the table starts at 64 slots, so it grows many times;
	 * states written before a growth must survive it */
	for (i = 0; i < N; i++) {
		snprintf(k1, sizeof k1, "r%d", i % 97);
		snprintf(k2, sizeof k2, "%d", i);
		st = get2(g, k1, k2);
		if (!st || !zeroed(st, NST))
			bad_new++;
		else {
			st[0] = i;
			st[NST - 1] = 2.0 * i;
		}
	}
	ok(bad_new == 0, "20000 new groups, each zeroed (%d bad)", bad_new);
	ok(svy_groups_count(g) == N, "20000 groups counted");
	for (i = N - 1; i >= 0; i--) {
		snprintf(k1, sizeof k1, "r%d", i % 97);
		snprintf(k2, sizeof k2, "%d", i);
		st = get2(g, k1, k2);
		if (!st || st[0] != i || st[NST - 1] != 2.0 * i)
			bad_val++;
		else
			st[1] += 1;
	}
	ok(bad_val == 0, "every state found again after the growth (%d bad)", bad_val);
	ok(svy_groups_count(g) == N, "lookups create no groups");
	s = svy_groups_sorted(g, &e);
	for (i = 1; s && i < N; i++) {
		int c = strcmp(svy_group_value(&s[i - 1], 0), svy_group_value(&s[i], 0));
		if (c == 0)
			c = strcmp(svy_group_value(&s[i - 1], 1), svy_group_value(&s[i], 1));
		if (c >= 0 || s[i].st[1] != 1)
			bad_order++;
	}
	ok(s && bad_order == 0, "sorted: strictly increasing by (col 1, col 2) (%d bad)",
	   bad_order);
	/* first in byte order: "r0" with the smallest string among i = 0, 97, 194...
	 * as text: "0" */
	ok(s && strcmp(svy_group_value(&s[0], 0), "r0") == 0 &&
	   strcmp(svy_group_value(&s[0], 1), "0") == 0, "first group is (r0, 0)");
	svy_groups_free(g);
}

static void order(void)
{
	struct svy_error e;
	struct svy_groups *g = svy_groups_new(1, 1, &e);
	const struct svy_group *s;
	static const char *in[] = { "b", "a", "ab", "", "a\xff", "B", "a b", "aa" };
	/* byte order: "" < "B" (0x42) < "a" < "a b" (0x20) < "aa" < "ab" <
	 * "a\xff" (0xff, unsigned) < "b"; a prefix sorts before its extensions */
	static const char *want[] = { "", "B", "a", "a b", "aa", "ab", "a\xff", "b" };
	char got[128] = "", exp[128] = "";
	size_t i;

	for (i = 0; i < 8; i++)
		get1(g, in[i])[0] = (double)i;
	s = svy_groups_sorted(g, &e);
	for (i = 0; s && i < 8; i++) {
		strcat(got, "[");
		strcat(got, svy_group_value(&s[i], 0));
		strcat(got, "]");
		strcat(exp, "[");
		strcat(exp, want[i]);
		strcat(exp, "]");
	}
	is_str(got, exp, "one column: byte order, empty first, prefixes first");
	ok(s && s[7].st[0] == 0 && s[0].st[0] == 3, "sorted groups carry their states");
	svy_groups_free(g);

	/* two columns: the first decides, then the second; the value boundary is
	 * respected ("a" then anything sorts before "ab") */
	g = svy_groups_new(2, 1, &e);
	get2(g, "ab", "a");
	get2(g, "a", "z");
	get2(g, "a", "");
	get2(g, "", "z");
	get2(g, "a", "y");
	get2(g, "b", "");
	s = svy_groups_sorted(g, &e);
	got[0] = '\0';
	for (i = 0; s && i < 6; i++) {
		strcat(got, "(");
		strcat(got, svy_group_value(&s[i], 0));
		strcat(got, ",");
		strcat(got, svy_group_value(&s[i], 1));
		strcat(got, ")");
	}
	is_str(got, "(,z)(a,)(a,y)(a,z)(ab,a)(b,)", "two columns: column by column");
	svy_groups_free(g);
}

static void long_keys(void)
{
	struct svy_error e;
	struct svy_groups *g = svy_groups_new(1, 2, &e);
	char *k = malloc(5001);
	double *a;

	memset(k, 'x', 5000);
	k[5000] = '\0';
	a = get1(g, k);
	a[1] = 3;
	k[4999] = 'y';
	ok(get1(g, k) != a, "5000-byte keys that differ in the last byte");
	k[4999] = 'x';
	ok(get1(g, k) == a && a[1] == 3, "5000-byte key found again");
	free(k);
	svy_groups_free(g);
}

/* Keys of one value up to 16 bytes are compared as two overlapping words
 * (group.c, short_key): every string over {a, b} of length 0 to 11, and
 * strings of 12 to 18 bytes that differ from each other in one byte, must
 * each be a group of its own, found again by its bytes alone (the bytes
 * after a value are not part of it). */
static void short_keys(void)
{
	enum { MAXL = 18 };
	static char keys[8192 + 7 * MAXL][MAXL + 1];
	size_t nk = 0, i, len, j, bad = 0;
	struct svy_error e;
	struct svy_groups *g = svy_groups_new(1, 1, &e);
	double *st;

	if (!ok(g != NULL, "new table"))
		return;
	for (len = 0; len <= 11; len++)
		for (i = 0; i < (size_t)1 << len; i++, nk++)
			for (j = 0; j < len; j++)
				keys[nk][j] = (char)(i >> j & 1 ? 'b' : 'a');
	for (len = 12; len <= MAXL; len++)
		for (j = 0; j < len; j++, nk++) {
			memset(keys[nk], 'a', len);
			keys[nk][j] = 'b';
		}
	for (i = 0; i < nk; i++) {
		if (!(st = get1(g, keys[i])) || st[0] != 0)
			bad++;
		else
			st[0] = (double)(i + 1);
	}
	ok(bad == 0 && svy_groups_count(g) == nk, "%zu short keys: %zu distinct groups",
	   nk, svy_groups_count(g));
	for (i = 0, bad = 0; i < nk; i++) {
		/* the same bytes followed by others, not by a NUL */
		char buf[MAXL + 8];
		const char *v = buf;
		size_t l = strlen(keys[i]);
		memcpy(buf, keys[i], l);
		memcpy(buf + l, "bbbbbbb", 7);
		if (!(st = svy_groups_get(g, &v, &l, &e)) || st[0] != (double)(i + 1))
			bad++;
	}
	ok(bad == 0, "each short key finds its own group again (%zu wrong)", bad);
	ok(svy_groups_count(g) == nk, "and no group was added");
	svy_groups_free(g);
}

/* Values compared as the man pages say groups are ordered: byte by byte,
 * unsigned, a prefix before its extensions; column by column. */
static int ref_cmp_value(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x == *y ? 0 : *x < *y ? -1 : 1;   /* the NUL of the shorter is less */
}

/* Random two-column keys, the first of up to 24 bytes of one of two bytes
 * at each place (bytes above 0x7f among them), five a's after the first,
 * so that many share their first 16 bytes (the sort's words) and
 * differ after them, differ only in length, or end within them: the order
 * against ref_cmp_value, pair by pair. */
static void order_random(void)
{
	static const char alphabet[] = { 'a', 'b', ' ', '\x80', '\xff' };
	static const char even[] = { 'a', '\xff' }, odd[] = { ' ', '\x80' };
	struct svy_error e;
	struct svy_groups *g = svy_groups_new(2, 1, &e);
	const struct svy_group *s;
	unsigned long r = 12345;
	char a[32], b[32];
	size_t i, j, n, bad = 0;

	for (i = 0; i < 20000; i++) {
		char *v[2] = { a, b };
		for (j = 0; j < 2; j++) {
			size_t len, k;
			r = r * 6364136223846793005UL + 1442695040888963407UL;
			len = j == 0 ? (r >> 33) % 25 : (r >> 40) % 4;
			for (k = 0; k < len; k++) {
				r = r * 6364136223846793005UL + 1442695040888963407UL;
				/* the first column: 'a' or 0xff, five a's, then 'a' or
				   0xff, ' ' or 0x80 by turns; the second: any of the five */
				v[j][k] = j == 1 ? alphabet[(r >> 35) % 5]
				          : k > 0 && k < 6 ? 'a' : (k & 1 ? odd : even)[(r >> 35) % 2];
			}
			v[j][len] = '\0';
		}
		get2(g, a, b);
	}
	n = svy_groups_count(g);
	s = svy_groups_sorted(g, &e);
	for (i = 1; s && i < n; i++) {
		int c = ref_cmp_value(svy_group_value(&s[i - 1], 0), svy_group_value(&s[i], 0));
		if (c == 0)
			c = ref_cmp_value(svy_group_value(&s[i - 1], 1), svy_group_value(&s[i], 1));
		bad += c >= 0;
	}
	ok(s && n > 1000 && bad == 0, "%zu random keys sharing long prefixes: in order (%zu pairs not)",
	   n, bad);
	svy_groups_free(g);
}

int main(void)
{
	basics();
	many();
	order();
	order_random();
	long_keys();
	short_keys();
	return done();
}
