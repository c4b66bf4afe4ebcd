/* libFuzzer: the list cursor decoders, rest_cursor_decode (what rest_cursor runs on the "cursor"
 * query value of the older keyset lists) with the round trip through rest_cursor_json, and
 * list_cursor_decode (api/resource/list.c) for every list and sort, whose decoded values must
 * encode to a cursor that decodes to the same values. */
#include "list.h"
#include "rest.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Every list and sort: a cursor that decodes re-encodes to one that decodes to the same. */
static void list_round_trips(const char *enc)
{
	const struct list_desc *const *d;
	const struct list_sort *s;

	for (d = list_descs; *d != NULL; d++) {
		for (s = (*d)->sorts; s->name != NULL; s++) {
			struct list_cursor c, again;
			json_t *j;
			int k;
			if (list_cursor_decode(*d, s, enc, &c) != 0) {
				if (c.present || c.values[0] != NULL)
					abort();
				continue;
			}
			j = list_cursor_encode(*d, s, (const char *const *)c.values);
			if (!json_is_string(j) ||
			    list_cursor_decode(*d, s, json_string_value(j), &again) != 0)
				abort();
			for (k = 0; k <= LIST_MAX_KEYS && c.values[k] != NULL; k++) {
				if (again.values[k] == NULL ||
				    strcmp(c.values[k], again.values[k]) != 0)
					abort();
			}
			json_decref(j);
			list_cursor_free(&c);
			list_cursor_free(&again);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char enc[REST_CURSOR_MAX * 2], *out;
	size_t len;
	int n;
	json_t *j;

	/* The first byte picks the size of the caller's buffer; the rest is the query value as
	 * rest_query leaves it (NUL-terminated, shorter than its buffer). */
	if (size == 0)
		return 0;
	len = 1 + (size_t)data[0] * 2;
	data++;
	size--;
	if (size >= sizeof(enc))
		size = sizeof(enc) - 1;
	memcpy(enc, data, size);
	enc[size] = '\0';
	out = malloc(len); /* exactly len bytes: AddressSanitizer sees any write past them */
	if (out == NULL)
		return 0;
	n = rest_cursor_decode(enc, out, len);
	if (n < 0) {
		if (out[0] != '\0')
			abort();
		goto out;
	}
	if (n == 0 || (size_t)n >= len || strlen(out) != (size_t)n)
		abort();
	/* One encoding per key: the cursor the server would issue for this key is the input. */
	j = rest_cursor_json(out);
	if (json_is_string(j) && strcmp(json_string_value(j), enc) != 0)
		abort();
	json_decref(j);
out:
	free(out);
	list_round_trips(enc);
	return 0;
}
