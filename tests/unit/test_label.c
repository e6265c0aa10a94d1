/* test_label.c - labelling rules (lib/label.c): option parsing and its
 * errors, bins, R's type-7 quantiles, lookup maps, NPS categories, rules,
 * the filter over files (both passes of --quantiles), and allocation
 * failures.  Every expected label and cut point is worked out by hand next
 * to the test. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svy.h"
#include "label.h"
#include "tap.h"
#include "tmpfile.h"

/* A header and one row built by hand. */
static const char *const hnames[] = { "id", "tenure", "nps", "plan", "code" };
static const struct svy_header hdr = { 5, hnames, "in.csv", 1 };

static struct svy_row mkrow(const char *const *f, size_t *lens, unsigned long line)
{
	struct svy_row r;
	size_t i;

	for (i = 0; i < 5; i++)
		lens[i] = strlen(f[i]);
	r.nfields = 5;
	r.field = f;
	r.len = lens;
	r.file = "in.csv";
	r.line = line;
	return r;
}

/* Label of one row with the given cell in column col (others filler). */
static const char *label1(struct svy_labeler *l, size_t col, const char *cell,
                          struct svy_error *e, int *rc)
{
	static char out[256];
	const char *f[5] = { "r1", "12", "9", "Pro", "007" };
	size_t lens[5], len;
	const char *lab;
	struct svy_row r;

	f[col] = cell;
	r = mkrow(f, lens, 7);
	svy_error_clear(e);
	*rc = svy_labeler_apply(l, &r, &lab, &len, e);
	if (*rc < 0)
		return "(error)";
	snprintf(out, sizeof out, "%.*s", (int)len, lab);
	return out;
}

static struct svy_labeler *make(const struct svy_label_opts *o, struct svy_error *e)
{
	struct svy_labeler *l;

	svy_error_clear(e);
	l = svy_labeler_new(o, 0, e);
	if (l && svy_labeler_bind(l, &hdr, e) < 0) {
		svy_labeler_free(l);
		return NULL;
	}
	return l;
}

static int usage_error(const struct svy_label_opts *o, const char *needle)
{
	struct svy_error e;
	struct svy_labeler *l;

	svy_error_clear(&e);
	l = svy_labeler_new(o, 0, &e);
	svy_labeler_free(l);
	if (!l && e.code == SVY_EUSAGE && strstr(e.msg, needle))
		return 1;
	printf("#   code %d, message '%s', wanted '%s'\n", e.code, e.msg, needle);
	return 0;
}

static void quantile7(void)
{
	static const double a[] = { 1, 2, 3, 4 };
	static const double b[] = { 1, 1, 2, 5 };
	static const double c[] = { 7 };
	static const double d[] = { 0, 10 };

	/* index = 1 + (n-1) p; (1-h) x[lo] + h x[hi] */
	near(svy_quantile7(a, 4, 0.5), 2.5, 0, "type 7: 1..4 at 1/2: index 2.5 -> 2.5");
	near(svy_quantile7(a, 4, 1.0 / 3), 2, 0, "type 7: 1..4 at 1/3: index 2 -> 2");
	near(svy_quantile7(a, 4, 0.25), 1.75, 1e-15, "type 7: 1..4 at 1/4: index 1.75 -> 1.75");
	near(svy_quantile7(b, 4, 0.25), 1, 0, "type 7: 1,1,2,5 at 1/4: between equal values -> 1");
	near(svy_quantile7(b, 4, 0.75), 2.75, 0, "type 7: 1,1,2,5 at 3/4: index 3.25 -> 2 + .25*3 = 2.75");
	near(svy_quantile7(c, 1, 0.5), 7, 0, "type 7: one value");
	near(svy_quantile7(d, 2, 0.3), 3, 1e-15, "type 7: 0,10 at .3 -> 3");
	near(svy_quantile7(a, 4, 0), 1, 0, "type 7: p 0 is the minimum");
	near(svy_quantile7(a, 4, 1), 4, 0, "type 7: p 1 is the maximum");
}

