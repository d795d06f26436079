/* fuzz_csv.c - CSV as an uploaded activity plan: any bytes, any encoding.
 *
 * Beyond not crashing: an error names a place and has a message; a table that reads has
 * only valid UTF-8 cells, rows in line order and no blank rows at its end, and written
 * back as CSV it reads again to the same cells. */
#include <stdint.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/table.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool table_holds_together(const struct table *t);
static bool same_cells(const struct table *a, const struct table *b);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct table t, back;
	struct table_error err;
	struct buf csv;
	int rc;

	arena_init(&a);
	buf_init(&csv, BUF_MAX_DEFAULT);
	rc = table_read_csv((const char *)data, size, &a, &t, &err);
	if (rc != SAMSYN_OK) {
		if (err.message[0] == '\0' || err.line < 0 || err.column < 0 || t.nrows != 0)
			__builtin_trap();
	} else {
		if (!table_holds_together(&t))
			__builtin_trap();
		if (table_write_csv(&t, &csv) != SAMSYN_OK)
			__builtin_trap();
		if (table_read_csv(csv.data, csv.len, &a, &back, &err) != SAMSYN_OK ||
		    !same_cells(&t, &back))
			__builtin_trap();
	}
	/* The sniffing entry point on the same bytes. */
	(void)table_read(data, size, &a, &t, &err);
	buf_release(&csv);
	arena_release(&a);
	return 0;
}

static bool
table_holds_together(const struct table *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		const struct table_row *r = &t->rows[i];

		if (r->line < 1 || (i > 0 && r->line <= t->rows[i - 1].line))
			return false;
		for (size_t j = 0; j < r->ncells; j++)
			if (r->cells[j] == NULL || !utf8_valid(r->cells[j], strlen(r->cells[j])))
				return false;
	}
	return t->nrows == 0 || !table_row_blank(&t->rows[t->nrows - 1]);
}

static bool
same_cells(const struct table *a, const struct table *b)
{
	if (a->nrows != b->nrows)
		return false;
	for (size_t i = 0; i < a->nrows; i++) {
		if (a->rows[i].ncells != b->rows[i].ncells)
			return false;
		for (size_t j = 0; j < a->rows[i].ncells; j++)
			if (strcmp(a->rows[i].cells[j], b->rows[i].cells[j]) != 0)
				return false;
	}
	return true;
}
