/* csv.c - reading and writing the semicolon-separated CSV that Swedish Excel saves.
 *
 * The syntax characters (';', '"', CR, LF) are ASCII, and an ASCII byte means the same in
 * UTF-8 and in Windows-1252, so one parser reads both: the encoding is chosen once for the
 * whole file and only decides how each cell's other bytes become UTF-8. */
#include "util/table.h"

#include <stdint.h>
#include <string.h>

#include "util/table_build.h"
#include "util/utf8.h"

#define CSV_SEPARATOR ';'
#define CSV_QUOTE '"'
/* Excel's mark of a cell that is text whatever it begins with. */
#define CSV_GUARD '\''
/* What a spreadsheet may take for the start of a formula (=, +, -, @) or use to hide one
 * (a tab, a line break at the start of a cell). */
#define CSV_FORMULA_START "=+-@\t\r\n"

static const unsigned char utf8_bom[3] = {0xEF, 0xBB, 0xBF};

/* Windows-1252 bytes 0x80-0x9F as code points; 0 where the code page has no character.
 * 0xA0-0xFF are Latin-1, the same number as the code point. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, /* 0x80 */
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,      /* 0x88 */
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, /* 0x90 */
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178, /* 0x98 */
};

struct csv {
	const unsigned char *data;
	size_t n, pos;
	int line; /* the line pos is on */
	bool cp1252;
	struct buf cell; /* the cell being read, as UTF-8 */
	struct table_builder builder;
	struct table_error *err;
};

static int csv_read_row(struct csv *c);
static int csv_read_cell(struct csv *c, int column);
static int csv_read_quoted(struct csv *c, int column);
static int csv_put(struct csv *c, unsigned char byte, int column);
static bool csv_at_line_end(const struct csv *c);
static void csv_skip_line_end(struct csv *c);
static bool valid_utf8_but_nul(const unsigned char *s, size_t n);
static size_t utf8_encode(uint32_t cp, char out[3]);
static bool needs_quotes(const char *cell);
static bool formula_like(const char *cell, size_t n);
static int put_cell(struct buf *out, const char *cell);

int
table_read_csv(const char *data, size_t n, struct arena *a, struct table *out,
	       struct table_error *err)
{
	struct csv c = {.data = (const unsigned char *)data, .n = n, .line = 1, .err = err};
	int rc = SAMSYN_OK;

	out->nrows = 0;
	out->rows = NULL;
	if (n > TABLE_MAX_FILE_BYTES)
		return table_error_set(err, SAMSYN_ETOOBIG, 0, 0,
				       "Filen är för stor: den får vara högst %zu MB.",
				       TABLE_MAX_FILE_BYTES / (1024 * 1024));
	/* Excel's "Unicode text" is UTF-16; read as bytes it would only show NULs. */
	if (n >= 2 &&
	    ((c.data[0] == 0xFF && c.data[1] == 0xFE) || (c.data[0] == 0xFE && c.data[1] == 0xFF)))
		return table_error_set(err, SAMSYN_EINVAL, 0, 0,
				       "Filen är sparad som UTF-16 (Unicode-text). Spara den som "
				       "CSV UTF-8 eller CSV och försök igen.");

	if (n >= sizeof(utf8_bom) && memcmp(c.data, utf8_bom, sizeof(utf8_bom)) == 0)
		c.pos = sizeof(utf8_bom); /* says UTF-8; each cell is checked on its own */
	else
		c.cp1252 = !valid_utf8_but_nul(c.data, n);

	buf_init(&c.cell, TABLE_MAX_CELL_BYTES);
	table_builder_init(&c.builder, a, err);
	while (c.pos < c.n)
		if ((rc = csv_read_row(&c)) != SAMSYN_OK)
			goto cleanup;
	table_builder_finish(&c.builder, out);
cleanup:
	table_builder_release(&c.builder);
	buf_release(&c.cell);
	return rc;
}

