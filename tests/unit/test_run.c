/* test_run.c - the aggregator driver (lib/run.c) in process: direct runs,
 * --total, header-only input, --partial then --merge, summary counts, and
 * the errors with their file, line and column.
 *
 * Expected results are worked out by hand (the arithmetic is next to them)
 * and printed at 2 decimals with half-to-even rounding of the binary value. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svy.h"
#include "tap.h"
#include "tmpfile.h"

/* One run; the output lands in outp. */
struct job {
	struct svy_agg a;
	struct svy_common c;
	struct svy_nps_params p;
	struct svy_metric m;
	struct svy_run_summary sum;
	struct svy_error e;
	int rc;
};

static void job_init(struct job *j, const char *outp)
{
	memset(j, 0, sizeof *j);
	svy_agg_init(&j->a);
	j->c.precision = 2;
	j->c.format = SVY_FMT_CSV;
	j->c.output = outp;
	j->p.ci = SVY_NPS_CI_WALD;
}

static const char *run(struct job *j, const char *const *files, size_t n)
{
	svy_nps_init(&j->m, "nps", &j->p);
	svy_error_clear(&j->e);
	j->rc = svy_run(&j->a, &j->m, &j->c, files, n, &j->sum, &j->e);
	return j->rc == 0 ? slurp(j->c.output) : "(failed)";
}

static const char *out1, *out2;

#define HDR "n,missing,invalid,promoters,passives,detractors,pct_promoters," \
	"pct_passives,pct_detractors,nps,se,ci_low,ci_high,low_base\n"

/* g a: 10, 9, 7, 3 -> P 2, A 1, D 1, n 4: NPS 100(2-1)/4 = 25;
 *   p = .5, d = .25, v = .75 - .0625 = .6875, SE = 100 sqrt(.6875/4) = 41.4578;
 *   Wald 25 -/+ 1.959964*41.4578 = 25 -/+ 81.2559 -> -56.26, 106.26 clipped to 100
 * g b: 0 and one empty -> n 1, missing 1, D 1: -100, SE 0, Wald [-100, -100]
 * all: P 2, A 1, D 2, n 5: NPS 0; v = .4 + .4 - 0 = .8, SE = 100 sqrt(.8/5) = 40;
 *   Wald -/+ 78.3986 -> -78.40, 78.40 */
static const char input[] = "g,nps\na,10\nb,0\na,9\na,7\nb,\na,3\n";
static const char want_by[] = "g," HDR
	"a,4,0,0,2,1,1,50.00,25.00,25.00,25.00,41.46,-56.26,100.00,1\n"
	"b,1,1,0,0,0,1,0.00,0.00,100.00,-100.00,0.00,-100.00,-100.00,1\n";
static const char want_total_row[] =
	"(all),5,1,0,2,1,2,40.00,20.00,40.00,0.00,40.00,-78.40,78.40,1\n";

static void direct(void)
{
	const char *in = tmp_with(input);
	struct job j;
	char want[2048];

	job_init(&j, out1);
	j.a.by = "g";
	is_str(run(&j, &in, 1), want_by, "--by g, --ci wald: hand-worked figures");
	ok(j.sum.rows == 6 && j.sum.missing == 1 && j.sum.invalid == 0 && j.sum.groups == 2,
	   "summary: 6 rows, 1 missing, 2 groups");

	job_init(&j, out1);
	j.a.by = "g";
	j.a.total = 1;
	snprintf(want, sizeof want, "%s%s", want_by, want_total_row);
	is_str(run(&j, &in, 1), want, "--total adds (all) last");

	/* without --by: one row over everything (the total without a label) */
	job_init(&j, out1);
	is_str(run(&j, &in, 1), HDR "5,1,0,2,1,2,40.00,20.00,40.00,0.00,40.00,-78.40,78.40,1\n",
	       "no --by: one row");

	/* adjusted Wald for a: P' 2.75, D' 1.75, n' 7: centre 100/7 = 14.2857,
	 * v' = 4.5/7 - (1/7)^2 = .622449, SE' = 29.8198, -/+ 58.4457 -> -44.16, 72.73;
	 * b: P' .75, D' 1.75, n' 4: -25 -/+ z 37.5 -> -98.50, 48.50 */
	job_init(&j, out1);
	j.a.by = "g";
	j.p.ci = SVY_NPS_CI_ADJUSTED_WALD;
	j.a.min_n = 2;
	is_str(run(&j, &in, 1), "g," HDR
	       "a,4,0,0,2,1,1,50.00,25.00,25.00,25.00,41.46,-44.16,72.73,0\n"
	       "b,1,1,0,0,0,1,0.00,0.00,100.00,-100.00,0.00,-98.50,48.50,1\n",
	       "adjusted Wald, --min-n 2");

	/* header only: no --by gives one row with n = 0 and empty estimates;
	 * --by gives the header alone */
	in = tmp_with("g,nps\n");
	job_init(&j, out1);
	is_str(run(&j, &in, 1), HDR "0,0,0,0,0,0,,,,,,,,1\n", "header only, no --by");
	job_init(&j, out1);
	j.a.by = "g";
	is_str(run(&j, &in, 1), "g," HDR, "header only, --by: the header alone");

	/* a group with no valid answer: counts, empty estimates */
	in = tmp_with("g,nps\na,\na,NA\nb,9\n");
	job_init(&j, out1);
	j.a.by = "g";
	is_str(run(&j, &in, 1), "g," HDR "a,0,2,0,0,0,0,,,,,,,,1\n"
	       "b,1,0,0,1,0,0,100.00,0.00,0.00,100.00,0.00,100.00,100.00,1\n",
	       "a group without valid answers has empty estimates");

	/* two --by columns, groups not adjacent, sorted by values */
	in = tmp_with("r,p,nps\nx,B,10\ny,A,0\nx,A,9\nx,B,9\n");
	job_init(&j, out1);
	j.a.by = "r,p";
	j.p.ci = SVY_NPS_CI_NONE;
	is_str(run(&j, &in, 1), "r,p," HDR
	       "x,A,1,0,0,1,0,0,100.00,0.00,0.00,100.00,0.00,,,1\n"
	       "x,B,2,0,0,2,0,0,100.00,0.00,0.00,100.00,0.00,,,1\n"
	       "y,A,1,0,0,0,0,1,0.00,0.00,100.00,-100.00,0.00,,,1\n",
	       "--by r,p sorted column by column; --ci none");
}

