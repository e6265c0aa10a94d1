/* group.h - the group table: the --by values of a row -> that group's state.
 *
 * Keys are the group's values joined with NUL bytes (fields never hold a
 * NUL: the reader rejects it), hashed into an open-addressing table.  Each
 * group owns a state vector of nstate doubles, zero when the group is new.
 * Memory grows with the number of groups, never with the number of rows. */
#ifndef SVY_GROUP_H
#define SVY_GROUP_H

#include <stddef.h>

#include "err.h"

struct svy_groups;

struct svy_group {
	const char *key;        /* values joined by NUL */
	size_t keylen;
	double *st;
};

/* nkeys: how many values form a key (0: one group for all rows). */
struct svy_groups *svy_groups_new(size_t nkeys, size_t nstate, struct svy_error *e);
void svy_groups_free(struct svy_groups *g);

/* The state of the group with these values (created zeroed when new);
 * NULL only when out of memory (e filled). */
double *svy_groups_get(struct svy_groups *g, const char *const *vals,
                       const size_t *lens, struct svy_error *e);

size_t svy_groups_count(const struct svy_groups *g);

/* Add every group of src into dst (same key and state sizes): states are
 * summed element-wise.  0, or SVY_ENOMEM. */
int svy_groups_merge(struct svy_groups *dst, const struct svy_groups *src,
                     struct svy_error *e);

/* All groups sorted by their values (column by column, byte order).  The
 * array is owned by g and valid until the next svy_groups_get. */
const struct svy_group *svy_groups_sorted(struct svy_groups *g, struct svy_error *e);

/* The i-th value of a key (NUL-terminated, points into the key). */
const char *svy_group_value(const struct svy_group *grp, size_t i);

#endif
