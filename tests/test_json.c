/* tests/test_json.c: the JSON reader on valid, hostile and truncated texts. */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "syncbench/json.h"

static sb_json *ok(const char *s)
{
	sb_json *v = NULL;
	char err[200] = "";
	int rc = sb_json_parse(s, strlen(s), &v, err, sizeof err);
	cr_assert_eq(rc, 0, "%s: %s", s, err);
	return v;
}

static void bad(const char *s, size_t n)
{
	sb_json *v = (sb_json *)1;
	char err[200] = "";
	cr_assert_eq(sb_json_parse(s, n, &v, err, sizeof err), -EINVAL, "accepted %.*s", (int)n, s);
	cr_assert_null(v);
	cr_assert(err[0]);
}

Test(json, values)
{
	sb_json *v = ok(" {\"a\": 1.5e3, \"b\": \"x\\u00e9\\n\\ud83d\\ude00\", \"c\": [true, false, null, {}],"
			" \"d\": {\"e\": -2}, \"a\": 7} ");
	char buf[64];
	cr_assert_str_eq(sb_json_text(sb_json_get(v, "a"), buf, sizeof buf), "7");   /* the last one */
	cr_assert_str_eq(sb_json_get(v, "b")->str, "x\xc3\xa9\n\xf0\x9f\x98\x80");
	const sb_json *c = sb_json_get(v, "c");
	cr_assert_eq(c->type, SB_JSON_ARR);
	cr_assert_eq(c->child->type, SB_JSON_BOOL);
	cr_assert_eq(c->child->next->next->type, SB_JSON_NULL);
	cr_assert_str_eq(sb_json_text(c->child->next, buf, sizeof buf), "false");
	cr_assert_str_eq(sb_json_text(c->child->next->next, buf, sizeof buf), "");
	cr_assert_eq(sb_json_get(sb_json_get(v, "d"), "e")->num, -2);
	cr_assert_null(sb_json_get(v, "zz"));
	cr_assert_null(sb_json_get(c, "a"));
	cr_assert_str_eq(sb_json_text(NULL, buf, sizeof buf), "");
	sb_json_free(v);
	sb_json_free(ok("[]"));
	sb_json_free(ok("\xef\xbb\xbf\"bom\""));
}

Test(json, malformed)
{
	const char *cases[] = { "", "{", "{\"a\" 1}", "{\"a\":}", "[1,]", "[1 2]", "{\"a\":1,}", "tru",
				"\"abc", "\"a\\q\"", "\"\\u12\"", "\"\\u0000\"", "01x", "1e999", "nan", "-",
				"{} {}", "\"tab\there\"", "{1:2}", "[\"\x01\"]" };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		bad(cases[i], strlen(cases[i]));
	bad("{\"a\":1}", 5);   /* truncated by its length: nothing past it is read */
	bad("{\"a\": \"x\0y\"}", 11);
	char deep[300];
	memset(deep, '[', sizeof deep);
	bad(deep, sizeof deep);
	/* binary garbage */
	unsigned char g[256];
	for (int i = 0; i < 256; i++)
		g[i] = (unsigned char)(i * 37 + 11);
	bad((const char *)g, sizeof g);
}

Test(json, files)
{
	sb_json *v;
	char err[300];
	cr_assert_lt(sb_json_parse_file("/nonexistent/meta.json", &v, err, sizeof err), 0);
	cr_assert(strstr(err, "/nonexistent/meta.json"), "%s", err);
}
