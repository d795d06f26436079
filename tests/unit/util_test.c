/* util_test.c - buffers, UTF-8, times, Swedish collation, HTML escaping, config. */
#include <stdlib.h>

#include "config.h"
#include "test.h"
#include "util/buf.h"
#include "util/collate.h"
#include "util/err.h"
#include "util/timeutil.h"
#include "util/utf8.h"
#include "web/html.h"

static void
test_buf_refuses_to_grow_past_its_maximum(void)
{
	struct buf b;

	buf_init(&b, 8);
	CHECK_INT(buf_puts(&b, "12345678"), SAMSYN_OK);
	CHECK_INT(buf_puts(&b, "9"), SAMSYN_ETOOBIG);
	CHECK_STR(buf_cstr(&b), "12345678");
	CHECK_INT(buf_printf(&b, "%d", 1), SAMSYN_ETOOBIG);
	buf_release(&b);
}

static void
test_utf8_rejects_overlongs_surrogates_and_truncation(void)
{
	CHECK(utf8_valid("Åsa Öberg", strlen("Åsa Öberg")));
	CHECK(!utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
	CHECK(!utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	CHECK(!utf8_valid("\xe2\x82", 2));         /* truncated */
	CHECK(!utf8_valid("\xff", 1));
	CHECK(!utf8_valid("a\0b", 3));
	CHECK_INT(utf8_chars("Åäö"), 3);
}

static void
test_dates_are_checked_as_real_calendar_days(void)
{
	CHECK(time_valid_date("2024-02-29"));
	CHECK(!time_valid_date("2023-02-29"));
	CHECK(!time_valid_date("2026-13-01"));
	CHECK(!time_valid_date("2026-1-01"));
	CHECK(!time_valid_date("26-01-01"));
}

static void
test_stockholm_day_bounds_follow_summer_time(void)
{
	char start[TIME_ISO_LEN], end[TIME_ISO_LEN];

	CHECK(time_local_day_bounds("2026-01-15", start, end));
	CHECK_STR(start, "2026-01-14T23:00:00.000000Z");
	CHECK_STR(end, "2026-01-15T23:00:00.000000Z");
	CHECK(time_local_day_bounds("2026-07-01", start, end));
	CHECK_STR(start, "2026-06-30T22:00:00.000000Z");
	/* The day summer time starts has 23 hours. */
	CHECK(time_local_day_bounds("2026-03-29", start, end));
	CHECK_STR(start, "2026-03-28T23:00:00.000000Z");
	CHECK_STR(end, "2026-03-29T22:00:00.000000Z");
}

static void
test_stored_times_show_in_stockholm(void)
{
	char out[32];

	time_iso_to_local("2026-11-26T10:58:58.123456Z", out, sizeof(out), false);
	CHECK_STR(out, "2026-11-26 11:58");
	time_iso_to_local("2026-06-01T10:00:00.000000Z", out, sizeof(out), true);
	CHECK_STR(out, "2026-06-01 12:00:00");
}

static void
test_swedish_order_puts_a_ring_a_umlaut_o_umlaut_after_z(void)
{
	CHECK(collate_sv("Zelda", "Åsa") < 0);
	CHECK(collate_sv("Åsa", "Ärla") < 0);
	CHECK(collate_sv("Ärla", "Östen") < 0);
	CHECK(collate_sv("anna", "Bertil") < 0);
}

static void
test_html_f_escapes_every_string_argument(void)
{
	struct buf b;

	buf_init(&b, 1024);
	html_f(&b, "<p title=\"%s\">%s %d%%</p>", "\"x\"", "<script>&'", 5);
	CHECK_STR(buf_cstr(&b),
		  "<p title=\"&quot;x&quot;\">&lt;script&gt;&amp;&#39; 5%</p>");
	buf_release(&b);
}

static void
test_config_rejects_unknown_keys_and_bad_numbers(void)
{
	struct config c;
	struct err e;
	const char good[] = "# comment\nlisten = 127.0.0.1:9000\nthreads=4\ntls = true\n";

	config_defaults(&c);
	CHECK_INT(config_parse(&c, good, strlen(good), &e), SAMSYN_OK);
	CHECK_STR(c.listen, "127.0.0.1:9000");
	CHECK_INT(c.server.threads, 4);
	CHECK(c.server.tls);
	CHECK_INT(config_parse(&c, "colour = red\n", 13, &e), SAMSYN_EINVAL);
	CHECK(strstr(e.message, "Rad 1") != NULL);
	CHECK_INT(config_parse(&c, "\nthreads = 0\n", 13, &e), SAMSYN_EINVAL);
	CHECK(strstr(e.message, "Rad 2") != NULL);
	CHECK_INT(config_parse(&c, "threads\n", 8, &e), SAMSYN_EINVAL);
	CHECK_INT(config_set(&c, "max_body", "12x", &e), SAMSYN_EINVAL);
	CHECK_INT(config_set(&c, "max_body", "-5", &e), SAMSYN_EINVAL);
}

static void
test_every_error_code_maps_to_a_status_and_exit_code(void)
{
	for (int code = SAMSYN_EINVAL; code < SAMSYN_RC_COUNT; code++) {
		CHECK(err_http_status(code) >= 400);
		CHECK(err_exit_code(code) != 0);
		CHECK(strlen(err_default_message(code)) > 0);
	}
	CHECK_INT(err_http_status(SAMSYN_ETOOBIG), 413);
	CHECK_INT(err_http_status(SAMSYN_ECSRF), 403);
}

static void
setup(void)
{
	time_init();
	collate_init();
}


/* A message cut by its buffer never ends inside a character (it reaches JSON and pages). */
static void
test_error_messages_are_cut_at_a_character_boundary(void)
{
	char long_text[600];
	struct err e;

	for (size_t i = 0; i + 2 < sizeof(long_text); i += 2)
		memcpy(long_text + i, "ö", 2);
	long_text[sizeof(long_text) - 2] = '\0';
	for (int shift = 0; shift < 4; shift++) {
		err_set(&e, SAMSYN_EINVAL, "f", "%.*s%s", shift, "abc", long_text);
		CHECK(utf8_valid(e.message, strlen(e.message)));
		CHECK(strlen(e.message) >= sizeof(e.message) - 4);
	}
	err_set(&e, SAMSYN_EINVAL, "f", "Mål %d", 3);
	CHECK_STR(e.message, "Mål 3");
}

/* Numbers in messages as Swedish writes them: "20 000" (a no-break space), "1024". */
static void
test_numbers_in_messages_are_grouped_by_three_from_five_digits(void)
{
	char num[ERR_NUMBER_LEN];

	CHECK_STR(err_number(num, 0), "0");
	CHECK_STR(err_number(num, 1024), "1024");
	CHECK_STR(err_number(num, 9999), "9999");
	CHECK_STR(err_number(num, 10000), "10\u00a0000");
	CHECK_STR(err_number(num, 20000), "20\u00a0000");
	CHECK_STR(err_number(num, 131072), "131\u00a0072");
	CHECK_STR(err_number(num, 1000000), "1\u00a0000\u00a0000");
	CHECK_STR(err_number(num, 18446744073709551615ULL),
		  "18\u00a0446\u00a0744\u00a0073\u00a0709\u00a0551\u00a0615");
	CHECK(strlen(num) < ERR_NUMBER_LEN);
}

TEST_MAIN({"setup", setup}, T(test_error_messages_are_cut_at_a_character_boundary),
	  T(test_numbers_in_messages_are_grouped_by_three_from_five_digits),
	  T(test_buf_refuses_to_grow_past_its_maximum),
	  T(test_utf8_rejects_overlongs_surrogates_and_truncation),
	  T(test_dates_are_checked_as_real_calendar_days),
	  T(test_stockholm_day_bounds_follow_summer_time), T(test_stored_times_show_in_stockholm),
	  T(test_swedish_order_puts_a_ring_a_umlaut_o_umlaut_after_z),
	  T(test_html_f_escapes_every_string_argument),
	  T(test_config_rejects_unknown_keys_and_bad_numbers),
	  T(test_every_error_code_maps_to_a_status_and_exit_code))
