/* GET /risks and /risks/export: the list described in risk_sql.c, run by the one list runner
 * (list_handle.c). */
#include "list.h"
#include "risk.h"

int risk_list(struct http_req *req)
{
	return list_handle(req, &risk_list_desc);
}

int risk_export(struct http_req *req)
{
	return list_export(req, &risk_list_desc);
}
