/* test_ingest_names.c - unit tests for lib/ingest/names: tidying, unique
 * suffixes that skip real names, reserved names, the renaming record. */
#include <string.h>

#include "mem.h"
#include "names.h"
#include "tap.h"

static const char *tidy(const char *s, size_t col)
{
	static char buf[256];
	char *t = svy_names_tidy(s, strlen(s), col);

	snprintf(buf, sizeof buf, "%s", t ? t : "(null)");
	svy_free(t);
	return buf;
}

/* The names joined by commas, for one-line comparisons. */
static const char *joined(const struct svy_names *nm)
{
	static char buf[1024];
	size_t i, k = 0;

	buf[0] = '\0';
	for (i = 0; i < nm->n; i++)
		k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s", i ? "," : "", nm->name[i]);
	return buf;
}

static void tidying(void)
{
	is_str(tidy("StartDate", 0), "startdate", "lower case");
	is_str(tidy("Duration (in seconds)", 0), "duration_in_seconds", "runs to _, trailing dropped");
	is_str(tidy("  How likely are you to recommend us?  ", 0),
	       "how_likely_are_you_to_recommend_us", "question text");
	is_str(tidy("Q3_NPS_GROUP", 0), "q3_nps_group", "underscores kept as one");
	is_str(tidy("a__b--c", 0), "a_b_c", "mixed run collapses");
	is_str(tidy("\xef\xbb\xbfStartDate", 0), "startdate", "a glued BOM disappears");
	/* non-ASCII bytes are "other characters": Größe -> gr + ö,ß run + e */
	is_str(tidy("Gr\xc3\xb6\xc3\x9f" "e", 0), "gr_e", "non-ASCII letters become _");
	is_str(tidy("", 4), "column_5", "empty is column_N, 1-based");
	is_str(tidy("?!", 0), "column_1", "punctuation only");
	is_str(tidy("\xe6\x97\xa5\xe6\x9c\xac", 1), "column_2", "non-ASCII only");
	is_str(tidy("#", 0), "column_1", "Typeform # is blank when tidied");
	is_str(tidy("1. Rating", 0), "1_rating", "leading digit kept");
}

static void unique(void)
{
	struct svy_names nm;
	struct svy_error e;
	static const char *const typeform[] = { "Other", "Other", "Other", "Other" };
	static const char *const clash[] = { "Other", "Other", "Other_2" };
	static const char *const clash2[] = { "a_2", "a", "a", "a_3", "a" };
	static const char *const blanks[] = { "Respondent ID", "", "Q1", "", "column_2" };
	static const char *const reserved[] = { "respondent_id", "date" };
	static const char *const withres[] = { "Date", "Respondent ID", "Q1", "date_2" };
	static const char *const same[] = { "id", "q1" };

	ok(svy_names_make(&nm, typeform, 4, NULL, 0, &e) == 0, "make typeform");
	is_str(joined(&nm), "other,other_2,other_3,other_4", "Other x4");
	ok(nm.nrenames == 4, "all four renamed (case), three suffixed");
	ok(nm.renames[0].why == SVY_RENAME_TIDY
	   && nm.renames[1].why == (SVY_RENAME_TIDY | SVY_RENAME_DUPLICATE),
	   "why bits");
	is_str(nm.renames[3].from, "Other", "from is the raw name");
	ok(nm.renames[3].to == nm.name[3] && nm.renames[3].col == 3, "to and col");
	svy_names_fini(&nm);

	/* Other_2 exists as a real name, so the second Other skips to _3 */
	svy_names_make(&nm, clash, 3, NULL, 0, &e);
	is_str(joined(&nm), "other,other_3,other_2", "suffix skips a real name");
	svy_names_fini(&nm);

	/* reals: a_2, a, a_3.  Third col a -> a_2 real, a_3 real -> a_4;
	 * fifth col a -> a_5 (a_4 now used) */
	svy_names_make(&nm, clash2, 5, NULL, 0, &e);
	is_str(joined(&nm), "a_2,a,a_4,a_3,a_5", "suffixes skip reals and used");
	svy_names_fini(&nm);

	/* blank col 2 -> column_2 first; the real column_2 comes later and
	 * collides -> column_2_2 */
	svy_names_make(&nm, blanks, 5, NULL, 0, &e);
	is_str(joined(&nm), "respondent_id,column_2,q1,column_4,column_2_2", "blanks");
	ok(nm.nrenames == 5 && nm.renames[1].why == SVY_RENAME_BLANK
	   && nm.renames[4].why == SVY_RENAME_DUPLICATE, "blank and duplicate reasons");
	svy_names_fini(&nm);

	/* reserved output names are taken first: Date -> date_3, since date_2 is real */
	svy_names_make(&nm, withres, 4, reserved, 2, &e);
	is_str(joined(&nm), "date_3,respondent_id_2,q1,date_2", "reserved names");
	svy_names_fini(&nm);

	/* nothing to do: no renamings at all */
	svy_names_make(&nm, same, 2, NULL, 0, &e);
	ok(nm.nrenames == 0 && strcmp(joined(&nm), "id,q1") == 0, "tidy names untouched");
	svy_names_fini(&nm);

	ok(svy_names_make(&nm, NULL, 0, NULL, 0, &e) == 0 && nm.n == 0, "no columns");
	svy_names_fini(&nm);
	svy_names_fini(&nm);
}

static void many(void)
{
	enum { N = 500 };
	static const char *raw[N];
	struct svy_names nm;
	size_t i, j;
	int distinct = 1;

	/* 500 identical names: other, other_2 ... other_500, all distinct */
	for (i = 0; i < N; i++)
		raw[i] = "Other";
	ok(svy_names_make(&nm, raw, N, NULL, 0, NULL) == 0, "500 duplicates");
	for (i = 0; i < N && distinct; i++)
		for (j = i + 1; j < N; j++)
			if (strcmp(nm.name[i], nm.name[j]) == 0)
				distinct = 0;
	ok(distinct, "all distinct");
	is_str(nm.name[N - 1], "other_500", "last is other_500");
	svy_names_fini(&nm);
}

/* Each allocation fails in turn: SVY_ENOMEM, an empty result, no leak. */
static void out_of_memory(void)
{
	static const char *const raw[] = { "Other", "Other", "", "Q1" };
	unsigned long n;
	int clean = 1, rc = -1;

	for (n = 1; n < 40 && rc != 0; n++) {
		struct svy_names nm;
		struct svy_error e;

		svy_mem_fail_after(n);
		rc = svy_names_make(&nm, raw, 4, NULL, 0, &e);
		svy_mem_fail_after(0);
		if (rc != 0 && (rc != SVY_ENOMEM || nm.n || nm.name))
			clean = 0;
		svy_names_fini(&nm);
	}
	ok(clean && rc == 0, "failures clean, then success after %lu allocations", n - 1);
}

int main(void)
{
	tidying();
	unique();
	many();
	out_of_memory();
	return done();
}
