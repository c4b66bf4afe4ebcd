/* The transition engine: a workflow is a table of moves (from state, action, to state,
 * permission, org-level rule, guard, payload check); one handler takes any action on any
 * workflow's record, writes the move as an immutable event beside the new state in one
 * transaction, and every record says which actions its caller may take (allowed_actions).
 * Inspections run on it; hazards, reports and campaigns follow. */
#ifndef ANQUAN_WORKFLOW_H
#define ANQUAN_WORKFLOW_H

#include <jansson.h>
#include <libpq-fe.h>

#include "db.h"
#include "http.h"
#include "roles.h"

struct workflow;

/* One action in progress, handed to a move's check and apply. */
struct wf_ctx {
	struct http_req *req;
	const struct workflow *wf;
	const struct wf_move *move;
	const PGresult *rec; /* the record, locked (row 0) */
	json_t *body;	     /* the request body, {} when none was sent (borrowed) */
	char id[37];	     /* the record the reply shows: apply may name a new one */
	int status;	     /* 200, or 201 when apply created a record */
	json_t *detail;	     /* the audit detail (owned; apply may set it) */
};

/* One move. The row index in the rule functions is the record's row in `rec`, so the same rule
 * serves a single record and every row of a list. */
struct wf_move {
	const char *from;   /* the state the record must be in */
	const char *action; /* "submit" */
	const char *to;	    /* the state after */
	enum perm perm;	    /* what the caller's role must allow */
	/* The org-level rule beyond role and subtree (who may act on this record); NULL: anyone
	 * whose role allows. Returns 1 when the caller may. */
	int (*may)(struct http_req *req, const PGresult *rec, int row);
	/* A condition on the record itself (e.g. "not corrected yet"), read from its row, so that
	 * allowed_actions lists the move exactly when it would be taken; NULL: none. Returns NULL
	 * when it holds, otherwise the reason (static English text for the 409). A move with a
	 * check runs the check first, to explain the same condition in detail. */
	const char *(*guard)(const PGresult *rec, int row);
	/* Checks the payload and anything else only known at action time; answers and returns the
	 * status on failure, 0 to go on. NULL: nothing beyond `reason`. */
	int (*check)(struct wf_ctx *ctx);
	/* The change beyond the state; answers and returns the status on failure, 0 on success.
	 * NULL: the workflow's set_state statement. */
	int (*apply)(struct wf_ctx *ctx);
	/* An action taken through an endpoint of its own ("PATCH /api/v1/inspections/{id}"),
	 * which asks wf_permits, or by another module through wf_take; NULL: taken through POST
	 * .../{id}/actions/{action}. */
	const char *endpoint;
	/* The payload: the members it may hold beside `reason` (NULL-terminated; NULL: `reason`
	 * alone), and a check of their shape (types, lengths, required members), adding errors
	 * naming each (NULL: none). Both run before the record is loaded, so a malformed payload
	 * answers 400 whatever the record's state: the moves of one action accept one payload,
	 * and the action's first move declares it. */
	const char *const *fields;
	void (*payload)(json_t *body, json_t *errors);
	int flags; /* WF_REASON: the payload must give a `reason` */
};

/* wf_move.flags: the move needs a reason (a rejection, a cancellation). */
#define WF_REASON 1

struct workflow {
	const char *name;	 /* "inspection": the events' workflow and the audit object type */
	const char *state_col;	 /* the record's column that holds its state: "status" */
	const char *load_locked; /* ($1 id, $2 the caller's subtree), FOR UPDATE; with _org_path */
	const char *load;	 /* the same without the lock (GET .../events) */
	const char *set_state;	 /* ($1 id, $2 the new state, $3 subtree) RETURNING id */
	const struct wf_move *moves; /* action NULL ends */
	/* The reply after a move: reads ctx->id back, audits `audit_action` with ctx->detail
	 * (stolen), commits and answers with ctx->status. Returns the status sent. */
	int (*finish)(struct wf_ctx *ctx, const char *audit_action);
};

/* Every workflow, NULL-terminated (for the unit test that holds them against the document). */
extern const struct workflow *const workflows[];

/* Handles POST .../{id}/actions/{action} (`action` NULL: read from the path; a move with an
 * endpoint of its own is refused there, 404), or the endpoint of one action (`action` set: a
 * move whose endpoint it is, or an older alias of an action). Returns the status sent. */
int wf_act(struct http_req *req, const struct workflow *wf, const char *action);

/* Takes `action` on record `id` inside the caller's open transaction without answering on
 * success: checks the payload (borrowed; NULL: none), loads the record locked, checks role, org
 * rule, state, check and guard, applies the move, records the event and the audit row
 * ("<workflow>.<action>"). Moves with an endpoint of their own are taken here too (a notice
 * issued through POST /api/v1/notices). Returns 0, or the status after answering with a problem
 * (the problem's `record_id` names the record). */
int wf_take(struct http_req *req, const struct workflow *wf, const char *id, const char *action,
	    json_t *payload);

/* Handles GET .../{id}/events: the record's moves, oldest first. */
int wf_events(struct http_req *req, const struct workflow *wf);

/* For actions with an endpoint of their own: whether the caller may take `action` on record
 * `rec` (row 0) now. Returns 0, or answers 403 (role or org rule) or 409 (state or guard) and
 * returns the status. */
int wf_permits(struct http_req *req, const struct workflow *wf, const PGresult *rec,
	       const char *action);

/* Returns a new reference: the array of actions the caller may take on row `row` of `rec` now
 * (role, org rule, state and guard; not the payload). */
json_t *wf_allowed(struct http_req *req, const struct workflow *wf, const PGresult *rec, int row);

/* The engine's statements (events). */
extern const struct db_statement wf_sql[];

#endif
