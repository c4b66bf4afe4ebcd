/* The generic import (import.h): one handler for every kind's dry run and import. Every row is
 * checked in full (its cells, the kind's rules, the resource's field table) and tried against the
 * database under a savepoint, so taken codes and names are found too; any problem, or a dry run,
 * and nothing is written. */
#include "import.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "idempotency.h"
#include "labels.h"
#include "resource.h"
#include "rest.h"
#include "validate.h"

#include <errno.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Errors listed in one answer at most; the rest are counted in `rows` only. */
#define IMPORT_MAX_ERRORS 1000

_Static_assert(sizeof(((struct import_row *)0)->scratch) >= RES_SCRATCH,
	       "a row has the room of a resource's read");
_Static_assert(sizeof(((struct import_row *)0)->values) / sizeof(char *) >= RES_MAX_FIELDS + 3,
	       "a row has the values of a resource's insert");

static size_t column_count(const struct import_desc *d)
{
	size_t n = 0;

	while (n < IMPORT_MAX_COLUMNS && d->columns[n].header != NULL)
		n++;
	return n;
}

void import_error(struct import_run *r, struct import_row *v, int c, const char *code,
		  const char *reason)
{
	r->nerrors++;
	if (v != NULL && c >= 0)
		v->failed |= 1ull << c;
	if (json_array_size(r->errors) >= IMPORT_MAX_ERRORS)
		return;
	json_array_append_new(r->errors, json_pack("{s:I, s:s, s:s, s:s}", "row",
						   (json_int_t)(v != NULL ? v->row : 1), "column",
						   c >= 0 ? r->d->columns[c].header : "", "code",
						   code, "reason", reason));
}

int import_has_column(const struct import_run *r, int c)
{
	return r->col[c] >= 0;
}

int import_seen(struct import_run *r, const char *value)
{
	size_t i;

	for (i = 0; i < r->nseen; i++) {
		if (strcmp(r->seen[i], value) == 0)
			return 1;
	}
	if (r->nseen == r->cap_seen) {
		size_t cap = r->cap_seen ? r->cap_seen * 2 : 64;
		char **ns = realloc(r->seen, cap * sizeof(*ns));
		if (ns == NULL)
			return 0;
		r->seen = ns;
		r->cap_seen = cap;
	}
	r->seen[r->nseen++] = (char *)value;
	return 0;
}

/* Whether record `rec` is blank: no field holds more than spaces (a spreadsheet's empty row). */
static int blank_record(const struct csv_doc *doc, size_t rec)
{
	const struct csv_record *x = &doc->records[rec];
	size_t i;

	for (i = 0; i < x->count; i++) {
		if (strspn(doc->fields[x->first + i], " \t") < doc->lens[x->first + i])
			return 0;
	}
	return 1;
}

/* Whether field `idx` holds a NUL byte, which would cut its text short unnoticed. Call it before
 * trim() shortens the field. */
static int field_has_nul(const struct csv_doc *doc, size_t idx)
{
	return strlen(doc->fields[idx]) != doc->lens[idx];
}

