/* POST /institutions/import: institution records from a CSV spreadsheet. Every row is checked
 * in full (and tried against the database under a savepoint, so taken credit codes and sibling
 * names are found too); any problem, or a dry run, and nothing is written. */
#include "import.h"
#include "audit.h"
#include "auth.h"
#include "ccode.h"
#include "db.h"
#include "institution.h"
#include "labels.h"
#include "rest.h"
#include "validate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Errors listed in one answer at most; the rest are counted in `rows` only. */
#define IMPORT_MAX_ERRORS 1000

enum col {
	C_PARENT_CODE,
	C_PARENT_NAME,
	C_NAME,
	C_CREDIT,
	C_TYPE,
	C_GRADE,
	C_OWNERSHIP,
	C_ADDRESS,
	C_BEDS,
	C_STAFF,
	C_PRINCIPAL,
	C_PRINCIPAL_PHONE,
	C_GRID_NAME,
	C_GRID_HEAD,
	C_GRID_PHONE,
	C_COUNT
};

/* The header text of each column (what the export writes too). */
static const char *const col_headers[C_COUNT] = {
    "上级机构区划代码", "上级机构",   "机构名称",      "统一社会信用代码",
    "机构类别",		"等级",	      "举办性质",      "地址",
    "床位数",		"职工数",     "主要负责人",    "负责人电话",
    "网格名称",		"网格责任人", "网格责任人电话"};

/* The longest text of each text column (characters). */
static const size_t col_max[C_COUNT] = {6, 100, 100, 18, 20,  20, 20, 200,
					9, 9,	64,  20, 100, 64, 20};

/* A parent org looked up once per distinct key. */
struct parent {
	char *key;
	int by_code;
	int found; /* 1 found, 0 not found, 2 ambiguous */
	char id[37];
};

struct import_run {
	struct http_req *req;
	json_t *errors;
	size_t nerrors; /* all problems, listed or not */
	struct parent *parents;
	size_t nparents, cap_parents;
	char **codes; /* credit codes seen in the file, for duplicates */
	size_t ncodes;
	int col[C_COUNT]; /* field index of each column, -1 when absent */
};

