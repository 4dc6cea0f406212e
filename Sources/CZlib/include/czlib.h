#ifndef CZLIB_H
#define CZLIB_H
#include <zlib.h>

/* zlib's init functions are macros over versioned symbols; Swift cannot call macros. */

/* Inflate that accepts a gzip member (windowBits 15 + 16). */
static inline int czlib_inflate_init_gzip(z_stream *strm) {
    return inflateInit2(strm, 15 + 16);
}

/* Deflate that writes one gzip member (windowBits 15 + 16) at the given level. */
static inline int czlib_deflate_init_gzip(z_stream *strm, int level) {
    return deflateInit2(strm, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
#endif
