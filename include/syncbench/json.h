/* syncbench/json.h: a small, tolerant and safe JSON reader (RFC 8259) for meta.json.
 *
 * sb_json_parse builds a tree of the whole text; nothing is read outside the given length, input
 * deeper than 64 levels or with invalid syntax is refused with a message. Strings are decoded
 * (escapes, \u with surrogate pairs to UTF-8); a NUL inside a string is refused. The tree is
 * owned by the caller (sb_json_free). No global state: thread-safe per tree. */
#ifndef SYNCBENCH_JSON_H
#define SYNCBENCH_JSON_H

#include <stddef.h>

typedef enum { SB_JSON_NULL, SB_JSON_BOOL, SB_JSON_NUM, SB_JSON_STR, SB_JSON_ARR, SB_JSON_OBJ } sb_json_type;

typedef struct sb_json {
	sb_json_type type;
	char *key;             /* member name inside an object, else NULL */
	char *str;             /* SB_JSON_STR: the decoded string */
	double num;            /* SB_JSON_NUM */
	int boolean;           /* SB_JSON_BOOL */
	struct sb_json *child; /* SB_JSON_ARR / SB_JSON_OBJ: first element */
	struct sb_json *next;  /* the next sibling */
} sb_json;

/* Parses text[0..len). Returns 0 and *out, or -EINVAL with a one-line reason in err (or -ENOMEM). */
int sb_json_parse(const char *text, size_t len, sb_json **out, char *err, size_t errlen);
/* Reads and parses a whole file (at most 16 MiB): -errno when it cannot be read. */
int sb_json_parse_file(const char *path, sb_json **out, char *err, size_t errlen);
void sb_json_free(sb_json *v);

/* The member named key of an object (the last one when repeated), NULL if absent or v is not an
 * object. */
const sb_json *sb_json_get(const sb_json *v, const char *key);
/* A scalar as text, for display and comparison: strings as they are, numbers as %.15g,
 * true/false, null and absent as "" (buf always terminated). Returns buf. */
const char *sb_json_text(const sb_json *v, char *buf, size_t len);

#endif
