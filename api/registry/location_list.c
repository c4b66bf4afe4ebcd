/* The lists under an institution (key locations, projects) and the 打非治违 list with its
 * export: described in location_sql.c, run by the one list runner (list_handle.c). */
#include "institution.h"
#include "list.h"
#include "location.h"

int child_list_parent(struct http_req *req)
{
	return child_institution(req, 0);
}

int location_list(struct http_req *req)
{
	return list_handle(req, &location_list_desc);
}

int project_list(struct http_req *req)
{
	return list_handle(req, &project_list_desc);
}

int project_unpermitted(struct http_req *req)
{
	return list_handle(req, &unpermitted_list_desc);
}

int project_unpermitted_export(struct http_req *req)
{
	return list_export(req, &unpermitted_list_desc);
}
