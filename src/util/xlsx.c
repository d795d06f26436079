/* xlsx.c - reading the first worksheet of an XLSX workbook (libzip and expat) and writing a
 * one-sheet workbook (libxlsxwriter).
 *
 * An XLSX file is a zip archive of XML parts.  The reader follows the workbook's own
 * pointers: xl/workbook.xml names its first sheet by a relationship id, and
 * xl/_rels/workbook.xml.rels maps that id to the sheet's part and names the shared strings
 * part, which holds the text of most text cells.  Each part is decompressed in chunks and
 * fed to expat as it comes, so no part is ever held whole in memory.
 *
 * A file from anywhere may be built to hurt: every part is counted while it is
 * decompressed (a zip header's size is a claim, not a fact), the archive's entries are
 * counted, XML may have no DTD (so no entities of its own, no billion laughs, no external
 * entities) and no deeper nesting than a sheet needs, and a cell that reuses a shared
 * string points at the one copy rather than copying it, while its length is counted for
 * each cell (TABLE_MAX_TEXT_BYTES), so the text the table stands for stays bounded too. */
#include "util/table.h"

#include <expat.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "util/log.h"
#include "util/table_build.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* expat gives a namespaced name as "URI" NS_SEP "local"; URIs hold no spaces. */
#define NS_SEP ' '
/* A sheet nests worksheet/sheetData/row/c/is/r/t: seven.  Room for extensions, no more. */
#define XLSX_MAX_DEPTH 32
#define XLSX_CHUNK 16384
/* Excel's own limit on the text of a cell, in characters. */
#define XLSX_MAX_CELL_CHARS 32767

#define XLSX_WORKBOOK "xl/workbook.xml"
#define XLSX_WORKBOOK_RELS "xl/_rels/workbook.xml.rels"
#define XLSX_BASE "xl/"

#define MSG_BROKEN "Filen är inte en giltig XLSX-fil"

enum cell_type {
	CELL_NUMBER, /* t="n" or no t */
	CELL_SHARED, /* t="s": <v> is an index into the shared strings */
	CELL_INLINE, /* t="inlineStr": the text is in <is> */
	CELL_STRING, /* t="str": a formula's text result */
	CELL_BOOL,   /* t="b" */
	CELL_OTHER,  /* t="e" (an error such as #N/A), t="d" (an ISO 8601 date): as written */
};

struct xlsx {
	zip_t *zip;
	struct arena *arena;
	struct table_error *err;
	int rc; /* the first error a handler met; the parser is stopped then */
	XML_Parser parser;
	const char *part; /* the part being parsed, in Swedish, for messages */
	int depth;
	void (*on_start)(struct xlsx *x, const char *name, const char **attrs);
	void (*on_end)(struct xlsx *x, const char *name);

	/* From the workbook and its relationships. */
	char *sheet_rid, *sheet_part, *strings_part;

	/* Text collected from <t> or <v>; collecting says when character data belongs to it. */
	struct buf text;
	bool collecting;
	int phonetic_depth; /* inside <rPh>: a reading aid for East Asian text, not the text */

	/* The shared strings, each in the arena once, with its length in bytes: a cell that
	 * uses one points at it, and counts its length towards TABLE_MAX_TEXT_BYTES. */
	struct xlsx_string {
		const char *text;
		size_t len;
	} *strings;
	size_t nstrings, strings_cap;
	bool in_si;

	/* The sheet. */
	struct table_builder builder;
	bool in_sheet_data, in_row, in_cell, in_inline;
	int row;       /* the row being read, or the last one */
	size_t column; /* the cell being read, or the last one in the row */
	enum cell_type cell_type;
	bool cell_has_value;
};

static int xlsx_open(struct xlsx *x, const void *data, size_t n);
static int xlsx_parse_part(struct xlsx *x, const char *name, const char *part,
			   void (*on_start)(struct xlsx *, const char *, const char **),
			   void (*on_end)(struct xlsx *, const char *));
