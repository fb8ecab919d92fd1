/*
 * png.c — grayscale PNG encoding over zlib (see png.h).
 */
#include "base/png.h"

#include <string.h>
#include <zlib.h>

static void be32(uint8_t *p, uint32_t v)
{
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

/* Appends a chunk (length, type, data, CRC of type + data) at *pos. */
static void chunk(uint8_t *buf, size_t *pos, const char *type,
                  const uint8_t *data, uint32_t n)
{
  uint8_t *p = buf + *pos;
  uLong crc;
  be32(p, n);
  memcpy(p + 4, type, 4);
  if (n)
    memcpy(p + 8, data, n);
  crc = crc32(0L, p + 4, 4 + n);
  be32(p + 8 + n, (uint32_t)crc);
  *pos += 12 + n;
}

int png_gray(const uint8_t *pix, int w, int h, uint8_t **out, size_t *out_len)
{
  static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  size_t raw_len, pos = 0;
  uLongf z_len;
  uint8_t *raw, *z, *buf, ihdr[13];
  *out = NULL;
  *out_len = 0;
  if (w <= 0 || h <= 0 || w > 4096 || h > 4096)
    return LX_EINVAL;
  raw_len = (size_t)h * ((size_t)w + 1);
  raw = lx_malloc(raw_len);
  z_len = compressBound((uLong)raw_len);
  z = lx_malloc(z_len);
  if (!raw || !z) {
    lx_free(raw);
    lx_free(z);
    return LX_ENOMEM;
  }
  for (int y = 0; y < h; y++) {
    raw[(size_t)y * ((size_t)w + 1)] = 0; /* filter: none */
    memcpy(raw + (size_t)y * ((size_t)w + 1) + 1, pix + (size_t)y * (size_t)w,
           (size_t)w);
  }
  if (compress2(z, &z_len, raw, (uLong)raw_len, 9) != Z_OK) {
    lx_free(raw);
    lx_free(z);
    return LX_ENOMEM;
  }
  lx_free(raw);
  buf = lx_malloc(sizeof sig + 3 * 12 + sizeof ihdr + z_len);
  if (!buf) {
    lx_free(z);
    return LX_ENOMEM;
  }
  memcpy(buf, sig, sizeof sig);
  pos = sizeof sig;
  be32(ihdr, (uint32_t)w);
  be32(ihdr + 4, (uint32_t)h);
  ihdr[8] = 8;  /* bit depth */
  ihdr[9] = 0;  /* grayscale */
  ihdr[10] = 0; /* deflate */
  ihdr[11] = 0; /* adaptive filtering */
  ihdr[12] = 0; /* no interlace */
  chunk(buf, &pos, "IHDR", ihdr, sizeof ihdr);
  chunk(buf, &pos, "IDAT", z, (uint32_t)z_len);
  chunk(buf, &pos, "IEND", NULL, 0);
  lx_free(z);
  *out = buf;
  *out_len = pos;
  return LX_OK;
}
