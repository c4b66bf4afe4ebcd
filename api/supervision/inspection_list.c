/* GET /inspections and /inspections/export: the list described in inspection_sql.c, run by the
 * one list runner (list_handle.c). */
#include "inspection.h"
#include "list.h"

int inspection_list(struct http_req *req)
{
	return list_handle(req, &inspection_list_desc);
}

int inspection_export(struct http_req *req)
{
	return list_export(req, &inspection_list_desc);
}