static void bins(void)
{
	struct svy_label_opts o = { 0 };
	struct svy_label_summary s;
	struct svy_labeler *l;
	struct svy_error e;
	int rc;

	o.bin = "tenure=0,3,12,24";
	l = make(&o, &e);
	ok(l != NULL, "--bin tenure=0,3,12,24 accepted");
	if (!l)
		return;
	is_str(svy_labeler_name(l), "segment", "the new column is 'segment' by default");
	is_str(label1(l, 1, "0", &e, &rc), "[0,3)", "0 -> [0,3) (edges are closed below)");
	is_str(label1(l, 1, "2.999", &e, &rc), "[0,3)", "2.999 -> [0,3)");
	is_str(label1(l, 1, "3", &e, &rc), "[3,12)", "3 -> [3,12) (open above)");
	is_str(label1(l, 1, " 12 ", &e, &rc), "[12,24)", "' 12 ' -> [12,24) (spaces trimmed)");
	is_str(label1(l, 1, "24", &e, &rc), "[24,inf)", "24 -> [24,inf)");
	is_str(label1(l, 1, "1e6", &e, &rc), "[24,inf)", "1e6 -> [24,inf)");
	is_str(label1(l, 1, "", &e, &rc), "", "empty -> empty label");
	is_str(label1(l, 1, "NA", &e, &rc), "", "NA -> empty label");
	label1(l, 1, "-1", &e, &rc);
	ok(rc == SVY_EDATA && e.line == 7 && strcmp(e.column, "tenure") == 0 &&
	   strstr(e.msg, "'-1'") && strstr(e.msg, "below the first --bin edge"),
	   "-1 without --default: data error at line 7, column tenure (%s)", e.msg);
	label1(l, 1, "ten", &e, &rc);
	ok(rc == SVY_EDATA && strstr(e.msg, "'ten' is not a number"), "'ten': not a number");
	svy_labeler_summary(l, &s);
	ok(s.rows == 10 && s.missing == 2 && s.defaulted == 0,
	   "summary: 10 rows, 2 missing (got %lu, %lu)", s.rows, s.missing);
	svy_labeler_free(l);

	o.bin = "tenure=0, 3 ,12";
	o.labels = "new, mid ,old";
	o.deflt = "negative";
	o.as = "tenure_band";
	l = make(&o, &e);
	ok(l != NULL, "--bin with --labels, --default, --as");
	if (!l)
		return;
	is_str(svy_labeler_name(l), "tenure_band", "--as names the column");
	is_str(label1(l, 1, "1", &e, &rc), "new", "--labels: first bin");
	is_str(label1(l, 1, "5", &e, &rc), "mid", "--labels: trimmed");
	is_str(label1(l, 1, "100", &e, &rc), "old", "--labels: last bin");
	is_str(label1(l, 1, "-0.5", &e, &rc), "negative", "below the first edge: --default");
	svy_labeler_summary(l, &s);
	ok(s.defaulted == 1, "one row got the default");
	svy_labeler_free(l);

	memset(&o, 0, sizeof o);
	o.bin = "tenure=3,1";
	ok(usage_error(&o, "edges must increase"), "edges 3,1: usage error");
	o.bin = "tenure=1,1";
	ok(usage_error(&o, "edges must increase"), "edges 1,1: usage error");
	o.bin = "tenure=";
	ok(usage_error(&o, "is not COL=EDGES"), "no edges: usage error");
	o.bin = "=1,2";
	ok(usage_error(&o, "is not COL=EDGES"), "no column: usage error");
	o.bin = "tenure";
	ok(usage_error(&o, "is not COL=EDGES"), "no '=': usage error");
	o.bin = "tenure=1,,2";
	ok(usage_error(&o, "empty item"), "empty edge: usage error");
	o.bin = "tenure=1,x";
	ok(usage_error(&o, "edge 'x' is not a number"), "edge x: usage error");
	o.bin = "tenure=1,2";
	o.labels = "a,b,c";
	ok(usage_error(&o, "3 labels for 2 bins"), "--labels count must match");
	o.labels = "a,";
	ok(usage_error(&o, "empty item"), "--labels: empty label");
}

