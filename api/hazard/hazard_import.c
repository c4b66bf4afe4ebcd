/* POST /hazards/import: a legacy hazard list (隐患台账; seed 000 asks each region to list last
 * year's unfinished hazards) from a spreadsheet, on the generic import (import.h). A row names its
 * unit by the credit code of its institution or by the unit's name (in the caller's subtree:
 * another branch's is not found, as a missing one). Each hazard is imported as registered by the
 * caller's org (source import), with its deadline (a past one makes it overdue at once) and its
 * registration as its first event. The ledger export's headers (B's /hazards/export) are read
 * where they match; the others are ignored. */
#include "auth.h"
#include "fields.h"
#include "hazard_figures.h"
#include "import.h"
#include "labels.h"

#include <stdio.h>
#include <string.h>

enum col {
	H_CREDIT,
	H_UNIT,
	H_DESCRIPTION,
	H_LOCATION,
	H_CATEGORY,
	H_LEVEL,
	H_BASIS,
	H_FOUND,
	H_DEADLINE,
	H_REQUIREMENT,
	H_PERSON,
	H_FUNDS,
	H_MEASURES,
	H_PLAN,
	H_COUNT
};

/* The levels by their ledger names (等级). */
static const struct export_label levels[] = {{"general", "一般隐患"},
					     {"major", "重大隐患"},
					     {"general", "一般"},
					     {"major", "重大"},
					     {NULL, NULL}};

static const struct import_column columns[H_COUNT + 1] = {
    [H_CREDIT] = {"统一社会信用代码", "institution_credit_code", IMPORT_TEXT, IMPORT_REF, 18, NULL,
		  NULL},
    [H_UNIT] = {"单位", "org_name", IMPORT_TEXT, IMPORT_REF, 100, NULL, NULL},
    [H_DESCRIPTION] = {"隐患描述", "description", IMPORT_TEXT, IMPORT_HEADER | IMPORT_REQUIRED,
		       2000, NULL, NULL},
    [H_LOCATION] = {"隐患部位", "location", IMPORT_TEXT, 0, 200, NULL, NULL},
    [H_CATEGORY] = {"隐患类别", "category", IMPORT_LABEL, 0, 0, labels_risk_category, "other"},
    [H_LEVEL] = {"等级", "level", IMPORT_LABEL, 0, 0, levels, "general"},
    [H_BASIS] = {"判定依据", "major_basis", IMPORT_TEXT, 0, 1000, NULL, NULL},
    [H_FOUND] = {"发现时间", "found_on", IMPORT_DATE, IMPORT_HEADER | IMPORT_REQUIRED, 0, NULL,
		 NULL},
    [H_DEADLINE] = {"时限", "deadline", IMPORT_DATE, IMPORT_HEADER | IMPORT_REQUIRED, 0, NULL,
		    NULL},
    [H_REQUIREMENT] = {"整改要求", "requirement", IMPORT_TEXT, 0, 2000, NULL, NULL},
    [H_PERSON] = {"整改责任人", "responsible_person", IMPORT_TEXT, 0, 64, NULL, NULL},
    [H_FUNDS] = {"资金", "funds", IMPORT_TEXT, 0, 200, NULL, NULL},
    [H_MEASURES] = {"措施", "measures", IMPORT_TEXT, 0, 2000, NULL, NULL},
    [H_PLAN] = {"应急预案", "emergency_plan", IMPORT_TEXT, 0, 2000, NULL, NULL},
    [H_COUNT] = {NULL, NULL, IMPORT_TEXT, 0, 0, NULL, NULL},
};

/* The unit: a credit code or a unit name column. */
static void header(struct import_run *r)
{
	if (!import_has_column(r, H_CREDIT) && !import_has_column(r, H_UNIT))
		import_error(r, NULL, H_UNIT, "required",
			     "A column 单位 (or 统一社会信用代码) is required.");
}

/* A date cell as a date (a workbook's serial already turned into one). */
static const char *date_of(const struct import_row *v, int c)
{
	return v->date[c][0] != '\0' ? v->date[c] : v->s[c];
}