static void row_error(struct import_run *r, size_t row, int col, const char *code,
		      const char *reason)
{
	r->nerrors++;
	if (json_array_size(r->errors) >= IMPORT_MAX_ERRORS)
		return;
	json_array_append_new(r->errors, json_pack("{s:I, s:s, s:s, s:s}", "row", (json_int_t)row,
						   "column", col >= 0 ? col_headers[col] : "",
						   "code", code, "reason", reason));
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

/* --- rows ----------------------------------------------------------------------------------- */

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

/* The header row: which field holds which column. Returns the number of problems. */
static int map_header(struct import_run *r, const struct csv_doc *doc)
{
	const struct csv_record *h = &doc->records[0];
	size_t i;
	int c, before = (int)r->nerrors;

	for (c = 0; c < C_COUNT; c++)
		r->col[c] = -1;
	for (i = 0; i < h->count; i++) {
		int nul = field_has_nul(doc, h->first + i), named = 0;
		const char *name = trim(doc->fields[h->first + i]);
		for (c = 0; c < C_COUNT; c++) {
			if (strcmp(name, col_headers[c]) != 0)
				continue;
			named = 1;
			if (nul)
				row_error(r, 1, c, "format", "Control characters are not allowed.");
			else if (r->col[c] >= 0)
				row_error(r, 1, c, "duplicate", "This column appears twice.");
			r->col[c] = (int)i;
		}
		if (nul && !named)
			row_error(r, 1, -1, "format", "A header holds a NUL byte.");
	}
	if (r->col[C_PARENT_CODE] < 0 && r->col[C_PARENT_NAME] < 0)
		row_error(r, 1, C_PARENT_CODE, "required",
			  "A column 上级机构区划代码 (or 上级机构) is required.");
	for (c = C_NAME; c <= C_TYPE; c++) {
		if (r->col[c] < 0)
			row_error(r, 1, c, "required", "This column is required.");
	}
	return (int)r->nerrors - before;
}

/* The trimmed text of column c in record `rec`, or NULL when absent or empty. */
static const char *cell(const struct import_run *r, const struct csv_doc *doc, size_t rec, int c)
{
	const struct csv_record *x = &doc->records[rec];
	char *s;

	if (r->col[c] < 0 || (size_t)r->col[c] >= x->count)
		return NULL;
	s = trim(doc->fields[x->first + (size_t)r->col[c]]);
	return s[0] != '\0' ? s : NULL;
}

/* The parent org of a row: by division code or by name, looked up once per distinct value. */
static const struct parent *parent_of(struct import_run *r, const char *key, int by_code)
{
	const char *values[2] = {key, auth_scope(r->req)};
	struct parent *p;
	PGresult *res;
	size_t i;

	for (i = 0; i < r->nparents; i++) {
		if (r->parents[i].by_code == by_code && strcmp(r->parents[i].key, key) == 0)
			return &r->parents[i];
	}
	if (r->nparents == r->cap_parents) {
		size_t cap = r->cap_parents ? r->cap_parents * 2 : 32;
		struct parent *np = realloc(r->parents, cap * sizeof(*np));
		if (np == NULL)
			return NULL;
		r->parents = np;
		r->cap_parents = cap;
	}
	p = &r->parents[r->nparents];
	memset(p, 0, sizeof(*p));
	p->key = strdup(key);
	if (p->key == NULL)
		return NULL;
	p->by_code = by_code;
	res = db_exec(r->req->db, by_code ? "import_parent_by_code" : "import_parent_by_name", 2,
		      values);
	if (!db_ok(res)) {
		PQclear(res);
		free(p->key);
		return NULL;
	}
	p->found = PQntuples(res) == 1 ? 1 : PQntuples(res) > 1 ? 2 : 0;
	if (p->found == 1)
		snprintf(p->id, sizeof(p->id), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	r->nparents++;
	return p;
}

/* A text cell within its length, without control characters (C0, DEL and C1: Unicode's Cc).
 * Adds an error otherwise. */
static int text_ok(struct import_run *r, size_t row, int c, const char *s)
{
	const unsigned char *p;

	if (s == NULL)
		return 1;
	if (v_utf8_len(s) > col_max[c]) {
		row_error(r, row, c, "too_long", "The text is too long.");
		return 0;
	}
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		/* p[1] exists: the text goes on at least to its NUL. C1 is U+0080..U+009F. */
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)) {
			row_error(r, row, c, "format", "Control characters are not allowed.");
			return 0;
		}
	}
	return 1;
}

