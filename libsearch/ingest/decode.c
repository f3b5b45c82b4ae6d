/* decode.c - a file's bytes to UTF-8, in an encoding told or detected.
 *
 * Bulletins reach us as UTF-8 (most of them), GB2312/GBK/GB18030 from
 * older mainland systems, Big5 from Hong Kong and Taiwan exports and
 * UTF-16 from word processors.  A byte sequence that does not decode is
 * never dropped silently, because a silently mangled article is indexed
 * under the wrong terms and is never found again.  Two modes:
 *   strict (no `damage` record): the first bad sequence is an error with
 *     its byte offset;
 *   lenient (a `damage` record): each bad sequence becomes U+FFFD and the
 *     record counts them and keeps the first one's offset, so that the
 *     caller can index the file and still warn about it.
 * In both modes a file that is not text at all (binary data: many
 * control codes or undecodable bytes) is refused, so that nothing is
 * indexed from an image or an executable picked up by a folder walk.
 *
 * The order of evidence, strongest first: an encoding the user forced; a
 * byte-order mark; bytes that are valid UTF-8 (other encodings of Chinese
 * text essentially never are); the encoding an XML declaration names;
 * ICU's statistical charset detector. */
#include "config.h"
#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

/* The size of bulletin_batch.encoding and of every `encoding_out`. */
#define ENCODING_SIZE 32

/* At or below 10 ICU's detector is guessing: its UTF-16 recognisers give
 * 10 to any even number of bytes, whatever they are.  A wrong guess turns
 * a file into fluent-looking garbage, so such guesses count as none. */
#define MIN_CONFIDENCE 11

/* ICU counts in int32_t; a UTF-16 copy of the input must fit. */
#define MAX_CONVERT_BYTES ((size_t)INT32_MAX / 2)

typedef struct decode_bom {
    const char *bytes;
    size_t len;
    const char *encoding;
} decode_bom;

/* UTF-32LE comes before UTF-16LE: FF FE 00 00 begins both, and a UTF-16
 * file starting with U+0000 is not a text file anyway. */
static const decode_bom boms[] = {
    { "\xFF\xFE\x00\x00", 4, "UTF-32LE" },
    { "\x00\x00\xFE\xFF", 4, "UTF-32BE" },
    { "\xEF\xBB\xBF", 3, "UTF-8" },
    { "\xFF\xFE", 2, "UTF-16LE" },
    { "\xFE\xFF", 2, "UTF-16BE" },
};

/* The BOM that `bytes` start with, or NULL. */
static const decode_bom *find_bom(const char *bytes, size_t len)
{
    for (size_t i = 0; i < sizeof boms / sizeof boms[0]; i++)
        if (len >= boms[i].len && memcmp(bytes, boms[i].bytes, boms[i].len) == 0)
            return &boms[i];
    return NULL;
}

/* GB2312 and GBK are subsets of GB18030, so decoding with GB18030 loses
 * nothing and also accepts the characters a "GBK" file often borrows
 * from its superset.  Other names pass through. */
static const char *prefer_superset(const char *name)
{
    if (strcasecmp(name, "GB2312") == 0 || strcasecmp(name, "GBK") == 0 ||
        strcasecmp(name, "GB18030") == 0 || strcasecmp(name, "EUC-CN") == 0 ||
        strcasecmp(name, "CP936") == 0 || strcasecmp(name, "windows-936") == 0)
        return "GB18030";
    return name;
}

/* The name people know an ICU converter by: its MIME or IANA name
 * ("Big5"), not ICU's internal one ("windows-950-2000"). */
static void public_name(UConverter *cnv, char *encoding_out)
{
    UErrorCode err = U_ZERO_ERROR;
    const char *name = ucnv_getName(cnv, &err);
    if (U_FAILURE(err) || !name)
        name = "unknown";
    const char *std = ucnv_getStandardName(name, "MIME", &err);
    if (!std || U_FAILURE(err)) {
        err = U_ZERO_ERROR;
        std = ucnv_getStandardName(name, "IANA", &err);
    }
    if (!std || U_FAILURE(err))
        std = name;
    snprintf(encoding_out, ENCODING_SIZE, "%s", std);
}

