/* test_reader.c - the streaming CSV reader (lib/reader.c).
 *
 * Every input is written to a temporary file and read back at several read
 * sizes (1, 2, 3, 7, 64 bytes and the default), so that rows, quoted fields,
 * CRLF pairs and the BOM cross read boundaries.  The rows read are rendered
 * as text ("H:" header, then "L<line>:" and the fields joined by '|', line
 * breaks inside fields shown as \n and \r) and compared with the expected
 * text, which is worked out by hand from the input. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svy.h"
#include "tap.h"

static const size_t chunks[] = { 1, 2, 3, 7, 64, 0 };
#define NCHUNKS (sizeof chunks / sizeof chunks[0])

static char *paths[256];
static size_t npaths;

/* A temporary file holding len bytes of data; removed at the end. */
static const char *tmp_with(const char *data, size_t len)
{
	char tmpl[] = "/tmp/svy-test-reader-XXXXXX";
	int fd;

	if (npaths == sizeof paths / sizeof *paths) {
		fprintf(stderr, "tmp_with: more than %zu files: make paths larger\n", npaths);
		exit(2);
	}
	fd = mkstemp(tmpl);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len) {
		perror("mkstemp/write");
		exit(2);
	}
	close(fd);
	paths[npaths] = strdup(tmpl);
	return paths[npaths++];
}

#define TMP(lit) tmp_with(lit, sizeof(lit) - 1)

