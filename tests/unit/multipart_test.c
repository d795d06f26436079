/* multipart_test.c - the multipart/form-data parser (src/http/multipart.c). */
#include "http/multipart.h"
#include "test.h"

#define TYPE "multipart/form-data; boundary=----WebKitFormBoundaryX3b9"
#define B "------WebKitFormBoundaryX3b9"

static int
parse(struct arena *a, const char *type, const char *body, size_t n,
      struct multipart_part **parts, size_t *count)
{
	struct err e;

	err_clear(&e);
	return multipart_parse(a, type, body, n, parts, count, &e);
}

static void
test_a_browser_form_with_a_file_gives_fields_and_the_file(void)
{
	static const char body[] =
		B "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n"
		B "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan.csv\"\r\n"
		"Content-Type: text/csv\r\n\r\nM\xc3\xa5l;A\r\n1;\"x\r\ny\"\r\n\r\n"
		B "\r\nContent-Disposition: form-data; name=\"replace\"\r\n\r\n1\r\n" B "--\r\n";
	struct multipart_part *p;
	struct form_field *f;
	size_t n, nf;
	struct arena a;
	struct err e;

	arena_init(&a);
	CHECK_INT(parse(&a, TYPE, body, sizeof(body) - 1, &p, &n), SAMSYN_OK);
	CHECK_INT(n, 3);
	CHECK_STR(p[0].name, "_csrf");
	CHECK(p[0].filename == NULL);
	CHECK_STR(p[0].data, "tok");
	CHECK_STR(p[1].name, "file");
	CHECK_STR(p[1].filename, "plan.csv");
	CHECK_STR(p[1].content_type, "text/csv");
	CHECK_INT(p[1].len, strlen("M\xc3\xa5l;A\r\n1;\"x\r\ny\"\r\n"));
	CHECK(memcmp(p[1].data, "M\xc3\xa5l;A\r\n1;\"x\r\ny\"\r\n", p[1].len) == 0);
	CHECK_STR(p[2].data, "1");
	CHECK_INT(multipart_form_fields(&a, TYPE, body, sizeof(body) - 1, &f, &nf, &e),
		  SAMSYN_OK);
	CHECK_INT(nf, 2);
	CHECK_STR(f[0].name, "_csrf");
	CHECK_STR(f[1].name, "replace");
	arena_release(&a);
}

static void
test_an_empty_file_input_and_a_preamble_are_read(void)
{
	static const char body[] = "ignored preamble\r\n--b \t\r\n"
				   "content-disposition: form-data; name=f; filename=\"\"\r\n\r\n"
				   "\r\n--b--epilogue";
	struct multipart_part *p;
	struct arena a;
	size_t n;

	arena_init(&a);
	CHECK_INT(parse(&a, "Multipart/Form-Data; charset=utf-8; boundary=\"b\"", body,
			sizeof(body) - 1, &p, &n),
		  SAMSYN_OK);
	CHECK_INT(n, 1);
	CHECK_STR(p[0].filename, "");
	CHECK_INT(p[0].len, 0);
	arena_release(&a);
}

static void
test_boundary_text_inside_content_is_content(void)
{
	static const char body[] = "--b\r\nContent-Disposition: form-data; name=\"f\"; "
				   "filename=\"C:\\\\dir\\\\a.xlsx\"\r\n\r\nPK\0\1\r\n--bb\r\n--b--";
	struct multipart_part *p;
	struct arena a;
	size_t n;

	arena_init(&a);
	CHECK_INT(parse(&a, "multipart/form-data; boundary=b", body, sizeof(body) - 1, &p, &n),
		  SAMSYN_OK);
	CHECK_INT(n, 1);
	CHECK_STR(p[0].filename, "a.xlsx");
	CHECK_INT(p[0].len, 10); /* PK \0 \1 CR LF - - b b */
	arena_release(&a);
}

