#ifndef CBYTESCAN_H
#define CBYTESCAN_H
#include <stddef.h>
#include <stdint.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/*
 * Byte searches of the parsers' innermost loops, sixteen bytes at a time with SSE2 (part of
 * every x86-64 CPU) and a byte at a time elsewhere. Header-only, so the Swift optimiser can
 * inline them into its loops. The loads never read past `length`: the last bytes of a buffer
 * (fewer than sixteen) are looked at one by one.
 */

/* The offset of the first byte at or after `from`, below `length`, that is a quote, a
 * backslash, a control byte (below 0x20) or, when `also_del` (a constant at every call), DEL
 * (0x7f). `length` when there is none. */
static inline __attribute__((always_inline)) long cbs_json_stop(const uint8_t *p, long from, long length, int also_del) {
    long i = from;
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i control = _mm_set1_epi8(0x1f);
    const __m128i del = _mm_set1_epi8(0x7f);
    while (i + 16 <= length) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        /* min(v, 0x1f) == v exactly for the bytes 0x00...0x1f (unsigned). */
        __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                    _mm_cmpeq_epi8(_mm_min_epu8(v, control), v));
        if (also_del) hits = _mm_or_si128(hits, _mm_cmpeq_epi8(v, del));
        int mask = _mm_movemask_epi8(hits);
        if (mask != 0) return i + __builtin_ctz((unsigned)mask);
        i += 16;
    }
#endif
    while (i < length) {
        uint8_t c = p[i];
        if (c == '"' || c == '\\' || c < 0x20 || (also_del && c == 0x7f)) return i;
        i++;
    }
    return length;
}

/* Where the text of a JSON string being read ends or is interrupted (RFC 8259 section 7): the
 * next quote, backslash or control byte. */
static inline long cbs_json_string_stop(const uint8_t *p, long from, long length) {
    return cbs_json_stop(p, from, length, 0);
}

/* The next byte JSON output escapes: those of `cbs_json_string_stop`, and DEL. */
static inline long cbs_json_escape_stop(const uint8_t *p, long from, long length) {
    return cbs_json_stop(p, from, length, 1);
}

/* Whether `c`, with bit 0x20 set (ASCII letters folded to lower case), is `t`, `n` or `d`:
 * the last letter of every fragment of a secret name (secret, token, password, authorization). */
static inline int cbs_is_fragment_end(uint8_t c) {
    uint8_t f = c | 0x20;
    return f == 't' || f == 'n' || f == 'd';
}

/* Whether `c` folded is the letter a fragment has before its last one (`e`, `o`, `r`). */
static inline int cbs_is_fragment_penultimate(uint8_t c) {
    uint8_t f = c | 0x20;
    return f == 'e' || f == 'o' || f == 'r';
}

/* Whether `c` folded is a separator (`-`, `_`; CR and DEL fold there too, harmlessly). */
static inline int cbs_is_separator(uint8_t c) {
    uint8_t f = c | 0x20;
    return f == 0x2d || f == 0x7f;
}

/* Whether `c` folded may come two units before a fragment's end: the letter before the
 * penultimate one (`k` toke-n, `r` secr-e-t, `i` authorizat-i-o-n, `o` passw-o-r-d) or a
 * separator. */
static inline int cbs_is_fragment_antepenultimate(uint8_t c) {
    uint8_t f = c | 0x20;
    return f == 'k' || f == 'r' || f == 'i' || f == 'o' || f == 0x2d || f == 0x7f;
}

/* Whether the byte at `i` may end a secret-name fragment, text read as it is: a `t`, `n` or
 * `d` after a separator, or after a penultimate letter itself after an antepenultimate one
 * (see `cbs_secret_scan`). Never within the first two bytes: no fragment is that short. */
static inline int cbs_may_end_fragment(const uint8_t *p, long i) {
    if (i < 2 || !cbs_is_fragment_end(p[i])) return 0;
    return cbs_is_separator(p[i - 1])
        || (cbs_is_fragment_penultimate(p[i - 1]) && cbs_is_fragment_antepenultimate(p[i - 2]));
}

