/* test_ingest_run.c - unit tests for lib/ingest/source and lib/ingest/ingest:
 * the byte source (BOM, UTF-16, invalid UTF-8 by line, replacement, chunks
 * cut anywhere, rewinding a file and a pipe), the option parsers, the
 * summary line, a whole run at every read size, the accounting, and clean
 * failure at every allocation. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "ingest.h"
#include "mem.h"
#include "source.h"
#include "tap.h"

static char dir[] = "/tmp/svy-test-ingest-XXXXXX";

static const char *path_of(const char *name)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static void put_bytes(const char *name, const char *data, size_t n)
{
	FILE *f = fopen(path_of(name), "wb");

	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
		exit(2);
}

static void put_str(const char *name, const char *data)
{
	put_bytes(name, data, strlen(data));
}

static char *get_file(const char *name)
{
	static char buf[1 << 16];
	FILE *f = fopen(path_of(name), "rb");
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

/* Everything the source gives, NUL-terminated, into buf; the read result. */
static long drain(struct svy_insrc *s, char *buf, size_t size, size_t step)
{
	const struct svy_source *src = svy_insrc_source(s);
	size_t n = 0;
	long k;

	while (n + step < size && (k = src->read(src->ctx, buf + n, step)) > 0)
		n += (size_t)k;
	buf[n] = '\0';
	return k < 0 ? k : (long)n;
}

static void test_source(void)
{
	static const char utf16[] = "\xff\xfe" "a\0,\0\xe9\0\n\0" "1\0,\0\x3d\xd8\x00\xde\n\0";
	struct svy_insrc_opts o = { NULL, 0, 1 };
	struct svy_insrc *s;
	struct svy_error e;
	const char *p;
	size_t len;
	int eof;
	char buf[256];

	/* UTF-8 with BOM, one byte at a time */
	put_str("bom.csv", "\xef\xbb\xbf" "id,nps\nr1,9\n");
	s = svy_insrc_open(path_of("bom.csv"), &o, &e);
	ok(s && svy_insrc_bom(s) && strcmp(svy_insrc_encoding(s), "UTF-8") == 0
	   && svy_insrc_how(s) == 2, "UTF-8 BOM found");
	ok(s && svy_insrc_peek(s, 4, &p, &len, &eof, &e) == 0 && len >= 4
	   && memcmp(p, "id,n", 4) == 0, "peek skips the BOM");
	ok(s && drain(s, buf, sizeof buf, 1) == 12 && strcmp(buf, "id,nps\nr1,9\n") == 0,
	   "read after peek sees everything once, without the BOM");
	ok(s && svy_insrc_rewind(s, &e) == 0 && drain(s, buf, sizeof buf, 5) == 12
	   && strcmp(buf, "id,nps\nr1,9\n") == 0, "a regular file reads again after rewind");
	svy_insrc_close(s);

	/* UTF-16LE with BOM, chunks of one byte (split code units and pairs) */
	put_bytes("u16.csv", utf16, sizeof utf16 - 1);
	s = svy_insrc_open(path_of("u16.csv"), &o, &e);
	ok(s && strcmp(svy_insrc_encoding(s), "UTF-16LE") == 0 && svy_insrc_bom(s), "UTF-16LE found");
	ok(s && drain(s, buf, sizeof buf, 3) > 0
	   && strcmp(buf, "a,\xc3\xa9\n1,\xf0\x9f\x98\x80\n") == 0, "UTF-16LE converted");
	svy_insrc_close(s);

	/* invalid UTF-8 on line 3: an error naming the line, at any chunk size */
	put_str("bad.csv", "id,c\nx,ok\ny,caf\xe9\n");
	for (o.chunk = 1; o.chunk <= 64; o.chunk *= 4) {
		s = svy_insrc_open(path_of("bad.csv"), &o, &e);
		ok(s && drain(s, buf, sizeof buf, 7) < 0 && svy_insrc_error(s)->code == SVY_EDATA
		   && svy_insrc_error(s)->line == 3 && strstr(svy_insrc_error(s)->msg, "0xe9")
		   && strstr(svy_insrc_error(s)->msg, "WINDOWS-1252"),
		   "chunk %zu: invalid UTF-8 names line 3: %s", o.chunk,
		   s ? svy_insrc_error(s)->msg : "");
		svy_insrc_close(s);
	}
	o.replace = 1;
	s = svy_insrc_open(path_of("bad.csv"), &o, &e);
	ok(s && drain(s, buf, sizeof buf, 2) == 19 && strstr(buf, "caf\xef\xbf\xbd\n")
	   && svy_insrc_replaced(s) == 1, "replace mode: U+FFFD, counted");
	svy_insrc_close(s);

	/* a given encoding */
	put_str("cp.csv", "n\n\xe9\x80\n");
	o.replace = 0;
	o.encoding = "WINDOWS-1252";
	s = svy_insrc_open(path_of("cp.csv"), &o, &e);
	ok(s && svy_insrc_how(s) == 1 && drain(s, buf, sizeof buf, 1) > 0
	   && strcmp(buf, "n\n\xc3\xa9\xe2\x82\xac\n") == 0, "WINDOWS-1252 given");
	svy_insrc_close(s);
	put_str("cp2.csv", "n\nx\x81\n");
	s = svy_insrc_open(path_of("cp2.csv"), &o, &e);
	ok(s && drain(s, buf, sizeof buf, 64) < 0 && svy_insrc_error(s)->line == 2
	   && strstr(svy_insrc_error(s)->file, "cp2.csv"),
	   "undefined WINDOWS-1252 byte: line 2: %s", s ? svy_insrc_error(s)->msg : "");
	svy_insrc_close(s);
	o.encoding = "KLINGON-8";
	ok(!svy_insrc_open(path_of("cp.csv"), &o, &e) && e.code == SVY_EUSAGE, "unknown encoding");
	o.encoding = NULL;
	ok(!svy_insrc_open(path_of("none.csv"), &o, &e) && e.code == SVY_EIO, "missing file");
}

