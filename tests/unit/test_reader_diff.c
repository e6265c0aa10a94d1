/* test_reader_diff.c - differential test: the fast scanner and libcsv must
 * yield the same rows, line numbers and errors for any input.  Every copy
 * of the scanner this CPU runs (SSE2, popcnt, AVX2) is compared.
 *
 * Random inputs are drawn from an alphabet rich in the bytes that matter to
 * CSV (delimiter, quote, CR, LF, NUL, space), read through both paths with
 * random read sizes, and compared row by row. */
#include <stdlib.h>
#include <string.h>

#include "reader.h"
#include "tap.h"

struct mem {
	const char *s;
	size_t len, pos, step;
};

static long mem_read(void *ctx, void *buf, size_t n)
{
	struct mem *m = ctx;
	size_t k = m->len - m->pos;

	if (k > n)
		k = n;
	if (k > m->step)
		k = m->step;
	memcpy(buf, m->s + m->pos, k);
	m->pos += k;
	return (long)k;
}

/* Read everything into a canonical text: one line per row, then the
 * result.  scan: the fast path's SVY_SCAN_ level, or LIBCSV. */
#define LIBCSV (-1)
static char *transcript(const char *s, size_t len, size_t step, size_t chunk,
                        int scan, char delim)
{
	struct mem m = { s, len, 0, step };
	struct svy_source src = { mem_read, &m, "mem" };
	struct svy_reader_opts o = { .delim = delim, .chunk = chunk, .ragged_ok = 1,
	                             .no_fast_path = scan == LIBCSV,
	                             .scan = scan == LIBCSV ? 0 : scan };
	struct svy_error e;
	struct svy_row row;
	struct svy_reader *r;
	size_t cap = 4096, n = 0, i;
	char *out = malloc(cap);
	int rc;

#define PUT(...) do { \
		int k_ = snprintf(out + n, cap - n, __VA_ARGS__); \
		while ((size_t)k_ >= cap - n) { cap *= 2; out = realloc(out, cap); \
			k_ = snprintf(out + n, cap - n, __VA_ARGS__); } \
		n += (size_t)k_; } while (0)

	r = svy_reader_open_source(&src, &o, &e);
	if (!r) {
		PUT("open error %d line %lu: %s\n", e.code, e.line, e.msg);
		return out;
	}
	const struct svy_header *h = svy_reader_header(r);
	PUT("header");
	for (i = 0; i < h->ncols; i++)
		PUT("|%s", h->name[i]);
	PUT("\n");
	while ((rc = svy_reader_next(r, &row, &e)) == 1) {
		PUT("%lu", row.line);
		for (i = 0; i < row.nfields; i++)
			PUT("|%zu:%s", row.len[i], row.field[i]);
		PUT("\n");
	}
	if (rc < 0)
		PUT("error %d line %lu: %s\n", e.code, e.line, e.msg);
	else
		PUT("end\n");
	svy_reader_close(r);
	return out;
}

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static size_t random_csv(char *buf, size_t max, char delim)
{
	/* mostly well-formed records, sometimes broken */
	static const char alpha[] = "ab  xyz09";
	size_t n = 0;
	unsigned rows = 1 + rnd(8), cols = 1 + rnd(4), i, j;

	for (i = 0; i < rows && n + 64 < max; i++) {
		for (j = 0; j < cols && n + 32 < max; j++) {
			unsigned kind = rnd(10), len = rnd(6), k;
			if (j)
				buf[n++] = delim;
			if (kind < 3) {
				buf[n++] = '"';
				for (k = 0; k < len; k++) {
					unsigned c = rnd(12);
					buf[n++] = c == 0 ? '\n' : c == 1 ? delim : c == 2 ? '\r' :
					           alpha[rnd(sizeof alpha - 1)];
					if (c == 3) {
						buf[n++] = '"';
						buf[n++] = '"';
					}
				}
				if (rnd(20))
					buf[n++] = '"';        /* sometimes unterminated */
				if (!rnd(25))
					buf[n++] = 'x';        /* text after the quote */
			} else {
				for (k = 0; k < len; k++)
					buf[n++] = alpha[rnd(sizeof alpha - 1)];
				if (!rnd(30))
					buf[n++] = '"';        /* quote in an unquoted field */
				if (!rnd(60))
					buf[n++] = '\0';
			}
		}
		switch (rnd(12)) {
		case 0: buf[n++] = '\r'; buf[n++] = '\n'; break;
		case 1: buf[n++] = '\n'; buf[n++] = '\n'; break;   /* blank line */
		case 2: buf[n++] = '\r'; break;                      /* lone CR */
		case 3: if (i + 1 == rows) break; /* fall through */
		default: buf[n++] = '\n';
		}
	}
	return n;
}

