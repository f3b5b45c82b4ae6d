/* test_decode.c - bytes in every encoding bulletins arrive in give the
 * same UTF-8 back, and bytes that do not decode are reported precisely.
 *
 * The legacy-encoding inputs are made here with ICU from UTF-8 text, so
 * the repository holds no binary fixtures and the expected output is
 * simply the text we started from. */
#include "config.h"
#include "ingest/ingest.h"
#include "../tap.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

/* Simplified text, as a mainland paper prints it (GB18030 holds it). */
static const char simplified[] =
    "本报讯（记者 张晶）近日，西城区总工会在辖区内新建二十处户外劳动者"
    "暖心驿站，为环卫工人、快递员和外卖送餐员提供饮水、热饭和休息的地方。"
    "区总工会负责人表示，将继续推动驿站向社区和商圈延伸。\n"
    "据了解，今年以来全区各级工会共走访慰问一线职工一万二千余人次。";

/* Traditional text, as a Hong Kong or Taiwan export has it (Big5 holds
 * every character of it, which it would not of the simplified text). */
static const char traditional[] =
    "本報訊 近日，西城區總工會在轄區內新建二十處戶外勞動者暖心驛站，"
    "為環衛工人、快遞員和外賣送餐員提供飲水、熱飯和休息的地方。\n"
    "區總工會負責人表示，將繼續推動驛站向社區和商圈延伸，"
    "讓廣大職工群眾感受到工會組織的溫暖。";

/* `utf8` re-encoded as `encoding` with ICU, behind `prefix` (a BOM or
 * nothing).  The caller frees the result. */
static char *encode(const char *utf8, const char *encoding, const char *prefix,
                    size_t prefix_len, size_t *out_len)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t n16 = 0;
    u_strFromUTF8(NULL, 0, &n16, utf8, -1, &err);
    UChar *u16 = malloc(((size_t)n16 + 1) * sizeof *u16);
    err = U_ZERO_ERROR;
    u_strFromUTF8(u16, n16 + 1, NULL, utf8, -1, &err);
    UConverter *cnv = ucnv_open(encoding, &err);
    size_t cap = prefix_len + 4 * (size_t)n16 + 8;
    char *bytes = malloc(cap);
    memcpy(bytes, prefix, prefix_len);
    int32_t n = ucnv_fromUChars(cnv, bytes + prefix_len, (int32_t)(cap - prefix_len),
                                u16, n16, &err);
    ucnv_close(cnv);
    free(u16);
    if (U_FAILURE(err)) {
        printf("# encoding to %s failed: %s\n", encoding, u_errorName(err));
        free(bytes);
        return NULL;
    }
    *out_len = prefix_len + (size_t)n;
    return bytes;
}

/* Decode `bytes` (detected unless `forced`) and compare with `want`. */
static void round_trip(const char *name, const char *bytes, size_t len,
                       const char *forced, const char *want,
                       const char *want_encoding)
{
    char *text = NULL, encoding[32];
    size_t text_len = 0;
    bulletin_status rc = bulletin__decode("mem.txt", bytes, len, forced, NULL, &text,
                                          &text_len, encoding);
    is_int(rc, BULLETIN_OK, "%s: decodes", name);
    if (rc != BULLETIN_OK)
        printf("#   %s\n", bulletin_error_last()->message);
    is_str(text, want, "%s: gives the original UTF-8", name);
    is_int(text_len, strlen(want), "%s: length", name);
    is_str(encoding, want_encoding, "%s: encoding reported", name);
    free(text);
}

static void test_encoded(const char *utf8, const char *icu_name,
                         const char *prefix, size_t prefix_len,
                         const char *want_encoding)
{
    size_t len = 0;
    char *bytes = encode(utf8, icu_name, prefix, prefix_len, &len);
    if (!ok(bytes != NULL, "%s%s: test input made", icu_name,
            prefix_len ? " with BOM" : ""))
        return;
    char name[64];
    snprintf(name, sizeof name, "%s%s", icu_name, prefix_len ? " with BOM" : "");
    round_trip(name, bytes, len, NULL, utf8, want_encoding);
    free(bytes);
}

/* Decoding must fail with `want_rc`, and for input errors name the file
 * and the byte offset of the bad sequence. */
static void fails(const char *name, const char *bytes, size_t len,
                  const char *forced, bulletin_status want_rc, long want_offset)
{
    char *text = (char *)"untouched", encoding[32];
    size_t text_len = 99;
    bulletin_status rc = bulletin__decode("bad.txt", bytes, len, forced, NULL, &text,
                                          &text_len, encoding);
    const bulletin_error *e = bulletin_error_last();
    is_int(rc, want_rc, "%s: fails with %s", name, bulletin_status_to_string(want_rc));
    printf("#   %s\n", e->message);
    ok(text == NULL && text_len == 0, "%s: no output", name);
    is_int(e->status, want_rc, "%s: error recorded", name);
    if (want_rc == BULLETIN_ERROR_INPUT) {
        is_str(e->path, "bad.txt", "%s: error names the file", name);
        is_int(e->offset, want_offset, "%s: error gives the byte offset", name);
        ok(strstr(e->message, "bad.txt") != NULL, "%s: message names the file", name);
    }
}

