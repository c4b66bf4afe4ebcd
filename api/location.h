/* Helpers shared by the records that hang under an institution: key locations and projects. */
#ifndef ANQUAN_LOCATION_H
#define ANQUAN_LOCATION_H

#include <jansson.h>
#include <libpq-fe.h>

#include "http.h"

/* One kind of record under an institution. */
struct child_kind {
	const char *get;          /* statement reading one record: "location_get" */
	const char *object_type;  /* audit object type: "key_location" */
	const char *url;          /* "/api/v1/key-locations/" */
};


/* The institution of a list or create (path parameter 0): 404 when missing or foreign; with
 * `writing`, 409 when archived. Returns 0 or the status sent. */
int child_institution(struct http_req *req, int writing);

/* The end of a successful write of record `id`: reads it back, audits `action` (detail stolen),
 * stores a create's answer under its Idempotency-Key (`body`), commits and answers with the
 * record and its ETag (201 with Location for creates) or 204 with `no_body`. */
int child_finish(struct http_req *req, const struct child_kind *kind, const char *action,
		 const char *id, json_t *detail, int status, int no_body, json_t *body);

/* The paging query values of a list: limit and a "<key>|<id>" cursor split into key and id
 * (pointing into `cursor`). Adds errors. */
void child_paging(struct http_req *req, int *limit, char *cursor, size_t len, const char **key,
		  const char **key_id, json_t *errors);

/* Answers {items, total, next_cursor} from a page `res` (limit + 1 rows, key column "_k") and
 * `count`. Returns the status. */
int child_send_page(struct http_req *req, const PGresult *res, const PGresult *count, int limit);

/* Answers 409 because the record's institution is archived. */
int child_archived(struct http_req *req);

#endif
