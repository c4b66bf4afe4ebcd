/* libFuzzer: the .xlsx reader of the imports (xlsx_to_csv): the zip directory, the inflate under
 * its cap, the shared strings and the sheet scan. What it makes must be CSV the import's parser
 * takes (every field quoted), within the documented bounds; a refusal must give a reason and no
 * text. Then the offline row checks of both imports (institutions, risks) run over it, as the
 * server's do. */
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
	labels_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *csv = NULL;
	const char *why = NULL;
	size_t len = 0;
	json_t *errors;

	if (xlsx_to_csv(data, size, &csv, &len, &why) != 0) {
		if (why == NULL || why[0] == '\0' || csv != NULL)
			abort();
		return 0;
	}
	if (csv == NULL || why != NULL || csv[len] != '\0' || len > (32u << 20))
		abort();
	errors = json_array();
	if (utf8_valid(csv, len)) {
		char *copy = malloc(len + 1);
		if (copy != NULL) {
			memcpy(copy, csv, len + 1);
			import_check(&risk_import, copy, len, errors);
			free(copy);
		}
		import_check_offline(csv, len, errors);
	}
	json_decref(errors);
	free(csv);
	return 0;
}
