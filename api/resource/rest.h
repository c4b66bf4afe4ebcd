/* Helpers the resource handlers share: the limit and query values,
 * versioned replies (ETag) and If-Match preconditions. */
#ifndef ANQUAN_REST_H
#define ANQUAN_REST_H

#include <jansson.h>
#include <libpq-fe.h>

#include "http.h"

/* Reads query parameter `name` into buf. Returns 1 when present and non-empty, 0 when absent or
 * empty (an empty value means "no filter"), -1 when longer than len - 1 (error added naming the
 * parameter). */
int rest_query(struct http_req *req, const char *name, char *buf, size_t len, json_t *errors);

/* The "limit" query parameter: an integer in [1, max], `def` when absent. Returns 0, or -1 with
 * an error added. */
int rest_limit(struct http_req *req, int def, int max, int *out, json_t *errors);

/* A query parameter that must be a UUID. Same returns as rest_query; a bad value is a "format"
 * error naming the parameter. buf must hold 37 bytes. */
int rest_query_uuid(struct http_req *req, const char *name, char *buf, json_t *errors);

/* Whether `s` is non-empty and consists only of characters in `set`. */
int rest_only_chars(const char *s, const char *set);

/* The integer value of column `col` of row 0, or -1 when the column is missing. */
long rest_col_long(const PGresult *res, const char *col);

/* The text of column `col` of `row` (borrowed from res), or NULL when missing or SQL NULL. */
const char *rest_col(const PGresult *res, int row, const char *col);

/* Whether the request's optional If-Match header allows a change of a resource at `version`:
 * absent, "*" or exactly "v<version>" (quoted). Returns 1 when it does; otherwise it has
 * answered 412 precondition_failed and returns 0. */
int rest_if_match(struct http_req *req, long version);

/* Sends `body` (stolen) as JSON with ETag "v<version>" and, when `location` is not NULL, a
 * Location header. Returns the status. */
int rest_send_versioned(struct http_req *req, int status, json_t *body, long version,
			const char *location);

/* Loads one object by id through prepared statement `stmt`, which takes ($1 id, $2 the caller's
 * subtree). On success stores the one-row result in *out (caller PQclear()s) and returns 0;
 * otherwise answers (404 for a malformed, missing or foreign id, the same body for all three;
 * a database error) and returns the status sent. */
int rest_load(struct http_req *req, const char *stmt, const char *id, PGresult **out);

/* A record's sub-list (its events, its versions): loads record `id` through `load`
 * (rest_load: 404 when not the caller's), then answers 200 {items} with the rows of statement
 * `stmt` run with `values` (n of them). Returns the status sent. */
int rest_items(struct http_req *req, const char *load, const char *id, const char *stmt, int n,
	       const char *const *values);

/* Runs statement `stmt` that must touch exactly one row of the caller's subtree. Returns 0, or
 * answers (404 when no row, the database error otherwise) and returns the status. */
int rest_exec_one(struct http_req *req, const char *stmt, int n, const char *const *values);

/* Runs statement `stmt` that must give exactly one row of the caller's subtree. Returns 0 with
 * it in *out (caller PQclear()s), or answers (404 when no row, the database error otherwise)
 * and returns the status (*out is then NULL). */
int rest_exec_row(struct http_req *req, const char *stmt, int n, const char *const *values,
		  PGresult **out);

/* rest_exec_one that also copies the value of the row's first column (the id a RETURNING id
 * gives) into `id` (37 bytes). */
int rest_exec_id(struct http_req *req, const char *stmt, int n, const char *const *values,
		 char *id);

/* Answers 400 validation_failed when `*errors` holds any (stealing it: *errors becomes NULL) and
 * returns the status; returns 0 when it is empty. */
int rest_invalid(struct http_req *req, json_t **errors);

/* The checks of a create once its body is read: 400 with the field errors (rest_invalid), then
 * the Idempotency-Key (idem_check; a replay answers the first answer). Returns 0 to go on, or
 * the status answered. */
int rest_create_checks(struct http_req *req, json_t **errors, json_t *body);

/* The start of every change of record `id`: loads it locked through `stmt` (rest_load) and
 * applies the one If-Match rule to its version (column "version"). Returns 0 with the row in
 * *out (caller PQclear()s), or the status answered (404, 412, a database error). */
int rest_load_for_change(struct http_req *req, const char *stmt, const char *id, PGresult **out);

/* Answers a GET of one object: rest_load with the kind's statement, then the row with its
 * allowed_actions (when the kind has them) and ETag. Returns the status sent. */
struct rest_kind;
int rest_get(struct http_req *req, const struct rest_kind *kind);

/* Answers 404 not_found with the one body every missing or foreign resource gets (a handler
 * that has not read a sent body calls http_discard_body first). */
int rest_not_found(struct http_req *req);

/* One kind of record, for rest_finish. */
struct rest_kind {
	const char *get;	 /* statement reading one record: "location_get" */
	const char *object_type; /* audit object type: "key_location" */
	const char *url;	 /* "/api/v1/key-locations/" */
	/* What the caller may do with the record of row `row` (a new reference), put in every
	 * answer as allowed_actions; NULL: the kind has none yet. */
	json_t *(*allowed)(struct http_req *req, const PGresult *res, int row);
	/* The loader of a composite record: adds its parts (a template's items) to `obj`, the
	 * record of row 0 of `res`. Returns 0, or the status it answered. NULL: one row is all. */
	int (*compose)(struct http_req *req, const PGresult *res, json_t *obj);
	const char *version; /* the column holding the version (ETag); NULL: "version" */
};

/* The version (ETag) of record row 0 of `res` of this kind. */
long rest_version(const struct rest_kind *kind, const PGresult *res);

/* One archive: DELETE of a record that others may have seen is an archive (a phone that cached
 * it must learn that it is gone). */
struct rest_archive_spec {
	const struct rest_kind *kind;
	const char *get_locked; /* ($1 id, $2 subtree), FOR UPDATE, with `version`, `archived` */
	const char *archive;	/* ($1 id, $2 subtree) RETURNING id */
	const char *action;	/* audit action: "risk.archive" */
	const char *detail[3];	/* columns of the record kept in the audit detail, NULL-ended */
};

/* Handles DELETE /.../{id} as an archive: 404 for a missing or foreign record, If-Match, 204
 * at once when already archived, otherwise the archive statement, audit, commit, 204. Returns
 * the status sent. */
int rest_archive(struct http_req *req, const struct rest_archive_spec *spec);

/* The end of a successful write of record `id`: reads it back, audits `action` (detail stolen),
 * stores a create's answer under its Idempotency-Key (`body`), commits and answers with the
 * record and its ETag (201 with Location for creates) or 204 with `no_body`. */
int rest_finish(struct http_req *req, const struct rest_kind *kind, const char *action,
		const char *id, json_t *detail, int status, int no_body, json_t *body);

/* rest_finish of a create whose answer is more than the record (an API client's one-time
 * secret): `wrap` makes the answer from the record (stolen) and its id; nothing is kept under an
 * Idempotency-Key (what it adds is shown once), and the answer is 201 with Location and
 * Cache-Control: no-store. */
int rest_finish_wrapped(struct http_req *req, const struct rest_kind *kind, const char *action,
			const char *id, json_t *detail,
			json_t *(*wrap)(json_t *obj, const char *id, void *ctx), void *ctx);

#endif
