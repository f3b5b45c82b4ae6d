#!/bin/sh
# 50-crash.sh - crash safety, the long version: 200 index runs of a
# 120-page folder, each SIGKILLed at a random moment, the archive checked
# after every kill (tests/reliability/crash.sh; make check runs 20).
set -u
cd "$(dirname "$0")/../.."
top=$(pwd)
srcdir=$top
BULLETIN_SEARCH="$top/tools/bulletin-search"
BULLETIN_EXTENSION="$top/libsearch/.libs/bulletin"
export srcdir BULLETIN_SEARCH BULLETIN_EXTENSION
CRASH_REQUIRE_KILLS=1
. "$top/tests/lib.sh"
CRASH_FILES=${CRASH_FILES:-120}
CRASH_RUNS=${CRASH_RUNS:-200}
. "$top/tests/reliability/crash.sh"
done_testing
