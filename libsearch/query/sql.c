/* sql.c - query fields as SQL conditions, and the small builder that
 * keeps SQL text and its parameters together.
 *
 * Field values never become SQL text: every value is a bound parameter.
 * Names are checked against the archive's gazetteer and taxonomy first,
 * so a typo gives an error listing what exists rather than zero hits.
 * The conditions read the narrow tables (article_facts as f, the tag
 * tables), never the articles rows. */
#include "config.h"
#include "query.h"
#include "tag/tag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool bulletin__sql_append(bulletin_sql *sql, const char *text)
{
    return bulletin_buf_append_str(&sql->text, text);
}

static bool push_param(bulletin_sql *sql, bulletin_sql_param param)
{
    void *params = sql->params;
    if (!bulletin__grow(&params, &sql->cap, sql->nparams + 1, sizeof *sql->params, 8, false))
        return false;
    sql->params = params;
    sql->params[sql->nparams++] = param;
    return bulletin_buf_append_char(&sql->text, '?');
}

bool bulletin__sql_text(bulletin_sql *sql, const char *value)
{
    char *copy = bulletin__strdup(value);
    if (!copy)
        return false;
    if (!push_param(sql, (bulletin_sql_param){ false, 0, copy, NULL, NULL })) {
        free(copy);
        return false;
    }
    return true;
}

bool bulletin__sql_int(bulletin_sql *sql, int64_t value)
{
    return push_param(sql, (bulletin_sql_param){ true, value, NULL, NULL, NULL });
}

bool bulletin__sql_pointer(bulletin_sql *sql, const void *ptr, const char *type)
{
    return push_param(sql, (bulletin_sql_param){ false, 0, NULL, ptr, type });
}

bool bulletin__sql_append_sql(bulletin_sql *sql, const bulletin_sql *other)
{
    const char *text = other->text.data ? other->text.data : "";
    size_t k = 0;
    for (const char *c = text; *c; c++) {
        if (*c != '?') {
            if (!bulletin_buf_append_char(&sql->text, *c))
                return false;
            continue;
        }
        const bulletin_sql_param *p = &other->params[k++];
        if (!(p->ptr_type ? bulletin__sql_pointer(sql, p->ptr, p->ptr_type)
              : p->is_int ? bulletin__sql_int(sql, p->i)
                          : bulletin__sql_text(sql, p->s)))
            return false;
    }
    return true;
}

void bulletin__sql_free(bulletin_sql *sql)
{
    for (size_t i = 0; i < sql->nparams; i++)
        free(sql->params[i].s);
    free(sql->params);
    bulletin_buf_free(&sql->text);
    sql->params = NULL;
    sql->nparams = sql->cap = 0;
}

/* ---------------------------------------------------------------- fields */

static bulletin_status wrong(long offset, const char *field, const char *value,
                             const char *valid)
{
    return bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0, offset,
                              "%s:%s does not exist: %s", field, value, valid);
}

static bulletin_status district_sql(const char *value, long offset, bulletin_tokenizer *tok,
                                    bulletin_tagger *tagger, bulletin_sql *out)
{
    const char *district = bulletin__gazetteer_resolve(tagger->gazetteer, tok, value,
                                                       &tagger->scratch);
    if (!district) {
        bulletin_buf msg = BULLETIN_BUF_INIT;
        bulletin_status st = bulletin_buf_printf(&msg, "the districts are %s (short and "
                                                 "former names work too: 西城, 宣武)",
                                                 bulletin__gazetteer_names(tagger->gazetteer))
                                 ? wrong(offset, "district", value, msg.data)
                                 : bulletin__nomem();
        bulletin_buf_free(&msg);
        return st;
    }
    return bulletin__sql_append(out, "f.article_id IN (SELECT article_id FROM article_districts"
                                     " WHERE district = ") &&
                   bulletin__sql_text(out, district) && bulletin__sql_append(out, ")")
               ? BULLETIN_OK
               : bulletin__nomem();
}

static bulletin_status topic_sql(const char *value, long offset, bulletin_tokenizer *tok,
                                 bulletin_tagger *tagger, bulletin_sql *out)
{
    const char *topic = bulletin__taxonomy_resolve(tagger->taxonomy, tok, value,
                                                   &tagger->scratch);
    if (!topic) {
        bulletin_buf msg = BULLETIN_BUF_INIT;
        bulletin_status st = bulletin_buf_printf(&msg, "the topics are %s",
                                                 bulletin__taxonomy_names(tagger->taxonomy))
                                 ? wrong(offset, "topic", value, msg.data)
                                 : bulletin__nomem();
        bulletin_buf_free(&msg);
        return st;
    }
    return bulletin__sql_append(out, "f.article_id IN (SELECT article_id FROM article_topics"
                                     " WHERE topic = ") &&
                   bulletin__sql_text(out, topic) && bulletin__sql_append(out, ")")
               ? BULLETIN_OK
               : bulletin__nomem();
}

