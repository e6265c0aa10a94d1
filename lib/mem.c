/* mem.c - allocation wrappers with a failure hook for fault-injection tests. */
#include "mem.h"

#include <stdlib.h>
#include <string.h>

static unsigned long fail_at;    /* 0: never fail */
static unsigned long count;

/* Threads (-j) allocate too, hence the atomic count; fail_at is set
 * before any thread starts. */
static int should_fail(void)
{
	unsigned long c = __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED);

	return fail_at && c >= fail_at;
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

void *svy_grow_one(void *p, size_t n, size_t size)
{
	if (n != 0 && (n < 4 || (n & (n - 1)) != 0))
		return p;
	return svy_realloc(p, (n ? 2 * n : 4) * size);
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
	__atomic_store_n(&count, 0, __ATOMIC_RELAXED);
}

unsigned long svy_mem_count(void)
{
	return __atomic_load_n(&count, __ATOMIC_RELAXED);
}
