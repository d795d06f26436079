/* table_test.c - reading and writing tables as CSV and XLSX (util/table.h): round trips,
 * encodings, every CSV error with its place, XLSX parts built by hand, hostile archives
 * (zip bombs, too many entries, DTDs, deep nesting, damage), and the 2015 activity plan
 * transcribed in tests/data/aktivitetsplan-2015.csv. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

#include "test.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/table.h"
#include "util/utf8.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"

#define WORKBOOK_XML                                                                               \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"                          \
	"<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>"                          \
	"<sheet name=\"Blad1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define RELS_XML                                                                                   \
	"<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" NS_REL             \
	"/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
#define SHEET_PART "xl/worksheets/sheet1.xml"

/* A part of a zip archive built by a test. */
struct part {
	const char *name;
	const void *data;
	size_t len;
};

static const char *const round_trip_cells[] = {
    "Mål",
    "Beskrivning",
    "Aktivitet",
    "Ansvarig",
    "Datum",
    "1,2,3",
    "Åtgärd; och mer",
    "Säger \"hej\" på ÅÄÖ",
    "",
    "Vt",
    "två\nrader",
    "  mellanslag  ",
    "\"",
    ";",
    "",
    "tre\n\nrader",
    "Ä",
    "_x0041_ står kvar",
    "tab\there",
    "1.5",
};

static void make_table(struct arena *a, struct table *t, const char *const *cells, size_t nrows,
		       size_t ncols);
static void check_same_cells(const struct table *got, const struct table *want);
static void check_same_text(const struct table *got, const struct table *want);
static int read_csv_text(const char *text, struct arena *a, struct table *t,
			 struct table_error *err);
static bool make_zip(const struct part *parts, size_t n, struct buf *out);
static bool make_zip_with(const struct part *parts, size_t n, const char *password,
			  struct buf *out);
static bool make_workbook(const char *sheet_xml, size_t sheet_len, struct buf *out);
static double seconds_since(const struct timespec *start);
static void put_le32(char *p, uint32_t v);
static bool patch_uncompressed_size(struct buf *zip, const char *name, uint32_t size);
static char *read_fixture(const char *name, size_t *len);

static void
test_csv_round_trip_keeps_every_cell_and_every_byte(void)
{
	struct arena a;
	struct table t, back, again;
	struct buf csv, csv2;
	struct table_error err;

	arena_init(&a);
	buf_init(&csv, BUF_MAX_DEFAULT);
	buf_init(&csv2, BUF_MAX_DEFAULT);
	make_table(&a, &t, round_trip_cells, 4, 5);
	CHECK_INT(table_write_csv(&t, &csv), SAMSYN_OK);
	CHECK(memcmp(csv.data, "\xEF\xBB\xBFMål;Beskrivning;Aktivitet;Ansvarig;Datum\r\n",
		     strlen("\xEF\xBB\xBFMål;Beskrivning;Aktivitet;Ansvarig;Datum\r\n")) == 0);
	CHECK(strstr(csv.data, "1,2,3;\"Åtgärd; och mer\";\"Säger \"\"hej\"\" på ÅÄÖ\";;Vt\r\n") !=
	      NULL);
	CHECK_INT(table_read_csv(csv.data, csv.len, &a, &back, &err), SAMSYN_OK);
	check_same_cells(&back, &t);
	CHECK_INT(back.rows[2].line, 3);
	CHECK_INT(back.rows[3].line, 5); /* row 3's "två\nrader" spans two lines */
	CHECK_INT(table_write_csv(&back, &csv2), SAMSYN_OK);
	CHECK_INT(csv2.len, csv.len);
	CHECK(csv2.len == csv.len && memcmp(csv.data, csv2.data, csv.len) == 0);
	CHECK_INT(table_read(csv2.data, csv2.len, &a, &again, &err), SAMSYN_OK);
	check_same_cells(&again, &t);
	buf_release(&csv);
	buf_release(&csv2);
	arena_release(&a);
}

static void
test_csv_with_bom_and_crlf_reads_like_plain_utf8(void)
{
	struct arena a;
	struct table t;
	struct table_error err;

	arena_init(&a);
	CHECK_INT(
	    read_csv_text("\xEF\xBB\xBFMål;Datum\r\n1;Maj\r\n2;\"Ht\r\nVt\"\r\n", &a, &t, &err),
	    SAMSYN_OK);
	CHECK_INT(t.nrows, 3);
	CHECK_STR(t.rows[0].cells[0], "Mål");
	CHECK_STR(t.rows[1].cells[1], "Maj");
	CHECK_STR(t.rows[2].cells[1], "Ht\nVt"); /* CRLF inside a cell becomes "\n" */
	CHECK_INT(t.rows[2].line, 3);
	/* Old Mac line ends (CR alone) too. */
	CHECK_INT(read_csv_text("a;b\r1;2\r", &a, &t, &err), SAMSYN_OK);
	CHECK_INT(t.nrows, 2);
	CHECK_INT(t.rows[1].line, 2);
	CHECK_STR(t.rows[1].cells[1], "2");
	arena_release(&a);
}

static void
test_csv_in_windows_1252_is_converted_to_utf8(void)
{
	struct arena a;
	struct table t;
	struct table_error err;

	arena_init(&a);
	/* "Mål;Beskrivning" and "1;€ – ”Åtgärd”" as Swedish Excel saves them in Windows-1252. */
	CHECK_INT(read_csv_text("M\xE5l;Beskrivning\r\n1;\x80 \x96 \x94\xC5tg\xE4rd\x94\r\n", &a,
				&t, &err),
		  SAMSYN_OK);
	CHECK_INT(t.nrows, 2);
	CHECK_STR(t.rows[0].cells[0], "Mål");
	CHECK_STR(t.rows[1].cells[1], "€ – ”Åtgärd”");
	/* Every byte of the code page that has a character. */
	for (unsigned byte = 0x80; byte <= 0xFF; byte++) {
		char text[8] = {'x', ';', (char)byte, '\n', 0};
		int rc = read_csv_text(text, &a, &t, &err);
		bool undefined =
		    byte == 0x81 || byte == 0x8D || byte == 0x8F || byte == 0x90 || byte == 0x9D;

		CHECK_INT(rc, undefined ? SAMSYN_EINVAL : SAMSYN_OK);
		if (rc == SAMSYN_OK)
			CHECK(utf8_valid(t.rows[0].cells[1], strlen(t.rows[0].cells[1])) &&
			      utf8_chars(t.rows[0].cells[1]) == 1);
	}
	CHECK_INT(read_csv_text("x;\x9F\xFF\n", &a, &t, &err), SAMSYN_OK);
	CHECK_STR(t.rows[0].cells[1], "Ÿÿ");
	arena_release(&a);
}

