/* rows.h - reading a whole list and putting it in Swedish alphabetical order. */
#ifndef SAMSYN_ROWS_H
#define SAMSYN_ROWS_H

#include <stddef.h>

#include "domain/tx.h"

/* Runs sql (without parameters) and makes each row into a new item_size-byte struct in
 * tx->arena with from_row; *out (in the arena too) lists them sorted by the string
 * found at name_offset in each struct. */
int rows_sorted(struct tx *tx, const char *sql, size_t item_size,
		void (*from_row)(struct tx *, struct db_stmt *, void *), size_t name_offset,
		void ***out, size_t *count, struct err *e);

#endif
