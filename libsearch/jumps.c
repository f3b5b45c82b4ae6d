/* jumps.c - the parts of an article that jump lines split across pages.
 *
 * A story that does not fit on its page ends with "（下转第3版）" and goes
 * on on page 3 under "（上接第1版）".  page.c notes these jump lines
 * (bulletin_jumps); this module stores them (table `jumps`) and links each
 * continuation to the article it continues (table `article_parts`), so
 * that a search returns the article once and reading it gives it whole.
 *
 * Linking is redone for a whole issue date each time a file of that date
 * is stored, inside that file's transaction: the parts link in whichever
 * order their pages are indexed, and re-indexing a page never leaves a
 * stale link.  Which jump goes with which continuation (several stories
 * of page 1 may go on on page 3):
 *   1. pages agree: the main part is on page P and names page Q, the
 *      continuation is on page Q and names page P, both of one issue;
 *   2. headline: a continuation usually repeats its story's headline or a
 *      shortened form of it, so candidates whose headlines share a run of
 *      at least MIN_SHARED_CHARS characters pair first, longest run first;
 *   3. order: the rest pair in page order, the k-th jump from P to Q with
 *      the k-th continuation on Q from P, as editors lay them out.
 * A continuation of a continuation (page 1 -> 2 -> 3) is linked to the
 * first part, so that every part names the article's main part. */
#include "config.h"
#include "archive.h"
#include "ingest/ingest.h"

#include <stdlib.h>
#include <string.h>

/* Two characters in common ("工会", "驿站") is too little to mean the
 * same story; three is a name or a term. */
#define MIN_SHARED_CHARS 3
/* Headline characters compared; headlines are at most about 40. */
#define HEADLINE_CMP_CHARS 64
/* Chains longer than this are not newspaper pages but a loop. */
#define MAX_CHAIN 16

typedef struct jump_end {
    int64_t id;
    int page;             /* the page the part is on */
    int other;            /* the page its jump line names */
    int32_t head[HEADLINE_CMP_CHARS];
    size_t head_len;
    bool linked;
} jump_end;

typedef struct jump_ends {
    jump_end *v;
    size_t count, cap;
} jump_ends;

static bulletin_status exec_id(bulletin_archive *a, const char *sql, int64_t id,
                               const char *what)
{
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_int64(stmt, 1, id);
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? BULLETIN_OK : bulletin__sqlite_error(a, rc, what);
}

static bulletin_status insert_jump(bulletin_archive *a, int64_t id,
                                   const char *direction, int page)
{
    static const char sql[] =
        "INSERT INTO jumps(article_id, direction, page) VALUES(?1, ?2, ?3)";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_text(stmt, 2, direction, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 3, page);
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? BULLETIN_OK
                             : bulletin__sqlite_error(a, rc, "storing a jump line");
}

bulletin_status bulletin__jumps_save(bulletin_archive *a, int64_t id,
                                     const bulletin_jumps *jumps)
{
    static const char forget[] = "DELETE FROM jumps WHERE article_id = ?1";
    bulletin_status st = exec_id(a, forget, id, "storing a jump line");
    if (!st && jumps && jumps->from_page > 0)
        st = insert_jump(a, id, "from", jumps->from_page);
    if (!st && jumps && jumps->to_page > 0)
        st = insert_jump(a, id, "to", jumps->to_page);
    return st;
}

static bool push_end(jump_ends *ends, sqlite3_stmt *stmt)
{
    void *v = ends->v;
    if (!bulletin__grow(&v, &ends->cap, ends->count + 1, sizeof *ends->v, 8, false))
        return false;
    ends->v = v;
    jump_end *e = &ends->v[ends->count++];
    memset(e, 0, sizeof *e);
    e->id = sqlite3_column_int64(stmt, 0);
    e->page = sqlite3_column_int(stmt, 1);
    e->other = sqlite3_column_int(stmt, 3);
    const char *head = (const char *)sqlite3_column_text(stmt, 4);
    size_t len = head ? strlen(head) : 0, pos = 0;
    while (pos < len && e->head_len < HEADLINE_CMP_CHARS)
        e->head[e->head_len++] = bulletin_utf8_next(head, len, &pos);
    return true;
}

