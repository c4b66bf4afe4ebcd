/* Untrusted JSON in: nesting bounded before jansson recurses. jansson's parser, encoder and
 * json_decref all recurse once per level of nesting; a worker thread's stack is small, so a body
 * of 2 KB ("[" x 950) used to overflow it. Every parse of bytes that come from outside (bodies,
 * token parts, stored answers) goes through jsonin_loadb. */
#include "jsonin.h"

#include <stdio.h>
#include <string.h>

size_t jsonin_depth_at(const char *buf, size_t len, int max_depth)
{
	int depth = 0, in_string = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = buf[i];
		if (in_string) {
			if (c == '\\')
				i++; /* the escaped byte cannot end the string */
			else if (c == '"')
				in_string = 0;
			continue;
		}
		if (c == '"') {
			in_string = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > max_depth)
				return i;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return (size_t)-1;
}

json_t *jsonin_loadb(const char *buf, size_t len, size_t flags, json_error_t *err)
{
	size_t at = jsonin_depth_at(buf, len, JSONIN_MAX_DEPTH);

	if (at != (size_t)-1) {
		if (err != NULL) {
			size_t i;
			memset(err, 0, sizeof(*err));
			err->line = 1;
			err->column = 1;
			for (i = 0; i < at; i++) {
				if (buf[i] == '\n') {
					err->line++;
					err->column = 1;
				} else if (((unsigned char)buf[i] & 0xc0) != 0x80) {
					err->column++;
				}
			}
			err->position = (int)at;
			snprintf(err->text, sizeof(err->text), "nesting deeper than %d levels",
				 JSONIN_MAX_DEPTH);
		}
		return NULL;
	}
	return json_loadb(buf, len, flags, err);
}
