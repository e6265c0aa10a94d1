/* tmpfile.h - temporary input files for unit tests that run a whole command
 * path (header-only): tmp_with writes a file and returns its name, slurp
 * reads a file back, tmp_cleanup removes them all. */
#ifndef SVY_TMPFILE_H
#define SVY_TMPFILE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *tmps[64];
static size_t ntmps;

__attribute__((unused))
static const char *tmp_with(const char *data)
{
	char tmpl[] = "/tmp/svy-test-XXXXXX";
	int fd = mkstemp(tmpl);
	size_t len = strlen(data);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len || ntmps == 64)
		exit(2);
	close(fd);
	tmps[ntmps] = strdup(tmpl);
	return tmps[ntmps++];
}

/* The file's text (at most 16 KiB), in a buffer the next call reuses. */
__attribute__((unused))
static const char *slurp(const char *p)
{
	static char buf[16384];
	FILE *f = fopen(p, "rb");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

__attribute__((unused))
static void tmp_cleanup(void)
{
	size_t i;

	for (i = 0; i < ntmps; i++) {
		unlink(tmps[i]);
		free(tmps[i]);
	}
	ntmps = 0;
}

#endif