static void
test_csv_byte_undefined_in_windows_1252_is_refused_with_its_place(void)
{
	struct arena a;
	struct table t;
	struct table_error err;

	arena_init(&a);
	CHECK_INT(read_csv_text("M\xE5l;Datum\n1;Maj\n2;x\x81y\n", &a, &t, &err), SAMSYN_EINVAL);
	CHECK_INT(err.line, 3);
	CHECK_INT(err.column, 2);
	CHECK(strstr(err.message, "inte UTF-8 eller Windows-1252") != NULL);
	CHECK_INT(t.nrows, 0);
	/* A BOM says UTF-8, so a byte that is not UTF-8 is an error, not Windows-1252. */
	CHECK_INT(read_csv_text("\xEF\xBB\xBFMål;Datum\n1;M\xE5j\n", &a, &t, &err), SAMSYN_EINVAL);
	CHECK_INT(err.line, 2);
	CHECK_INT(err.column, 2);
	CHECK(strstr(err.message, "inte UTF-8 eller Windows-1252") != NULL);
	/* UTF-16, as Excel's "Unicode text" saves it. */
	CHECK_INT(table_read_csv("\xFF\xFEM\0", 4, &a, &t, &err), SAMSYN_EINVAL);
	CHECK(strstr(err.message, "UTF-16") != NULL);
	arena_release(&a);
}

static void
test_csv_unterminated_quote_names_where_it_begins(void)
{
	struct arena a;
	struct table t;
	struct table_error err;

	arena_init(&a);
	CHECK_INT(read_csv_text("Mål;Beskrivning\n1;Ett\n2;\"Två\nrader;och\n", &a, &t, &err),
		  SAMSYN_EINVAL);
	CHECK_INT(err.line, 3);
	CHECK_INT(err.column, 2);
	CHECK_STR(err.message, "Citattecknet som börjar på rad 3, kolumn 2 avslutas aldrig.");
	arena_release(&a);
}

static void
test_csv_text_after_closing_quote_is_refused(void)
{
	struct arena a;
	struct table t;
	struct table_error err;

	arena_init(&a);
	CHECK_INT(read_csv_text("a;b;c\n1;\"två\nrader\"x;3\n", &a, &t, &err), SAMSYN_EINVAL);
	CHECK_INT(err.line, 3);
	CHECK_INT(err.column, 2);
	CHECK(strstr(err.message, "rad 3, kolumn 2") != NULL);
	/* A quote inside an unquoted cell is text, as Excel reads it. */
	CHECK_INT(read_csv_text("a;b\n1;5\" skärm\n", &a, &t, &err), SAMSYN_OK);
	CHECK_STR(t.rows[1].cells[1], "5\" skärm");
	arena_release(&a);
}

static void
test_csv_nul_byte_is_refused_with_its_place(void)
{
	static const char text[] = "a;b;c\n1;2;x\0y\n";
	struct arena a;
	struct table t;
	struct table_error err;

	arena_init(&a);
	CHECK_INT(table_read_csv(text, sizeof(text) - 1, &a, &t, &err), SAMSYN_EINVAL);
	CHECK_INT(err.line, 2);
	CHECK_INT(err.column, 3);
	CHECK(strstr(err.message, "rad 2, kolumn 3") != NULL);
	arena_release(&a);
}

static void
test_csv_row_with_more_cells_than_header_is_counted(void)
{
	struct arena a;
	struct table t;
	struct table_error err;

	arena_init(&a);
	CHECK_INT(read_csv_text("Mål;Datum;;\n1;Maj;;\n2;Jun;x;\n3\n", &a, &t, &err), SAMSYN_OK);
	CHECK_INT(t.nrows, 4);
	CHECK_INT(t.rows[0].ncells, 4);
	CHECK_INT(table_row_width(&t.rows[0]), 2); /* the ";;" that Excel adds */
	CHECK_INT(table_row_width(&t.rows[1]), 2);
	CHECK_INT(t.rows[2].ncells, 4);
	CHECK_INT(table_row_width(&t.rows[2]), 3); /* one more than the header */
	CHECK_INT(t.rows[3].ncells, 1);
	CHECK_STR(table_cell(&t.rows[3], 1), "");
	CHECK_STR(table_cell(&t.rows[3], 99), "");
	arena_release(&a);
}

static void
test_csv_blank_lines_at_the_end_are_left_out(void)
{
	struct arena a;
	struct table t;
	struct table_error err;

	arena_init(&a);
	CHECK_INT(read_csv_text("a;b\r\n\r\n1;2\r\n\r\n;\r\n\r\n", &a, &t, &err), SAMSYN_OK);
	CHECK_INT(t.nrows, 3);
	CHECK_INT(t.rows[1].ncells, 0); /* a blank line inside is kept, with no cells */
	CHECK(table_row_blank(&t.rows[1]));
	CHECK_INT(t.rows[2].line, 3);
	CHECK_INT(read_csv_text("", &a, &t, &err), SAMSYN_OK);
	CHECK_INT(t.nrows, 0);
	CHECK_INT(read_csv_text("\xEF\xBB\xBF\r\n\r\n", &a, &t, &err), SAMSYN_OK);
	CHECK_INT(t.nrows, 0);
	/* The last line needs no line end; a last empty cell is a cell. */
	CHECK_INT(read_csv_text("a;b\n1;", &a, &t, &err), SAMSYN_OK);
	CHECK_INT(t.nrows, 2);
	CHECK_INT(t.rows[1].ncells, 2);
	arena_release(&a);
}

static void
test_csv_over_the_limits_is_refused(void)
{
	size_t n = TABLE_MAX_FILE_BYTES + 1;
	char *big = malloc(n);
	struct arena a;
	struct table t;
	struct table_error err;
	struct buf text;

	arena_init(&a);
	buf_init(&text, BUF_MAX_DEFAULT);
	memset(big, 'a', n);
	CHECK_INT(table_read_csv(big, n, &a, &t, &err), SAMSYN_ETOOBIG);
	CHECK_INT(err.line, 0);
	CHECK(strstr(err.message, "16 MB") != NULL);
	/* A cell longer than any Excel cell. */
	big[0] = ';';
	CHECK_INT(table_read_csv(big, TABLE_MAX_CELL_BYTES + 1, &a, &t, &err), SAMSYN_OK);
	CHECK_INT(table_read_csv(big, TABLE_MAX_CELL_BYTES + 2, &a, &t, &err), SAMSYN_EINVAL);
	CHECK_INT(err.line, 1);
	CHECK_INT(err.column, 2);
	CHECK_STR(err.message,
		  "Cellen på rad 1, kolumn 2 är för lång: högst 131\u00a0072 byte får plats.");
	/* A row wider than Excel's sheet. */
	memset(big, ';', TABLE_MAX_COLUMNS);
	CHECK_INT(table_read_csv(big, TABLE_MAX_COLUMNS, &a, &t, &err), SAMSYN_EINVAL);
	CHECK_INT(err.line, 1);
	CHECK_INT(err.column, TABLE_MAX_COLUMNS + 1);
	/* More cells than the table may hold: 101 lines of 10,000. */
	for (int i = 0; i < 101; i++) {
		for (int j = 0; j < 9999; j++)
			buf_putc(&text, ';');
		buf_putc(&text, '\n');
	}
	CHECK_INT(table_read_csv(text.data, text.len, &a, &t, &err), SAMSYN_ETOOBIG);
	CHECK_INT(err.line, 101);
	CHECK(strncmp(err.message, "Rad 101, kolumn ", 16) == 0);
	free(big);
	buf_release(&text);
	arena_release(&a);
}

