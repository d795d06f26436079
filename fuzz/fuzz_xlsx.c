/* fuzz_xlsx.c - XLSX as an uploaded activity plan.
 *
 * An input that begins as a zip archive does is read as a whole XLSX file: that fuzzes
 * the archive layer (libzip's and our limits).  Deflate hides the XML from mutation, so any
 * other input is the XML itself, packed into a workbook here before reading: the bytes up
 * to the first NUL are the sheet, those after it (if any) the shared strings.  Beyond not
 * crashing or hanging: an error has a message; a table that reads has only valid UTF-8
 * cells, rows in increasing order and no blank rows at its end, and CSV can write it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/table.h"
#include "util/utf8.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

static const char workbook_xml[] =
    "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheets>"
    "<sheet name=\"Blad1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels_xml[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" NS_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "</Relationships>";
static const char default_strings_xml[] =
    "<sst xmlns=\"" NS_MAIN "\"><si><t>Mål</t></si><si><r><t>Rik</t></r><r><t> text</t></r>"
    "</si><si><t>_x000D_</t></si></sst>";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_and_check(const void *data, size_t size);
static bool pack_workbook(const uint8_t *data, size_t size, struct buf *out);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf zip;

	if (size >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
		read_and_check(data, size);
		return 0;
	}
	buf_init(&zip, BUF_MAX_DEFAULT);
	if (pack_workbook(data, size, &zip))
		read_and_check(zip.data, zip.len);
	buf_release(&zip);
	return 0;
}

static void
read_and_check(const void *data, size_t size)
{
	struct arena a;
	struct table t;
	struct table_error err;
	struct buf csv;

	arena_init(&a);
	buf_init(&csv, BUF_MAX_DEFAULT);
	if (table_read_xlsx(data, size, &a, &t, &err) != SAMSYN_OK) {
		if (err.message[0] == '\0' || t.nrows != 0)
			__builtin_trap();
		goto cleanup;
	}
	for (size_t i = 0; i < t.nrows; i++) {
		const struct table_row *r = &t.rows[i];

		if (r->line < 1 || r->line > TABLE_MAX_ROWS ||
		    (i > 0 && r->line <= t.rows[i - 1].line) || r->ncells > TABLE_MAX_COLUMNS)
			__builtin_trap();
		for (size_t j = 0; j < r->ncells; j++)
			if (!utf8_valid(r->cells[j], strlen(r->cells[j])))
				__builtin_trap();
	}
	if (t.nrows > 0 && table_row_blank(&t.rows[t.nrows - 1]))
		__builtin_trap();
	if (table_write_csv(&t, &csv) != SAMSYN_OK)
		__builtin_trap();
cleanup:
	buf_release(&csv);
	arena_release(&a);
}

/* A workbook whose sheet (and shared strings) are the input, stored uncompressed. */
static bool
pack_workbook(const uint8_t *data, size_t size, struct buf *out)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t sheet_len = nul ? (size_t)(nul - data) : size;
	const struct {
		const char *name;
		const void *data;
		size_t len;
	} parts[] = {
	    {"xl/workbook.xml", workbook_xml, sizeof(workbook_xml) - 1},
	    {"xl/_rels/workbook.xml.rels", rels_xml, sizeof(rels_xml) - 1},
	    {"xl/worksheets/sheet1.xml", data, sheet_len},
	    {"xl/sharedStrings.xml", nul ? (const void *)(nul + 1) : default_strings_xml,
	     nul ? size - sheet_len - 1 : sizeof(default_strings_xml) - 1},
	};
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_stat_t st;
	bool ok = false;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL)
		goto out;
	zip_source_keep(src);
	if ((z = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL)
		goto out;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		zip_source_t *s = zip_source_buffer(z, parts[i].data, parts[i].len, 0);
		zip_int64_t index;

		if (s == NULL || (index = zip_file_add(z, parts[i].name, s, 0)) < 0) {
			zip_source_free(s);
			zip_discard(z);
			goto out;
		}
		zip_set_file_compression(z, (zip_uint64_t)index, ZIP_CM_STORE, 0);
	}
	if (zip_close(z) != 0) {
		zip_discard(z);
		goto out;
	}
	zip_stat_init(&st);
	if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0)
		goto out;
	{
		char *bytes = malloc(st.size ? st.size : 1);

		ok = bytes && zip_source_read(src, bytes, st.size) == (zip_int64_t)st.size &&
		     buf_append(out, bytes, st.size) == SAMSYN_OK;
		free(bytes);
	}
	zip_source_close(src);
out:
	zip_source_free(src);
	zip_error_fini(&ze);
	return ok;
}