static void quantiles(void)
{
	struct svy_label_opts o = { 0 };
	struct svy_label_summary s;
	struct svy_labeler *l;
	struct svy_error e;
	const char *f[5] = { "r", "", "9", "Pro", "1" };
	static const char *const vals[] = { "1", "2", "2", "3", "10", "", "4", "NA", "6", "8" };
	size_t lens[5], i;
	struct svy_row r;
	int rc;

	o.quantiles = "tenure=4";
	l = make(&o, &e);
	ok(l != NULL && svy_labeler_two_pass(l), "--quantiles tenure=4: two passes");
	if (!l)
		return;
	for (i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		f[1] = vals[i];
		r = mkrow(f, lens, 2 + i);
		if (svy_labeler_learn(l, &r, &e) < 0)
			break;
	}
	ok(i == 10, "learn skips missing values");
	svy_labeler_learned(l, &e);
	svy_labeler_summary(l, &s);
	/* sorted 1 2 2 3 4 6 8 10 (n 8): index 1 + 7j/4 = 2.75, 4.5, 6.25
	 * -> 2 + .75*0 = 2;  3 + .5*1 = 3.5;  6 + .25*2 = 6.5 */
	ok(s.ncuts == 3 && s.nvalues == 8, "3 cut points from 8 values");
	if (s.ncuts == 3) {
		near(s.cuts[0], 2, 0, "cut 1: 2");
		near(s.cuts[1], 3.5, 0, "cut 2: 3.5");
		near(s.cuts[2], 6.5, 0, "cut 3: 6.5");
	}
	/* right-closed: Q1 <= 2 < Q2 <= 3.5 < Q3 <= 6.5 < Q4 */
	is_str(label1(l, 1, "2", &e, &rc), "Q1", "2 (on the first cut) -> Q1");
	is_str(label1(l, 1, "2.5", &e, &rc), "Q2", "2.5 -> Q2");
	is_str(label1(l, 1, "3.5", &e, &rc), "Q2", "3.5 (on a cut) -> Q2");
	is_str(label1(l, 1, "6", &e, &rc), "Q3", "6 -> Q3");
	is_str(label1(l, 1, "6.5000001", &e, &rc), "Q4", "6.5000001 -> Q4");
	is_str(label1(l, 1, "-100", &e, &rc), "Q1", "-100 -> Q1");
	is_str(label1(l, 1, "", &e, &rc), "", "empty -> empty");
	svy_labeler_free(l);

	/* ties: 1 1 1 1 2 (n 5), K 2: index 3 -> cut 1; Q1 <= 1 < Q2 */
	o.quantiles = "tenure=2";
	o.labels = "low,high";
	l = make(&o, &e);
	if (l) {
		static const char *const t[] = { "1", "1", "1", "1", "2" };
		for (i = 0; i < 5; i++) {
			f[1] = t[i];
			r = mkrow(f, lens, 2 + i);
			svy_labeler_learn(l, &r, &e);
		}
		svy_labeler_learned(l, &e);
		is_str(label1(l, 1, "1", &e, &rc), "low", "ties: 1 -> low (a bin holds all of a value)");
		is_str(label1(l, 1, "2", &e, &rc), "high", "ties: 2 -> high");
		f[1] = "x";
		r = mkrow(f, lens, 9);
		rc = svy_labeler_learn(l, &r, &e);
		ok(rc == SVY_EDATA && e.line == 9 && strstr(e.msg, "'x' is not a number"),
		   "learn: an invalid value is a data error at its line");
	}
	svy_labeler_free(l);

	memset(&o, 0, sizeof o);
	o.quantiles = "tenure=1";
	ok(usage_error(&o, "--quantiles: '1' is not a whole number in 2-100"), "K 1: usage error");
	o.quantiles = "tenure=101";
	ok(usage_error(&o, "2-100"), "K 101: usage error");
	o.quantiles = "tenure=4";
	o.deflt = "x";
	ok(usage_error(&o, "--default does not go with --quantiles"), "--default with --quantiles");
}