/* The jump lines of one issue, in page order: "to" ends in `outs`,
 * "from" ends in `ins`. */
static bulletin_status load_ends(bulletin_archive *a, const char *date,
                                 jump_ends *outs, jump_ends *ins)
{
    static const char sql[] =
        "SELECT a.id, a.page, j.direction, j.page, a.headline"
        " FROM jumps j JOIN articles a ON a.id = j.article_id"
        " WHERE a.issue_date = ?1 ORDER BY a.page, a.position";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_text(stmt, 1, date, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *dir = (const char *)sqlite3_column_text(stmt, 2);
        if (!push_end(dir && !strcmp(dir, "to") ? outs : ins, stmt)) {
            sqlite3_reset(stmt);
            return bulletin__nomem();
        }
    }
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? BULLETIN_OK
                             : bulletin__sqlite_error(a, rc, "linking jump lines");
}

/* The longest run of characters two headlines share. */
static size_t shared_run(const jump_end *x, const jump_end *y)
{
    size_t best = 0, prev[HEADLINE_CMP_CHARS + 1] = { 0 }, cur[HEADLINE_CMP_CHARS + 1];
    for (size_t i = 1; i <= x->head_len; i++) {
        cur[0] = 0;
        for (size_t j = 1; j <= y->head_len; j++) {
            cur[j] = x->head[i - 1] == y->head[j - 1] ? prev[j - 1] + 1 : 0;
            if (cur[j] > best)
                best = cur[j];
        }
        memcpy(prev, cur, (y->head_len + 1) * sizeof *cur);
    }
    return best;
}

static bool pages_agree(const jump_end *out, const jump_end *in)
{
    return out->id != in->id && out->other == in->page && in->other == out->page;
}

static bulletin_status link_parts(bulletin_archive *a, jump_end *out, jump_end *in,
                            const int64_t *batch_ids, size_t n, size_t *linked)
{
    static const char sql[] =
        "INSERT OR REPLACE INTO article_parts(part_id, main_id) VALUES(?1, ?2)";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_int64(stmt, 1, in->id);
    sqlite3_bind_int64(stmt, 2, out->id);
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
        return bulletin__sqlite_error(a, rc, "linking jump lines");
    out->linked = in->linked = true;
    for (size_t k = 0; k < n; k++)
        *linked += (batch_ids[k] == out->id) + (batch_ids[k] == in->id);
    return BULLETIN_OK;
}

/* Rule 2: the pair with the longest shared headline run, repeatedly. */
static bulletin_status link_by_headline(bulletin_archive *a, jump_ends *outs,
                                        jump_ends *ins, const int64_t *ids,
                                        size_t n, size_t *linked)
{
    for (;;) {
        jump_end *bo = NULL, *bi = NULL;
        size_t best = MIN_SHARED_CHARS - 1;
        for (size_t i = 0; i < ins->count; i++)
            for (size_t o = 0; o < outs->count; o++) {
                jump_end *in = &ins->v[i], *out = &outs->v[o];
                if (in->linked || out->linked || !pages_agree(out, in))
                    continue;
                size_t run = shared_run(out, in);
                if (run > best)
                    best = run, bo = out, bi = in;
            }
        if (!bo)
            return BULLETIN_OK;
        bulletin_status st = link_parts(a, bo, bi, ids, n, linked);
        if (st)
            return st;
    }
}

