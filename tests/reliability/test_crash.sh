#!/bin/sh
# test_crash.sh - crash safety, the short version for make check: 20 index
# runs of a 30-page folder, each SIGKILLed at a random moment (see
# crash.sh; .ci/steps/50-crash.sh runs the long version).  The checks
# hold wherever a kill lands, so the test does not depend on timing.
. "$srcdir/tests/lib.sh"
CRASH_FILES=${CRASH_FILES:-30}
CRASH_RUNS=${CRASH_RUNS:-20}
. "$srcdir/tests/reliability/crash.sh"
done_testing
