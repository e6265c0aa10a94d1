/* ceiling.c - the bare loop a CSV tool cannot beat: read the file and find
 * every field and record boundary, quote-aware, doing nothing else.
 * bench/run.sh reports each tool's time as a multiple of this loop's.
 *
 *   ceiling FILE   prints "records fields" */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static unsigned char buf[1 << 18];
	unsigned long long records = 0, fields = 0;
	int fd = argc > 1 ? open(argv[1], O_RDONLY) : 0, in_quotes = 0;
	ssize_t n, i;

	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (i = 0; i < n; i++) {
			unsigned char c = buf[i];
			if (c == '"')
				in_quotes = !in_quotes;   /* a doubled quote toggles twice */
			else if (!in_quotes && c == ',')
				fields++;
			else if (!in_quotes && c == '\n')
				records++, fields++;
		}
	}
	printf("%llu %llu\n", records, fields);
	return n < 0;
}
