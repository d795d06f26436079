/* table.c - what the CSV and XLSX readers share: choosing the reader, building the table
 * within its limits, and the small helpers of table.h. */
#include "util/table.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/table_build.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Every empty cell points here, so a sheet of empty cells costs only its pointers. */
static const char table_empty[] = "";

static int builder_reserve_cell(struct table_builder *b, int line, int column);
static int builder_count_text(struct table_builder *b, size_t n, int line, int column);

int
table_read(const void *data, size_t n, struct arena *a, struct table *out, struct table_error *err)
{
	static const unsigned char zip_magic[4] = {'P', 'K', 0x03, 0x04};
	/* The compound document format of Excel 97-2003 (.xls). */
	static const unsigned char xls_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

	if (n >= sizeof(zip_magic) && memcmp(data, zip_magic, sizeof(zip_magic)) == 0)
		return table_read_xlsx(data, n, a, out, err);
	if (n >= sizeof(xls_magic) && memcmp(data, xls_magic, sizeof(xls_magic)) == 0) {
		out->nrows = 0;
		out->rows = NULL;
		return table_error_set(err, SAMSYN_EINVAL, 0, 0,
				       "Filen är en äldre Excel-fil (.xls). Spara den som "
				       "Excel-arbetsbok (.xlsx) eller CSV och försök igen.");
	}
	return table_read_csv(data, n, a, out, err);
}

const char *
table_cell(const struct table_row *r, size_t i)
{
	return i < r->ncells ? r->cells[i] : table_empty;
}

size_t
table_row_width(const struct table_row *r)
{
	size_t width = r->ncells;

	while (width > 0 && r->cells[width - 1][0] == '\0')
		width--;
	return width;
}

bool
table_row_blank(const struct table_row *r)
{
	return table_row_width(r) == 0;
}

int
table_error_set(struct table_error *err, int code, int line, int column, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->line = line;
	err->column = column;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

void
table_builder_init(struct table_builder *b, struct arena *a, struct table_error *err)
{
	memset(b, 0, sizeof(*b));
	b->arena = a;
	b->err = err;
}

void
table_builder_release(struct table_builder *b)
{
	free(b->rows);
	free(b->cells);
	b->rows = NULL;
	b->cells = NULL;
	b->nrows = b->rows_cap = b->ncells = b->cells_cap = 0;
}

int
table_builder_cell(struct table_builder *b, const char *text, size_t n, int line, int column)
{
	char num[ERR_NUMBER_LEN];
	int rc;

	if (n > TABLE_MAX_CELL_BYTES)
		return table_error_set(b->err, SAMSYN_EINVAL, line, column,
				       "Cellen på rad %d, kolumn %d är för lång: högst %s "
				       "byte får plats.",
				       line, column, err_number(num, TABLE_MAX_CELL_BYTES));
	if (!utf8_valid(text, n))
		return table_error_set(b->err, SAMSYN_EINVAL, line, column,
				       "Texten på rad %d, kolumn %d går inte att läsa: den är "
				       "inte UTF-8 eller Windows-1252.",
				       line, column);
	if ((rc = builder_count_text(b, n, line, column)) != SAMSYN_OK ||
	    (rc = builder_reserve_cell(b, line, column)) != SAMSYN_OK)
		return rc;
	b->cells[b->ncells++] = n ? arena_strndup(b->arena, text, n) : table_empty;
	return SAMSYN_OK;
}

int
table_builder_cell_ref(struct table_builder *b, const char *text, size_t n, int line,
		       int column)
{
	int rc;

	if ((rc = builder_count_text(b, n, line, column)) != SAMSYN_OK ||
	    (rc = builder_reserve_cell(b, line, column)) != SAMSYN_OK)
		return rc;
	b->cells[b->ncells++] = text[0] ? text : table_empty;
	return SAMSYN_OK;
}

int
table_builder_pad(struct table_builder *b, size_t column, int line)
{
	int rc;

	while (b->ncells + 1 < column) {
		if ((rc = builder_reserve_cell(b, line, (int)b->ncells + 1)) != SAMSYN_OK)
			return rc;
		b->cells[b->ncells++] = table_empty;
	}
	return SAMSYN_OK;
}

int
table_builder_end_row(struct table_builder *b, int line)
{
	struct table_row *row;

	if (b->nrows >= TABLE_MAX_ROWS)
		return table_error_set(b->err, SAMSYN_ETOOBIG, line, 0,
				       "Rad %d: filen har fler än " TABLE_MAX_ROWS_TEXT " rader, "
				       "fler än ett kalkylblad kan ha.",
				       line);
	if (b->nrows == b->rows_cap) {
		b->rows_cap = b->rows_cap ? b->rows_cap * 2 : 64;
		b->rows = xrealloc(b->rows, b->rows_cap * sizeof(*b->rows));
	}
	row = &b->rows[b->nrows++];
	row->line = line;
	row->ncells = b->ncells;
	row->cells = NULL;
	if (b->ncells) {
		row->cells = arena_alloc(b->arena, b->ncells * sizeof(*row->cells));
		memcpy(row->cells, b->cells, b->ncells * sizeof(*row->cells));
	}
	b->ncells = 0;
	return SAMSYN_OK;
}

void
table_builder_finish(struct table_builder *b, struct table *out)
{
	while (b->nrows > 0 && table_row_blank(&b->rows[b->nrows - 1]))
		b->nrows--;
	out->nrows = b->nrows;
	out->rows = NULL;
	if (b->nrows) {
		out->rows = arena_alloc(b->arena, b->nrows * sizeof(*out->rows));
		memcpy(out->rows, b->rows, b->nrows * sizeof(*out->rows));
	}
}

static int
builder_reserve_cell(struct table_builder *b, int line, int column)
{
	if (b->ncells >= TABLE_MAX_COLUMNS)
		return table_error_set(b->err, SAMSYN_EINVAL, line, column,
				       "Rad %d har fler än %d celler.", line, TABLE_MAX_COLUMNS);
	if (b->total_cells >= TABLE_MAX_CELLS)
		return table_error_set(b->err, SAMSYN_ETOOBIG, line, column,
				       "Rad %d, kolumn %d: filen har fler än " TABLE_MAX_CELLS_TEXT
				       " celler.",
				       line, column);
	if (b->ncells == b->cells_cap) {
		b->cells_cap = b->cells_cap ? b->cells_cap * 2 : 16;
		b->cells = xrealloc(b->cells, b->cells_cap * sizeof(*b->cells));
	}
	b->total_cells++;
	return SAMSYN_OK;
}

/* Counts a cell's n bytes of text towards TABLE_MAX_TEXT_BYTES, a shared text as often as
 * cells use it: what a caller going through the cells will have to read. */
static int
builder_count_text(struct table_builder *b, size_t n, int line, int column)
{
	if (n > TABLE_MAX_TEXT_BYTES - b->total_bytes)
		return table_error_set(b->err, SAMSYN_ETOOBIG, line, column,
				       "Rad %d: filen har mer än " TABLE_MAX_TEXT_TEXT " text, "
				       "räknat cell för cell (en text som används i flera celler "
				       "räknas en gång för varje cell). Dela upp filen.",
				       line);
	b->total_bytes += n;
	return SAMSYN_OK;
}