/* `cbs_may_end_fragment` for text holding `%`, where either unit before may also be an escape,
 * which shows by its `%` three bytes before the unit's end. */
static inline int cbs_may_end_fragment_escaped(const uint8_t *p, long i) {
    if (!cbs_is_fragment_end(p[i])) return 0;
    if (i >= 1 && cbs_is_separator(p[i - 1])) return 1;
    if (i >= 3 && p[i - 3] == '%') return 1;
    return i >= 2 && cbs_is_fragment_penultimate(p[i - 1])
        && (cbs_is_fragment_antepenultimate(p[i - 2]) || (i >= 4 && p[i - 4] == '%'));
}

#if defined(__SSE2__)
/* `cbs_may_end_fragment` (`escaped` 0) or `cbs_may_end_fragment_escaped` (1, a constant at
 * every call) of the sixteen bytes at `i`, as a byte mask; reads back from `i - 2` (`i - 4`
 * with `escaped`), so `i` must be at least that far into the text. */
static inline __attribute__((always_inline)) __m128i cbs_fragment_end_block(const uint8_t *p, long i, int escaped) {
    const __m128i fold = _mm_set1_epi8(0x20);
    const __m128i dash = _mm_set1_epi8(0x2d), underscore = _mm_set1_epi8(0x7f);
    __m128i f0 = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(p + i)), fold);
    __m128i f1 = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(p + i - 1)), fold);
    __m128i f2 = _mm_or_si128(_mm_loadu_si128((const __m128i *)(const void *)(p + i - 2)), fold);
    __m128i ends = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(f0, _mm_set1_epi8('t')), _mm_cmpeq_epi8(f0, _mm_set1_epi8('n'))),
                                _mm_cmpeq_epi8(f0, _mm_set1_epi8('d')));
    __m128i sep1 = _mm_or_si128(_mm_cmpeq_epi8(f1, dash), _mm_cmpeq_epi8(f1, underscore));
    __m128i sep2 = _mm_or_si128(_mm_cmpeq_epi8(f2, dash), _mm_cmpeq_epi8(f2, underscore));
    __m128i letter1 = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(f1, _mm_set1_epi8('e')), _mm_cmpeq_epi8(f1, _mm_set1_epi8('o'))),
                                   _mm_cmpeq_epi8(f1, _mm_set1_epi8('r')));
    __m128i letter2 = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(f2, _mm_set1_epi8('k')), _mm_cmpeq_epi8(f2, _mm_set1_epi8('r'))),
                                   _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(f2, _mm_set1_epi8('i')), _mm_cmpeq_epi8(f2, _mm_set1_epi8('o'))), sep2));
    if (escaped) {
        const __m128i percent = _mm_set1_epi8('%');
        sep1 = _mm_or_si128(sep1, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i - 3)), percent));
        letter2 = _mm_or_si128(letter2, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i - 4)), percent));
    }
    return _mm_and_si128(ends, _mm_or_si128(sep1, _mm_and_si128(letter1, letter2)));
}
#endif

/* For the secret-name prefilter: the offset of the first byte at or after `from`, below
 * `length`, that is a backslash, a `%`, or a possible end of a secret-name fragment; `length`
 * when there is none. Bytes before `from` count as the text before it.
 *
 * A possible end is a `t`, `n` or `d` (either case) whose byte before is `-` or `_`, or is the
 * fragment's letter before the last (`e`, `o`, `r`) with, before that, `-`, `_` or the letter
 * before it (`k` toke-n, `r` secr-e-t, `i` authorizat-i-o-n, `o` passw-o-r-d). Every true end
 * passes (separators are skipped when reading back, so a separator in either place passes);
 * ordinary words (`event`, `content`, `order`) mostly do not, so the backward read in
 * `cbs_fragment_end` runs rarely. Bytes are compared with 0x20 set, which only adds CR and DEL
 * to the separators, harmlessly. */
