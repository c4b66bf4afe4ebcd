/* Lists and exports of inspections: filters, sort orders and keyset pages over the caller's
 * subtree (unannounced drafts of the caller's own unit left out, as everywhere). */
#include "auth.h"
#include "dbjson.h"
#include "export.h"
#include "fields.h"
#include "inspection.h"
#include "labels.h"
#include "list.h"
#include "rest.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

#define INSPECTION_LIST_DEFAULT 50
#define INSPECTION_LIST_MAX 500
#define INSPECTION_EXPORT_MAX 50000

/* Query values of GET /inspections and /inspections/export. */
struct inspection_query {
	char org_id[37], institution_id[37], type[16], status[16], from[11], to[11], q[512];
	int has_org, has_inst, has_type, has_status, has_from, has_to, has_q, limit;
	const struct list_sort *sort;
	struct list_cursor cursor;
};

static void inspection_query_read(struct http_req *req, struct inspection_query *iq, json_t *errors)
{
	memset(iq, 0, sizeof(*iq));
	iq->has_org = rest_query_uuid(req, "org_id", iq->org_id, errors) == 1;
	iq->has_inst = rest_query_uuid(req, "institution_id", iq->institution_id, errors) == 1;
	iq->has_type = fields_query_enum(req, "type", labels_codes(labels_inspection_type),
					 iq->type, sizeof(iq->type), errors) == 1;
	iq->has_status = fields_query_enum(req, "status", labels_codes(labels_inspection_status),
					   iq->status, sizeof(iq->status), errors) == 1;
	iq->has_from = fields_query_date(req, "from", iq->from, errors) == 1;
	iq->has_to = fields_query_date(req, "to", iq->to, errors) == 1;
	if (iq->has_from && iq->has_to && strcmp(iq->from, iq->to) > 0)
		v_error(errors, "to", "format", "to must not be before from.");
	iq->has_q = rest_query(req, "q", iq->q, sizeof(iq->q), errors) == 1;
	if (iq->has_q && v_utf8_len(iq->q) > 100)
		v_error(errors, "q", "too_long", "At most 100 characters.");
	iq->sort = list_sort_read(req, &inspection_list_desc, errors);
	rest_limit(req, INSPECTION_LIST_DEFAULT, INSPECTION_LIST_MAX, &iq->limit, errors);
	list_cursor_read(req, &inspection_list_desc, iq->sort, &iq->cursor, errors);
}

/* Runs the list statement (and the count when `count` is not NULL). Returns 0 with the results
 * (caller PQclears); otherwise it has answered and returns the status. */
static int inspection_query_run(struct http_req *req, const struct inspection_query *iq, int limit1,
				PGresult **rows, PGresult **count)
{
	PGresult *org = NULL;
	const char *values[8];
	int rc = 0;

	*rows = NULL;
	values[0] = auth_scope(req);
	if (iq->has_org) {
		values[0] = iq->org_id;
		values[1] = auth_scope(req);
		org = db_exec(req->db, "inspection_org_path", 2, values);
		if (!db_ok(org)) {
			rc = dbjson_error(req, org);
			goto out;
		}
		if (PQntuples(org) != 1) {
			rc = rest_not_found(req);
			goto out;
		}
		values[0] = PQgetvalue(org, 0, 0);
	}
	values[1] = auth_scope(req);
	values[2] = iq->has_inst ? iq->institution_id : NULL;
	values[3] = iq->has_type ? iq->type : NULL;
	values[4] = iq->has_status ? iq->status : NULL;
	values[5] = iq->has_from ? iq->from : NULL;
	values[6] = iq->has_to ? iq->to : NULL;
	values[7] = iq->has_q ? iq->q : NULL;
	*rows = list_run(req, &inspection_list_desc, iq->sort, values, &iq->cursor, limit1);
	if (!db_ok(*rows)) {
		rc = dbjson_error(req, *rows);
		goto out;
	}
	if (count != NULL) {
		*count = db_exec(req->db, "inspection_list_count", 8, values);
		if (!db_ok(*count)) {
			rc = dbjson_error(req, *count);
			goto out;
		}
	}
out:
	PQclear(org);
	return rc;
}

int inspection_list(struct http_req *req)
{
	struct inspection_query iq;
	json_t *errors = json_array();
	PGresult *res = NULL, *count = NULL;
	int rc;

	inspection_query_read(req, &iq, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = inspection_query_run(req, &iq, iq.limit + 1, &res, &count);
	if (rc != 0)
		goto out;
	rc = list_send_page(req, &inspection_list_desc, iq.sort, res, count, iq.limit);
out:
	list_cursor_free(&iq.cursor);
	json_decref(errors);
	PQclear(res);
	PQclear(count);
	return rc;
}

static const struct export_column inspection_export_columns[] = {
    {"institution_name", "被检查机构", EXPORT_TEXT, NULL},
    {"type", "检查类型", EXPORT_LABEL, labels_inspection_type},
    {"inspected_on", "检查日期", EXPORT_TEXT, NULL},
    {"inspector_org_name", "检查单位", EXPORT_TEXT, NULL},
    {"template_name", "检查表", EXPORT_TEXT, NULL},
    {"status", "状态", EXPORT_LABEL, labels_inspection_status},
    {"item_count", "检查项数", EXPORT_NUMBER, NULL},
    {"answered_count", "已检查项数", EXPORT_NUMBER, NULL},
    {"fail_count", "不合格项数", EXPORT_NUMBER, NULL},
    {"conclusion", "检查结论", EXPORT_TEXT, NULL},
    {"submitted_at", "提交时间", EXPORT_TIME, NULL},
    {"updated_at", "更新时间", EXPORT_TIME, NULL},
    {NULL, NULL, EXPORT_TEXT, NULL},
};

int inspection_export(struct http_req *req)
{
	struct inspection_query iq;
	json_t *errors = json_array();
	PGresult *res = NULL;
	char format[8];
	int rc;

	inspection_query_read(req, &iq, errors);
	if (rest_query(req, "format", format, sizeof(format), errors) != 1)
		snprintf(format, sizeof(format), "csv");
	else if (!export_format_ok(format))
		v_error(errors, "format", "enum", "csv or xlsx.");
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	list_cursor_free(&iq.cursor); /* an export starts at the first row */
	rc = inspection_query_run(req, &iq, INSPECTION_EXPORT_MAX, &res, NULL);
	if (rc != 0)
		goto out;
	rc = export_send(req, res, inspection_export_columns, format, "inspections");
out:
	list_cursor_free(&iq.cursor);
	json_decref(errors);
	PQclear(res);
	return rc;
}
