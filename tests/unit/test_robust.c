/* test_robust.c - regression tests for what fuzzing and the malformed-input
 * work of issue 8 found (tests/fuzz/README.md lists each finding), plus
 * edge cases of the number parser and the merge format that the fuzz
 * targets rely on.  Each test names the finding it guards. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "convert.h"
#include "labels.h"
#include "sniff.h"
#include "svy.h"
#include "tap.h"

static char dir[] = "/tmp/svy-test-robust-XXXXXX";

static const char *path_of(const char *name)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static void put_file(const char *name, const char *data)
{
	FILE *f = fopen(path_of(name), "w");

	if (!f || fputs(data, f) < 0 || fclose(f) != 0)
		exit(2);
}

static char *get_file(const char *name)
{
	static char buf[1 << 16];
	FILE *f = fopen(path_of(name), "r");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

/* nps over file `in` with the given mode, output to file `out`. */
static int nps_run(const char *in, const char *out, int partial, int merge,
                   const char *weight, enum svy_format fmt, struct svy_error *e)
{
	struct svy_agg a;
	struct svy_common c;
	struct svy_nps_params p = { SVY_NPS_CI_ADJUSTED_WALD, 0, 0 };
	struct svy_metric m;
	struct svy_run_summary sum;
	const char *file = path_of(in);

	svy_agg_init(&a);
	a.partial = partial;
	a.merge = merge;
	a.weight = weight;
	memset(&c, 0, sizeof c);
	c.precision = 2;
	c.format = fmt;
	c.output = path_of(out);
	memset(&m, 0, sizeof m);
	svy_nps_init(&m, "nps", &p);
	svy_error_clear(e);
	return svy_run(&a, &m, &c, &file, 1, &sum, e);
}

#define PARTIAL_HEADER "svy_partial_v1,missing,invalid,wdrop_missing,wdrop_invalid," \
	"wdrop_nonpos,n_0,n_1,n_2,n_3,n_4,n_5,n_6,n_7,n_8,n_9,n_10,w_0,w_1,w_2,w_3,w_4,w_5," \
	"w_6,w_7,w_8,w_9,w_10,ww_0,ww_1,ww_2,ww_3,ww_4,ww_5,ww_6,ww_7,ww_8,ww_9,ww_10\n"

/* A partial-state row of nps:0-10 with only answer 10, count n. */
static void row10(char *buf, size_t size, const char *n)
{
	snprintf(buf, size, "nps:0-10,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,%s,0,0,0,0,0,0,0,0,0,0,%s,"
	         "0,0,0,0,0,0,0,0,0,0,%s\n", n, n, n);
}

static void merge_case(const char *what, const char *n1, const char *n2, int want_rc,
                       const char *want_msg)
{
	char text[4096], r[1024];
	struct svy_error e;
	int rc;

	snprintf(text, sizeof text, "%s", PARTIAL_HEADER);
	row10(r, sizeof r, n1);
	strcat(text, r);
	if (n2) {
		row10(r, sizeof r, n2);
		strcat(text, r);
	}
	put_file("merge.csv", text);
	rc = nps_run("merge.csv", "out.csv", 0, 1, NULL, SVY_FMT_CSV, &e);
	ok(rc == want_rc && (!want_msg || strstr(e.msg, want_msg)),
	   "merge: %s gives %d%s%s", what, want_rc, want_msg ? " naming " : "",
	   want_msg ? want_msg : "");
	if (rc != want_rc)
		printf("#   got rc %d: %s\n#   output: %s", rc, rc ? e.msg : "",
		       rc ? "\n" : get_file("out.csv"));
}

