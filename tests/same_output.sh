# same_output A B: the two files are equal and neither is empty.  Sourced by
# the tests/t scripts that compare two runs: a run that fails prints nothing,
# and two failed runs must not pass as equal empty outputs.
same_output() { [ -s "$1" ] && [ -s "$2" ] && cmp -s "$1" "$2"; }
