/*
 * asset.h — a file compiled into the binary by tools/mkassets: the web UI,
 * the SQL migrations and the OpenAPI document.  Tables are sorted by path
 * so lookups are a binary search.
 */
#ifndef ASSET_H
#define ASSET_H

#include <stddef.h>

struct asset {
  const char *path;          /* relative path, e.g. "assets/index-3f2a.js" */
  const unsigned char *data; /* raw bytes (NUL-terminated for convenience) */
  size_t len;
  const unsigned char *gz;   /* gzip copy, or NULL when it would not help */
  size_t gz_len;
  const char *mime;          /* with charset for text types */
  const char *etag;          /* "\"<sha256 hex prefix>\"" */
  int immutable;             /* content-hashed name: cache for a year */
};

/* Finds path in a sorted table of n assets.  Returns: a table entry
 * (static) or NULL. */
const struct asset *asset_find(const struct asset *table, size_t n,
                               const char *path);

/* Generated tables (build/gen/NAME_assets.c). */
extern const struct asset web_assets[];
extern const size_t web_assets_count;
extern const struct asset sql_assets[];
extern const size_t sql_assets_count;
extern const struct asset doc_assets[];
extern const size_t doc_assets_count;

#endif