int
table_write_csv(const struct table *t, struct buf *out)
{
	int rc;

	if ((rc = buf_append(out, utf8_bom, sizeof(utf8_bom))) != SAMSYN_OK)
		return rc;
	for (size_t i = 0; i < t->nrows; i++) {
		const struct table_row *r = &t->rows[i];

		if (r->ncells == 1 && r->cells[0][0] == '\0') {
			if ((rc = buf_puts(out, "\"\"")) != SAMSYN_OK)
				return rc;
		} else {
			for (size_t j = 0; j < r->ncells; j++) {
				if (j > 0 && (rc = buf_putc(out, CSV_SEPARATOR)) != SAMSYN_OK)
					return rc;
				if ((rc = put_cell(out, r->cells[j])) != SAMSYN_OK)
					return rc;
			}
		}
		if ((rc = buf_puts(out, "\r\n")) != SAMSYN_OK)
			return rc;
	}
	return SAMSYN_OK;
}

/* Reads one row from c->pos, which is not at the end, through its line end. */
static int
csv_read_row(struct csv *c)
{
	int row_line = c->line, rc;

	if (!csv_at_line_end(c)) {
		for (int column = 1;; column++) {
			if ((rc = csv_read_cell(c, column)) != SAMSYN_OK)
				return rc;
			if (c->pos < c->n && c->data[c->pos] == CSV_SEPARATOR)
				c->pos++;
			else
				break;
		}
	}
	csv_skip_line_end(c);
	return table_builder_end_row(&c->builder, row_line);
}

/* Reads one cell, leaving c->pos on the separator, line end or end of file after it. */
static int
csv_read_cell(struct csv *c, int column)
{
	const char *text;
	size_t len;
	int line = c->line, rc;

	buf_reset(&c->cell);
	if (c->pos < c->n && c->data[c->pos] == CSV_QUOTE) {
		if ((rc = csv_read_quoted(c, column)) != SAMSYN_OK)
			return rc;
	} else {
		while (c->pos < c->n && c->data[c->pos] != CSV_SEPARATOR && !csv_at_line_end(c))
			if ((rc = csv_put(c, c->data[c->pos++], column)) != SAMSYN_OK)
				return rc;
	}
	text = c->cell.data ? c->cell.data : "";
	len = c->cell.len;
	/* The apostrophe that table_write_csv puts before a formula-like cell. */
	if (len > 1 && text[0] == CSV_GUARD && formula_like(text + 1, len - 1)) {
		text++;
		len--;
	}
	return table_builder_cell(&c->builder, text, len, line, column);
}

static int
csv_read_quoted(struct csv *c, int column)
{
	int start_line = c->line, rc;

	c->pos++; /* the opening quote */
	for (;;) {
		unsigned char byte;

		if (c->pos >= c->n)
			return table_error_set(c->err, SAMSYN_EINVAL, start_line, column,
					       "Citattecknet som börjar på rad %d, kolumn %d "
					       "avslutas aldrig.",
					       start_line, column);
		byte = c->data[c->pos];
		if (byte == CSV_QUOTE) {
			if (c->pos + 1 < c->n && c->data[c->pos + 1] == CSV_QUOTE) {
				c->pos += 2;
				if ((rc = csv_put(c, CSV_QUOTE, column)) != SAMSYN_OK)
					return rc;
				continue;
			}
			c->pos++;
			break;
		}
		if (byte == '\r' || byte == '\n') {
			/* Any line break inside a cell becomes "\n", as Excel keeps it. */
			csv_skip_line_end(c);
			if ((rc = csv_put(c, '\n', column)) != SAMSYN_OK)
				return rc;
			continue;
		}
		c->pos++;
		if ((rc = csv_put(c, byte, column)) != SAMSYN_OK)
			return rc;
	}
	if (c->pos < c->n && c->data[c->pos] != CSV_SEPARATOR && !csv_at_line_end(c))
		return table_error_set(
		    c->err, SAMSYN_EINVAL, c->line, column,
		    "Efter citattecknet som avslutar cellen på rad %d, kolumn "
		    "%d står mer text. Skriv \"\" för ett citattecken i en cell.",
		    c->line, column);
	return SAMSYN_OK;
}

