/* Weak stand-ins for the attachment module (part A, api/attachment/): while it is not linked in,
 * a hazard's attachment ids are checked for their form only (hazard_attachments_check) and
 * nothing is bound, and a hazard lists no attachments. The module's own (strong) definitions
 * take their place at link time; nothing here stores a file. */
#include "hazard_attach.h"

__attribute__((weak)) int attachment_bind(struct http_req *req, json_t *ids, const char *field,
					  const char *record_type, const char *record_id,
					  const char *org_path, const char *kind)
{
	(void)req;
	(void)ids;
	(void)field;
	(void)record_type;
	(void)record_id;
	(void)org_path;
	(void)kind;
	return 0;
}

__attribute__((weak)) json_t *attachment_list(struct http_req *req, const char *record_type,
					      const char *record_id)
{
	(void)req;
	(void)record_type;
	(void)record_id;
	return json_array();
}