static void map(void)
{
	struct svy_label_opts o = { 0 };
	struct svy_label_summary s;
	struct svy_labeler *l;
	struct svy_error e;
	char spec[256];
	int rc;

	snprintf(spec, sizeof spec, "plan=%s",
	         tmp_with("value,label\nPro,paid\n Basic ,paid\nFree,free\nPro,paid\n"));
	o.map = spec;
	l = make(&o, &e);
	ok(l != NULL, "--map loads a value,label file (a repeated identical pair is fine)");
	if (!l)
		return;
	is_str(label1(l, 3, "Pro", &e, &rc), "paid", "Pro -> paid");
	is_str(label1(l, 3, "Basic", &e, &rc), "paid", "keys are trimmed in the map");
	is_str(label1(l, 3, "  Free\t", &e, &rc), "free", "and in the data");
	is_str(label1(l, 3, "", &e, &rc), "", "empty -> empty label");
	label1(l, 3, "Gold", &e, &rc);
	ok(rc == SVY_EDATA && e.line == 7 && strcmp(e.column, "plan") == 0 &&
	   strstr(e.msg, "'Gold' is not in the map") && strstr(e.msg, "--default"),
	   "unmapped without --default: data error naming line, column, value (%s)", e.msg);
	label1(l, 3, "pro", &e, &rc);
	ok(rc == SVY_EDATA, "keys match case-sensitively");
	svy_labeler_free(l);

	o.deflt = "other";
	l = make(&o, &e);
	if (l) {
		is_str(label1(l, 3, "Gold", &e, &rc), "other", "unmapped with --default");
		svy_labeler_summary(l, &s);
		ok(s.defaulted == 1, "counted as defaulted");
	}
	svy_labeler_free(l);
	o.deflt = "";
	l = make(&o, &e);
	if (l) {
		is_str(label1(l, 3, "Gold", &e, &rc), "", "unmapped with --default '': empty");
		svy_labeler_summary(l, &s);
		ok(s.defaulted == 0 && s.unmatched == 1 && strcmp(s.opt, "--map") == 0,
		   "an empty --default is no label: counted as labelled empty");
	}
	svy_labeler_free(l);
	o.deflt = " \t ";
	ok(usage_error(&o, "--default: ' \\x09 ' is a blank label"), "a blank --default");
	o.deflt = NULL;

	snprintf(spec, sizeof spec, "plan=%s", tmp_with("value,label\nPro,paid\nFree, \t\n"));
	svy_error_clear(&e);
	l = svy_labeler_new(&o, 0, &e);
	ok(!l && e.code == SVY_EDATA && e.line == 3 && strcmp(e.column, "label") == 0 &&
	   strcmp(e.msg, "' \\x09' is a blank label for 'Free'") == 0,
	   "a blank label in the map: data error naming line, column, value (%s)", e.msg);
	svy_labeler_free(l);
	snprintf(spec, sizeof spec, "plan=%s", tmp_with("value,label\nPro,\n"));
	l = svy_labeler_new(&o, 0, &e);
	ok(!l && e.code == SVY_EDATA && e.line == 2 && strcmp(e.column, "label") == 0 &&
	   strcmp(e.msg, "empty label for 'Pro'") == 0,
	   "an empty label in the map (%s)", e.msg);
	svy_labeler_free(l);

	snprintf(spec, sizeof spec, "plan=%s", tmp_with("v,l\nPro,paid\nPro,gold\n"));
	svy_error_clear(&e);
	l = svy_labeler_new(&o, 0, &e);
	ok(!l && e.code == SVY_EDATA && e.line == 3 &&
	   strstr(e.msg, "'Pro' is mapped to 'gold' here and to 'paid' on line 2"),
	   "a value mapped to two labels: data error (%s)", e.msg);
	svy_labeler_free(l);
	snprintf(spec, sizeof spec, "plan=%s", tmp_with("v\nPro\n"));
	l = svy_labeler_new(&o, 0, &e);
	ok(!l && e.code == SVY_EDATA && strstr(e.msg, "two columns"), "a one-column map");
	svy_labeler_free(l);
	snprintf(spec, sizeof spec, "plan=%s", tmp_with("v,l\n,x\n"));
	l = svy_labeler_new(&o, 0, &e);
	ok(!l && e.code == SVY_EDATA && strstr(e.msg, "empty value"), "an empty value in the map");
	svy_labeler_free(l);
	snprintf(spec, sizeof spec, "plan=/nonexistent/map.csv");
	l = svy_labeler_new(&o, 0, &e);
	ok(!l && e.code == SVY_EIO, "a map that cannot be opened: I/O error");
	svy_labeler_free(l);
	snprintf(spec, sizeof spec, "plan=%s", tmp_with("v;l\nPro;paid\n"));
	l = svy_labeler_new(&o, ';', &e);
	ok(l != NULL, "the map is read with the input's delimiter");
	svy_labeler_free(l);
	o.labels = "a";
	ok(usage_error(&o, "--labels does not go with --map"), "--labels with --map");
}

