#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

static const char *
api_type_word(enum api_type t)
{
	switch (t) {
	case API_STRING:
		return "en text";
	case API_INT:
		return "ett heltal";
	case API_BOOL:
		return "true eller false";
	case API_ID_OR_NULL:
		return "ett id (heltal) eller null";
	}
	return "";
}

int
api_body(struct http_req *r, const struct api_field *spec, json_t **out)
{
	const char *type = http_header(r, "Content-Type");

	*out = NULL;
	if (type == NULL || strncmp(type, "application/json", 16) != 0 ||
	    (type[16] != '\0' && type[16] != ';'))
		return err_set(&r->err, SAMSYN_EMEDIATYPE, NULL,
			       "Skicka innehållet som application/json.");
	return api_parse_object(buf_cstr(&r->body), r->body.len, spec, out, &r->err);
}

int
api_parse_object(const char *data, size_t n, const struct api_field *spec, json_t **out,
		 struct err *e)
{
	json_error_t jerr;
	const char *key;
	json_t *obj, *value;

	*out = NULL;
	if (!utf8_valid(data, n))
		return err_set(e, SAMSYN_EBADJSON, NULL, "Innehållet är inte giltig UTF-8.");
	obj = json_loadb(data, n, JSON_REJECT_DUPLICATES, &jerr);
	if (obj == NULL)
		return err_set(e, SAMSYN_EBADJSON, NULL,
			       "Innehållet är inte giltig JSON (rad %d, kolumn %d).", jerr.line,
			       jerr.column);
	if (!json_is_object(obj)) {
		json_decref(obj);
		return err_set(e, SAMSYN_EBADJSON, NULL, "Innehållet ska vara ett JSON-objekt.");
	}
	json_object_foreach(obj, key, value) {
		const struct api_field *f = spec;
		char num[ERR_NUMBER_LEN];
		bool fits;

		while (f->name && strcmp(f->name, key) != 0)
			f++;
		if (f->name == NULL) {
			/* key belongs to obj: copy it into the error before letting go. */
			err_set(e, SAMSYN_EUNKNOWNFIELD, key[0] && strlen(key) < 40 ? key : NULL,
				"Fältet känns inte igen här.");
			json_decref(obj);
			return SAMSYN_EUNKNOWNFIELD;
		}
		switch (f->type) {
		case API_STRING:
			fits = json_is_string(value);
			if (fits && strlen(json_string_value(value)) != json_string_length(value)) {
				json_decref(obj);
				return err_set(e, SAMSYN_EINVAL, f->name,
					       "Fältet innehåller ett NUL-tecken.");
			}
			if (fits && f->max_chars &&
			    utf8_chars(json_string_value(value)) > f->max_chars) {
				json_decref(obj);
				return err_set(e, SAMSYN_EINVAL, f->name,
					       "Fältet får ha högst %s tecken.",
					       err_number(num, f->max_chars));
			}
			break;
		case API_INT:
			fits = json_is_integer(value);
			break;
		case API_BOOL:
			fits = json_is_boolean(value);
			break;
		case API_ID_OR_NULL:
			fits = json_is_null(value) ||
			       (json_is_integer(value) && json_integer_value(value) > 0);
			break;
		default:
			fits = false;
		}
		if (!fits) {
			err_set(e, SAMSYN_EINVAL, f->name, "Fältet ska vara %s.",
				api_type_word(f->type));
			json_decref(obj);
			return SAMSYN_EINVAL;
		}
	}
	*out = obj;
	return SAMSYN_OK;
}

const char *
api_str(json_t *o, const char *name)
{
	return json_string_value(json_object_get(o, name));
}

int64_t
api_int(json_t *o, const char *name)
{
	return (int64_t)json_integer_value(json_object_get(o, name));
}

bool
api_bool(json_t *o, const char *name)
{
	return json_is_true(json_object_get(o, name));
}

bool
api_has(json_t *o, const char *name)
{
	return json_object_get(o, name) != NULL;
}

void
api_reply(struct http_req *r, int status, json_t *obj)
{
	char *s = json_dumps(obj, JSON_COMPACT);

	buf_reset(&r->out);
	if (s) {
		buf_puts(&r->out, s);
		free(s);
	}
	json_decref(obj);
	http_reply(r, status, "application/json");
}

void
api_no_content(struct http_req *r)
{
	buf_reset(&r->out);
	http_reply(r, 204, "application/json");
}

void
api_render_error(struct http_req *r, int code)
{
	json_t *error = json_object();

	json_object_set_new(error, "code", json_string(err_code_name(code)));
	json_object_set_new(error, "message",
			    json_string(r->err.message[0] ? r->err.message
							   : err_default_message(code)));
	if (r->err.field[0] && utf8_valid(r->err.field, strlen(r->err.field)))
		json_object_set_new(error, "field", json_string(r->err.field));
	api_reply(r, err_http_status(code), json_pack("{s:o}", "error", error));
}

json_t *
api_time(const char *iso)
{
	return iso ? json_string(iso) : json_null();
}

json_t *
api_id(int64_t id)
{
	return id > 0 ? json_integer(id) : json_null();
}
