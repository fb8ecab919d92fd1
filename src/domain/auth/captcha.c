/*
 * captcha.c — login CAPTCHA challenges (see captcha.h).
 */
#include "domain/auth/captcha.h"

#include "base/digest.h"
#include "base/png.h"
#include "base/rand.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define W 120
#define H 40

/* 5 × 7 digits, one row per byte, bit 4 = left column. */
static const uint8_t font[10][7] = {
    {0x0e, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0e}, /* 0 */
    {0x04, 0x0c, 0x04, 0x04, 0x04, 0x04, 0x0e}, /* 1 */
    {0x0e, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1f}, /* 2 */
    {0x1f, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0e}, /* 3 */
    {0x02, 0x06, 0x0a, 0x12, 0x1f, 0x02, 0x02}, /* 4 */
    {0x1f, 0x10, 0x1e, 0x01, 0x01, 0x11, 0x0e}, /* 5 */
    {0x06, 0x08, 0x10, 0x1e, 0x11, 0x11, 0x0e}, /* 6 */
    {0x1f, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}, /* 7 */
    {0x0e, 0x11, 0x11, 0x0e, 0x11, 0x11, 0x0e}, /* 8 */
    {0x0e, 0x11, 0x11, 0x0f, 0x01, 0x02, 0x0c}, /* 9 */
};

struct slot {
  char id[AUTH_CAPTCHA_ID_LEN + 1];
  char answer[AUTH_CAPTCHA_DIGITS + 1];
  int64_t expires;
};

static struct {
  pthread_mutex_t mu;
  struct slot s[AUTH_CAPTCHA_SLOTS];
  unsigned next;
} C = {PTHREAD_MUTEX_INITIALIZER, {{{0}, {0}, 0}}, 0};

/* Random integer in [lo, hi] from the pool r (refilled as needed). */
struct rnd {
  uint8_t b[8192];
  size_t i;
  int failed;
};

static int pick(struct rnd *r, int lo, int hi)
{
  unsigned v;
  if (r->i + 2 > sizeof r->b) {
    if (rand_bytes(r->b, sizeof r->b) != LX_OK)
      r->failed = 1;
    r->i = 0;
  }
  v = (unsigned)r->b[r->i] << 8 | r->b[r->i + 1];
  r->i += 2;
  return lo + (int)(v % (unsigned)(hi - lo + 1));
}

static void plot(uint8_t *img, int x, int y, uint8_t v)
{
  if (x >= 0 && x < W && y >= 0 && y < H && img[y * W + x] > v)
    img[y * W + x] = v;
}

static void line(uint8_t *img, int x0, int y0, int x1, int y1, uint8_t v)
{
  int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
  int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1, e = dx + dy;
  for (;;) {
    int e2 = 2 * e;
    plot(img, x0, y0, v);
    if (x0 == x1 && y0 == y1)
      break;
    if (e2 >= dy) {
      e += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      e += dx;
      y0 += sy;
    }
  }
}

/* Draws the digits into img with noise. */
static void draw(uint8_t *img, const char *digits, struct rnd *r)
{
  for (int i = 0; i < W * H; i++)
    img[i] = (uint8_t)pick(r, 215, 255);
  for (int k = 0; k < AUTH_CAPTCHA_DIGITS; k++) {
    const uint8_t *g = font[digits[k] - '0'];
    int x0 = 10 + k * 26 + pick(r, -3, 3), y0 = 5 + pick(r, -3, 3);
    int shear = pick(r, -4, 4); /* tenths of a pixel per pixel of height */
    int sx = pick(r, 3, 4), sy = 4;
    uint8_t ink = (uint8_t)pick(r, 20, 90);
    for (int gy = 0; gy < 7; gy++)
      for (int gx = 0; gx < 5; gx++) {
        if (!(g[gy] & (0x10 >> gx)))
          continue;
        for (int py = 0; py < sy; py++)
          for (int px = 0; px < sx; px++) {
            int y = y0 + gy * sy + py;
            int x = x0 + gx * sx + px + shear * (y - y0 - 14) / 10;
            plot(img, x, y, ink);
          }
      }
  }
  for (int k = 0; k < 4; k++)
    line(img, pick(r, 0, W - 1), pick(r, 0, H - 1), pick(r, 0, W - 1),
         pick(r, 0, H - 1), (uint8_t)pick(r, 60, 140));
  for (int k = 0; k < 180; k++)
    plot(img, pick(r, 0, W - 1), pick(r, 0, H - 1), (uint8_t)pick(r, 40, 160));
}

int auth_captcha_new(int64_t now_ms, char id[AUTH_CAPTCHA_ID_LEN + 1],
                     uint8_t **png, size_t *png_len, char *answer)
{
  struct rnd r = {{0}, sizeof r.b, 0};
  char digits[AUTH_CAPTCHA_DIGITS + 1];
  uint8_t img[W * H];
  int rc;
  *png = NULL;
  *png_len = 0;
  rc = rand_token_hex(id, AUTH_CAPTCHA_ID_LEN + 1, AUTH_CAPTCHA_ID_LEN / 2);
  if (rc)
    return rc;
  for (int k = 0; k < AUTH_CAPTCHA_DIGITS; k++)
    digits[k] = (char)('0' + pick(&r, 0, 9));
  digits[AUTH_CAPTCHA_DIGITS] = 0;
  draw(img, digits, &r);
  if (r.failed)
    return LX_EIO;
  rc = png_gray(img, W, H, png, png_len);
  if (rc)
    return rc;
  pthread_mutex_lock(&C.mu);
  {
    struct slot *s = &C.s[C.next++ % AUTH_CAPTCHA_SLOTS];
    memcpy(s->id, id, AUTH_CAPTCHA_ID_LEN + 1);
    memcpy(s->answer, digits, sizeof digits);
    s->expires = now_ms + AUTH_CAPTCHA_TTL_MS;
  }
  pthread_mutex_unlock(&C.mu);
  if (answer)
    memcpy(answer, digits, sizeof digits);
  explicit_bzero(digits, sizeof digits);
  return LX_OK;
}

int auth_captcha_check(const char *id, const char *answer, int64_t now_ms)
{
  char want[AUTH_CAPTCHA_DIGITS + 1] = "";
  char got[AUTH_CAPTCHA_DIGITS + 1];
  int found = 0, ok;
  size_t n;
  if (!id || !answer || strlen(id) != AUTH_CAPTCHA_ID_LEN)
    return 0;
  pthread_mutex_lock(&C.mu);
  for (unsigned i = 0; i < AUTH_CAPTCHA_SLOTS; i++) {
    struct slot *s = &C.s[i];
    if (s->id[0] && !memcmp(s->id, id, AUTH_CAPTCHA_ID_LEN)) {
      found = s->expires > now_ms;
      memcpy(want, s->answer, sizeof want);
      memset(s, 0, sizeof *s); /* spent, right or wrong */
      break;
    }
  }
  pthread_mutex_unlock(&C.mu);
  while (*answer == ' ')
    answer++;
  n = strcspn(answer, " ");
  if (!found || n != AUTH_CAPTCHA_DIGITS || answer[n + strspn(answer + n, " ")])
    return 0;
  memcpy(got, answer, n);
  got[n] = 0;
  ok = digest_equal(got, want, AUTH_CAPTCHA_DIGITS);
  explicit_bzero(want, sizeof want);
  return ok;
}