static void nps_category(void)
{
	struct svy_label_opts o = { 0 };
	struct svy_labeler *l;
	struct svy_error e;
	static const char *const want[11] = {
		"detractor", "detractor", "detractor", "detractor", "detractor", "detractor",
		"detractor", "passive", "passive", "promoter", "promoter"
	};
	char cell[8];
	int rc, i, good = 1;

	o.nps_category = "nps";
	l = make(&o, &e);
	ok(l != NULL, "--nps-category nps");
	if (!l)
		return;
	for (i = 0; i <= 10; i++) {
		snprintf(cell, sizeof cell, "%d", i);
		if (strcmp(label1(l, 2, cell, &e, &rc), want[i]) != 0)
			good = 0;
	}
	ok(good, "0-6 detractor, 7-8 passive, 9-10 promoter");
	label1(l, 2, "11", &e, &rc);
	ok(rc == SVY_EDATA && strstr(e.msg, "'11' is not a score in 0-10"), "11: data error");
	label1(l, 2, "7.5", &e, &rc);
	ok(rc == SVY_EDATA, "7.5: data error");
	is_str(label1(l, 2, "NA", &e, &rc), "", "NA -> empty");
	svy_labeler_free(l);
	o.labels = "P,N,D";
	l = make(&o, &e);
	if (l) {
		is_str(label1(l, 2, "10", &e, &rc), "P", "--labels in the order promoter,");
		is_str(label1(l, 2, "8", &e, &rc), "N", "passive,");
		is_str(label1(l, 2, "0", &e, &rc), "D", "detractor");
	}
	svy_labeler_free(l);
	o.labels = "a,b";
	ok(usage_error(&o, "2 labels for 3 categories"), "--labels: three for the categories");
}

