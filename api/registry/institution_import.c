/* POST /institutions/import: institution records from a spreadsheet, on the generic import
 * (import.h). A row names its parent org by division code or name and becomes a unit org and
 * its record in one statement. */
#include "auth.h"
#include "ccode.h"
#include "import.h"
#include "institution.h"
#include "labels.h"

#include <stdlib.h>
#include <string.h>

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

/* The headers are what the export writes; codes and phones are checked by the kind. */
static const struct import_column columns[C_COUNT + 1] = {
    [C_PARENT_CODE] = {"上级机构区划代码", "parent_division_code", IMPORT_TEXT, IMPORT_REF, 0, NULL,
		       NULL},
    [C_PARENT_NAME] = {"上级机构", "parent_name", IMPORT_TEXT, IMPORT_REF, 100, NULL, NULL},
    [C_NAME] = {"机构名称", "name", IMPORT_TEXT, IMPORT_REQUIRED | IMPORT_HEADER, 100, NULL, NULL},
    [C_CREDIT] = {"统一社会信用代码", "credit_code", IMPORT_TEXT, IMPORT_REQUIRED | IMPORT_HEADER,
		  0, NULL, NULL},
    [C_TYPE] = {"机构类别", "type", IMPORT_LABEL, IMPORT_REQUIRED | IMPORT_HEADER, 0,
		labels_institution_type, NULL},
    [C_GRADE] = {"等级", "grade", IMPORT_LABEL, 0, 0, labels_institution_grade, "none"},
    [C_OWNERSHIP] = {"举办性质", "ownership", IMPORT_LABEL, 0, 0, labels_ownership, "public"},
    [C_ADDRESS] = {"地址", "address", IMPORT_TEXT, 0, 200, NULL, NULL},
    [C_BEDS] = {"床位数", "beds", IMPORT_COUNT, 0, 100000, NULL, NULL},
    [C_STAFF] = {"职工数", "staff", IMPORT_COUNT, 0, 1000000, NULL, NULL},
    [C_PRINCIPAL] = {"主要负责人", "principal_name", IMPORT_TEXT, 0, 64, NULL, NULL},
    [C_PRINCIPAL_PHONE] = {"负责人电话", "principal_phone", IMPORT_TEXT, 0, 0, NULL, NULL},
    [C_GRID_NAME] = {"网格名称", "grid_name", IMPORT_TEXT, 0, 100, NULL, NULL},
    [C_GRID_HEAD] = {"网格责任人", "grid_head", IMPORT_TEXT, 0, 64, NULL, NULL},
    [C_GRID_PHONE] = {"网格责任人电话", "grid_head_phone", IMPORT_TEXT, 0, 0, NULL, NULL},
    [C_COUNT] = {NULL, NULL, IMPORT_TEXT, 0, 0, NULL, NULL},
};

/* The parent: a division code or a name column. */
static void header(struct import_run *r)
{
	if (!import_has_column(r, C_PARENT_CODE) && !import_has_column(r, C_PARENT_NAME))
		import_error(r, NULL, C_PARENT_CODE, "required",
			     "A column 上级机构区划代码 (or 上级机构) is required.");
}

static int failed(const struct import_row *v, int c)
{
	return (v->failed >> c) & 1;
}