int main(void)
{
	static const char *const fixed[] = {
		"a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\n1,2", "a,b\n\"x\"\"y\",2\n",
		"\357\273\277a,b\n1,2\n", "a,b\n\n\n1,2\n", "a\n\"multi\nline\"\n2\n",
		"a,b\n1,\n", "a,b\n,\n", "a,b\n1,2\r", "a,b\n\"1\",\"\"\n", "a\n\"\"\"\"\n",
		"a,b\n1,\"2\"x\n", "a,b\n1,x\"y\n", "a,b\n\"open\n", "a\rb\r", "a,b\n1,2\n\n",
	};
	static const size_t steps[] = { 1, 2, 3, 5, 64, 100000 };
	static const size_t chunks[] = { 1, 4, 7, 64, 0 };
	static const char *const names[] = { "", "portable", "popcnt", "AVX2" };
	const int best = svy_reader_scan_best();
	char buf[2048];
	size_t f, s, c;
	int i, level;

	ok(best >= SVY_SCAN_PORTABLE && best <= SVY_SCAN_AVX2, "this CPU runs scan level %d (%s)",
	   best, best >= SVY_SCAN_PORTABLE && best <= SVY_SCAN_AVX2 ? names[best] : "?");
	for (level = SVY_SCAN_PORTABLE; level <= SVY_SCAN_AVX2; level++) {
		int mismatches = 0;

		if (level > best) {
			printf("# the %s scan is not compared: this CPU cannot run it\n", names[level]);
			continue;
		}
		for (f = 0; f < sizeof fixed / sizeof fixed[0]; f++)
			for (s = 0; s < sizeof steps / sizeof steps[0]; s++)
				for (c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
					const size_t n = strlen(fixed[f]);
					char *a = transcript(fixed[f], n, steps[s], chunks[c], level, ',');
					char *b = transcript(fixed[f], n, steps[s], chunks[c], LIBCSV, ',');
					if (strcmp(a, b) != 0 && mismatches++ < 5)
						printf("# input %zu step %zu chunk %zu\n# fast:\n%s# libcsv:\n%s",
						       f, steps[s], chunks[c], a, b);
					free(a);
					free(b);
				}
		ok(mismatches == 0,
		   "fixed inputs: the %s scan equals libcsv at every read size (%d differ)",
		   names[level], mismatches);

		mismatches = 0;
		for (i = 0; i < 20000; i++) {
			char delim = rnd(4) ? ',' : rnd(2) ? ';' : '\t';
			size_t n = random_csv(buf, sizeof buf, delim);
			size_t step = steps[rnd(6)], chunk = chunks[rnd(5)];
			char *a = transcript(buf, n, step, chunk, level, delim);
			char *b = transcript(buf, n, step, chunk, LIBCSV, delim);
			if (strcmp(a, b) != 0 && mismatches++ < 3)
				printf("# random input %d (%zu bytes) step %zu chunk %zu\n# fast:\n%s"
				       "# libcsv:\n%s", i, n, step, chunk, a, b);
			free(a);
			free(b);
		}
		ok(mismatches == 0, "20000 random inputs: the %s scan equals libcsv (%d differ)",
		   names[level], mismatches);
	}
	return done();
}
