/* web_org.c - the administrator's pages for sectors, units and functions. */
#include <stdio.h>
#include <string.h>

#include "domain/org.h"
#include "web/page.h"
#include "web/web_routes.h"

static const struct org_page {
	const char *base;   /* /admin/sectors */
	const char *title;  /* Sektorer */
	const char *one;    /* sektor */
	const char *add;    /* Ny sektor */
} pages[] = {
	[ORG_SECTOR] = {"/admin/sectors", "Sektorer", "sektor", "Ny sektor"},
	[ORG_UNIT] = {"/admin/units", "Enheter", "enhet", "Ny enhet"},
	[ORG_FUNCTION] = {"/admin/functions", "Funktioner", "funktion", "Ny funktion"},
};

struct org_rows {
	struct http_req *r;
	enum org_type type;
	struct page_option *sectors;
	int nsectors;
};

static const char *
org_sector_name(const struct org_rows *rows, int64_t id)
{
	char key[24];

	snprintf(key, sizeof(key), "%lld", (long long)id);
	for (int i = 0; i < rows->nsectors; i++)
		if (strcmp(rows->sectors[i].value, key) == 0)
			return rows->sectors[i].label;
	return "";
}

static void
org_row(const struct org_item *it, void *arg)
{
	struct org_rows *rows = arg;
	struct buf *b = &rows->r->out;

	html_f(b, "<tr><td><a href=\"%s/%lld\">%s</a></td>", pages[rows->type].base,
	       (long long)it->id, it->name);
	if (rows->type == ORG_SECTOR)
		html_f(b, "<td>%s</td>", org_kind_label(it->kind));
	if (rows->type == ORG_UNIT)
		html_f(b, "<td>%s</td>", org_sector_name(rows, it->sector_id));
	html_f(b, "<td>%s%s</td></tr>\n", it->active ? "Aktiv" : "Inaktiverad",
	       it->intake ? ", tar emot orosanmälningar" : "");
}

static void
org_sector_option(const struct org_item *it, void *arg)
{
	struct org_rows *rows = arg;

	if (rows->nsectors >= 256)
		return;
	rows->sectors[rows->nsectors].value = arena_printf(&rows->r->arena, "%lld",
							   (long long)it->id);
	rows->sectors[rows->nsectors].label =
		it->active ? it->name : arena_printf(&rows->r->arena, "%s (inaktiverad)", it->name);
	rows->nsectors++;
}

static int
org_load_sectors(struct http_req *r, struct org_rows *rows)
{
	struct err e;

	rows->sectors = arena_alloc(&r->arena, 256 * sizeof(*rows->sectors));
	rows->nsectors = 0;
	return org_list(&r->tx, ORG_SECTOR, org_sector_option, rows, &e);
}

static void
org_kind_select(struct http_req *r, const char *selected)
{
	struct page_option opts[8];
	int n = 0;

	for (int i = 0; org_kinds[i]; i++, n++)
		opts[n] = (struct page_option){org_kinds[i], org_kind_label(org_kinds[i])};
	page_select(r, "kind", "Slag", opts, n, selected);
}

/* The fields of the create and edit forms. */
static void
org_fields(struct http_req *r, struct org_rows *rows, const struct org_item *it)
{
	char sector[24];

	page_input(r, "name", "Namn", "text", page_value(r, "name", it ? it->name : ""), "off",
		   true);
	if (rows->type == ORG_SECTOR)
		org_kind_select(r, page_value(r, "kind", it ? it->kind : "social"));
	if (rows->type == ORG_UNIT) {
		snprintf(sector, sizeof(sector), "%lld", it ? (long long)it->sector_id : 0LL);
		page_select(r, "sector_id", "Sektor", rows->sectors, rows->nsectors,
			    page_value(r, "sector_id", sector));
		page_checkbox(r, "intake", "Tar emot orosanmälningar (mottagning)",
			      r->form_parsed ? http_form(r, "intake") != NULL
					     : it != NULL && it->intake);
	}
}