static int xlsx_feed(struct xlsx *x, zip_file_t *file);
static int xlsx_fail(struct xlsx *x, int code, int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void xlsx_stop(struct xlsx *x, int code);
static int zip_failure(struct xlsx *x, int zip_code);
static long zip_entries_claimed(const unsigned char *data, size_t n);

static void XMLCALL xml_start(void *user, const char *name, const char **attrs);
static void XMLCALL xml_end(void *user, const char *name);
static void XMLCALL xml_text(void *user, const char *s, int len);
static void XMLCALL xml_doctype(void *user, const char *name, const char *sysid, const char *pubid,
				int has_internal_subset);
static void XMLCALL xml_entity(void *user, const char *name, int is_parameter, const char *value,
			       int value_length, const char *base, const char *sysid,
			       const char *pubid, const char *notation);

static void workbook_start(struct xlsx *x, const char *name, const char **attrs);
static void rels_start(struct xlsx *x, const char *name, const char **attrs);
static void strings_start(struct xlsx *x, const char *name, const char **attrs);
static void strings_end(struct xlsx *x, const char *name);
static void sheet_start(struct xlsx *x, const char *name, const char **attrs);
static void sheet_end(struct xlsx *x, const char *name);
static void sheet_cell_start(struct xlsx *x, const char **attrs);
static void sheet_cell_end(struct xlsx *x);
static void no_end(struct xlsx *x, const char *name);

static void text_begin(struct xlsx *x);
static bool is_element(const char *name, const char *local);
static const char *attr(const char **attrs, const char *local);
static const char *rel_id_attr(const char **attrs);
static char *resolve_target(struct arena *a, const char *target);
static bool parse_row_number(const char *s, int *row);
static bool parse_cell_column(const char *ref, size_t *column);
static bool parse_index(const char *s, size_t *index);
static size_t decode_escapes(char *s, size_t n);
static bool is_escape(const char *s);
static int hex_value(char c);
static size_t put_utf8(char *out, unsigned cp);

static int write_workbook(const struct table *t, const char *path, const char *tmpdir,
			  const char *sheet_name, struct err *e);
static int check_cells(const struct table *t, struct err *e);
static char *escape_underscores(const char *cell);
static int read_file(int fd, struct buf *out, struct err *e);

int
table_read_xlsx(const void *data, size_t n, struct arena *a, struct table *out,
		struct table_error *err)
{
	struct xlsx x = {.arena = a, .err = err};
	int rc;

	out->nrows = 0;
	out->rows = NULL;
	buf_init(&x.text, TABLE_MAX_CELL_BYTES);
	table_builder_init(&x.builder, a, err);
	if ((rc = xlsx_open(&x, data, n)) != SAMSYN_OK)
		goto cleanup;
	if ((rc = xlsx_parse_part(&x, XLSX_WORKBOOK, "arbetsboken", workbook_start, no_end)) !=
	    SAMSYN_OK)
		goto cleanup;
	if (x.sheet_rid == NULL) {
		rc = xlsx_fail(&x, SAMSYN_EINVAL, 0, 0, "Arbetsboken har inget kalkylblad.");
		goto cleanup;
	}
	if ((rc = xlsx_parse_part(&x, XLSX_WORKBOOK_RELS, "arbetsbokens relationer", rels_start,
				  no_end)) != SAMSYN_OK)
		goto cleanup;
	if (x.sheet_part == NULL) {
		rc = xlsx_fail(&x, SAMSYN_EINVAL, 0, 0,
			       MSG_BROKEN ": arbetsboken pekar på ett kalkylblad som inte finns.");
		goto cleanup;
	}
	if (x.strings_part && (rc = xlsx_parse_part(&x, x.strings_part, "de delade texterna",
						    strings_start, strings_end)) != SAMSYN_OK)
		goto cleanup;
	if ((rc = xlsx_parse_part(&x, x.sheet_part, "kalkylbladet", sheet_start, sheet_end)) !=
	    SAMSYN_OK)
		goto cleanup;
	table_builder_finish(&x.builder, out);
cleanup:
	if (x.zip)
		zip_discard(x.zip);
	table_builder_release(&x.builder);
	buf_release(&x.text);
	free(x.strings);
	return rc;
}

int
table_write_xlsx(const struct table *t, const char *sheet_name, struct buf *out, struct err *e)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[4096];
	size_t start = out->len;
	int fd = -1, rc, len;

	if ((rc = check_cells(t, e)) != SAMSYN_OK)
		return rc;
	if (tmpdir == NULL || tmpdir[0] == '\0')
		tmpdir = "/tmp";
	len = snprintf(path, sizeof(path), "%s/samsyn-xlsx-XXXXXX", tmpdir);
	if (len < 0 || (size_t)len >= sizeof(path))
		return err_set(e, SAMSYN_EIO, NULL,
			       "Katalogen för temporära filer har för långt "
			       "namn (TMPDIR).");
	if ((fd = mkstemp(path)) < 0)
		return err_set(e, SAMSYN_EIO, NULL,
			       "Det gick inte att skapa en temporär fil för XLSX-filen.");
	if ((rc = write_workbook(t, path, tmpdir, sheet_name, e)) != SAMSYN_OK)
		goto cleanup;
	if ((rc = read_file(fd, out, e)) != SAMSYN_OK && out->data) {
		out->len = start; /* no half workbook for the caller to send */
		out->data[start] = '\0';
	}
cleanup:
	close(fd);
	unlink(path);
	return rc;
}