/* The rules of a row that need no database: its unit named, real dates, a deadline not before
 * the finding, and the basis of a major grading (as the register move asks). */
static void check(struct import_run *r, struct import_row *v)
{
	const char *found = NULL, *deadline = NULL;

	if (v->s[H_CREDIT] == NULL && v->s[H_UNIT] == NULL)
		import_error(r, v, import_has_column(r, H_UNIT) ? H_UNIT : H_CREDIT, "required",
			     "The unit is required.");
	if (v->s[H_FOUND] != NULL && !((v->failed >> H_FOUND) & 1)) {
		found = date_of(v, H_FOUND);
		if (!fields_date_ok(found)) {
			import_error(r, v, H_FOUND, "format", "A date (YYYY-MM-DD).");
			found = NULL;
		}
	}
	if (v->s[H_DEADLINE] != NULL && !((v->failed >> H_DEADLINE) & 1)) {
		deadline = date_of(v, H_DEADLINE);
		if (!fields_date_ok(deadline)) {
			import_error(r, v, H_DEADLINE, "format", "A date (YYYY-MM-DD).");
			deadline = NULL;
		}
	}
	if (found != NULL && deadline != NULL && strcmp(deadline, found) < 0)
		import_error(r, v, H_DEADLINE, "range",
			     "The deadline must not be before the hazard was found.");
	if (v->code[H_LEVEL] != NULL && strcmp(v->code[H_LEVEL], "major") == 0 &&
	    v->s[H_BASIS] == NULL)
		import_error(r, v, H_BASIS, "required",
			     "A major hazard needs the basis of its grading (判定依据).");
}

/* The unit (by the credit code of its institution when the row gives one, else by name)
 * looked up, then the hazard and its registration inserted. */
static int insert(struct import_run *r, struct import_row *v)
{
	const struct auth_principal *p = r->req->auth;
	const struct import_ref *unit = NULL;
	const char *values[20];
	int c = v->s[H_CREDIT] != NULL ? H_CREDIT : H_UNIT;

	if (v->s[c] != NULL && !((v->failed >> c) & 1)) {
		unit = import_lookup(
		    r, c == H_CREDIT ? "hazard_import_unit_by_code" : "hazard_import_unit_by_name",
		    v->s[c], NULL);
		if (unit == NULL)
			return -1;
		if (unit->found == 0)
			import_error(r, v, c, "not_found", "No such unit in your area.");
		else if (unit->found == 2)
			import_error(r, v, c, "ambiguous",
				     "Several units have this name: give the credit code.");
	}
	if (r->nerrors != v->nerrors_before || unit == NULL)
		return 0;
	values[0] = unit->id;
	values[1] = auth_scope(r->req);
	values[2] = v->s[H_DESCRIPTION];
	values[3] = v->s[H_LOCATION];
	values[4] = v->code[H_CATEGORY];
	values[5] = v->code[H_LEVEL];
	values[6] = v->s[H_BASIS];
	values[7] = date_of(v, H_FOUND);
	values[8] = date_of(v, H_DEADLINE);
	values[9] = v->s[H_REQUIREMENT];
	values[10] = v->s[H_PERSON];
	values[11] = v->s[H_FUNDS];
	values[12] = v->s[H_MEASURES];
	values[13] = v->s[H_PLAN];
	values[14] = p->is_client ? NULL : p->id;
	values[15] = p->name;
	values[16] = p->org_id;
	values[17] = p->role->name;
	return import_insert(r, v, "hazard_import_insert", 18, values, NULL);
}

const struct import_desc hazard_import_desc = {
    .columns = columns,
    .resource = NULL,
    .header = header,
    .check = check,
    .insert = insert,
    .audit_action = "hazard.import",
    .audit_type = "hazard",
    .max_rows = IMPORT_MAX_ROWS,
};

int hazard_import(struct http_req *req)
{
	return import_handle(req, &hazard_import_desc);
}
