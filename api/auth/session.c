/* Refresh-token sessions. A session is a family of refresh tokens: each refresh spends one token
 * and issues the next; a spent token presented again means it was stolen, and the whole family
 * dies. Tokens are stored as SHA-256, never in clear. */
#include "session.h"
#include "config.h"
#include "token.h"

#include <openssl/sha.h>
#include <stdio.h>
#include <string.h>

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