/* Copy `len` bytes into a malloc'd, NUL-terminated string. */
static bulletin_status copy_out(const char *bytes, size_t len, char **out,
                                size_t *out_len)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return bulletin__nomem();
    if (len)
        memcpy(copy, bytes, len);
    copy[len] = '\0';
    *out = copy;
    *out_len = len;
    return BULLETIN_OK;
}

/* Note one undecodable sequence of `n` bytes at file offset `at`. */
static void note_damage(bulletin_decode_damage *damage, const char *bad,
                        size_t n, size_t at)
{
    if (damage->replaced++ > 0)
        return;
    damage->first_offset = (long)at;
    damage->first_bytes[0] = '\0';
    for (size_t i = 0; i < n && i < 4; i++)
        snprintf(damage->first_bytes + 5 * i, sizeof damage->first_bytes - 5 * i,
                 "%s0x%02X", i ? " " : "", (unsigned char)bad[i]);
}

/* Valid UTF-8 with every run of invalid bytes replaced by one U+FFFD. */
static bulletin_status repair_utf8(const char *bytes, size_t start, size_t len,
                                   bulletin_decode_damage *damage, char **out,
                                   size_t *out_len)
{
    /* U+FFFD takes 3 bytes where the bad byte took 1. */
    if (len - start > (SIZE_MAX - 1) / 3)
        return bulletin__nomem();
    char *text = malloc(3 * (len - start) + 1);
    if (!text)
        return bulletin__nomem();
    size_t pos = start, n = 0;
    bool in_bad = false;
    while (pos < len) {
        size_t at = pos;
        int32_t cp = bulletin_utf8_next(bytes, len, &pos);
        if (cp >= 0) {
            memcpy(text + n, bytes + at, pos - at);
            n += pos - at;
            in_bad = false;
        } else if (!in_bad) {
            note_damage(damage, bytes + at, len - at < 4 ? len - at : 4, at);
            n += bulletin_utf8_put(text + n, 0xFFFD);
            in_bad = true;
        }
    }
    text[n] = '\0';
    *out = text;
    *out_len = n;
    return BULLETIN_OK;
}

/* UTF-8 text from `start` on: checked, then copied (or repaired, when
 * lenient).  A leading BOM at `start` is the caller's business.  `why`
 * ends the error message. */
static bulletin_status take_utf8(const char *path, const char *bytes,
                                 size_t start, size_t len, const char *why,
                                 bulletin_decode_damage *damage,
                                 char **out, size_t *out_len)
{
    size_t bad = start + bulletin_utf8_check(bytes + start, len - start);
    if (bad < len && damage)
        return repair_utf8(bytes, start, len, damage, out, out_len);
    if (bad < len)
        return bulletin__error_at(BULLETIN_ERROR_INPUT, path, 0, (long)bad,
                                  "%s: invalid UTF-8 at byte %zu (0x%02X)%s",
                                  path, bad, (unsigned char)bytes[bad], why);
    return copy_out(bytes + start, len - start, out, out_len);
}

/* Record the error for a sequence ICU could not decode.  ICU has just
 * consumed the bad bytes, so they end at `consumed`. */
static bulletin_status bad_sequence(const char *path, UConverter *cnv,
                                    const char *encoding, size_t consumed,
                                    UErrorCode failure)
{
    char bad[32];
    int8_t nbad = (int8_t)sizeof bad;
    UErrorCode err = U_ZERO_ERROR;
    ucnv_getInvalidChars(cnv, bad, &nbad, &err);
    if (U_FAILURE(err) || nbad < 0 || (size_t)nbad > consumed)
        nbad = 0;
    size_t at = consumed - (size_t)nbad;
    /* "bytes 0xA1 0x20" helps whoever opens the file in a hex editor. */
    char hex[5 * sizeof bad + 1] = "";
    for (int8_t i = 0; i < nbad; i++)
        snprintf(hex + 5 * i, sizeof hex - 5 * (size_t)i, "0x%02X ",
                 (unsigned char)bad[i]);
    if (nbad)
        hex[5 * nbad - 1] = '\0';
    return bulletin__error_at(BULLETIN_ERROR_INPUT, path, 0, (long)at,
                              "%s: invalid %s at byte %zu (%s%s)", path,
                              encoding, at, hex,
                              failure == U_TRUNCATED_CHAR_FOUND
                                  ? ", cut short by the end of the file"
                                  : "");
}