/* Standard input from a pipe: spooled for a second pass, or not. */
static void test_pipe(void)
{
	struct svy_insrc_opts o = { NULL, 0, 0 };
	struct svy_insrc *s;
	struct svy_error e;
	char buf[128];
	int fd[2], saved = dup(0), keep;

	for (keep = 1; keep >= 0; keep--) {
		if (pipe(fd) < 0 || write(fd[1], "a,b\n1,2\n", 8) != 8)
			exit(2);
		close(fd[1]);
		dup2(fd[0], 0);
		close(fd[0]);
		s = svy_insrc_open(NULL, &o, &e);
		if (!keep)
			svy_insrc_keep(s, 0);
		ok(s && drain(s, buf, sizeof buf, 3) == 8 && strcmp(buf, "a,b\n1,2\n") == 0,
		   "pipe read (keep %d)", keep);
		if (keep)
			ok(svy_insrc_rewind(s, &e) == 0 && drain(s, buf, sizeof buf, 3) == 8
			   && strcmp(buf, "a,b\n1,2\n") == 0, "pipe read again");
		else
			ok(svy_insrc_rewind(s, &e) == 0, "input within the sample rewinds anyway");
		svy_insrc_close(s);
	}
	dup2(saved, 0);
	close(saved);
}

static void test_options(void)
{
	struct svy_ingest_opts o;
	struct svy_error e;

	svy_ingest_opts_init(&o);
	ok(svy_ingest_map_add(&o, SVY_MAP_SCORE, "nps", "Q3:0-10", &e) == 0 && o.nmap == 1
	   && o.map[0].has_scale && o.map[0].lo == 0 && o.map[0].hi == 10
	   && strcmp(o.map[0].source, "Q3") == 0, "--nps COL:LO-HI");
	ok(svy_ingest_map_add(&o, SVY_MAP_SCORE, "nps", "Q: what?", &e) == 0 && o.nmap == 1
	   && !o.map[0].has_scale && strcmp(o.map[0].source, "Q: what?") == 0,
	   "a later --nps replaces; a colon without a scale is part of the name");
	ok(svy_ingest_map_add(&o, SVY_MAP_SCORE, NULL, "fd=Rating:-103-103", &e) == 0
	   && o.nmap == 2 && strcmp(o.map[1].name, "fd") == 0 && o.map[1].lo == -103
	   && o.map[1].hi == 103, "--score with a negative scale");
	ok(svy_ingest_map_add(&o, SVY_MAP_SCORE, NULL, "x=Q:5-1", &e) == SVY_EUSAGE
	   && o.nmap == 2 && strstr(e.msg, "LO < HI"),
	   "a reversed scale is a usage error, not part of the name: %s", e.msg);
	ok(svy_ingest_map_add(&o, SVY_MAP_SCORE, NULL, "x=Q:5", &e) == 0
	   && strcmp(o.map[2].source, "Q:5") == 0, "--score: a colon without a scale is part of the name");
	ok(svy_ingest_map_add(&o, SVY_MAP_SCORE, NULL, "noequals", &e) == SVY_EUSAGE,
	   "--score without NAME=");
	ok(svy_ingest_map_add(&o, SVY_MAP_SEGMENT, NULL, "=Region", &e) == SVY_EUSAGE,
	   "--segment with an empty name");
	ok(svy_ingest_map_add(&o, SVY_MAP_TEXT, NULL, "c=", &e) == SVY_EUSAGE,
	   "--text with no column");
	ok(svy_ingest_map_add(&o, SVY_MAP_SEGMENT, NULL, "Region", &e) == 0
	   && o.map[3].name == NULL, "--segment COL keeps the tidy name");
	ok(svy_ingest_map_add(&o, SVY_MAP_ID, NULL, "a", &e) == 0
	   && svy_ingest_map_add(&o, SVY_MAP_ID, NULL, "b", &e) == 0 && o.nmap == 5
	   && strcmp(o.map[4].source, "b") == 0, "a later --id replaces");

	put_str("map.csv", "target,source,scale\nsegment:region,Custom Data 1,\n"
	        "effort,Q7,1-7\n\nkeep,Q8\n");
	ok(svy_ingest_map_file(&o, path_of("map.csv"), &e) == 0 && o.nmap == 8
	   && o.map[6].kind == SVY_MAP_SCORE && o.map[6].hi == 7
	   && o.map[7].kind == SVY_MAP_KEEP, "map file: %s", e.msg);
	put_str("map2.csv", "id,a\nsegment:x,b,1-5\n");
	ok(svy_ingest_map_file(&o, path_of("map2.csv"), &e) == SVY_EDATA && e.line == 2
	   && strstr(e.msg, "scale"), "map file: a scale on a segment: %s", e.msg);
	put_str("lab.csv", "csat,Aagree,4\n*,-99,NA\nnps,x\n");
	ok(svy_ingest_labels_file(&o, path_of("lab.csv"), &e) == SVY_EDATA && e.line == 3
	   && svy_labels_count(o.labels) == 2, "label file without a header; short row: %s", e.msg);
	svy_ingest_opts_fini(&o);
	ok(o.map == NULL && o.labels == NULL, "fini");
}