static inline long cbs_secret_scan(const uint8_t *p, long from, long length) {
    long i = from;
    /* The first two bytes lack the bytes before them the block test reads. */
    while (i < 2 && i < length) {
        if (p[i] == '\\' || p[i] == '%') return i;
        i++;
    }
#if defined(__SSE2__)
    const __m128i backslash = _mm_set1_epi8('\\'), percent = _mm_set1_epi8('%');
    while (i + 16 <= length) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i special = _mm_or_si128(_mm_cmpeq_epi8(v, backslash), _mm_cmpeq_epi8(v, percent));
        int mask = _mm_movemask_epi8(_mm_or_si128(cbs_fragment_end_block(p, i, 0), special));
        if (mask != 0) return i + __builtin_ctz((unsigned)mask);
        i += 16;
    }
#endif
    while (i < length) {
        if (p[i] == '\\' || p[i] == '%' || cbs_may_end_fragment(p, i)) return i;
        i++;
    }
    return length;
}

/* The value of an ASCII hex digit, -1 for any other byte. */
static inline int cbs_hex(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    uint8_t l = c | 0x20;
    if (l >= 'a' && l <= 'f') return l - 'a' + 10;
    return -1;
}

/* Whether the text up to offset `last`, read backwards with `-` and `_` skipped and ASCII upper
 * case folded to lower, ends with the `count` letters of `head`. With `decode`, a `%` and two hex
 * digits ending at a position read as the byte they encode (read backwards, an escape shows by
 * its end); callers pass a constant, so each inlined copy keeps only its own path. */
static inline __attribute__((always_inline)) int cbs_ends_with(const uint8_t *p, long last, const char *head, int count, int decode) {
    long j = last;
    int k = count - 1;
    while (k >= 0) {
        if (j < 0) return 0;
        uint8_t b = p[j];
        int hi, lo;
        if (decode && j >= 2 && p[j - 2] == '%' && (hi = cbs_hex(p[j - 1])) >= 0 && (lo = cbs_hex(b)) >= 0) {
            b = (uint8_t)(hi << 4 | lo);
            j -= 3;
        } else {
            j -= 1;
        }
        if (b == '-' || b == '_') continue;
        if (b >= 'A' && b <= 'Z') b |= 0x20;
        if (b != (uint8_t)head[k]) return 0;
        k--;
    }
    return 1;
}

/* Whether the byte `c` (decoded, when it came from an escape), with the text ending at `last`
 * before it, ends a fragment of a secret name; `decode` as for `cbs_ends_with`. */
static inline __attribute__((always_inline)) int cbs_fragment_end(uint8_t c, const uint8_t *p, long last, int decode) {
    if (c >= 'A' && c <= 'Z') c |= 0x20;
    switch (c) {
    case 't': return cbs_ends_with(p, last, "secre", 5, decode);
    case 'n': return cbs_ends_with(p, last, "toke", 4, decode) || cbs_ends_with(p, last, "authorizatio", 12, decode);
    case 'd': return cbs_ends_with(p, last, "passwor", 7, decode);
    default: return 0;
    }
}

/* The secret-name prefilter's pass over text: the offset of the first backslash, the first
 * `%`, or the first byte ending a secret-name fragment before them (no `%` comes before it, so
 * the text is read as it is); `length` when there is none. */
static inline long cbs_secret_prefilter(const uint8_t *p, long length) {
    long i = 0;
    for (;;) {
        long at = cbs_secret_scan(p, i, length);
        if (at >= length) return length;
        uint8_t c = p[at];
        if (c == '\\' || c == '%' || cbs_fragment_end(c, p, at - 1, 0)) return at;
        i = at + 1;
    }
}

/* The offset of the first byte at or after `from`, below `length`, that is not ASCII (0x80 or
 * above); `length` when there is none. Sixty-four bytes a step on long ASCII runs. */