static int
org_list_page(struct http_req *r, enum org_type t, int status)
{
	struct org_rows rows = {.r = r, .type = t};
	const struct org_page *p = &pages[t];
	struct err e;
	int rc;

	if ((rc = org_load_sectors(r, &rows)) != SAMSYN_OK)
		return rc;
	page_begin(r, p->title);
	page_notice(r);
	html_f(&r->out, "<table>\n<caption>%s i kommunen</caption>\n<thead><tr><th scope=\"col\">"
			"Namn</th>",
	       p->title);
	if (t == ORG_SECTOR)
		html_raw(&r->out, "<th scope=\"col\">Slag</th>");
	if (t == ORG_UNIT)
		html_raw(&r->out, "<th scope=\"col\">Sektor</th>");
	html_raw(&r->out, "<th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
	if ((rc = org_list(&r->tx, t, org_row, &rows, &e)) != SAMSYN_OK)
		return rc;
	html_raw(&r->out, "</tbody>\n</table>\n");
	html_f(&r->out, "<h2>%s</h2>\n<form method=\"post\" action=\"%s\" class=\"narrow\">\n",
	       p->add, p->base);
	page_csrf(r);
	org_fields(r, &rows, NULL);
	html_f(&r->out, "<button type=\"submit\">Skapa %s</button>\n</form>\n", p->one);
	page_end(r, status);
	return SAMSYN_OK;
}

static void
org_in_from_form(struct http_req *r, enum org_type t, struct org_in *in, bool update)
{
	*in = (struct org_in){
		.name = http_form(r, "name"),
		.kind = http_form(r, "kind"),
		.sector_id = page_form_id(r, "sector_id"),
		.active = http_form(r, "active") != NULL,
		.intake = http_form(r, "intake") != NULL,
		.has_name = true,
		.has_kind = t == ORG_SECTOR,
		.has_sector = t == ORG_UNIT,
		.has_active = update,
		.has_intake = t == ORG_UNIT,
	};
}

static int
org_create_page(struct http_req *r, enum org_type t)
{
	struct org_item out;
	struct org_in in;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
	org_in_from_form(r, t, &in, false);
	rc = org_create(&r->tx, t, &in, &out, &r->err);
	if (rc == SAMSYN_EINVAL || rc == SAMSYN_ECONFLICT) {
		struct err saved = r->err;
		int shown;

		/* Show the list again with the form as typed and the error beside it. */
		shown = org_list_page(r, t, err_http_status(rc));
		r->err = saved;
		if (shown == SAMSYN_OK) {
			/* page_begin already used r->err for the summary. */
			r->rendered = true;
		}
		return rc;
	}
	if (rc == SAMSYN_OK)
		http_redirect(r, arena_printf(&r->arena, "%s?klart=skapad", pages[t].base));
	return rc;
}

static int
org_edit_page(struct http_req *r, enum org_type t, int status)
{
	struct org_rows rows = {.r = r, .type = t};
	const struct org_page *p = &pages[t];
	struct org_item it;
	struct err e;
	int rc;

	err_clear(&e);
	if ((rc = org_get(&r->tx, t, r->id[0], &it, &e)) != SAMSYN_OK) {
		r->err = e;
		return rc;
	}
	if ((rc = org_load_sectors(r, &rows)) != SAMSYN_OK)
		return rc;
	page_begin(r, arena_printf(&r->arena, "Ändra %s: %s", p->one, it.name));
	page_notice(r);
	html_f(&r->out, "<p><a href=\"%s\">Tillbaka till %s</a></p>\n", p->base, p->title);
	html_f(&r->out, "<form method=\"post\" action=\"%s/%lld\" class=\"narrow\">\n", p->base,
	       (long long)it.id);
	page_csrf(r);
	org_fields(r, &rows, &it);
	page_checkbox(r, "active", "Aktiv",
		      r->form_parsed ? http_form(r, "active") != NULL : it.active);
	html_raw(&r->out, "<button type=\"submit\">Spara</button>\n</form>\n");
	page_end(r, status);
	return SAMSYN_OK;
}

static int
org_update_page(struct http_req *r, enum org_type t)
{
	struct org_item out;
	struct org_in in;
	int rc;

	if (http_form_parse(r) != SAMSYN_OK)
		return err_set(&r->err, SAMSYN_EINVAL, NULL, "Formuläret kunde inte läsas.");
	org_in_from_form(r, t, &in, true);
	rc = org_update(&r->tx, t, r->id[0], &in, &out, &r->err);
	if (rc == SAMSYN_EINVAL || rc == SAMSYN_ECONFLICT) {
		struct err saved = r->err;

		if (org_edit_page(r, t, err_http_status(rc)) == SAMSYN_OK)
			r->rendered = true;
		r->err = saved;
		return rc;
	}
	if (rc == SAMSYN_OK)
		http_redirect(r, arena_printf(&r->arena, "%s/%lld?klart=sparad", pages[t].base,
					      (long long)r->id[0]));
	return rc;
}

int web_sectors(struct http_req *r) { return org_list_page(r, ORG_SECTOR, 200); }
int web_sectors_create(struct http_req *r) { return org_create_page(r, ORG_SECTOR); }
int web_sector(struct http_req *r) { return org_edit_page(r, ORG_SECTOR, 200); }
int web_sector_update(struct http_req *r) { return org_update_page(r, ORG_SECTOR); }
int web_units(struct http_req *r) { return org_list_page(r, ORG_UNIT, 200); }
int web_units_create(struct http_req *r) { return org_create_page(r, ORG_UNIT); }
int web_unit(struct http_req *r) { return org_edit_page(r, ORG_UNIT, 200); }
int web_unit_update(struct http_req *r) { return org_update_page(r, ORG_UNIT); }
int web_functions(struct http_req *r) { return org_list_page(r, ORG_FUNCTION, 200); }
int web_functions_create(struct http_req *r) { return org_create_page(r, ORG_FUNCTION); }
int web_function(struct http_req *r) { return org_edit_page(r, ORG_FUNCTION, 200); }
int web_function_update(struct http_req *r) { return org_update_page(r, ORG_FUNCTION); }