static void weights(void)
{
	/* weights: 1 usable (10 w 1), then 9 with an empty weight, 8 with 'x',
	 * 7 with 0, 6 with -1, an empty answer (its weight is not looked at) */
	const char *in = tmp_with("g,nps,w\na,10,1\na,9,\na,8,x\na,7,0\na,6,-1\na,,2\n");
	struct job j;

	job_init(&j, out1);
	j.a.weight = "w";
	run(&j, &in, 1);
	ok(j.rc == 0 && j.sum.wd_missing == 1 && j.sum.wd_invalid == 1 && j.sum.wd_nonpos == 2 &&
	   j.sum.missing == 1, "weight drops counted by kind (1 empty, 1 not a number, 2 <= 0)");
	/* n 5 raw; weight_sum 1, n_eff 1, weight_dropped 4; weighted NPS 100 from
	 * one answer, SE undefined with one weighted answer */
	is_str(slurp(out1), "n,weight_sum,n_eff,weight_dropped,missing,invalid,promoters,"
	       "passives,detractors,pct_promoters,pct_passives,pct_detractors,nps,se,ci_low,"
	       "ci_high,low_base\n5,1.00,1.00,4,1,0,2,2,1,100.00,0.00,0.00,100.00,,,,1\n",
	       "weighted: raw counts, weighted estimates from usable weights");
}

static void errors(void)
{
	const char *in = tmp_with("g,nps\na,10\na,eleven\n");
	struct job j;
	char msg[1024];

	job_init(&j, out1);
	run(&j, &in, 1);
	svy_error_format(&j.e, msg, sizeof msg);
	ok(j.rc == SVY_EDATA && j.e.line == 3 && strcmp(j.e.file, in) == 0 &&
	   strcmp(j.e.column, "nps") == 0 &&
	   strcmp(j.e.msg, "'eleven' is not a score in 0-10") == 0,
	   "invalid score: EDATA, file, line 3, column nps: %s", msg);
	job_init(&j, out1);
	j.a.skip_invalid = 1;
	is_str(run(&j, &in, 1), HDR "1,0,1,1,0,0,100.00,0.00,0.00,100.00,0.00,100.00,100.00,1\n",
	       "--skip-invalid counts it");
	ok(j.sum.invalid == 1, "--skip-invalid: summary counts 1 invalid");

	job_init(&j, out1);
	j.a.by = "region";
	run(&j, &in, 1);
	svy_error_format(&j.e, msg, sizeof msg);
	ok(j.rc == SVY_EDATA && strstr(msg, "'region'") && strstr(msg, "g, nps"),
	   "unknown --by column: EDATA naming it and listing the header: %s", msg);
	job_init(&j, out1);
	j.a.weight = "wt";
	run(&j, &in, 1);
	ok(j.rc == SVY_EDATA && strstr(j.e.msg, "'wt'"), "unknown --weight column: EDATA");

	{
		const char *missing = "/nonexistent/svy-test/in.csv";
		job_init(&j, out1);
		run(&j, &missing, 1);
		ok(j.rc == SVY_EIO, "missing input: EIO");
	}
	in = tmp_with(input);
	job_init(&j, "/dev/full");
	run(&j, &in, 1);
	ok(j.rc == SVY_EIO && strcmp(j.e.file, "/dev/full") == 0, "output /dev/full: EIO");
	job_init(&j, "/nonexistent/svy-test/out.csv");
	run(&j, &in, 1);
	ok(j.rc == SVY_EIO, "unwritable output: EIO");
}

