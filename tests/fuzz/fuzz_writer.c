/* fuzz_writer.c - round trip: what the writer writes as CSV or TSV, the
 * reader reads back as the same fields.
 *
 * Byte 0 picks the format and delimiter (CSV with ',' ';' '|', or TSV),
 * byte 1 the reader's read size; the rest is a table: fields end at 0x1F,
 * rows at 0x1E, the first row is the header and every row is cut or padded
 * to its width.  A NUL becomes 'x' (the reader rejects NULs, so the writer
 * is never given one), and so does a byte-order mark at the start of the
 * first header name (the reader drops it: the mark of a UTF-8 file, not
 * text).  The rows are written with svy_writer_header/_strings to a memory
 * file, read with the reader's fast path and with libcsv, and every field of
 * both transcripts must equal the field written; else abort. */
#include "fuzz_common.h"

#include <sys/mman.h>
#include <unistd.h>

#include "writer.h"

#define MAX_COLS 64
#define MAX_ROWS 256

struct table {
	char *field[MAX_ROWS][MAX_COLS];
	size_t len[MAX_ROWS][MAX_COLS];
	size_t nrows, ncols;
};

/* Split data into t; fields point into copy (NULs replaced). */
static void split(unsigned char *copy, size_t size, struct table *t)
{
	size_t i = 0, r = 0, c = 0, start = 0;
	int end_row = 0;

	for (i = 0; i < size; i++)
		if (copy[i] == 0)
			copy[i] = 'x';
	if (size >= 3 && copy[0] == 0xEF && copy[1] == 0xBB && copy[2] == 0xBF)
		copy[0] = 'x';
	memset(t, 0, sizeof *t);
	for (i = 0; i <= size && r < MAX_ROWS; i++) {
		if (i < size && copy[i] != 0x1F && copy[i] != 0x1E)
			continue;
		if (i < size && copy[i] == 0x1E)
			end_row = 1;
		copy[i] = '\0';          /* header names are C strings */
		if (c < MAX_COLS && (r == 0 || c < t->ncols)) {
			t->field[r][c] = (char *)copy + start;
			t->len[r][c] = i - start;
			c++;
		}
		start = i + 1;
		if (i == size || end_row) {
			end_row = 0;
			if (r == 0)
				t->ncols = c;
			for (; c < t->ncols; c++) {      /* pad a short row */
				t->field[r][c] = (char *)"";
				t->len[r][c] = 0;
			}
			r++;
			c = 0;
		}
	}
	t->nrows = r;
}

/* Line feeds inside the fields of row r: the lines it takes beyond one. */
static unsigned long breaks(const struct table *t, size_t r)
{
	unsigned long n = 0;
	size_t c, i;

	for (c = 0; c < t->ncols; c++)
		for (i = 0; i < t->len[r][c]; i++)
			n += t->field[r][c][i] == '\n';
	return n;
}

/* The transcript the reader should give for t: the format of fz_transcript,
 * a row's line being where it starts. */
static void expected(const struct table *t, struct fz_buf *out)
{
	unsigned long line = 1;
	size_t r, c;

	fz_printf(out, "header %zu", t->ncols);
	for (c = 0; c < t->ncols; c++) {
		fz_printf(out, "|%zu:", t->len[0][c]);
		fz_put(out, t->field[0][c], t->len[0][c]);
	}
	fz_put(out, "\n", 1);
	for (r = 1; r < t->nrows; r++) {
		line += 1 + breaks(t, r - 1);
		fz_printf(out, "%lu", line);
		for (c = 0; c < t->ncols; c++) {
			fz_printf(out, "|%zu:", t->len[r][c]);
			fz_put(out, t->field[r][c], t->len[r][c]);
		}
		fz_put(out, "\n", 1);
	}
	fz_printf(out, "end rows %zu\n", t->nrows - 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[4] = { ',', ';', '|', '\t' };
	static const size_t steps[4] = { 0, 1, 7, 4096 };
	static struct table t;
	struct svy_reader_opts o;
	struct fz_buf want = { 0 }, fast = { 0 }, slow = { 0 };
	struct svy_error e;
	struct svy_writer *w;
	unsigned char *copy, *text;
	char path[64];
	size_t r, step;
	off_t len;
	int fd, tsv;

	if (size < 2)
		return 0;
	tsv = (data[0] & 3) == 3;
	memset(&o, 0, sizeof o);
	o.delim = delims[data[0] & 3];
	step = steps[data[1] & 3];
	data += 2;
	size -= 2;
	copy = malloc(size + 1);
	if (!copy)
		abort();
	memcpy(copy, data, size);
	copy[size] = '\0';
	split(copy, size, &t);
	if (t.ncols == 0) {
		free(copy);
		return 0;
	}

	fd = memfd_create("fuzz_writer", 0);
	if (fd < 0)
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	memset(&e, 0, sizeof e);
	w = svy_writer_open(path, tsv ? SVY_FMT_TSV : SVY_FMT_CSV, tsv ? 0 : o.delim, 2, &e);
	if (!w)
		abort();
	if (svy_writer_header(w, (const char *const *)t.field[0], t.ncols, &e))
		abort();
	for (r = 1; r < t.nrows; r++)
		if (svy_writer_strings(w, (const char *const *)t.field[r], t.len[r], t.ncols, &e))
			abort();
	if (svy_writer_close(w, &e))
		abort();

	len = lseek(fd, 0, SEEK_END);
	text = malloc((size_t)len + 1);
	if (len < 0 || !text || pread(fd, text, (size_t)len, 0) != len)
		abort();
	close(fd);

	expected(&t, &want);
	fz_transcript(text, (size_t)len, step, &o, &fast);
	o.no_fast_path = 1;
	fz_transcript(text, (size_t)len, step, &o, &slow);
	if (strcmp(want.s, fast.s) != 0)
		fz_mismatch("written vs read back (fast path)", want.s, fast.s);
	if (strcmp(want.s, slow.s) != 0)
		fz_mismatch("written vs read back (libcsv)", want.s, slow.s);
	free(want.s);
	free(fast.s);
	free(slow.s);
	free(text);
	free(copy);
	return 0;
}
