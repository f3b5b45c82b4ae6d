/* fts5_tokenizer.h - registering the bulletin tokenizer with FTS5. */
#ifndef BULLETIN_FTS5_TOKENIZER_H
#define BULLETIN_FTS5_TOKENIZER_H

/* The tokenizer's name in FTS5 table definitions: tokenize='bulletin'. */
#define BULLETIN_FTS5_TOKENIZER "bulletin"

/* Its one option, tokenize='bulletin word_trigrams': the table indexes
 * trigram terms (bulletin_tokenizer_set_word_trigrams()).  Archives of
 * schema 3 on declare it; older ones do not. */
#define BULLETIN_FTS5_WORD_TRIGRAMS "word_trigrams"

/* FTS5's 'hashsize' for the archives' index (archive.c), and for the FTS5
 * tables make bench compares with (tools/bench).  FTS5 writes the terms it
 * holds in memory to a new index segment when they pass 'hashsize' (1 MB
 * by default) and at every commit.  One commit group (store.c) holds tens
 * of MB of terms, so the default cut each group into many small segments,
 * and merging them back cost 10-20% of all indexing time (make bench).
 * With room for a whole group, a group is one segment; the price is up to
 * this much memory while indexing (peak RSS about 80 MB in all). */
#define BULLETIN_FTS5_HASHSIZE (32 * 1024 * 1024)

/* A phrase in a MATCH expression that starts with this byte is tokenized
 * in whole-words mode.  Control characters never reach a compiled query
 * from user input (the query parser drops them). */
#define BULLETIN_FTS5_WORDS_MARK "\x01"

/* A phrase that starts with this byte and a mask character chooses the
 * form of each of its bigrams: the mask is the character's distance from
 * BULLETIN_FTS5_MASK_BASE, and bit i set asks position i for its
 * straddling form ("ab|") only, clear for its inside-a-word form only.
 * A word of n bigrams ORed in all 2^n choices ("\x01" is the all-inside
 * one) matches what the plain phrase matches, without FTS5 merging the
 * two forms' position lists row by row (three times the work on a
 * common word).  Same length as BULLETIN_FTS5_WORDS_MARK. */
#define BULLETIN_FTS5_STRADDLE_MARK "\x02"
#define BULLETIN_FTS5_MASK_BASE '@'

/* The ranking function of searches (fts5_rank.c), registered with the
 * tokenizer on the library's connections:
 *   bulletin_rank(articles_fts, max_rowid, roles, lengths, weight, ...). */
#define BULLETIN_FTS5_RANK "bulletin_rank"

/* bulletin_rank()'s `lengths`: each row's tokens, as FTS5's xColumnSize
 * gives them (over all columns), by rowid, from the archive's in-memory
 * index.  FTS5 reads them from its docsize table, a B-tree seek per
 * scored row.  Passed as a pointer of type BULLETIN_FTS5_LENGTHS, or NULL:
 * ask FTS5. */
#define BULLETIN_FTS5_LENGTHS "bulletin_row_lengths"
typedef struct bulletin__row_lengths {
    const unsigned *tokens;   /* tokens[rowid], for rowids below n */
    long long n;
} bulletin__row_lengths;

struct sqlite3;
struct fts5_api;

/* Register bulletin_rank() with FTS5; returns an SQLite result code. */
int bulletin__fts5_rank_register(struct fts5_api *api);

/* The function that reads every match of a statement in one step
 * (fts5_collect.c), registered with bulletin_rank():
 *   bulletin_collect(articles_fts, sink)
 * where sink is a bulletin__collect_sink (rank.h) passed as a pointer of
 * type BULLETIN_FTS5_COLLECT_SINK. */
#define BULLETIN_FTS5_COLLECT "bulletin_collect"
#define BULLETIN_FTS5_COLLECT_SINK "bulletin_collect_sink"

/* The function that gives the set of rows a statement's MATCH matches,
 * in one call (fts5_collect.c), registered with bulletin_collect():
 *   SELECT bulletin_match_set(articles_fts, sink) FROM articles_fts
 *    WHERE articles_fts MATCH ? LIMIT 1
 * where sink is a bulletin__set_sink (rank.h) passed as a pointer of type
 * BULLETIN_FTS5_SET_SINK.  Without a matching row it is never called:
 * the set is empty. */
#define BULLETIN_FTS5_MATCH_SET "bulletin_match_set"
#define BULLETIN_FTS5_SET_SINK "bulletin_set_sink"

/* Register bulletin_collect() and bulletin_match_set() with FTS5;
 * returns an SQLite result code. */
int bulletin__fts5_collect_register(struct fts5_api *api);

/* Register the tokenizer on `db`; returns an SQLite result code. */
int bulletin__fts5_register(struct sqlite3 *db);
/* The same, with an archive's pretok cache (a bulletin__pretok *, see
 * pretok.h; NULL for none) that the tokenizer replays texts from. */
int bulletin__fts5_register_with(struct sqlite3 *db, void *pretok);

#endif