static void test_summary(void)
{
	struct svy_ingest_result r;
	char buf[256];

	memset(&r, 0, sizeof r);
	r.read = 1;
	r.written = 1;
	svy_ingest_summary(&r, buf, sizeof buf);
	is_str(buf, "1 row read, 1 written, 0 rejected, 0 dropped", "summary, nothing left out");
	r.read = 9;
	r.written = 3;
	r.rejected = 2;
	r.dropped = 4;
	r.by_reason[SVY_R_SCALE] = 1;
	r.by_reason[SVY_R_SCORE] = 1;
	r.by_reason[SVY_R_PREVIEW] = 3;
	r.by_reason[SVY_R_DUPLICATE] = 1;
	svy_ingest_summary(&r, buf, sizeof buf);
	is_str(buf, "9 rows read, 3 written, 2 rejected (1 invalid-score, 1 out-of-scale), "
	       "4 dropped (3 preview, 1 duplicate)", "summary by reason");
	svy_ingest_summary(&r, buf, 10);
	ok(strlen(buf) == 9, "summary truncated safely");
	is_str(svy_reason_name(SVY_R_FIELDS), "extra-fields", "reason name");
	is_str(svy_reason_name(99), "?", "bad reason");
}

static int run_file(const char *in, size_t chunk, const char *out, const char *rej,
                    struct svy_ingest_result *res, struct svy_error *e)
{
	struct svy_ingest_opts o;
	int rc;

	svy_ingest_opts_init(&o);
	o.path = in;
	o.chunk = chunk;
	o.output = path_of(out);
	o.rejects = rej ? path_of(rej) : NULL;
	rc = svy_ingest_run(&o, res, e);
	svy_ingest_opts_fini(&o);
	return rc;
}

/* The same output and rejects at every read size. */
static void test_chunks(void)
{
	static const char *const files[] = { "samples/exports/qualtrics.csv",
		"tests/ingest/qualtrics-utf16.tsv", "tests/ingest/generic-messy.csv",
		"samples/exports/typeform.csv" };
	static const size_t chunks[] = { 1, 2, 3, 7, 64, 4096 };
	struct svy_ingest_result res;
	struct svy_error e;
	char want[1 << 15], wantr[1 << 15];
	size_t f, c;

	for (f = 0; f < sizeof files / sizeof *files; f++) {
		int same = 1, acc = 1;

		if (run_file(files[f], 0, "out0", "rej0", &res, &e) < 0) {
			ok(0, "%s runs: %s", files[f], e.msg);
			continue;
		}
		svy_ingest_result_fini(&res);
		snprintf(want, sizeof want, "%s", get_file("out0"));
		snprintf(wantr, sizeof wantr, "%s", get_file("rej0"));
		for (c = 0; c < sizeof chunks / sizeof *chunks; c++) {
			if (run_file(files[f], chunks[c], "out1", "rej1", &res, &e) < 0
			    || strcmp(get_file("out1"), want) != 0 || strcmp(get_file("rej1"), wantr) != 0)
				same = 0;
			if (res.read != res.written + res.rejected + res.dropped || res.read == 0)
				acc = 0;
			svy_ingest_result_fini(&res);
		}
		ok(same, "%s: same output and rejects at every read size", files[f]);
		ok(acc, "%s: read = written + rejected + dropped", files[f]);
	}
}

