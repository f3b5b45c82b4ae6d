-- bulletin--0.1.sql: CREATE EXTENSION bulletin
\echo Use "CREATE EXTENSION bulletin" to load this file. \quit

-- The text search parser: libbulletin's tokenizer (the same terms as the
-- SQLite archive).  Each token is one index position; its alternatives
-- (script foldings, the straddle form, a run's last character) are
-- separated by spaces and become lexemes at that same position.
CREATE FUNCTION bulletin_parser_start(internal, integer) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION bulletin_parser_nexttoken(internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION bulletin_parser_end(internal) RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION bulletin_parser_lextype(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

CREATE TEXT SEARCH PARSER bulletin_parser (
    START = bulletin_parser_start,
    GETTOKEN = bulletin_parser_nexttoken,
    END = bulletin_parser_end,
    LEXTYPES = bulletin_parser_lextype
);

CREATE FUNCTION bulletin_dict_init(internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION bulletin_dict_lexize(internal, internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TEXT SEARCH TEMPLATE bulletin_template (
    INIT = bulletin_dict_init,
    LEXIZE = bulletin_dict_lexize
);
CREATE TEXT SEARCH DICTIONARY bulletin_dict (TEMPLATE = bulletin_template);

CREATE TEXT SEARCH CONFIGURATION bulletin (PARSER = bulletin_parser);
ALTER TEXT SEARCH CONFIGURATION bulletin ADD MAPPING FOR term WITH bulletin_dict;

-- An article's weighted vector (headline A, subtitle B, body D); without
-- positions when the article is beyond tsvector's limits (see README).
CREATE FUNCTION bulletin_tsvector(headline text, subtitle text, body text)
    RETURNS tsvector AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- The user query language of bulletin-search, as a tsquery.  loose: phrases
-- as AND and exclusions left out (a pre-filter that never misses).
CREATE FUNCTION bulletin_query(query text, loose boolean DEFAULT false) RETURNS tsquery
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

-- The exact answer from the text, for vectors stored without positions
-- (articles beyond tsvector's limits); NULL at once for every other vector,
-- for which tsv @@ bulletin_query() decides exactly.
CREATE FUNCTION bulletin_recheck(tsv tsvector, query text, headline text,
                                 subtitle text, body text)
    RETURNS boolean AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE COST 1000;

-- Both together; an SQL function that the planner inlines, so the GIN
-- index on tsv is used: WHERE bulletin_matches(tsv, 'query', headline, subtitle, body)
CREATE FUNCTION bulletin_matches(tsv tsvector, query text, headline text,
                                 subtitle text, body text)
    RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT $1 @@ bulletin_query($2, true)
              AND coalesce(bulletin_recheck($1, $2, $3, $4, $5), $1 @@ bulletin_query($2)) $$;

-- A stretch of the text around the matches, in its own script, marked.
CREATE FUNCTION bulletin_snippet(body text, query text, max_chars integer DEFAULT 60,
                                 open text DEFAULT '<mark>', close text DEFAULT '</mark>',
                                 ellipsis text DEFAULT '…', html boolean DEFAULT false)
    RETURNS text AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE
    COST 1000;  -- expensive: evaluated after ORDER BY ... LIMIT, on the rows kept
