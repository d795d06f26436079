/* table.h - a table of text cells read from, or written to, a CSV or XLSX file: the import
 * and export format of the yearly activity plan (aktivitetsplan).
 *
 * Reading gives rows of cells, each cell a NUL-terminated string of valid UTF-8 with no NUL
 * inside, allocated from the caller's arena.  The readers know nothing of what the columns
 * mean: the header row is row 0 like any other, and checking it, counting columns against
 * it and validating the values is the caller's work.  A reader either fills *out and
 * returns SAMSYN_OK, or returns an error and fills *err with one Swedish sentence that
 * already names the place (line and column) where it can; *out is then empty.
 *
 * CSV (csv.c) is read as Swedish Excel saves it: cells separated by ';', UTF-8 with or
 * without a byte order mark or else Windows-1252 (a file that is valid UTF-8 is taken as
 * UTF-8), lines ended by CRLF, LF or CR, cells in double quotes may hold ';', line breaks
 * and "" for a quote.  A quote inside an unquoted cell is kept as text, as Excel does.
 * One apostrophe is taken away from the start of a cell when what follows it (after any
 * further apostrophes) begins with '=', '+', '-', '@', a tab or a line break: it is the
 * mark table_write_csv puts there (below).
 *
 * XLSX (xlsx.c) is read from the first worksheet of the workbook, through libzip and
 * expat, with limits on everything a hostile file could make large (see the TABLE_XLSX_*
 * limits).  Cell values are what Excel shows, as text, except:
 *   - a number is its stored text with ',' as the decimal sign, as Swedish Excel shows it
 *     ("1.5" is stored, "1,5" is returned), so a goal list "1,2" that Excel took for a
 *     decimal number comes back as typed.  No number format is applied: a date that Excel
 *     stores as a day number (with a date format) comes back as that number ("42005"), a
 *     percentage as its fraction.
 *   - TRUE and FALSE come back as "SANT" and "FALSKT", as Swedish Excel shows them.
 *   - a formula cell gives its cached result, never the formula.
 *
 * Line breaks inside a cell come back as "\n" from both formats (a CRLF inside a quoted CSV
 * cell included). */
#ifndef SAMSYN_TABLE_H
#define SAMSYN_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

/* The largest file either reader takes: SAMSYN_ETOOBIG past it. */
#define TABLE_MAX_FILE_BYTES ((size_t)16 * 1024 * 1024)
/* The longest cell, in bytes of UTF-8; Excel's own limit is 32,767 characters. */
#define TABLE_MAX_CELL_BYTES ((size_t)128 * 1024)
/* Excel's limits on a sheet: columns A..XFD and rows 1..1,048,576. */
#define TABLE_MAX_COLUMNS 16384
#define TABLE_MAX_ROWS 1048576
#define TABLE_MAX_ROWS_TEXT "1 048 576" /* as a Swedish message writes it */
/* Cells in all rows together, empty ones included: bounds the memory a file can take. */
#define TABLE_MAX_CELLS ((size_t)1000000)
#define TABLE_MAX_CELLS_TEXT "1 000 000"
/* The text of all cells together, in bytes, a text counted once for each cell that holds
 * it: no more than the largest file could hold written out.  An XLSX file keeps a text
 * that many cells use once (a shared string), so a small file could otherwise stand for
 * gigabytes of text to whoever goes through its cells. */
#define TABLE_MAX_TEXT_BYTES ((size_t)16 * 1024 * 1024)
#define TABLE_MAX_TEXT_TEXT "16 MB"
/* XLSX: at most this many entries in the zip archive, and at most this many bytes in any
 * one entry once uncompressed (counted while reading, whatever the zip headers claim). */
#define TABLE_XLSX_MAX_ENTRIES 300
#define TABLE_XLSX_MAX_ENTRY_BYTES ((size_t)16 * 1024 * 1024)

struct table_row {
	/* Where the row is, 1-based.  CSV: the line of the file on which the row begins (a
	 * row with a quoted line break spans more lines).  XLSX: the row number Excel shows. */
	int line;
	size_t ncells;
	const char **cells; /* ncells strings, never NULL; "" for an empty cell */
};

struct table {
	size_t nrows;
	struct table_row *rows;
};

/* Where and why a file could not be read.  line and column are 1-based and 0 when the
 * error has no place (a file too large, an archive that is not a zip).  column is the
 * cell's number in its row (1 for the first cell, A in Excel). */
struct table_error {
	int line, column;
	char message[200]; /* a complete Swedish sentence, with the place in it when known */
};

