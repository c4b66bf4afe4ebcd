/* The campaign endpoints (专项整治行动): /api/v1/campaigns, /campaign-templates. */
#ifndef ANQUAN_CAMPAIGN_H
#define ANQUAN_CAMPAIGN_H

#include <jansson.h>
#include <libpq-fe.h>

#include "db.h"
#include "http.h"

extern const struct db_statement campaign_sql[];

/* The keyset lists of GET /campaigns and GET /campaigns/{id}/obligations (campaign_sql.c). */
struct list_desc;
extern const struct list_desc campaign_list_desc;
extern const struct list_desc obligation_list_desc;

/* The record kind (its allowed_actions go on every listed row too). */
struct rest_kind;
extern const struct rest_kind campaign_kind;

/* The campaign workflow (campaign_workflow.c): draft -> issued -> closed. */
struct workflow;
extern const struct workflow campaign_workflow;

/* Handlers (route table): each answers the request and returns the status it sent. They run
 * behind the auth gate, inside the request's transaction scoped to the caller's subtree. */
/* campaign.c */
int campaign_list(struct http_req *req);	/* GET   /campaigns */
int campaign_get(struct http_req *req);		/* GET   /campaigns/{id} */
int campaign_create(struct http_req *req);	/* POST  /campaigns */
int campaign_patch(struct http_req *req);	/* PATCH /campaigns/{id} (drafts) */
int campaign_adopt(struct http_req *req);	/* POST  /campaigns/{id}/adopt */
int campaign_obligations(struct http_req *req); /* GET   /campaigns/{id}/obligations */
/* campaign_workflow.c */
int campaign_act(struct http_req *req);	      /* POST /campaigns/{id}/actions/{action} */
int campaign_events(struct http_req *req);    /* GET  /campaigns/{id}/events */
int campaign_amendment(struct http_req *req); /* POST /campaigns/{id}/amendments */
/* campaign_template.c */
int campaign_templates(struct http_req *req);	  /* GET  /campaign-templates */
int campaign_from_template(struct http_req *req); /* POST /campaigns/from-template */

/* The list's parent check: the campaign of path parameter 0 is visible (404 otherwise).
 * Returns 0, or the status answered. */
int campaign_visible(struct http_req *req);

/* The members of a campaign body that are more than a field (campaign_parts.c). Each reads
 * member `name` of `body` when present: returns a new reference to the normalised array, or NULL
 * when absent or refused (errors added naming "name[i].member"). */
json_t *campaign_phases_read(json_t *body, json_t *errors);
json_t *campaign_actions_read(json_t *body, json_t *errors);
json_t *campaign_focus_read(json_t *body, json_t *errors);
json_t *campaign_targets_read(json_t *body, json_t *errors);
json_t *campaign_duties_read(json_t *body, json_t *errors);

/* The date relations of a campaign: ends_on not before starts_on, every phase within the
 * period, and (parent_starts/parent_ends not NULL: a work plan) the period within the parent's.
 * `phases` is the phases' JSON text (may be NULL). Adds errors naming the member. */
void campaign_dates_check(const char *starts_on, const char *ends_on, const char *phases,
			  const char *parent_starts, const char *parent_ends, json_t *errors);

/* Writes duties `duties` (the normalised array) of campaign `id`, replacing a draft's, and
 * checks one-off dates against the period (422 naming duties[i].due_date). Returns 0, or the
 * status answered. */
int campaign_duties_write(struct http_req *req, const char *id, json_t *duties, int replace);

#endif
