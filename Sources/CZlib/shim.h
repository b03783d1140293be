#ifndef DECLAUDIT_CZLIB_SHIM_H
#define DECLAUDIT_CZLIB_SHIM_H
#include <zlib.h>

// inflateInit2 is a macro; Swift cannot call it directly.
static inline int declaudit_inflateInit2(z_stream *stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
#endif
