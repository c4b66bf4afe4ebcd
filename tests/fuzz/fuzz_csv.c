/* libFuzzer: the CSV parser of the institution import (csv_parse, in place), with the shape of
 * what it returns checked: fields in order inside the buffer, each as long as it says and
 * terminated, the records covering every field once. */
#include "../../api/import.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_doc doc;
	const char *why = NULL;
	char *buf = malloc(size + 1); /* the one byte of room csv_parse may use */
	size_t i, next = 0;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	if (csv_parse(buf, size, &doc, &why) != 0) {
		if (why == NULL || doc.fields != NULL || doc.nrecords != 0)
			abort();
		goto out;
	}
	if (why != NULL || (size > 0) != (doc.nrecords > 0))
		abort();
	for (i = 0; i < doc.nfields; i++) {
		char *f = doc.fields[i];
		/* In place, in order, and never past the spare byte. */
		if (f < buf || f > buf + size || f + doc.lens[i] > buf + size || f[doc.lens[i]] != '\0' ||
		    (i > 0 && f <= doc.fields[i - 1] + doc.lens[i - 1]))
			abort();
		if (strlen(f) > doc.lens[i])
			abort();
	}
	for (i = 0; i < doc.nrecords; i++) {
		if (doc.records[i].first != next || doc.records[i].count == 0)
			abort();
		next += doc.records[i].count;
	}
	if (next != doc.nfields)
		abort();
out:
	csv_doc_free(&doc);
	free(buf);
	return 0;
}
