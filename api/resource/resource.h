/* The resource descriptor: one table says what a record kind is (its statements, the members of
 * its body, its audit actions, what a caller may do with one), and generic handlers serve its
 * single-record endpoints from it: GET /x/{id}, POST (client-made id, Idempotency-Key), PATCH
 * /x/{id} and DELETE /x/{id} (an archive), both under the one If-Match rule (rest_if_match), and
 * the end of every write (rest_finish). A new plain resource is a descriptor, its SQL file, its
 * OpenAPI file and its tests. */
#ifndef ANQUAN_RESOURCE_H
#define ANQUAN_RESOURCE_H

#include <jansson.h>
#include <libpq-fe.h>

#include "http.h"
#include "labels.h"
#include "rest.h"
#include "roles.h"

/* Most body members one descriptor has. */
#define RES_MAX_FIELDS 24

enum res_type {
	RES_TEXT,     /* a string of min..max characters, no leading or trailing space */
	RES_PROSE,    /* RES_TEXT of paragraphs: line breaks and tabs allowed inside */
	RES_ENUM,     /* a code of `codes` */
	RES_BOOL,     /* true or false (SQL "true"/"false") */
	RES_DATE,     /* "YYYY-MM-DD" */
	RES_UUID,     /* a UUID string */
	RES_COMPUTED, /* the server's (a risk's score and grade): never accepted from a body */
	RES_PASSWORD, /* a password: 1..256 characters, spaces kept (v_password) */
	RES_KIND,     /* read and checked by the kind's `more` hook (numbers, sub-objects) */
};

/* res_field.create_only: where a member is accepted (0: on create and PATCH). */
#define RES_CREATE_ONLY 1 /* on create only (a risk's institution_id, a user's username) */
#define RES_PATCH_ONLY 2  /* on PATCH only (a user's active); create takes `def` */

/* A unique violation a kind answers in its own words: 409 with `detail`. */
struct res_conflict {
	const char *constraint;
	const char *detail;
};

/* Room a kind's read hook has for the values it makes (numbers written as text). */
#define RES_SCRATCH 512

/* One member of the body, in the order of the insert's and update's parameters ($3...). */
struct res_field {
	const char *name;		  /* member name, and the column read back on PATCH */
	enum res_type type;		  /* how it is checked */
	int required;			  /* must be present on create */
	int nullable;			  /* null is allowed (clears it) */
	size_t min;			  /* RES_TEXT, RES_PROSE: the fewest characters */
	size_t max;			  /* RES_TEXT, RES_PROSE: the most characters (min is 1) */
	const struct export_label *codes; /* RES_ENUM: the code list (labels.c) */
	const char *def;		  /* create: the value when absent (NULL: SQL NULL) */
	int create_only;		  /* RES_CREATE_ONLY, RES_PATCH_ONLY or 0 */
};

/* A check over the merged values of a create or PATCH (values[i] of fields[i], NULL for SQL
 * NULL): adds errors naming the member. */
typedef void (*res_rule)(const char *const *values, json_t *errors);