/* What the lenient converter callback needs: where the file starts (to
 * turn ICU's input pointer into an offset) and the record to fill. */
typedef struct replace_ctx {
    const char *bytes;
    bulletin_decode_damage *damage;
} replace_ctx;

/* ICU calls this for each sequence it cannot decode; ICU has already
 * consumed the `length` bad bytes, so they end at args->source.  Writes
 * U+FFFD in their place and carries on. */
static void replace_bad(const void *context, UConverterToUnicodeArgs *args,
                        const char *bad, int32_t length,
                        UConverterCallbackReason reason, UErrorCode *err)
{
    if (reason > UCNV_IRREGULAR)  /* reset, close, clone: nothing to do */
        return;
    const replace_ctx *ctx = context;
    size_t end = (size_t)(args->source - ctx->bytes);
    size_t n = length > 0 ? (size_t)length : 0;
    note_damage(ctx->damage, bad, n, n <= end ? end - n : end);
    static const UChar replacement = 0xFFFD;
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &replacement, 1, 0, err);
}

/* Decode bytes[start, len) with `cnv` to UTF-16 in `*out16`.  Strict: the
 * STOP callback makes the first undecodable sequence an error; lenient
 * (`damage`): it becomes U+FFFD.  Offsets count from the start of the
 * file. */
static bulletin_status to_utf16(const char *path, UConverter *cnv,
                                const char *encoding, const char *bytes,
                                size_t start, size_t len,
                                bulletin_decode_damage *damage, UChar **out16,
                                int32_t *out_n16)
{
    UErrorCode err = U_ZERO_ERROR;
    replace_ctx ctx = { bytes, damage };
    if (damage)
        ucnv_setToUCallBack(cnv, replace_bad, &ctx, NULL, NULL, &err);
    else
        ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
    if (U_FAILURE(err))
        return bulletin__error(BULLETIN_ERROR_DEPENDENCY,
                               "ICU converter setup failed: %s", u_errorName(err));
    /* One UTF-16 unit per input byte is enough for every multi-byte
     * Chinese encoding; the loop grows the buffer for anything else. */
    size_t cap = len - start + 16, n16 = 0;
    UChar *u16 = NULL;
    const char *src = bytes + start, *limit = bytes + len;
    for (;;) {
        UChar *grown = cap <= (size_t)INT32_MAX ? realloc(u16, cap * sizeof *u16) : NULL;
        if (!grown) {
            free(u16);
            return bulletin__nomem();
        }
        u16 = grown;
        UChar *target = u16 + n16;
        err = U_ZERO_ERROR;
        ucnv_toUnicode(cnv, &target, u16 + cap, &src, limit, NULL, true, &err);
        n16 = (size_t)(target - u16);
        if (err != U_BUFFER_OVERFLOW_ERROR)
            break;
        cap *= 2;
    }
    if (U_FAILURE(err)) {
        free(u16);
        if (err == U_INVALID_CHAR_FOUND || err == U_ILLEGAL_CHAR_FOUND ||
            err == U_TRUNCATED_CHAR_FOUND)
            return bad_sequence(path, cnv, encoding, (size_t)(src - bytes), err);
        return bulletin__error_at(BULLETIN_ERROR_DEPENDENCY, path, 0, -1,
                                  "%s: ICU could not decode %s: %s", path,
                                  encoding, u_errorName(err));
    }
    *out16 = u16;
    *out_n16 = (int32_t)n16;
    return BULLETIN_OK;
}

/* UTF-16 to a malloc'd UTF-8 string.  A leading U+FEFF is a byte-order
 * mark that a converter passed through (UTF-16LE, a forced encoding), not
 * text, and is dropped. */
