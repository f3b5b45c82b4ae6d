# pages.mk - page text (issue 3): jump-line links, and the tests and
# test pages of page segmentation, encodings and the CLI on page text.
libsearch_libbulletin_core_la_SOURCES += libsearch/jumps.c
EXTRA_DIST += pages.mk
dist_check_SCRIPTS += tests/cli/test_pages.sh
EXTRA_DIST += tests/data/pages/traditional.txt \
	corpus/2017-12-19-p1.txt corpus/2017-12-19-p3.txt corpus/2017-12-26-p4.txt
