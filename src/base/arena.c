/*
 * arena.c — chunked bump allocator.  Small requests are carved from 8 KiB
 * (growing) blocks; a request larger than a quarter block gets a block of
 * its own.  Everything is released by arena_free.
 */
#include "base/arena.h"

#include "base/lx.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define ALIGN 16
#define FIRST_BLOCK 8192

struct block {
  struct block *next;
  size_t cap;
  size_t used;
  _Alignas(16) unsigned char data[];
};

struct arena {
  struct block *head;
  size_t total;
};

struct arena *arena_new(void)
{
  return lx_calloc(1, sizeof(struct arena));
}

void arena_free(struct arena *a)
{
  struct block *b, *next;
  if (!a)
    return;
  for (b = a->head; b; b = next) {
    next = b->next;
    lx_free(b);
  }
  lx_free(a);
}

static struct block *new_block(size_t cap)
{
  struct block *b = lx_malloc(sizeof *b + cap);
  b->next = NULL;
  b->cap = cap;
  b->used = 0;
  return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
  struct block *b = a->head;
  size_t need = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
  if (need == 0)
    need = ALIGN;
  a->total += need;
  if (b && b->cap - b->used >= need) {
    void *p = b->data + b->used;
    b->used += need;
    return p;
  }
  {
    size_t cap = b ? b->cap * 2 : FIRST_BLOCK;
    if (cap > 1024 * 1024)
      cap = 1024 * 1024;
    if (need > cap / 4) {
      /* big request: own block, linked behind the current head */
      struct block *big = new_block(need);
      big->used = need;
      if (b) {
        big->next = b->next;
        b->next = big;
      } else {
        a->head = big;
      }
      return big->data;
    }
    b = new_block(cap);
    b->next = a->head;
    a->head = b;
    b->used = need;
    return b->data;
  }
}

void *arena_zalloc(struct arena *a, size_t n)
{
  void *p = arena_alloc(a, n);
  memset(p, 0, n);
  return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
  char *p = arena_alloc(a, n + 1);
  if (n)
    memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
  return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
  va_list ap, ap2;
  int n;
  char *p;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    n = 0;
  p = arena_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return p;
}

size_t arena_used(const struct arena *a)
{
  return a->total;
}
