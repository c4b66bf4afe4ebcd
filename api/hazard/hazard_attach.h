/* The attachment functions the hazard workflow calls, declared exactly as the contract gives them
 * for api/attachment/attachment.h (part A). Until that module is linked in, hazard_attach.c holds
 * weak stand-ins (see there); A's definitions replace them at link time, unchanged callers. */
#ifndef ANQUAN_HAZARD_ATTACH_H
#define ANQUAN_HAZARD_ATTACH_H

#include <jansson.h>

#include "http.h"

/* Binds the attachments named in `ids` (a JSON array of id strings, may be NULL) to the record
 * (record_type "hazard", record_id, kind e.g. "before" / "after" / "signature" / "document")
 * and moves them to the record's org (org_path), inside the caller's transaction. Each must
 * exist, be visible to the caller and be unbound or already bound to this same record.
 * Returns 0, or answers 422 naming `field`/N and returns the status. */
int attachment_bind(struct http_req *req, json_t *ids, const char *field, const char *record_type,
		    const char *record_id, const char *org_path, const char *kind);

/* Returns a new reference: [{id, name, content_type, size, kind, created_at}] of a record. */
json_t *attachment_list(struct http_req *req, const char *record_type, const char *record_id);

#endif
