/* ceiling.c - the loop a CSV tool cannot beat: read the file and visit every
 * field and record boundary, quote-aware, doing nothing else.
 * bench/run.sh reports each tool's time as a multiple of this loop's.
 *
 * It is as tight as this machine allows without assuming more than SSE2
 * (every x86-64): 64 bytes at a time become bit masks of quotes, commas and
 * line feeds; the quoted regions are the prefix XOR of the quote mask (a
 * doubled quote toggles twice), and every boundary outside them is visited
 * with a count-trailing-zeros loop, summing field lengths so that the work
 * cannot be optimized away.  Elsewhere a plain byte loop does the same.
 *
 *   ceiling FILE   prints "records fields bytes-in-fields" */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "masks.h"

/* Set bits of m, without the library call the compiler makes for
 * __builtin_popcountll on baseline x86-64 (which has no popcnt). */
static unsigned count_bits(uint64_t m)
{
	m = m - (m >> 1 & 0x5555555555555555ULL);
	m = (m & 0x3333333333333333ULL) + (m >> 2 & 0x3333333333333333ULL);
	m = (m + (m >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned)((m * 0x0101010101010101ULL) >> 56);
}

int main(int argc, char **argv)
{
	static unsigned char buf[(1 << 20) + 64];
	unsigned long long records = 0, fields = 0, field_bytes = 0;
	uint64_t in_quotes = 0;        /* all ones when a block starts inside quotes */
	long long base = 0, last = -1; /* file offsets: this read, last boundary */
	int fd = argc > 1 ? open(argv[1], O_RDONLY) : 0;
	ssize_t n;

	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	while ((n = read(fd, buf, sizeof buf - 64)) > 0) {
		ssize_t i;

		memset(buf + n, 0, 64);   /* bytes past the end match nothing */
		for (i = 0; i < n; i += 64) {
			uint64_t q = mask_of(buf + i, '"');
			uint64_t inq = prefix_xor(q) ^ in_quotes;
			uint64_t lf = mask_of(buf + i, '\n') & ~inq;
			uint64_t sep = (mask_of(buf + i, ',') & ~inq) | lf;

			in_quotes = (uint64_t)((int64_t)inq >> 63);
			records += count_bits(lf);
			while (sep) {
				long long at = base + i + __builtin_ctzll(sep);
				field_bytes += (unsigned long long)(at - last - 1);
				last = at;
				fields++;
				sep &= sep - 1;
			}
		}
		base += n;
	}
	printf("%llu %llu %llu\n", records, fields, field_bytes);
	return n < 0;
}
