/* arena.h - a request's memory: many small allocations, freed together at the end. */
#ifndef SAMSYN_ARENA_H
#define SAMSYN_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
};

void arena_init(struct arena *a);
/* Frees every allocation made from the arena. */
void arena_release(struct arena *a);

void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Room for one more element in an array grown by doubling: returns old while n < *cap;
 * else sets *cap to twice itself (16 when 0) and returns a new block of *cap elements of
 * size bytes holding the first n of old.  The old block stays in the arena until release. */
void *arena_grow(struct arena *a, void *old, size_t n, size_t *cap, size_t size);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
