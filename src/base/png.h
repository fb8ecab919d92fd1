/*
 * png.h — encodes an 8-bit grayscale raster as a PNG file (zlib does the
 * deflate and the CRC; the container is a handful of chunks).  Used for
 * the login CAPTCHA image.
 */
#ifndef PNG_H
#define PNG_H

#include "base/lx.h"

#include <stddef.h>
#include <stdint.h>

/* Encodes w × h pixels (row-major, one byte each, 0 = black) as a PNG.
 * rc: LX_OK with *out (lx_malloc'd, the caller frees with lx_free) and
 * *out_len; LX_EINVAL for a size of 0 or over 4096; LX_ENOMEM. */
LX_MUST_CHECK int png_gray(const uint8_t *pix, int w, int h, uint8_t **out,
                           size_t *out_len);

#endif
