#include <stdlib.h>
#include "cisal.h"

struct inflate_state *cisal_gzip_inflater_new(void) {
    struct inflate_state *state = malloc(sizeof(struct inflate_state));
    if (state == NULL) return NULL;
    isal_inflate_init(state);
    state->crc_flag = ISAL_GZIP_NO_HDR_VER;
    return state;
}

void cisal_gzip_inflater_next_member(struct inflate_state *state) {
    isal_inflate_reset(state);
    state->crc_flag = ISAL_GZIP_NO_HDR_VER;
}

void cisal_gzip_inflater_free(struct inflate_state *state) {
    free(state);
}
