/* libFuzzer: the JSON body reader (jsonin_loadb, nesting bounded before jansson recurses), then
 * encoding what it accepts, reading that encoding back, and freeing both. */
#include "jsonin.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The nesting depth of `j` (1 for a scalar). Recursion is bounded by what jsonin_loadb let in. */
static int depth(json_t *j)
{
	int d = 0, k;

	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
		{
			k = depth(v);
			if (k > d)
				d = k;
		}
		return d + 1;
	}
	if (json_is_object(j)) {
		const char *key;
		json_t *v;
		json_object_foreach(j, key, v)
		{
			k = depth(v);
			if (k > d)
				d = k;
		}
		return d + 1;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *doc, *again = NULL;
	char *text = NULL;
	/* The first byte picks the flags of a caller: a request body (duplicates refused, any
	 * value or an object) or a stored value (dbjson). */
	size_t flags;

	if (size == 0)
		return 0;
	flags = (data[0] & 1 ? JSON_REJECT_DUPLICATES : 0) | (data[0] & 2 ? JSON_DECODE_ANY : 0);
	data++;
	size--;
	doc = jsonin_loadb((const char *)data, size, flags, &err);
	if (doc == NULL) {
		/* The error text is printed into a reply: it must be a terminated string. */
		if (strnlen(err.text, sizeof(err.text)) == sizeof(err.text))
			abort();
		return 0;
	}
	/* The bound holds for what was accepted: JSONIN_MAX_DEPTH containers plus the scalars. */
	if (depth(doc) > JSONIN_MAX_DEPTH + 1)
		abort();
	text = json_dumps(doc, JSON_COMPACT | JSON_ENCODE_ANY);
	if (text == NULL)
		abort();
	/* What the server writes back (answers it stores, then reads) must read back the same. */
	again = jsonin_loadb(text, strlen(text), JSON_DECODE_ANY, &err);
	if (again == NULL || !json_equal(doc, again))
		abort();
	free(text);
	json_decref(again);
	json_decref(doc);
	return 0;
}
