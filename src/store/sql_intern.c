/*
 * sql_intern.c — a process-wide set of SQL texts with stable addresses
 * (see sql_intern.h).  Open addressing on a FNV-1a hash under one mutex;
 * entries are never removed, so a returned pointer stays valid.
 */
#include "store/sql_intern.h"

#include "base/lx.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define SLOTS (SQL_INTERN_MAX * 2)

static struct {
  pthread_mutex_t mu;
  int n;
  char *slot[SLOTS];
} tab = {PTHREAD_MUTEX_INITIALIZER, 0, {0}};

static uint32_t fnv1a(const char *s)
{
  uint32_t h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

const char *store_sql_intern(const char *sql)
{
  uint32_t i = fnv1a(sql) % SLOTS;
  const char *out = NULL;
  pthread_mutex_lock(&tab.mu);
  for (;;) {
    if (!tab.slot[i]) {
      if (tab.n < SQL_INTERN_MAX) {
        tab.slot[i] = lx_strdup(sql);
        tab.n++;
        out = tab.slot[i];
      }
      break;
    }
    if (strcmp(tab.slot[i], sql) == 0) {
      out = tab.slot[i];
      break;
    }
    i = (i + 1) % SLOTS;
  }
  pthread_mutex_unlock(&tab.mu);
  return out;
}
