/* fuzz_jobs.c - differential: svy_run with -j N (one file cut into ranges
 * at record boundaries, read by N threads) against one thread.
 *
 * Byte 0 picks the metric (fuzz_agg.h), byte 1 the thread count (2-8),
 * --by and --skip-invalid; the rest is the input file (a memfd: a regular
 * file, so the parallel path is taken).  Both runs must end alike: the
 * same return code, the same error message with the same line, or the
 * same output bytes and summary counts.  Else abort. */
#include "fuzz_agg.h"

static int run(const uint8_t *flags, const char *in, const char *outp, long jobs,
               struct svy_run_summary *sum, struct svy_error *e)
{
	static const char *const bys[4] = { NULL, "region", "region,plan", "plan" };
	struct fz_metric fm;
	struct svy_agg a;
	struct svy_common c;

	fz_metric_init(&fm, flags[0]);
	svy_agg_init(&a);
	a.by = bys[(flags[1] >> 3) & 3];
	a.skip_invalid = (flags[1] >> 5) & 1;
	a.weight = (flags[1] >> 6) & 1 ? "w" : NULL;
	a.jobs = jobs;
	a.min_n = 3;
	memset(&c, 0, sizeof c);
	c.precision = 3;
	c.output = outp;
	svy_error_clear(e);
	return svy_run(&a, &fm.m, &c, &in, 1, sum, e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_file in, o1, o2;
	struct svy_run_summary s1, s2;
	struct svy_error e1, e2;
	long jobs;
	int rc1, rc2;

	if (size < 2)
		return 0;
	fz_file_init(&in, "jobs-in");
	fz_file_init(&o1, "jobs-one");
	fz_file_init(&o2, "jobs-many");
	fz_file_set(&in, data + 2, size - 2);
	fz_file_set(&o1, "", 0);
	fz_file_set(&o2, "", 0);
	jobs = 2 + (data[1] & 7) % 7;

	rc1 = run(data, in.path, o1.path, 1, &s1, &e1);
	rc2 = run(data, in.path, o2.path, jobs, &s2, &e2);
	if (rc1 != rc2 || (rc1 < 0 && (strcmp(e1.msg, e2.msg) != 0 || e1.line != e2.line))) {
		fprintf(stderr, "-j 1: rc %d line %lu '%s'\n-j %ld: rc %d line %lu '%s'\n",
		        rc1, e1.line, e1.msg, jobs, rc2, e2.line, e2.msg);
		abort();
	}
	if (rc1 == 0) {
		size_t n1, n2;
		char *a = fz_file_get(&o1, &n1), *b = fz_file_get(&o2, &n2);
		if (n1 != n2 || memcmp(a, b, n1) != 0) {
			fprintf(stderr, "-j 1:\n%s\n-j %ld:\n%s\n", a, jobs, b);
			abort();
		}
		if (s1.rows != s2.rows || s1.missing != s2.missing || s1.invalid != s2.invalid ||
		    s1.groups != s2.groups) {
			fprintf(stderr, "summary differs: rows %lu vs %lu\n", s1.rows, s2.rows);
			abort();
		}
		free(a);
		free(b);
	}
	return 0;
}