/* One line more than a sheet has rows: refused with the line, in Swedish, and the line
 * before it still fits. */
static void
test_csv_more_rows_than_a_sheet_is_refused_with_the_line(void)
{
	/* "x" and then line ends: each line end after the first ends one (empty) row. */
	size_t n = (size_t)TABLE_MAX_ROWS + 2;
	char *lines = malloc(n);
	struct arena a;
	struct table t;
	struct table_error err;

	arena_init(&a);
	memset(lines, '\n', n);
	lines[0] = 'x';
	CHECK_INT(table_read_csv(lines, n - 1, &a, &t, &err), SAMSYN_OK);
	CHECK_INT(t.nrows, 1); /* the blank lines after the first are left out */
	CHECK_INT(table_read_csv(lines, n, &a, &t, &err), SAMSYN_ETOOBIG);
	CHECK_INT(err.line, TABLE_MAX_ROWS + 1);
	CHECK_STR(err.message, "Rad 1048577: filen har fler än 1 048 576 rader, fler än ett "
			       "kalkylblad kan ha.");
	CHECK_INT(t.nrows, 0);
	free(lines);
	arena_release(&a);
}

/* A sheet whose row number is past Excel's last row: too long, with the row named. */
static void
test_xlsx_row_past_the_last_is_refused_with_the_line(void)
{
	static const char last[] =
	    "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1048576\"><c r=\"A1048576\" "
	    "t=\"inlineStr\"><is><t>sist</t></is></c></row></sheetData></worksheet>";
	static const char past[] =
	    "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\"><c r=\"A1\" "
	    "t=\"inlineStr\"><is><t>x</t></is></c></row><row r=\"1048577\"/></sheetData>"
	    "</worksheet>";
	struct arena a;
	struct table t;
	struct table_error err;
	struct buf zip;

	arena_init(&a);
	buf_init(&zip, BUF_MAX_DEFAULT);
	CHECK(make_workbook(last, strlen(last), &zip));
	CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_OK);
	CHECK_INT(t.nrows, 1);
	CHECK_INT(t.rows[0].line, 1048576);
	buf_reset(&zip);
	CHECK(make_workbook(past, strlen(past), &zip));
	CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_ETOOBIG);
	CHECK_INT(err.line, 1048577);
	CHECK_STR(err.message, "Rad 1048577: filen har fler än 1 048 576 rader, fler än ett "
			       "kalkylblad kan ha.");
	buf_release(&zip);
	arena_release(&a);
}

static const char *const formula_cells[] = {
    "=SUMMA(A1)", "-5 % frånvaro", "+46 70 123 45 67", "@rektor", "\tindrag",
    "'=redan markerad", "''-två", "'90-talet", "a=b", "-", "=A1;B1", "=\"x\"", "\nny rad",
};

/* A cell a spreadsheet would run as a formula gets an apostrophe in front in the CSV file,
 * and reads back without it: the same cells after a round trip. */
static void
test_csv_formula_like_cells_get_an_apostrophe_and_read_back_the_same(void)
{
	size_t n = sizeof(formula_cells) / sizeof(formula_cells[0]);
	struct arena a;
	struct table t, back;
	struct buf csv;
	struct table_error err;

	arena_init(&a);
	buf_init(&csv, BUF_MAX_DEFAULT);
	make_table(&a, &t, formula_cells, 1, n);
	CHECK_INT(table_write_csv(&t, &csv), SAMSYN_OK);
	CHECK_STR(buf_cstr(&csv),
		  "\xEF\xBB\xBF'=SUMMA(A1);'-5 % frånvaro;'+46 70 123 45 67;'@rektor;'\tindrag;"
		  "''=redan markerad;'''-två;'90-talet;a=b;'-;\"'=A1;B1\";\"'=\"\"x\"\"\";"
		  "\"'\nny rad\"\r\n");
	CHECK_INT(table_read_csv(csv.data, csv.len, &a, &back, &err), SAMSYN_OK);
	check_same_cells(&back, &t);
	/* A file made by hand: one apostrophe goes only before what looks like a formula. */
	CHECK_INT(read_csv_text("'=1;'a;'';'+;=2;\"'@x\"\n", &a, &back, &err), SAMSYN_OK);
	CHECK_INT(back.rows[0].ncells, 6);
	CHECK_STR(table_cell(&back.rows[0], 0), "=1");
	CHECK_STR(table_cell(&back.rows[0], 1), "'a");
	CHECK_STR(table_cell(&back.rows[0], 2), "''");
	CHECK_STR(table_cell(&back.rows[0], 3), "+");
	CHECK_STR(table_cell(&back.rows[0], 4), "=2");
	CHECK_STR(table_cell(&back.rows[0], 5), "@x");
	buf_release(&csv);
	arena_release(&a);
}

/* XLSX has a type for text: a formula-like cell is written as a string as it is (no
 * apostrophe, no formula) and reads back the same. */