/* Opens the archive in data, which stays the caller's. */
static int
xlsx_open(struct xlsx *x, const void *data, size_t n)
{
	zip_source_t *src;
	zip_error_t zerr;
	zip_int64_t entries;
	int rc;

	if (n > TABLE_MAX_FILE_BYTES)
		return xlsx_fail(x, SAMSYN_ETOOBIG, 0, 0,
				 "Filen är för stor: den får vara högst %zu MB.",
				 TABLE_MAX_FILE_BYTES / (1024 * 1024));
	/* Before libzip reads a directory of any size: the count the archive claims. */
	if (zip_entries_claimed(data, n) > TABLE_XLSX_MAX_ENTRIES)
		return xlsx_fail(x, SAMSYN_EINVAL, 0, 0,
				 MSG_BROKEN ": zip-arkivet har fler än %d delar.",
				 TABLE_XLSX_MAX_ENTRIES);
	zip_error_init(&zerr);
	if ((src = zip_source_buffer_create(data, n, 0, &zerr)) == NULL) {
		rc = zip_failure(x, zip_error_code_zip(&zerr));
		zip_error_fini(&zerr);
		return rc;
	}
	/* ZIP_CHECKCONS: the local headers must agree with the central directory. */
	if ((x->zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr)) == NULL) {
		zip_source_free(src);
		rc = zip_failure(x, zip_error_code_zip(&zerr));
		zip_error_fini(&zerr);
		return rc;
	}
	zip_error_fini(&zerr);
	entries = zip_get_num_entries(x->zip, 0);
	if (entries > TABLE_XLSX_MAX_ENTRIES)
		return xlsx_fail(x, SAMSYN_EINVAL, 0, 0,
				 MSG_BROKEN ": zip-arkivet har fler än %d delar.",
				 TABLE_XLSX_MAX_ENTRIES);
	return SAMSYN_OK;
}

/* The entry count in the end of central directory record, or -1 when there is none or it
 * is a ZIP64 archive's (which libzip's count then covers).  The record is the last 22
 * bytes, followed by a comment of at most 65,535 bytes. */
static long
zip_entries_claimed(const unsigned char *data, size_t n)
{
	static const unsigned char eocd[4] = {'P', 'K', 0x05, 0x06};
	size_t lowest = n > 22 + 65535 ? n - 22 - 65535 : 0;
	long entries;

	if (n < 22)
		return -1;
	for (size_t i = n - 22 + 1; i-- > lowest;) {
		if (memcmp(data + i, eocd, sizeof(eocd)) != 0)
			continue;
		entries = (long)data[i + 10] | (long)data[i + 11] << 8;
		return entries == 0xFFFF ? -1 : entries;
	}
	return -1;
}

/* Parses the part called name with the given handlers; part names it in messages. */
static int
xlsx_parse_part(struct xlsx *x, const char *name, const char *part,
		void (*on_start)(struct xlsx *, const char *, const char **),
		void (*on_end)(struct xlsx *, const char *))
{
	zip_file_t *file = NULL;
	zip_int64_t index;
	zip_stat_t st;
	int rc = SAMSYN_OK;

	x->part = part;
	if ((index = zip_name_locate(x->zip, name, 0)) < 0)
		return xlsx_fail(x, SAMSYN_EINVAL, 0, 0, MSG_BROKEN ": %s saknas.", part);
	zip_stat_init(&st);
	if (zip_stat_index(x->zip, (zip_uint64_t)index, 0, &st) != 0)
		return zip_failure(x, zip_error_code_zip(zip_get_error(x->zip)));
	/* The header's claim is enough to refuse; xlsx_feed counts what really comes. */
	if ((st.valid & ZIP_STAT_SIZE) && st.size > TABLE_XLSX_MAX_ENTRY_BYTES)
		return xlsx_fail(x, SAMSYN_ETOOBIG, 0, 0,
				 "Filen blir för stor när den packas upp: %s blir över %zu "
				 "MB.",
				 part, TABLE_XLSX_MAX_ENTRY_BYTES / (1024 * 1024));
	if ((file = zip_fopen_index(x->zip, (zip_uint64_t)index, 0)) == NULL)
		return zip_failure(x, zip_error_code_zip(zip_get_error(x->zip)));

	if ((x->parser = XML_ParserCreateNS(NULL, NS_SEP)) == NULL) {
		rc = xlsx_fail(x, SAMSYN_EINTERNAL, 0, 0,
			       "Det gick inte att läsa XML (minnet "
			       "tog slut).");
		goto cleanup;
	}
	x->on_start = on_start;
	x->on_end = on_end;
	x->depth = 0;
	x->collecting = false;
	x->phonetic_depth = 0;
	XML_SetUserData(x->parser, x);
	XML_SetElementHandler(x->parser, xml_start, xml_end);
	XML_SetCharacterDataHandler(x->parser, xml_text);
	/* No DTD at all: OOXML parts never have one, and without one there are no entities
	 * to expand or fetch.  Expat also never fetches external entities unless given a
	 * handler for them, and (since 2.4) limits entity amplification by itself. */
	XML_SetStartDoctypeDeclHandler(x->parser, xml_doctype);
	XML_SetEntityDeclHandler(x->parser, xml_entity);
	XML_SetParamEntityParsing(x->parser, XML_PARAM_ENTITY_PARSING_NEVER);
	rc = xlsx_feed(x, file);
cleanup:
	if (x->parser)
		XML_ParserFree(x->parser);
	x->parser = NULL;
	zip_fclose(file);
	return rc;
}

