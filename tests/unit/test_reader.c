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
	for (i = 0; i < npaths; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
	return done();
}