static void test_merge_limits(void)
{
	struct svy_error e;
	char *out;
	int rc;

	/* the bounds that hold today */
	merge_case("a count of 2^53 - 1", "9007199254740991", NULL, 0, NULL);
	merge_case("a count of exactly 2^53 (no longer exact after +1)", "9007199254740992", NULL,
	           SVY_EDATA, NULL);
	merge_case("2^53 + 2^53", "9007199254740992", "9007199254740992", SVY_EDATA, "2^53");
	merge_case("a negative count", "-1", NULL, SVY_EDATA, "not a state value");
	merge_case("nan as a count", "nan", NULL, SVY_EDATA, "not a state value");
	merge_case("1e999 as a count", "1e999", NULL, SVY_EDATA, "not a state value");
	merge_case("hex 0x10 as a count", "0x10", NULL, SVY_EDATA, "not a state value");

	/* R8-3: the sum 2^53 + 1 rounds to 2^53 before the check sees it */
	merge_case("(R8-3) 2^53-1 + 2 (sum rounds down to 2^53)", "9007199254740991", "2",
	           SVY_EDATA, "2^53");
	merge_case("(R8-3) 2^53 + 1", "9007199254740992", "1", SVY_EDATA, "2^53");
	merge_case("(R8-3) a cell of 2^53 + 1 (strtod rounds it)", "9007199254740993", NULL,
	           SVY_EDATA, NULL);
	merge_case("(R8-3) a count of 1.5", "1.5", NULL, SVY_EDATA, NULL);

	/* R8-2: weighted states hold sums of squared weights far above 2^53 */
	put_file("w.csv", "region,nps,w\nA,10,100000000\nA,10,100000000\nA,9,100000000\n");
	rc = nps_run("w.csv", "direct.csv", 0, 0, "w", SVY_FMT_CSV, &e);
	ok(rc == 0, "weights of 1e8: direct run");
	rc = nps_run("w.csv", "part.csv", 1, 0, "w", SVY_FMT_CSV, &e);
	ok(rc == 0, "weights of 1e8: --partial");
	rc = nps_run("part.csv", "merged.csv", 0, 1, NULL, SVY_FMT_CSV, &e);
	ok(rc == 0, "(R8-2) merge: weighted partial with large weights (ww > 2^53) merges");
	if (rc)
		printf("#   %s\n", e.msg);
	else {
		char direct[4096];
		snprintf(direct, sizeof direct, "%s", get_file("direct.csv"));
		is_str(get_file("merged.csv"), direct, "(R8-2) partial + merge == direct");
	}

	/* R8-4: a weight whose square overflows */
	put_file("huge.csv", "nps,w\n10,1e308\n3,1e308\n");
	rc = nps_run("huge.csv", "huge.json", 0, 0, "w", SVY_FMT_JSON, &e);
	out = get_file("huge.json");
	ok(rc != 0 || (!strstr(out, "inf") && !strstr(out, "nan")),
	   "(R8-4) weights of 1e308: no inf or nan in JSON output");
	if (rc == 0 && (strstr(out, "inf") || strstr(out, "nan")))
		printf("#   %s", out);
	put_file("huge2.csv", "nps,w\n10,1e200\n9,2\n");
	rc = nps_run("huge2.csv", "huge2.part", 1, 0, "w", SVY_FMT_CSV, &e);
	if (rc == 0) {
		rc = nps_run("huge2.part", "huge2.out", 0, 1, NULL, SVY_FMT_CSV, &e);
		ok(rc == 0, "(R8-4) a weight of 1e200: the --partial it writes can be merged");
		if (rc)
			printf("#   %s\n", e.msg);
	} else {
		ok(rc == SVY_EDATA, "(R8-4) a weight of 1e200 is refused as a data error");
	}
}

/* R8-5: a number wider than the writer's buffer */
static void test_writer_wide_numbers(void)
{
	struct svy_error e;
	struct svy_writer *w;
	const char *names[2] = { "a", "b" };
	struct svy_cell cells[2];
	char want[400];
	int rc;

	w = svy_writer_open(path_of("wide.csv"), SVY_FMT_CSV, ',', 2, &e);
	cells[0].kind = SVY_CELL_NUM;
	cells[0].v = 1e70;
	cells[1].kind = SVY_CELL_INT;
	cells[1].v = 1e100;
	rc = w ? svy_writer_header(w, names, 2, &e) : -1;
	if (rc == 0)
		rc = svy_writer_row(w, cells, 2, &e);
	if (w)
		svy_writer_close(w, &e);
	snprintf(want, sizeof want, "a,b\n%.2f,%.0f\n", 1e70, 1e100);
	is_str(get_file("wide.csv"), want, "(R8-5) writer: 1e70 and 1e100 written in full");
}

/* R8-1: iconv's UTF-8 decoder lets code points above U+10FFFF through */
static void test_convert_utf8(void)
{
	static const char *const bad[] = {
		"a\xf4\x90\x80\x80z",             /* U+110000 */
		"a\xf5\x80\x80\x80z",             /* lead byte F5 */
		"a\xf8\x88\x80\x80\x80z",         /* 5-byte form */
		"a\xfd\xa0\xa0\xa0\xa0\xa0z",     /* 6-byte form */
		"a\xed\xa0\x80z",                 /* surrogate (rejected today) */
		"a\xc0\xafz",                     /* overlong (rejected today) */
	};
	size_t i;
	int rep;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		for (rep = 0; rep < 2; rep++) {
			struct svy_error e;
			struct svy_conv *c = svy_conv_open("UTF-8", rep, &e);
			const char *out = NULL;
			size_t n = 0, off;
			int rc = c ? svy_conv_feed(c, bad[i], strlen(bad[i]), 1, &out, &n, &e) : -99;
			int valid = rc == 0 && svy_sniff_utf8(out, n, 1, &off) == 0;
			if (rep)
				ok(valid, "(R8-1) convert: UTF-8 case %zu, replace mode: output is UTF-8", i);
			else
				ok(rc == SVY_EDATA, "(R8-1) convert: UTF-8 case %zu is an error (got rc %d%s)",
				   i, rc, rc == 0 && !valid ? ", invalid output" : "");
			svy_conv_close(c);
		}
}

