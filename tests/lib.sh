# lib.sh - TAP helpers for the shell tests (sourced).
#
# The tests run the real bulletin-search binary ($BULLETIN_SEARCH, set by
# `make check`) against a real archive file in a fresh temporary folder.
set -u
: "${srcdir:=.}"
: "${BULLETIN_SEARCH:=$PWD/tools/bulletin-search}"
tap_n=0
tap_failed=0
work=$(mktemp -d "${TMPDIR:-/tmp}/bulletin-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
export BULLETIN_DB="$work/bulletins.db"

ok() {  # ok STATUS DESCRIPTION: STATUS 0 passes
    tap_n=$((tap_n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $tap_n - $2"
    else
        echo "not ok $tap_n - $2"
        tap_failed=$((tap_failed + 1))
    fi
}

# run CMD...: run the CLI, keeping stdout, stderr and the exit status.
run() {
    "$BULLETIN_SEARCH" "$@" > "$work/out" 2> "$work/err"
    status=$?
    out=$(cat "$work/out")
    err=$(cat "$work/err")
}

is() {  # is GOT WANT DESCRIPTION
    if [ "$1" = "$2" ]; then
        ok 0 "$3"
    else
        ok 1 "$3"
        echo "#   got:  '$1'"
        echo "#   want: '$2'"
    fi
}

contains() {  # contains HAYSTACK NEEDLE DESCRIPTION
    case "$1" in
        *"$2"*) ok 0 "$3" ;;
        *) ok 1 "$3"; echo "#   '$2' not in: $(printf '%s' "$1" | head -c 600)" ;;
    esac
}

# json EXPR: evaluate a Python expression over the JSON in $out (as `j`).
json() {
    /usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' \
        "$work/out" "$1"
}

done_testing() {
    echo "1..$tap_n"
    [ "$tap_failed" -eq 0 ]
}
