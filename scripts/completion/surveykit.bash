# bash completion for the surveykit tools: nps, csat, segment, trend, survey-ingest.
#
# Options come from the tool's own --help, so they never drift from the
# binary.  After an option that takes column names (--by, -c, --weight,
# --date, ...) the names are read from the header of the first file on the
# command line; in a comma-separated list only the last name is completed.

_surveykit_columns()
{
	local w f=""
	for w in "${COMP_WORDS[@]:1}"; do
		case $w in
		-*) ;;
		*) [ -f "$w" ] && { f=$w; break; } ;;
		esac
	done
	[ -n "$f" ] || return 0
	# the first line, BOM dropped, split on commas (quotes stripped)
	head -n 1 -- "$f" 2>/dev/null | sed 's/^\xEF\xBB\xBF//; s/\r$//' | tr ',' '\n' | tr -d '"'
}

_surveykit()
{
	local cur prev opts cols prefix
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	-c|--column|--by|--weight|--date|--drivers|--id|--nps|--csat|--ces|--keep)
		prefix=""
		case $cur in *,*) prefix=${cur%,*},; cur=${cur##*,} ;; esac
		cols=$(_surveykit_columns)
		local IFS=$'\n'
		COMPREPLY=($(compgen -P "$prefix" -W "$cols" -- "$cur"))
		return 0 ;;
	--format) COMPREPLY=($(compgen -W "csv tsv json table" -- "$cur")); return 0 ;;
	--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return 0 ;;
	--period) COMPREPLY=($(compgen -W "day week month quarter year" -- "$cur")); return 0 ;;
	--metric) COMPREPLY=($(compgen -W "nps csat ces fcr" -- "$cur")); return 0 ;;
	-o|--output|--rejects|--plot|--labels|--map) COMPREPLY=($(compgen -f -- "$cur")); return 0 ;;
	esac
	if [[ $cur == -* ]]; then
		opts=$("${COMP_WORDS[0]}" --help 2>/dev/null | grep -o -- '--[a-z][a-z-]*' | sort -u)
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return 0
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}

complete -o filenames -F _surveykit nps csat segment trend survey-ingest
