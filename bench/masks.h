/* masks.h - 64 bytes at a time as bit masks, and the quoted regions as
 * their prefix XOR: the scan of ceiling.c and fused.c, written once so that
 * the two loops differ only in what they do with the boundaries. */
#ifndef BENCH_MASKS_H
#define BENCH_MASKS_H

#include <stdint.h>

/* The quotes, line feeds and commas of p[0..64) as three masks, bit i for
 * byte i.  The block is loaded once and the four 16-byte lanes written out:
 * as a loop, or one character at a time, gcc -O2 loads it three times and
 * shifts by a variable, and the loop runs 11 % slower (measured
 * 2026-12-07).  Where the compiler may use AVX2 (bench/run.sh passes
 * -mavx2 on a CPU where lib/reader.c runs its AVX2 scan), two 32-byte lanes. */
#if defined(__AVX2__)
#include <immintrin.h>

#define LANE(v, k, at) ((uint64_t)(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8((v), (k))) << (at))
static inline void block_masks(const unsigned char *p, uint64_t *quote, uint64_t *lf,
                               uint64_t *comma)
{
	const __m256i kq = _mm256_set1_epi8('"'), kl = _mm256_set1_epi8('\n');
	const __m256i kc = _mm256_set1_epi8(',');
	const __m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)p);
	const __m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));

	*quote = LANE(v0, kq, 0) | LANE(v1, kq, 32);
	*lf = LANE(v0, kl, 0) | LANE(v1, kl, 32);
	*comma = LANE(v0, kc, 0) | LANE(v1, kc, 32);
}
#undef LANE
#elif defined(__SSE2__)
#include <emmintrin.h>

#define LANE(v, k, at) ((uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8((v), (k))) << (at))
static inline void block_masks(const unsigned char *p, uint64_t *quote, uint64_t *lf,
                               uint64_t *comma)
{
	const __m128i kq = _mm_set1_epi8('"'), kl = _mm_set1_epi8('\n'), kc = _mm_set1_epi8(',');
	const __m128i v0 = _mm_loadu_si128((const __m128i *)(const void *)p);
	const __m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(p + 16));
	const __m128i v2 = _mm_loadu_si128((const __m128i *)(const void *)(p + 32));
	const __m128i v3 = _mm_loadu_si128((const __m128i *)(const void *)(p + 48));

	*quote = LANE(v0, kq, 0) | LANE(v1, kq, 16) | LANE(v2, kq, 32) | LANE(v3, kq, 48);
	*lf = LANE(v0, kl, 0) | LANE(v1, kl, 16) | LANE(v2, kl, 32) | LANE(v3, kl, 48);
	*comma = LANE(v0, kc, 0) | LANE(v1, kc, 16) | LANE(v2, kc, 32) | LANE(v3, kc, 48);
}
#undef LANE
#else
static inline void block_masks(const unsigned char *p, uint64_t *quote, uint64_t *lf,
                               uint64_t *comma)
{
	int i;

	*quote = *lf = *comma = 0;
	for (i = 0; i < 64; i++) {
		*quote |= (uint64_t)(p[i] == '"') << i;
		*lf |= (uint64_t)(p[i] == '\n') << i;
		*comma |= (uint64_t)(p[i] == ',') << i;
	}
}
#endif

/* Bit i of the result: an odd number of set bits in m[0..i]: the
 * carry-less product with all ones where the compiler may use PCLMUL (as
 * lib/reader.c's AVX2 scan does). */
#if defined(__PCLMUL__)
#include <wmmintrin.h>
static inline uint64_t prefix_xor(uint64_t m)
{
	return (uint64_t)_mm_cvtsi128_si64(_mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)m),
	                                                        _mm_set1_epi8(-1), 0));
}
#else
static inline uint64_t prefix_xor(uint64_t m)
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

#endif
