#!/usr/bin/env bash
# Shell completion: options from --help, column names from the file's header.
. "$(dirname "$0")/../tap.sh"
S=$ROOT/samples/survey.csv

complete_bash() {   # words...; the last one is completed
	bash -c '
		complete() { :; }    # no interactive completion system here
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_surveykit
		printf "%s\n" "${COMPREPLY[@]}"' _ "$ROOT/scripts/completion/surveykit.bash" "$@"
}
t "bash: options of nps from its --help" 'complete_bash nps --we | grep -qx -- --weight'
t "bash: every completed option is in --help" \
	'c=$(complete_bash nps --p) && [ -n "$c" ] && [ -z "$(grep -vxF -f <(nps --help | grep -o -- "--[a-z][a-z-]*") <<<"$c")" ]'
t "bash: --by completes column names from the header" \
	'[ "$(complete_bash nps "$S" --by reg)" = region ]'
t "bash: the last name of a list is completed" \
	'[ "$(complete_bash nps "$S" --by region,pl)" = region,plan ]'
t "bash: -c completes csat" '[ "$(complete_bash csat "$S" -c cs)" = csat ]'
t "bash: --format values" '[ "$(complete_bash nps --format js)" = json ]'
if command -v zsh >/dev/null 2>&1; then
	t "zsh: the completion function parses" 'zsh -n "$ROOT/scripts/completion/_surveykit"'
	# run the completion with compadd/compset stubbed, as zsh's completion system would call it
	out=$(zsh -c '
		compadd() { [[ $1 == -a ]] && print -rl -- ${(P)2} || print -rl -- "$@" }
		compset() { [[ $PREFIX == *,* ]] && PREFIX=${PREFIX##*,}; return 0 }
		_files() { :; }
		words=(nps "$1" --by re); CURRENT=4; PREFIX=re
		source "$2"' _ "$S" "$ROOT/scripts/completion/_surveykit")
	t "zsh: --by offers the header's columns" 'grep -qx region <<<"$out" && grep -qx nps <<<"$out"'
	out=$(zsh -c '
		compadd() { [[ $1 == -a ]] && print -rl -- ${(P)2} || print -rl -- "$@" }
		_files() { :; }
		words=(nps --tot); CURRENT=2; PREFIX=--tot
		source "$1"' _ "$ROOT/scripts/completion/_surveykit")
	t "zsh: options from --help" 'grep -qx -- --total <<<"$out"'
else
	for i in 1 2 3; do skip "zsh not installed"; done
fi
tap_done