static bulletin_status to_utf8(const char *path, const UChar *u16, int32_t n16,
                               char **out, size_t *out_len)
{
    if (n16 > 0 && u16[0] == 0xFEFF) {
        u16++;
        n16--;
    }
    UErrorCode err = U_ZERO_ERROR;
    int32_t n8 = 0;
    u_strToUTF8(NULL, 0, &n8, u16, n16, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
        return bulletin__error_at(BULLETIN_ERROR_INPUT, path, 0, -1,
                                  "%s: decoded text is not valid Unicode (%s)",
                                  path, u_errorName(err));
    char *utf8 = malloc((size_t)n8 + 1);
    if (!utf8)
        return bulletin__nomem();
    err = U_ZERO_ERROR;
    u_strToUTF8(utf8, n8 + 1, NULL, u16, n16, &err);
    if (U_FAILURE(err)) {
        free(utf8);
        return bulletin__error_at(BULLETIN_ERROR_INTERNAL, path, 0, -1,
                                  "%s: UTF-16 to UTF-8 failed: %s", path,
                                  u_errorName(err));
    }
    *out = utf8;
    *out_len = (size_t)n8;
    return BULLETIN_OK;
}

/* Decode bytes[start, len) from the encoding `cnv` reads. */
static bulletin_status convert(const char *path, UConverter *cnv,
                               const char *encoding, const char *bytes,
                               size_t start, size_t len,
                               bulletin_decode_damage *damage, char **out,
                               size_t *out_len)
{
    if (len - start > MAX_CONVERT_BYTES)
        return bulletin__error_at(BULLETIN_ERROR_INPUT, path, 0, -1,
                                  "%s: file too large to decode from %s (%zu bytes)",
                                  path, encoding, len);
    UChar *u16 = NULL;
    int32_t n16 = 0;
    bulletin_status rc = to_utf16(path, cnv, encoding, bytes, start, len,
                                  damage, &u16, &n16);
    if (rc == BULLETIN_OK)
        rc = to_utf8(path, u16, n16, out, out_len);
    free(u16);
    return rc;
}

/* Decode with the converter ICU has under `name`.  `forced` says the
 * user chose it, which makes an unknown name their mistake. */
static bulletin_status decode_as(const char *path, const char *name,
                                 bool forced, const char *bytes, size_t start,
                                 size_t len, bulletin_decode_damage *damage,
                                 char **out, size_t *out_len,
                                 char *encoding_out)
{
    UErrorCode err = U_ZERO_ERROR;
    /* ICU reads "" as "the platform default", which is not a choice. */
    UConverter *cnv = name[0] ? ucnv_open(name, &err) : NULL;
    if (U_FAILURE(err) || !cnv) {
        if (forced)
            return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                                   "unknown encoding '%s'", name);
        return bulletin__error_at(BULLETIN_ERROR_DEPENDENCY, path, 0, -1,
                                  "%s: ICU has no converter for %s (%s)",
                                  path, name, u_errorName(err));
    }
    public_name(cnv, encoding_out);
    bulletin_status rc;
    if (strcmp(encoding_out, "UTF-8") == 0) {
        /* Our own checker reports the same offsets as the detection path
         * does; a BOM is still not text. */
        if (start == 0 && len >= 3 && memcmp(bytes + start, "\xEF\xBB\xBF", 3) == 0)
            start += 3;
        rc = take_utf8(path, bytes, start, len, "", damage, out, out_len);
    } else {
        rc = convert(path, cnv, encoding_out, bytes, start, len, damage, out,
                     out_len);
    }
    ucnv_close(cnv);
    return rc;
}

/* The encoding named by an XML declaration at the very start of the
 * bytes (<?xml version="1.0" encoding="GBK"?>), copied into `name`, or
 * false.  Only the declaration is looked at: it is ASCII in every
 * encoding this is useful for. */
