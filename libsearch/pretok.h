/* pretok.h - tokenizing the texts of a commit group on a second core.
 *
 * Indexing spends about half its time in the tokenizer (ICU's dictionary
 * segmentation most of all), and that work is done by FTS5 inside the one
 * INSERT that writes the group's index, on the thread that holds the
 * archive.  While the archive's thread stores rows and tags, a helper
 * thread tokenizes each queued text; FTS5's tokenizer callback then
 * replays the recorded tokens instead of tokenizing again.
 *
 * The record is only a cache: a text that is not in it (never queued, or
 * its tokenizing failed for want of memory) is tokenized by FTS5 as
 * usual, so the index is the same either way.  Texts are matched by
 * their bytes, not by who queued them. */
#ifndef BULLETIN_PRETOK_H
#define BULLETIN_PRETOK_H

#include "bulletin.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct bulletin__pretok bulletin__pretok;

/* A cache with no thread yet (it starts on the first queued text).
 * Errors: NOMEM. */
bulletin_status bulletin__pretok_new(bulletin__pretok **out);

/* Whether texts are tokenized with trigram terms (on at first), as
 * bulletin_tokenizer_set_word_trigrams(): the archive sets its index's
 * choice before it queues any text, and FTS5's tokenizer replays only a
 * cache that tokenizes as its table does. */
void bulletin__pretok_set_word_trigrams(bulletin__pretok *p, bool on);
bool bulletin__pretok_word_trigrams(const bulletin__pretok *p);

/* Stop the thread (if any) and release everything.  NULL is allowed. */
void bulletin__pretok_free(bulletin__pretok *p);

/* Queue a copy of `text` for tokenizing in document mode.  Never fails:
 * without memory or a thread the text is simply not cached. */
void bulletin__pretok_queue(bulletin__pretok *p, const char *text, size_t len);

/* Replay the tokens recorded for `text` through `fn` (which may stop the
 * replay by returning non-zero), waiting for the thread if it is on it.
 * Returns 0 when the text was replayed, -1 when it is not cached (the
 * caller tokenizes it itself): also when the thread has not started on
 * it yet, as the caller would otherwise wait, idle, for a thread that
 * has a whole queue to work through first. */
int bulletin__pretok_replay(bulletin__pretok *p, const char *text, size_t len,
                            bulletin_token_fn fn, void *ctx);

/* From now on replay waits for queued texts the thread has not started
 * (for tests of the cache). */
void bulletin__pretok_wait_for_all(bulletin__pretok *p);

/* Forget every queued text (at the end of a transaction), waiting for the
 * thread to finish the one it is on. */
void bulletin__pretok_clear(bulletin__pretok *p);

#endif