/* Trims spaces (and full-width spaces) from both ends of a field in place. */
static char *trim(char *s)
{
	size_t n;

	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
			s += 3;
		else
			break;
	}
	n = strlen(s);
	for (;;) {
		if (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		else if (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	s[n] = '\0';
	return s;
}

/* The header row: which field holds which column (its Chinese or its English header). Returns
 * the number of problems. */
static int map_header(struct import_run *r, const struct csv_doc *doc)
{
	const struct import_column *cols = r->d->columns;
	const struct csv_record *h = &doc->records[0];
	size_t i, c, before = r->nerrors;

	for (c = 0; c < IMPORT_MAX_COLUMNS; c++)
		r->col[c] = -1;
	for (i = 0; i < h->count; i++) {
		int nul = field_has_nul(doc, h->first + i), named = 0;
		const char *name = trim(doc->fields[h->first + i]);
		for (c = 0; c < r->ncols; c++) {
			if (strcmp(name, cols[c].header) != 0 &&
			    (cols[c].name == NULL || strcmp(name, cols[c].name) != 0))
				continue;
			named = 1;
			if (nul)
				import_error(r, NULL, (int)c, "format",
					     "Control characters are not allowed.");
			else if (r->col[c] >= 0)
				import_error(r, NULL, (int)c, "duplicate",
					     "This column appears twice.");
			r->col[c] = (int)i;
		}
		if (nul && !named)
			import_error(r, NULL, -1, "format", "A header holds a NUL byte.");
	}
	if (r->d->header != NULL)
		r->d->header(r);
	for (c = 0; c < r->ncols; c++) {
		if ((cols[c].flags & IMPORT_HEADER) && r->col[c] < 0)
			import_error(r, NULL, (int)c, "required", "This column is required.");
	}
	return (int)(r->nerrors - before);
}

/* The trimmed text of column c in record `rec`, or NULL when absent or empty. */
static const char *cell(const struct import_run *r, const struct csv_doc *doc, size_t rec, size_t c)
{
	const struct csv_record *x = &doc->records[rec];
	char *s;

	if (r->col[c] < 0 || (size_t)r->col[c] >= x->count)
		return NULL;
	s = trim(doc->fields[x->first + (size_t)r->col[c]]);
	return s[0] != '\0' ? s : NULL;
}

/* A text cell within its length, without control characters (C0, DEL and C1: Unicode's Cc). */
static void text_cell(struct import_run *r, struct import_row *v, int c, size_t max)
{
	const unsigned char *p;
	const char *s = v->s[c];

	if (max > 0 && v_utf8_len(s) > max) {
		import_error(r, v, c, "too_long", "The text is too long.");
		return;
	}
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		/* p[1] exists: the text goes on at least to its NUL. C1 is U+0080..U+009F. */
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)) {
			import_error(r, v, c, "format", "Control characters are not allowed.");
			return;
		}
	}
}

/* A non-negative whole number cell up to `max`. */
static void count_cell(struct import_run *r, struct import_row *v, int c, long max)
{
	const char *s = v->s[c];
	char *end;
	long n;

	if (s[0] == '-' && s[1] != '\0' && rest_only_chars(s + 1, "0123456789")) {
		import_error(r, v, c, "range", "The number cannot be negative.");
		return;
	}
	errno = 0;
	n = strtol(s, &end, 10);
	if (!rest_only_chars(s, "0123456789") || errno != 0 || *end != '\0') {
		import_error(r, v, c, "format", "A whole number.");
		return;
	}
	if (n > max)
		import_error(r, v, c, "range", "The number is too large.");
}

/* A decimal number cell: "3", "0.5", "-1", "1e1" as a spreadsheet may write it. */
static int number_cell(struct import_run *r, struct import_row *v, int c, double *out)
{
	const char *s = v->s[c];
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	if (!rest_only_chars(s, "0123456789.-+eE") || errno != 0 || end == s || *end != '\0') {
		import_error(r, v, c, "format", "A number.");
		return 0;
	}
	return 1;
}

