/* fuzz_agg.h - helpers for the targets that drive svy_run: a metric chosen
 * by a byte, and in-memory files (memfd) that the driver opens by path. */
#ifndef SVY_FUZZ_AGG_H
#define SVY_FUZZ_AGG_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE        /* memfd_create, strndup */
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "svy.h"

struct fz_file {
	int fd;
	char path[64];
};

__attribute__((unused)) static void fz_file_init(struct fz_file *f, const char *name)
{
	if (f->path[0])
		return;
	f->fd = memfd_create(name, 0);
	if (f->fd < 0)
		abort();
	snprintf(f->path, sizeof f->path, "/proc/self/fd/%d", f->fd);
}

__attribute__((unused)) static void fz_file_set(struct fz_file *f, const void *data, size_t len)
{
	if (ftruncate(f->fd, 0) != 0 || (len && pwrite(f->fd, data, len, 0) != (ssize_t)len))
		abort();
}

/* The whole content (NUL-terminated, malloc'd; *len its length). */
__attribute__((unused)) static char *fz_file_get(struct fz_file *f, size_t *len)
{
	off_t n = lseek(f->fd, 0, SEEK_END);
	char *s = malloc((size_t)n + 1);

	if (!s || n < 0 || pread(f->fd, s, (size_t)n, 0) != (ssize_t)n)
		abort();
	s[n] = '\0';
	*len = (size_t)n;
	return s;
}

/* Metric number k (0..3): NPS on 'nps'; CSAT 1-5 on 'score'; a yes/no item
 * on 'score'; CES 1-7 with the distribution on 'score'. */
struct fz_metric {
	struct svy_metric m;
	struct svy_nps_params np;
	struct svy_csat_params cp;
};

__attribute__((unused)) static void fz_metric_init(struct fz_metric *fm, unsigned k)
{
	struct svy_error e;

	memset(fm, 0, sizeof *fm);
	switch (k & 3) {
	case 0:
		fm->np.ci = (enum svy_nps_ci)((k >> 2) % 3);
		fm->np.has_benchmark = 1;
		fm->np.benchmark = 20;
		svy_nps_init(&fm->m, "nps", &fm->np);
		return;
	case 1:
		fm->cp.metric = "csat";
		fm->cp.ci = (enum svy_csat_ci)((k >> 2) % 5);
		break;
	case 2:
		fm->cp.metric = "fcr";
		break;
	case 3:
		fm->cp.metric = "ces";
		fm->cp.distribution = 1;
		fm->cp.has_bottom = 1;
		fm->cp.bottom = 2;
		break;
	}
	if (svy_csat_init(&fm->m, "score", &fm->cp, &e) < 0) {
		fprintf(stderr, "fuzz: csat init: %s\n", e.msg);
		abort();
	}
}

#endif
