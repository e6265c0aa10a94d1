/* test_ingest_labels.c - unit tests for lib/ingest/labels: built-in scales,
 * leading integers, normalisation, the user table and its failure paths. */
#include <string.h>

#include "labels.h"
#include "mem.h"
#include "tap.h"

/* value, or -1000 for missing, -2000 for invalid */
static long bi(unsigned maps, const char *s)
{
	long v = -9999;
	int rc = svy_labels_builtin(maps, s, strlen(s), &v, NULL);

	return rc == SVY_EMISSING ? -1000 : rc == SVY_EINVALID ? -2000 : v;
}

static long lk(const struct svy_labels *l, const char *col, unsigned maps, const char *s)
{
	long v = -9999;
	int rc = svy_labels_lookup(l, col, maps, s, strlen(s), &v);

	return rc == SVY_EMISSING ? -1000 : rc == SVY_EINVALID ? -2000 : v;
}

static void integers(void)
{
	const unsigned I = SVY_LABELS_INT;

	ok(bi(I, "9") == 9, "plain 9");
	ok(bi(I, " 10 ") == 10, "spaces trimmed");
	ok(bi(I, "10 - Extremely likely") == 10, "10 - Extremely likely");
	ok(bi(I, "0 = Not at all likely") == 0, "0 = Not at all likely");
	ok(bi(I, "0-Not at all likely") == 0, "no spaces around dash");
	ok(bi(I, "7: Likely") == 7, "colon");
	ok(bi(I, "3) Neutral") == 3, "paren");
	ok(bi(I, "10 (Extremely likely)") == 10, "open paren");
	ok(bi(I, "10 \xe2\x80\x93 Extremely likely") == 10, "en dash");
	ok(bi(I, "10 Extremely likely") == 10, "space then word");
	ok(bi(I, "-99") == -99, "negative recode (don't know)");
	ok(bi(I, "+3") == 3, "plus sign");
	ok(bi(I, "10.0") == 10, "Excel 10.0 is 10");
	ok(bi(I, "10.") == 10, "10. is a label");
	/* out of range is not this module's business: 11 is 11 */
	ok(bi(I, "11") == 11, "no clamping");
	/* not integers */
	ok(bi(I, "10.5") == -2000, "10.5 invalid");
	ok(bi(I, "1,5") == -2000, "1,5 invalid");
	ok(bi(I, "3/5/2024") == -2000, "a date is no score");
	ok(bi(I, "10a") == -2000, "10a invalid");
	ok(bi(I, "1 2") == -2000, "1 2 invalid");
	ok(bi(I, "1 - 5") == -2000, "a range is no score");
	ok(bi(I, "eleven") == -2000, "words invalid");
	ok(bi(I, "-") == -2000 && bi(I, "+") == -2000, "bare sign invalid");
	ok(bi(I, "1234567890") == -2000, "too many digits, no overflow");
	ok(bi(I, "") == -1000 && bi(I, " \t ") == -1000, "blank is missing");
	ok(bi(I, "\xc2\xa0") == -1000, "NBSP only is missing");
	/* surveykit(7): NA is missing; compared like a label (case, spaces) */
	ok(bi(I, "NA") == -1000 && bi(I, " NA\t") == -1000 && bi(I, "na") == -1000
	   && bi(SVY_LABELS_DEFAULT | SVY_LABELS_ZENDESK, "NA") == -1000, "NA is missing");
	ok(bi(I, "N/A") == -2000 && bi(I, "NAN") == -2000 && bi(I, "N A") == -2000,
	   "only NA itself");
}