static void rules(void)
{
	const char *r[4];
	struct svy_label_opts o = { 0 };
	struct svy_label_summary s;
	struct svy_labeler *l;
	struct svy_error e;
	int rc;

	r[0] = "Fan: nps >= 9 and plan = Pro";
	r[1] = "  Paid : plan != Free";
	r[2] = "Code7: code = 7";
	r[3] = "Str: code < '1'";
	o.rules = r;
	o.nrules = 4;
	l = make(&o, &e);
	ok(l != NULL, "four rules parse");
	if (!l)
		return;
	is_str(label1(l, 2, "10", &e, &rc), "Fan", "nps 10 and Pro: first rule");
	is_str(label1(l, 2, "8", &e, &rc), "Paid", "nps 8: second rule (first match wins)");
	is_str(label1(l, 2, " 9.0 ", &e, &rc), "Fan", "numbers compare as numbers: ' 9.0 ' >= 9");
	is_str(label1(l, 3, "Free", &e, &rc), "Code7", "Free: third rule, '007' = 7 as numbers");
	{
		/* a condition on a missing cell is false: nps empty, plan Pro -> Paid */
		is_str(label1(l, 2, "", &e, &rc), "Paid", "nps empty: the condition is false");
	}
	label1(l, 2, "high", &e, &rc);
	ok(rc == SVY_EDATA && strcmp(e.column, "nps") == 0 &&
	   strstr(e.msg, "'high' is not a number (rule 'Fan: nps >= 9 and plan = Pro'"),
	   "a non-number against a number: data error (%s)", e.msg);
	svy_labeler_free(l);

	/* strings: byte order; quoted values are strings */
	r[0] = "C: plan = 'Pro Plus'";
	r[1] = "A: code < '1' and plan = Pro";
	r[2] = "B: plan > Basic";
	o.nrules = 3;
	l = make(&o, &e);
	if (l) {
		is_str(label1(l, 4, "007", &e, &rc), "A", "'007' < '1' as strings");
		is_str(label1(l, 4, "7", &e, &rc), "B", "'7' > '1': next rule, 'Pro' > 'Basic'");
		is_str(label1(l, 3, "Pro Plus", &e, &rc), "C", "a quoted value with a space");
		is_str(label1(l, 3, "Basic", &e, &rc), "", "no rule matches: empty label");
		svy_labeler_summary(l, &s);
		ok(s.unmatched == 1 && s.defaulted == 0, "counted as unmatched");
	}
	svy_labeler_free(l);
	o.deflt = "rest";
	l = make(&o, &e);
	if (l) {
		is_str(label1(l, 3, "Basic", &e, &rc), "rest", "no rule matches: --default");
		svy_labeler_summary(l, &s);
		ok(s.unmatched == 0 && s.defaulted == 1, "counted as defaulted");
	}
	svy_labeler_free(l);
	o.deflt = "";
	l = make(&o, &e);
	if (l) {
		is_str(label1(l, 3, "Basic", &e, &rc), "", "no rule matches, --default '': empty");
		svy_labeler_summary(l, &s);
		ok(s.unmatched == 1 && s.defaulted == 0, "counted as unmatched, as without --default");
	}
	svy_labeler_free(l);
	o.deflt = NULL;

	/* every operator on 5 */
	{
		static const char *const ops[6] = { "=", "!=", "<", "<=", ">", ">=" };
		static const int want[3][6] = {
			/* 4 */ { 0, 1, 1, 1, 0, 0 },
			/* 5 */ { 1, 0, 0, 1, 0, 1 },
			/* 6 */ { 0, 1, 0, 0, 1, 1 },
		};
		static const char *const v[3] = { "4", "5", "6" };
		char text[6][32];
		int i, j, good = 1;
		for (i = 0; i < 6; i++) {
			snprintf(text[i], sizeof text[i], "Y: nps %s 5", ops[i]);
			r[0] = text[i];
			o.nrules = 1;
			l = make(&o, &e);
			for (j = 0; j < 3 && l; j++)
				if ((strcmp(label1(l, 2, v[j], &e, &rc), "Y") == 0) != want[j][i])
					good = 0;
			if (!l)
				good = 0;
			svy_labeler_free(l);
		}
		ok(good, "= != < <= > >= on 4, 5, 6 against 5");
		r[0] = "Y:nps>5";
		l = make(&o, &e);
		ok(l && strcmp(label1(l, 2, "6", &e, &rc), "Y") == 0, "no spaces needed: 'Y:nps>5'");
		svy_labeler_free(l);
	}

	o.nrules = 1;
	r[0] = "Fan nps >= 9";
	ok(usage_error(&o, "no ':' after the label"), "no colon: usage error");
	r[0] = " : nps >= 9";
	ok(usage_error(&o, "empty label"), "empty label");
	r[0] = "Fan:";
	ok(usage_error(&o, "no condition"), "no condition");
	r[0] = "Fan: nps";
	ok(usage_error(&o, "expected an operator"), "no operator");
	r[0] = "Fan: nps == 9";
	ok(usage_error(&o, "expected an operator at '== 9'"), "== is not an operator");
	r[0] = "Fan: nps => 9";
	ok(usage_error(&o, "expected an operator at '=> 9'"), "=> is not an operator");
	r[0] = "Fan: nps >=";
	ok(usage_error(&o, "no value after the operator"), "no value");
	r[0] = "Fan: nps >= 9 or plan = Pro";
	ok(usage_error(&o, "expected 'and' or the end of the rule at 'or plan = Pro'"),
	   "'or' is not supported");
	r[0] = "Fan: nps >= 9 and";
	ok(usage_error(&o, "no condition after 'and'"), "dangling and");
	r[0] = "Fan: plan = 'Pro";
	ok(usage_error(&o, "unterminated quote"), "unterminated quote");
	r[0] = "Fan: nps >= 9";
	o.labels = "x";
	ok(usage_error(&o, "--labels does not go with --rule"), "--labels with --rule");
	o.labels = NULL;

	r[0] = "Fan: score >= 9";
	l = make(&o, &e);
	ok(!l && e.code == SVY_EDATA && strstr(e.msg, "no column 'score' (the header has: id,"),
	   "unknown column in a rule: data error listing the header (%s)", e.msg);
	svy_labeler_free(l);
}