static void test_utf8(void)
{
    round_trip("UTF-8", simplified, strlen(simplified), NULL, simplified, "UTF-8");
    round_trip("empty", "", 0, NULL, "", "UTF-8");
    char with_bom[sizeof simplified + 3];
    memcpy(with_bom, "\xEF\xBB\xBF", 3);
    memcpy(with_bom + 3, simplified, sizeof simplified);
    round_trip("UTF-8 with BOM", with_bom, strlen(with_bom), NULL, simplified,
               "UTF-8");
    round_trip("UTF-8 with BOM, forced", with_bom, strlen(with_bom), "utf8",
               simplified, "UTF-8");
}

static void test_legacy(void)
{
    test_encoded(simplified, "UTF-16LE", "\xFF\xFE", 2, "UTF-16LE");
    test_encoded(simplified, "UTF-16BE", "\xFE\xFF", 2, "UTF-16BE");
    test_encoded(traditional, "UTF-16LE", "\xFF\xFE", 2, "UTF-16LE");
    test_encoded(simplified, "UTF-32LE", "\xFF\xFE\0\0", 4, "UTF-32LE");
    test_encoded(simplified, "GB18030", "", 0, "GB18030");
    test_encoded(traditional, "GB18030", "", 0, "GB18030");
    test_encoded(traditional, "Big5", "", 0, "Big5");
}

static void test_forced(void)
{
    size_t len = 0;
    char *gb = encode(simplified, "GB18030", "", 0, &len);
    round_trip("forced GB18030", gb, len, "GB18030", simplified, "GB18030");
    round_trip("forced gbk alias", gb, len, "gbk", simplified, "GBK");
    free(gb);
    char *u16 = encode(traditional, "UTF-16BE", "", 0, &len);
    round_trip("forced UTF-16BE without BOM", u16, len, "UTF-16BE", traditional,
               "UTF-16BE");
    free(u16);
    fails("unknown forced encoding", "abc", 3, "no-such-charset",
          BULLETIN_ERROR_INVALID_ARGUMENT, -1);
    ok(strstr(bulletin_error_last()->message, "no-such-charset") != NULL,
       "unknown forced encoding: message names it");
    fails("empty forced encoding", "abc", 3, "", BULLETIN_ERROR_INVALID_ARGUMENT, -1);
}

static void test_invalid(void)
{
    /* "工会" is E5 B7 A5 E4 BC 9A: byte 9 of this line is the lone 0xFF. */
    const char damaged[] = "abc\xE5\xB7\xA5\xE4\xBC\x9A\xFF" "def";
    fails("UTF-8 with a bad byte", damaged, sizeof damaged - 1, NULL,
          BULLETIN_ERROR_INPUT, 9);
    char with_bom[sizeof damaged + 3];
    memcpy(with_bom, "\xEF\xBB\xBF", 3);
    memcpy(with_bom + 3, damaged, sizeof damaged);
    fails("UTF-8 with BOM and a bad byte", with_bom, sizeof with_bom - 1, NULL,
          BULLETIN_ERROR_INPUT, 12);
    /* A sequence cut short by the end of the file starts at byte 6. */
    const char cut[] = "\xE5\xB7\xA5" "abc\xE4\xBC";
    fails("UTF-8 cut short", cut, sizeof cut - 1, "UTF-8", BULLETIN_ERROR_INPUT, 6);
    ok(strstr(bulletin_error_last()->message, "UTF-8") != NULL,
       "UTF-8 cut short: message says UTF-8");

    /* GB18030 text with 0xFF, never valid in GB18030.  "本报讯（记者 张晶）"
     * is 19 bytes, so "近" takes bytes 19 and 20.  A bad lead byte is
     * itself the bad sequence; a bad trail byte makes the sequence that
     * starts at its lead byte invalid. */
    size_t len = 0;
    char *gb = encode(simplified, "GB18030", "", 0, &len);
    gb[19] = '\xFF';
    fails("GB18030 with a bad lead byte, forced", gb, len, "GB18030",
          BULLETIN_ERROR_INPUT, 19);
    free(gb);
    gb = encode(simplified, "GB18030", "", 0, &len);
    gb[20] = '\xFF';
    fails("GB18030 with a bad trail byte, forced", gb, len, "GB18030",
          BULLETIN_ERROR_INPUT, 19);
    free(gb);
    /* The same damage found after detection, without --encoding. */
    gb = encode(simplified, "GB18030", "", 0, &len);
    gb[len - 2] = '\xFF';
    fails("GB18030 with a bad byte, detected", gb, len, NULL,
          BULLETIN_ERROR_INPUT, (long)len - 2);
    ok(strstr(bulletin_error_last()->message, "GB18030") != NULL,
       "GB18030 with a bad byte, detected: message names the encoding");
    free(gb);

    /* A UTF-16LE file with an unpaired low surrogate at byte 2 + 4. */
    const char u16[] = "\xFF\xFE" "A\0B\0\x00\xDC" "C\0";
    fails("UTF-16LE with a lone surrogate", u16, sizeof u16 - 1, NULL,
          BULLETIN_ERROR_INPUT, 6);

    /* Bytes that are neither UTF-8 nor anything recognisable. */
    const char noise[] = "\x81\xFF\xFE\x80\x90\xFF";
    fails("undetectable bytes", noise, sizeof noise - 1, NULL,
          BULLETIN_ERROR_INPUT, 0);
    ok(strstr(bulletin_error_last()->message, "could not be detected") != NULL,
       "undetectable bytes: message says the encoding is unknown");
}

