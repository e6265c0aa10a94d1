/* fuzz_label.c - segment's labelling filter (label.h): option parsing
 * (bins, quantiles, lookup maps, NPS categories, rules), the map-file
 * loader, and the filter over arbitrary CSV.
 *
 * Byte 0: bits 0-2 the kind (bin, quantiles, map, nps, rules), bit 3 a
 * --default, bit 4 --labels, bit 5 --as; then the option text up to a line
 * feed (rules: several, separated by '|'); for a map, the map file up to a
 * line "==" ; the rest is the input CSV.  Files are memfds.  Checks: a
 * successful run writes exactly the input rows, each with its fields
 * unchanged (read back through the reader, so the writer's quoting must
 * round-trip) plus one label; the summary counts every row; an error
 * comes with a message and, for a data error in the input, a line. */
#include "fuzz_common.h"
#include "fuzz_agg.h"

#include "label.h"

static char *next_line(const char **p, const char *end)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	const char *stop = nl ? nl : end;
	char *s = strndup(*p, (size_t)(stop - *p));

	*p = nl ? nl + 1 : end;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_file in, out, map;
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	const char *rules[8];
	struct svy_label_opts o;
	struct svy_label_summary sum;
	struct svy_common c;
	struct svy_labeler *l;
	struct svy_error e;
	char *spec, *rulebuf = NULL, mapspec[128];
	const char *file;
	unsigned kind;
	int rc;

	if (size < 2 || size > 16384 || memchr(data, 0, size))
		return 0;            /* NULs cannot reach the options; the reader has its own targets */
	fz_file_init(&in, "label-in");
	fz_file_init(&out, "label-out");
	fz_file_init(&map, "label-map");
	kind = data[0] % 5;
	memset(&o, 0, sizeof o);
	spec = next_line(&p, end);
	switch (kind) {
	case 0: o.bin = spec; break;
	case 1: o.quantiles = spec; break;
	case 2: {
		const char *m0 = p, *mend = p;
		while (mend < end) {
			const char *nl = memchr(mend, '\n', (size_t)(end - mend));
			if (!nl) { mend = end; break; }
			if (nl - mend == 2 && mend[0] == '=' && mend[1] == '=') {
				p = nl + 1;
				break;
			}
			mend = nl + 1;
		}
		if (mend >= end)
			p = end;
		fz_file_set(&map, m0, (size_t)(mend - m0));
		snprintf(mapspec, sizeof mapspec, "%.60s=%s", spec, map.path);
		o.map = mapspec;
		break;
	}
	case 3: o.nps_category = spec; break;
	default: {
		char *r, *save = NULL;
		rulebuf = strdup(spec);
		for (r = strtok_r(rulebuf, "|", &save); r && o.nrules < 8;
		     r = strtok_r(NULL, "|", &save))
			rules[o.nrules++] = r;
		o.rules = rules;
		if (!o.nrules) {
			rules[0] = "";
			o.nrules = 1;
		}
	}
	}
	if (data[0] & 8)
		o.deflt = "other";
	if (data[0] & 16)
		o.labels = "lo,mid,hi";
	if (data[0] & 32)
		o.as = "seg";

	l = svy_labeler_new(&o, ',', &e);
	if (!l) {
		if (e.code >= 0 || e.msg[0] == '\0')
			abort();
		goto done;
	}
	fz_file_set(&in, p, (size_t)(end - p));
	fz_file_set(&out, "", 0);
	memset(&c, 0, sizeof c);
	c.precision = 2;
	c.output = out.path;
	file = in.path;
	rc = svy_label_filter(l, &c, &file, 1, &sum, &e);
	if (rc < 0 && (e.code != rc || e.msg[0] == '\0'))
		abort();
	if (rc == 0) {
		/* read input and output side by side */
		struct fz_mem mi = { (const unsigned char *)p, (size_t)(end - p), 0, 0 };
		struct svy_source si = { fz_mem_read, &mi, "in" };
		size_t n;
		char *o2 = fz_file_get(&out, &n);
		struct fz_mem mo = { (const unsigned char *)o2, n, 0, 0 };
		struct svy_source so = { fz_mem_read, &mo, "out" };
		struct svy_reader_opts ro = { 0 };
		struct svy_reader *ri = svy_reader_open_source(&si, &ro, &e);
		struct svy_reader *rw = ri ? svy_reader_open_source(&so, &ro, &e) : NULL;
		struct svy_row a, b;
		unsigned long rows = 0;
		size_t i;
		int ra, rb;

		if (!ri || !rw) {
			fprintf(stderr, "output does not read back: %s\n", e.msg);
			abort();
		}
		if (svy_reader_header(rw)->ncols != svy_reader_header(ri)->ncols + 1)
			abort();
		for (;;) {
			ra = svy_reader_next(ri, &a, &e);
			rb = svy_reader_next(rw, &b, &e);
			if (ra != 1 || rb != 1)
				break;
			rows++;
			if (b.nfields != a.nfields + 1)
				abort();
			for (i = 0; i < a.nfields; i++)
				if (a.len[i] != b.len[i] || memcmp(a.field[i], b.field[i], a.len[i])) {
					fprintf(stderr, "row %lu field %zu changed: '%s' -> '%s'\n",
					        rows, i + 1, a.field[i], b.field[i]);
					abort();
				}
		}
		if (ra != 0 || rb != 0) {
			fprintf(stderr, "rows in %d, out %d after %lu rows: %s\n", ra, rb, rows,
			        e.msg);
			abort();
		}
		if (rows != sum.rows || sum.missing + sum.defaulted + sum.unmatched > rows)
			abort();
		svy_reader_close(ri);
		svy_reader_close(rw);
		free(o2);
	}
	svy_labeler_free(l);
done:
	free(spec);
	free(rulebuf);
	return 0;
}
