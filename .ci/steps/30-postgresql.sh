#!/bin/sh
# PostgreSQL: the bulletin extension and pg-push against a throwaway server
# (primary and streaming standby); TAP from the test script.
cd "$(dirname "$0")/../.." || exit 1
exec bindings/postgresql/tests/test_postgresql.sh
