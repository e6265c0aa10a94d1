/* ceiling.c - the loop a CSV tool cannot beat: read the file and visit every
 * field and record boundary, quote-aware, doing nothing else.
 * bench/run.sh reports each tool's time as a multiple of this loop's.
 *
 * It is as tight as this machine allows with the instructions lib/reader.c
 * uses on it: bench/run.sh compiles it for AVX2, PCLMUL, popcnt and BMI,
 * or for popcnt, where the reader runs its copy of the scan for those (for
 * SSE2, every x86-64's, otherwise).  64 bytes at a time, loaded once,
 * become bit masks of quotes, commas and line feeds; the quoted regions are
 * the prefix XOR of the quote mask (a doubled quote toggles twice), and
 * every boundary outside them is visited with a count-trailing-zeros loop,
 * summing field lengths so that the work cannot be optimized away.
 * Elsewhere a plain byte loop does the same.
 *
 *   ceiling FILE   prints "records fields bytes-in-fields" */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "masks.h"

/* Set bits of m: the pattern the compiler turns into popcnt where it may
 * use it (baseline x86-64 has no popcnt instruction, and
 * __builtin_popcountll would be a library call). */
static inline unsigned count_bits(uint64_t m)
{
	m = m - (m >> 1 & 0x5555555555555555ULL);
	m = (m & 0x3333333333333333ULL) + (m >> 2 & 0x3333333333333333ULL);
	m = (m + (m >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned)((m * 0x0101010101010101ULL) >> 56);
}

/* Read fd to its end: out[] = records, fields, bytes in fields; -1 on a
 * read error. */
static int scan(int fd, unsigned long long out[3])
{
	static unsigned char buf[(1 << 20) + 64];
	unsigned long long records = 0, fields = 0, field_bytes = 0;
	uint64_t in_quotes = 0;        /* all ones when a block starts inside quotes */
	long long base = 0, last = -1; /* file offsets: this read, last boundary */
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf - 64)) > 0) {
		ssize_t i;

		memset(buf + n, 0, 64);   /* bytes past the end match nothing */
		for (i = 0; i < n; i += 64) {
			uint64_t q, lf, sep;
			block_masks(buf + i, &q, &lf, &sep);
			const uint64_t inq = prefix_xor(q) ^ in_quotes;
			lf &= ~inq;
			sep = (sep & ~inq) | lf;

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
	out[0] = records;
	out[1] = fields;
	out[2] = field_bytes;
	return n < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	unsigned long long out[3];
	int fd = argc > 1 ? open(argv[1], O_RDONLY) : 0;

	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	if (scan(fd, out) < 0) {
		perror(argc > 1 ? argv[1] : "stdin");
		return 1;
	}
	printf("%llu %llu %llu\n", out[0], out[1], out[2]);
	return 0;
}