/* Decompresses file chunk by chunk into the parser, counting the bytes. */
static int
xlsx_feed(struct xlsx *x, zip_file_t *file)
{
	char chunk[XLSX_CHUNK];
	size_t total = 0;

	for (;;) {
		zip_int64_t got = zip_fread(file, chunk, sizeof(chunk));
		int final = got == 0;

		if (got < 0)
			return zip_failure(x, zip_error_code_zip(zip_file_get_error(file)));
		total += (size_t)got;
		if (total > TABLE_XLSX_MAX_ENTRY_BYTES)
			return xlsx_fail(x, SAMSYN_ETOOBIG, 0, 0,
					 "Filen blir för stor när den packas upp: %s blir över %zu "
					 "MB.",
					 x->part, TABLE_XLSX_MAX_ENTRY_BYTES / (1024 * 1024));
		if (XML_Parse(x->parser, chunk, (int)got, final) != XML_STATUS_OK) {
			if (x->rc != SAMSYN_OK)
				return x->rc;
			return xlsx_fail(x, SAMSYN_EINVAL, 0, 0,
					 MSG_BROKEN ": %s är inte korrekt XML.", x->part);
		}
		if (x->rc != SAMSYN_OK)
			return x->rc;
		if (final)
			return SAMSYN_OK;
	}
}

/* Records the first error, stops the parser if one runs, and returns x->rc. */
static int
xlsx_fail(struct xlsx *x, int code, int line, int column, const char *fmt, ...)
{
	va_list ap;

	if (x->rc != SAMSYN_OK)
		return x->rc;
	x->rc = code;
	if (x->err) {
		x->err->line = line;
		x->err->column = column;
		va_start(ap, fmt);
		vsnprintf(x->err->message, sizeof(x->err->message), fmt, ap);
		va_end(ap);
	}
	if (x->parser)
		XML_StopParser(x->parser, XML_FALSE);
	return code;
}

/* Stops on an error whose message the table builder has written already. */
static void
xlsx_stop(struct xlsx *x, int code)
{
	if (x->rc != SAMSYN_OK)
		return;
	x->rc = code;
	if (x->parser)
		XML_StopParser(x->parser, XML_FALSE);
}

static int
zip_failure(struct xlsx *x, int zip_code)
{
	switch (zip_code) {
	case ZIP_ER_NOZIP:
		return xlsx_fail(x, SAMSYN_EINVAL, 0, 0,
				 "Filen är ingen Excel-fil (.xlsx), eller så är den skadad.");
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
	case ZIP_ER_ENCRNOTSUPP:
		return xlsx_fail(x, SAMSYN_EINVAL, 0, 0,
				 "Filen är krypterad eller lösenordsskyddad. Spara den utan "
				 "lösenord och försök igen.");
	case ZIP_ER_MEMORY:
		return xlsx_fail(x, SAMSYN_EINTERNAL, 0, 0,
				 "Minnet tog slut när filen packades upp.");
	default:
		return xlsx_fail(x, SAMSYN_EINVAL, 0, 0, MSG_BROKEN ": zip-arkivet är skadat.");
	}
}

static void XMLCALL
xml_start(void *user, const char *name, const char **attrs)
{
	struct xlsx *x = user;

	if (x->rc != SAMSYN_OK)
		return;
	if (++x->depth > XLSX_MAX_DEPTH) {
		xlsx_fail(x, SAMSYN_EINVAL, 0, 0, MSG_BROKEN ": %s är nästlad för djupt.", x->part);
		return;
	}
	if (is_element(name, "rPh"))
		x->phonetic_depth++;
	x->on_start(x, name, attrs);
}

static void XMLCALL
xml_end(void *user, const char *name)
{
	struct xlsx *x = user;

	if (x->rc != SAMSYN_OK)
		return;
	x->depth--;
	x->on_end(x, name);
	if (is_element(name, "rPh"))
		x->phonetic_depth--;
}

static void XMLCALL
xml_text(void *user, const char *s, int len)
{
	struct xlsx *x = user;

	if (x->rc != SAMSYN_OK || !x->collecting || x->phonetic_depth > 0)
		return;
	if (buf_append(&x->text, s, (size_t)len) != SAMSYN_OK) {
		if (x->in_cell)
			xlsx_fail(x, SAMSYN_EINVAL, x->row, (int)x->column,
				  "Cellen på rad %d, kolumn %zu är för lång: högst %zu byte får "
				  "plats.",
				  x->row, x->column, TABLE_MAX_CELL_BYTES);
		else
			xlsx_fail(x, SAMSYN_EINVAL, 0, 0,
				  "En text i filen är för lång: högst %zu byte får plats i en "
				  "cell.",
				  TABLE_MAX_CELL_BYTES);
	}
}

static void XMLCALL
xml_doctype(void *user, const char *name, const char *sysid, const char *pubid,
	    int has_internal_subset)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
	xlsx_fail(user, SAMSYN_EINVAL, 0, 0,
		  MSG_BROKEN ": den innehåller en DTD, vilket Excel aldrig skriver.");
}

static void XMLCALL
xml_entity(void *user, const char *name, int is_parameter, const char *value, int value_length,
	   const char *base, const char *sysid, const char *pubid, const char *notation)
{
	(void)name, (void)is_parameter, (void)value, (void)value_length, (void)base;
	(void)sysid, (void)pubid, (void)notation;
	xlsx_fail(user, SAMSYN_EINVAL, 0, 0,
		  MSG_BROKEN ": den innehåller en DTD, vilket Excel aldrig skriver.");
}