static void test_run(void)
{
	struct svy_ingest_opts o;
	struct svy_ingest_result res;
	struct svy_error e;
	char *rep = NULL;
	int rc;

	/* counts by reason */
	rc = run_file("samples/exports/qualtrics.csv", 0, "q.csv", NULL, &res, &e);
	ok(rc == 0 && res.read == 13 && res.written == 8 && res.rejected == 1 && res.dropped == 4
	   && res.by_reason[SVY_R_PREVIEW] == 1 && res.by_reason[SVY_R_TEST] == 1
	   && res.by_reason[SVY_R_SPAM] == 1 && res.by_reason[SVY_R_PARTIAL] == 1
	   && res.by_reason[SVY_R_SCORE] == 1, "qualtrics counts");
	ok(strncmp(get_file("q.csv"), "respondent_id,date,nps,csat,", 28) == 0, "tidy header");
	svy_ingest_result_fini(&res);

	/* warnings */
	rc = run_file("samples/exports/typeform.csv", 0, "t.csv", NULL, &res, &e);
	ok(rc == 0 && res.nwarnings == 1 && strstr(res.warning[0], "other_2"),
	   "renaming warned: %s", res.nwarnings ? res.warning[0] : "");
	svy_ingest_result_fini(&res);

	/* strict stops with the line */
	svy_ingest_opts_init(&o);
	o.path = "tests/ingest/generic-messy.csv";
	o.output = path_of("s.csv");
	o.strict = 1;
	rc = svy_ingest_run(&o, &res, &e);
	ok(rc == SVY_EDATA && e.line == 6 && strstr(e.msg, "invalid-score"), "strict: %s", e.msg);
	svy_ingest_result_fini(&res);

	/* ambiguous dates, then the order given */
	o.strict = 0;
	o.path = "tests/ingest/google-forms-ambiguous.csv";
	rc = svy_ingest_run(&o, &res, &e);
	ok(rc == SVY_EDATA && strstr(e.msg, "ambiguous") && strcmp(e.column, "timestamp") == 0,
	   "ambiguous day/month: %s", e.msg);
	svy_ingest_result_fini(&res);
	o.date_order = SVY_DATE_DMY;
	rc = svy_ingest_run(&o, &res, &e);
	ok(rc == 0 && strstr(get_file("s.csv"), "2024-06-06T16:45:00"), "dmy given");
	svy_ingest_result_fini(&res);

	/* a mapping error names the option and lists the columns */
	o.date_order = SVY_DATE_AUTO;
	o.path = "samples/exports/zendesk.csv";
	ok(svy_ingest_map_add(&o, SVY_MAP_SCORE, "nps", "Nope", &e) == 0, "map added");
	rc = svy_ingest_run(&o, &res, &e);
	ok(rc == SVY_EDATA && strstr(e.msg, "--nps") && strstr(e.msg, "satisfaction_score"),
	   "unknown column: %s", e.msg);
	svy_ingest_result_fini(&res);
	rc = svy_ingest_detect(&o, &rep, &e);
	ok(rc == SVY_EDATA && rep == NULL, "detect reports the mapping error too");
	svy_ingest_opts_fini(&o);

	/* detect: ambiguity is reported, not an error */
	svy_ingest_opts_init(&o);
	o.path = "tests/ingest/ambiguous-nps.csv";
	rc = svy_ingest_detect(&o, &rep, &e);
	ok(rc == 0 && rep && strstr(rep, "ambiguous: 2 columns could be the nps score"),
	   "detect: ambiguity reported");
	svy_free(rep);
	rc = svy_ingest_run(&o, &res, &e);
	ok(rc == SVY_EDATA && strstr(e.msg, "--nps COL"), "run: ambiguity is an error");
	svy_ingest_result_fini(&res);
	svy_ingest_opts_fini(&o);

	/* a bad zone is a usage error; the process zone is restored after a run */
	svy_ingest_opts_init(&o);
	o.path = "samples/exports/zendesk.csv";
	o.output = path_of("z.csv");
	o.tz = "No/Such_Zone";
	rc = svy_ingest_run(&o, &res, &e);
	ok(rc == SVY_EUSAGE && strncmp(e.msg, "--tz:", 5) == 0, "bad zone: %s", e.msg);
	svy_ingest_result_fini(&res);
	/* option values are judged before any input: an empty input, a missing
	 * file, --detect all get the usage error, not a data or I/O error */
	put_str("empty.csv", "");
	o.path = path_of("empty.csv");
	rc = svy_ingest_run(&o, &res, &e);
	ok(rc == SVY_EUSAGE && strncmp(e.msg, "--tz:", 5) == 0, "bad zone, empty input: %s",
	   e.msg);
	svy_ingest_result_fini(&res);
	rc = svy_ingest_detect(&o, &rep, &e);
	ok(rc == SVY_EUSAGE && rep == NULL, "bad zone, --detect: %s", e.msg);
	o.tz = NULL;
	o.encoding = "KLINGON-8";
	o.path = path_of("no-such-file.csv");
	rc = svy_ingest_run(&o, &res, &e);
	ok(rc == SVY_EUSAGE && strcmp(e.msg, "--encoding: unknown encoding 'KLINGON-8'") == 0,
	   "bad encoding, missing file: %s", e.msg);
	svy_ingest_result_fini(&res);
	ok(svy_ingest_check(&o, &e) == SVY_EUSAGE, "svy_ingest_check: bad encoding");
	o.encoding = "windows-1252";
	o.tz = "Europe/Berlin";
	setenv("TZ", "Asia/Tokyo", 1);
	ok(svy_ingest_check(&o, &e) == 0 && strcmp(getenv("TZ"), "Asia/Tokyo") == 0,
	   "svy_ingest_check: good values; TZ untouched");
	o.encoding = NULL;
	o.path = "samples/exports/zendesk.csv";
	o.tz = "America/New_York";
	rc = svy_ingest_run(&o, &res, &e);
	ok(rc == 0 && strstr(get_file("z.csv"), "48213,2024-03-01T15:40:00Z,1,")
	   && strcmp(getenv("TZ"), "Asia/Tokyo") == 0, "--tz converts to UTC; TZ restored");
	svy_ingest_result_fini(&res);
	unsetenv("TZ");
	svy_ingest_opts_fini(&o);
}