static void
test_xlsx_formula_like_cells_are_strings_never_formulas(void)
{
	size_t n = sizeof(formula_cells) / sizeof(formula_cells[0]), len = 0, cells = 0;
	struct arena a;
	struct table t, back;
	struct buf xlsx;
	struct table_error terr;
	struct err e;
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z = NULL;
	zip_file_t *f;
	char *sheet = malloc(65536);
	zip_int64_t got;

	arena_init(&a);
	buf_init(&xlsx, BUF_MAX_DEFAULT);
	make_table(&a, &t, formula_cells, 1, n);
	CHECK_INT(table_write_xlsx(&t, "Blad1", &xlsx, &e), SAMSYN_OK);
	zip_error_init(&ze);
	src = zip_source_buffer_create(xlsx.data, xlsx.len, 0, &ze);
	CHECK(src != NULL && (z = zip_open_from_source(src, ZIP_RDONLY, &ze)) != NULL);
	if (z && (f = zip_fopen(z, SHEET_PART, 0)) != NULL) {
		while ((got = zip_fread(f, sheet + len, 65535 - len)) > 0)
			len += (size_t)got;
		zip_fclose(f);
	}
	sheet[len] = '\0';
	CHECK(len > 0);
	CHECK(strstr(sheet, "<f>") == NULL && strstr(sheet, "<f ") == NULL);
	/* Every cell is a shared string: <c r="A1" t="s"><v>0</v></c>. */
	for (const char *c = strstr(sheet, "<c "); c; c = strstr(c + 1, "<c ")) {
		const char *end = strchr(c, '>'), *type = strstr(c, " t=\"s\"");

		CHECK(end != NULL && type != NULL && type < end);
		cells++;
	}
	CHECK_INT(cells, n);
	if (z)
		zip_close(z);
	else
		zip_source_free(src);
	zip_error_fini(&ze);
	CHECK_INT(table_read_xlsx(xlsx.data, xlsx.len, &a, &back, &terr), SAMSYN_OK);
	check_same_cells(&back, &t);
	free(sheet);
	buf_release(&xlsx);
	arena_release(&a);
}

static void
test_xlsx_round_trip_keeps_every_cell(void)
{
	struct arena a;
	struct table t, back, sniffed;
	struct buf xlsx;
	struct table_error err;
	struct err e;

	arena_init(&a);
	buf_init(&xlsx, BUF_MAX_DEFAULT);
	make_table(&a, &t, round_trip_cells, 4, 5);
	CHECK_INT(table_write_xlsx(&t, "Aktivitetsplan 2015", &xlsx, &e), SAMSYN_OK);
	CHECK(xlsx.len > 4 && memcmp(xlsx.data, "PK\x03\x04", 4) == 0);
	CHECK_INT(table_read_xlsx(xlsx.data, xlsx.len, &a, &back, &err), SAMSYN_OK);
	if (back.nrows == 0)
		fprintf(stderr, "%s: %s\n", test_current, err.message);
	/* The last cell of row 3 is empty and so not written; the rest is the same. */
	check_same_text(&back, &t);
	for (size_t i = 0; i < back.nrows; i++)
		CHECK_INT(back.rows[i].line, (int)i + 1);
	CHECK_INT(table_read(xlsx.data, xlsx.len, &a, &sniffed, &err), SAMSYN_OK);
	CHECK_INT(sniffed.nrows, 4);
	buf_release(&xlsx);
	arena_release(&a);
}

static void
test_xlsx_writer_refuses_what_excel_cannot_hold(void)
{
	static const char *const bad_utf8[] = {"a", "\xC3"};
	struct arena a;
	struct table t;
	struct buf xlsx;
	struct err e;

	arena_init(&a);
	buf_init(&xlsx, BUF_MAX_DEFAULT);
	make_table(&a, &t, round_trip_cells, 1, 5);
	CHECK_INT(table_write_xlsx(&t, "a/b", &xlsx, &e), SAMSYN_EINVAL);
	CHECK_INT(table_write_xlsx(&t, "Ett namn som är längre än trettioett tecken", &xlsx, &e),
		  SAMSYN_EINVAL);
	make_table(&a, &t, bad_utf8, 1, 2);
	CHECK_INT(table_write_xlsx(&t, "Blad1", &xlsx, &e), SAMSYN_EINVAL);
	CHECK(strstr(e.message, "kolumn 2") != NULL);
	CHECK_INT(xlsx.len, 0);
	/* What CSV cannot carry, XLSX does: CR, control characters, escapes' look-alikes. */
	{
		static const char *const odd[] = {"a\rb", "c\x01d\x1F", "_x005F_x0041_", "_x00"};
		struct table back;
		struct table_error err;

		make_table(&a, &t, odd, 1, 4);
		CHECK_INT(table_write_xlsx(&t, "Blad1", &xlsx, &e), SAMSYN_OK);
		CHECK_INT(table_read_xlsx(xlsx.data, xlsx.len, &a, &back, &err), SAMSYN_OK);
		check_same_cells(&back, &t);
		buf_release(&xlsx);
	}
	/* Room for the workbook is the caller's buffer's maximum. */
	make_table(&a, &t, round_trip_cells, 4, 5);
	buf_init(&xlsx, 100);
	CHECK_INT(table_write_xlsx(&t, "Blad1", &xlsx, &e), SAMSYN_ETOOBIG);
	buf_release(&xlsx);
	arena_release(&a);
}