/* <sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/>...: the first one. */
static void
workbook_start(struct xlsx *x, const char *name, const char **attrs)
{
	const char *rid;

	if (x->sheet_rid || !is_element(name, "sheet"))
		return;
	if ((rid = rel_id_attr(attrs)) == NULL) {
		xlsx_fail(x, SAMSYN_EINVAL, 0, 0, MSG_BROKEN ": kalkylbladet saknar id.");
		return;
	}
	x->sheet_rid = arena_strdup(x->arena, rid);
}

/* <Relationship Id="rId1" Type=".../worksheet" Target="worksheets/sheet1.xml"/> */
static void
rels_start(struct xlsx *x, const char *name, const char **attrs)
{
	const char *id = attr(attrs, "Id"), *type = attr(attrs, "Type");
	const char *target = attr(attrs, "Target"), *mode = attr(attrs, "TargetMode");
	static const char strings_type[] = "/sharedStrings";
	size_t type_len;

	if (!is_element(name, "Relationship") || id == NULL || type == NULL || target == NULL)
		return;
	if (mode && strcmp(mode, "External") == 0)
		return; /* a link out of the file: never followed */
	type_len = strlen(type);
	if (x->sheet_part == NULL && strcmp(id, x->sheet_rid) == 0)
		x->sheet_part = resolve_target(x->arena, target);
	else if (x->strings_part == NULL && type_len >= sizeof(strings_type) - 1 &&
		 strcmp(type + type_len - (sizeof(strings_type) - 1), strings_type) == 0)
		x->strings_part = resolve_target(x->arena, target);
}

/* <sst><si><t>text</t></si><si><r><t>rich</t></r><r><t> text</t></r></si>...</sst> */
static void
strings_start(struct xlsx *x, const char *name, const char **attrs)
{
	(void)attrs;
	if (is_element(name, "si")) {
		x->in_si = true;
		text_begin(x);
		x->collecting = false;
	} else if (x->in_si && is_element(name, "t")) {
		x->collecting = true;
	}
}

static void
strings_end(struct xlsx *x, const char *name)
{
	size_t len;

	if (is_element(name, "t")) {
		x->collecting = false;
	} else if (x->in_si && is_element(name, "si")) {
		x->in_si = false;
		if (x->nstrings == x->strings_cap) {
			x->strings_cap = x->strings_cap ? x->strings_cap * 2 : 256;
			x->strings = xrealloc(x->strings, x->strings_cap * sizeof(*x->strings));
		}
		len = decode_escapes(x->text.data ? x->text.data : (char *)"", x->text.len);
		if (!utf8_valid(x->text.data ? x->text.data : "", len)) {
			xlsx_fail(x, SAMSYN_EINVAL, 0, 0,
				  MSG_BROKEN ": en text i filen är inte giltig UTF-8.");
			return;
		}
		x->strings[x->nstrings].text =
		    len ? arena_strndup(x->arena, x->text.data, len) : "";
		x->strings[x->nstrings++].len = len;
	}
}

/* <sheetData><row r="2"><c r="A2" t="s"><v>0</v></c>...</row>...</sheetData> */
static void
sheet_start(struct xlsx *x, const char *name, const char **attrs)
{
	const char *r;
	int row;

	if (is_element(name, "sheetData")) {
		x->in_sheet_data = true;
	} else if (!x->in_sheet_data) {
		return;
	} else if (is_element(name, "row")) {
		if (x->in_row) {
			xlsx_fail(x, SAMSYN_EINVAL, x->row, 0,
				  MSG_BROKEN ": rad %d ligger inuti en annan rad.", x->row);
			return;
		}
		row = x->row + 1;
		if ((r = attr(attrs, "r")) != NULL && *r && strspn(r, "0123456789") == strlen(r) &&
		    !parse_row_number(r, &row)) {
			/* Digits past Excel's last row: a sheet too long, not a damaged file. */
			xlsx_fail(x, SAMSYN_ETOOBIG,
				  strlen(r) <= 9 ? (int)strtol(r, NULL, 10) : TABLE_MAX_ROWS + 1, 0,
				  "Rad %.12s: filen har fler än " TABLE_MAX_ROWS_TEXT
				  " rader, fler än ett kalkylblad kan ha.",
				  r);
			return;
		}
		if (r != NULL && !parse_row_number(r, &row)) {
			xlsx_fail(x, SAMSYN_EINVAL, x->row + 1, 0,
				  MSG_BROKEN ": raden efter rad %d har ett ogiltigt nummer.",
				  x->row);
			return;
		}
		if (row <= x->row) {
			xlsx_fail(x, SAMSYN_EINVAL, row, 0,
				  MSG_BROKEN ": rad %d kommer efter rad %d.", row, x->row);
			return;
		}
		x->row = row;
		x->column = 0;
		x->in_row = true;
	} else if (is_element(name, "c")) {
		sheet_cell_start(x, attrs);
	} else if (x->in_cell && is_element(name, "v")) {
		text_begin(x);
	} else if (x->in_cell && is_element(name, "is")) {
		x->in_inline = true;
		text_begin(x);
		x->collecting = false;
	} else if (x->in_inline && is_element(name, "t")) {
		x->collecting = true;
	}
}

