/* Helpers shared by the records that hang under an institution: key locations and projects. */
#ifndef ANQUAN_LOCATION_H
#define ANQUAN_LOCATION_H

#include <jansson.h>
#include <libpq-fe.h>

#include "http.h"

/* The institution of a list or create (path parameter 0): 404 when missing or foreign; with
 * `writing`, 409 when archived. Returns 0 or the status sent. */
int child_institution(struct http_req *req, int writing);

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
