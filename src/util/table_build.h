/* table_build.h - what csv.c and xlsx.c share to build a struct table; not for callers of
 * table.h.
 *
 * A builder collects a row's cells in heap vectors and copies each finished row into the
 * arena, so the arena holds no half-grown arrays; it enforces the limits of table.h and
 * writes their Swedish messages. */
#ifndef SAMSYN_TABLE_BUILD_H
#define SAMSYN_TABLE_BUILD_H

#include <stddef.h>

#include "util/arena.h"
#include "util/table.h"

struct table_builder {
	struct arena *arena;
	struct table_error *err;
	struct table_row *rows; /* heap, rows_cap long */
	size_t nrows, rows_cap;
	const char **cells; /* heap: the row being built */
	size_t ncells, cells_cap;
	size_t total_cells;
	size_t total_bytes; /* of text, each cell counted, shared or not */
};

void table_builder_init(struct table_builder *b, struct arena *a, struct table_error *err);
/* Frees the heap vectors; the arena keeps what was copied into it. */
void table_builder_release(struct table_builder *b);

/* Adds a cell of n bytes to the current row, copied into the arena.  line and column
 * place the cell for messages.  SAMSYN_EINVAL (err set) when the text is not valid UTF-8
 * or holds a NUL, the cell is longer than TABLE_MAX_CELL_BYTES or the row would pass
 * TABLE_MAX_COLUMNS; SAMSYN_ETOOBIG past TABLE_MAX_CELLS or TABLE_MAX_TEXT_BYTES. */
int table_builder_cell(struct table_builder *b, const char *text, size_t n, int line, int column);

/* Adds a cell whose text of n bytes is already in the arena (or static) and already
 * checked: a shared string that many cells use, kept once.  The same limits but the cell's
 * length; its n bytes count towards TABLE_MAX_TEXT_BYTES each time. */
int table_builder_cell_ref(struct table_builder *b, const char *text, size_t n, int line,
			   int column);

/* Adds empty cells until the current row has column - 1 cells; the same limits. */
int table_builder_pad(struct table_builder *b, size_t column, int line);

/* Ends the current row, which began on line.  SAMSYN_ETOOBIG past TABLE_MAX_ROWS. */
int table_builder_end_row(struct table_builder *b, int line);

/* Leaves out the blank rows at the end and fills *out from the arena. */
void table_builder_finish(struct table_builder *b, struct table *out);

/* Fills err (if non-NULL) and returns code. */
int table_error_set(struct table_error *err, int code, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif
