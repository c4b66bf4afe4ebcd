/* libFuzzer: the attachment type check (attachment_sniff: magic numbers, the OOXML package's
 * [Content_Types].xml through the bounded zip reader, the OLE directory scan) and the file-name
 * cleaner over the same bytes taken as a sent name. A type found must be one of the accepted
 * ones; a cleaned name must be UTF-8 of at most 100 characters and 255 bytes, without path
 * separators or control characters, ending in an extension of its type. */
#include "attachment_type.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void check_name(const char *name, const struct attachment_type *t)
{
	size_t n = strlen(name), i, chars = 0;
	int fits = 0;

	if (n == 0 || n > ATTACHMENT_NAME_BYTES || !utf8_valid(name, n))
		abort();
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c < 0x20 || c == 0x7F || c == '/' || c == '\\')
			abort();
		if ((c & 0xC0) != 0x80)
			chars++;
	}
	if (chars > ATTACHMENT_NAME_MAX)
		abort();
	for (i = 0; t->ext[i] != NULL; i++) {
		size_t e = strlen(t->ext[i]);
		if (n > e + 1 && name[n - e - 1] == '.' && strcasecmp(name + n - e, t->ext[i]) == 0)
			fits = 1;
	}
	if (!fits)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char png[16] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
					      0,    0,	 0,   13,  'I',	 'H',  'D',  'R'};
	const struct attachment_type *t = attachment_sniff(data, size);
	char out[ATTACHMENT_NAME_BYTES + 1];
	char *name;

	if (t != NULL && attachment_type_named(t->mime) != t)
		abort();
	if (t == NULL)
		t = attachment_sniff(png, sizeof(png));
	name = malloc(size + 1);
	if (name == NULL)
		return 0;
	memcpy(name, data, size);
	name[size] = '\0';
	if (attachment_clean_name(name, t, out, sizeof(out)) == 0)
		check_name(out, t);
	else if (utf8_valid(name, strlen(name)))
		abort();
	free(name);
	return 0;
}
