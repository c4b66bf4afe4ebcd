/* POST /risks/import: risks from a spreadsheet, on the generic import (import.h). A row names its
 * institution by credit code or name (in the caller's subtree: another branch's is not found,
 * as a missing one), and optionally a key location of it by name; its members are read and
 * graded by the risk descriptor's own read, exactly as a single create (risk.c). */
#include "auth.h"
#include "import.h"
#include "labels.h"
#include "resource.h"
#include "risk.h"

#include <stdlib.h>
#include <string.h>

enum col {
	R_CREDIT,
	R_INSTITUTION,
	R_NAME,
	R_CATEGORY,
	R_METHOD,
	R_LEC_L,
	R_LEC_E,
	R_LEC_C,
	R_LIKELIHOOD,
	R_SEVERITY,
	R_KEY_LOCATION,
	R_MEASURES,
	R_CONTROL_LEVEL,
	R_CONTROL_PERSON,
	R_REVIEW_DATE,
	R_COUNT
};

/* The headers are the risk export's (a re-import of an export works by institution name);
 * lengths, method rules and dates are the descriptor's. */
static const struct import_column columns[R_COUNT + 1] = {
    [R_CREDIT] = {"统一社会信用代码", "institution_credit_code", IMPORT_TEXT, IMPORT_REF, 0, NULL,
		  NULL},
    [R_INSTITUTION] = {"机构名称", "institution_name", IMPORT_TEXT, IMPORT_REF, 100, NULL, NULL},
    [R_NAME] = {"风险名称", "name", IMPORT_TEXT, IMPORT_HEADER, 0, NULL, NULL},
    [R_CATEGORY] = {"风险类别", "category", IMPORT_LABEL, IMPORT_HEADER, 0, labels_risk_category,
		    NULL},
    [R_METHOD] = {"评估方法", "method", IMPORT_LABEL, IMPORT_HEADER, 0, labels_risk_method, NULL},
    [R_LEC_L] = {"L（可能性）", "lec_l", IMPORT_NUMBER, 0, 0, NULL, NULL},
    [R_LEC_E] = {"E（暴露频率）", "lec_e", IMPORT_NUMBER, 0, 0, NULL, NULL},
    [R_LEC_C] = {"C（后果）", "lec_c", IMPORT_NUMBER, 0, 0, NULL, NULL},
    [R_LIKELIHOOD] = {"可能性", "likelihood", IMPORT_NUMBER, 0, 0, NULL, NULL},
    [R_SEVERITY] = {"严重程度", "severity", IMPORT_NUMBER, 0, 0, NULL, NULL},
    [R_KEY_LOCATION] = {"重点部位", "key_location_name", IMPORT_TEXT, IMPORT_REF, 100, NULL, NULL},
    [R_MEASURES] = {"管控措施", "measures", IMPORT_TEXT, 0, 0, NULL, NULL},
    [R_CONTROL_LEVEL] = {"管控层级", "control_level", IMPORT_LABEL, 0, 0, labels_control_level,
			 NULL},
    [R_CONTROL_PERSON] = {"管控责任人", "control_person", IMPORT_TEXT, 0, 0, NULL, NULL},
    [R_REVIEW_DATE] = {"复评日期", "review_date", IMPORT_DATE, 0, 0, NULL, NULL},
    [R_COUNT] = {NULL, NULL, IMPORT_TEXT, 0, 0, NULL, NULL},
};

/* Stands for the institution while the row is read offline; the insert puts the real one. */
#define NO_INSTITUTION "00000000-0000-0000-0000-000000000000"

/* The institution: a credit code or a name column. */
static void header(struct import_run *r)
{
	if (!import_has_column(r, R_CREDIT) && !import_has_column(r, R_INSTITUTION))
		import_error(r, NULL, R_CREDIT, "required",
			     "A column 统一社会信用代码 (or 机构名称) is required.");
}

/* Each row names its institution; the risk descriptor's read gets a stand-in for it. */
static void check(struct import_run *r, struct import_row *v)
{
	if (v->s[R_CREDIT] == NULL && v->s[R_INSTITUTION] == NULL)
		import_error(r, v, import_has_column(r, R_CREDIT) ? R_CREDIT : R_INSTITUTION,
			     "required", "The institution is required.");
	json_object_set_new(v->body, "institution_id", json_string(NO_INSTITUTION));
}

/* The position of a risk_fields member among the insert's values ($2..). */
static int value_of(const char *name)
{
	int i;

	for (i = 0; risk_resource.fields[i].name != NULL; i++) {
		if (strcmp(risk_resource.fields[i].name, name) == 0)
			return i;
	}
	return -1;
}

/* The institution (by credit code when the row gives one, else by name) and the key location
 * looked up, then the graded risk inserted by the descriptor's own statement. */
static int insert(struct import_run *r, struct import_row *v)
{
	const struct import_ref *inst = NULL, *kl;
	const char *values[40];
	int c = v->s[R_CREDIT] != NULL ? R_CREDIT : R_INSTITUTION, n, i;

	if (v->s[c] != NULL && !((v->failed >> c) & 1)) {
		inst = import_lookup(r,
				     c == R_CREDIT ? "risk_import_institution_by_code"
						   : "risk_import_institution_by_name",
				     v->s[c], NULL);
		if (inst == NULL)
			return -1;
		if (inst->found == 0)
			import_error(r, v, c, "not_found", "No such institution in your area.");
		else if (inst->found == 2)
			import_error(r, v, c, "ambiguous",
				     "Several institutions have this name: give the credit code.");
		else if (inst->flag == 't')
			import_error(r, v, c, "conflict", "The institution is archived.");
	}
	if (inst != NULL && inst->found == 1 && v->s[R_KEY_LOCATION] != NULL &&
	    !((v->failed >> R_KEY_LOCATION) & 1)) {
		kl = import_lookup(r, "risk_import_key_location", v->s[R_KEY_LOCATION], inst->id);
		if (kl == NULL)
			return -1;
		if (kl->found == 0)
			import_error(r, v, R_KEY_LOCATION, "not_found",
				     "The institution has no key location of this name.");
		else if (kl->found == 2)
			import_error(r, v, R_KEY_LOCATION, "ambiguous",
				     "The institution has several key locations of this name.");
		else
			v->values[value_of("key_location_id")] = kl->id;
	}
	if (r->nerrors != v->nerrors_before || inst == NULL)
		return 0;
	v->values[value_of("institution_id")] = inst->id;
	/* The descriptor's top-level insert: $1 subtree, $2.. the fields, last the client id. */
	for (n = 0; risk_resource.fields[n].name != NULL; n++)
		;
	values[0] = auth_scope(r->req);
	for (i = 0; i < n; i++)
		values[i + 1] = v->values[i];
	values[n + 1] = NULL;
	return import_insert(r, v, risk_resource.insert, n + 2, values, NULL);
}

const struct import_desc risk_import = {
    .columns = columns,
    .resource = &risk_resource,
    .header = header,
    .check = check,
    .insert = insert,
    .audit_action = "risk.import",
    .audit_type = "risk",
    .max_rows = IMPORT_MAX_ROWS,
};

int import_risks(struct http_req *req)
{
	return import_handle(req, &risk_import);
}