static void test_declared(void)
{
    /* An XML declaration is believed over the statistics. */
    static const char xml[] = "<?xml version=\"1.0\" encoding=\"GBK\"?>\n"
                              "<p>工会为职工办实事</p>\n";
    size_t len = 0;
    char *gb = encode(xml, "GB18030", "", 0, &len);
    round_trip("XML declaring GBK", gb, len, NULL, xml, "GB18030");
    free(gb);
    /* One that declares UTF-8 but is not says so. */
    static const char liar[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<p>\xB9\xA4</p>";
    fails("XML declaring UTF-8, in GBK", liar, sizeof liar - 1, NULL,
          BULLETIN_ERROR_INPUT, 42);
}

/* Lenient decoding (what indexing uses): bad sequences become U+FFFD,
 * counted, the first one's offset kept; binary data is still refused. */
static void lenient(const char *name, const char *bytes, size_t len,
                    const char *forced, const char *want, size_t want_replaced,
                    long want_offset)
{
    char *text = NULL, encoding[32];
    size_t text_len = 0;
    bulletin_decode_damage damage;
    bulletin_status rc = bulletin__decode("bad.txt", bytes, len, forced, &damage,
                                          &text, &text_len, encoding);
    is_int(rc, BULLETIN_OK, "%s: decodes leniently", name);
    is_str(text, want, "%s: bad bytes read as U+FFFD", name);
    is_int(damage.replaced, want_replaced, "%s: replacements counted", name);
    is_int(damage.first_offset, want_offset, "%s: first bad byte offset", name);
    free(text);
}

static void test_lenient(void)
{
    /* Enough good text around the bad bytes that the file is still seen
     * as UTF-8 and not as binary data; the first bad byte is at
     * 3 + 10 * 6 = 63. */
    const char damaged[] = "abc工会工会工会工会工会工会工会工会工会工会\xFF" "def\xFE\xFF" "g";
    lenient("UTF-8 with bad bytes", damaged, sizeof damaged - 1, NULL,
            "abc工会工会工会工会工会工会工会工会工会工会\xEF\xBF\xBD" "def\xEF\xBF\xBD" "g",
            2, 63);
    size_t len = 0;
    char *gb = encode(simplified, "GB18030", "", 0, &len);
    gb[19] = '\xFF';
    /* The lead byte of 近 is now 0xFF: U+FFFD in its place.  Its trail
     * byte can lead a character of its own, so GB18030 may read the rest
     * of the line out of step; the next line is read right again. */
    char *text = NULL, encoding[32];
    size_t text_len = 0;
    bulletin_decode_damage damage;
    is_int(bulletin__decode("bad.txt", gb, len, "GB18030", &damage, &text, &text_len,
                            encoding), BULLETIN_OK, "GB18030 with a bad byte: decodes leniently");
    ok(text && strncmp(text, "本报讯（记者 张晶）\xEF\xBF\xBD", 28) == 0,
       "GB18030 with a bad byte: U+FFFD where it was");
    is_int(damage.first_offset, 19, "GB18030 with a bad byte: its offset");
    ok(text && strstr(text, "\n据了解，今年以来") != NULL,
       "GB18030 with a bad byte: the next line decodes");
    free(text);
    free(gb);

    char binary[4096];
    for (size_t i = 0; i < sizeof binary; i++)
        binary[i] = (char)(i * 7 % 256);
    text = (char *)"untouched";
    is_int(bulletin__decode("bin.txt", binary, sizeof binary, NULL, &damage, &text,
                            &text_len, encoding), BULLETIN_ERROR_INPUT,
           "binary data: refused even when lenient");
    ok(strstr(bulletin_error_last()->message, "bin.txt: not a text file") != NULL,
       "binary data: the error names the file and says why");
    ok(text == NULL, "binary data: no output");
}

int main(void)
{
    test_utf8();
    test_legacy();
    test_forced();
    test_invalid();
    test_declared();
    test_lenient();
    return tap_done();
}
