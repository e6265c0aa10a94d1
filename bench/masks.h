/* masks.h - 64 bytes at a time as bit masks, and the quoted regions as
 * their prefix XOR: the scan of ceiling.c and fused.c, written once so that
 * the two loops differ only in what they do with the boundaries. */
#ifndef BENCH_MASKS_H
#define BENCH_MASKS_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>

static uint64_t mask_of(const unsigned char *p, char c)
{
	const __m128i k = _mm_set1_epi8(c);
	uint64_t m = 0;
	int i;

	for (i = 0; i < 4; i++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
		m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, k)) << (16 * i);
	}
	return m;
}
#else
static uint64_t mask_of(const unsigned char *p, char c)
{
	uint64_t m = 0;
	int i;

	for (i = 0; i < 64; i++)
		m |= (uint64_t)(p[i] == (unsigned char)c) << i;
	return m;
}
#endif

/* Bit i of the result: an odd number of set bits in m[0..i]. */
static uint64_t prefix_xor(uint64_t m)
{
	m ^= m << 1;
	m ^= m << 2;
	m ^= m << 4;
	m ^= m << 8;
	m ^= m << 16;
	m ^= m << 32;
	return m;
}

#endif
