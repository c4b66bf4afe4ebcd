/* Access tokens: ES256 JWTs issued and verified with every check libjwt 1.10.2 leaves to us. */
#ifndef ANQUAN_TOKEN_H
#define ANQUAN_TOKEN_H

#include <stddef.h>

#define TOKEN_MAX_LEN 4096
#define TOKEN_LEEWAY_S 60

struct token_claims {
	char sub[37]; /* user or client id */
	char kind[8]; /* "user" or "client" */
	char sid[37]; /* refresh family of a user's session; "" for clients */
	char jti[37];
	long iat, nbf, exp;
};

/* Signs an access token for `c` (iat/nbf/exp/jti filled here from `ttl` seconds). Returns a
 * malloc'd string (caller frees) or NULL. */
char *token_issue(struct token_claims *c, long ttl);

/* Verifies `token`: size and shape, header exactly {alg ES256, typ JWT, known kid}, the
 * signature with that kid's public key, jwt_get_alg() again after decoding, iss, aud, exp, nbf,
 * iat (60 s leeway), kind, sub and sid. Returns 0 and fills `out`, or -1 with *why set to a
 * short reason for the log (borrowed). */
int token_verify(const char *token, struct token_claims *out, const char **why);

/* token_verify without the cache of verified tokens (the unit tests use both). */
int token_verify_uncached(const char *token, struct token_claims *out, const char **why);

/* Random bytes as base64url (for refresh tokens and client secrets). Returns 0 or -1. */
int token_random(char *out, size_t outlen, size_t nbytes);

/* A random UUID v4. */
void token_uuid(char out[37]);

#endif
