#include "domain/rows.h"

#include <stdlib.h>
#include <string.h>

#include "util/collate.h"
#include "util/xalloc.h"

int
rows_sorted(struct tx *tx, const char *sql, size_t item_size,
	    void (*from_row)(struct tx *, struct db_stmt *, void *), size_t name_offset,
	    void ***out, size_t *count, struct err *e)
{
	struct db_stmt *st = NULL;
	void **items = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = db_prepare(tx->db, sql, &st, e)) != SAMSYN_OK)
		goto cleanup;
	while ((rc = db_step(st, e)) == DB_ROW) {
		void *item = arena_alloc(tx->arena, item_size);

		from_row(tx, st, item);
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			items = xrealloc(items, cap * sizeof(*items));
		}
		items[n++] = item;
	}
	if (rc != DB_DONE)
		goto cleanup;
	rc = SAMSYN_OK;
	collate_sort(items, n, name_offset);
	*out = arena_alloc(tx->arena, (n ? n : 1) * sizeof(*items));
	if (n)
		memcpy(*out, items, n * sizeof(*items));
	*count = n;
cleanup:
	db_finalize(st);
	free(items);
	return rc;
}