/* The civil date of day `days` since 1970-01-01 (Howard Hinnant's algorithm). */
static void civil(long days, int *y, int *m, int *d)
{
	long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* A date cell: "YYYY-MM-DD" as it is (the resource checks it), or a workbook's date serial
 * (days since 1899-12-30, the 1900 date system) turned into one. */
static const char *date_cell(struct import_row *v, int c)
{
	const char *s = v->s[c];
	long serial;
	int y, m, d;

	if (!rest_only_chars(s, "0123456789") || strlen(s) > 6)
		return s;
	serial = atol(s);
	if (serial < 1 || serial > 401768) /* 2999-12-31 */
		return s;
	civil(serial - 25569, &y, &m, &d);
	snprintf(v->date[c], sizeof(v->date[c]), "%04u-%02u-%02u", (unsigned)y % 10000u,
		 (unsigned)m % 100u, (unsigned)d % 100u);
	return v->date[c];
}

/* The member named `field` as a column index, or -1. */
static int column_of(const struct import_run *r, const char *field)
{
	size_t c;

	for (c = 0; field != NULL && c < r->ncols; c++) {
		if (r->d->columns[c].name != NULL && strcmp(r->d->columns[c].name, field) == 0)
			return (int)c;
	}
	return -1;
}

/* The row read through the kind's resource descriptor, as a create reads its body: each error
 * named by a member goes to that member's column, unless the cell had one already. */
static void resource_read(struct import_run *r, struct import_row *v)
{
	const struct resource *res = r->d->resource;
	json_t *errors = json_array(), *e;
	int present[RES_MAX_FIELDS];
	size_t i;

	if (res->read != NULL) {
		const char *names[RES_MAX_FIELDS + 1];
		size_t k = 0;
		for (i = 0; k < RES_MAX_FIELDS && res->fields[i].name != NULL; i++) {
			if (res->fields[i].type != RES_COMPUTED)
				names[k++] = res->fields[i].name;
		}
		names[k] = NULL;
		v_only(v->body, names, errors);
		res->read(v->body, NULL, v->values, v->scratch, errors);
	} else {
		res_read(res, v->body, 1, v->values, present, errors);
	}
	if (json_array_size(errors) == 0 && res->rule != NULL)
		res->rule(v->values, errors);
	json_array_foreach(errors, i, e)
	{
		int c = column_of(r, json_string_value(json_object_get(e, "field")));
		const char *msg = json_string_value(json_object_get(e, "message"));
		if (c >= 0 && (v->failed & (1ull << c)))
			continue;
		import_error(r, v, c, json_string_value(json_object_get(e, "code")),
			     msg != NULL && msg[0] != '\0' ? msg : "Not a valid value.");
	}
	json_decref(errors);
}

/* Checks data record `rec` (row number rec + 1) as far as no database is needed. Problems go
 * to r's errors. */
static void check_row(struct import_run *r, const struct csv_doc *doc, size_t rec,
		      struct import_row *v)
{
	const struct import_column *cols = r->d->columns;
	const struct csv_record *x = &doc->records[rec];
	size_t c;
	double num;

	json_decref(v->body);
	memset(v, 0, sizeof(*v));
	v->row = rec + 1;
	v->nerrors_before = r->nerrors;
	/* A NUL byte would cut the cell short and the rest would pass unseen: such a row is refused
	 * naming each such column, before any other check reads the shortened text. */
	for (c = 0; c < r->ncols; c++) {
		if (r->col[c] >= 0 && (size_t)r->col[c] < x->count &&
		    field_has_nul(doc, x->first + (size_t)r->col[c]))
			import_error(r, v, (int)c, "format", "Control characters are not allowed.");
	}
	if (r->nerrors != v->nerrors_before)
		return;
	if (r->d->resource != NULL)
		v->body = json_object();
	for (c = 0; c < r->ncols; c++) {
		const struct import_column *k = &cols[c];
		const char *s = v->s[c] = cell(r, doc, rec, c);
		const char *member = NULL;
		json_t *jv = NULL;

		if (s == NULL) {
			if (k->type == IMPORT_LABEL && k->def != NULL)
				member = v->code[c] = k->def;
			else if (k->flags & IMPORT_REQUIRED)
				import_error(r, v, (int)c, "required", "This value is required.");
		} else {
			switch (k->type) {
			case IMPORT_TEXT:
				text_cell(r, v, (int)c, k->max);
				member = s;
				break;
			case IMPORT_LABEL:
				member = v->code[c] = labels_code(k->codes, s);
				if (member == NULL)
					import_error(r, v, (int)c, "enum",
						     "Not one of the listed values.");
				break;
			case IMPORT_COUNT:
				count_cell(r, v, (int)c, (long)k->max);
				member = s;
				break;
			case IMPORT_NUMBER:
				if (number_cell(r, v, (int)c, &num))
					jv = json_real(num);
				break;
			case IMPORT_DATE:
				text_cell(r, v, (int)c, 0);
				member = date_cell(v, (int)c);
				break;
			}
		}
		if (member != NULL && jv == NULL && !(v->failed & (1ull << c)))
			jv = json_string(member);
		if (v->body != NULL && jv != NULL && !(k->flags & IMPORT_REF) && k->name != NULL)
			json_object_set_new(v->body, k->name, jv);
		else
			json_decref(jv);
	}
	if (r->d->check != NULL)
		r->d->check(r, v);
	if (r->d->resource != NULL)
		resource_read(r, v);
}

/* The data rows that are not blank. */
static size_t count_rows(const struct csv_doc *doc)
{
	size_t rec, rows = 0;

	for (rec = 1; rec < doc->nrecords; rec++)
		rows += !blank_record(doc, rec);
	return rows;
}

static size_t max_rows(const struct import_desc *d)
{
	return d->max_rows > 0 && d->max_rows < IMPORT_MAX_ROWS ? d->max_rows : IMPORT_MAX_ROWS;
}

static void run_free(struct import_run *r)
{
	size_t i;

	for (i = 0; i < r->nrefs; i++)
		free(r->refs[i].key);
	free(r->refs);
	free(r->seen);
	r->refs = NULL;
	r->seen = NULL;
}

long import_check(const struct import_desc *d, char *text, size_t len, json_t *errors)
{
	struct import_run r;
	struct import_row *v = calloc(1, sizeof(*v));
	struct csv_doc doc;
	const char *why;
	size_t rec, rows;
	long rc = -1;

	memset(&r, 0, sizeof(r));
	r.d = d;
	r.errors = errors;
	r.ncols = column_count(d);
	if (v == NULL)
		return -1;
	if (csv_parse(text, len, &doc, &why) != 0) {
		free(v);
		return -1;
	}
	rows = count_rows(&doc);
	if (doc.nrecords == 0 || rows > max_rows(d))
		goto out;
	if (map_header(&r, &doc) == 0) {
		for (rec = 1; rec < doc.nrecords; rec++) {
			if (!blank_record(&doc, rec))
				check_row(&r, &doc, rec, v);
		}
	}
	rc = (long)rows;
out:
	json_decref(v->body);
	free(v);
	run_free(&r);
	csv_doc_free(&doc);
	return rc;
}

const struct import_ref *import_lookup(struct import_run *r, const char *stmt, const char *key,
				       const char *extra)
{
	const char *values[3] = {key, extra != NULL ? extra : auth_scope(r->req),
				 auth_scope(r->req)};
	struct import_ref *p;
	PGresult *res;
	size_t i, klen = strlen(stmt) + strlen(key) + (extra ? strlen(extra) : 0) + 3;
	char *k = malloc(klen);

	if (k == NULL)
		return NULL;
	snprintf(k, klen, "%s\x1f%s\x1f%s", stmt, key, extra != NULL ? extra : "");
	for (i = 0; i < r->nrefs; i++) {
		if (strcmp(r->refs[i].key, k) == 0) {
			free(k);
			return &r->refs[i];
		}
	}
	if (r->nrefs == r->cap_refs) {
		size_t cap = r->cap_refs ? r->cap_refs * 2 : 32;
		struct import_ref *np = realloc(r->refs, cap * sizeof(*np));
		if (np == NULL) {
			free(k);
			return NULL;
		}
		r->refs = np;
		r->cap_refs = cap;
	}
	res = db_exec(r->req->db, stmt, extra != NULL ? 3 : 2, values);
	if (!db_ok(res)) {
		PQclear(res);
		free(k);
		return NULL;
	}
	p = &r->refs[r->nrefs++];
	memset(p, 0, sizeof(*p));
	p->key = k;
	p->found = PQntuples(res) == 1 ? 1 : PQntuples(res) > 1 ? 2 : 0;
	if (p->found == 1) {
		snprintf(p->id, sizeof(p->id), "%s", PQgetvalue(res, 0, 0));
		if (PQnfields(res) > 1 && !PQgetisnull(res, 0, 1))
			p->flag = PQgetvalue(res, 0, 1)[0];
	}
	PQclear(res);
	return p;
}

int import_insert(struct import_run *r, struct import_row *v, const char *stmt, int n,
		  const char *const *values, const struct import_constraint *map)
{
	const char *constraint, *state;
	PGresult *res;
	int rc = 0;

	if (db_command(r->req->db, "SAVEPOINT import_row") != 0)
		return -1;
	res = db_exec(r->req->db, stmt, n, values);
	if (db_ok(res) && PQntuples(res) == 1) {
		PQclear(res);
		return db_command(r->req->db, "RELEASE SAVEPOINT import_row");
	}
	constraint = db_ok(res) ? NULL : PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
	state = db_ok(res) ? NULL : PQresultErrorField(res, PG_DIAG_SQLSTATE);
	for (; map != NULL && map->name != NULL; map++) {
		if (constraint != NULL && strcmp(constraint, map->name) == 0)
			break;
	}
	if (map != NULL && map->name != NULL)
		import_error(r, v, map->col, map->code, map->reason);
	else if (db_ok(res) || (state != NULL && state[0] == '2'))
		import_error(r, v, -1, "conflict", "The row breaks a rule of the data.");
	else
		rc = -1;
	PQclear(res);
	if (db_command(r->req->db, "ROLLBACK TO SAVEPOINT import_row") != 0)
		rc = -1;
	return rc;
}

/* What identifies an import for its Idempotency-Key: whether a dry run, and the SHA-256 of the
 * body's text (a workbook's as the CSV it became). */
static json_t *fingerprint(int dry_run, const char *text, size_t len)
{
	unsigned char d[SHA256_DIGEST_LENGTH];
	char hex[2 * SHA256_DIGEST_LENGTH + 1];
	int i;

	SHA256((const unsigned char *)text, len, d);
	for (i = 0; i < SHA256_DIGEST_LENGTH; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return json_pack("{s:b, s:s}", "dry_run", dry_run, "sha256", hex);
}

/* A 400 naming `body`. */
static int body_problem(struct http_req *req, const char *code, const char *detail)
{
	return http_problem(req, 400, "validation_failed", detail,
			    http_field_error("body", code, detail), NULL);
}

int import_handle(struct http_req *req, const struct import_desc *d)
{
	struct import_run r;
	struct import_row *v = NULL;
	struct csv_doc doc;
	const char *why;
	char dry[8], *text = NULL;
	size_t len = 0, rec, rows = 0;
	long imported = 0;
	int rc, dry_run = 0;
	json_t *errors = json_array(), *print = NULL, *reply;

	memset(&r, 0, sizeof(r));
	memset(&doc, 0, sizeof(doc));
	r.d = d;
	r.req = req;
	r.errors = json_array();
	r.ncols = column_count(d);
	if (rest_query(req, "dry_run", dry, sizeof(dry), errors) == 1) {
		if (strcmp(dry, "true") == 0)
			dry_run = 1;
		else if (strcmp(dry, "false") != 0)
			v_error(errors, "dry_run", "enum", "true or false.");
	}
	if (json_array_size(errors) > 0) {
		http_discard_body(req);
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	if (import_read_body(req, &text, &len) != 0) {
		rc = req->status;
		goto out;
	}
	/* A retried import with the same key answers the first import's answer, not a second. */
	print = fingerprint(dry_run, text, len);
	rc = idem_check(req, print);
	if (rc != 0) {
		rc = req->status;
		goto out;
	}
	if (csv_parse(text, len, &doc, &why) != 0) {
		rc = body_problem(req, "format", why);
		goto out;
	}
	if (doc.nrecords == 0) {
		rc = http_problem(req, 400, "validation_failed", "The file has no header row.",
				  http_field_error("body", "required", "a header row is required"),
				  NULL);
		goto out;
	}
	rows = count_rows(&doc);
	if (rows > max_rows(d)) {
		char detail[96];
		snprintf(detail, sizeof(detail), "At most %zu data rows per import.", max_rows(d));
		rc = body_problem(req, "too_many_rows", detail);
		goto out;
	}
	v = calloc(1, sizeof(*v));
	if (v == NULL) {
		rc = http_problem(req, 500, "internal", "Out of memory.", NULL, NULL);
		goto out;
	}
	if (map_header(&r, &doc) == 0) {
		for (rec = 1; rec < doc.nrecords; rec++) {
			if (blank_record(&doc, rec))
				continue;
			check_row(&r, &doc, rec, v);
			if (d->insert(&r, v) != 0) {
				rc = http_problem(
				    req, 503, "database_unavailable",
				    "The database failed during the import; nothing was "
				    "imported.",
				    NULL, "Retry-After: 1\r\n");
				goto out;
			}
			imported += r.nerrors == v->nerrors_before;
		}
	}
	if (r.nerrors > 0 || dry_run) {
		db_command(req->db, "ROLLBACK");
		rc = http_json(req, 200,
			       json_pack("{s:b, s:I, s:i, s:O}", "dry_run", dry_run, "rows",
					 (json_int_t)rows, "imported", 0, "errors", r.errors));
		goto out;
	}
	if (audit_record(req, d->audit_action, d->audit_type, NULL, "success",
			 json_pack("{s:I}", "count", (json_int_t)imported)) != 0) {
		rc = http_problem(req, 500, "internal", "The change could not be recorded.", NULL,
				  NULL);
		goto out;
	}
	reply = json_pack("{s:b, s:I, s:I, s:[]}", "dry_run", 0, "rows", (json_int_t)rows,
			  "imported", (json_int_t)imported, "errors");
	if (idem_store(req, print, 200, reply, NULL) != 0) {
		json_decref(reply);
		rc =
		    http_problem(req, 500, "internal", "The answer could not be kept.", NULL, NULL);
		goto out;
	}
	if (auth_commit(req) != 0) {
		json_decref(reply);
		rc = req->status;
		goto out;
	}
	rc = http_json(req, 200, reply);
out:
	json_decref(print);
	if (v != NULL)
		json_decref(v->body);
	free(v);
	run_free(&r);
	json_decref(r.errors);
	json_decref(errors);
	csv_doc_free(&doc);
	free(text);
	return rc;
}