static void scales(void)
{
	const unsigned S = SVY_LABELS_SATISFACTION, A = SVY_LABELS_AGREEMENT;
	unsigned which = 0;
	long v;

	ok(bi(S, "Very dissatisfied") == 1 && bi(S, "Dissatisfied") == 2
	   && bi(S, "Neither satisfied nor dissatisfied") == 3 && bi(S, "Neutral") == 3
	   && bi(S, "Satisfied") == 4 && bi(S, "Very satisfied") == 5, "csat 5-point");
	ok(bi(S, "Extremely dissatisfied") == 1 && bi(S, "Somewhat dissatisfied") == 2
	   && bi(S, "Somewhat satisfied") == 4 && bi(S, "Extremely satisfied") == 5,
	   "csat extremely/somewhat");
	/* case and white space do not matter: runs collapse, ends trim */
	ok(bi(S, "  VERY   satisfied\t") == 5, "case and spaces");
	ok(bi(S, "very\xc2\xa0satisfied") == 5, "NBSP inside");
	ok(bi(S, "very\r\nsatisfied") == 5, "CRLF inside");
	ok(bi(S, "verysatisfied") == -2000, "missing space is a different label");
	ok(bi(S, "Very satisfied!") == -2000, "punctuation matters");
	ok(bi(S, "Strongly agree") == -2000, "agreement not enabled");
	ok(bi(A, "Strongly disagree") == 1 && bi(A, "Disagree") == 2
	   && bi(A, "Neither agree nor disagree") == 3 && bi(A, "Agree") == 4
	   && bi(A, "Strongly agree") == 5, "agreement 5-point");
	/* the typo is a real label in SurveyMonkey files: unknown, not guessed */
	ok(bi(A, "Aagree") == -2000 && bi(A, "Disgree") == -2000, "typos unknown");
	ok(bi(SVY_LABELS_DEFAULT, "4") == 4 && bi(SVY_LABELS_DEFAULT, "agree") == 4
	   && bi(SVY_LABELS_DEFAULT, "satisfied") == 4, "default maps");
	ok(svy_labels_builtin(SVY_LABELS_DEFAULT, "Agree", 5, &v, &which) == 0
	   && which == SVY_LABELS_AGREEMENT, "which map matched");
	is_str(svy_labels_map_name(SVY_LABELS_FRESHDESK), "freshdesk", "map name");
	is_str(svy_labels_map_name(3), "?", "not one map");
	ok(bi(0, "5") == -2000, "no maps: everything unknown");
}

static void platforms(void)
{
	const unsigned Z = SVY_LABELS_ZENDESK, F = SVY_LABELS_FRESHDESK;
	const unsigned G = SVY_LABELS_NPS_GROUP;

	ok(bi(Z, "Good") == 1 && bi(Z, "Good with comment") == 1, "zendesk good");
	ok(bi(Z, "Bad") == 0 && bi(Z, "bad with comment") == 0, "zendesk bad");
	ok(bi(Z, "Offered") == -1000 && bi(Z, "Unoffered") == -1000 && bi(Z, "") == -1000,
	   "zendesk no rating");
	ok(bi(Z, "1") == -2000, "zendesk has no numeric codes");
	ok(bi(F, "Extremely Happy") == 103 && bi(F, "Very Happy") == 102 && bi(F, "Happy") == 101
	   && bi(F, "Neutral") == 100 && bi(F, "Unhappy") == -101
	   && bi(F, "Very Unhappy") == -102 && bi(F, "Extremely Unhappy") == -103,
	   "freshdesk labels");
	ok(bi(F, "103") == 103 && bi(F, "-102") == -102, "freshdesk codes");
	ok(bi(F, "104") == -2000 && bi(F, "4") == -2000, "not freshdesk codes");
	/* platform maps come first: Neutral is 100 for Freshdesk, 3 otherwise */
	ok(bi(F | SVY_LABELS_DEFAULT, "Neutral") == 100, "freshdesk wins neutral");
	ok(bi(SVY_LABELS_DEFAULT, "Neutral") == 3, "neutral is 3 by default");
	ok(bi(G, "Detractor") == 1 && bi(G, "Passive") == 2 && bi(G, "PROMOTER") == 3,
	   "nps group labels");
	ok(bi(G, "2") == 2 && bi(G, "4") == -2000, "nps group codes");
}

