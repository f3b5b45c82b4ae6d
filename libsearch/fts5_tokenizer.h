/* fts5_tokenizer.h - registering the bulletin tokenizer with FTS5. */
#ifndef BULLETIN_FTS5_TOKENIZER_H
#define BULLETIN_FTS5_TOKENIZER_H

/* The tokenizer's name in FTS5 table definitions: tokenize='bulletin'. */
#define BULLETIN_FTS5_TOKENIZER "bulletin"

/* A phrase in a MATCH expression that starts with this byte is tokenized
 * in whole-words mode.  Control characters never reach a compiled query
 * from user input (the query parser drops them). */
#define BULLETIN_FTS5_WORDS_MARK "\x01"

struct sqlite3;

/* Register the tokenizer on `db`; returns an SQLite result code. */
int bulletin__fts5_register(struct sqlite3 *db);
/* The same, with an archive's pretok cache (a bulletin__pretok *, see
 * pretok.h; NULL for none) that the tokenizer replays texts from. */
int bulletin__fts5_register_with(struct sqlite3 *db, void *pretok);

#endif