/* Every allocation failing in turn: a clean SVY_ENOMEM, nothing leaked
 * (the sanitizer and valgrind runs check that), then success. */
static void test_out_of_memory(void)
{
	static const char *const files[] = { "samples/exports/qualtrics.csv",
		"tests/ingest/generic-messy.csv" };
	struct svy_ingest_opts o;
	struct svy_ingest_result res;
	struct svy_error e;
	unsigned long n;
	size_t f;
	char *rep;
	int rc = -1, clean;

	for (f = 0; f < 2; f++) {
		clean = 1;
		svy_ingest_opts_init(&o);
		o.path = files[f];
		o.output = path_of("oom.csv");
		o.rejects = path_of("oomr.csv");
		for (n = 1, rc = -1; n < 5000 && rc != 0; n++) {
			svy_mem_fail_after(n);
			rc = svy_ingest_run(&o, &res, &e);
			svy_mem_fail_after(0);
			if (rc != 0 && rc != SVY_ENOMEM)
				clean = 0;
			svy_ingest_result_fini(&res);
		}
		ok(clean && rc == 0, "%s: run fails cleanly at every allocation; succeeds after %lu",
		   files[f], n - 1);
		for (n = 1, rc = -1; n < 5000 && rc != 0; n++) {
			rep = NULL;
			svy_mem_fail_after(n);
			rc = svy_ingest_detect(&o, &rep, &e);
			svy_mem_fail_after(0);
			if ((rc != 0 && (rc != SVY_ENOMEM || rep)) || (rc == 0 && !rep))
				clean = 0;
			svy_free(rep);
		}
		ok(clean && rc == 0, "%s: detect fails cleanly at every allocation", files[f]);
		svy_ingest_opts_fini(&o);
	}
}

int main(void)
{
	if (!mkdtemp(dir))
		return 2;
	test_source();
	test_pipe();
	test_options();
	test_summary();
	test_chunks();
	test_run();
	test_out_of_memory();
	{
		char cmd[300];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			ok(0, "clean up %s", dir);
	}
	return done();
}
