/*
 * asset.c — binary search over a generated, path-sorted asset table.
 */
#include "base/asset.h"

#include <string.h>

const struct asset *asset_find(const struct asset *table, size_t n,
                               const char *path)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(path, table[mid].path);
    if (c == 0)
      return &table[mid];
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}
