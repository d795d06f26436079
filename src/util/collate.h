/* collate.h - Swedish alphabetical order (Å, Ä, Ö after Z) through ICU, the same on every
 * database back end. */
#ifndef SAMSYN_COLLATE_H
#define SAMSYN_COLLATE_H

#include <stddef.h>

/* Opens the Swedish collator; call once before threads start.  0 on success. */
int collate_init(void);
void collate_shutdown(void);

/* strcmp-like comparison of two UTF-8 strings in Swedish order. */
int collate_sv(const char *a, const char *b);

/* Sorts an array of pointers to structs by the string at key_offset in each struct. */
void collate_sort(void **items, size_t n, size_t key_offset);

#endif