/* A non-negative whole number cell up to `max`. */
static int count_ok(struct import_run *r, size_t row, int c, const char *s, long max)
{
	char *end;
	long v;

	if (s == NULL)
		return 1;
	if (s[0] == '-' && s[1] != '\0' && rest_only_chars(s + 1, "0123456789")) {
		row_error(r, row, c, "range", "The number cannot be negative.");
		return 0;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (!rest_only_chars(s, "0123456789") || errno != 0 || *end != '\0') {
		row_error(r, row, c, "format", "A whole number.");
		return 0;
	}
	if (v > max) {
		row_error(r, row, c, "range", "The number is too large.");
		return 0;
	}
	return 1;
}

/* A code column given as its Chinese label (or the code); empty gives `def`. */
static const char *label_cell(struct import_run *r, size_t row, int c, const char *s,
			      const struct export_label *labels, const char *def)
{
	const char *code;

	if (s == NULL) {
		if (def == NULL)
			row_error(r, row, c, "required", "This value is required.");
		return def;
	}
	code = labels_code(labels, s);
	if (code == NULL)
		row_error(r, row, c, "enum", "Not one of the listed values.");
	return code;
}

/* Whether the credit code was seen in an earlier row (and remembers it). */
static int seen_code(struct import_run *r, const char *code)
{
	size_t i;

	for (i = 0; i < r->ncodes; i++) {
		if (strcmp(r->codes[i], code) == 0)
			return 1;
	}
	r->codes[r->ncodes++] = (char *)code;
	return 0;
}

/* Inserts a checked row under a savepoint; a refused insert becomes the row's error. Returns 0,
 * or -1 when the database failed (not the row). */
static int try_insert(struct import_run *r, size_t row, const char *const *values)
{
	PGresult *res;
	const char *constraint;
	int rc = 0;

	if (db_command(r->req->db, "SAVEPOINT import_row") != 0)
		return -1;
	res = db_exec(r->req->db, "import_insert", 13, values);
	if (db_ok(res)) {
		PQclear(res);
		return db_command(r->req->db, "RELEASE SAVEPOINT import_row");
	}
	constraint = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
	if (constraint != NULL && strcmp(constraint, "institutions_credit_code_key") == 0)
		row_error(r, row, C_CREDIT, "duplicate",
			  "An institution with this code is already registered.");
	else if (constraint != NULL && strcmp(constraint, "orgs_sibling_names") == 0)
		row_error(r, row, C_NAME, "duplicate",
			  "The parent already has an org with this name.");
	else if (PQresultErrorField(res, PG_DIAG_SQLSTATE) != NULL &&
		 PQresultErrorField(res, PG_DIAG_SQLSTATE)[0] == '2')
		row_error(r, row, -1, "conflict", "The row breaks a rule of the data.");
	else
		rc = -1;
	PQclear(res);
	if (db_command(r->req->db, "ROLLBACK TO SAVEPOINT import_row") != 0)
		rc = -1;
	return rc;
}

/* The checked cells of one row, pointing into the parsed document. */
struct row_values {
	const char *s[C_COUNT];		      /* trimmed text of each column, NULL when empty */
	const char *type, *grade, *ownership; /* codes of the label columns */
	int parent_col;			      /* the column naming a well-formed parent, or -1 */
};

/* Checks data record `rec` (row number rec + 1) as far as no database is needed: all but
 * whether the parent exists (the caller looks up v->s[v->parent_col]) and whether the code or
 * name is taken already. Problems go to r's errors. */
static void check_row(struct import_run *r, const struct csv_doc *doc, size_t rec,
		      struct row_values *v)
{
	const struct csv_record *x = &doc->records[rec];
	size_t row = rec + 1, before = r->nerrors;
	const char *const *s = v->s;
	int c;

	memset(v, 0, sizeof(*v));
	v->parent_col = -1;
	/* A NUL byte would cut the cell short and the rest would pass unseen: such a row is refused
	 * naming each such column, before any other check reads the shortened text. */
	for (c = 0; c < C_COUNT; c++) {
		if (r->col[c] >= 0 && (size_t)r->col[c] < x->count &&
		    field_has_nul(doc, x->first + (size_t)r->col[c]))
			row_error(r, row, c, "format", "Control characters are not allowed.");
	}
	if (r->nerrors != before)
		return;
	for (c = 0; c < C_COUNT; c++)
		v->s[c] = cell(r, doc, rec, c);
	if (s[C_PARENT_CODE] != NULL) {
		if (strlen(s[C_PARENT_CODE]) != 6 ||
		    !rest_only_chars(s[C_PARENT_CODE], "0123456789"))
			row_error(r, row, C_PARENT_CODE, "format", "Six digits.");
		else
			v->parent_col = C_PARENT_CODE;
	} else if (s[C_PARENT_NAME] != NULL) {
		v->parent_col = C_PARENT_NAME;
	} else {
		row_error(r, row, r->col[C_PARENT_CODE] >= 0 ? C_PARENT_CODE : C_PARENT_NAME,
			  "required", "The parent org is required.");
	}
	if (s[C_NAME] == NULL)
		row_error(r, row, C_NAME, "required", "The name is required.");
	else
		text_ok(r, row, C_NAME, s[C_NAME]);
	if (s[C_CREDIT] == NULL) {
		row_error(r, row, C_CREDIT, "required", "The credit code is required.");
	} else {
		switch (ccode_validate(s[C_CREDIT])) {
		case CCODE_OK:
			if (seen_code(r, s[C_CREDIT]))
				row_error(r, row, C_CREDIT, "duplicate",
					  "The code appears in an earlier row.");
			break;
		case CCODE_CHECKSUM:
			row_error(r, row, C_CREDIT, "checksum",
				  "The check character (the 18th) does not match.");
			break;
		default:
			row_error(r, row, C_CREDIT, "format",
				  "18 characters of 0-9 and A-Y without I, O, S, V, Z.");
		}
	}
	v->type = label_cell(r, row, C_TYPE, s[C_TYPE], labels_institution_type, NULL);
	v->grade = label_cell(r, row, C_GRADE, s[C_GRADE], labels_institution_grade, "none");
	v->ownership = label_cell(r, row, C_OWNERSHIP, s[C_OWNERSHIP], labels_ownership, "public");
	text_ok(r, row, C_ADDRESS, s[C_ADDRESS]);
	count_ok(r, row, C_BEDS, s[C_BEDS], 100000);
	count_ok(r, row, C_STAFF, s[C_STAFF], 1000000);
	text_ok(r, row, C_PRINCIPAL, s[C_PRINCIPAL]);
	text_ok(r, row, C_GRID_NAME, s[C_GRID_NAME]);
	text_ok(r, row, C_GRID_HEAD, s[C_GRID_HEAD]);
	if (s[C_PRINCIPAL_PHONE] != NULL && !institution_phone_ok(s[C_PRINCIPAL_PHONE]))
		row_error(r, row, C_PRINCIPAL_PHONE, "format", "7 to 20 digits or '-'.");
	if (s[C_GRID_PHONE] != NULL && !institution_phone_ok(s[C_GRID_PHONE]))
		row_error(r, row, C_GRID_PHONE, "format", "7 to 20 digits or '-'.");
}

/* Checks data record `rec` (row number rec + 1), looks up its parent and, when it passes,
 * inserts it. Returns 1 when inserted, 0 when not, -1 when the database failed. */
static int import_row(struct import_run *r, const struct csv_doc *doc, size_t rec)
{
	size_t row = rec + 1, before = r->nerrors;
	const char *values[13], *parent_id = NULL;
	const struct parent *p;
	struct row_values v;
	char *principal = NULL;
	int rc;

	check_row(r, doc, rec, &v);
	if (v.parent_col >= 0) {
		p = parent_of(r, v.s[v.parent_col], v.parent_col == C_PARENT_CODE);
		if (p == NULL)
			return -1;
		if (p->found == 0)
			row_error(r, row, v.parent_col, "not_found", "No such org in your area.");
		else if (p->found == 2)
			row_error(r, row, v.parent_col, "ambiguous",
				  "Several orgs have this name: give the division code.");
		else
			parent_id = p->id;
	}
	if (r->nerrors != before)
		return 0;
	{
		json_t *o = json_object();
		if (v.s[C_PRINCIPAL] != NULL)
			json_object_set_new(o, "name", json_string(v.s[C_PRINCIPAL]));
		if (v.s[C_PRINCIPAL_PHONE] != NULL)
			json_object_set_new(o, "phone", json_string(v.s[C_PRINCIPAL_PHONE]));
		principal = json_dumps(o, JSON_COMPACT);
		json_decref(o);
	}
	values[0] = parent_id;
	values[1] = v.s[C_NAME];
	values[2] = v.s[C_CREDIT];
	values[3] = v.type;
	values[4] = v.grade;
	values[5] = v.ownership;
	values[6] = v.s[C_ADDRESS];
	values[7] = v.s[C_BEDS];
	values[8] = v.s[C_STAFF];
	values[9] = principal != NULL ? principal : "{}";
	values[10] = v.s[C_GRID_NAME];
	values[11] = v.s[C_GRID_HEAD];
	values[12] = v.s[C_GRID_PHONE];
	rc = try_insert(r, row, values);
	free(principal);
	if (rc != 0)
		return -1;
	return r->nerrors == before ? 1 : 0;
}

/* The data rows that are not blank. */
static size_t count_rows(const struct csv_doc *doc)
{
	size_t rec, rows = 0;

	for (rec = 1; rec < doc->nrecords; rec++)
		rows += !blank_record(doc, rec);
	return rows;
}

long import_check_offline(char *text, size_t len, json_t *errors)
{
	struct import_run r;
	struct csv_doc doc;
	struct row_values v;
	const char *why;
	size_t rec, rows;
	long rc = -1;

	memset(&r, 0, sizeof(r));
	r.errors = errors;
	if (csv_parse(text, len, &doc, &why) != 0)
		return -1;
	rows = count_rows(&doc);
	if (doc.nrecords == 0 || rows > IMPORT_MAX_ROWS)
		goto out;
	r.codes = calloc(rows + 1, sizeof(*r.codes));
	if (r.codes == NULL)
		goto out;
	if (map_header(&r, &doc) == 0) {
		for (rec = 1; rec < doc.nrecords; rec++) {
			if (!blank_record(&doc, rec))
				check_row(&r, &doc, rec, &v);
		}
	}
	rc = (long)rows;
out:
	free(r.codes);
	csv_doc_free(&doc);
	return rc;
}

int import_institutions(struct http_req *req)
{
	struct import_run r;
	struct csv_doc doc;
	const char *why;
	char dry[8], *text = NULL;
	size_t len = 0, rec, rows = 0, i;
	long imported = 0;
	int rc, dry_run = 0, n;
	json_t *errors = json_array();

	memset(&r, 0, sizeof(r));
	memset(&doc, 0, sizeof(doc));
	r.req = req;
	r.errors = json_array();
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
	if (csv_parse(text, len, &doc, &why) != 0) {
		rc = http_problem(req, 400, "validation_failed", why,
				  http_field_error("body", "format", why), NULL);
		goto out;
	}
	if (doc.nrecords == 0) {
		rc = http_problem(req, 400, "validation_failed", "The file has no header row.",
				  http_field_error("body", "required", "a header row is required"),
				  NULL);
		goto out;
	}
	rows = count_rows(&doc);
	if (rows > IMPORT_MAX_ROWS) {
		char detail[96];
		snprintf(detail, sizeof(detail), "At most %d data rows per import.",
			 IMPORT_MAX_ROWS);
		rc = http_problem(req, 400, "validation_failed", detail,
				  http_field_error("body", "too_many_rows", detail), NULL);
		goto out;
	}
	r.codes = calloc(rows + 1, sizeof(*r.codes));
	if (r.codes == NULL) {
		rc = http_problem(req, 500, "internal", "Out of memory.", NULL, NULL);
		goto out;
	}
	if (map_header(&r, &doc) == 0) {
		for (rec = 1; rec < doc.nrecords; rec++) {
			if (blank_record(&doc, rec))
				continue;
			n = import_row(&r, &doc, rec);
			if (n < 0) {
				rc = http_problem(
				    req, 503, "database_unavailable",
				    "The database failed during the import; nothing was "
				    "imported.",
				    NULL, "Retry-After: 1\r\n");
				goto out;
			}
			imported += n;
		}
	}
	if (r.nerrors > 0 || dry_run) {
		db_command(req->db, "ROLLBACK");
		rc = http_json(req, 200,
			       json_pack("{s:b, s:I, s:i, s:O}", "dry_run", dry_run, "rows",
					 (json_int_t)rows, "imported", 0, "errors", r.errors));
		goto out;
	}
	if (audit_record(req, "institution.import", "institution", NULL, "success",
			 json_pack("{s:I}", "count", (json_int_t)imported)) != 0) {
		rc = http_problem(req, 500, "internal", "The change could not be recorded.", NULL,
				  NULL);
		goto out;
	}
	if (auth_commit(req) != 0) {
		rc = req->status;
		goto out;
	}
	rc = http_json(req, 200,
		       json_pack("{s:b, s:I, s:I, s:[]}", "dry_run", 0, "rows", (json_int_t)rows,
				 "imported", (json_int_t)imported, "errors"));
out:
	for (i = 0; i < r.nparents; i++)
		free(r.parents[i].key);
	free(r.parents);
	free(r.codes);
	json_decref(r.errors);
	json_decref(errors);
	csv_doc_free(&doc);
	free(text);
	return rc;
}