static void
test_xlsx_cells_of_every_kind_are_read_as_excel_shows_them(void)
{
	/* Prefixed names, a relationship id that is not rId1, an absolute target, shared
	 * strings listed before the sheet. */
	static const char workbook[] =
	    "<x:workbook xmlns:x=\"" NS_MAIN "\" xmlns:rel=\"" NS_REL "\"><x:sheets>"
	    "<x:sheet name=\"Plan\" sheetId=\"3\" rel:id=\"rId7\"/>"
	    "<x:sheet name=\"Annat\" sheetId=\"4\" rel:id=\"rId8\"/></x:sheets></x:workbook>";
	static const char rels[] =
	    "<Relationships xmlns=\"" NS_PKG "\">"
	    "<Relationship Id=\"rId2\" Type=\"" NS_REL "/sharedStrings\" "
	    "Target=\"sharedStrings.xml\"/>"
	    "<Relationship Id=\"rId8\" Type=\"" NS_REL "/worksheet\" Target=\"other.xml\"/>"
	    "<Relationship Id=\"rId7\" Type=\"" NS_REL "/worksheet\" "
	    "Target=\"/xl/worksheets/data.xml\"/></Relationships>";
	static const char strings[] =
	    "<sst xmlns=\"" NS_MAIN "\" count=\"3\" uniqueCount=\"3\">"
	    "<si><t>Mål</t></si>"
	    "<si><r><rPr><b/></rPr><t>Fet</t></r><r><t xml:space=\"preserve\"> och vanlig</t>"
	    "</r><rPh sb=\"0\" eb=\"1\"><t>läsning</t></rPh></si>"
	    "<si><t>rad ett_x000D_\nrad två _x005F_x0041_ _x00e5_</t></si></sst>";
	static const char sheet[] =
	    "<worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
	    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
	    "<row r=\"3\"><c r=\"A3\"><v>1.2</v></c><c r=\"B3\" t=\"b\"><v>1</v></c>"
	    "<c r=\"C3\" t=\"inlineStr\"><is><t>Åäö</t></is></c>"
	    "<c r=\"D3\" t=\"str\"><f>A1</f><v>Mål</v></c><c r=\"E3\" t=\"s\"><v>2</v></c>"
	    "<c r=\"F3\" s=\"1\"/></row>"
	    "<row r=\"4\" spans=\"1:3\"/>"
	    "<row r=\"5\"><c r=\"AA5\" t=\"e\"><v>#N/A</v></c></row>"
	    "<row><c><v>42005</v></c><c t=\"b\"><v>0</v></c></row>"
	    "<row r=\"9\"><c r=\"A9\" s=\"2\"/></row>"
	    "</sheetData></worksheet>";
	static const char other[] = "<worksheet xmlns=\"" NS_MAIN "\"/>";
	const struct part parts[] = {
	    {"xl/workbook.xml", workbook, sizeof(workbook) - 1},
	    {"xl/_rels/workbook.xml.rels", rels, sizeof(rels) - 1},
	    {"xl/sharedStrings.xml", strings, sizeof(strings) - 1},
	    {"xl/worksheets/data.xml", sheet, sizeof(sheet) - 1},
	    {"xl/other.xml", other, sizeof(other) - 1},
	};
	struct arena a;
	struct table t;
	struct table_error err;
	struct buf zip;

	arena_init(&a);
	buf_init(&zip, BUF_MAX_DEFAULT);
	CHECK(make_zip(parts, sizeof(parts) / sizeof(parts[0]), &zip));
	CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_OK);
	if (t.nrows != 5) {
		fprintf(stderr, "%s: %zu rows: %s\n", test_current, t.nrows, err.message);
		goto cleanup;
	}
	CHECK_INT(t.rows[0].line, 1);
	CHECK_INT(t.rows[0].ncells, 3);
	CHECK_STR(t.rows[0].cells[0], "Mål");
	CHECK_STR(t.rows[0].cells[1], "");
	CHECK_STR(t.rows[0].cells[2], "Fet och vanlig");
	CHECK_INT(t.rows[1].line, 3);
	CHECK_INT(t.rows[1].ncells, 5); /* F3 has no value */
	CHECK_STR(t.rows[1].cells[0], "1,2");
	CHECK_STR(t.rows[1].cells[1], "SANT");
	CHECK_STR(t.rows[1].cells[2], "Åäö");
	CHECK_STR(t.rows[1].cells[3], "Mål");
	CHECK_STR(t.rows[1].cells[4], "rad ett\r\nrad två _x0041_ å");
	CHECK_INT(t.rows[2].line, 4);
	CHECK_INT(t.rows[2].ncells, 0);
	CHECK_INT(t.rows[3].line, 5);
	CHECK_INT(t.rows[3].ncells, 27);
	CHECK_STR(t.rows[3].cells[26], "#N/A");
	CHECK_INT(t.rows[4].line, 6);
	CHECK_STR(t.rows[4].cells[0], "42005"); /* a date is its day number */
	CHECK_STR(t.rows[4].cells[1], "FALSKT");
cleanup:
	buf_release(&zip);
	arena_release(&a);
}

static void
test_xlsx_damaged_sheet_is_refused_with_its_place(void)
{
	static const char *const sheets[] = {
	    /* a shared string that does not exist, at B2 */
	    "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"2\"><c r=\"B2\" t=\"s\">"
	    "<v>99</v></c></row></sheetData></worksheet>",
	    /* cells out of order */
	    "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"2\"><c r=\"C2\"><v>1</v></c>"
	    "<c r=\"B2\"><v>2</v></c></row></sheetData></worksheet>",
	    /* rows out of order */
	    "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"2\"/><row r=\"2\"/>"
	    "</sheetData></worksheet>",
	    /* a bad reference */
	    "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"2\"><c r=\"2B\"><v>1</v></c>"
	    "</row></sheetData></worksheet>",
	    /* a column past XFD */
	    "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"2\"><c r=\"XFE2\"><v>1</v>"
	    "</c></row></sheetData></worksheet>",
	};
	struct arena a;
	struct table t;
	struct table_error err;
	struct buf zip;

	arena_init(&a);
	buf_init(&zip, BUF_MAX_DEFAULT);
	for (size_t i = 0; i < sizeof(sheets) / sizeof(sheets[0]); i++) {
		buf_reset(&zip);
		CHECK(make_workbook(sheets[i], strlen(sheets[i]), &zip));
		CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_EINVAL);
		CHECK_INT(err.line, 2);
		CHECK(strstr(err.message, "rad 2") != NULL);
		CHECK_INT(t.nrows, 0);
	}
	buf_reset(&zip);
	CHECK(make_workbook(sheets[0], strlen(sheets[0]), &zip));
	CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_EINVAL);
	CHECK_INT(err.column, 2);
	buf_release(&zip);
	arena_release(&a);
}

static void
test_xlsx_zip_bomb_is_refused_quickly(void)
{
	/* 64 MiB of spaces inside a sheet: deflate makes it some 64 KiB. */
	size_t bomb_len = (size_t)64 * 1024 * 1024;
	char *bomb = malloc(bomb_len);
	struct arena a;
	struct table t;
	struct table_error err;
	struct buf zip;
	struct timespec start;

	arena_init(&a);
	buf_init(&zip, BUF_MAX_DEFAULT);
	memset(bomb, ' ', bomb_len);
	memcpy(bomb, "<worksheet>", strlen("<worksheet>"));
	CHECK(make_workbook(bomb, bomb_len, &zip));
	CHECK(zip.len < TABLE_MAX_FILE_BYTES / 16);

	/* The zip headers tell the truth: refused before decompressing. */
	clock_gettime(CLOCK_MONOTONIC, &start);
	CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_ETOOBIG);
	CHECK(seconds_since(&start) < 1.0);
	CHECK(strstr(err.message, "packas upp") != NULL);

	/* The headers claim 1000 bytes: refused after at most the limit. */
	CHECK(patch_uncompressed_size(&zip, SHEET_PART, 1000));
	clock_gettime(CLOCK_MONOTONIC, &start);
	CHECK(table_read_xlsx(zip.data, zip.len, &a, &t, &err) != SAMSYN_OK);
	CHECK(seconds_since(&start) < 5.0);
	CHECK_INT(t.nrows, 0);
	free(bomb);
	buf_release(&zip);
	arena_release(&a);
}

