#!/bin/sh
# make distcheck: the tarball builds, installs and passes its tests alone.
if make -j2 distcheck; then
    echo "ok 1 - make distcheck"
else
    echo "not ok 1 - make distcheck"
    exit 1
fi
