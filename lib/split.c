/* split.c - quote and line-feed counting over a file range, and record
 * boundaries for parallel reading. */
#define _GNU_SOURCE
#include "split.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define BLOCK (256 * 1024)

static ssize_t pread_full(int fd, unsigned char *buf, size_t n, long long off)
{
	size_t got = 0;

	while (got < n) {
		ssize_t k = pread(fd, buf + got, n - got, (off_t)(off + (long long)got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

/* 0x80 in each byte of w equal to its byte of c8, 0 elsewhere (exact, no
 * carries between bytes). */
static uint64_t match_bytes(uint64_t w, uint64_t c8)
{
	const uint64_t lo7 = 0x7F7F7F7F7F7F7F7FULL;
	uint64_t x = w ^ c8;

	return ~(((x & lo7) + lo7) | x | lo7);
}

/* The sum of the eight byte lanes of acc. */
static long long lane_sum(uint64_t acc)
{
	const uint64_t even = 0x00FF00FF00FF00FFULL;

	acc = (acc & even) + (acc >> 8 & even);   /* four 16-bit lanes, each < 512 */
	return (long long)((acc * 0x0001000100010001ULL) >> 48);
}

#if defined(__SSE2__)
/* The sum of the sixteen byte lanes of acc (psadbw against zero). */
static long long lanes16_sum(__m128i acc)
{
	__m128i s = _mm_sad_epu8(acc, _mm_setzero_si128());

	/* each 64-bit half is a sum of 8 lanes of at most 255: 32 bits suffice */
	return (long long)_mm_cvtsi128_si32(s) + (long long)_mm_cvtsi128_si32(_mm_srli_si128(s, 8));
}

/* The 16-byte form of the loop below: with -j every byte is counted (each
 * thread its range) before any is parsed, so this pass must cost little
 * next to the reading itself (about 5 instructions per 16 bytes here). */
static size_t count_sse2(const unsigned char *buf, size_t n, struct svy_count *out)
{
	const __m128i q = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n');
	size_t i = 0;

	while (i + 16 <= n) {
		__m128i aq = _mm_setzero_si128(), al = _mm_setzero_si128();
		size_t stop = i + 255 * 16 < n ? i + 255 * 16 : n;
		for (; i + 16 <= stop; i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(buf + i));
			aq = _mm_sub_epi8(aq, _mm_cmpeq_epi8(v, q));   /* a match is -1 */
			al = _mm_sub_epi8(al, _mm_cmpeq_epi8(v, lf));
		}
		out->quotes += lanes16_sum(aq);
		out->lfs += lanes16_sum(al);
	}
	return i;
}
#endif

/* Add the quotes and line feeds of buf[0..n) to out: matches are summed in
 * byte lanes, folded before a lane can overflow (255 words), which keeps
 * the loop free of a population count (not an instruction of baseline
 * x86-64). */
static void count_block(const unsigned char *buf, size_t n, struct svy_count *out)
{
	static const uint64_t q8 = 0x2222222222222222ULL, n8 = 0x0A0A0A0A0A0A0A0AULL;
	size_t i = 0;

#if defined(__SSE2__)
	i = count_sse2(buf, n, out);
#endif
	while (i + 8 <= n) {
		uint64_t aq = 0, al = 0, w;
		size_t stop = i + 255 * 8 < n ? i + 255 * 8 : n;
		for (; i + 8 <= stop; i += 8) {
			memcpy(&w, buf + i, 8);
			aq += match_bytes(w, q8) >> 7;
			al += match_bytes(w, n8) >> 7;
		}
		out->quotes += lane_sum(aq);
		out->lfs += lane_sum(al);
	}
	for (; i < n; i++) {
		out->quotes += buf[i] == '"';
		out->lfs += buf[i] == '\n';
	}
}

/* Whether the byte at off is a line feed. */
static int next_is_lf(int fd, long long off)
{
	unsigned char c;

	return pread_full(fd, &c, 1, off) == 1 && c == '\n';
}

int svy_split_count(int fd, long long a, long long b, struct svy_count *out)
{
	unsigned char buf[BLOCK];

	out->quotes = out->lfs = out->lone_crs = 0;
	while (a < b) {
		size_t want = (size_t)(b - a < BLOCK ? b - a : BLOCK);
		ssize_t k = pread_full(fd, buf, want, a);
		unsigned char *p;
		if (k <= 0)
			return k < 0 ? -1 : 0;
		count_block(buf, (size_t)k, out);
		/* CRs are rare outside CRLF pairs: jump from one to the next */
		for (p = memchr(buf, '\r', (size_t)k); p; p = memchr(p + 1, '\r', (size_t)(buf + k - p - 1)))
			if (p + 1 == buf + k ? a + k >= b || !next_is_lf(fd, a + k) : p[1] != '\n')
				out->lone_crs++;
		a += k;
	}
	return 0;
}

int svy_split_boundary(int fd, long long a, long long b, int inside,
                       long long *at, long long *lfs)
{
	unsigned char buf[4096];

	*lfs = 0;
	while (a < b) {
		size_t want = (size_t)(b - a < (long long)sizeof buf ? b - a : (long long)sizeof buf);
		ssize_t k = pread_full(fd, buf, want, a), i;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		for (i = 0; i < k; i++) {
			if (buf[i] == '"') {
				inside = !inside;
			} else if (buf[i] == '\n') {
				(*lfs)++;
				if (!inside) {
					*at = a + i + 1;
					return 0;
				}
			}
		}
		a += k;
	}
	*at = b;
	return 0;
}
