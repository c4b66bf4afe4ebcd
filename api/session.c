/* Refresh-token sessions. A session is a family of refresh tokens: each refresh spends one token
 * and issues the next; a spent token presented again means it was stolen, and the whole family
 * dies. Tokens are stored as SHA-256, never in clear. */
#include "session.h"
#include "config.h"
#include "token.h"

#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

const struct db_statement session_sql[] = {
	/* session_create: session_issue (sign-in and refresh). */
	{"session_create",
	 "INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at, family_expires_at)"
	 " VALUES ($1::uuid, $2::uuid, decode($3, 'hex'), now() + make_interval(secs => $4::int),"
	 " coalesce($5::timestamptz, now() + make_interval(secs => $6::int)))"},
	/* session_find: session_lookup; locks the token so two refreshes cannot both spend it. */
	{"session_find",
	 "SELECT r.id, r.family_id, r.user_id, r.used_at IS NOT NULL, r.revoked_at IS NOT NULL,"
	 " r.expires_at <= now() OR r.family_expires_at <= now(), r.family_expires_at,"
	 " u.username, u.org_id, u.org_path::text"
	 " FROM refresh_tokens r JOIN users u ON u.id = r.user_id"
	 " WHERE r.token_hash = decode($1, 'hex') FOR UPDATE OF r"},
	/* session_spend: the refresh handler marks the presented token used. */
	{"session_spend", "UPDATE refresh_tokens SET used_at = now() WHERE id = $1::uuid AND used_at IS NULL"},
	/* session_revoke_family: reuse, logout, an inactive user. */
	{"session_revoke_family",
	 "UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $2"
	 " WHERE family_id = $1::uuid AND revoked_at IS NULL"},
	/* session_revoke_user: session_revoke_user (password change and reset, deactivation). */
	{"session_revoke_user",
	 "UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $3"
	 " WHERE user_id = $1::uuid AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2::uuid)"},
	{NULL, NULL},
};

void session_hash(const char *token, char hex[65])
{
	unsigned char d[SHA256_DIGEST_LENGTH];
	int i;

	SHA256((const unsigned char *)token, strlen(token), d);
	for (i = 0; i < SHA256_DIGEST_LENGTH; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

int session_issue(struct db_conn *c, const char *family_id, const char *user_id,
		  const char *family_expires_at, char *token, size_t toklen)
{
	char hex[65], idle[24], max[24];
	const char *vals[6];
	PGresult *res;
	int rc;

	if (token_random(token, toklen, 32) != 0)
		return -1;
	session_hash(token, hex);
	snprintf(idle, sizeof(idle), "%ld", config.session_idle_s);
	snprintf(max, sizeof(max), "%ld", config.session_max_s);
	vals[0] = family_id;
	vals[1] = user_id;
	vals[2] = hex;
	vals[3] = idle;
	vals[4] = family_expires_at;
	vals[5] = max;
	res = db_exec(c, "session_create", 6, vals);
	rc = db_ok(res) ? 0 : -1;
	PQclear(res);
	return rc;
}

PGresult *session_lookup(struct db_conn *c, const char *token)
{
	char hex[65];
	const char *vals[1] = {hex};

	session_hash(token, hex);
	return db_exec(c, "session_find", 1, vals);
}

int session_spend(struct db_conn *c, const char *token_id)
{
	const char *vals[1] = {token_id};
	PGresult *res = db_exec(c, "session_spend", 1, vals);
	int rc = (db_ok(res) && strcmp(PQcmdTuples(res), "1") == 0) ? 0 : -1;

	PQclear(res);
	return rc;
}

int session_revoke_family(struct db_conn *c, const char *family_id, const char *reason)
{
	const char *vals[2] = {family_id, reason};
	PGresult *res = db_exec(c, "session_revoke_family", 2, vals);
	int rc = db_ok(res) ? 0 : -1;

	PQclear(res);
	return rc;
}

int session_revoke_user(struct db_conn *c, const char *user_id, const char *except_family,
			const char *reason)
{
	const char *vals[3] = {user_id, except_family, reason};
	PGresult *res = db_exec(c, "session_revoke_user", 3, vals);
	int rc = db_ok(res) ? 0 : -1;

	PQclear(res);
	return rc;
}
