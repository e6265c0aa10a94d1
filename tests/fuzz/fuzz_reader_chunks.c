/* fuzz_reader_chunks.c - the reader at random chunk and read sizes.
 *
 * Byte 0 picks the delimiter, the path (fast scanner or libcsv) and the
 * scanner's copy for the small chunks (the best this CPU runs, or the
 * portable, popcnt or AVX2 one where it runs them), bytes 1-2 the reader's
 * chunk size (4 .. 1027 bytes, so records often straddle chunks and the
 * buffer must grow), byte 3 the source's read size (1 .. 256 bytes per
 * read(2)-like call).  The transcript must equal the one from reading
 * everything in one 256 KiB chunk with the best copy, else abort: rows,
 * line numbers and errors may not depend on where reads happen to end. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[4] = { ',', ';', '\t', '|' };
	struct svy_reader_opts o;
	struct fz_buf a = { 0 }, b = { 0 };
	size_t chunk, step;
	int scan;

	if (size < 4)
		return 0;
	memset(&o, 0, sizeof o);
	o.delim = delims[data[0] & 3];
	o.no_fast_path = (data[0] >> 2) & 1;
	o.ragged_ok = (data[0] >> 3) & 1;
	chunk = 4 + (((size_t)data[1] << 8 | data[2]) % 1024);
	step = 1 + data[3];
	scan = (data[0] >> 4) & 3;         /* SVY_SCAN_AUTO .. SVY_SCAN_AVX2 */
	data += 4;
	size -= 4;

	fz_transcript(data, size, 0, &o, &a);   /* chunk 0: 256 KiB, one read */
	o.chunk = chunk;
	o.scan = scan;
	fz_transcript(data, size, step, &o, &b);
	if (strcmp(a.s, b.s) != 0)
		fz_mismatch("one big read vs small chunks", a.s, b.s);
	free(a.s);
	free(b.s);
	return 0;
}
