/* libFuzzer: the list cursor decoder (rest_cursor_decode, what rest_cursor runs on the "cursor"
 * query value) and the round trip through rest_cursor_json. */
#include "../../api/rest.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	return 0;
}
