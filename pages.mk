# pages.mk - page text (issue 3): jump-line links, and the tests and
# test pages of page segmentation, encodings and the CLI on page text.
libsearch_libbulletin_core_la_SOURCES += libsearch/jumps.c
EXTRA_DIST += pages.mk