static void partial_merge(void)
{
	const char *in1 = tmp_with("g,nps\na,10\nb,0\na,9\n");
	const char *in2 = tmp_with("g,nps\na,7\nb,\na,3\n");
	const char *both[2] = { in1, in2 };
	const char *parts[2];
	char p1[8192], p2[8192], cat[16384], direct[4096];
	struct job j;

	/* direct over both files = the hand-worked figures of `input` */
	job_init(&j, out1);
	j.a.by = "g";
	j.a.total = 1;
	snprintf(direct, sizeof direct, "%s", run(&j, both, 2));
	snprintf(cat, sizeof cat, "%s%s", want_by, want_total_row);
	is_str(direct, cat, "two files as one stream = the hand-worked figures");

	job_init(&j, out1);
	j.a.by = "g";
	j.a.partial = 1;
	snprintf(p1, sizeof p1, "%s", run(&j, &in1, 1));
	ok(strncmp(p1, "svy_partial_v1,g,missing,invalid,", 33) == 0,
	   "partial header: tag, group columns, state columns");
	ok(strstr(p1, "\nnps:0-10,a,") != NULL, "partial rows start with the state identity");
	job_init(&j, out1);
	j.a.by = "g";
	j.a.partial = 1;
	snprintf(p2, sizeof p2, "%s", run(&j, &in2, 1));
	parts[0] = tmp_with(p1);
	parts[1] = tmp_with(p2);

	job_init(&j, out2);
	j.a.merge = 1;
	j.a.total = 1;
	is_str(run(&j, parts, 2), direct, "merge of two partial files = direct");
	ok(j.sum.missing == 1, "merge: the summary counts the missing answer too");
	snprintf(cat, sizeof cat, "%s%s", p1, p2);
	parts[0] = tmp_with(cat);
	job_init(&j, out2);
	j.a.merge = 1;
	j.a.total = 1;
	j.a.by = "g";
	is_str(run(&j, parts, 1), direct,
	       "merge of concatenated partials (repeated header) = direct; --by allowed");

	/* a partial of another --by */
	job_init(&j, out2);
	j.a.merge = 1;
	j.a.by = "h";
	run(&j, parts, 1);
	ok(j.rc < 0, "merge with another --by fails (%d)", j.rc);

	/* not a partial file */
	job_init(&j, out2);
	j.a.merge = 1;
	run(&j, &in1, 1);
	ok(j.rc == SVY_EDATA && strstr(j.e.msg, "partial"), "merge of a data file: EDATA: %s",
	   j.e.msg);
	/* another format version */
	{
		char other[8192];
		snprintf(other, sizeof other, "svy_partial_v9%s", p1 + strlen("svy_partial_v1"));
		parts[0] = tmp_with(other);
		job_init(&j, out2);
		j.a.merge = 1;
		run(&j, parts, 1);
		ok(j.rc == SVY_EDATA && strstr(j.e.msg, "svy_partial_v9"),
		   "merge of another version: EDATA naming it: %s", j.e.msg);
	}
	/* a state of another metric, a negative and a non-numeric state value */
	{
		char bad[8192], *q;
		snprintf(bad, sizeof bad, "%s", p1);
		q = strstr(bad, "nps:0-10");
		memcpy(q, "csa:1-5,", 8);
		parts[0] = tmp_with(bad);
		job_init(&j, out2);
		j.a.merge = 1;
		run(&j, parts, 1);
		ok(j.rc == SVY_EDATA && j.e.line == 2, "merge of another metric's state: EDATA line 2");
		snprintf(bad, sizeof bad, "%s", p1);
		q = strstr(bad, "\nnps:0-10,a,0,");
		q[12] = '-';   /* "a,0," -> "a,-," : the missing count is not a number */
		parts[0] = tmp_with(bad);
		job_init(&j, out2);
		j.a.merge = 1;
		run(&j, parts, 1);
		ok(j.rc == SVY_EDATA && strcmp(j.e.column, "missing") == 0,
		   "merge of a bad state value: EDATA naming the state column (%s)", j.e.column);
	}
}

int main(void)
{
	char a[] = "/tmp/svy-test-run-out1-XXXXXX", b[] = "/tmp/svy-test-run-out2-XXXXXX";
	int fa = mkstemp(a), fb = mkstemp(b);

	if (fa < 0 || fb < 0)
		return 2;
	close(fa);
	close(fb);
	out1 = a;
	out2 = b;
	direct();
	weights();
	errors();
	partial_merge();
	unlink(a);
	unlink(b);
	tmp_cleanup();
	return done();
}
