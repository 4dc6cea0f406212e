#ifndef CISAL_H
#define CISAL_H
#include <stdint.h>
#include <isa-l/igzip_lib.h>
#include <isa-l/crc.h>

/* Intel ISA-L's inflate (Debian: libisal-dev), a drop-in for zlib's that decodes several times
   faster. These helpers keep the ~45 KB state off the Swift stack and hide its wrapper flags. */

/* A new inflater for the deflate data of one gzip member (RFC 1952), the header already read,
   the trailer's CRC-32 and ISIZE checked. NULL when out of memory. */
struct inflate_state *cisal_gzip_inflater_new(void);

/* Ready the inflater for the next gzip member of a multi-member stream. */
void cisal_gzip_inflater_next_member(struct inflate_state *state);

void cisal_gzip_inflater_free(struct inflate_state *state);

/* Nonzero once the member's trailer has been read and checked. */
static inline int cisal_member_finished(const struct inflate_state *state) {
    return state->block_state == ISAL_BLOCK_FINISH;
}
#endif