/* Appends one byte of the file to the cell, as UTF-8. */
static int
csv_put(struct csv *c, unsigned char byte, int column)
{
	char utf8[3], num[ERR_NUMBER_LEN];
	size_t len = 1;
	uint32_t cp = byte;

	if (byte == 0)
		return table_error_set(c->err, SAMSYN_EINVAL, c->line, column,
				       "Cellen på rad %d, kolumn %d innehåller ett nolltecken "
				       "(NUL): filen är ingen textfil i UTF-8 eller Windows-1252.",
				       c->line, column);
	if (c->cp1252 && byte >= 0x80) {
		if (byte < 0xA0 && (cp = cp1252_high[byte - 0x80]) == 0)
			return table_error_set(c->err, SAMSYN_EINVAL, c->line, column,
					       "Texten på rad %d, kolumn %d går inte att läsa: "
					       "filen är inte UTF-8 eller Windows-1252.",
					       c->line, column);
		len = utf8_encode(cp, utf8);
	} else {
		utf8[0] = (char)byte;
	}
	if (buf_append(&c->cell, utf8, len) != SAMSYN_OK)
		return table_error_set(c->err, SAMSYN_EINVAL, c->line, column,
				       "Cellen på rad %d, kolumn %d är för lång: högst %s byte "
				       "får plats.",
				       c->line, column, err_number(num, TABLE_MAX_CELL_BYTES));
	return SAMSYN_OK;
}

static bool
csv_at_line_end(const struct csv *c)
{
	return c->pos < c->n && (c->data[c->pos] == '\r' || c->data[c->pos] == '\n');
}

/* Steps over one CRLF, LF or CR, if c->pos is on one. */
static void
csv_skip_line_end(struct csv *c)
{
	if (c->pos >= c->n)
		return;
	if (c->data[c->pos] == '\r') {
		c->pos++;
		if (c->pos < c->n && c->data[c->pos] == '\n')
			c->pos++;
		c->line++;
	} else if (c->data[c->pos] == '\n') {
		c->pos++;
		c->line++;
	}
}

/* Valid UTF-8 apart from NUL bytes, which the parser reports with their place. */
static bool
valid_utf8_but_nul(const unsigned char *s, size_t n)
{
	while (n > 0) {
		const unsigned char *nul = memchr(s, 0, n);
		size_t len = nul ? (size_t)(nul - s) : n;

		if (!utf8_valid((const char *)s, len))
			return false;
		if (nul == NULL)
			break;
		s += len + 1;
		n -= len + 1;
	}
	return true;
}

/* Code points below 0x10000 only: all that Windows-1252 has. */
static size_t
utf8_encode(uint32_t cp, char out[3])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

static bool
needs_quotes(const char *cell)
{
	return strpbrk(cell, ";\"\r\n") != NULL;
}

/* True when the text, after any apostrophes it begins with, begins with something a
 * spreadsheet would run as a formula.  The writer puts one more apostrophe before such a
 * cell and the reader takes one away, so "=A1", "'=A1" and "''=A1" all survive a round
 * trip, and a cell that merely begins with an apostrophe ("'90-talet") is left alone. */
static bool
formula_like(const char *cell, size_t n)
{
	size_t i = 0;

	while (i < n && cell[i] == CSV_GUARD)
		i++;
	return i < n && strchr(CSV_FORMULA_START, cell[i]) != NULL;
}

static int
put_cell(struct buf *out, const char *cell)
{
	bool guard = formula_like(cell, strlen(cell));
	int rc;

	if (!needs_quotes(cell)) {
		if (guard && (rc = buf_putc(out, CSV_GUARD)) != SAMSYN_OK)
			return rc;
		return buf_puts(out, cell);
	}
	if ((rc = buf_putc(out, CSV_QUOTE)) != SAMSYN_OK)
		return rc;
	if (guard && (rc = buf_putc(out, CSV_GUARD)) != SAMSYN_OK)
		return rc;
	for (const char *p = cell; *p; p++) {
		if (*p == CSV_QUOTE && (rc = buf_putc(out, CSV_QUOTE)) != SAMSYN_OK)
			return rc;
		if ((rc = buf_putc(out, *p)) != SAMSYN_OK)
			return rc;
	}
	return buf_putc(out, CSV_QUOTE);
}