/* R8-11: a label followed by NUL bytes read past the end of the built-in
 * label (ASan: global-buffer-overflow in norm_eq) */
static void test_labels_nul(void)
{
	static const char cell[] = "Promoter\0\0\0";
	long v = -1;
	unsigned which = 0;
	int rc = svy_labels_builtin(SVY_LABELS_NPS_GROUP | SVY_LABELS_SATISFACTION, cell,
	                            sizeof cell - 1, &v, &which);

	ok(rc == SVY_EINVALID, "(R8-11) labels: 'Promoter' followed by NUL bytes is no label "
	   "(got %d, value %ld)", rc, v);
	rc = svy_labels_builtin(SVY_LABELS_AGREEMENT, "agree\0", 6, &v, NULL);
	ok(rc == SVY_EINVALID, "(R8-11) labels: 'agree' followed by a NUL is no label (got %d)", rc);
}

/* R8-12: a weighted --partial of an input without rows merges as unweighted */
static void test_empty_weighted_partial(void)
{
	struct svy_agg a;
	struct svy_common c;
	struct svy_nps_params p = { SVY_NPS_CI_ADJUSTED_WALD, 0, 0 };
	struct svy_metric m;
	struct svy_run_summary sum;
	struct svy_error e;
	const char *file;
	char direct[4096];
	int mode, rc = 0;

	put_file("empty-w.csv", "region,nps,w\n");
	for (mode = 0; mode < 3 && rc == 0; mode++) {
		svy_agg_init(&a);
		a.by = mode == 2 ? NULL : "region";
		if (mode == 2)
			a.by = "region";
		a.weight = mode == 2 ? NULL : "w";
		a.partial = mode == 1;
		a.merge = mode == 2;
		memset(&c, 0, sizeof c);
		c.precision = 2;
		c.output = path_of(mode == 0 ? "ew-direct.csv" : mode == 1 ? "ew.part" : "ew-merged.csv");
		memset(&m, 0, sizeof m);
		svy_nps_init(&m, "nps", &p);
		file = path_of(mode == 2 ? "ew.part" : "empty-w.csv");
		rc = svy_run(&a, &m, &c, &file, 1, &sum, &e);
	}
	ok(rc == 0, "weighted partial of a header-only input: runs");
	snprintf(direct, sizeof direct, "%s", get_file("ew-direct.csv"));
	is_str(get_file("ew-merged.csv"), direct,
	       "(R8-12) --by --weight on a header-only input: partial + merge == direct");
}

/* Number cells from the malformed corpus: exactly what num.h documents. */
static void test_number_cells(void)
{
	static const struct { const char *s; int rc; double v; } cells[] = {
		{ "1e999", SVY_EINVALID, 0 }, { "-1e999", SVY_EINVALID, 0 },
		{ "nan", SVY_EINVALID, 0 }, { "NaN", SVY_EINVALID, 0 }, { "inf", SVY_EINVALID, 0 },
		{ "-0", 0, 0 }, { "0x10", SVY_EINVALID, 0 }, { "\xef\xbc\x99", SVY_EINVALID, 0 },
		{ "1,5", SVY_EINVALID, 0 }, { " 7 ", 0, 7 }, { "NA", SVY_EMISSING, 0 },
		{ "", SVY_EMISSING, 0 }, { "1e-400", 0, 0 }, { "+.5", 0, 0.5 },
		{ "5.", 0, 5 }, { ".", SVY_EINVALID, 0 }, { "1e", SVY_EINVALID, 0 },
		{ "١", SVY_EINVALID, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof cells / sizeof cells[0]; i++) {
		double v = -12345;
		int rc = svy_num_double(cells[i].s, strlen(cells[i].s), &v);
		ok(rc == cells[i].rc && (rc != 0 || v == cells[i].v), "number cell '%s': %d",
		   cells[i].s, cells[i].rc);
	}
	{
		long l = 1;
		ok(svy_num_int("-0", 2, &l) == 0 && l == 0, "'-0' is the integer 0");
		ok(svy_num_int("1000000000000001", 16, &l) == SVY_EINVALID, "beyond 10^15 is invalid");
	}
}

int main(void)
{
	char cmd[300];

	if (!mkdtemp(dir))
		return 2;
	test_number_cells();
	test_merge_limits();
	test_writer_wide_numbers();
	test_convert_utf8();
	test_labels_nul();
	test_empty_weighted_partial();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 2;
	return done();
}
