/* fuzz_merge.c - the --merge partial-state parser, through svy_run.
 *
 * Byte 0 picks the metric (NPS, CSAT, yes/no, CES; fuzz_agg.h) and its
 * interval, byte 1 the --by option (none, region, region,plan, plan), the
 * output format and --total; the rest is the partial-state file, which the
 * driver reads by path from a memfd.  Anything but a crash or a sanitizer
 * report is fine, with two checks: a failure carries a negative code and a
 * message, and a data error names a place (a line of the file), except
 * for the few that concern the whole input (empty, a missing column, counts
 * summed over groups beyond 2^53, checked after the last row). */
#include "fuzz_agg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_file in, out;
	static const char *const bys[4] = { NULL, "region", "region,plan", "plan" };
	struct fz_metric fm;
	struct svy_agg a;
	struct svy_common c;
	struct svy_run_summary sum;
	struct svy_error e;
	const char *file;
	int rc;

	if (size < 2)
		return 0;
	fz_file_init(&in, "merge-in");
	fz_file_init(&out, "merge-out");
	fz_metric_init(&fm, data[0]);
	svy_agg_init(&a);
	a.merge = 1;
	a.by = bys[data[1] & 3];
	a.total = (data[1] >> 2) & 1;
	a.min_n = 2;
	memset(&c, 0, sizeof c);
	c.precision = 2;
	c.format = (enum svy_format)((data[1] >> 3) & 3);
	c.output = out.path;
	fz_file_set(&in, data + 2, size - 2);
	fz_file_set(&out, "", 0);
	file = in.path;
	svy_error_clear(&e);
	rc = svy_run(&a, &fm.m, &c, &file, 1, &sum, &e);
	if (rc > 0 || (rc < 0 && (e.code != rc || e.msg[0] == '\0')))
		abort();
	if (rc == SVY_EDATA && e.line == 0 && strstr(e.msg, "empty input") == NULL &&
	    strstr(e.msg, "no column") == NULL && strstr(e.msg, "exceed 2^53") == NULL) {
		fprintf(stderr, "data error without a line: %s\n", e.msg);
		abort();
	}
	return 0;
}