static void
test_xlsx_archive_of_too_many_entries_is_refused(void)
{
	struct part parts[TABLE_XLSX_MAX_ENTRIES + 3];
	char names[TABLE_XLSX_MAX_ENTRIES + 1][32];
	struct arena a;
	struct table t;
	struct table_error err;
	struct buf zip;

	arena_init(&a);
	buf_init(&zip, BUF_MAX_DEFAULT);
	parts[0] = (struct part){"xl/workbook.xml", WORKBOOK_XML, strlen(WORKBOOK_XML)};
	parts[1] = (struct part){"xl/_rels/workbook.xml.rels", RELS_XML, strlen(RELS_XML)};
	for (size_t i = 0; i <= TABLE_XLSX_MAX_ENTRIES; i++) {
		snprintf(names[i], sizeof(names[i]), "xl/media/image%zu.png", i);
		parts[i + 2] = (struct part){names[i], "x", 1};
	}
	CHECK(make_zip(parts, sizeof(parts) / sizeof(parts[0]), &zip));
	CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_EINVAL);
	CHECK(strstr(err.message, "delar") != NULL);
	buf_release(&zip);
	arena_release(&a);
}

static void
test_xlsx_sheet_with_dtd_or_deep_nesting_or_no_xml_is_refused(void)
{
	static const char *const sheets[] = {
	    "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	    "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
	    "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
	    "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol3;</t></is></c></row>"
	    "</sheetData></worksheet>",
	    "<!DOCTYPE w [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
	    "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&e;</t></is></c></row>"
	    "</sheetData></worksheet>",
	    "det här är ingen XML",
	    "<worksheet><sheetData><row><c><v>1</v></c></row></sheetData>",
	    "<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>trailing",
	};
	char deep[64 * 3 + 16] = "";
	struct arena a;
	struct table t;
	struct table_error err;
	struct buf zip;

	arena_init(&a);
	buf_init(&zip, BUF_MAX_DEFAULT);
	for (size_t i = 0; i < sizeof(sheets) / sizeof(sheets[0]); i++) {
		buf_reset(&zip);
		CHECK(make_workbook(sheets[i], strlen(sheets[i]), &zip));
		CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_EINVAL);
		CHECK(strstr(err.message, "XLSX") != NULL);
		if (i < 2)
			CHECK(strstr(err.message, "DTD") != NULL);
	}
	for (int i = 0; i < 64; i++)
		memcpy(deep + 3 * i, "<a>", 4);
	buf_reset(&zip);
	CHECK(make_workbook(deep, strlen(deep), &zip));
	CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_EINVAL);
	CHECK(strstr(err.message, "djupt") != NULL);
	buf_release(&zip);
	arena_release(&a);
}

static void
test_xlsx_damaged_archive_is_refused_and_never_crashes(void)
{
	struct arena a;
	struct table t;
	struct table_error err;
	struct buf xlsx, zip;
	struct err e;

	arena_init(&a);
	buf_init(&xlsx, BUF_MAX_DEFAULT);
	buf_init(&zip, BUF_MAX_DEFAULT);
	make_table(&a, &t, round_trip_cells, 4, 5);
	CHECK_INT(table_write_xlsx(&t, "Blad1", &xlsx, &e), SAMSYN_OK);
	/* Every truncation loses the central directory at the end. */
	for (size_t n = 0; n < xlsx.len; n += 13)
		CHECK_INT(table_read_xlsx(xlsx.data, n, &a, &t, &err), SAMSYN_EINVAL);
	CHECK_INT(table_read_xlsx(xlsx.data, xlsx.len / 2, &a, &t, &err), SAMSYN_EINVAL);
	CHECK_STR(err.message, "Filen är ingen Excel-fil (.xlsx), eller så är den skadad.");
	/* Any byte changed: an error or a table, never a crash (the sanitizers watch). */
	for (size_t i = 0; i < xlsx.len; i += 5) {
		char saved = xlsx.data[i];
		int rc;

		xlsx.data[i] = (char)(saved ^ 0x5A);
		rc = table_read_xlsx(xlsx.data, xlsx.len, &a, &t, &err);
		CHECK(rc == SAMSYN_OK || rc == SAMSYN_EINVAL || rc == SAMSYN_ETOOBIG);
		xlsx.data[i] = saved;
	}
	/* No workbook part; a workbook without sheets; a sheet part missing. */
	{
		const struct part only_sheet[] = {{SHEET_PART, "<worksheet/>", 12}};
		const struct part no_sheets[] = {
		    {"xl/workbook.xml", "<workbook><sheets/></workbook>", 30}};
		const struct part no_sheet_part[] = {
		    {"xl/workbook.xml", WORKBOOK_XML, strlen(WORKBOOK_XML)},
		    {"xl/_rels/workbook.xml.rels", RELS_XML, strlen(RELS_XML)}};

		CHECK(make_zip(only_sheet, 1, &zip));
		CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_EINVAL);
		buf_reset(&zip);
		CHECK(make_zip(no_sheets, 1, &zip));
		CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_EINVAL);
		CHECK(strstr(err.message, "inget kalkylblad") != NULL);
		buf_reset(&zip);
		CHECK(make_zip(no_sheet_part, 2, &zip));
		CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_EINVAL);
	}
	/* Saved with a password. */
	{
		const struct part parts[] = {
		    {"xl/workbook.xml", WORKBOOK_XML, strlen(WORKBOOK_XML)},
		    {"xl/_rels/workbook.xml.rels", RELS_XML, strlen(RELS_XML)},
		    {SHEET_PART, "<worksheet/>", 12}};

		buf_reset(&zip);
		if (make_zip_with(parts, 3, "hemligt", &zip)) {
			CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_EINVAL);
			CHECK(strstr(err.message, "lösenord") != NULL);
		} else {
			fprintf(stderr, "%s: libzip cannot encrypt here; skipped that case\n",
				test_current);
		}
	}
	/* Not a zip at all; an old .xls. */
	CHECK_INT(table_read_xlsx("PK\x03\x04nonsense", 12, &a, &t, &err), SAMSYN_EINVAL);
	CHECK_STR(err.message, "Filen är ingen Excel-fil (.xlsx), eller så är den skadad.");
	CHECK_INT(table_read("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 xls", 12, &a, &t, &err),
		  SAMSYN_EINVAL);
	CHECK(strstr(err.message, ".xls") != NULL);
	buf_release(&zip);
	buf_release(&xlsx);
	arena_release(&a);
}