static void
sheet_end(struct xlsx *x, const char *name)
{
	if (!x->in_sheet_data)
		return;
	if (is_element(name, "sheetData")) {
		x->in_sheet_data = false;
	} else if (x->in_cell && (is_element(name, "v") || is_element(name, "t"))) {
		x->collecting = false;
	} else if (x->in_cell && is_element(name, "is")) {
		x->in_inline = false;
	} else if (x->in_cell && is_element(name, "c")) {
		sheet_cell_end(x);
	} else if (x->in_row && is_element(name, "row")) {
		x->in_row = false;
		if (table_builder_end_row(&x->builder, x->row) != SAMSYN_OK)
			xlsx_stop(x, SAMSYN_ETOOBIG);
	}
}

static void
sheet_cell_start(struct xlsx *x, const char **attrs)
{
	const char *ref = attr(attrs, "r"), *type = attr(attrs, "t");
	size_t column = x->column + 1;

	if (!x->in_row || x->in_cell) {
		xlsx_fail(x, SAMSYN_EINVAL, x->row, 0,
			  MSG_BROKEN ": en cell ligger utanför en rad (efter rad %d).", x->row);
		return;
	}
	if (ref && !parse_cell_column(ref, &column)) {
		xlsx_fail(x, SAMSYN_EINVAL, x->row, (int)column,
			  MSG_BROKEN ": en cell på rad %d har en ogiltig cellreferens.", x->row);
		return;
	}
	if (column <= x->column) {
		xlsx_fail(x, SAMSYN_EINVAL, x->row, (int)column,
			  MSG_BROKEN ": cellerna på rad %d står i fel ordning.", x->row);
		return;
	}
	x->column = column;
	x->in_cell = true;
	x->in_inline = false;
	x->cell_has_value = false;
	if (type == NULL || strcmp(type, "n") == 0)
		x->cell_type = CELL_NUMBER;
	else if (strcmp(type, "s") == 0)
		x->cell_type = CELL_SHARED;
	else if (strcmp(type, "inlineStr") == 0)
		x->cell_type = CELL_INLINE;
	else if (strcmp(type, "str") == 0)
		x->cell_type = CELL_STRING;
	else if (strcmp(type, "b") == 0)
		x->cell_type = CELL_BOOL;
	else
		x->cell_type = CELL_OTHER;
	buf_reset(&x->text);
	x->collecting = false;
}

/* Places the finished cell in its column; a cell without a value only formats an empty
 * one, and is left to the padding of a later cell. */
static void
sheet_cell_end(struct xlsx *x)
{
	struct table_builder *b = &x->builder;
	int line = x->row, column = (int)x->column;
	char *text = x->text.data ? x->text.data : (char *)"";
	size_t len = x->text.len, index;
	int rc;

	x->in_cell = false;
	x->in_inline = false;
	x->collecting = false;
	if (!x->cell_has_value)
		return;
	if ((rc = table_builder_pad(b, x->column, line)) != SAMSYN_OK) {
		xlsx_stop(x, rc);
		return;
	}
	switch (x->cell_type) {
	case CELL_SHARED:
		if (!parse_index(text, &index) || index >= x->nstrings) {
			xlsx_fail(x, SAMSYN_EINVAL, line, column,
				  MSG_BROKEN ": cellen på rad %d, kolumn %d pekar på en text som "
					     "inte finns.",
				  line, column);
			return;
		}
		/* The one copy in the arena, however many cells use it. */
		rc = table_builder_cell_ref(b, x->strings[index].text, x->strings[index].len, line,
					    column);
		break;
	case CELL_BOOL:
		if (strcmp(text, "1") == 0)
			rc = table_builder_cell_ref(b, "SANT", 4, line, column);
		else if (strcmp(text, "0") == 0)
			rc = table_builder_cell_ref(b, "FALSKT", 6, line, column);
		else
			rc = table_builder_cell(b, text, len, line, column);
		break;
	case CELL_NUMBER:
		/* Stored with '.', shown by Swedish Excel with ','. */
		for (size_t i = 0; i < len; i++)
			if (text[i] == '.')
				text[i] = ',';
		rc = table_builder_cell(b, text, len, line, column);
		break;
	case CELL_INLINE:
	case CELL_STRING:
		len = decode_escapes(text, len);
		rc = table_builder_cell(b, text, len, line, column);
		break;
	case CELL_OTHER:
	default:
		rc = table_builder_cell(b, text, len, line, column);
		break;
	}
	if (rc != SAMSYN_OK)
		xlsx_stop(x, rc);
}

static void
no_end(struct xlsx *x, const char *name)
{
	(void)x, (void)name;
}

/* Starts collecting text for a value: <v> of a cell, <t> of a string. */
static void
text_begin(struct xlsx *x)
{
	buf_reset(&x->text);
	x->collecting = true;
	if (x->in_cell)
		x->cell_has_value = true;
}

