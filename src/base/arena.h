/*
 * arena.h — a bump allocator that owns everything a request (or any other
 * short task) allocates; one arena_free releases it all.
 *
 * Not thread-safe: one arena belongs to one thread at a time.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena;

/* Creates an empty arena.  Returns: caller frees with arena_free(). */
struct arena *arena_new(void);

/* Frees the arena and every block it handed out.  NULL is allowed. */
void arena_free(struct arena *a);

/* Returns n bytes aligned for any type, never NULL (OOM aborts).
 * Returns: arena-owned; valid until arena_free. */
void *arena_alloc(struct arena *a, size_t n);

/* Zeroed arena_alloc.  Returns: arena-owned. */
void *arena_zalloc(struct arena *a, size_t n);

/* Copies s (or its first n bytes) plus a NUL.  Returns: arena-owned. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* printf into the arena.  Returns: arena-owned. */
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Total bytes handed out (for tests and metrics). */
size_t arena_used(const struct arena *a);

#endif