struct resource {
	struct rest_kind kind;	/* get statement, audit object type, URL, allowed_actions */
	const char *get_locked; /* ($1 id, $2 subtree) FOR UPDATE: version, archived */
	/* Create under a parent (`parent` set): ($1 parent id from the path, $2 subtree, $3.. the
	 * fields, last the client-made id or NULL); a top-level create: ($1 subtree, $2.. the
	 * fields, last the client-made id). RETURNING id; no row: the parent is missing or foreign
	 * (404). */
	const char *insert;
	const char *update;  /* ($1 id, $2 subtree, $3.. every field merged) RETURNING id */
	const char *archive; /* ($1 id, $2 subtree) RETURNING id; NULL: no DELETE */
	const struct res_field *fields; /* ends with a NULL name */
	res_rule rule;			/* NULL: none */
	enum perm write;		/* the permission of every write (allowed_actions) */
	/* Creates under a parent named by path parameter 0: checked first (0, or the status it
	 * answered). NULL: a top-level create. */
	int (*parent)(struct http_req *req);
	/* A column of the locked row that, when "t", makes a PATCH a 409 (the parent's archived
	 * flag: "_archived"); NULL: none. */
	const char *parent_archived;
	const char *audit_create, *audit_update, *audit_archive;
	/* A kind whose values are more than its members (computed, depending on the current row):
	 * reads `body` (merged over the locked row `cur` on PATCH; NULL on create) into values[i]
	 * of fields[i], with `scratch` (RES_SCRATCH bytes) for text it makes, adding errors. The
	 * members were already checked against the field table (unknown, computed, create-only).
	 * On PATCH it runs after the load and If-Match. NULL: res_read, merged by column. */
	void (*read)(json_t *body, const PGresult *cur, const char **values, char *scratch,
		     json_t *errors);
	/* Checks against the database once the values are known (the parent institution is not
	 * archived, a key location is the same institution's); `cur` as for read. Returns 0, or
	 * the status answered. NULL: none. */
	int (*check)(struct http_req *req, const char *const *values, const PGresult *cur);
	const char *parent_key;	       /* the parent id's name in the create's audit detail */
	const char *create_detail[4];  /* members kept in a create's audit detail, NULL-ended */
	const char *archive_detail[3]; /* columns kept in an archive's audit detail, NULL-ended */
	const char *update_detail[3];  /* values added to an update's audit detail (a new grade) */
	/* The create body has no client-made `id` (its OpenAPI schema names none): `id` is an
	 * unknown member, and the insert has no last parameter for it. */
	int no_client_id;
	/* Format checks beyond the field table (a username's characters, a division code's
	 * shape, a password's policy, members that go together), on create (`creating`) and
	 * PATCH, over the values read from the body (NULL when absent or already refused;
	 * `present`: the member was sent), adding errors naming the member. NULL: none. */
	void (*format)(const char *const *values, const int *present, int creating, json_t *errors);
	/* Runs after every check, before the insert or update (`cur` NULL on create): may run
	 * statements of its own and replace values (a password by its hash, written into
	 * `scratch`, RES_SCRATCH bytes, wiped afterwards). Returns 0, or the status answered.
	 * NULL: none. */
	int (*before)(struct http_req *req, const char **values, const PGresult *cur,
		      char *scratch);
	/* Runs after the insert or update of record `id`, before the end of the write (a
	 * deactivated user's sessions end). Returns 0, or the status answered. NULL: none. */
	int (*after)(struct http_req *req, const char *id, const char *const *values,
		     const PGresult *cur);
	/* Unique violations of the insert and update answered in the kind's words; ends with a
	 * NULL constraint. Others: dbjson_error. NULL: none. */
	const struct res_conflict *conflicts;
	/* A create's answer that is more than the record (an API client's one-time secret, which
	 * `before` left in `scratch`): made from the record (stolen) and its id; such a create
	 * honours no Idempotency-Key and answers with Cache-Control: no-store
	 * (rest_finish_wrapped). NULL: the record. */
	json_t *(*answer)(json_t *obj, const char *id, const char *scratch);
	/* The parts of a composite record given in its body (a template's items), which the field
	 * table cannot say: their member names (accepted beside the fields, NULL-ended); parts_read
	 * reads them from `body` (on create the required ones must be there): a new reference, or
	 * NULL when absent or refused (errors added naming the member); parts_write writes them for
	 * record `id` after its insert or update (`cur` NULL on create: on PATCH it replaces them),
	 * adding to the audit detail, and returns 0 or the status answered. NULL: none. */
	const char *part_names[2];
	json_t *(*parts_read)(json_t *body, int creating, json_t *errors);
	int (*parts_write)(struct http_req *req, const char *id, json_t *parts, const PGresult *cur,
			   json_t *detail);
	/* Runs before a PATCH or DELETE loads record `id` for change, for what is never changed
	 * here whatever the version (a shipped template: 409; an ancestor's: 403). Returns 0, or
	 * the status answered. NULL: none. */
	int (*guard)(struct http_req *req, const char *id);
	/* Reads the members typed RES_KIND from `body` (with `creating`, required ones and
	 * defaults apply) into values[i] and present[i] of fields[i], adding errors naming the
	 * member; returns what holds the texts it made, freed by more_free after the write. NULL:
	 * no RES_KIND members. */
	void *(*more)(json_t *body, int creating, const char **values, int *present,
		      json_t *errors);
	void (*more_free)(void *owned);
	/* An archived record takes a PATCH (archived: false restores it); otherwise 409. */
	int restore;
};

/* GET /x/{id}: the record with its allowed_actions and ETag. */
int res_get(struct http_req *req, const struct resource *r);

/* POST: the body checked against the field table (and format, rule, check), a client-made
 * `id` (unless no_client_id) and Idempotency-Key honoured, before, inserted, after, then
 * rest_finish (201, Location, ETag). */
int res_create(struct http_req *req, const struct resource *r);

/* PATCH /x/{id}: at least one member; If-Match; 409 for an archived record or parent; the
 * members merged over the locked row; then rest_finish (200, ETag). */
int res_patch(struct http_req *req, const struct resource *r);

/* DELETE /x/{id}: an archive (rest_archive) under If-Match. */
int res_archive(struct http_req *req, const struct resource *r);

/* allowed_actions of a plain record: "update" and "archive" with the kind's write permission
 * while neither the record nor (parent_archived) its parent is archived; "archive" alone when
 * only the parent is. The rules res_patch and res_archive then apply. */
json_t *res_allowed(struct http_req *req, const struct resource *r, const PGresult *res, int row);

/* A route handler `name` served by descriptor `r` through `fn` (res_get, res_create, res_patch
 * or res_archive): for kinds with some endpoints of their own (org move, user password reset). */
#define RES_HANDLER(name, fn, r)                                                                   \
	int name(struct http_req *req)                                                             \
	{                                                                                          \
		return fn(req, &(r));                                                              \
	}

/* The single-record handlers of a kind served by descriptor `r`: prefix_get, prefix_create,
 * prefix_patch and prefix_delete (the route table's names), and the allowed_actions function
 * `allowed` its rest_kind names (res_allowed). */
#define RES_HANDLERS(prefix, r, allowed)                                                           \
	static json_t *allowed(struct http_req *req, const PGresult *res, int row)                 \
	{                                                                                          \
		return res_allowed(req, &(r), res, row);                                           \
	}                                                                                          \
	RES_HANDLER(prefix##_get, res_get, r)                                                      \
	RES_HANDLER(prefix##_create, res_create, r)                                                \
	RES_HANDLER(prefix##_patch, res_patch, r)                                                  \
	RES_HANDLER(prefix##_delete, res_archive, r)

/* Reads the members of `body` by the field table into values[] (borrowed from body; `present`
 * says which were given), adding errors naming each bad member; with `creating`, required
 * members and defaults apply. Unknown members are errors. What create, PATCH and import share. */
void res_read(const struct resource *r, json_t *body, int creating, const char **values,
	      int *present, json_t *errors);

#endif
