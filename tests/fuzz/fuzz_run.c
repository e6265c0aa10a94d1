/* fuzz_run.c - the aggregator driver on arbitrary CSV, and the property
 * that --partial then --merge gives the direct output byte for byte.
 *
 * Byte 0 picks the metric (fuzz_agg.h), byte 1 the --by option, --weight w,
 * --skip-invalid, --total and the output format; the rest is the input CSV
 * (columns such as region, plan, nps, score, w).  When the direct run
 * succeeds, the --partial run must succeed and --merge of its output must
 * write exactly the direct output with the same summary counts; when it
 * fails, --partial must fail with the same message.  Else abort. */
#include "fuzz_agg.h"

static int run(const uint8_t *flags, const char *in, const char *outp, int mode,
               struct svy_run_summary *sum, struct svy_error *e)
{
	static const char *const bys[4] = { NULL, "region", "region,plan", "plan" };
	struct fz_metric fm;
	struct svy_agg a;
	struct svy_common c;
	int rc;

	fz_metric_init(&fm, flags[0]);
	svy_agg_init(&a);
	a.by = bys[flags[1] & 3];
	a.weight = mode != 2 && (flags[1] & 4) ? "w" : NULL;
	a.skip_invalid = (flags[1] >> 3) & 1;
	a.total = (flags[1] >> 4) & 1;
	a.partial = mode == 1;
	a.merge = mode == 2;
	a.min_n = 3;
	memset(&c, 0, sizeof c);
	c.precision = 3;
	c.format = mode == 1 ? SVY_FMT_CSV : (enum svy_format)((flags[1] >> 5) & 3);
	c.output = outp;
	svy_error_clear(e);
	rc = svy_run(&a, &fm.m, &c, &in, 1, sum, e);
	if (rc > 0 || (rc < 0 && (e->code != rc || e->msg[0] == '\0')))
		abort();
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_file in, direct, part, merged;
	struct svy_run_summary s1, s2, s3;
	struct svy_error e1, e2, e3;
	char *o1, *o3;
	size_t n1, n3;
	int rc1, rc2, rc3;

	if (size < 2)
		return 0;
	fz_file_init(&in, "run-in");
	fz_file_init(&direct, "run-direct");
	fz_file_init(&part, "run-part");
	fz_file_init(&merged, "run-merged");
	fz_file_set(&in, data + 2, size - 2);
	fz_file_set(&direct, "", 0);
	fz_file_set(&part, "", 0);
	fz_file_set(&merged, "", 0);

	rc1 = run(data, in.path, direct.path, 0, &s1, &e1);
	rc2 = run(data, in.path, part.path, 1, &s2, &e2);
	if ((rc1 == 0) != (rc2 == 0) || (rc1 < 0 && strcmp(e1.msg, e2.msg) != 0)) {
		fprintf(stderr, "direct rc %d (%s), partial rc %d (%s)\n", rc1, e1.msg,
		        rc2, e2.msg);
		abort();
	}
	if (rc1 < 0)
		return 0;
	rc3 = run(data, part.path, merged.path, 2, &s3, &e3);
	if (rc3 < 0) {
		size_t np;
		char *p = fz_file_get(&part, &np);
		fprintf(stderr, "--merge of our own --partial output failed: %s (line %lu)\n"
		        "partial:\n%s", e3.msg, e3.line, p);
		abort();
	}
	o1 = fz_file_get(&direct, &n1);
	o3 = fz_file_get(&merged, &n3);
	if (n1 != n3 || memcmp(o1, o3, n1) != 0) {
		fprintf(stderr, "direct:\n%s\nmerged:\n%s\n", o1, o3);
		abort();
	}
	if (s1.missing != s3.missing || s1.invalid != s3.invalid ||
	    s1.wd_missing != s3.wd_missing || s1.wd_invalid != s3.wd_invalid ||
	    s1.wd_nonpos != s3.wd_nonpos || s1.groups != s3.groups) {
		fprintf(stderr, "summary counts differ after partial+merge\n");
		abort();
	}
	free(o1);
	free(o3);
	return 0;
}
