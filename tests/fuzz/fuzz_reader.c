/* fuzz_reader.c - differential: the reader's fast scanner against libcsv.
 *
 * Byte 0 picks the options (delimiter ',' ';' tab '|', ragged rows,
 * skipping repeated header rows) and the copy of the scan (the best this
 * CPU runs, or the portable, popcnt or AVX2 one where it runs them), byte 1
 * the read size of the source; the rest is the CSV.  The same bytes are read through the fast path and with
 * no_fast_path (libcsv for every record); the transcripts (header, every
 * row with its line number and field bytes, the final result or error)
 * must be identical, else abort. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char delims[4] = { ',', ';', '\t', '|' };
	static const size_t steps[8] = { 0, 1, 2, 3, 7, 64, 4096, 0 };
	struct svy_reader_opts o;
	struct fz_buf fast = { 0 }, slow = { 0 };
	size_t step;

	if (size < 2)
		return 0;
	memset(&o, 0, sizeof o);
	o.delim = delims[data[0] & 3];
	o.ragged_ok = (data[0] >> 2) & 1;
	o.skip_header_rows = (data[0] >> 3) & 1;
	o.scan = (data[0] >> 4) & 3;     /* SVY_SCAN_AUTO .. SVY_SCAN_AVX2 */
	step = steps[data[1] & 7];
	data += 2;
	size -= 2;

	fz_transcript(data, size, step, &o, &fast);
	o.no_fast_path = 1;
	fz_transcript(data, size, step, &o, &slow);
	if (strcmp(fast.s, slow.s) != 0)
		fz_mismatch("fast path vs libcsv", fast.s, slow.s);
	free(fast.s);
	free(slow.s);
	return 0;
}