static void cat(char *out, size_t size, const char *s, size_t len)
{
	size_t o = strlen(out), i;

	for (i = 0; i < len && o + 3 < size; i++) {
		if (s[i] == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else if (s[i] == '\r') {
			out[o++] = '\\';
			out[o++] = 'r';
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
}

struct result {
	char text[8192];          /* rendered header and rows */
	int rc;                   /* 0 at a clean end, or the error code */
	struct svy_error e;
	unsigned long rows;
};

/* Read all of paths with the given options; render into res. */
static void slurp(const char *const *ps, size_t n, struct svy_reader_opts opts,
                  struct result *res)
{
	struct svy_reader *r;
	const struct svy_header *h;
	struct svy_row row;
	char num[32];
	size_t i;
	int rc;

	memset(res, 0, sizeof *res);
	svy_error_clear(&res->e);
	r = svy_reader_open(ps, n, &opts, &res->e);
	if (!r) {
		res->rc = res->e.code ? res->e.code : -99;
		return;
	}
	h = svy_reader_header(r);
	strcat(res->text, "H:");
	for (i = 0; i < h->ncols; i++) {
		if (i)
			strcat(res->text, "|");
		cat(res->text, sizeof res->text, h->name[i], strlen(h->name[i]));
	}
	strcat(res->text, "\n");
	while ((rc = svy_reader_next(r, &row, &res->e)) == 1) {
		snprintf(num, sizeof num, "L%lu:", row.line);
		strcat(res->text, num);
		for (i = 0; i < row.nfields; i++) {
			if (i)
				strcat(res->text, "|");
			cat(res->text, sizeof res->text, row.field[i], row.len[i]);
			if (row.field[i][row.len[i]] != '\0')
				strcat(res->text, "<not NUL-terminated>");
		}
		strcat(res->text, "\n");
	}
	res->rc = rc;
	res->rows = svy_reader_rows(r);
	svy_reader_close(r);
}

static struct svy_reader_opts opts_chunk(size_t chunk)
{
	struct svy_reader_opts o;

	memset(&o, 0, sizeof o);
	o.chunk = chunk;
	return o;
}

/* One input, every read size: the same rows (and the same end). */
static void expect(const char *name, const char *data, size_t len, char delim,
                   const char *want, int want_rc, unsigned long want_line)
{
	const char *p = tmp_with(data, len);
	struct result res;
	size_t c;

	for (c = 0; c < NCHUNKS; c++) {
		struct svy_reader_opts o = opts_chunk(chunks[c]);
		o.delim = delim;
		slurp(&p, 1, o, &res);
		is_str(res.text, want, "%s: rows (chunk %zu)", name, chunks[c]);
		ok(res.rc == want_rc, "%s: ends with %d (chunk %zu; got %d: %s)", name,
		   want_rc, chunks[c], res.rc, res.e.msg);
		if (want_rc < 0) {
			ok(res.e.line == want_line, "%s: error on line %lu (chunk %zu; got %lu)",
			   name, want_line, chunks[c], res.e.line);
			ok(strcmp(res.e.file, p) == 0,
			   "%s: error names the file (chunk %zu)", name, chunks[c]);
		}
	}
}

#define EXPECT(name, lit, want) expect(name, lit, sizeof(lit) - 1, 0, want, 0, 0)
#define EXPECT_ERR(name, lit, want, line) \
	expect(name, lit, sizeof(lit) - 1, 0, want, SVY_EDATA, line)

static void basics(void)
{
	EXPECT("plain", "a,b\n1,2\n3,4\n", "H:a|b\nL2:1|2\nL3:3|4\n");
	EXPECT("no final line end", "a,b\n1,2\n3,4", "H:a|b\nL2:1|2\nL3:3|4\n");
	/* fields are kept byte for byte: no trimming of spaces */
	EXPECT("spaces kept", "a,b\n 1 , 2 \n", "H:a|b\nL2: 1 | 2 \n");
	EXPECT("empty fields", "a,b,c\n,,\n\"\",x,\n", "H:a|b|c\nL2:||\nL3:|x|\n");
	/* a long field crosses many read boundaries */
	{
		char in[1200], want[1300];
		memset(in, 0, sizeof in);
		strcpy(in, "a,b\n\"");
		memset(in + 5, 'x', 1000);
		strcat(in, "\",y\nz,w\n");
		strcpy(want, "H:a|b\nL2:");
		memset(want + 9, 'x', 1000);
		want[1009] = '\0';
		strcat(want, "|y\nL3:z|w\n");
		expect("1000-byte field", in, strlen(in), 0, want, 0, 0);
	}
}

static void bom_crlf(void)
{
	EXPECT("BOM dropped", "\xEF\xBB\xBF" "a,b\n1,2\n", "H:a|b\nL2:1|2\n");
	/* only a BOM at the very start is dropped; elsewhere the bytes are data */
	EXPECT("BOM only at start", "a,b\n\xEF\xBB\xBF" "1,2\n",
	       "H:a|b\nL2:\xEF\xBB\xBF" "1|2\n");
	EXPECT("CRLF", "a,b\r\n1,2\r\n3,4\r\n", "H:a|b\nL2:1|2\nL3:3|4\n");
	EXPECT("BOM and CRLF", "\xEF\xBB\xBF" "a,b\r\n1,2\r\n", "H:a|b\nL2:1|2\n");
	EXPECT("CRLF without final line end", "a,b\r\n1,2", "H:a|b\nL2:1|2\n");
	/* a quoted CRLF inside a field is data and one line break */
	EXPECT("quoted CRLF", "a,b\r\n\"p\r\nq\",1\r\n2,3\r\n",
	       "H:a|b\nL2:p\\r\\nq|1\nL4:2|3\n");
}

static void quoting(void)
{
	EXPECT("doubled quotes", "a,b\n\"x \"\"y\"\"\",2\n\"\"\"\",\"\"\n",
	       "H:a|b\nL2:x \"y\"|2\nL3:\"|\n");
	EXPECT("quoted delimiter", "a,b\n\"1,5\",\"x,y,z\"\n", "H:a|b\nL2:1,5|x,y,z\n");
	/* line 1 header; line 2-3 the first row ("l1\nl2"); line 4 "3,4";
	 * line 5-6 the row with a quoted CRLF; line 7 "6,7"; line 8-10 a field
	 * with two line feeds; line 11 "8,9" */
	EXPECT("embedded newlines and line numbers",
	       "a,b\n\"l1\nl2\",2\n3,4\n\"p\r\nq\",5\n6,7\nx,\"1\n2\n3\"\n8,9\n",
	       "H:a|b\nL2:l1\\nl2|2\nL4:3|4\nL5:p\\r\\nq|5\nL7:6|7\nL8:x|1\\n2\\n3\nL11:8|9\n");
	EXPECT("newline in the header", "\"a\nb\",c\n1,2\n", "H:a\\nb|c\nL3:1|2\n");
}

/* The scanner makes room for 64 field ends per 64-byte block; a last block
 * of nothing but delimiters, with no line end after it, fills that room, and
 * the input's end is one field end more (this wrote past the array before).
 * 64 commas are a header of 65 empty names and no rows. */
static void delimiters_to_the_end(void)
{
	char in[65], want[80];

	memset(in, ',', 64);
	in[64] = '\0';
	strcpy(want, "H:");
	memset(want + 2, '|', 64);
	strcpy(want + 66, "\n");
	expect("a block of delimiters at the end", in, 64, 0, want, 0, 0);
}

/* A source of n NUL bytes (or of a header line and then NULs), counting
 * what it gives. */
struct nuls {
	const char *head;
	size_t n, given;
};

static long nul_read(void *ctx, void *buf, size_t size)
{
	struct nuls *z = ctx;
	size_t hl = strlen(z->head), k = 0;

	for (; k < size && z->given < z->n; k++, z->given++)
		((char *)buf)[k] = z->given < hl ? z->head[z->given] : '\0';
	return (long)k;
}

/* A NUL is refused as soon as it is read, not when its field ends: 64 MB
 * of NULs without a line end (like /dev/zero) used to be read into memory
 * whole before the error.  Read sizes are 256 KiB by default, so the
 * reader must stop within the first few; the message and line are the
 * same as at the field's end. */
static void nul_stream(void)
{
	static const char *const heads[] = { "", "a,b\n", "a,b\n1,\"x\ny" };
	static const unsigned long lines[] = { 1, 2, 2 };
	static const char *const fields[] = { "field 1 ", "field 1 ", "field 2 " };
	static const char *const what[] = { "no header", "a header", "an open quoted field" };
	size_t i;

	for (i = 0; i < 3; i++) {
		struct nuls z = { heads[i], (size_t)64 << 20, 0 };
		struct svy_source src = { nul_read, &z, "zeros" };
		struct svy_reader_opts o;
		struct svy_error e;
		struct svy_reader *r;
		struct svy_row row;
		int rc = 0;

		memset(&o, 0, sizeof o);
		svy_error_clear(&e);
		r = svy_reader_open_source(&src, &o, &e);
		if (r) {
			while ((rc = svy_reader_next(r, &row, &e)) == 1)
				;
			svy_reader_close(r);
		}
		ok((r ? rc : e.code) == SVY_EDATA && strstr(e.msg, "contains a NUL byte") &&
		   strstr(e.msg, fields[i]) && e.line == lines[i],
		   "NULs after %s: %son line %lu (got: %lu: %s)", what[i], fields[i],
		   lines[i], e.line, e.msg);
		ok(z.given <= (size_t)1 << 20, "NULs after %s: stops within 1 MiB (read %zu)",
		   what[i], z.given);
	}
}

/* head, then `fill` repeated, then tail, n bytes in all (the tail at the end) */
struct stream {
	const char *head, *fill, *tail;
	size_t n, given;
};

static long stream_read(void *ctx, void *buf, size_t size)
{
	struct stream *z = ctx;
	size_t hl = strlen(z->head), fl = strlen(z->fill), tl = strlen(z->tail), k = 0;

	for (; k < size && z->given < z->n; k++, z->given++) {
		size_t at = z->given;
		char c;

		if (at < hl)
			c = z->head[at];
		else if (at >= z->n - tl)
			c = z->tail[at - (z->n - tl)];
		else
			c = z->fill[(at - hl) % fl];
		((char *)buf)[k] = c;
	}
	return (long)k;
}

/* A record over max_record bytes is a data error on the line it begins,
 * on both paths and at any read size, and the reader stops soon after the
 * limit instead of holding the rest of the input: a quote never closed, or
 * a file with no line ends, would otherwise be read into memory whole. */
static void long_records(void)
{
	static const struct {
		const char *what, *head, *fill, *tail;
		size_t n;
		unsigned long rows, line;   /* rows before the error; its line (0: none) */
	} cases[] = {
		{ "a quote never closed", "a,b\n1,2\n3,\"open", "text\n", "", (size_t)4 << 20, 1, 3 },
		{ "no line end", "a,b\n1,2\n", "x", "", (size_t)4 << 20, 1, 3 },
		{ "no line end, CR line ends before", "a,b\r1,2\r", "x", "", (size_t)4 << 20, 1, 3 },
		/* 4 + 2 + 4000 + 2 bytes: under the limit of 4096 */
		{ "a long quoted field under the limit", "a,b\n1,\"", "y\n", "\"\n", 4008, 1, 0 },
	};
	static const size_t sizes[] = { 0, 7, 64, 4096, 100000 };
	size_t i, c;
	int slow;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (slow = 0; slow < 2; slow++)
			for (c = 0; c < sizeof sizes / sizeof sizes[0]; c++) {
				struct stream z = { cases[i].head, cases[i].fill, cases[i].tail, cases[i].n, 0 };
				struct svy_source src = { stream_read, &z, "stream" };
				struct svy_reader_opts o;
				struct svy_error e;
				struct svy_reader *r;
				struct svy_row row;
				unsigned long rows = 0;
				int rc = -99;

				memset(&o, 0, sizeof o);
				o.max_record = 4096;
				o.chunk = sizes[c];
				o.no_fast_path = slow;
				svy_error_clear(&e);
				r = svy_reader_open_source(&src, &o, &e);
				if (r) {
					while ((rc = svy_reader_next(r, &row, &e)) == 1)
						rows++;
					svy_reader_close(r);
				}
				if (cases[i].line) {
					ok(rc == SVY_EDATA && e.line == cases[i].line && rows == cases[i].rows &&
					   strcmp(e.msg, "a record of more than 4096 bytes begins on this "
					                 "line (a double quote never closed?)") == 0,
					   "%s (%s, read size %zu): error on line %lu after %lu row "
					   "(got %d, line %lu, %lu rows: %s)", cases[i].what,
					   slow ? "libcsv" : "fast path", sizes[c], cases[i].line,
					   cases[i].rows, rc, e.line, rows, e.msg);
					/* the default read size (256 KiB) and the last chunk
					 * libcsv took, at most: not the 4 MiB of the input */
					ok(z.given <= (size_t)600 << 10, "%s (%s, read size %zu): stops "
					   "reading early (read %zu)", cases[i].what,
					   slow ? "libcsv" : "fast path", sizes[c], z.given);
				} else {
					ok(rc == 0 && rows == cases[i].rows, "%s (%s, read size %zu): "
					   "read (got %d, %lu rows: %s)", cases[i].what,
					   slow ? "libcsv" : "fast path", sizes[c], rc, rows, e.msg);
				}
			}
}

static void blank_lines(void)
{
	/* line 2 blank, line 3 "1,2", lines 4 and 5 blank, line 6 "3,4" */
	EXPECT("blank lines skipped but counted", "a,b\n\n1,2\n\n\n3,4\n\n",
	       "H:a|b\nL3:1|2\nL6:3|4\n");
	EXPECT("blank CRLF lines counted", "a,b\r\n\r\n1,2\r\n\r\n3,4\r\n",
	       "H:a|b\nL3:1|2\nL5:3|4\n");
	EXPECT("blank lines before the header", "\n\na,b\n1,2\n", "H:a|b\nL4:1|2\n");
}

static void errors(void)
{
	/* the quote opens on line 3 ("open,3"), runs to the end: line 3 is named */
	EXPECT_ERR("unterminated quote", "a,b\n1,2\n\"open,3\n4,5\n",
	           "H:a|b\nL2:1|2\n", 3);
	/* the quoted field starts in the second field of line 4, after a row that
	 * spans lines 2-3 */
	EXPECT_ERR("unterminated quote after a multi-line row",
	           "a,b\n\"x\ny\",1\n2,\"open\n\n\nmore\n", "H:a|b\nL2:x\\ny|1\n", 4);
	EXPECT_ERR("ragged row (too many)", "a,b\n1,2\n1,2,3\n4,5\n", "H:a|b\nL2:1|2\n", 3);
	EXPECT_ERR("ragged row (too few)", "a,b\n1,2\n\n7\n", "H:a|b\nL2:1|2\n", 4);
	/* the same file at every read size gives the same rows before an error:
	 * a malformed quote must not swallow the rows read before it */
	EXPECT_ERR("quote inside an unquoted field", "a,b\n1,2\n3,x\"y\n4,5\n",
	           "H:a|b\nL2:1|2\n", 3);
	EXPECT_ERR("text after a closing quote", "a,b\n1,2\n\"x\"y,3\n", "H:a|b\nL2:1|2\n", 3);
	expect("NUL byte", "a,b\n1,2\n3,x\0y\n", 14, 0, "H:a|b\nL2:1|2\n", SVY_EDATA, 3);
	/* a NUL comes before what is wrong later in its field (text after the
	 * closing quote; no closing quote at all), at every read size */
	{
		static const char bad1[] = "a,b\n1,2\n3,\"x\0y\"z\n4,5\n";
		static const char bad2[] = "a,b\n1,2\n3,\"x\ny\0\n";
		const char *p1 = tmp_with(bad1, sizeof bad1 - 1), *p2 = tmp_with(bad2, sizeof bad2 - 1);
		struct result res;
		size_t c;
		int all = 1;

		expect("NUL, then text after the quote", bad1, sizeof bad1 - 1, 0,
		       "H:a|b\nL2:1|2\n", SVY_EDATA, 3);
		expect("NUL in an unterminated quote", bad2, sizeof bad2 - 1, 0,
		       "H:a|b\nL2:1|2\n", SVY_EDATA, 3);
		for (c = 0; c < NCHUNKS; c++) {
			slurp(&p1, 1, opts_chunk(chunks[c]), &res);
			all &= strcmp(res.e.msg, "field 2 contains a NUL byte") == 0;
			slurp(&p2, 1, opts_chunk(chunks[c]), &res);
			all &= strcmp(res.e.msg, "field 2 contains a NUL byte") == 0;
		}
		ok(all, "the NUL is what both messages name, at every read size");
	}
}

static void empty_inputs(void)
{
	const char *p;
	struct result res;
	size_t c;

	for (c = 0; c < NCHUNKS; c++) {
		p = TMP("");
		slurp(&p, 1, opts_chunk(chunks[c]), &res);
		ok(res.rc == SVY_EDATA, "empty file: SVY_EDATA (chunk %zu; got %d)",
		   chunks[c], res.rc);
		p = TMP("\xEF\xBB\xBF");
		slurp(&p, 1, opts_chunk(chunks[c]), &res);
		ok(res.rc == SVY_EDATA, "BOM only: SVY_EDATA (chunk %zu; got %d)",
		   chunks[c], res.rc);
		p = TMP("\n\r\n\n");
		slurp(&p, 1, opts_chunk(chunks[c]), &res);
		ok(res.rc == SVY_EDATA, "blank lines only: SVY_EDATA (chunk %zu; got %d)",
		   chunks[c], res.rc);
	}
	EXPECT("header only", "a,b\n", "H:a|b\n");
	EXPECT("header only, no line end", "a,b", "H:a|b\n");
	EXPECT("header only, CRLF and blank lines", "a,b\r\n\r\n", "H:a|b\n");
}

static void several_files(void)
{
	const char *ps[3];
	struct result res;
	char msg[1024];
	size_t c;

	ps[0] = TMP("a,b\n1,2\n");
	ps[1] = TMP("\xEF\xBB\xBF" "a,b\r\n3,4\r\n\r\n5,6");   /* BOM, CRLF, no final LF */
	ps[2] = TMP("a,b\n");                                 /* header only */
	for (c = 0; c < NCHUNKS; c++) {
		slurp(ps, 3, opts_chunk(chunks[c]), &res);
		is_str(res.text, "H:a|b\nL2:1|2\nL2:3|4\nL4:5|6\n",
		       "three files with equal headers are one stream (chunk %zu)", chunks[c]);
		ok(res.rc == 0 && res.rows == 3, "three files: 3 rows, clean end (chunk %zu)",
		   chunks[c]);
	}
	/* the file of each row */
	{
		struct svy_reader_opts o = opts_chunk(0);
		struct svy_error e;
		struct svy_reader *r = svy_reader_open(ps, 2, &o, &e);
		struct svy_row row;
		ok(r != NULL, "two files open");
		if (r) {
			ok(svy_reader_next(r, &row, &e) == 1 && strcmp(row.file, ps[0]) == 0,
			   "row 1 comes from file 1");
			ok(svy_reader_next(r, &row, &e) == 1 && strcmp(row.file, ps[1]) == 0 &&
			   row.line == 2, "row 2 comes from file 2, line 2");
			svy_reader_close(r);
		}
	}
	/* a header-only first file, then data */
	ps[0] = TMP("a,b\n");
	ps[1] = TMP("a,b\n7,8\n");
	slurp(ps, 2, opts_chunk(0), &res);
	is_str(res.text, "H:a|b\nL2:7|8\n", "header-only first file, then data");

	/* differing headers: an error naming both files */
	ps[0] = TMP("a,b\n1,2\n");
	ps[1] = TMP("a,c\n3,4\n");
	for (c = 0; c < NCHUNKS; c++) {
		slurp(ps, 2, opts_chunk(chunks[c]), &res);
		ok(res.rc == SVY_EDATA, "differing header: SVY_EDATA (chunk %zu; got %d)",
		   chunks[c], res.rc);
		svy_error_format(&res.e, msg, sizeof msg);
		ok(strstr(msg, ps[0]) && strstr(msg, ps[1]),
		   "differing header: message names both files (chunk %zu): %s", chunks[c], msg);
	}
	ps[1] = TMP("a,b,c\n3,4,5\n");
	slurp(ps, 2, opts_chunk(0), &res);
	svy_error_format(&res.e, msg, sizeof msg);
	ok(res.rc == SVY_EDATA && strstr(msg, ps[0]) && strstr(msg, ps[1]),
	   "header with another column count: error naming both files: %s", msg);
	/* a missing file */
	ps[1] = "/nonexistent/svy-test/missing.csv";
	slurp(ps, 2, opts_chunk(0), &res);
	ok(res.rc == SVY_EIO && strcmp(res.e.file, ps[1]) == 0,
	   "missing second file: SVY_EIO naming it (got %d)", res.rc);
	slurp(ps + 1, 1, opts_chunk(0), &res);
	ok(res.rc == SVY_EIO, "missing file: SVY_EIO at open (got %d)", res.rc);
}

static void delimiters(void)
{
	static const char semi[] = "a;b\n1,5;\"x;y\"\n\"q\"\"\";\n";
	static const char tab[] = "a\tb\n1\t2\n\" \t \"\tx y\n";
	static const char comma[] = "a;b\n1,2\n";

	expect("-d ';'", semi, strlen(semi), ';', "H:a|b\nL2:1,5|x;y\nL3:q\"|\n", 0, 0);
	expect("tab", tab, strlen(tab), '\t', "H:a|b\nL2:1|2\nL3: \t |x y\n", 0, 0);
	/* with ';' a comma line is one field: the first data row is ragged, and
	 * svy_reader_open (which reads up to the first data row) fails */
	expect("-d ';' on a comma file", comma, strlen(comma), ';', "", SVY_EDATA, 2);
}

static void skip_header(void)
{
	const char *p = TMP("a,b\n1,2\na,b\n3,4\n\"a\",b\n");
	struct svy_reader_opts o = opts_chunk(0);
	struct result res;
	size_t c;

	/* a row equal to the header (quoted or not) is dropped; lines still count */
	for (c = 0; c < NCHUNKS; c++) {
		o = opts_chunk(chunks[c]);
		o.skip_header_rows = 1;
		slurp(&p, 1, o, &res);
		is_str(res.text, "H:a|b\nL2:1|2\nL4:3|4\n", "skip_header_rows (chunk %zu)",
		       chunks[c]);
		ok(res.rows == 2, "skip_header_rows: repeated headers not counted as rows");
	}
	slurp(&p, 1, opts_chunk(0), &res);
	is_str(res.text, "H:a|b\nL2:1|2\nL3:a|b\nL4:3|4\nL5:a|b\n",
	       "without skip_header_rows the repeated header is data");
}

static void from_stdin(void)
{
	const char *p = TMP("a,b\n1,2\n");
	int saved = dup(STDIN_FILENO), fd = open(p, O_RDONLY);
	struct result res;
	const char *dash = "-";

	dup2(fd, STDIN_FILENO);
	close(fd);
	slurp(NULL, 0, opts_chunk(0), &res);
	is_str(res.text, "H:a|b\nL2:1|2\n", "no path: standard input");
	fd = open(p, O_RDONLY);
	dup2(fd, STDIN_FILENO);
	close(fd);
	slurp(&dash, 1, opts_chunk(0), &res);
	is_str(res.text, "H:a|b\nL2:1|2\n", "'-': standard input");
	/* the display name of standard input is "stdin" */
	{
		struct svy_reader_opts o = opts_chunk(0);
		struct svy_error e;
		struct svy_reader *r;
		struct svy_row row;
		fd = open(p, O_RDONLY);
		dup2(fd, STDIN_FILENO);
		close(fd);
		r = svy_reader_open(NULL, 0, &o, &e);
		ok(r && svy_reader_next(r, &row, &e) == 1 && strcmp(row.file, "stdin") == 0,
		   "rows from standard input are from 'stdin'");
		svy_reader_close(r);
	}
	dup2(saved, STDIN_FILENO);
	close(saved);
}

static void header_lookup(void)
{
	const char *p = TMP("region,plan,nps\n");
	struct svy_reader_opts o = opts_chunk(0);
	struct svy_error e;
	struct svy_reader *r = svy_reader_open(&p, 1, &o, &e);
	const struct svy_header *h;
	size_t idx[8], n;
	char msg[1024];
	int rc;

	if (!ok(r != NULL, "header lookup: open"))
		return;
	h = svy_reader_header(r);
	ok(h->ncols == 3, "header has 3 columns");
	ok(svy_header_find(h, "plan") == 1 && svy_header_find(h, "Plan") == -1,
	   "svy_header_find is exact");
	rc = svy_header_resolve(h, "nps,region", idx, 8, &n, &e);
	ok(rc == 0 && n == 2 && idx[0] == 2 && idx[1] == 0, "resolve 'nps,region'");
	rc = svy_header_resolve(h, "region,score", idx, 8, &n, &e);
	svy_error_format(&e, msg, sizeof msg);
	ok(rc == SVY_EDATA && strstr(msg, "'score'") && strstr(msg, "region, plan, nps"),
	   "unknown column: SVY_EDATA naming it and listing the header: %s", msg);
	svy_reader_close(r);
}

/* Column options are judged before any header: usage errors naming the
 * option, whatever the input holds. */
static void names_check(void)
{
	struct svy_error e;
	char big[300];

	ok(svy_names_check("--by", "region,plan", 2, &e) == 0, "names: two of two");
	ok(svy_names_check("--by", "region,plan,nps", 2, &e) == SVY_EUSAGE
	   && strcmp(e.msg, "--by: more than 2 columns in 'region,plan,nps'") == 0,
	   "names: three of two: %s", e.msg);
	ok(svy_names_check("--by", ",region", 8, &e) == SVY_EUSAGE
	   && strcmp(e.msg, "--by: an empty column name in ',region'") == 0,
	   "names: empty first: %s", e.msg);
	ok(svy_names_check("--by", "region,", 8, &e) == SVY_EUSAGE, "names: empty last");
	ok(svy_names_check("--by", "region,plan,region", 8, &e) == SVY_EUSAGE
	   && strcmp(e.msg, "--by: 'region' is listed twice") == 0, "names: twice: %s", e.msg);
	ok(svy_names_check("--by", "region,regions,plan,reg", 8, &e) == 0,
	   "names: prefixes are other names");
	ok(svy_names_check("--weight", "", 1, &e) == SVY_EUSAGE
	   && strcmp(e.msg, "--weight: an empty column name") == 0, "names: empty: %s", e.msg);
	ok(svy_names_check("--date", "a,b", 1, &e) == SVY_EUSAGE
	   && strcmp(e.msg, "--date: one column, not 'a,b' (a name with a comma is "
	             "written in double quotes)") == 0, "names: a list for one: %s", e.msg);
	memset(big, 'x', 256);
	big[256] = '\0';
	ok(svy_names_check("--column", big, 1, &e) == SVY_EUSAGE
	   && strstr(e.msg, "256 bytes or more"), "names: 256 bytes");
	big[255] = '\0';
	ok(svy_names_check("--column", big, 1, &e) == 0, "names: 255 bytes");
}

/* A column list is a CSV record: a name with a comma or a double quote is
 * written in double quotes, its quotes doubled.  names: the expected names
 * joined by '|'. */
static void split_case(const char *list, size_t max, const char *names)
{
	struct svy_error e;
	char **v, got[600] = "";
	size_t n, i;
	int rc = svy_names_split("--by", list, max, &v, &n, &e);

	for (i = 0; rc == 0 && i < n; i++)
		snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? "|" : "", v[i]);
	ok(rc == 0 && strcmp(got, names) == 0 && v[n] == NULL,
	   "split: [%s] -> [%s] (want [%s])", list, rc ? e.msg : got, names);
	svy_names_free(v);
}

static void split_fails(const char *list, size_t max, const char *msg)
{
	struct svy_error e;
	char **v;
	size_t n;
	int rc = svy_names_split("--by", list, max, &v, &n, &e);

	ok(rc == SVY_EUSAGE && v == NULL && n == 0 && strcmp(e.msg, msg) == 0,
	   "split fails: [%s]: %s", list, rc ? e.msg : "(no error)");
	svy_names_free(v);
}

static void names_split(void)
{
	struct svy_header h;
	const char *cols[] = { "id", "Region, EU", "say \"hi\"", "a\"b", "plan" };
	struct svy_error e;
	size_t idx[4], n;

	split_case("region", 1, "region");
	split_case("region,plan", 8, "region|plan");
	split_case("\"Region, EU\"", 1, "Region, EU");
	split_case("\"Region, EU\",plan", 8, "Region, EU|plan");
	split_case("plan,\"Region, EU\"", 8, "plan|Region, EU");
	split_case("\"say \"\"hi\"\"\"", 1, "say \"hi\"");
	split_case("\"\"\"\"", 1, "\"");                 /* """" is one quote */
	split_case("a\"b", 1, "a\"b");                     /* a bare quote inside a name */
	split_case("\"plan\",plan2", 8, "plan|plan2");
	split_case(" region , plan", 8, " region | plan");   /* no trimming */
	split_fails("\"Region, EU", 8, "--by: a double quote is not closed in '\"Region, EU'");
	split_fails("\"Region\" EU", 8,
	            "--by: text after a closing double quote in '\"Region\" EU'");
	split_fails("\"\"", 8, "--by: an empty column name in '\"\"'");
	split_fails("plan,\"\"", 8, "--by: an empty column name in 'plan,\"\"'");
	split_fails("\"plan\",plan", 8, "--by: 'plan' is listed twice");
	split_fails("\"a,b\",c", 1, "--by: one column, not '\"a,b\",c' (a name with a "
	            "comma is written in double quotes)");
	split_fails("", 8, "--by: an empty column name");

	{
		char buf[SVY_NAME_MAX + 1];
		ok(strcmp(svy_name_of("\"Region, EU\"", buf, sizeof buf), "Region, EU") == 0,
		   "name_of: unquoted");
		ok(strcmp(svy_name_of("plan", buf, sizeof buf), "plan") == 0, "name_of: plain");
		ok(strcmp(svy_name_of("a,b", buf, sizeof buf), "a,b") == 0 &&
		   strcmp(svy_name_of("\"open", buf, sizeof buf), "\"open") == 0,
		   "name_of: not one name: the value itself");
	}

	h.ncols = 5;
	h.name = cols;
	h.file = "t.csv";
	h.line = 1;
	ok(svy_header_resolve(&h, "plan,\"Region, EU\",\"say \"\"hi\"\"\",a\"b", idx, 4, &n,
	                      &e) == 0 && n == 4 && idx[0] == 4 && idx[1] == 1 && idx[2] == 2 &&
	   idx[3] == 3, "resolve: quoted names");
	ok(svy_header_resolve(&h, "Region, EU", idx, 4, &n, &e) == SVY_EDATA &&
	   strstr(e.msg, "no column 'Region'") != NULL, "resolve: a bare comma splits: %s",
	   e.msg);
	ok(svy_header_resolve(&h, "plan,id", idx, 1, &n, &e) == SVY_EUSAGE,
	   "resolve: more than max is a usage error");
}

/* A reader of p taking ragged rows, on the fast path or libcsv's, reading
 * the columns want[0..nwant) (nwant 0: all). */
static struct svy_reader *open_ragged(const char *p, int slow, const size_t *want,
                                      size_t nwant)
{
	struct svy_reader_opts o = opts_chunk(0);
	struct svy_reader *r;
	struct svy_error e;

	o.ragged_ok = 1;
	o.no_fast_path = slow;
	r = svy_reader_open(&p, 1, &o, &e);
	if (r && nwant)
		svy_reader_want(r, want, nwant, &e);
	return r;
}

/* A short row (ragged_ok) shows no field of the longer row before it,
 * whether all columns or a few are read, on either path. */
static void ragged_short_rows(void)
{
	const char *p = TMP("a,b,c,d\n1,2,3,4\n5,6\n\"7\",8,9,\"10\"\n11\n");
	/* rows: 4 fields, 2, 4 (quoted: the slow path's arena on no_fast_path), 1 */
	static const size_t want[] = { 0, 3 };
	static const char *const expect_d[] = { "4", "", "10", "" };
	int slow, some;

	for (slow = 0; slow < 2; slow++)
		for (some = 0; some < 2; some++) {
			struct svy_reader *r = open_ragged(p, slow, want, some ? 2 : 0);
			struct svy_row row;
			struct svy_error e;
			int rc, n = 0, good = 1;

			if (!ok(r != NULL, "ragged: open"))
				return;
			while ((rc = svy_reader_next(r, &row, &e)) == 1 && n < 4) {
				good &= strcmp(row.field[3], expect_d[n]) == 0 &&
				        row.len[3] == strlen(expect_d[n]);
				n++;
			}
			ok(rc == 0 && n == 4 && good,
			   "ragged rows (%s path, %s): column d is 4, empty, 10, empty",
			   slow ? "libcsv" : "fast", some ? "two columns wanted" : "all columns");
			svy_reader_close(r);
		}
}

/* A row longer than the header is handed out whole even when only some
 * columns are wanted: nothing can want a column the header lacks, and a
 * caller checks what the extra fields hold (survey-ingest's first pass). */
static void ragged_long_row_whole(void)
{
	const char *p = TMP("a,b\n1,2\n3,4,5\n6,7\n");
	static const size_t want[] = { 0 };
	int slow;

	for (slow = 0; slow < 2; slow++) {
		struct svy_reader *r = open_ragged(p, slow, want, 1);
		struct svy_row row;
		struct svy_error e;
		int rc, n = 0, good = 0;

		if (!ok(r != NULL, "long row: open"))
			return;
		while ((rc = svy_reader_next(r, &row, &e)) == 1) {
			if (++n == 2)
				good = row.nfields == 3 && strcmp(row.field[0], "3") == 0 &&
				       strcmp(row.field[1], "4") == 0 && strcmp(row.field[2], "5") == 0;
			if (n == 3)
				good &= strcmp(row.field[0], "6") == 0;
		}
		ok(rc == 0 && n == 3 && good, "a long row under want comes whole: 3|4|5 (%s path)",
		   slow ? "libcsv" : "fast");
		svy_reader_close(r);
	}
}

/* ---- svy_reader_batch against svy_reader_next --------------------------
 *
 * svy_reader_batch hands out a run of fast-path rows at once after
 * svy_reader_want, and anything else a row at a time.  Whatever it takes,
 * the rows must be those svy_reader_next gives, in the same order: every
 * input below is read at several read sizes with svy_reader_next (with the
 * same columns wanted, and with none, which reads every field by the
 * general path) and with svy_reader_batch at max 1, 2, 3, 64 and 1000, and
 * the reads are compared row by row: file, line, field count and the bytes
 * and length of every wanted field.  A row of a batch is copied only after
 * the whole batch has been returned, so the rows of a batch must be valid
 * together.  The expected rows are those of the svy_reader_next reads
 * (differential), except in the hand-worked cases at the end. */

static const size_t bchunks[] = { 1, 7, 64, 0 };
static const size_t bmaxes[] = { 1, 2, 3, 64, 1000 };
#define NBCHUNKS (sizeof bchunks / sizeof bchunks[0])
#define NBMAXES (sizeof bmaxes / sizeof bmaxes[0])

/* One row as handed out, copied: its fields, and up to the header's width
 * the "fields" a short row (ragged_ok) reads as empty. */
struct brow {
	char *file;
	unsigned long line;
	size_t nfields, ncopied;
	char **f;
	size_t *len;
	int unterminated;        /* a field without its NUL */
};

/* What one read of a stream handed out, and how it ended. */
struct bread {
	struct brow *row;
	size_t n, cap;
	int open_rc;             /* svy_reader_open failed with it */
	int rc;                  /* 0 at the end, or the error code */
	int again;               /* what one more call returned after that */
	struct svy_error e;
	unsigned long counted;   /* svy_reader_rows() at the end */
	size_t hn;
	size_t calls, most;      /* calls that gave rows; the most one gave */
	size_t multi;            /* calls that gave more than one row */
	int too_many;            /* a call gave more than max, or more rows than
	                            4096 fields hold (at least one) */
};

static void bread_free(struct bread *b)
{
	size_t i, j;

	for (i = 0; i < b->n; i++) {
		for (j = 0; j < b->row[i].ncopied; j++)
			free(b->row[i].f[j]);
		free(b->row[i].f);
		free(b->row[i].len);
		free(b->row[i].file);
	}
	free(b->row);
	memset(b, 0, sizeof *b);
}

static void bread_add(struct bread *b, const struct svy_row *row)
{
	struct brow *w;
	size_t i, k = row->nfields > b->hn ? row->nfields : b->hn;

	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->row = realloc(b->row, b->cap * sizeof *b->row);
		if (!b->row)
			exit(2);
	}
	w = &b->row[b->n++];
	w->file = strdup(row->file);
	w->line = row->line;
	w->nfields = row->nfields;
	w->ncopied = k;
	w->f = calloc(k, sizeof *w->f);
	w->len = calloc(k, sizeof *w->len);
	w->unterminated = 0;
	if (!w->file || !w->f || !w->len)
		exit(2);
	for (i = 0; i < k; i++) {
		const char *s = row->field[i];
		size_t l = row->len[i];

		w->f[i] = malloc(l + 1);
		if (!w->f[i])
			exit(2);
		memcpy(w->f[i], s, l);
		w->f[i][l] = '\0';
		w->len[i] = l;
		if (s[l] != '\0')
			w->unterminated = 1;
	}
}

/* Read ps[0..np) with o: svy_reader_want(want, nwant) first unless want is
 * NULL; svy_reader_next when max is 0, else svy_reader_batch(max). */
static void bread_run(const char *const *ps, size_t np, struct svy_reader_opts o,
                      const size_t *want, size_t nwant, size_t max, struct bread *b)
{
	struct svy_reader *r;
	struct svy_row *rows = calloc(max ? max : 1, sizeof *rows);
	struct svy_error e2;
	size_t limit, i;
	int rc;

	memset(b, 0, sizeof *b);
	svy_error_clear(&b->e);
	if (!rows)
		exit(2);
	r = svy_reader_open(ps, np, &o, &b->e);
	if (!r) {
		b->open_rc = b->e.code ? b->e.code : -99;
		free(rows);
		return;
	}
	b->hn = svy_reader_header(r)->ncols;
	limit = b->hn && 4096 / b->hn ? 4096 / b->hn : 1;
	if (want && svy_reader_want(r, want, nwant, &b->e) < 0) {
		b->open_rc = b->e.code;
		svy_reader_close(r);
		free(rows);
		return;
	}
	for (;;) {
		rc = max ? svy_reader_batch(r, rows, max, &b->e) : svy_reader_next(r, rows, &b->e);
		if (rc <= 0)
			break;
		b->calls++;
		if ((size_t)rc > b->most)
			b->most = (size_t)rc;
		if (rc > 1)
			b->multi++;
		if ((size_t)rc > (max ? max : 1) || (size_t)rc > limit)
			b->too_many = 1;
		for (i = 0; i < (size_t)rc; i++)     /* the whole batch is out */
			bread_add(b, &rows[i]);
	}
	b->rc = rc;
	b->counted = svy_reader_rows(r);
	svy_error_clear(&e2);
	b->again = max ? svy_reader_batch(r, rows, max, &e2) : svy_reader_next(r, rows, &e2);
	svy_reader_close(r);
	free(rows);
}

/* 0 when a handed out what ref did and ended alike.  A field of a wanted
 * column (mask NULL: of every column), or of a row longer than the header,
 * has ref's bytes and length, NUL-terminated; any other field is empty or
 * holds its own text, as full (the same input read without
 * svy_reader_want) has it, never another row's.  Otherwise 1, with the
 * first difference in why. */
static int bdiff(const struct bread *a, const struct bread *ref, const struct bread *full,
                 const unsigned char *mask, char *why, size_t size)
{
	size_t i, c;

	if (a->open_rc != ref->open_rc) {
		snprintf(why, size, "open: %d, not %d", a->open_rc, ref->open_rc);
		return 1;
	}
	for (i = 0; i < a->n && i < ref->n; i++) {
		const struct brow *x = &a->row[i], *y = &ref->row[i];
		const struct brow *z = full && i < full->n ? &full->row[i] : NULL;

		if (strcmp(x->file, y->file) != 0 || x->line != y->line ||
		    x->nfields != y->nfields) {
			snprintf(why, size, "row %zu: %s line %lu, %zu fields; not %s line %lu, "
			         "%zu fields", i + 1, x->file, x->line, x->nfields, y->file,
			         y->line, y->nfields);
			return 1;
		}
		if (x->unterminated) {
			snprintf(why, size, "row %zu (line %lu): a field is not NUL-terminated",
			         i + 1, x->line);
			return 1;
		}
		for (c = 0; c < x->ncopied && c < y->ncopied; c++) {
			const int strict = !mask || c >= a->hn || mask[c];
			const int same = x->len[c] == y->len[c] &&
			                 memcmp(x->f[c], y->f[c], x->len[c]) == 0;
			const int own = z && c < z->ncopied && x->len[c] == z->len[c] &&
			                memcmp(x->f[c], z->f[c], x->len[c]) == 0;

			if (strict ? !same : !(x->len[c] == 0 || own)) {
				snprintf(why, size, "row %zu (line %lu), %s field %zu: [%.*s] "
				         "(%zu bytes), not [%.*s] (%zu bytes)", i + 1, x->line,
				         strict ? "wanted" : "unwanted", c + 1,
				         (int)(x->len[c] < 60 ? x->len[c] : 60), x->f[c], x->len[c],
				         (int)(y->len[c] < 60 ? y->len[c] : 60), y->f[c], y->len[c]);
				return 1;
			}
		}
	}
	if (a->n != ref->n) {
		snprintf(why, size, "%zu rows, not %zu", a->n, ref->n);
		return 1;
	}
	if (a->rc != ref->rc || (a->rc < 0 && (a->e.code != ref->e.code ||
	    a->e.line != ref->e.line || strcmp(a->e.file, ref->e.file) != 0 ||
	    strcmp(a->e.msg, ref->e.msg) != 0))) {
		snprintf(why, size, "ends with %d (%s line %lu: %s), not %d (%s line %lu: %s)",
		         a->rc, a->e.file, a->e.line, a->e.msg, ref->rc, ref->e.file,
		         ref->e.line, ref->e.msg);
		return 1;
	}
	if (a->counted != a->n) {
		snprintf(why, size, "svy_reader_rows() is %lu after %zu rows", a->counted, a->n);
		return 1;
	}
	if (a->again != a->rc) {
		snprintf(why, size, "a call after the end returns %d, not %d", a->again, a->rc);
		return 1;
	}
	if (a->too_many) {
		snprintf(why, size, "a call gave more rows than it may (at most %zu)", a->most);
		return 1;
	}
	return 0;
}

/* The most rows one call gave, per read size and max, in the last
 * batch_same; and the calls that gave rows. */
static size_t bmost[NBCHUNKS][NBMAXES], bcalls[NBCHUNKS][NBMAXES], brows_read;

/* One input and one set of wanted columns (want NULL: svy_reader_want is
 * not called), every read size: svy_reader_batch at every max hands out
 * what svy_reader_next does. */
static void batch_same(const char *name, const char *const *ps, size_t np,
                       struct svy_reader_opts base, const size_t *want, size_t nwant,
                       const char *wname)
{
	size_t c, m, i;

	for (c = 0; c < NBCHUNKS; c++) {
		struct svy_reader_opts o = base;
		struct bread full, ref, got;
		unsigned char *mask = NULL;
		char why[2048] = "", fails[2048 + 64] = "", maxes[64] = "";
		int differ;

		o.chunk = bchunks[c];
		bread_run(ps, np, o, NULL, 0, 0, &full);
		bread_run(ps, np, o, want, nwant, 0, &ref);
		if (want) {
			mask = calloc(ref.hn ? ref.hn : 1, 1);
			if (!mask)
				exit(2);
			for (i = 0; i < nwant; i++)
				if (want[i] < ref.hn)
					mask[want[i]] = 1;
			differ = bdiff(&ref, &full, &full, mask, why, sizeof why);
			ok(!differ, "batch: %s, want %s (chunk %zu): svy_reader_next with and "
			   "without svy_reader_want agree on the wanted columns (%zu rows, end %d)%s%s",
			   name, wname, bchunks[c], ref.n, ref.rc, differ ? ": " : "", why);
		}
		brows_read = ref.n;
		for (m = 0; m < NBMAXES; m++) {
			bread_run(ps, np, o, want, nwant, bmaxes[m], &got);
			bmost[c][m] = got.most;
			bcalls[c][m] = got.calls;
			why[0] = '\0';
			if (bdiff(&got, &ref, &full, mask, why, sizeof why)) {
				if (!*maxes)       /* the first difference, and every max that differs */
					snprintf(fails, sizeof fails, ": at max %zu, %s", bmaxes[m], why);
				snprintf(maxes + strlen(maxes), sizeof maxes - strlen(maxes), " %zu",
				         bmaxes[m]);
			}
			bread_free(&got);
		}
		ok(!*maxes, "batch: %s, want %s (chunk %zu): svy_reader_batch at max 1, 2, 3, "
		   "64, 1000 gives the rows of svy_reader_next (%zu rows, end %d)%s%s%s", name,
		   wname, bchunks[c], ref.n, ref.rc, *maxes ? "; differs at max" : "", maxes,
		   fails);
		free(mask);
		bread_free(&full);
		bread_free(&ref);
	}
}

/* A growing text buffer for the generated inputs. */
struct gbuf {
	char *s;
	size_t n, cap;
};

__attribute__((format(printf, 2, 3)))
static void gput(struct gbuf *g, const char *fmt, ...)
{
	va_list ap;
	int k;

	for (;;) {
		va_start(ap, fmt);
		k = vsnprintf(g->s ? g->s + g->n : NULL, g->s ? g->cap - g->n : 0, fmt, ap);
		va_end(ap);
		if (k < 0)
			exit(2);
		if (g->s && (size_t)k < g->cap - g->n)
			break;
		g->cap = (g->cap + (size_t)k + 1) * 2;
		g->s = realloc(g->s, g->cap);
		if (!g->s)
			exit(2);
	}
	g->n += (size_t)k;
}

static const char *gfile(struct gbuf *g)
{
	const char *p = tmp_with(g->s ? g->s : "", g->n);

	free(g->s);
	memset(g, 0, sizeof *g);
	return p;
}

/* The header a,b,c and n rows "i,i,i" (lines 2..n+1). */
static void good_rows(struct gbuf *g, int n)
{
	int i;

	gput(g, "a,b,c\n");
	for (i = 1; i <= n; i++)
		gput(g, "%d,%d,%d\n", i, i, i);
}

static const size_t w02[] = { 0, 2 }, w1[] = { 1 }, w012[] = { 2, 0, 1 }, wnone[] = { 0 };

/* The usual column sets of a 3-column input: none called, 0 and 2, 1,
 * all three (listed out of order), none wanted. */
static void batch_same_3(const char *name, const char *const *ps, size_t np,
                         struct svy_reader_opts base)
{
	batch_same(name, ps, np, base, NULL, 0, "(no svy_reader_want)");
	batch_same(name, ps, np, base, w02, 2, "{0,2}");
	batch_same(name, ps, np, base, w1, 1, "{1}");
	batch_same(name, ps, np, base, w012, 3, "{2,0,1}");
	batch_same(name, ps, np, base, wnone, 0, "{} (nothing)");
}

static void batch_differential(void)
{
	struct svy_reader_opts o;
	struct gbuf g = { 0 };
	const char *p, *ps[2];
	size_t c, m;
	int i, j, all;

	memset(&o, 0, sizeof o);

	/* 300 plain rows: one read of the default size holds them all */
	gput(&g, "id,name,score\n");
	for (i = 1; i <= 300; i++)
		gput(&g, "%d,n%d,%d\n", i, i, i * 37 % 11);
	p = gfile(&g);
	batch_same_3("plain rows", &p, 1, o);
	/* the last batch_same ({} wanted) read 300 rows; at the default read
	 * size the first data row comes alone (read when the reader opened),
	 * then the other 299 are queued: max 64 gives full batches, max 1000
	 * all 299 at once (4096 / 3 = 1365 would fit) */
	ok(brows_read == 300 && bmost[3][3] == 64 && bmost[3][4] == 299 && bcalls[3][4] == 2,
	   "batch: plain rows, default read size: max 64 gives 64 at once, max 1000 the "
	   "299 queued after the first row (got %zu rows; most %zu and %zu, %zu calls)",
	   brows_read, bmost[3][3], bmost[3][4], bcalls[3][4]);
	for (all = 1, c = 0; c < NBCHUNKS; c++)
		for (m = 0; m < NBMAXES; m++)
			all &= bmost[c][m] <= bmaxes[m];
	ok(all, "batch: plain rows: never more than max at once");
	batch_same("plain rows", &p, 1, o, NULL, 0, "(no svy_reader_want)");
	for (all = 1, c = 0; c < NBCHUNKS; c++)
		for (m = 0; m < NBMAXES; m++)
			all &= bmost[c][m] == 1;
	ok(all, "batch: without svy_reader_want every call gives one row");

	/* quoted fields: doubled quotes, delimiters, LF and CRLF inside quotes,
	 * empty quoted fields, a quoted last field at the end of the input */
	gput(&g, "\"a\",\"b \"\"x\"\"\",c\n");
	for (i = 1; i <= 120; i++)
		switch (i % 4) {
		case 0: gput(&g, "\"q\"\"%d\"\"\",%d,\"l1\nl2 %d\"\n", i, i, i); break;
		case 1: gput(&g, "%d,\"x,y\",\"\"\n", i); break;
		case 2: gput(&g, "\"p\r\nq\",%d,\"\"\"%d\"\"\"\n", i, i); break;
		default: gput(&g, "%d,\"\",\"%d\n\n%d\"\n", i, i, i); break;
		}
	gput(&g, "end,\"last\",\"no line end\"");
	p = gfile(&g);
	batch_same_3("quoted fields", &p, 1, o);

	/* a lone CR (a line end without LF) is what the fast scanner leaves
	 * to libcsv, which reads the rest of the file: lines 2-51 are fast-path
	 * rows, "x,y,z\r" (line 52) and the 30 rows after it libcsv's, which
	 * come one per call */
	gput(&g, "a,b,c\n");
	for (i = 1; i <= 50; i++)
		gput(&g, "%d,%d,%d\n", i, i, i);
	gput(&g, "x,y,z\r");
	for (i = 51; i <= 80; i++)
		gput(&g, i % 3 ? "%d,%d,%d\n" : "\"%d\",\"%d\"\"\",%d\n", i, i, i);
	p = gfile(&g);
	batch_same_3("lone CR: libcsv part-way", &p, 1, o);
	/* default read size, max 64: the first row alone, rows 2-50 in one
	 * batch, then 31 libcsv rows a call each: 33 calls */
	ok(brows_read == 81 && bcalls[3][3] == 33 && bmost[3][3] == 49,
	   "batch: lone CR, default read size, max 64: 1 + 49 rows, then 31 one at a "
	   "time (got %zu rows, %zu calls, most %zu)", brows_read, bcalls[3][3], bmost[3][3]);

	/* blank lines (skipped, counted), before the first row and at the end */
	gput(&g, "a,b,c\n\n");
	for (i = 1; i <= 90; i++)
		gput(&g, i % 7 == 0 ? "\n%d,%d,%d\n\n\n" : "%d,%d,%d\n", i, i + 1, i + 2);
	gput(&g, "\n\n");
	p = gfile(&g);
	batch_same_3("blank lines", &p, 1, o);

	/* CRLF, a BOM, blank CRLF lines, a quoted CRLF, no final line end */
	gput(&g, "\xEF\xBB\xBF" "a,b,c\r\n");
	for (i = 1; i <= 100; i++)
		gput(&g, i % 9 == 0 ? "\r\n%d,\"c\r\nr\",%d\r\n" : "%d,x%d,%d\r\n", i, i, i);
	gput(&g, "last,row,here");
	p = gfile(&g);
	batch_same_3("CRLF", &p, 1, o);

	/* ragged rows (ragged_ok): 3 fields, then 2, 4, 1 and 3 again */
	gput(&g, "a,b,c\n");
	for (i = 1; i <= 100; i++)
		switch (i % 6) {
		case 1: gput(&g, "%d,s%d\n", i, i); break;
		case 3: gput(&g, "%d,l%d,m%d,n%d\n", i, i, i, i); break;
		case 4: gput(&g, "%d\n", i); break;
		default: gput(&g, "%d,\"%d\",%d\n", i, i, i); break;
		}
	p = gfile(&g);
	o.ragged_ok = 1;
	batch_same_3("ragged rows (ragged_ok)", &p, 1, o);
	o.ragged_ok = 0;

	/* two files with equal headers: one stream, the second's header dropped */
	gput(&g, "a,b,c\n");
	for (i = 1; i <= 40; i++)
		gput(&g, "%d,f1,%d\n", i, i);
	ps[0] = gfile(&g);
	gput(&g, "a,b,c\r\n");
	for (i = 1; i <= 40; i++)
		gput(&g, "%d,f2,\"%d\"\r\n", i, i);
	ps[1] = gfile(&g);
	batch_same_3("two files", ps, 2, o);

	/* skip_header_rows: rows equal to the header are dropped */
	gput(&g, "a,b,c\n");
	for (i = 1; i <= 60; i++)
		gput(&g, i % 10 ? "%d,%d,%d\n" : "a,b,c\n", i, i, i);
	p = gfile(&g);
	o.skip_header_rows = 1;
	batch_same_3("skip_header_rows", &p, 1, o);
	o.skip_header_rows = 0;

	/* errors, after the good rows before them: a row with too many fields
	 * (line 32); a quote inside an unquoted field (line 32: the dialect is
	 * strict, so it is an error, not data); an unterminated quote */
	good_rows(&g, 30);
	gput(&g, "1,2,3,4\n5,6,7\n");
	p = gfile(&g);
	batch_same("too many fields", &p, 1, o, w02, 2, "{0,2}");
	batch_same("too many fields", &p, 1, o, NULL, 0, "(no svy_reader_want)");
	good_rows(&g, 30);
	gput(&g, "1,a\"b,3\n5,6,7\n");
	p = gfile(&g);
	batch_same("a quote inside an unquoted field", &p, 1, o, w02, 2, "{0,2}");
	batch_same("a quote inside an unquoted field", &p, 1, o, w1, 1, "{1}");
	good_rows(&g, 30);
	gput(&g, "1,\"open,3\n5,6,7\n");
	p = gfile(&g);
	batch_same("an unterminated quote", &p, 1, o, w02, 2, "{0,2}");

	/* wide headers: 4096 / 1500 = 2 rows a batch; 5000 columns are more
	 * than 4096 fields, so one row a batch */
	{
		static const size_t w1500[] = { 0, 750, 1499 }, w5000[] = { 4999, 0, 2500 };

		gput(&g, "c0");
		for (j = 1; j < 1500; j++)
			gput(&g, ",c%d", j);
		gput(&g, "\n");
		for (i = 1; i <= 10; i++) {
			gput(&g, "r%d", i);
			for (j = 1; j < 1500; j++)
				gput(&g, j % 500 ? ",%d" : ",\"q%d\"", j);
			gput(&g, "\n");
		}
		p = gfile(&g);
		batch_same("1500 columns", &p, 1, o, w1500, 3, "{0,750,1499}");
		ok(brows_read == 10 && bmost[3][1] == 2 && bmost[3][3] == 2 && bmost[3][4] == 2,
		   "batch: 1500 columns, default read size: 2 rows at once at max 2, 64 and "
		   "1000 (got %zu rows; %zu, %zu, %zu)", brows_read, bmost[3][1], bmost[3][3],
		   bmost[3][4]);
		batch_same("1500 columns", &p, 1, o, NULL, 0, "(no svy_reader_want)");

		gput(&g, "c0");
		for (j = 1; j < 5000; j++)
			gput(&g, ",c%d", j);
		gput(&g, "\n");
		for (i = 1; i <= 4; i++) {
			gput(&g, "r%d", i);
			for (j = 1; j < 5000; j++)
				gput(&g, j == 2500 ? ",\"x\"\"%d\"" : ",%d", j);
			gput(&g, "\n");
		}
		p = gfile(&g);
		batch_same("5000 columns", &p, 1, o, w5000, 3, "{4999,0,2500}");
		for (all = 1, c = 0; c < NBCHUNKS; c++)
			for (m = 0; m < NBMAXES; m++)
				all &= bmost[c][m] == 1;
		ok(brows_read == 4 && all, "batch: 5000 columns: one row a call at every max "
		   "and read size (%zu rows)", brows_read);
		batch_same("5000 columns", &p, 1, o, NULL, 0, "(no svy_reader_want)");
	}
}

/* The rows of one batch are valid together, each with its own fields:
 * 100 rows "i,v<i>,w<i>" (line i + 1), columns 0 and 2 wanted, read 64 at
 * a time; each batch is checked after it has been returned whole. */
static void batch_together(void)
{
	struct gbuf g = { 0 };
	const char *p;
	size_t c;
	int i;

	gput(&g, "i,v,w\n");
	for (i = 1; i <= 100; i++)
		gput(&g, "%d,v%d,w%d\n", i, i, i);
	p = gfile(&g);
	for (c = 0; c < NBCHUNKS; c++) {
		struct svy_reader_opts o = opts_chunk(bchunks[c]);
		struct svy_error e;
		struct svy_reader *r = svy_reader_open(&p, 1, &o, &e);
		struct svy_row rows[64];
		char want0[32], want2[32];
		int rc, k, n = 0, good = 1, distinct = 1, biggest = 0;

		if (!ok(r != NULL && svy_reader_want(r, w02, 2, &e) == 0,
		        "batch together (chunk %zu): open", bchunks[c]))
			continue;
		while ((rc = svy_reader_batch(r, rows, 64, &e)) > 0) {
			if (rc > biggest)
				biggest = rc;
			for (k = 0; k < rc; k++) {
				snprintf(want0, sizeof want0, "%d", n + k + 1);
				snprintf(want2, sizeof want2, "w%d", n + k + 1);
				good &= rows[k].nfields == 3 && rows[k].line == (unsigned long)(n + k + 2) &&
				        strcmp(rows[k].file, p) == 0 &&
				        strcmp(rows[k].field[0], want0) == 0 &&
				        rows[k].len[0] == strlen(want0) &&
				        strcmp(rows[k].field[2], want2) == 0 &&
				        rows[k].len[2] == strlen(want2);
				if (k > 0)
					distinct &= rows[k].field != rows[k - 1].field &&
					            rows[k].len != rows[k - 1].len;
			}
			n += rc;
		}
		ok(rc == 0 && n == 100 && good && svy_reader_rows(r) == 100,
		   "batch together (chunk %zu): 100 rows, each of a batch right after the whole "
		   "batch is out (rc %d, %d rows, %lu counted)", bchunks[c], rc, n,
		   svy_reader_rows(r));
		ok(distinct, "batch together (chunk %zu): the rows of a batch have their own "
		   "field arrays", bchunks[c]);
		if (bchunks[c] == 0)
			ok(biggest == 64, "batch together (default read size): batches of 64 "
			   "(got at most %d)", biggest);
		svy_reader_close(r);
	}
}

/* svy_reader_want again between batches: a column no longer wanted reads
 * as "" (it may hold its own text, by reader.h, but never another row's),
 * a column newly wanted as its text.  Rows "a<i>,b<i>,c<i>" (line i + 1),
 * read a row or 4 at a time: {0,1} wanted first, {0} from the first call
 * after 10 rows, {1,2} from the first after 25; the expected columns of a
 * row are those wanted when the call that gave it was made. */
static void batch_want_again(void)
{
	static const size_t first[] = { 0, 1 }, second[] = { 0 }, third[] = { 1, 2 };
	struct gbuf g = { 0 };
	const char *p;
	size_t c, m;
	int i;

	gput(&g, "a,b,c\n");
	for (i = 1; i <= 40; i++)
		gput(&g, "a%d,b%d,c%d\n", i, i, i);
	p = gfile(&g);
	for (c = 0; c < NBCHUNKS; c++)
		for (m = 0; m < 2; m++) {
			const size_t max = m ? 4 : 1;     /* svy_reader_batch(4) or _next */
			struct svy_reader_opts o = opts_chunk(bchunks[c]);
			struct svy_error e;
			struct svy_reader *r = svy_reader_open(&p, 1, &o, &e);
			struct svy_row rows[4];
			char bad[256] = "";
			int rc = 0, k, n = 0, stage = 0, good = 1;

			if (!ok(r != NULL && svy_reader_want(r, first, 2, &e) == 0,
			        "want again (chunk %zu): open", bchunks[c]))
				continue;
			for (;;) {
				if (stage == 0 && n >= 10) {
					svy_reader_want(r, second, 1, &e);
					stage = 1;
				} else if (stage == 1 && n >= 25) {
					svy_reader_want(r, third, 2, &e);
					stage = 2;
				}
				rc = max > 1 ? svy_reader_batch(r, rows, max, &e)
				             : svy_reader_next(r, rows, &e);
				if (rc <= 0)
					break;
				for (k = 0; k < rc; k++) {
					const int row = n + k + 1;
					char text[3][32];
					int col, ok_row = rows[k].nfields == 3 &&
					                  rows[k].line == (unsigned long)row + 1;

					snprintf(text[0], sizeof text[0], "a%d", row);
					snprintf(text[1], sizeof text[1], "b%d", row);
					snprintf(text[2], sizeof text[2], "c%d", row);
					for (col = 0; col < 3; col++) {
						const int wanted = stage == 0 ? col < 2 : stage == 1 ? col == 0
						                                                   : col > 0;
						const char *f = rows[k].field[col];
						const size_t l = rows[k].len[col];

						if (wanted ? strcmp(f, text[col]) != 0 || l != strlen(text[col])
						           : !(l == 0 && *f == '\0') &&
						             !(strcmp(f, text[col]) == 0 && l == strlen(f))) {
							ok_row = 0;
							if (!*bad) {
								size_t b;

								snprintf(bad, sizeof bad, ": row %d, %s column %d is [",
								         row, wanted ? "wanted" : "unwanted", col);
								for (b = 0; b < l && b < 20; b++)
									snprintf(bad + strlen(bad), sizeof bad - strlen(bad),
									         (unsigned char)f[b] >= ' ' &&
									         (unsigned char)f[b] < 127 ? "%c" : "\\x%02x",
									         (unsigned char)f[b]);
								snprintf(bad + strlen(bad), sizeof bad - strlen(bad),
								         "] (%zu bytes%s)", l, f[l] ? ", no NUL after" : "");
							}
						}
					}
					good &= ok_row;
				}
				n += rc;
			}
			ok(rc == 0 && n == 40 && good && svy_reader_rows(r) == 40,
			   "want again (chunk %zu, %s): columns no longer wanted read as \"\" "
			   "(or their own text), newly wanted ones as their text (rc %d, %d rows)%s",
			   bchunks[c], max > 1 ? "batch of 4" : "svy_reader_next", rc, n, bad);
			svy_reader_close(r);
		}
}

/* An error comes after the good rows before it, with file and line, and
 * stays: "a,b" then rows on lines 2-4, a row of 3 fields on line 5. */
static void batch_error(void)
{
	static const size_t w01[] = { 0, 1 };
	const char *p = TMP("a,b\n1,2\n3,4\n5,6\n7,8,9\n10,11\n");
	size_t c, m;

	for (c = 0; c < NBCHUNKS; c++)
		for (m = 0; m < NBMAXES; m++) {
			struct svy_reader_opts o = opts_chunk(bchunks[c]);
			struct svy_error e, e2;
			struct svy_reader *r = svy_reader_open(&p, 1, &o, &e);
			struct svy_row rows[1000];
			static const char *const first[] = { "1", "3", "5" };
			int rc, k, n = 0, good = 1;

			if (!ok(r != NULL && svy_reader_want(r, w01, 2, &e) == 0,
			        "batch error (chunk %zu, max %zu): open", bchunks[c], bmaxes[m]))
				continue;
			svy_error_clear(&e);
			while ((rc = svy_reader_batch(r, rows, bmaxes[m], &e)) > 0) {
				for (k = 0; k < rc; k++) {
					good &= n + k < 3 && rows[k].line == (unsigned long)(n + k + 2) &&
					        strcmp(rows[k].field[0], first[n + k]) == 0;
				}
				n += rc;
			}
			ok(n == 3 && good && rc == SVY_EDATA && e.code == SVY_EDATA && e.line == 5 &&
			   strcmp(e.file, p) == 0 &&
			   strcmp(e.msg, "row has 3 fields, the header has 2") == 0 &&
			   svy_reader_rows(r) == 3,
			   "batch error (chunk %zu, max %zu): rows 1, 3, 5, then SVY_EDATA on line 5 "
			   "(got %d rows, rc %d, line %lu: %s; %lu counted)", bchunks[c], bmaxes[m],
			   n, rc, e.line, e.msg, svy_reader_rows(r));
			ok(svy_reader_batch(r, rows, bmaxes[m], &e2) == SVY_EDATA,
			   "batch error (chunk %zu, max %zu): a later call fails again", bchunks[c],
			   bmaxes[m]);
			svy_reader_close(r);
		}
}

/* The offset after the header record (where -j starts cutting the data),
 * counted by hand: the bytes of the header line and its line end, a BOM and
 * blank lines before it; -1 for a header libcsv read (its offsets are not
 * kept) and for several files. */
static void data_offsets(void)
{
	static const struct {
		const char *name, *data;
		long long off;
	} cases[] = {
		{ "LF", "a,b\n1,2\n", 4 },                        /* "a,b\n" */
		{ "CRLF", "a,b\r\n1,2\r\n", 5 },                  /* "a,b\r\n" */
		{ "BOM", "\xEF\xBB\xBF" "a,b\n1,2\n", 7 },          /* 3 + 4 */
		{ "header only", "a,b", 3 },                     /* the end of input */
		{ "header only, LF", "a,b\n", 4 },
		{ "header only, CRLF", "a,b\r\n", 5 },
		{ "quoted LF", "a,\"b\nc\"\n1,2\n", 8 },          /* a , " b LF c " LF */
		{ "doubled quotes", "a,\"\"\"b\"\"\"\n1,2\n", 10 },  /* a , " " " b " " " LF */
		{ "blank lines first", "\n\na,b\n1,2\n", 6 },      /* 2 + 4 */
		{ "libcsv header", "a,b\r1,2\r", -1 },              /* CR line ends: libcsv's */
	};
	size_t i, c;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *p = tmp_with(cases[i].data, strlen(cases[i].data));
		for (c = 0; c < NCHUNKS; c++) {
			struct svy_reader_opts o = opts_chunk(chunks[c]);
			struct svy_error e;
			struct svy_reader *r = svy_reader_open(&p, 1, &o, &e);
			long long got = r ? svy_reader_data_offset(r) : -2;

			svy_reader_close(r);
			if (got != cases[i].off) {
				ok(0, "data offset, %s, chunk %zu: %lld, not %lld", cases[i].name,
				   chunks[c], got, cases[i].off);
				break;
			}
		}
		if (c == NCHUNKS)
			ok(1, "data offset, %s: %lld at every read size", cases[i].name,
			   cases[i].off);
	}
	{
		const char *two[2];
		struct svy_reader_opts o = opts_chunk(0);
		struct svy_error e;
		struct svy_reader *r;

		two[0] = TMP("a,b\n1,2\n");
		two[1] = TMP("a,b\n3,4\n");
		r = svy_reader_open(two, 2, &o, &e);
		ok(r && svy_reader_data_offset(r) == -1, "data offset of two files: none");
		svy_reader_close(r);
	}
}

int main(void)
{
	size_t i;

	basics();
	delimiters_to_the_end();
	nul_stream();
	long_records();
	bom_crlf();
	quoting();
	blank_lines();
	errors();
	empty_inputs();
	several_files();
	delimiters();
	skip_header();
	from_stdin();
	header_lookup();
	names_check();
	names_split();
	ragged_short_rows();
	ragged_long_row_whole();
	batch_differential();
	batch_together();
	batch_want_again();
	batch_error();
	data_offsets();
	for (i = 0; i < npaths; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
	return done();
}
