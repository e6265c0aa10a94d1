/* test_mem.c - out-of-memory handling: every allocation of a reader run and
 * of an aggregator run (direct, --partial, --merge; csv, json, table) is made
 * to fail in turn with svy_mem_fail_after(n), n = 1..N, where N is the number
 * of allocations of a successful run.  Each must fail cleanly with
 * SVY_ENOMEM; leaks show up under `make sanitize` (LeakSanitizer) and
 * `make valgrind`, which run this same program. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svy.h"
#include "tap.h"

static char in_path[] = "/tmp/svy-test-mem-in-XXXXXX";
static char part_path[] = "/tmp/svy-test-mem-part-XXXXXX";
static char out_path[] = "/tmp/svy-test-mem-out-XXXXXX";

static const char input[] =
	"\xEF\xBB\xBFregion,plan,nps,weight,comment\r\n"
	"North,Pro,10,1.5,\"fine, \"\"really\"\"\"\r\n"
	"South,Free,3,0.5,\"two\nlines\"\r\n"
	"North,Free,,2,\r\n"
	"\r\n"
	"East,Pro,7,x,\r\n"
	"South,Pro,9,1,\r\n";

static void write_file(char *tmpl, const char *data)
{
	int fd = mkstemp(tmpl);
	size_t len = strlen(data);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		exit(2);
	close(fd);
}

/* A reader run: open, read every row, close.  0 or the error code. */
static int reader_run(size_t chunk)
{
	const char *p = in_path;
	struct svy_reader_opts o;
	struct svy_error e;
	struct svy_reader *r;
	struct svy_row row;
	int rc;

	memset(&o, 0, sizeof o);
	o.chunk = chunk;
	svy_error_clear(&e);
	r = svy_reader_open(&p, 1, &o, &e);
	if (!r)
		return e.code ? e.code : -99;
	while ((rc = svy_reader_next(r, &row, &e)) == 1)
		;
	svy_reader_close(r);
	return rc;
}

struct cfg {
	const char *name;
	enum svy_format fmt;
	const char *by, *weight;
	int total, partial, merge;
};

static int agg_run(const struct cfg *k)
{
	struct svy_agg a;
	struct svy_common c;
	struct svy_nps_params p = { SVY_NPS_CI_ADJUSTED_WALD, 1, 30 };
	struct svy_metric m;
	struct svy_run_summary sum;
	struct svy_error e;
	const char *file = k->merge ? part_path : in_path;

	svy_agg_init(&a);
	a.by = k->by;
	a.weight = k->weight;
	a.total = k->total;
	a.partial = k->partial;
	a.merge = k->merge;
	memset(&c, 0, sizeof c);
	c.precision = 2;
	c.format = k->fmt;
	c.output = k->partial ? part_path : out_path;
	memset(&m, 0, sizeof m);
	svy_nps_init(&m, "nps", &p);
	svy_error_clear(&e);
	return svy_run(&a, &m, &c, &file, 1, &sum, &e);
}

/* Run op with the n-th allocation failing, for every n; say which n did not
 * give SVY_ENOMEM. */
static void sweep(const char *name, int (*op)(const void *), const void *arg)
{
	unsigned long n, total;
	char bad[512] = "";
	int rc, nbad = 0;

	svy_mem_fail_after(0);
	rc = op(arg);
	total = svy_mem_count();
	ok(rc == 0 && total > 0, "%s: succeeds without injected failures (%lu allocations)",
	   name, total);
	for (n = 1; n <= total; n++) {
		svy_mem_fail_after(n);
		rc = op(arg);
		svy_mem_fail_after(0);
		if (rc != SVY_ENOMEM) {
			if (nbad++ < 10) {
				char one[48];
				snprintf(one, sizeof one, " n=%lu:rc=%d", n, rc);
				strncat(bad, one, sizeof bad - strlen(bad) - 1);
			}
		}
	}
	ok(nbad == 0, "%s: each of the %lu allocations failing gives SVY_ENOMEM%s%s", name,
	   total, nbad ? "; not for" : "", bad);
}

static int op_reader(const void *arg)
{
	return reader_run(*(const size_t *)arg);
}

static int op_agg(const void *arg)
{
	return agg_run(arg);
}

/* svy_grow_one: 1000 appends keep every value; it reallocates only at n =
 * 0, 4, 8, 16, ..., 512 (9 times for 1000: 0, then the 8 powers of two from
 * 4 to 512), and an injected failure leaves the array as it was. */
static void grow_one(void)
{
	int *a = NULL, *b;
	size_t n, bad = 0;
	unsigned long moves = 0, before;

	svy_mem_fail_after(0);
	for (n = 0; n < 1000; n++) {
		before = svy_mem_count();
		if (!(b = svy_grow_one(a, n, sizeof *a)))
			break;
		moves += svy_mem_count() - before;
		a = b;
		a[n] = (int)n * 3;
	}
	for (n = 0; n < 1000; n++)
		bad += a && a[n] != (int)n * 3;
	ok(a && bad == 0 && moves == 9, "svy_grow_one: 1000 appends, %lu reallocations", moves);
	svy_mem_fail_after(1);
	b = svy_grow_one(a, 1024, sizeof *a);
	svy_mem_fail_after(0);
	ok(b == NULL && a[999] == 2997, "svy_grow_one: a failed growth leaves the array");
	svy_free(a);
}

int main(void)
{
	static const size_t chunks[] = { 1, 7, 0 };
	static const struct cfg cfgs[] = {
		{ "direct csv --by region,plan --total", SVY_FMT_CSV, "region,plan", NULL, 1, 0, 0 },
		{ "direct csv, no --by", SVY_FMT_CSV, NULL, NULL, 0, 0, 0 },
		{ "direct json --weight", SVY_FMT_JSON, "region", "weight", 1, 0, 0 },
		{ "direct tsv", SVY_FMT_TSV, "plan", NULL, 0, 0, 0 },
		{ "direct table", SVY_FMT_TABLE, "region", NULL, 1, 0, 0 },
		{ "--partial", SVY_FMT_CSV, "region", NULL, 0, 1, 0 },
		{ "--merge --total", SVY_FMT_CSV, NULL, NULL, 1, 0, 1 },
		{ "--merge table", SVY_FMT_TABLE, NULL, NULL, 1, 0, 1 },
	};
	char name[128];
	size_t i;

	grow_one();
	write_file(in_path, input);
	write_file(part_path, "");
	write_file(out_path, "");
	for (i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		snprintf(name, sizeof name, "reader, chunk %zu", chunks[i]);
		sweep(name, op_reader, &chunks[i]);
	}
	for (i = 0; i < sizeof cfgs / sizeof cfgs[0]; i++) {
		if (cfgs[i].merge) {     /* make the partial state the merge reads */
			static const struct cfg mk = { "mk", SVY_FMT_CSV, "region", NULL, 0, 1, 0 };
			svy_mem_fail_after(0);
			agg_run(&mk);
		}
		sweep(cfgs[i].name, op_agg, &cfgs[i]);
	}
	unlink(in_path);
	unlink(part_path);
	unlink(out_path);
	return done();
}