static inline long cbs_ascii_run_end(const uint8_t *p, long from, long length) {
    long i = from;
#if defined(__SSE2__)
    while (i + 64 <= length) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 16));
        __m128i c = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 32));
        __m128i d = _mm_loadu_si128((const __m128i *)(const void *)(p + i + 48));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))) != 0) break;
        i += 64;
    }
    while (i + 16 <= length) {
        int mask = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i)));
        if (mask != 0) return i + __builtin_ctz((unsigned)mask);
        i += 16;
    }
#endif
    while (i < length && p[i] < 0x80) i++;
    return i;
}

/* The offset of the first byte at or after `from`, below `length`, equal to `a` or to `b`;
 * `length` when there is none (pass the same byte twice to look for one). */
static inline long cbs_find_either(const uint8_t *p, long from, long length, uint8_t a, uint8_t b) {
    long i = from;
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8((char)a), vb = _mm_set1_epi8((char)b);
    while (i + 16 <= length) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)));
        if (mask != 0) return i + __builtin_ctz((unsigned)mask);
        i += 16;
    }
#endif
    while (i < length && p[i] != a && p[i] != b) i++;
    return i;
}

/* Whether the byte at `at` is a hex digit of a `%XX` escape. */
static inline int cbs_is_in_escape(const uint8_t *p, long n, long at) {
    if (cbs_hex(p[at]) < 0) return 0;
    if (at >= 1 && p[at - 1] == '%' && at + 1 < n && cbs_hex(p[at + 1]) >= 0) return 1;
    return at >= 2 && p[at - 2] == '%' && cbs_hex(p[at - 1]) >= 0;
}

/* For text holding `%`: the offset of the first byte at or after `from`, below `length`, that
 * is a `t`, `n` or `d` (either case) that may end a secret-name fragment with escapes decoded;
 * `length` when there is none. As in `cbs_secret_scan`, the unit before it must be a
 * separator, or the fragment's letter before the last preceded by a separator or the letter
 * before that; here a unit may also be an escape, which shows by its `%` three bytes back
 * (`%6Fn`: the unit before `n` is `%6F`), and any escape there passes. */
static inline long cbs_find_fragment_end_candidate(const uint8_t *p, long from, long length) {
    long i = from;
    /* The first four bytes lack the bytes before them the block test reads. */
    while (i < 4 && i < length) {
        if (cbs_may_end_fragment_escaped(p, i)) return i;
        i++;
    }
#if defined(__SSE2__)
    while (i + 16 <= length) {
        int mask = _mm_movemask_epi8(cbs_fragment_end_block(p, i, 1));
        if (mask != 0) return i + __builtin_ctz((unsigned)mask);
        i += 16;
    }
#endif
    while (i < length && !cbs_may_end_fragment_escaped(p, i)) i++;
    return i;
}

/* The secret-name prefilter for text holding `%`: whether a fragment ends anywhere, escapes
 * decoded. Every escape is looked at (one decoding to `%` or a backslash answers 1: double
 * encoding), then every literal `t`, `n` or `d` that `cbs_find_fragment_end_candidate` lets
 * through and that is not a hex digit of an escape. */
static inline int cbs_secret_prefilter_escaped(const uint8_t *p, long n) {
    long at = 0;
    while ((at = cbs_find_either(p, at, n, '%', '%')) < n) {
        int hi, lo;
        if (at + 2 < n && (hi = cbs_hex(p[at + 1])) >= 0 && (lo = cbs_hex(p[at + 2])) >= 0) {
            uint8_t decoded = (uint8_t)(hi << 4 | lo);
            if (decoded == '%' || decoded == '\\') return 1;
            if (cbs_fragment_end(decoded, p, at - 1, 1)) return 1;
        }
        at++;
    }
    at = 0;
    while ((at = cbs_find_fragment_end_candidate(p, at, n)) < n) {
        if (!cbs_is_in_escape(p, n, at) && cbs_fragment_end(p[at], p, at - 1, 1)) return 1;
        at++;
    }
    return 0;
}

#endif
