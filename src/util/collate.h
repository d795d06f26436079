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

/* Case-folds UTF-8 text (Å and å alike) into out, for matching names; false when the
 * text is not UTF-8 or does not fit in n bytes. */
#include <stdbool.h>
bool collate_fold(const char *in, char *out, size_t n);

#endif