/* The parent's form, the credit code (checksum, once in the file) and the phones. */
static void check(struct import_run *r, struct import_row *v)
{
	const char *const *s = v->s;

	if (s[C_PARENT_CODE] != NULL) {
		if (!failed(v, C_PARENT_CODE) &&
		    (strlen(s[C_PARENT_CODE]) != 6 || strspn(s[C_PARENT_CODE], "0123456789") != 6))
			import_error(r, v, C_PARENT_CODE, "format", "Six digits.");
	} else if (s[C_PARENT_NAME] == NULL) {
		import_error(r, v,
			     import_has_column(r, C_PARENT_CODE) ? C_PARENT_CODE : C_PARENT_NAME,
			     "required", "The parent org is required.");
	}
	if (s[C_CREDIT] != NULL && !failed(v, C_CREDIT)) {
		switch (ccode_validate(s[C_CREDIT])) {
		case CCODE_OK:
			if (import_seen(r, s[C_CREDIT]))
				import_error(r, v, C_CREDIT, "duplicate",
					     "The code appears in an earlier row.");
			break;
		case CCODE_CHECKSUM:
			import_error(r, v, C_CREDIT, "checksum",
				     "The check character (the 18th) does not match.");
			break;
		default:
			import_error(r, v, C_CREDIT, "format",
				     "18 characters of 0-9 and A-Y without I, O, S, V, Z.");
		}
	}
	if (s[C_PRINCIPAL_PHONE] != NULL && !failed(v, C_PRINCIPAL_PHONE) &&
	    !institution_phone_ok(s[C_PRINCIPAL_PHONE]))
		import_error(r, v, C_PRINCIPAL_PHONE, "format", "7 to 20 digits or '-'.");
	if (s[C_GRID_PHONE] != NULL && !failed(v, C_GRID_PHONE) &&
	    !institution_phone_ok(s[C_GRID_PHONE]))
		import_error(r, v, C_GRID_PHONE, "format", "7 to 20 digits or '-'.");
}

static const struct import_constraint constraints[] = {
    {"institutions_credit_code_key", C_CREDIT, "duplicate",
     "An institution with this code is already registered."},
    {"orgs_sibling_names", C_NAME, "duplicate", "The parent already has an org with this name."},
    {NULL, 0, NULL, NULL},
};

/* The parent looked up (by code when the row gives one, else by name), then the unit org and
 * its record inserted. */
static int insert(struct import_run *r, struct import_row *v)
{
	const char *values[13];
	const struct import_ref *p = NULL;
	int c = -1, rc;
	char *principal;
	json_t *o;

	if (v->s[C_PARENT_CODE] != NULL && !failed(v, C_PARENT_CODE))
		c = C_PARENT_CODE;
	else if (v->s[C_PARENT_CODE] == NULL && v->s[C_PARENT_NAME] != NULL &&
		 !failed(v, C_PARENT_NAME))
		c = C_PARENT_NAME;
	if (c >= 0) {
		p = import_lookup(
		    r, c == C_PARENT_CODE ? "import_parent_by_code" : "import_parent_by_name",
		    v->s[c], NULL);
		if (p == NULL)
			return -1;
		if (p->found == 0)
			import_error(r, v, c, "not_found", "No such org in your area.");
		else if (p->found == 2)
			import_error(r, v, c, "ambiguous",
				     "Several orgs have this name: give the division code.");
	}
	if (r->nerrors != v->nerrors_before || p == NULL)
		return 0;
	o = json_object();
	if (v->s[C_PRINCIPAL] != NULL)
		json_object_set_new(o, "name", json_string(v->s[C_PRINCIPAL]));
	if (v->s[C_PRINCIPAL_PHONE] != NULL)
		json_object_set_new(o, "phone", json_string(v->s[C_PRINCIPAL_PHONE]));
	principal = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	values[0] = p->id;
	values[1] = v->s[C_NAME];
	values[2] = v->s[C_CREDIT];
	values[3] = v->code[C_TYPE];
	values[4] = v->code[C_GRADE];
	values[5] = v->code[C_OWNERSHIP];
	values[6] = v->s[C_ADDRESS];
	values[7] = v->s[C_BEDS];
	values[8] = v->s[C_STAFF];
	values[9] = principal != NULL ? principal : "{}";
	values[10] = v->s[C_GRID_NAME];
	values[11] = v->s[C_GRID_HEAD];
	values[12] = v->s[C_GRID_PHONE];
	rc = import_insert(r, v, "import_insert", 13, values, constraints);
	free(principal);
	return rc;
}

const struct import_desc institution_import = {
    .columns = columns,
    .header = header,
    .check = check,
    .insert = insert,
    .audit_action = "institution.import",
    .audit_type = "institution",
    .max_rows = IMPORT_MAX_ROWS,
};

long import_check_offline(char *text, size_t len, json_t *errors)
{
	return import_check(&institution_import, text, len, errors);
}

int import_institutions(struct http_req *req)
{
	return import_handle(req, &institution_import);
}
