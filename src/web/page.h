/* page.h - the frame every page shares, and form parts that show errors in Swedish
 * beside the field (WCAG 2.1 AA: labels, aria-describedby, an error summary). */
#ifndef SAMSYN_PAGE_H
#define SAMSYN_PAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"
#include "web/html.h"

/* Starts a page: doctype, head, header with navigation for the actor, <main>.  When
 * r->err names a field, an error summary opens the page. */
void page_begin(struct http_req *r, const char *title);
/* Ends the page and sets a 200 (or status) reply. */
void page_end(struct http_req *r, int status);

/* The error page the server shows for a code on page routes. */
void page_render_error(struct http_req *r, int code);

/* A hidden field with the session's CSRF token. */
void page_csrf(struct http_req *r);

/* <label> and <input>; error shown when r->err.field equals name. */
void page_input(struct http_req *r, const char *name, const char *label, const char *type,
		const char *value, const char *autocomplete, bool required);

struct page_option {
	const char *value, *label;
};

/* <label> and <select> with options; selected marks the chosen value. */
void page_select(struct http_req *r, const char *name, const char *label,
		 const struct page_option *options, int n, const char *selected);

/* Options made from a NULL-terminated list of value and label pairs (report.h's lists),
 * in r's arena; returns how many. */
int page_pair_options(struct http_req *r, const char *const *pairs, struct page_option **out);

/* A checkbox with its label. */
void page_checkbox(struct http_req *r, const char *name, const char *label, bool checked);

/* <label> and <textarea>; error shown when r->err.field equals name. */
void page_textarea(struct http_req *r, const char *name, const char *label, const char *value,
		   bool required);

/* The same for a form repeated on each row of a table: the label ends with ", rad N"
 * (row) that only screen readers get, so that no two fields of the page have the same
 * label. */
void page_row_input(struct http_req *r, int row, const char *name, const char *label,
		    const char *type, const char *value, const char *autocomplete, bool required);
void page_row_select(struct http_req *r, int row, const char *name, const char *label,
		     const struct page_option *options, int n, const char *selected);
void page_row_textarea(struct http_req *r, int row, const char *name, const char *label,
		       const char *value, bool required);

/* Radio buttons in a <fieldset> with legend; the first button is #f-<name>, so the
 * error summary's link lands on the group. */
void page_radios(struct http_req *r, const char *name, const char *legend,
		 const struct page_option *options, int n, const char *selected);

/* After a failed post whose text looks like a personnummer (r->err is SAMSYN_ECONFLICT on
 * the field "confirm"): the warning and the box to tick, marked as the field in error so
 * the error summary links here.  Writes nothing otherwise. */
void page_confirm_personal_data(struct http_req *r);

/* A short status message after a redirect (?klart=...). */
void page_notice(struct http_req *r);

/* The form value, or fallback when the form does not have it. */
const char *page_value(struct http_req *r, const char *name, const char *fallback);

/* Parses a positive id from a form field; 0 for "" or absent; -1 for garbage. */
int64_t page_form_id(struct http_req *r, const char *name);

/* A stored time as Stockholm wall clock. */
const char *page_time(struct http_req *r, const char *iso);

#endif
