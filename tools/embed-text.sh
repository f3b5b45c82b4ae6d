#!/bin/sh
# embed-text.sh NAME FILE: print a C source defining `const char NAME[]`
# holding FILE's text, so data files (schema, script tables) are compiled
# into the library instead of being looked up at run time.
set -eu
name=$1
file=$2
printf '/* Generated from %s by tools/embed-text.sh; do not edit. */\n' "$(basename "$file")"
printf 'extern const char %s[];\nconst char %s[] =\n' "$name" "$name"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/    "/' -e 's/$/\\n"/' "$file"
printf ';\n'