static void
test_activity_plan_2015_reads_as_fifteen_rows_and_survives_export(void)
{
	static const char *const header[] = {"Mål", "Beskrivning", "Aktivitet", "Ansvarig",
					     "Datum"};
	static const char *const goals[] = {"1",   "1,2,3", "3", "1", "1,2", "1,2", "1,2",
					    "1,2", "3",     "3", "3", "1,2", "4,5", "4"};
	static const char *const when[] = {
	    "Februari", "Maj",       "September", "Januari", "Maj",   "",   "Juni",
	    "Juni",     "September", "September", "Mars",    "April", "Ht", "Ht"};
	size_t len;
	char *data = read_fixture("aktivitetsplan-2015.csv", &len);
	struct arena a;
	struct table t, back;
	struct table_error err;
	struct buf csv, xlsx;
	struct err e;

	CHECK(data != NULL);
	if (data == NULL)
		return;
	arena_init(&a);
	buf_init(&csv, BUF_MAX_DEFAULT);
	buf_init(&xlsx, BUF_MAX_DEFAULT);
	CHECK_INT(table_read(data, len, &a, &t, &err), SAMSYN_OK);
	CHECK_INT(t.nrows, 15);
	if (t.nrows != 15)
		goto cleanup;
	for (size_t j = 0; j < 5; j++)
		CHECK_STR(table_cell(&t.rows[0], j), header[j]);
	for (size_t i = 1; i < t.nrows; i++) {
		CHECK_INT(t.rows[i].ncells, 5);
		CHECK_INT(t.rows[i].line, (int)i + 1);
		CHECK_STR(table_cell(&t.rows[i], 0), goals[i - 1]);
		CHECK_STR(table_cell(&t.rows[i], 4), when[i - 1]);
		CHECK(table_cell(&t.rows[i], 2)[0] != '\0'); /* every row has an activity */
		CHECK(table_cell(&t.rows[i], 3)[0] != '\0'); /* and someone responsible */
	}
	CHECK_STR(table_cell(&t.rows[2], 1), "");
	CHECK_STR(table_cell(&t.rows[3], 2), "Gemensam fortbildning");
	CHECK_STR(table_cell(&t.rows[14], 3), "Informationschef");

	CHECK_INT(table_write_csv(&t, &csv), SAMSYN_OK);
	CHECK_INT(table_read(csv.data, csv.len, &a, &back, &err), SAMSYN_OK);
	check_same_cells(&back, &t);
	CHECK_INT(table_write_xlsx(&t, "Aktivitetsplan 2015", &xlsx, &e), SAMSYN_OK);
	CHECK_INT(table_read(xlsx.data, xlsx.len, &a, &back, &err), SAMSYN_OK);
	check_same_text(&back, &t);
	CHECK_INT(back.rows[6].ncells, 4); /* the activity without a date */
cleanup:
	buf_release(&csv);
	buf_release(&xlsx);
	arena_release(&a);
	free(data);
}

/* One shared string of the longest a cell may be, in every cell: the table points at the
 * one copy, and counts its length for each cell.  16 MiB of text in all is taken, a byte
 * more is refused at the row and cell where it was passed, quickly. */
static void
test_xlsx_shared_string_in_many_cells_is_counted_for_each(void)
{
	static const char rels[] =
	    "<Relationships xmlns=\"" NS_PKG "\"><Relationship Id=\"rId1\" Type=\"" NS_REL
	    "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
	    "Type=\"" NS_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";
	static const char cell[] = "<c t=\"s\"><v>0</v></c>";
	const size_t per_cap = TABLE_MAX_TEXT_BYTES / TABLE_MAX_CELL_BYTES; /* 128 cells */
	struct buf strings, sheet, zip;
	struct arena a;
	struct table t;
	struct table_error err;
	struct timespec start;

	CHECK_INT(per_cap * TABLE_MAX_CELL_BYTES, TABLE_MAX_TEXT_BYTES);
	arena_init(&a);
	buf_init(&strings, TABLE_MAX_CELL_BYTES + 1024);
	buf_init(&sheet, BUF_MAX_DEFAULT);
	buf_init(&zip, BUF_MAX_DEFAULT);
	buf_puts(&strings, "<sst xmlns=\"" NS_MAIN "\"><si><t>");
	for (size_t i = 0; i < TABLE_MAX_CELL_BYTES / 8; i++)
		buf_puts(&strings, "Samverka");
	buf_puts(&strings, "</t></si></sst>");
	for (int over = 0; over < 2; over++) {
		const struct part parts[] = {
		    {"xl/workbook.xml", WORKBOOK_XML, strlen(WORKBOOK_XML)},
		    {"xl/_rels/workbook.xml.rels", rels, sizeof(rels) - 1},
		    {"xl/sharedStrings.xml", strings.data, strings.len},
		    {SHEET_PART, NULL, 0},
		};
		struct part p[4];

		memcpy(p, parts, sizeof(p));
		buf_reset(&sheet);
		buf_puts(&sheet, "<worksheet xmlns=\"" NS_MAIN "\"><sheetData><row r=\"1\">");
		for (size_t i = 0; i < per_cap; i++)
			buf_puts(&sheet, cell);
		buf_puts(&sheet, "</row>");
		if (over)
			buf_puts(&sheet, "<row r=\"2\"><c><v>7</v></c></row>"); /* a byte more */
		buf_puts(&sheet, "</sheetData></worksheet>");
		p[3].data = sheet.data;
		p[3].len = sheet.len;
		buf_reset(&zip);
		CHECK(make_zip(p, 4, &zip));
		clock_gettime(CLOCK_MONOTONIC, &start);
		if (!over) {
			CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_OK);
			CHECK_INT(t.nrows, 1);
			CHECK_INT(t.rows[0].ncells, per_cap);
			CHECK_INT(strlen(t.rows[0].cells[0]), TABLE_MAX_CELL_BYTES);
			CHECK(t.rows[0].cells[0] == t.rows[0].cells[per_cap - 1]); /* one copy */
		} else {
			CHECK_INT(table_read_xlsx(zip.data, zip.len, &a, &t, &err), SAMSYN_ETOOBIG);
			CHECK_INT(t.nrows, 0);
			CHECK_INT(err.line, 2);
			CHECK_INT(err.column, 1);
			CHECK_STR(err.message, "Rad 2: filen har mer än 16 MB text, räknat cell "
					       "för cell (en text som används i flera celler "
					       "räknas en gång för varje cell). Dela upp filen.");
		}
		CHECK(seconds_since(&start) < 1.0);
	}
	buf_release(&strings);
	buf_release(&sheet);
	buf_release(&zip);
	arena_release(&a);
}

