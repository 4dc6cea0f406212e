/* The searches are inline functions in include/cbytescan.h; a C target needs one source file. */
#include "cbytescan.h"
