/* mem.h - the one allocator of libsvy, with a fault-injection hook.
 *
 * Every allocation in the library (libcsv's included) goes through these, so
 * a test can make the n-th allocation fail and check that each caller fails
 * cleanly, without leaks. */
#ifndef SVY_MEM_H
#define SVY_MEM_H

#include <stddef.h>

void *svy_malloc(size_t n);
void *svy_calloc(size_t n, size_t size);
void *svy_realloc(void *p, size_t n);
char *svy_strdup(const char *s);

/* Room for one more element (of size bytes) in an array of n that only
 * this call grows: its capacity is 4, then twice what was full, so it is
 * full exactly when n is 0 or a power of two from 4 on, and n alone tells.
 * Growing by one element at a time copied the array on every append under
 * allocators that do not grow in place (ASan: 20 000 appends, 51 s).
 * Returns p when there is room, the moved array, or NULL (p untouched). */
void *svy_grow_one(void *p, size_t n, size_t size);
void svy_free(void *p);

/* Fail the n-th allocation from now on (1 = the next one) and every one after
 * it; 0 turns failures off.  For tests. */
void svy_mem_fail_after(unsigned long n);

/* Allocations made since the last svy_mem_fail_after call.  For tests. */
unsigned long svy_mem_count(void);

#endif
