/* mem.c - allocation wrappers with a failure hook for fault-injection tests. */
#include "mem.h"

#include <stdlib.h>
#include <string.h>

static unsigned long fail_at;    /* 0: never fail */
static unsigned long count;

static int should_fail(void)
{
	count++;
	return fail_at && count >= fail_at;
}

void *svy_malloc(size_t n)
{
	return should_fail() ? NULL : malloc(n ? n : 1);
}

void *svy_calloc(size_t n, size_t size)
{
	return should_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *svy_realloc(void *p, size_t n)
{
	return should_fail() ? NULL : realloc(p, n ? n : 1);
}

char *svy_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = svy_malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

void svy_free(void *p)
{
	free(p);
}

void svy_mem_fail_after(unsigned long n)
{
	fail_at = n;
	count = 0;
}

unsigned long svy_mem_count(void)
{
	return count;
}