static bool xml_declared(const char *bytes, size_t len, char *name, size_t size)
{
    if (len < 6 || memcmp(bytes, "<?xml", 5) != 0)
        return false;
    size_t end = 5;
    while (end + 1 < len && end < 256 && !(bytes[end] == '?' && bytes[end + 1] == '>'))
        end++;
    const char *p = bytes + 5, *stop = bytes + end;
    for (; p + 8 <= stop; p++)
        if (memcmp(p, "encoding", 8) == 0)
            break;
    if (p + 8 > stop)
        return false;
    p += 8;
    while (p < stop && (*p == ' ' || *p == '=' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    if (p >= stop || (*p != '"' && *p != '\''))
        return false;
    char quote = *p++;
    size_t n = 0;
    while (p + n < stop && p[n] != quote && n + 1 < size)
        n++;
    if (n == 0 || p + n >= stop || p[n] != quote)
        return false;
    memcpy(name, p, n);
    name[n] = '\0';
    return true;
}

/* True when the bytes are mostly UTF-8 with a few bad sequences (a file
 * damaged by a bad copy or a truncated download).  Such a file is
 * reported, not re-read in a legacy encoding that would turn all its good
 * text into nonsense.  Legacy Chinese text forms valid multi-byte UTF-8
 * sequences only by accident: measured on a bulletin page, GB18030 gives
 * about one for every four invalid ones and Big5 one for every ten, so
 * requiring twice as many valid as invalid leaves a wide margin. */
static bool looks_utf8(const char *bytes, size_t len)
{
    size_t valid = 0, invalid = 0, pos = 0;
    while (pos < len) {
        size_t at = pos;
        int32_t cp = bulletin_utf8_next(bytes, len, &pos);
        if (cp < 0)
            invalid++;
        else if (pos - at > 1)
            valid++;
    }
    return valid > 0 && valid >= 2 * invalid;
}

/* ICU's best guess for the encoding, in `name`, with its confidence
 * (0-100); -1 when it has no guess at all.  Markup is filtered out first,
 * so the tags of an XML file do not dilute the statistics of its text. */
static int detect(const char *bytes, size_t len, char *name, size_t size)
{
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&err);
    if (U_FAILURE(err))
        return -1;
    int confidence = -1;
    int32_t n = len > (size_t)INT32_MAX ? INT32_MAX : (int32_t)len;
    ucsdet_enableInputFilter(det, true);
    ucsdet_setText(det, bytes, n, &err);
    const UCharsetMatch *match = ucsdet_detect(det, &err);
    const char *found = match && U_SUCCESS(err) ? ucsdet_getName(match, &err) : NULL;
    if (found && U_SUCCESS(err)) {
        confidence = ucsdet_getConfidence(match, &err);
        snprintf(name, size, "%s", prefer_superset(found));
    }
    ucsdet_close(det);
    return U_SUCCESS(err) ? confidence : -1;
}

/* True if ICU has a converter for `name`.  The detector knows charsets
 * whose converters Debian's ICU data leaves out (it guesses IBM420_ltr
 * for some binary noise): such a guess is no guess at all. */
static bool have_converter(const char *name)
{
    UErrorCode err = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open(name, &err);
    if (cnv)
        ucnv_close(cnv);
    return cnv && U_SUCCESS(err);
}

/* No BOM, not valid UTF-8: the declaration, else the detector. */
static bulletin_status decode_unknown(const char *path, const char *bytes,
                                      size_t len, size_t bad,
                                      bulletin_decode_damage *damage, char **out,
                                      size_t *out_len, char *encoding_out)
{
    char name[64];
    if (xml_declared(bytes, len, name, sizeof name)) {
        if (strcasecmp(name, "UTF-8") == 0 || strcasecmp(name, "UTF8") == 0)
            return take_utf8(path, bytes, 0, len,
                             ", although the file declares UTF-8; use "
                             "--encoding if it is in another encoding", damage,
                             out, out_len);
        UErrorCode err = U_ZERO_ERROR;
        UConverter *cnv = ucnv_open(prefer_superset(name), &err);
        if (U_SUCCESS(err)) {
            ucnv_close(cnv);
            return decode_as(path, prefer_superset(name), false, bytes, 0,
                             len, damage, out, out_len, encoding_out);
        }
        /* A name ICU does not know: let the detector decide. */
    }
    if (bad < len && looks_utf8(bytes, len)) {
        snprintf(encoding_out, ENCODING_SIZE, "UTF-8");
        return take_utf8(path, bytes, 0, len,
                         ", in a file that is otherwise UTF-8; use "
                         "--encoding if it is in another encoding", damage,
                         out, out_len);
    }
    int confidence = detect(bytes, len, name, sizeof name);
    if (confidence >= MIN_CONFIDENCE && !have_converter(name))
        confidence = -1;
    if (confidence < MIN_CONFIDENCE) {
        if (bad == len) /* valid UTF-8 after all, only with NUL bytes */
            return decode_as(path, "UTF-8", false, bytes, 0, len, damage, out,
                             out_len, encoding_out);
        snprintf(encoding_out, ENCODING_SIZE, "UTF-8");
        return take_utf8(path, bytes, 0, len,
                         ", and the encoding could not be detected; use "
                         "--encoding", damage, out, out_len);
    }
    return decode_as(path, name, false, bytes, 0, len, damage, out, out_len,
                     encoding_out);
}

/* Is the decoded text binary data rather than text?  Text files hold
 * line ends and tabs but almost no other control codes, and few or no
 * undecodable bytes; in random binary data about a quarter of all bytes
 * are control codes (C0, DEL, C1).  More than one character in
 * BINARY_RATIO being either means the file is not text. */
#define BINARY_RATIO 10

static bool looks_binary(const char *text, size_t len, size_t *out_bad,
                         size_t *out_chars)
{
    size_t chars = 0, bad = 0, pos = 0;
    while (pos < len) {
        int32_t c = bulletin_utf8_next(text, len, &pos);
        chars++;
        bool control = (c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
                        c != '\f' && c != '\v') ||
                       (c >= 0x7F && c <= 0x9F);
        bad += control || c == 0xFFFD || c < 0;
    }
    *out_bad = bad;
    *out_chars = chars;
    return bad > 0 && bad * BINARY_RATIO > chars;
}

static bulletin_status decode_any(const char *path, const char *bytes, size_t len,
                                  const char *encoding,
                                  bulletin_decode_damage *damage, char **out,
                                  size_t *out_len, char *encoding_out)
{
    if (encoding)
        return decode_as(path, encoding, true, bytes, 0, len, damage, out,
                         out_len, encoding_out);
    const decode_bom *bom = find_bom(bytes, len);
    if (bom)
        return decode_as(path, bom->encoding, false, bytes, bom->len, len,
                         damage, out, out_len, encoding_out);
    size_t bad = bulletin_utf8_check(bytes, len);
    /* NUL bytes in valid UTF-8 mean UTF-16 or UTF-32 without a BOM more
     * often than a text file that really contains U+0000. */
    if (bad == len && (len == 0 || !memchr(bytes, '\0', len))) {
        snprintf(encoding_out, ENCODING_SIZE, "UTF-8");
        return copy_out(bytes, len, out, out_len);
    }
    return decode_unknown(path, bytes, len, bad, damage, out, out_len,
                          encoding_out);
}

bulletin_status bulletin__decode(const char *path, const char *bytes, size_t len,
                                 const char *encoding,
                                 bulletin_decode_damage *damage, char **out,
                                 size_t *out_len, char *encoding_out)
{
    *out = NULL;
    *out_len = 0;
    encoding_out[0] = '\0';
    if (damage) {
        memset(damage, 0, sizeof *damage);
        damage->first_offset = -1;
    }
    if (!path)
        path = "(input)";
    if (!bytes && len)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "bulletin__decode: no bytes");
    bulletin_status rc = decode_any(path, bytes, len, encoding, damage, out,
                                    out_len, encoding_out);
    size_t bad = 0, chars = 0;
    if (rc == BULLETIN_OK && looks_binary(*out, *out_len, &bad, &chars)) {
        free(*out);
        *out = NULL;
        *out_len = 0;
        return bulletin__error_at(BULLETIN_ERROR_INPUT, path, 0, -1,
                                  "%s: not a text file (%zu of its %zu characters "
                                  "are control codes or undecodable bytes); "
                                  "nothing was indexed from it", path, bad, chars);
    }
    return rc;
}
