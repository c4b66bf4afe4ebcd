/* The hazard endpoints (隐患闭环): /api/v1/hazards, their moves, the ledger, hazards registered
 * from an inspection, and the major-hazard criteria (/api/v1/hazard-criteria). */
#ifndef ANQUAN_HAZARD_H
#define ANQUAN_HAZARD_H

#include <jansson.h>
#include <libpq-fe.h>

#include "db.h"
#include "export.h"
#include "http.h"
#include "resource.h"

extern const struct db_statement hazard_sql[];
extern const struct db_statement hazard_criteria_sql[];

/* The keyset lists of GET /hazards (hazard_sql.c) and GET /hazard-criteria. */
struct list_desc;
extern const struct list_desc hazard_list_desc;
extern const struct list_desc hazard_criteria_list_desc;

/* The descriptors (hazard.c, hazard_criteria.c): the lists use their record kinds, so every
 * listed row carries its allowed_actions too. */
extern const struct resource hazard_resource;
extern const struct resource hazard_criteria_resource;

/* The hazard workflow (hazard_workflow.c): reported -> registered -> notice_issued ->
 * rectifying -> acceptance_requested -> closed, cancelled; notices take issue_notice through
 * wf_take. */
struct workflow;
extern const struct workflow hazard_workflow;

/* The code lists of a hazard (NULL-terminated codes; labels end with {NULL, NULL}). */
extern const char *const hazard_level_codes[];
extern const char *const hazard_source_codes[];
extern const char *const hazard_state_codes[];
extern const struct export_label hazard_level_labels[];
extern const struct export_label hazard_source_labels[];

/* The list's check of several filters: `state` is a comma list of states. */
void hazard_list_check(const char *const *values, json_t *errors);

/* The caller's relation to a hazard of unit path `path`: HAZARD_UNIT when the caller's org is
 * the unit, HAZARD_ABOVE when the unit lies strictly inside the caller's subtree (the caller is
 * then an administration: nothing hangs under a unit), 0 otherwise. */
#define HAZARD_UNIT 1
#define HAZARD_ABOVE 2
int hazard_relation(const struct http_req *req, const char *path);

/* Adds the hazards registered from inspection row 0 of `res` to `obj` ("hazards": [{id,
 * finding_id, inspection_position, description, level, state, overdue}]). Returns 0, or the
 * status answered. */
int hazard_of_inspection(struct http_req *req, const PGresult *res, json_t *obj);

/* Writes the notifications of a move on hazard `id` (after the change): notify_users for the
 * orgs `whose` names ("unit", "registrar": the registering org, "issuer": the notice's issuing
 * org) by `mode` ("org", "ancestors"), to the users whose role is in `roles` (an array literal
 * "{admin,leader}"), of `kind` ("hazard.major"), titled `title` and the description. Returns 0,
 * or the status answered. */
int hazard_notify(struct http_req *req, const char *id, const char *whose, const char *mode,
		  const char *roles, const char *kind, const char *title);

/* Whether criterion `criterion` (may be NULL: nothing to check) is one the caller may grade
 * against; answers 400 naming criterion_id when not. Returns 0 or the status. */
int hazard_criterion_check(struct http_req *req, const char *criterion);

/* Handlers (route table): each answers the request and returns the status it sent. They run
 * behind the auth gate, inside the request's transaction scoped to the caller's subtree. */
/* hazard_list.c */
int hazard_list(struct http_req *req);	 /* GET    /hazards */
int hazard_export(struct http_req *req); /* GET    /hazards/export?format=csv|xlsx */
/* hazard.c */
int hazard_get(struct http_req *req);	 /* GET    /hazards/{id} */
int hazard_create(struct http_req *req); /* POST   /hazards (上报) */
int hazard_patch(struct http_req *req);	 /* PATCH  /hazards/{id} (reported, registered) */
/* hazard_workflow.c */
int hazard_act(struct http_req *req);	 /* POST   /hazards/{id}/actions/{action} */
int hazard_events(struct http_req *req); /* GET    /hazards/{id}/events */
/* POST /hazards/{id}/sign-off: the sign_off move, a leader's (hazard:sign, not hazard:write) */
int hazard_sign_off_endpoint(struct http_req *req);
/* hazard_inspection.c */
int hazard_from_inspection(struct http_req *req); /* POST /inspections/{id}/hazards */
/* hazard_criteria.c */
int hazard_criteria_list(struct http_req *req);	  /* GET    /hazard-criteria */
int hazard_criteria_get(struct http_req *req);	  /* GET    /hazard-criteria/{id} */
int hazard_criteria_create(struct http_req *req); /* POST   /hazard-criteria */
int hazard_criteria_patch(struct http_req *req);  /* PATCH  /hazard-criteria/{id} */

#endif