static void
test_malformed_bodies_are_refused(void)
{
	static const struct {
		const char *type, *body;
		int rc;
	} cases[] = {
		{"text/plain", "x", SAMSYN_EMEDIATYPE},
		{"multipart/form-data", "--b\r\n", SAMSYN_EINVAL},
		{"multipart/form-data; boundary=", "--\r\n", SAMSYN_EINVAL},
		{"multipart/form-data; boundary=a<b", "--a<b--", SAMSYN_EINVAL},
		{"multipart/form-data; boundary=b; boundary=c", "--b--", SAMSYN_EINVAL},
		{"multipart/form-data; boundary=b", "no delimiter", SAMSYN_EINVAL},
		{"multipart/form-data; boundary=b",
		 "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nno end", SAMSYN_EINVAL},
		{"multipart/form-data; boundary=b",
		 "--b\r\nContent-Disposition: form-data; name=\"f\r\n\r\nx\r\n--b--", SAMSYN_EINVAL},
		{"multipart/form-data; boundary=b", "--b\r\n\r\nx\r\n--b--", SAMSYN_EINVAL},
		{"multipart/form-data; boundary=b",
		 "--b\r\nContent-Disposition: attachment; name=\"f\"\r\n\r\nx\r\n--b--",
		 SAMSYN_EINVAL},
		{"multipart/form-data; boundary=b",
		 "--b\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\nx\r\n--b--",
		 SAMSYN_EINVAL},
		{"multipart/form-data; boundary=b",
		 "--b\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n\xff\r\n--b--",
		 SAMSYN_EINVAL},
		{"multipart/form-data; boundary=b",
		 "--b\r\nContent-Disposition: form-data; name=\"a\"; name=\"b\"\r\n\r\nx\r\n--b--",
		 SAMSYN_EINVAL},
		{"multipart/form-data; boundary=b",
		 "--b\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\nx\r\n--b--",
		 SAMSYN_EINVAL},
	};
	struct multipart_part *p;
	struct arena a;
	size_t n;

	arena_init(&a);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = parse(&a, cases[i].type, cases[i].body, strlen(cases[i].body), &p, &n);

		if (rc != cases[i].rc)
			fprintf(stderr, "case %zu\n", i);
		CHECK_INT(rc, cases[i].rc);
	}
	arena_release(&a);
}

static void
test_limits_give_too_big(void)
{
	struct multipart_part *p;
	struct arena a;
	struct buf b;
	size_t n;

	arena_init(&a);
	buf_init(&b, 1 << 20);
	for (int i = 0; i <= MULTIPART_MAX_PARTS; i++)
		buf_printf(&b, "--b\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\nx\r\n", i);
	buf_puts(&b, "--b--");
	CHECK_INT(parse(&a, "multipart/form-data; boundary=b", buf_cstr(&b), b.len, &p, &n),
		  SAMSYN_ETOOBIG);
	buf_reset(&b);
	buf_puts(&b, "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n");
	for (int i = 0; i < MULTIPART_MAX_HEADERS / 10; i++)
		buf_puts(&b, "X-Pad: 12\r\n");
	buf_puts(&b, "\r\nx\r\n--b--");
	CHECK_INT(parse(&a, "multipart/form-data; boundary=b", buf_cstr(&b), b.len, &p, &n),
		  SAMSYN_ETOOBIG);
	buf_release(&b);
	arena_release(&a);
}

/* An upload cut off in the file part: the CSRF token before it is whole, but the form as
 * a whole cannot be read, so no field of it is given (the server answers 400, not a
 * missing token).  The message is Swedish and says nothing of the body. */
static void
test_a_body_cut_off_in_the_file_gives_no_fields(void)
{
	static const char body[] =
		B "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\nhemlig-token\r\n"
		B "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan.csv\"\r\n"
		"Content-Type: text/csv\r\n\r\nM\xc3\xa5l;A\r\n1;b\r\n";
	struct form_field *f = NULL;
	size_t nf = 99;
	struct arena a;
	struct err e;

	arena_init(&a);
	err_clear(&e);
	CHECK_INT(multipart_form_fields(&a, TYPE, body, sizeof(body) - 1, &f, &nf, &e),
		  SAMSYN_EINVAL);
	CHECK(f == NULL || nf == 0);
	CHECK(e.message[0] != '\0');
	CHECK(strstr(e.message, "hemlig") == NULL && strstr(e.message, "plan.csv") == NULL);
	arena_release(&a);
}

TEST_MAIN(T(test_a_browser_form_with_a_file_gives_fields_and_the_file),
	  T(test_a_body_cut_off_in_the_file_gives_no_fields),
	  T(test_an_empty_file_input_and_a_preamble_are_read),
	  T(test_boundary_text_inside_content_is_content), T(test_malformed_bodies_are_refused),
	  T(test_limits_give_too_big))
