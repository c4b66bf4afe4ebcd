/* Attachments (evidence: photos and documents): uploaded once, referenced by id, bound to the
 * record they prove, and seen by exactly the subtree that sees that record. */
#ifndef ANQUAN_ATTACHMENT_H
#define ANQUAN_ATTACHMENT_H

#include <jansson.h>

#include "db.h"
#include "http.h"

/* The most attachments one payload binds. */
#define ATTACHMENT_BIND_MAX 20

/* POST /api/v1/attachments: the raw body (at most the attachment limit), its type taken from
 * its bytes, the name from X-File-Name (percent-encoded UTF-8) or ?name=, the org from ?org_id=
 * (the caller's by default). 201 with the metadata. */
int attachment_upload(struct http_req *req);

/* GET /api/v1/attachments/{id}: the metadata. */
int attachment_get(struct http_req *req);

/* GET /api/v1/attachments/{id}/content: the bytes, with their type, Content-Disposition,
 * nosniff, a CSP that runs nothing, and ETag = the sha256 (If-None-Match answers 304). */
int attachment_content(struct http_req *req);

/* Binds the attachments named in `ids` (a JSON array of id strings, may be NULL) to the record
 * (record_type "hazard", record_id, kind e.g. "before" / "after" / "signature" / "document")
 * and moves them to the record's org (org_path), inside the caller's transaction. Each must
 * exist, be visible to the caller and be unbound or already bound to this same record (its kind
 * then becomes `kind`). Returns 0, or answers 422 naming `field`/N (`field` itself when `ids` is
 * not an array of at most ATTACHMENT_BIND_MAX distinct ids) and returns the status; a database
 * error answers as dbjson_error. `ids` is borrowed. */
int attachment_bind(struct http_req *req, json_t *ids, const char *field, const char *record_type,
		    const char *record_id, const char *org_path, const char *kind);

/* Returns a new reference: [{id, name, content_type, size, kind, created_at}] of a record, oldest
 * first, or NULL on a database error (nothing answered). */
json_t *attachment_list(struct http_req *req, const char *record_type, const char *record_id);

/* Sets member `attachments` of `obj` (a record's answer) to attachment_list of the record.
 * Returns 0, or answers 500 when they cannot be read and returns the status. */
int attachment_compose(struct http_req *req, const char *record_type, const char *record_id,
		       json_t *obj);

/* Checks member `field` of `body` when present (required when `min` > 0): an array of `min` to
 * ATTACHMENT_BIND_MAX attachment ids (UUIDs). Adds errors naming `field` or `field[i]` (400). */
void attachment_ids_check(json_t *body, const char *field, size_t min, json_t *errors);

/* A record's attachments as a part of its resource descriptor (api/resource/resource.h):
 * attachment_part_read is a parts_read for member `attachments` (ids to bind), and
 * attachment_part_read_removable also for `remove_attachments` (ids bound to the record to let
 * go of, on a change only; the descriptor's part_names then list both), each returning
 * {attachments?, remove_attachments?} (a new reference, or NULL when absent or refused);
 * attachment_part_write binds the first to record `id` of `record_type` as `kind`, at the org
 * path the record's statement `load` reads (column _org_path), unbinds the second (an unbound
 * upload is deleted, bytes and all, by the attachment sweep: sweep.c), and notes both in the
 * audit `detail`. Returns 0, or the status answered. */
json_t *attachment_part_read(json_t *body, int creating, json_t *errors);
json_t *attachment_part_read_removable(json_t *body, int creating, json_t *errors);
int attachment_part_write(struct http_req *req, json_t *parts, const char *load,
			  const char *record_type, const char *id, const char *kind,
			  json_t *detail);

extern const struct db_statement attachment_sql[];

#endif