/* True when the namespaced name from expat has this local part, whatever its namespace:
 * transitional and strict OOXML use different ones. */
static bool
is_element(const char *name, const char *local)
{
	const char *sep = strrchr(name, NS_SEP);

	return strcmp(sep ? sep + 1 : name, local) == 0;
}

/* An attribute without a namespace. */
static const char *
attr(const char **attrs, const char *local)
{
	for (size_t i = 0; attrs[i]; i += 2)
		if (strchr(attrs[i], NS_SEP) == NULL && strcmp(attrs[i], local) == 0)
			return attrs[i + 1];
	return NULL;
}

/* r:id, in the relationships namespace (".../officeDocument/2006/relationships" or the
 * strict one, ".../officeDocument/relationships"). */
static const char *
rel_id_attr(const char **attrs)
{
	static const char suffix[] = "/relationships id";

	for (size_t i = 0; attrs[i]; i += 2) {
		size_t len = strlen(attrs[i]);

		if (len >= sizeof(suffix) - 1 &&
		    strcmp(attrs[i] + len - (sizeof(suffix) - 1), suffix) == 0)
			return attrs[i + 1];
	}
	return NULL;
}

/* A target relative to xl/, or absolute from the archive's root. */
static char *
resolve_target(struct arena *a, const char *target)
{
	if (target[0] == '/')
		return arena_strdup(a, target + 1);
	while (strncmp(target, "./", 2) == 0)
		target += 2;
	return arena_printf(a, "%s%s", XLSX_BASE, target);
}

static bool
parse_row_number(const char *s, int *row)
{
	long value = 0;

	if (*s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		value = value * 10 + (*s - '0');
		if (value > TABLE_MAX_ROWS)
			return false;
	}
	if (value < 1)
		return false;
	*row = (int)value;
	return true;
}

/* The column of a reference such as "B12" or "AA3": A is 1. */
static bool
parse_cell_column(const char *ref, size_t *column)
{
	size_t value = 0, letters = 0;
	const char *p = ref;

	for (; *p >= 'A' && *p <= 'Z'; p++) {
		value = value * 26 + (size_t)(*p - 'A' + 1);
		if (++letters > 3 || value > TABLE_MAX_COLUMNS)
			return false;
	}
	if (letters == 0 || *p == '\0')
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	*column = value;
	return true;
}

static bool
parse_index(const char *s, size_t *index)
{
	size_t value = 0;

	if (*s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || value > (SIZE_MAX - 9) / 10)
			return false;
		value = value * 10 + (size_t)(*s - '0');
	}
	*index = value;
	return true;
}

/* Excel writes a character that XML cannot hold (a control character) as _xHHHH_, and a
 * literal "_x" that would look like one as _x005F_x.  Decodes them in place (the result is
 * never longer) and returns the new length.  _x0000_ and surrogates stay as written. */
static size_t
decode_escapes(char *s, size_t n)
{
	size_t in = 0, out = 0;

	while (in < n) {
		if (n - in >= 7 && is_escape(s + in)) {
			unsigned cp = 0;

			for (size_t k = 2; k < 6; k++)
				cp = cp * 16 + (unsigned)hex_value(s[in + k]);
			if (cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
				out += put_utf8(s + out, cp);
				in += 7;
				continue;
			}
		}
		s[out++] = s[in++];
	}
	if (n)
		s[out] = '\0';
	return out;
}

/* "_xHHHH_" at s, which has at least seven bytes or a NUL before them. */
static bool
is_escape(const char *s)
{
	if (s[0] != '_' || s[1] != 'x')
		return false;
	for (size_t k = 2; k < 6; k++)
		if (hex_value(s[k]) < 0)
			return false;
	return s[6] == '_';
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A code point below 0x10000 as UTF-8: at most three bytes. */
static size_t
put_utf8(char *out, unsigned cp)
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

/* What libxlsxwriter would refuse, or Excel would not open, refused first with a message. */
static int
check_cells(const struct table *t, struct err *e)
{
	if (t->nrows > TABLE_MAX_ROWS)
		return err_set(e, SAMSYN_ETOOBIG, NULL,
			       "Tabellen har fler rader än Excel tar (%d).", TABLE_MAX_ROWS);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct table_row *r = &t->rows[i];

		if (r->ncells > TABLE_MAX_COLUMNS)
			return err_set(e, SAMSYN_ETOOBIG, NULL,
				       "Rad %zu har fler kolumner än Excel tar (%d).", i + 1,
				       TABLE_MAX_COLUMNS);
		for (size_t j = 0; j < r->ncells; j++) {
			const char *cell = r->cells[j];

			if (!utf8_valid(cell, strlen(cell)))
				return err_set(e, SAMSYN_EINVAL, NULL,
					       "Cellen på rad %zu, kolumn %zu är inte giltig "
					       "UTF-8.",
					       i + 1, j + 1);
			if (utf8_chars(cell) > XLSX_MAX_CELL_CHARS)
				return err_set(e, SAMSYN_EINVAL, NULL,
					       "Cellen på rad %zu, kolumn %zu är längre än Excel "
					       "tar (%d tecken).",
					       i + 1, j + 1, XLSX_MAX_CELL_CHARS);
		}
	}
	return SAMSYN_OK;
}