/* Rule 3: the rest in page order (both lists are in page order). */
static bulletin_status link_by_order(bulletin_archive *a, jump_ends *outs,
                                     jump_ends *ins, const int64_t *ids,
                                     size_t n, size_t *linked)
{
    for (size_t i = 0; i < ins->count; i++) {
        for (size_t o = 0; o < outs->count && !ins->v[i].linked; o++) {
            if (outs->v[o].linked || !pages_agree(&outs->v[o], &ins->v[i]))
                continue;
            bulletin_status st = link_parts(a, &outs->v[o], &ins->v[i], ids, n, linked);
            if (st)
                return st;
        }
    }
    return BULLETIN_OK;
}

/* Point every part at the first part of its article, not at the part
 * before it; drop links that a loop of jump lines made circular. */
static bulletin_status resolve_chains(bulletin_archive *a)
{
    static const char sql[] =
        "UPDATE article_parts SET main_id = (SELECT p.main_id FROM article_parts p"
        " WHERE p.part_id = article_parts.main_id)"
        " WHERE main_id IN (SELECT part_id FROM article_parts)";
    static const char loops[] = "DELETE FROM article_parts WHERE part_id = main_id"
                                " OR main_id IN (SELECT part_id FROM article_parts)";
    for (int k = 0; k < MAX_CHAIN; k++) {
        int rc = sqlite3_exec(a->db, sql, NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            return bulletin__sqlite_error(a, rc, "linking jump lines");
        if (sqlite3_changes(a->db) == 0)
            return BULLETIN_OK;
    }
    int rc = sqlite3_exec(a->db, loops, NULL, NULL, NULL);
    return rc == SQLITE_OK ? BULLETIN_OK
                           : bulletin__sqlite_error(a, rc, "linking jump lines");
}

bulletin_status bulletin__jumps_relink(bulletin_archive *a, const char *date,
                                       const int64_t *batch_ids, size_t n,
                                       size_t *linked)
{
    static const char forget[] =
        "DELETE FROM article_parts WHERE part_id IN"
        " (SELECT id FROM articles WHERE issue_date = ?1)";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, forget, &stmt);
    if (st)
        return st;
    sqlite3_bind_text(stmt, 1, date, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
        return bulletin__sqlite_error(a, rc, "linking jump lines");
    jump_ends outs = { NULL, 0, 0 }, ins = { NULL, 0, 0 };
    st = load_ends(a, date, &outs, &ins);
    if (!st)
        st = link_by_headline(a, &outs, &ins, batch_ids, n, linked);
    if (!st)
        st = link_by_order(a, &outs, &ins, batch_ids, n, linked);
    if (!st)
        st = resolve_chains(a);
    free(outs.v);
    free(ins.v);
    return st;
}

bulletin_status bulletin__jumps_main(bulletin_archive *a, int64_t id, int64_t *main)
{
    static const char sql[] = "SELECT main_id FROM article_parts WHERE part_id = ?1";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_int64(stmt, 1, id);
    int rc = sqlite3_step(stmt);
    *main = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : id;
    sqlite3_reset(stmt);
    return rc == SQLITE_ROW || rc == SQLITE_DONE
               ? BULLETIN_OK
               : bulletin__sqlite_error(a, rc, "reading an article");
}

/* The parts of article `main` after the first, in page order. */
static const char parts_sql[] =
    "SELECT a.id, a.page, a.position, a.kind, a.body FROM article_parts p"
    " JOIN articles a ON a.id = p.part_id WHERE p.main_id = ?1"
    " ORDER BY a.page, a.position";

bulletin_status bulletin__jumps_join_bodies(bulletin_archive *a, int64_t main,
                                            char **body)
{
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, parts_sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_int64(stmt, 1, main);
    bulletin_buf whole = BULLETIN_BUF_INIT;
    bool ok = bulletin_buf_append_str(&whole, *body);
    int rc;
    while (ok && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *part = (const char *)sqlite3_column_text(stmt, 4);
        /* A jump line usually cuts a sentence: join the halves like a
         * column break, without a paragraph end, unless one was there. */
        if (whole.len && !bulletin__ends_paragraph(whole.data, whole.len))
            ok = true;
        else if (whole.len)
            ok = bulletin_buf_append_char(&whole, '\n');
        ok = ok && bulletin_buf_append_str(&whole, part ? part : "");
    }
    sqlite3_reset(stmt);
    if (!ok) {
        bulletin_buf_free(&whole);
        return bulletin__nomem();
    }
    if (rc != SQLITE_DONE) {
        bulletin_buf_free(&whole);
        return bulletin__sqlite_error(a, rc, "reading an article");
    }
    free(*body);
    *body = bulletin_buf_detach(&whole);
    return *body ? BULLETIN_OK : bulletin__nomem();
}

static bool push_part(bulletin_part **v, size_t *count, size_t *cap, int64_t id,
                      int page, int position, const char *kind)
{
    void *grown = *v;
    if (!bulletin__grow(&grown, cap, *count + 1, sizeof **v, 4, false))
        return false;
    *v = grown;
    bulletin_part *p = &(*v)[(*count)++];
    p->id = id;
    p->page = page;
    p->position = position;
    if (!kind || bulletin_kind_from_string(&p->kind, kind))
        p->kind = BULLETIN_KIND_OTHER;
    return true;
}

static bulletin_status list_parts(bulletin_archive *a, int64_t id,
                                  bulletin_part **out, size_t *out_count)
{
    static const char first_sql[] =
        "SELECT id, page, position, kind FROM articles WHERE id = ?1";
    int64_t main;
    bulletin_status st = bulletin__jumps_main(a, id, &main);
    sqlite3_stmt *stmt;
    if (st || (st = bulletin__prepare(a, first_sql, &stmt)))
        return st;
    sqlite3_bind_int64(stmt, 1, main);
    bulletin_part *v = NULL;
    size_t count = 0, cap = 0;
    int rc = sqlite3_step(stmt);
    bool ok = rc != SQLITE_ROW ||
              push_part(&v, &count, &cap, main, sqlite3_column_int(stmt, 1),
                        sqlite3_column_int(stmt, 2),
                        (const char *)sqlite3_column_text(stmt, 3));
    sqlite3_reset(stmt);
    if (rc == SQLITE_DONE)
        st = bulletin__error(BULLETIN_ERROR_NOT_FOUND, "no article with id %lld",
                             (long long)id);
    else if (rc != SQLITE_ROW)
        st = bulletin__sqlite_error(a, rc, "reading an article");
    if (!st && ok && !(st = bulletin__prepare(a, parts_sql, &stmt))) {
        sqlite3_bind_int64(stmt, 1, main);
        while (ok && (rc = sqlite3_step(stmt)) == SQLITE_ROW)
            ok = push_part(&v, &count, &cap, sqlite3_column_int64(stmt, 0),
                           sqlite3_column_int(stmt, 1), sqlite3_column_int(stmt, 2),
                           (const char *)sqlite3_column_text(stmt, 3));
        sqlite3_reset(stmt);
        if (ok && rc != SQLITE_DONE)
            st = bulletin__sqlite_error(a, rc, "reading an article");
    }
    if (!st && !ok)
        st = bulletin__nomem();
    if (st) {
        free(v);
        return st;
    }
    *out = v;
    *out_count = count;
    return BULLETIN_OK;
}

bulletin_status bulletin_archive_get_parts(bulletin_part **out, size_t *out_count,
                                           bulletin_archive *a, int64_t id)
{
    if (!out || !out_count || !a)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "out, out_count and archive are required");
    *out = NULL;
    *out_count = 0;
    pthread_mutex_lock(&a->lock);
    bulletin_status st = list_parts(a, id, out, out_count);
    pthread_mutex_unlock(&a->lock);
    return st;
}

void bulletin_parts_free(bulletin_part *parts)
{
    free(parts);
}
