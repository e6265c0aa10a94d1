#!/usr/bin/env bash
# make install / uninstall honour DESTDIR and PREFIX and leave nothing behind.
. "$(dirname "$0")/../tap.sh"

make -s -o all install B="$B" DESTDIR="$tmp" PREFIX=/opt/sk >/dev/null 2>&1
rc=$?
t "install exits 0" '[ $rc -eq 0 ]'
for b in "$B"/bin/*; do
	name=${b##*/}
	t "binary $name installed" '[ -x "$tmp/opt/sk/bin/$name" ]'
	t "man page $name.1 installed" '[ -f "$tmp/opt/sk/share/man/man1/$name.1" ]'
done
t "surveykit.7 installed" '[ -f "$tmp/opt/sk/share/man/man7/surveykit.7" ]'
t "libsvy.a installed" '[ -f "$tmp/opt/sk/lib/libsvy.a" ]'
t "svy.h installed" '[ -f "$tmp/opt/sk/include/svy/svy.h" ]'
t "installed nps runs" '"$tmp/opt/sk/bin/nps" --version | grep -q surveykit'
# a program built against the installed library and header:
# 30 promoters, 50 passives, 20 detractors -> NPS = 100 * (30 - 20) / 100 = 10.00
# (the comment is the expectation; the line below repeats it for the C file)
# a program built against the installed library and header
cat > "$tmp/use.c" <<'C'
#include <svy.h>
#include <stdio.h>
int main(void)
{
	struct svy_nps_est o;
	svy_nps_from_counts(30, 50, 20, 0.95, SVY_NPS_CI_WALD, &o);
	printf("%.2f\n", o.nps);
	return 0;
}
C
t "svy.pc installed" '[ -f "$tmp/opt/sk/lib/pkgconfig/svy.pc" ]'
for b in "$B"/bin/*; do
	name=${b##*/}
	t "bash completion for $name installed" '[ -f "$tmp/opt/sk/share/bash-completion/completions/$name" ]'
done
t "zsh completion installed" '[ -f "$tmp/opt/sk/share/zsh/site-functions/_surveykit" ]'
# pkg-config, with its prefix moved to where DESTDIR put the files
pc() { PKG_CONFIG_PATH="$tmp/opt/sk/lib/pkgconfig" pkg-config --define-variable=prefix="$tmp/opt/sk" "$@" svy; }
t "pkg-config knows libsvy's version" '[ "$(pc --modversion)" = "$(sed -n "s/^#define SVY_VERSION \"\(.*\)\"/\1/p" lib/svy.h)" ]'
# a library built for make sanitize (or coverage) needs those runtimes to link
san=""
nm "$B/libsvy.a" 2>/dev/null | grep -q __asan && san="-fsanitize=address,undefined"
cov=""
nm "$B/libsvy.a" 2>/dev/null | grep -q __gcov && cov="--coverage"
t "a program builds with pkg-config against the installed libsvy" \
	'${san:+clang} ${san:-cc} $(pc --cflags) "$tmp/use.c" $(pc --libs) $cov -o "$tmp/use" 2>"$tmp/cc.err" && [ "$("$tmp/use")" = "10.00" ]'
installed=$(find "$tmp/opt" -type f | wc -l)
make -s -o all uninstall B="$B" DESTDIR="$tmp" PREFIX=/opt/sk >/dev/null 2>&1
t "uninstall removes every file (of $installed installed)" '[ "$installed" -gt 0 ] && [ -z "$(find "$tmp/opt" -type f)" ]'
tap_done