/* libxlsxwriter escapes control characters as _xHHHH_ but leaves a literal "_x0041_"
 * alone, which Excel (and our reader) would then show as "A".  Excel's own escape for it
 * is "_x005F_x0041_".  Returns a heap copy, or NULL when the cell needs none. */
static char *
escape_underscores(const char *cell)
{
	size_t len = strlen(cell), out = 0;
	char *copy;

	if (strstr(cell, "_x") == NULL)
		return NULL;
	/* Each escape adds six bytes to seven: less than double. */
	copy = xmalloc(2 * len + 1);
	for (size_t i = 0; i < len; i++) {
		if (len - i >= 7 && is_escape(cell + i)) {
			memcpy(copy + out, "_x005F", 6);
			out += 6;
		}
		copy[out++] = cell[i];
	}
	copy[out] = '\0';
	return copy;
}

static int
write_workbook(const struct table *t, const char *path, const char *tmpdir, const char *sheet_name,
	       struct err *e)
{
	lxw_workbook_options options = {
	    .constant_memory = LXW_FALSE, .tmpdir = (char *)tmpdir, .use_zip64 = LXW_FALSE};
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *wrap, *bold_wrap;
	lxw_error lerr = LXW_NO_ERROR;
	size_t widest = 0;
	int rc = SAMSYN_OK;

	if ((wb = workbook_new_opt(path, &options)) == NULL)
		return err_set(e, SAMSYN_EIO, NULL, "Det gick inte att skapa XLSX-filen.");
	if (sheet_name == NULL || workbook_validate_sheet_name(wb, sheet_name) != LXW_NO_ERROR) {
		rc = err_set(e, SAMSYN_EINVAL, NULL,
			     "Bladets namn får ha högst 31 tecken och inte innehålla "
			     "[ ] : * ? / eller \\.");
		goto cleanup;
	}
	if ((ws = workbook_add_worksheet(wb, sheet_name)) == NULL) {
		rc = err_set(e, SAMSYN_EIO, NULL, "Det gick inte att skapa XLSX-filen.");
		goto cleanup;
	}
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	bold_wrap = workbook_add_format(wb);
	format_set_bold(bold_wrap);
	format_set_text_wrap(bold_wrap);

	for (size_t i = 0; i < t->nrows && lerr == LXW_NO_ERROR; i++) {
		const struct table_row *r = &t->rows[i];

		if (r->ncells > widest)
			widest = r->ncells;
		for (size_t j = 0; j < r->ncells && lerr == LXW_NO_ERROR; j++) {
			const char *cell = r->cells[j];
			bool multiline = strchr(cell, '\n') != NULL;
			lxw_format *format =
			    i == 0 ? (multiline ? bold_wrap : bold) : (multiline ? wrap : NULL);
			char *escaped;

			if (cell[0] == '\0')
				continue;
			escaped = escape_underscores(cell);
			lerr = worksheet_write_string(ws, (lxw_row_t)i, (lxw_col_t)j,
						      escaped ? escaped : cell, format);
			free(escaped);
		}
	}
	/* Wide enough to read a sentence; wrapped cells grow downwards. */
	if (lerr == LXW_NO_ERROR && widest > 0)
		lerr = worksheet_set_column(ws, 0, (lxw_col_t)(widest - 1), 30, NULL);
	if (lerr == LXW_NO_ERROR && t->nrows > 1)
		worksheet_freeze_panes(ws, 1, 0);
	if (lerr != LXW_NO_ERROR) {
		log_error("xlsx: libxlsxwriter: %s", lxw_strerror(lerr));
		rc = err_set(e, SAMSYN_EINVAL, NULL, "Det gick inte att skriva XLSX-filen.");
		goto cleanup;
	}
	/* Writes the file and frees the workbook, whatever it returns. */
	lerr = workbook_close(wb);
	wb = NULL;
	if (lerr != LXW_NO_ERROR) {
		log_error("xlsx: libxlsxwriter: %s", lxw_strerror(lerr));
		rc = err_set(e, SAMSYN_EIO, NULL, "Det gick inte att skriva XLSX-filen.");
	}
cleanup:
	lxw_workbook_free(wb);
	return rc;
}

static int
read_file(int fd, struct buf *out, struct err *e)
{
	char chunk[XLSX_CHUNK];
	ssize_t got;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return err_set(e, SAMSYN_EIO, NULL,
			       "Det gick inte att läsa den skrivna XLSX-filen.");
	while ((got = read(fd, chunk, sizeof(chunk))) != 0) {
		if (got < 0)
			return err_set(e, SAMSYN_EIO, NULL,
				       "Det gick inte att läsa den skrivna XLSX-filen.");
		if (buf_append(out, chunk, (size_t)got) != SAMSYN_OK)
			return err_set(e, SAMSYN_ETOOBIG, NULL, "XLSX-filen blev för stor.");
	}
	return SAMSYN_OK;
}
