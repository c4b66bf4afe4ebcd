/* libFuzzer: the CSV parser of the imports (csv_parse, in place), with the shape of what it
 * returns checked (fields in order inside the buffer, each as long as it says and terminated, the
 * records covering every field once), then the generic import's row checks that need no database
 * (import_check) of both kinds, institutions and risks (read through the risk descriptor), over a
 * copy each when it is UTF-8, as the server's are. */
#include "import.h"
#include "labels.h"
#include "utf8.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	labels_init(); /* as the server does at start */
	return 0;
}

/* Parses a copy of data and checks the shape of the result. */
static void parse(const uint8_t *data, size_t size)
{
	struct csv_doc doc;
	const char *why = NULL;
	char *buf = malloc(size + 1); /* the one byte of room csv_parse may use */
	size_t i, next = 0;

	if (buf == NULL)
		return;
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
		if (f < buf || f > buf + size || f + doc.lens[i] > buf + size ||
		    f[doc.lens[i]] != '\0' || (i > 0 && f <= doc.fields[i - 1] + doc.lens[i - 1]))
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
}

/* Runs descriptor d's checks over a copy of data; every error must name a row and a reason. */
static void check(const struct import_desc *d, const uint8_t *data, size_t size)
{
	json_t *errors = json_array(), *e;
	char *buf = malloc(size + 1);
	long rows;
	size_t i;

	if (buf == NULL || errors == NULL)
		goto out;
	memcpy(buf, data, size);
	rows = import_check(d, buf, size, errors);
	if (rows < -1 || rows > IMPORT_MAX_ROWS)
		abort();
	json_array_foreach(errors, i, e)
	{
		json_int_t row = json_integer_value(json_object_get(e, "row"));
		const char *reason = json_string_value(json_object_get(e, "reason"));
		if (row < 1 || (rows == 0 && row > 1) || reason == NULL || reason[0] == '\0' ||
		    json_string_value(json_object_get(e, "column")) == NULL)
			abort();
	}
out:
	json_decref(errors);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse(data, size);
	/* The import checks only text that import_read_body has turned into valid UTF-8. */
	if (utf8_valid((const char *)data, size)) {
		check(&institution_import, data, size);
		check(&risk_import, data, size);
	}
	return 0;
}
