/* label_filter.c - the filter behind segment's labelling: every input row
 * out once, in order, with its label appended; for --quantiles a first
 * pass learns the cut points (standard input and pipes are spooled to a
 * temporary file for it).  It drives a labeler through label.h alone. */
#include "label.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "writer.h"

/* A spooled copy of a non-regular input, read from its start. */
struct spool {
	int fd;
	struct svy_source src;
};

static long spool_read(void *ctx, void *buf, size_t n)
{
	struct spool *s = ctx;

	return (long)read(s->fd, buf, n);
}

static int spool_open(struct spool *sp, const char *path, struct svy_error *e)
{
	const char *dir = getenv("TMPDIR");
	const char *name = path && strcmp(path, "-") != 0 ? path : "stdin";
	char tmpl[4096], buf[65536];
	int in = STDIN_FILENO;
	ssize_t k;

	sp->fd = -1;
	if (!dir || !*dir)
		dir = "/tmp";
	snprintf(tmpl, sizeof tmpl, "%s/segment-XXXXXX", dir);
	if ((sp->fd = mkstemp(tmpl)) < 0)
		return svy_error_at(e, SVY_EIO, tmpl, 0, NULL, "cannot create a temporary "
		                    "file for --quantiles: %s", strerror(errno));
	unlink(tmpl);
	if (path && strcmp(path, "-") != 0 && (in = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return svy_error_at(e, SVY_EIO, path, 0, NULL, "cannot open: %s",
		                    strerror(errno));
	for (;;) {
		k = read(in, buf, sizeof buf);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		const char *p = buf;
		while (k > 0) {
			ssize_t w = write(sp->fd, p, (size_t)k);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				int err = errno;
				if (in != STDIN_FILENO)
					close(in);
				return svy_error_at(e, SVY_EIO, tmpl, 0, NULL, "cannot write the "
				                    "temporary copy for --quantiles: %s", strerror(err));
			}
			p += w;
			k -= w;
		}
	}
	if (k < 0) {
		int err = errno;
		if (in != STDIN_FILENO)
			close(in);
		return svy_error_at(e, SVY_EIO, name, 0, NULL, "read error: %s", strerror(err));
	}
	if (in != STDIN_FILENO)
		close(in);
	sp->src.read = spool_read;
	sp->src.ctx = sp;
	sp->src.name = name;
	return 0;
}

static int rewind_spool(struct spool *sp, struct svy_error *e)
{
	if (lseek(sp->fd, 0, SEEK_SET) != 0)
		return svy_error_set(e, SVY_EIO, "cannot rewind the temporary copy: %s",
		                     strerror(errno));
	return 0;
}

static int is_regular(const char *path)
{
	struct stat st;

	if (!path || strcmp(path, "-") == 0)
		return 0;
	/* a path that cannot be stat'ed: let the reader report it */
	return stat(path, &st) != 0 || S_ISREG(st.st_mode);
}

static struct svy_reader *open_input(const char *const *paths, size_t npaths,
                                     struct spool *sp, char delim, struct svy_error *e)
{
	struct svy_reader_opts ro = { .delim = delim };

	if (sp && sp->fd >= 0)
		return rewind_spool(sp, e) < 0 ? NULL : svy_reader_open_source(&sp->src, &ro, e);
	return svy_reader_open(paths, npaths, &ro, e);
}

/* First pass of --quantiles: the column's values.  Returns the data rows. */
static int first_pass(struct svy_labeler *l, struct svy_reader *r,
                      unsigned long *nrows, struct svy_error *e)
{
	struct svy_row row;
	int rc;

	if ((rc = svy_labeler_bind(l, svy_reader_header(r), e)) < 0)
		return rc;
	while ((rc = svy_reader_next(r, &row, e)) == 1)
		if ((rc = svy_labeler_learn(l, &row, e)) < 0)
			return rc;
	if (rc < 0)
		return rc;
	*nrows = svy_reader_rows(r);
	return svy_labeler_learned(l, e);
}

static int write_rows(struct svy_labeler *l, struct svy_reader *r,
                      const struct svy_common *c, struct svy_error *e)
{
	const struct svy_header *h = svy_reader_header(r);
	size_t n = h->ncols + 1, i;
	const char **f = svy_calloc(n, sizeof *f);
	size_t *len = svy_calloc(n, sizeof *len);
	struct svy_writer *w = NULL;
	struct svy_row row;
	int rc, rc2;

	if (!f || !len) {
		rc = svy_error_set(e, SVY_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = svy_labeler_bind(l, h, e)) < 0)
		goto out;
	if (!(w = svy_writer_open(c->output, c->format, ',', c->precision, e))) {
		rc = e->code;
		goto out;
	}
	for (i = 0; i < h->ncols; i++)
		f[i] = h->name[i];
	f[h->ncols] = svy_labeler_name(l);
	rc = svy_writer_header(w, f, n, e);
	while (rc == 0 && (rc = svy_reader_next(r, &row, e)) == 1) {
		for (i = 0; i < h->ncols; i++) {
			f[i] = row.field[i];
			len[i] = row.len[i];
		}
		if ((rc = svy_labeler_apply(l, &row, &f[h->ncols], &len[h->ncols], e)) == 0)
			rc = svy_writer_strings(w, f, len, n, e);
	}
	rc2 = svy_writer_close(w, rc < 0 ? NULL : e);
	if (rc == 0)
		rc = rc2;
out:
	svy_free(f);
	svy_free(len);
	return rc;
}

int svy_label_filter(struct svy_labeler *l, const struct svy_common *c,
                     const char *const *paths, size_t npaths,
                     struct svy_label_summary *sum, struct svy_error *e)
{
	struct spool sp = { -1, { NULL, NULL, NULL } };
	struct svy_reader *r;
	unsigned long nfirst = 0;
	size_t i;
	int rc = 0, spool = 0;

	if (svy_labeler_two_pass(l)) {
		if (npaths == 0)
			spool = 1;
		for (i = 0; i < npaths; i++)
			if (!is_regular(paths[i]))
				spool = 1;
		if (spool && npaths > 1)
			return svy_error_set(e, SVY_EUSAGE, "--quantiles reads its input twice: "
			                     "with several inputs, each must be a regular file "
			                     "(standard input or a pipe only as the one input)");
		if (spool && (rc = spool_open(&sp, npaths ? paths[0] : NULL, e)) < 0)
			goto out;
		if (!(r = open_input(paths, npaths, &sp, c->delim, e))) {
			rc = e->code;
			goto out;
		}
		rc = first_pass(l, r, &nfirst, e);
		svy_reader_close(r);
		if (rc < 0)
			goto out;
	}
	if (!(r = open_input(paths, npaths, &sp, c->delim, e))) {
		rc = e->code;
		goto out;
	}
	rc = write_rows(l, r, c, e);
	if (rc == 0 && svy_labeler_two_pass(l) && svy_reader_rows(r) != nfirst)
		rc = svy_error_set(e, SVY_EDATA, "the input changed between the two passes "
		                   "of --quantiles (%lu rows, then %lu)", nfirst,
		                   svy_reader_rows(r));
	svy_reader_close(r);
out:
	if (sp.fd >= 0)
		close(sp.fd);
	svy_labeler_summary(l, sum);
	return rc;
}
