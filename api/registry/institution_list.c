/* Lists of institution records: the paged list and its CSV/XLSX export (the list described in
 * institution_sql.c, run by the one list runner), and the grid coverage figure
 * (网格化管理覆盖率). */
#include "auth.h"
#include "dbjson.h"
#include "institution.h"
#include "list.h"
#include "rest.h"
#include "validate.h"

int institution_list(struct http_req *req)
{
	return list_handle(req, &institution_list_desc);
}

int institution_export(struct http_req *req)
{
	return list_export(req, &institution_list_desc);
}

int institution_grid_coverage(struct http_req *req)
{
	json_t *errors = json_array();
	PGresult *res = NULL;
	const char *values[2];
	char org_id[37], path[256];
	int rc, has_org;

	has_org = rest_query_uuid(req, "org_id", org_id, errors) == 1;
	if (json_array_size(errors) > 0) {
		rc = v_reply(req, errors);
		errors = NULL;
		goto out;
	}
	values[0] = auth_scope(req);
	if (has_org) {
		rc = list_scope(req, org_id, 1, path, sizeof(path));
		if (rc != 0)
			goto out;
		values[0] = path;
	}
	values[1] = auth_scope(req);
	res = db_exec(req->db, "figure_grid_coverage", 2, values);
	if (!db_ok(res)) {
		rc = dbjson_error(req, res);
		goto out;
	}
	rc = http_json(req, 200, dbjson_row(res, 0));
out:
	json_decref(errors);
	PQclear(res);
	return rc;
}
