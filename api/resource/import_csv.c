/* RFC 4180 CSV parsing in place, for the CSV import. */
#include "import.h"

#include <stdlib.h>
#include <string.h>

static int add_field(struct csv_doc *doc, char *f, size_t len)
{
	if (doc->nfields == doc->cap_fields) {
		size_t cap = doc->cap_fields ? doc->cap_fields * 2 : 256;
		char **nf = realloc(doc->fields, cap * sizeof(*nf));
		size_t *nl;
		if (nf == NULL)
			return -1;
		doc->fields = nf;
		nl = realloc(doc->lens, cap * sizeof(*nl));
		if (nl == NULL)
			return -1;
		doc->lens = nl;
		doc->cap_fields = cap;
	}
	doc->fields[doc->nfields] = f;
	doc->lens[doc->nfields] = len;
	doc->nfields++;
	return 0;
}

static int add_record(struct csv_doc *doc, size_t first)
{
	if (doc->nrecords == doc->cap_records) {
		size_t cap = doc->cap_records ? doc->cap_records * 2 : 64;
		struct csv_record *nr = realloc(doc->records, cap * sizeof(*nr));
		if (nr == NULL)
			return -1;
		doc->records = nr;
		doc->cap_records = cap;
	}
	doc->records[doc->nrecords].first = first;
	doc->records[doc->nrecords].count = doc->nfields - first;
	doc->nrecords++;
	return 0;
}

int csv_parse(char *buf, size_t len, struct csv_doc *doc, const char **why)
{
	char *p = buf, *end = buf + len, *w = buf, *field;
	size_t first = 0;
	char d;

	memset(doc, 0, sizeof(*doc));
	*why = NULL;
	if (len == 0)
		return 0;
	for (;;) {
		/* One field: w is where its text goes (never past p, so in place is safe). */
		field = w;
		if (p < end && *p == '"') {
			p++;
			for (;;) {
				if (p == end) {
					*why = "A quoted field is not closed.";
					goto fail;
				}
				if (*p == '"') {
					if (p + 1 < end && p[1] == '"') {
						*w++ = '"';
						p += 2;
						continue;
					}
					p++;
					break;
				}
				*w++ = *p++;
			}
			if (p < end && *p != ',' && *p != '\n' && *p != '\r') {
				*why = "Text follows a closing quote.";
				goto fail;
			}
		} else {
			while (p < end && *p != ',' && *p != '\n' && *p != '\r')
				*w++ = *p++;
		}
		/* Keep the delimiter before the terminating NUL may overwrite it. */
		d = p < end ? *p : '\0';
		*w = '\0';
		if (add_field(doc, field, (size_t)(w - field)) != 0)
			goto oom;
		w++;
		if (d == ',') {
			p++;
			continue;
		}
		if (add_record(doc, first) != 0)
			goto oom;
		first = doc->nfields;
		if (d == '\0')
			break;
		p += (d == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
		if (p == end)
			break; /* the final line end */
	}
	return 0;
oom:
	*why = "Out of memory.";
fail:
	csv_doc_free(doc);
	return -1;
}

void csv_doc_free(struct csv_doc *doc)
{
	free(doc->fields);
	free(doc->lens);
	free(doc->records);
	memset(doc, 0, sizeof(*doc));
}