/* Reads a CSV file of n bytes (it need not be NUL-terminated).
 *
 * A line with nothing on it gives a row with no cells; rows at the end of the file whose
 * cells are all empty (blank lines, ";;;;") are left out.  Gives SAMSYN_EINVAL for a file
 * that cannot be read as a table: a NUL byte, a quote that is never closed, text after a
 * closing quote, a byte that is neither UTF-8 nor Windows-1252, a row of more than
 * TABLE_MAX_COLUMNS cells or a cell of more than TABLE_MAX_CELL_BYTES.  Gives
 * SAMSYN_ETOOBIG for a file over TABLE_MAX_FILE_BYTES or with more than TABLE_MAX_ROWS rows,
 * TABLE_MAX_CELLS cells or TABLE_MAX_TEXT_BYTES of text. */
int table_read_csv(const char *data, size_t n, struct arena *a, struct table *out,
		   struct table_error *err);

/* Reads the first worksheet of an XLSX file of n bytes.
 *
 * A row gets cells up to its last cell that has a value, with "" for the cells that the
 * sheet leaves out (values in B1 and D1 give four cells, A1 and C1 empty); a cell that is
 * only formatted adds nothing.  Rows that the sheet leaves out are left out here too, so
 * compare line with the previous row's to see a gap; rows at the end whose cells are all
 * empty are left out.  Gives SAMSYN_EINVAL for a file that is not an XLSX workbook or is
 * damaged, encrypted or too deeply nested, that holds a DTD, whose archive has more than
 * TABLE_XLSX_MAX_ENTRIES entries, or whose sheet has a cell past column XFD or row
 * 1,048,576 or longer than TABLE_MAX_CELL_BYTES; SAMSYN_ETOOBIG for a file over
 * TABLE_MAX_FILE_BYTES, a part over TABLE_XLSX_MAX_ENTRY_BYTES uncompressed (a zip bomb
 * stops there), more than TABLE_MAX_CELLS cells, the empty ones it fills in counted, or
 * more than TABLE_MAX_TEXT_BYTES of text in its cells, a shared string counted for each cell
 * that uses it (the error names the row where the limit was passed).  A shared string is
 * kept once however many cells use it: the cells point at the one copy. */
int table_read_xlsx(const void *data, size_t n, struct arena *a, struct table *out,
		    struct table_error *err);

/* Reads an XLSX file when the data begins as a zip archive does, otherwise a CSV file.
 * An old binary Excel file (.xls) gets SAMSYN_EINVAL and a message asking for XLSX or CSV. */
int table_read(const void *data, size_t n, struct arena *a, struct table *out,
	       struct table_error *err);

/* Appends t to out as CSV for Swedish Excel: UTF-8 with a byte order mark, ';' between
 * cells, CRLF after each row, and a cell in double quotes when it holds ';', '"', CR or
 * LF.  A row of one empty cell is written "" so that it reads back as one cell; a row of no
 * cells as an empty line.  Returns SAMSYN_OK, or SAMSYN_ETOOBIG when out reaches its
 * maximum (out then holds part of the file).
 *
 * A cell that begins with '=', '+', '-', '@', a tab, CR or LF, perhaps after some
 * apostrophes, is written with one more apostrophe in front, so that a spreadsheet opening
 * the file shows it as text instead of running it as a formula ("=SUMMA(A1)" is written
 * '=SUMMA(A1)); table_read_csv takes that apostrophe away again, so the cells read back
 * as they were written (a CR as LF). */
int table_write_csv(const struct table *t, struct buf *out);

/* Appends t to out as an XLSX workbook of one sheet named sheet_name (at most 31
 * characters, none of []:*?/\), every non-empty cell a text cell (never a formula), the
 * first row in bold and cells with line breaks wrapped.  libxlsxwriter writes to a file,
 * so this uses a temporary file in $TMPDIR (or /tmp) that is removed before returning.
 *
 * Returns SAMSYN_OK; SAMSYN_EINVAL with e set when a cell is not valid UTF-8 or too long
 * for Excel, or the sheet name is not allowed; SAMSYN_ETOOBIG when t has more rows or
 * columns than Excel allows or out reaches its maximum; SAMSYN_EIO when the temporary file
 * cannot be written or read. */
int table_write_xlsx(const struct table *t, const char *sheet_name, struct buf *out, struct err *e);

/* Cell i of a row, or "" when the row has fewer cells: rows may be shorter than the
 * header. */
const char *table_cell(const struct table_row *r, size_t i);

/* The number of cells up to and including the last one that is not empty.  Compare this,
 * not ncells, with the header's: Excel often saves empty cells past the last column used
 * (";;" at the end of each CSV line, formatted empty cells in XLSX). */
size_t table_row_width(const struct table_row *r);

/* True when every cell of the row is empty (or it has none). */
bool table_row_blank(const struct table_row *r);

#endif
