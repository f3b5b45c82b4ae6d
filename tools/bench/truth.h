/* truth.h - the ground truth of the benchmark's queries.
 *
 * Which articles SHOULD a query find?  Each article's indexed text
 * (headline, subtitle, body) is folded the way the README promises
 * searches behave: ICU NFKC_Casefold, white space between two Han
 * characters removed, other white space collapsed to one space, and
 * traditional characters folded to simplified twice, by OpenCC's
 * phrase-aware t2s and character by character.  A query word or phrase,
 * folded the same ways, matches an article when it occurs in one of its
 * fields (Latin letters and digits only at word boundaries).  This is a
 * plain scan, sharing no code with the index it checks (only the
 * query parser, which defines the language). */
#ifndef BENCH_TRUTH_H
#define BENCH_TRUTH_H

#include <stddef.h>
#include <stdint.h>

typedef struct truth_corpus truth_corpus;

/* Fold and keep `n` articles; `ids` are their archive ids. */
truth_corpus *truth_new(void);
int truth_add(truth_corpus *tc, int64_t id, const char *const fields[3]);
size_t truth_count(const truth_corpus *tc);
int64_t truth_id(const truth_corpus *tc, size_t i);

/* Evaluate a query of the user language: `hits` (truth_count bytes) gets
 * 1 for each article that should match.  Returns 0, or -1 when the
 * query does not parse. */
int truth_eval(truth_corpus *tc, const char *query, uint8_t *hits);

/* Fold one string (for tests and for building trigram queries): the
 * phrase-aware folding, malloc'd. */
char *truth_fold(truth_corpus *tc, const char *text, int phrase);

void truth_free(truth_corpus *tc);

#endif
