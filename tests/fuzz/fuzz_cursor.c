/* libFuzzer: the one list cursor decoder, list_cursor_decode (api/resource/list.c), for every
 * list and sort: a refused cursor leaves nothing behind, and decoded values must encode to a
 * cursor that decodes to the same values. */
#include "list.h"

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
	char enc[4096];

	/* The query value as rest_query leaves it: NUL-terminated, shorter than its buffer. */
	if (size >= sizeof(enc))
		size = sizeof(enc) - 1;
	memcpy(enc, data, size);
	enc[size] = '\0';
	list_round_trips(enc);
	return 0;
}