TEST_MAIN(T(test_csv_round_trip_keeps_every_cell_and_every_byte),
	  T(test_csv_with_bom_and_crlf_reads_like_plain_utf8),
	  T(test_csv_in_windows_1252_is_converted_to_utf8),
	  T(test_csv_byte_undefined_in_windows_1252_is_refused_with_its_place),
	  T(test_csv_unterminated_quote_names_where_it_begins),
	  T(test_csv_text_after_closing_quote_is_refused),
	  T(test_csv_nul_byte_is_refused_with_its_place),
	  T(test_csv_row_with_more_cells_than_header_is_counted),
	  T(test_csv_blank_lines_at_the_end_are_left_out), T(test_csv_over_the_limits_is_refused),
	  T(test_xlsx_round_trip_keeps_every_cell),
	  T(test_xlsx_writer_refuses_what_excel_cannot_hold),
	  T(test_xlsx_cells_of_every_kind_are_read_as_excel_shows_them),
	  T(test_xlsx_damaged_sheet_is_refused_with_its_place),
	  T(test_xlsx_zip_bomb_is_refused_quickly),
	  T(test_xlsx_archive_of_too_many_entries_is_refused),
	  T(test_xlsx_sheet_with_dtd_or_deep_nesting_or_no_xml_is_refused),
	  T(test_xlsx_damaged_archive_is_refused_and_never_crashes),
	  T(test_activity_plan_2015_reads_as_fifteen_rows_and_survives_export),
	  T(test_csv_more_rows_than_a_sheet_is_refused_with_the_line),
	  T(test_csv_formula_like_cells_get_an_apostrophe_and_read_back_the_same),
	  T(test_xlsx_formula_like_cells_are_strings_never_formulas),
	  T(test_xlsx_row_past_the_last_is_refused_with_the_line),
	  T(test_xlsx_shared_string_in_many_cells_is_counted_for_each))

static void
make_table(struct arena *a, struct table *t, const char *const *cells, size_t nrows, size_t ncols)
{
	t->nrows = nrows;
	t->rows = arena_alloc(a, nrows * sizeof(*t->rows));
	for (size_t i = 0; i < nrows; i++) {
		t->rows[i].line = (int)i + 1;
		t->rows[i].ncells = ncols;
		t->rows[i].cells = arena_alloc(a, ncols * sizeof(char *));
		for (size_t j = 0; j < ncols; j++)
			t->rows[i].cells[j] = cells[i * ncols + j];
	}
}

static void
check_same_cells(const struct table *got, const struct table *want)
{
	CHECK_INT(got->nrows, want->nrows);
	for (size_t i = 0; i < got->nrows && i < want->nrows; i++) {
		CHECK_INT(got->rows[i].ncells, want->rows[i].ncells);
		for (size_t j = 0; j < want->rows[i].ncells; j++)
			CHECK_STR(table_cell(&got->rows[i], j), want->rows[i].cells[j]);
	}
}

/* The same, but for empty cells at the end of a row, which XLSX does not store. */
static void
check_same_text(const struct table *got, const struct table *want)
{
	CHECK_INT(got->nrows, want->nrows);
	for (size_t i = 0; i < got->nrows && i < want->nrows; i++) {
		size_t width = table_row_width(&want->rows[i]);

		CHECK_INT(got->rows[i].ncells, width);
		for (size_t j = 0; j < width; j++)
			CHECK_STR(table_cell(&got->rows[i], j), want->rows[i].cells[j]);
	}
}

static int
read_csv_text(const char *text, struct arena *a, struct table *t, struct table_error *err)
{
	memset(err, 0, sizeof(*err));
	return table_read_csv(text, strlen(text), a, t, err);
}

/* A zip archive of the parts, deflated, built in memory. */
static bool
make_zip(const struct part *parts, size_t n, struct buf *out)
{
	return make_zip_with(parts, n, NULL, out);
}

/* The same, each part encrypted with AES when password is not NULL. */
static bool
make_zip_with(const struct part *parts, size_t n, const char *password, struct buf *out)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_stat_t st;
	char *data = NULL;
	bool ok = false;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		goto out;
	zip_source_keep(src);
	if ((z = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, parts[i].data, parts[i].len, 0);
		zip_int64_t index;

		if (s == NULL ||
		    (index = zip_file_add(z, parts[i].name, s, ZIP_FL_ENC_UTF_8)) < 0) {
			zip_source_free(s);
			zip_discard(z);
			goto out;
		}
		if (password && zip_file_set_encryption(z, (zip_uint64_t)index, ZIP_EM_AES_256,
							password) != 0) {
			zip_discard(z);
			goto out;
		}
	}
	if (zip_close(z) != 0) {
		zip_discard(z);
		goto out;
	}
	zip_stat_init(&st);
	if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
		goto out;
	data = malloc(st.size ? st.size : 1);
	ok = zip_source_read(src, data, st.size) == (zip_int64_t)st.size &&
	     buf_append(out, data, st.size) == SAMSYN_OK;
	zip_source_close(src);
out:
	free(data);
	zip_source_free(src);
	zip_error_fini(&ze);
	return ok;
}

/* The least workbook that points at a sheet: workbook, its relationships, the sheet. */
static bool
make_workbook(const char *sheet_xml, size_t sheet_len, struct buf *out)
{
	const struct part parts[] = {
	    {"xl/workbook.xml", WORKBOOK_XML, strlen(WORKBOOK_XML)},
	    {"xl/_rels/workbook.xml.rels", RELS_XML, strlen(RELS_XML)},
	    {SHEET_PART, sheet_xml, sheet_len},
	};

	return make_zip(parts, 3, out);
}

static double
seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (now.tv_nsec - start->tv_nsec) / 1e9;
}

static void
put_le32(char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (char)(v >> (8 * i));
}

/* Makes the local and central headers of entry name claim size uncompressed bytes, as a
 * hand-made zip bomb would. */
static bool
patch_uncompressed_size(struct buf *zip, const char *name, uint32_t size)
{
	size_t name_len = strlen(name);
	int patched = 0;

	for (size_t i = 0; i + 46 + name_len <= zip->len; i++) {
		char *p = zip->data + i;

		if (memcmp(p, "PK\x03\x04", 4) == 0 && memcmp(p + 30, name, name_len) == 0) {
			put_le32(p + 22, size);
			patched++;
		} else if (memcmp(p, "PK\x01\x02", 4) == 0 && memcmp(p + 46, name, name_len) == 0) {
			put_le32(p + 24, size);
			patched++;
		}
	}
	return patched == 2;
}

static char *
read_fixture(const char *name, size_t *len)
{
	/* tests/data/ beside this file's folder; __FILE__ is relative to the build directory
	 * that meson test runs in. */
	const char *slash = strrchr(__FILE__, '/');
	int dir_len = slash != NULL ? (int)(slash - __FILE__) : 1;
	const char *dir = slash != NULL ? __FILE__ : ".";
	char path[4096];
	struct buf b;
	char chunk[4096];
	size_t got;
	FILE *f;

	snprintf(path, sizeof(path), "%.*s/../data/%s", dir_len, dir, name);
	if ((f = fopen(path, "rb")) == NULL) {
		fprintf(stderr, "%s: cannot open %s\n", test_current, path);
		return NULL;
	}
	buf_init(&b, BUF_MAX_DEFAULT);
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, got);
	fclose(f);
	return buf_detach(&b, len);
}