static void kinds(void)
{
	struct svy_label_opts o = { 0 };
	struct svy_labeler *l;
	struct svy_error e;

	ok(usage_error(&o, "no labelling rule"), "no rule at all: usage error");
	o.bin = "tenure=1";
	o.nps_category = "nps";
	ok(usage_error(&o, "one kind of labelling per run"), "--bin and --nps-category");
	o.nps_category = NULL;
	o.as = "";
	ok(usage_error(&o, "--as: empty"), "--as ''");
	o.as = "plan";
	l = make(&o, &e);
	ok(!l && e.code == SVY_EDATA && strstr(e.msg, "already has a column 'plan'"),
	   "--as naming an existing column: data error");
	svy_labeler_free(l);
	o.as = NULL;
	o.bin = "nope=1";
	l = make(&o, &e);
	ok(!l && e.code == SVY_EDATA && strstr(e.msg, "no column 'nope'"), "unknown --bin column");
	svy_labeler_free(l);
}

static struct svy_common common(const char *out)
{
	struct svy_common c;

	memset(&c, 0, sizeof c);
	c.output = out;
	c.precision = 2;
	c.format = SVY_FMT_CSV;
	return c;
}

static void filter(void)
{
	const char *in = tmp_with("id,t,c\n"
	                          "a,5,\"x, y\"\n"
	                          "b,,z\n"
	                          "c,1,\"multi\nline\"\n"
	                          "d,9,w\n"
	                          "e,3,v\n");
	const char *out = tmp_with("");
	struct svy_label_opts o = { 0 };
	struct svy_label_summary s;
	struct svy_common c = common(out);
	struct svy_labeler *l;
	struct svy_error e;
	int rc;

	/* t: 5 1 9 3 (n 4): index 1 + 3j/2 = 2.5 -> 1,3,5,9: 3 + .5*2 = 4; Q1 <= 4 < Q2 */
	o.quantiles = "t=2";
	svy_error_clear(&e);
	l = svy_labeler_new(&o, 0, &e);
	rc = l ? svy_label_filter(l, &c, &in, 1, &s, &e) : -1;
	ok(rc == 0, "filter with --quantiles over a regular file (two passes)");
	is_str(slurp(out), "id,t,c,segment\n"
	       "a,5,\"x, y\",Q2\n"
	       "b,,z,\n"
	       "c,1,\"multi\nline\",Q1\n"
	       "d,9,w,Q2\n"
	       "e,3,v,Q1\n", "every row out, in order, plus the label; quoting kept where needed");
	ok(s.rows == 5 && s.missing == 1 && s.ncuts == 1 && s.cuts[0] == 4,
	   "summary: 5 rows, 1 missing, cut point 4");
	svy_labeler_free(l);

	o.quantiles = NULL;
	o.bin = "t=2";
	l = svy_labeler_new(&o, 0, &e);
	c.format = SVY_FMT_TSV;
	rc = l ? svy_label_filter(l, &c, &in, 1, &s, &e) : -1;
	ok(rc == SVY_EDATA && e.line == 4 && strstr(e.msg, "'1' is below"),
	   "filter stops at a value it cannot label (line 4: the row of c)");
	svy_labeler_free(l);

	{
		const char *two[2];
		two[0] = in;
		two[1] = "-";
		o.bin = NULL;
		o.quantiles = "t=2";
		l = svy_labeler_new(&o, 0, &e);
		rc = l ? svy_label_filter(l, &c, two, 2, &s, &e) : -1;
		ok(rc == SVY_EUSAGE && strstr(e.msg, "reads its input twice"),
		   "--quantiles over a file and standard input: usage error");
		svy_labeler_free(l);
	}
	c = common("/dev/full");
	o.quantiles = NULL;
	o.nps_category = "t";
	l = svy_labeler_new(&o, 0, &e);
	rc = l ? svy_label_filter(l, &c, &in, 1, &s, &e) : -1;
	ok(rc == SVY_EIO, "-o /dev/full: I/O error");
	svy_labeler_free(l);
}

