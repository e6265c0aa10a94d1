/* split.h - cut one CSV file into byte ranges that start at record
 * boundaries, for reading it with several threads.
 *
 * Each range counts its quote and line-feed bytes (independently, so in
 * parallel); prefix sums then tell, at each cut, whether it falls inside a
 * quoted field and on which line.  In well-formed CSV quotes only open and
 * close quoted fields (doubled quotes come in pairs), so the parity of the
 * quotes before a byte says whether it is inside quotes.  A file with a stray
 * quote breaks that rule, but it is also a parse error, which the range that
 * holds the stray quote reports at its true line: ranges before it are cut
 * correctly, and the first error in file order wins. */
#ifndef SVY_SPLIT_H
#define SVY_SPLIT_H

struct svy_count {
	long long quotes, lfs;
	long long lone_crs;      /* CR bytes not followed by LF: old Mac line ends,
	                            which the reader counts as lines too */
};

/* Count '"', '\n' and lone '\r' bytes of fd in [a, b) (a CR at b - 1 counts
 * as lone).  0, or -1 with errno. */
int svy_split_count(int fd, long long a, long long b, struct svy_count *out);

/* The first record boundary at or after a: just past the first line feed
 * outside quotes, given whether a is inside quotes.  *at receives it (b when
 * there is none before b) and *lfs the line feeds in [a, *at).  0 or -1. */
int svy_split_boundary(int fd, long long a, long long b, int inside,
                       long long *at, long long *lfs);

#endif
