/* The payload checks, checks and changes of the hazard workflow's moves (hazard_moves.c), which
 * its table (hazard_workflow.c) names. Each check and apply answers and returns the status on
 * failure, 0 on success; each payload check adds errors naming the member. */
#ifndef ANQUAN_HAZARD_MOVES_H
#define ANQUAN_HAZARD_MOVES_H

#include <jansson.h>

#include "workflow.h"

/* The members each action's payload accepts beside `reason` (NULL-terminated). */
extern const char *const hazard_register_fields[];
extern const char *const hazard_fix_fields[];
extern const char *const hazard_notice_fields[];
extern const char *const hazard_start_fields[];
extern const char *const hazard_submit_fields[];
extern const char *const hazard_sign_fields[];
extern const char *const hazard_list_fields[];
extern const char *const hazard_extension_fields[];
extern const char *const hazard_rebound_fields[];

void hazard_register_payload(json_t *body, json_t *errors);
void hazard_fix_payload(json_t *body, json_t *errors);
void hazard_notice_payload(json_t *body, json_t *errors);
void hazard_start_payload(json_t *body, json_t *errors);
void hazard_sign_payload(json_t *body, json_t *errors);
void hazard_list_payload(json_t *body, json_t *errors);
void hazard_extension_payload(json_t *body, json_t *errors);
void hazard_rebound_payload(json_t *body, json_t *errors);
void hazard_plain_payload(json_t *body, json_t *errors); /* the shapes alone */

int hazard_register_check(struct wf_ctx *ctx);	/* criterion in use, deadline not past */
int hazard_start_check(struct wf_ctx *ctx);	/* 五落实 complete with the payload */
int hazard_sign_check(struct wf_ctx *ctx);	/* the capacity not signed yet */
int hazard_extension_check(struct wf_ctx *ctx); /* extension_until after the deadline */
int hazard_rebound_check(struct wf_ctx *ctx);	/* a look-back of the same institution */

int hazard_register(struct wf_ctx *ctx);
int hazard_fix_on_spot(struct wf_ctx *ctx);
int hazard_issue_notice(struct wf_ctx *ctx);
int hazard_start(struct wf_ctx *ctx);
int hazard_submit(struct wf_ctx *ctx);
int hazard_sign_off(struct wf_ctx *ctx);
int hazard_accept(struct wf_ctx *ctx);
int hazard_reject(struct wf_ctx *ctx);
int hazard_cancel(struct wf_ctx *ctx);
int hazard_list_move(struct wf_ctx *ctx);
int hazard_delist(struct wf_ctx *ctx);
int hazard_request_extension(struct wf_ctx *ctx);
int hazard_grant_extension(struct wf_ctx *ctx);
int hazard_refuse_extension(struct wf_ctx *ctx);
int hazard_rebound(struct wf_ctx *ctx);

#endif
