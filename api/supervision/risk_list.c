/* Lists and exports of risks: filters, sort orders and keyset pages over the caller's subtree. */
#include "auth.h"
#include "dbjson.h"
#include "export.h"
#include "fields.h"
#include "labels.h"
#include "list.h"
#include "rest.h"
#include "risk.h"
#include "validate.h"

#include <stdio.h>
#include <string.h>

#define RISK_LIST_DEFAULT 50
#define RISK_LIST_MAX 500
#define RISK_EXPORT_MAX 50000

static const char *const risk_archived[] = {"false", "true", "all", NULL};

/* Query values of GET /risks and /risks/export. */
struct risk_query {
	char org_id[37], institution_id[37], category[32], grade[16], method[16], archived[8];
	char q[512], format[8];
	int has_org, has_inst, has_category, has_grade, has_method, has_q, overdue, has_overdue;
	int limit;
	const struct list_sort *sort;
	struct list_cursor cursor;
};

static void risk_query_read(struct http_req *req, struct risk_query *rq, json_t *errors)
{
	memset(rq, 0, sizeof(*rq));
	rq->has_org = rest_query_uuid(req, "org_id", rq->org_id, errors) == 1;
	rq->has_inst = rest_query_uuid(req, "institution_id", rq->institution_id, errors) == 1;
	rq->has_category = fields_query_enum(req, "category", labels_codes(labels_risk_category),
					     rq->category, sizeof(rq->category), errors) == 1;
	rq->has_grade = fields_query_enum(req, "grade", labels_codes(labels_risk_grade), rq->grade,
					  sizeof(rq->grade), errors) == 1;
	rq->has_method = fields_query_enum(req, "method", labels_codes(labels_risk_method),
					   rq->method, sizeof(rq->method), errors) == 1;
	rq->has_overdue = fields_query_bool(req, "overdue", &rq->overdue, errors) == 1;
	if (fields_query_enum(req, "archived", risk_archived, rq->archived, sizeof(rq->archived),
			      errors) != 1)
		snprintf(rq->archived, sizeof(rq->archived), "false");
	rq->has_q = rest_query(req, "q", rq->q, sizeof(rq->q), errors) == 1;
	if (rq->has_q && v_utf8_len(rq->q) > 100)
		v_error(errors, "q", "too_long", "At most 100 characters.");
	rq->sort = list_sort_read(req, &risk_list_desc, errors);
	rest_limit(req, RISK_LIST_DEFAULT, RISK_LIST_MAX, &rq->limit, errors);
	list_cursor_read(req, &risk_list_desc, rq->sort, &rq->cursor, errors);
}

/* Runs the list statement for rq with page size `limit1` after rq's cursor, and the count
 * when `count` is not NULL. Returns 0 with the results (caller PQclears); otherwise it has
 * answered and returns the status. */
static int risk_query_run(struct http_req *req, const struct risk_query *rq, int limit1,
			  PGresult **rows, PGresult **count)
{
	PGresult *org = NULL;
	const char *values[9];
	int rc = 0;

	*rows = NULL;
	values[0] = auth_scope(req);
	if (rq->has_org) {
		values[0] = rq->org_id;
		values[1] = auth_scope(req);
		org = db_exec(req->db, "risk_org_path", 2, values);
		if (!db_ok(org)) {
			rc = dbjson_error(req, org);
			goto out;
		}
		if (PQntuples(org) != 1) {
			rc = rest_not_found(req);
			goto out;
		}
		values[0] = PQgetvalue(org, 0, 0);
		if (auth_narrow_scope(req, values[0]) != 0) {
			rc = req->status;
			goto out;
		}
	}
	values[1] = auth_scope(req);
	values[2] = rq->has_inst ? rq->institution_id : NULL;
	values[3] = rq->has_category ? rq->category : NULL;
	values[4] = rq->has_grade ? rq->grade : NULL;
	values[5] = rq->has_method ? rq->method : NULL;
	values[6] = rq->has_overdue ? (rq->overdue ? "true" : "false") : NULL;
	values[7] = strcmp(rq->archived, "all") == 0 ? NULL : rq->archived;
	values[8] = rq->has_q ? rq->q : NULL;
	*rows = list_run(req, &risk_list_desc, rq->sort, values, &rq->cursor, limit1);
	if (!db_ok(*rows)) {
		rc = dbjson_error(req, *rows);
		goto out;
	}
	if (count != NULL) {
		*count = db_exec(req->db, "risk_list_count", 9, values);
		if (!db_ok(*count)) {
			rc = dbjson_error(req, *count);
			goto out;
		}
	}
out:
	PQclear(org);
	return rc;
}

int risk_list(struct http_req *req)
{
	struct risk_query rq;
	json_t *errors = json_array();
	PGresult *res = NULL, *count = NULL;
	int rc;

	risk_query_read(req, &rq, errors);
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	rc = risk_query_run(req, &rq, rq.limit + 1, &res, &count);
	if (rc != 0)
		goto out;
	rc = list_send_page(req, &risk_list_desc, rq.sort, res, count, rq.limit);
out:
	list_cursor_free(&rq.cursor);
	json_decref(errors);
	PQclear(res);
	PQclear(count);
	return rc;
}

static const struct export_column risk_export_columns[] = {
    {"institution_name", "机构名称", EXPORT_TEXT, NULL},
    {"name", "风险名称", EXPORT_TEXT, NULL},
    {"key_location_name", "重点部位", EXPORT_TEXT, NULL},
    {"category", "风险类别", EXPORT_LABEL, labels_risk_category},
    {"method", "评估方法", EXPORT_LABEL, labels_risk_method},
    {"lec_l", "L（可能性）", EXPORT_NUMBER, NULL},
    {"lec_e", "E（暴露频率）", EXPORT_NUMBER, NULL},
    {"lec_c", "C（后果）", EXPORT_NUMBER, NULL},
    {"likelihood", "可能性", EXPORT_NUMBER, NULL},
    {"severity", "严重程度", EXPORT_NUMBER, NULL},
    {"score", "风险值", EXPORT_NUMBER, NULL},
    {"grade", "风险等级", EXPORT_LABEL, labels_risk_grade},
    {"measures", "管控措施", EXPORT_TEXT, NULL},
    {"control_level", "管控层级", EXPORT_LABEL, labels_control_level},
    {"control_person", "管控责任人", EXPORT_TEXT, NULL},
    {"review_date", "复评日期", EXPORT_TEXT, NULL},
    {"review_overdue", "复评逾期", EXPORT_BOOL, NULL},
    {"archived", "已归档", EXPORT_BOOL, NULL},
    {"updated_at", "更新时间", EXPORT_TIME, NULL},
    {NULL, NULL, EXPORT_TEXT, NULL},
};

int risk_export(struct http_req *req)
{
	struct risk_query rq;
	json_t *errors = json_array();
	PGresult *res = NULL;
	char format[8];
	int rc;

	risk_query_read(req, &rq, errors);
	if (rest_query(req, "format", format, sizeof(format), errors) != 1)
		snprintf(format, sizeof(format), "csv");
	else if (!export_format_ok(format))
		v_error(errors, "format", "enum", "csv or xlsx.");
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	list_cursor_free(&rq.cursor); /* an export starts at the first row */
	rc = risk_query_run(req, &rq, RISK_EXPORT_MAX, &res, NULL);
	if (rc != 0)
		goto out;
	rc = export_send(req, res, risk_export_columns, format, "risks");
out:
	list_cursor_free(&rq.cursor);
	json_decref(errors);
	PQclear(res);
	return rc;
}
