/*
 * ratelimit.c — striped token buckets (see ratelimit.h).
 */
#include "base/ratelimit.h"

#include <pthread.h>
#include <string.h>

#define RL_STRIPES 64
#define RL_KEY_MAX 80
#define RL_IDLE_MS 60000

struct bucket {
  struct bucket *next;
  double tokens;
  int64_t at;   /* ms of the last refill */
  int64_t used; /* ms of the last request */
  char key[RL_KEY_MAX];
};

struct stripe {
  pthread_mutex_t mu;
  struct bucket *head;
  int64_t swept; /* ms of the last sweep */
};

struct rl {
  double rate, burst;
  struct stripe s[RL_STRIPES];
};

struct rl *rl_new(double rate, double burst)
{
  struct rl *l = lx_calloc(1, sizeof *l);
  if (!l)
    return NULL;
  l->rate = rate;
  l->burst = burst < 1 ? 1 : burst;
  for (int i = 0; i < RL_STRIPES; i++)
    pthread_mutex_init(&l->s[i].mu, NULL);
  return l;
}

void rl_free(struct rl *l)
{
  if (!l)
    return;
  for (int i = 0; i < RL_STRIPES; i++) {
    struct bucket *b = l->s[i].head, *n;
    for (; b; b = n) {
      n = b->next;
      lx_free(b);
    }
    pthread_mutex_destroy(&l->s[i].mu);
  }
  lx_free(l);
}

static unsigned hash(const char *k)
{
  unsigned h = 2166136261u; /* FNV-1a */
  for (; *k; k++)
    h = (h ^ (unsigned char)*k) * 16777619u;
  return h;
}

/* Refills b to now. */
static void refill(const struct rl *l, struct bucket *b, int64_t now)
{
  if (now > b->at) {
    b->tokens += (double)(now - b->at) / 1000.0 * l->rate;
    if (b->tokens > l->burst)
      b->tokens = l->burst;
    b->at = now;
  }
}

/* Drops buckets that have been full and idle for a while (under the
 * stripe's mutex). */
static void sweep(const struct rl *l, struct stripe *st, int64_t now)
{
  struct bucket **pp = &st->head;
  st->swept = now;
  while (*pp) {
    struct bucket *b = *pp;
    refill(l, b, now);
    if (b->tokens >= l->burst && now - b->used > RL_IDLE_MS) {
      *pp = b->next;
      lx_free(b);
    } else {
      pp = &b->next;
    }
  }
}

int rl_take(struct rl *l, const char *key, int64_t now_ms, int *retry_after_s)
{
  struct stripe *st;
  struct bucket *b;
  int ok;
  if (!l || l->rate <= 0)
    return 1;
  st = &l->s[hash(key) % RL_STRIPES];
  pthread_mutex_lock(&st->mu);
  if (now_ms - st->swept > RL_IDLE_MS)
    sweep(l, st, now_ms);
  for (b = st->head; b; b = b->next)
    if (!strncmp(b->key, key, RL_KEY_MAX - 1))
      break;
  if (!b) {
    b = lx_calloc(1, sizeof *b);
    if (!b) {
      pthread_mutex_unlock(&st->mu);
      return 1; /* out of memory: do not lock everyone out */
    }
    strncpy(b->key, key, RL_KEY_MAX - 1);
    b->tokens = l->burst;
    b->at = now_ms;
    b->next = st->head;
    st->head = b;
  }
  refill(l, b, now_ms);
  b->used = now_ms;
  ok = b->tokens >= 1.0;
  if (ok)
    b->tokens -= 1.0;
  else if (retry_after_s) {
    double wait = (1.0 - b->tokens) / l->rate;
    int s = (int)wait;
    *retry_after_s = s < wait ? s + 1 : s;
    if (*retry_after_s < 1)
      *retry_after_s = 1;
  }
  pthread_mutex_unlock(&st->mu);
  return ok;
}
