/* piperead.c - the pipe's own cost: read standard input to its end as the
 * reader does (a 1 MiB pipe buffer asked for, reads of 256 KiB), doing
 * nothing with the bytes.  bench/run.sh times `cat FILE | piperead` beside
 * `cat FILE | nps`: no tool reading a pipe can take less.
 *
 *   piperead < FILE   prints the number of bytes read */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	static char buf[256 * 1024];
	unsigned long long total = 0;
	ssize_t n;

	(void)fcntl(STDIN_FILENO, F_SETPIPE_SZ, 1 << 20);
	while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0)
		total += (unsigned long long)n;
	if (n < 0) {
		perror("piperead");
		return 1;
	}
	printf("%llu\n", total);
	return 0;
}