static void user_table(void)
{
	struct svy_labels *l;
	struct svy_error e;
	int rc;

	l = svy_labels_new(&e);
	ok(l != NULL, "new");
	if (!l)
		return;
	ok(svy_labels_add(l, "q5", "Aagree", "4", &e) == 0, "add typo row");
	ok(svy_labels_add(l, "q5", "Disgree", "2", &e) == 0, "add second typo");
	ok(svy_labels_add(l, "q5", "  disgree ", "2", &e) == 0, "same row again is fine");
	rc = svy_labels_add(l, "q5", "DISGREE", "3", &e);
	ok(rc == SVY_EDATA && strstr(e.msg, "mapped twice"), "conflict: %s", e.msg);
	ok(svy_labels_add(l, "q5", "Agree", "40", &e) == 0, "override a built-in");
	ok(svy_labels_add(l, "*", "Don't know", "NA", &e) == 0, "NA means missing");
	ok(svy_labels_add(l, "*", "Refused", "", &e) == 0, "empty value means missing");
	ok(svy_labels_add(l, "*", "Top", "10", &e) == 0, "all-column row");
	ok(svy_labels_add(l, "q6", "Top", "7", &e) == 0, "column row beats '*'");
	ok(svy_labels_add(l, "q5", "x", "four", &e) == SVY_EDATA, "value not an integer");
	ok(svy_labels_add(l, "q5", "x", "1.5", &e) == SVY_EDATA, "value not an integer 1.5");
	ok(svy_labels_add(l, "q5", "x", "1234567890", &e) == SVY_EDATA, "value too long");
	ok(svy_labels_add(l, "q5", " ", "1", &e) == SVY_EDATA, "blank label");
	ok(svy_labels_add(l, "", "x", "1", &e) == SVY_EDATA, "empty column");
	ok(svy_labels_count(l) == 7, "7 rows kept");

	ok(lk(l, "q5", SVY_LABELS_DEFAULT, "aagree") == 4, "typo mapped for q5");
	ok(lk(l, "q6", SVY_LABELS_DEFAULT, "aagree") == -2000, "typo unknown for q6");
	ok(lk(l, "q5", SVY_LABELS_DEFAULT, "Agree") == 40, "user overrides built-in");
	ok(lk(l, "q6", SVY_LABELS_DEFAULT, "Agree") == 4, "built-in elsewhere");
	ok(lk(l, "q6", SVY_LABELS_DEFAULT, "don't   KNOW") == -1000, "'*' missing label");
	ok(lk(l, "q9", SVY_LABELS_DEFAULT, "refused") == -1000, "'*' empty value");
	ok(lk(l, "q9", SVY_LABELS_DEFAULT, "top") == 10 && lk(l, "q6", 0, "top") == 7,
	   "column row before '*'");
	ok(lk(l, "Q5", SVY_LABELS_DEFAULT, "aagree") == -2000, "column compared exactly");
	ok(lk(l, "q5", SVY_LABELS_DEFAULT, "") == -1000, "empty is missing");
	ok(lk(NULL, "q5", SVY_LABELS_DEFAULT, "8 - likely") == 8, "no table");
	ok(lk(l, "q5", SVY_LABELS_DEFAULT, "NA") == -1000, "NA is missing through the table");
	ok(svy_labels_add(l, "q7", "NA", "3", &e) == 0 && lk(l, "q7", SVY_LABELS_DEFAULT, "NA") == 3,
	   "a label row can give NA a value");
	svy_labels_free(l);
	svy_labels_free(NULL);

	/* many rows force the hash table to grow several times */
	l = svy_labels_new(&e);
	if (l) {
		char lab[32], val[16];
		int i, bad = 0;

		for (i = 0; i < 1000 && !bad; i++) {
			snprintf(lab, sizeof lab, "Label %d", i);
			snprintf(val, sizeof val, "%d", i);
			bad = svy_labels_add(l, i % 2 ? "a" : "b", lab, val, &e) != 0;
		}
		for (i = 0; i < 1000 && !bad; i++) {
			snprintf(lab, sizeof lab, "LABEL  %d", i);
			bad = lk(l, i % 2 ? "a" : "b", 0, lab) != i || lk(l, i % 2 ? "b" : "a", 0, lab) != -2000;
		}
		ok(!bad && svy_labels_count(l) == 1000, "1000 rows, all found");
		svy_labels_free(l);
	}
}

/* Every allocation in turn fails: the call reports SVY_ENOMEM and nothing
 * leaks (ASan's leak checker watches). */
static void out_of_memory(void)
{
	unsigned long n;
	int clean = 1;

	for (n = 1; n < 40; n++) {
		struct svy_error e;
		struct svy_labels *l;
		int i, rc = 0;

		svy_mem_fail_after(n);
		l = svy_labels_new(&e);
		for (i = 0; l && i < 20 && rc == 0; i++) {
			char lab[16];

			snprintf(lab, sizeof lab, "l%d", i);
			rc = svy_labels_add(l, "c", lab, "1", &e);
		}
		if (l && rc != 0 && rc != SVY_ENOMEM)
			clean = 0;
		svy_mem_fail_after(0);
		svy_labels_free(l);
	}
	ok(clean, "allocation failures are SVY_ENOMEM");
}

/* Bare numbers take a short cut when nobody asks which map answered: it
 * must give what the maps in order give. */
static void bare_numbers(void)
{
	static const char *const v[] = { "0", "1", "2", "3", "7", "10", "100", "101", "102",
		"103", "007", "999999999", "1234567890", "5 ", " 5", "+5", "-101", "5.0" };
	unsigned maps, which;
	size_t i, bad = 0;

	for (maps = 0; maps < 64; maps++) {
		for (i = 0; i < sizeof v / sizeof v[0]; i++) {
			long a = -1, b = -1;
			int ra = svy_labels_builtin(maps, v[i], strlen(v[i]), &a, NULL);
			int rb = svy_labels_builtin(maps, v[i], strlen(v[i]), &b, &which);

			if (ra != rb || (ra == 0 && a != b))
				bad++;
		}
	}
	ok(bad == 0, "bare numbers read the same by every map combination (%zu differ)", bad);
}

int main(void)
{
	bare_numbers();
	integers();
	scales();
	platforms();
	user_table();
	out_of_memory();
	return done();
}