/* Every allocation failure fails cleanly (no crash; leaks show under
 * valgrind and ASan). */
static void nomem(void)
{
	const char *in = tmp_with("id,t,plan\na,5,Pro\nb,,Free\nc,1,Pro\n");
	const char *out = tmp_with("");
	char spec[256];
	const char *r[2] = { "A: t > 2 and plan = Pro", "B: t <= 2" };
	struct svy_label_opts o[4];
	struct svy_common c = common(out);
	int k, bad = 0, ran = 0;
	unsigned long n;

	memset(o, 0, sizeof o);
	snprintf(spec, sizeof spec, "plan=%s", tmp_with("v,l\nPro,paid\nFree,free\n"));
	o[0].map = spec;
	o[1].quantiles = "t=3";
	o[1].labels = "lo,mid,hi";
	o[2].rules = r;
	o[2].nrules = 2;
	o[2].deflt = "none";
	o[3].bin = "t=0,2,4";
	for (k = 0; k < 4; k++)
		for (n = 1; n < 400; n++) {
			struct svy_label_summary s;
			struct svy_labeler *l;
			struct svy_error e;
			int rc;
			svy_error_clear(&e);
			svy_mem_fail_after(n);
			l = svy_labeler_new(&o[k], 0, &e);
			rc = l ? svy_label_filter(l, &c, &in, 1, &s, &e) : e.code;
			svy_labeler_free(l);
			svy_mem_fail_after(0);
			ran++;
			if (rc == 0)
				break;
			if (rc != SVY_ENOMEM)
				bad++;
		}
	ok(bad == 0 && ran > 40, "every allocation failure is reported as out of memory "
	   "(%d runs)", ran);
}

int main(void)
{

	quantile7();
	bins();
	quantiles();
	map();
	nps_category();
	rules();
	kinds();
	filter();
	nomem();
	tmp_cleanup();
	return done();
}
