/* Sign-in, token refresh and rotation, sign-out, client credentials, JWKS, and the caller's own
 * account (/auth/me, /auth/password). */
#ifndef ANQUAN_AUTHN_H
#define ANQUAN_AUTHN_H

#include "db.h"
#include "http.h"

extern const struct db_statement authn_sql[];

/* Returns a new reference: {user, org, permissions, password_change_required} for `user_id`,
 * read through `c` in its current scope, or NULL. */
json_t *authn_me_json(struct db_conn *c, const char *user_id, int must_change);

#define AUTHN_COOKIE_NAME "anquan_refresh"
#define AUTHN_COOKIE_PATH "/api/v1/auth"

/* Opens a system-scope transaction (sign-in lookups) on a pooled connection; NULL after
 * answering 503. The caller releases it. */
struct db_conn *authn_begin_system(struct http_req *req);

/* Writes the Set-Cookie line for a refresh token into buf (empty token: clears the cookie). */
void authn_cookie_line(char *buf, size_t len, const char *token);

/* Sends a TokenResponse; the refresh token goes into the cookie or the body. Steals `me`. */
int authn_token_reply(struct http_req *req, const char *access, const char *refresh, int in_cookie,
		      json_t *me);

/* Answers 503 database_unavailable (why may be NULL). */
int authn_unavailable(struct http_req *req, const char *why);

int authn_login(struct http_req *req);
int authn_refresh(struct http_req *req);
int authn_logout(struct http_req *req);
int authn_token(struct http_req *req);
int authn_jwks(struct http_req *req);
int authn_me(struct http_req *req);
int authn_change_password(struct http_req *req);
/* GET /auth/password-policy: {min_length, max_length, classes} of the configured policy, the one
 * password_check_policy applies. */
int authn_password_policy(struct http_req *req);

#endif
