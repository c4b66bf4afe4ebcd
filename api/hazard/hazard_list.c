/* GET /hazards (隐患清单) and /hazards/export (隐患台账): the list described in hazard_sql.c, run
 * by the one list runner (list_handle.c). */
#include "hazard.h"
#include "list.h"

int hazard_list(struct http_req *req)
{
	return list_handle(req, &hazard_list_desc);
}

int hazard_export(struct http_req *req)
{
	return list_export(req, &hazard_list_desc);
}
