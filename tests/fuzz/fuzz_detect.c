/* fuzz_detect.c - platform detection on split rows, then column naming
 * (ingest/detect.h, ingest/names.h), as survey-ingest chains them.
 *
 * Byte 0: bit 7 splits the rest with the CSV reader (ragged rows allowed),
 * else at line feeds and commas without quoting; bits 0-3 pick a platform
 * override (values past the last platform mean "detect"), bits 4-5 a header
 * row count override (0: detect).  The first three rows go to
 * svy_detect_run.  Checks: every index it returns lies inside the header,
 * candidates come in column order with a known kind, every name, text and
 * reason is a string; then svy_names_make over the detected names gives
 * unique, tidy names that avoid the reserved ones, and its rename record
 * matches. */
#include "fuzz_common.h"

#include "detect.h"
#include "mem.h"
#include "names.h"

static int tidy(const char *s)
{
	if (!*s || *s == '_' || s[strlen(s) - 1] == '_')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

static void check(const struct svy_detect *d, size_t ncols)
{
	static const char *const reserved[] = { "respondent_id", "date", "nps", "csat" };
	struct svy_names nm;
	struct svy_error e;
	size_t i, j, r;

	if (d->platform < 0 || d->platform >= SVY_PLATFORM_COUNT ||
	    d->header_rows < 1 || d->header_rows > 3 || d->ncols != ncols)
		abort();
	if (d->id_col < -1 || d->id_col >= (long)ncols || d->date_col < -1 ||
	    d->date_col >= (long)ncols)
		abort();
	for (i = 0; i < d->ncand; i++) {
		if (d->cand[i].col >= ncols || d->cand[i].kind < SVY_SCORE_NPS ||
		    d->cand[i].kind > SVY_SCORE_CSAT || !d->cand[i].why ||
		    (i && d->cand[i].col <= d->cand[i - 1].col))
			abort();
	}
	for (i = 0; i < d->nreasons; i++)
		if (!d->reason[i] || strlen(d->reason[i]) > 4096)
			abort();
	for (i = 0; i < ncols; i++)
		if (!d->name[i] || !d->text[i])
			abort();
	if (strcmp(svy_platform_name(d->platform), "?") == 0)
		abort();

	if (svy_names_make(&nm, (const char *const *)d->name, ncols, reserved, 4, &e) != 0)
		abort();
	if (nm.n != ncols)
		abort();
	for (i = 0; i < ncols; i++) {
		if (!tidy(nm.name[i]))
			abort();
		for (j = 0; j < 4; j++)
			if (strcmp(nm.name[i], reserved[j]) == 0)
				abort();
		for (j = 0; j < i; j++)
			if (strcmp(nm.name[i], nm.name[j]) == 0) {
				fprintf(stderr, "duplicate name '%s' (columns %zu, %zu)\n",
				        nm.name[i], j + 1, i + 1);
				abort();
			}
	}
	for (r = 0, i = 0; i < ncols; i++) {
		int changed = strcmp(nm.name[i], d->name[i]) != 0;
		if (changed) {
			if (r >= nm.nrenames || nm.renames[r].col != i ||
			    strcmp(nm.renames[r].from, d->name[i]) != 0 ||
			    nm.renames[r].to != nm.name[i] || nm.renames[r].why == 0)
				abort();
			r++;
		} else if (r < nm.nrenames && nm.renames[r].col == i) {
			abort();             /* an unchanged name recorded as renamed */
		}
	}
	if (r != nm.nrenames)
		abort();
	svy_names_fini(&nm);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char **cells[3] = { NULL, NULL, NULL };
	size_t nf[3] = { 0, 0, 0 }, nrows = 0, i, j;
	struct svy_detect_opts o;
	struct svy_detect d;
	struct svy_error e;
	int rc;

	if (size < 1 || size > 16384)
		return 0;
	o.platform = (data[0] & 15) < SVY_PLATFORM_COUNT ? data[0] & 15 : -1;
	o.header_rows = (data[0] >> 4) & 3;

	if (data[0] & 0x80) {
		struct fz_mem m = { data + 1, size - 1, 0, 0 };
		struct svy_source src = { fz_mem_read, &m, "mem" };
		struct svy_reader_opts ro = { .ragged_ok = 1 };
		struct svy_reader *r = svy_reader_open_source(&src, &ro, &e);
		struct svy_row row;
		if (!r)
			return 0;
		{
			const struct svy_header *h = svy_reader_header(r);
			cells[0] = calloc(h->ncols, sizeof *cells[0]);
			for (j = 0; j < h->ncols; j++)
				cells[0][j] = strdup(h->name[j]);
			nf[0] = h->ncols;
			nrows = 1;
		}
		while (nrows < 3 && svy_reader_next(r, &row, &e) == 1) {
			cells[nrows] = calloc(row.nfields, sizeof *cells[nrows]);
			for (j = 0; j < row.nfields; j++)
				cells[nrows][j] = strdup(row.field[j]);
			nf[nrows++] = row.nfields;
		}
		svy_reader_close(r);
	} else {
		const char *p = (const char *)data + 1, *end = (const char *)data + size;
		while (p < end && nrows < 3) {
			const char *nl = memchr(p, '\n', (size_t)(end - p)), *q;
			if (!nl)
				nl = end;
			for (q = p; q <= nl; ) {
				const char *c = memchr(q, ',', (size_t)(nl - q));
				if (!c)
					c = nl;
				cells[nrows] = realloc(cells[nrows], (nf[nrows] + 1) * sizeof **cells);
				cells[nrows][nf[nrows]] = strndup(q, (size_t)(c - q));
				nf[nrows]++;
				q = c + 1;
			}
			nrows++;
			p = nl + 1;
		}
	}

	rc = svy_detect_run(&d, (const char *const *const *)cells, nf, nrows, &o, &e);
	if (rc == 0)
		check(&d, nf[0]);
	else if (rc != SVY_EDATA || (nrows && nf[0]))
		abort();             /* only "no header row" may fail (no OOM here) */
	svy_detect_fini(&d);
	for (i = 0; i < 3; i++) {
		for (j = 0; j < nf[i]; j++)
			free(cells[i][j]);
		free(cells[i]);
	}
	return 0;
}