static bulletin_status date_sql(bulletin_qfield field, const char *value, long offset,
                                bulletin_sql *out)
{
    char from[11], to[11];
    const char *name = bulletin__qfield_name(field);
    if (!bulletin__date_range_parse(value, from, to))
        return bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0, offset,
                                  "%s:%s is not a date: write %s:2017, %s:2017-12, "
                                  "%s:2017-12-01 or a range %s:2017-12-01..2018-03-31",
                                  name, value, name, name, name, name);
    bool ok;
    if (field == BULLETIN_F_DATE)
        ok = bulletin__sql_append(out, "f.issue_date BETWEEN ") &&
             bulletin__sql_text(out, from) && bulletin__sql_append(out, " AND ") &&
             bulletin__sql_text(out, to);
    else
        ok = bulletin__sql_append(out, "EXISTS (SELECT 1 FROM article_events e"
                                       " WHERE e.article_id = f.article_id"
                                       " AND e.date_from <= ") &&
             bulletin__sql_text(out, to) && bulletin__sql_append(out, " AND e.date_to >= ") &&
             bulletin__sql_text(out, from) && bulletin__sql_append(out, ")");
    return ok ? BULLETIN_OK : bulletin__nomem();
}

static bulletin_status simple_sql(bulletin_qfield field, const char *value, long offset,
                                  bulletin_sql *out)
{
    bool ok;
    if (field == BULLETIN_F_PAGE) {
        char *end;
        errno = 0;
        long page = strtol(value, &end, 10);
        if (errno || end == value || *end || page < 1 || page > 9999)
            return bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0, offset,
                                      "page:%s is not a page: write a number from 1, "
                                      "as in page:1", value);
        ok = bulletin__sql_append(out, "f.page = ") && bulletin__sql_int(out, page);
    } else {  /* BULLETIN_F_KIND */
        bulletin_kind kind;
        if (bulletin_kind_from_string(&kind, value))
            return wrong(offset, "kind", value, "the kinds are news, commentary, "
                         "advertisement, continuation, other");
        ok = bulletin__sql_append(out, "f.kind = ") &&
             bulletin__sql_text(out, bulletin_kind_to_string(kind));
    }
    return ok ? BULLETIN_OK : bulletin__nomem();
}

/* Authors are stored "、"-separated in the byline's own script: match one
 * whole name, both sides folded (張晶 finds 张晶) by the archive's SQL
 * function bulletin_fold() (archive.c). */
static bulletin_status author_sql(const char *value, bulletin_tokenizer *tok,
                                  bulletin_sql *out)
{
    bulletin_folded folded = BULLETIN_FOLDED_INIT;
    bulletin_status st = bulletin__fold(tok, value, strlen(value), &folded);
    bulletin_buf name = BULLETIN_BUF_INIT;
    if (!st && !(bulletin_buf_printf(&name, "、%s、", folded.text.data ? folded.text.data : "") &&
                 bulletin__sql_append(out, "instr('、' || bulletin_fold(f.author) || '、', ") &&
                 bulletin__sql_text(out, name.data) && bulletin__sql_append(out, ") > 0")))
        st = bulletin__nomem();
    bulletin_buf_free(&name);
    bulletin__folded_free(&folded);
    return st;
}

bulletin_status bulletin__field_sql(bulletin_qfield field, const char *value, long offset,
                                    bulletin_tokenizer *tok, bulletin_tagger *tagger,
                                    bulletin_sql *out)
{
    if ((field == BULLETIN_F_DISTRICT || field == BULLETIN_F_TOPIC) && !tagger)
        return bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0, offset,
                                  "%s: is a filter on an archive's tags, not FTS5 text: "
                                  "search the archive instead", bulletin__qfield_name(field));
    switch (field) {
    case BULLETIN_F_DISTRICT:
        return district_sql(value, offset, tok, tagger, out);
    case BULLETIN_F_TOPIC:
        return topic_sql(value, offset, tok, tagger, out);
    case BULLETIN_F_DATE:
    case BULLETIN_F_EVENT:
        return date_sql(field, value, offset, out);
    case BULLETIN_F_PAGE:
    case BULLETIN_F_KIND:
        return simple_sql(field, value, offset, out);
    case BULLETIN_F_AUTHOR:
        return author_sql(value, tok, out);
    default:
        return bulletin__error(BULLETIN_ERROR_INTERNAL, "field %d is not an SQL filter",
                               (int)field);
    }
}
