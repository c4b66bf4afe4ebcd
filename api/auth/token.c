/* Access tokens. libjwt 1.10.2 takes the algorithm from the token, checks no claim, and compares
 * HMAC signatures with strcmp: so the header is parsed and pinned here before libjwt sees the
 * token, only ES256 with a public key is ever verified, the algorithm is confirmed again after
 * decoding, and every claim is checked here. */
#include "token.h"
#include "config.h"
#include "jsonin.h"
#include "keys.h"

#include <jansson.h>
#include <jwt.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ISSUER "anquan"
#define AUDIENCE "anquan-api"

void token_uuid(char out[37])
{
	unsigned char b[16];

	if (RAND_bytes(b, sizeof(b)) != 1)
		abort();
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

int token_random(char *out, size_t outlen, size_t nbytes)
{
	unsigned char buf[64];

	if (nbytes > sizeof(buf) || RAND_bytes(buf, (int)nbytes) != 1)
		return -1;
	return keys_b64url(buf, nbytes, out, outlen) < 0 ? -1 : 0;
}

char *token_issue(struct token_claims *c, long ttl)
{
	const struct keys_key *k = keys_signing();
	jwt_t *jwt = NULL;
	char *out = NULL;

	if (k == NULL || jwt_new(&jwt) != 0)
		return NULL;
	c->iat = (long)time(NULL);
	c->nbf = c->iat;
	c->exp = c->iat + ttl;
	token_uuid(c->jti);
	if (jwt_add_grant(jwt, "iss", ISSUER) != 0 || jwt_add_grant(jwt, "aud", AUDIENCE) != 0 ||
	    jwt_add_grant(jwt, "sub", c->sub) != 0 || jwt_add_grant(jwt, "kind", c->kind) != 0 ||
	    jwt_add_grant(jwt, "jti", c->jti) != 0 || jwt_add_grant_int(jwt, "iat", c->iat) != 0 ||
	    jwt_add_grant_int(jwt, "nbf", c->nbf) != 0 ||
	    jwt_add_grant_int(jwt, "exp", c->exp) != 0 ||
	    (c->sid[0] != '\0' && jwt_add_grant(jwt, "sid", c->sid) != 0) ||
	    jwt_add_header(jwt, "kid", k->kid) != 0 ||
	    jwt_set_alg(jwt, JWT_ALG_ES256, (const unsigned char *)k->private_pem,
			(int)k->private_len) != 0)
		goto out;
	out = jwt_encode_str(jwt);
out:
	jwt_free(jwt);
	return out;
}

/* Decodes one base64url segment as a JSON object (duplicates refused). New reference or NULL. */
static json_t *segment_json(const char *seg, size_t len)
{
	unsigned char buf[TOKEN_MAX_LEN];
	int n = keys_b64url_decode(seg, len, buf, sizeof(buf));
	json_t *j;

	if (n <= 0)
		return NULL;
	j = jsonin_loadb((const char *)buf, (size_t)n, JSON_REJECT_DUPLICATES, NULL);
	if (j != NULL && !json_is_object(j)) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static int str_is(json_t *v, const char *s)
{
	return json_is_string(v) && strcmp(json_string_value(v), s) == 0;
}

static int copy_str(json_t *obj, const char *key, char *dst, size_t len)
{
	const char *s = json_string_value(json_object_get(obj, key));

	if (s == NULL || strlen(s) >= len || s[0] == '\0')
		return -1;
	memcpy(dst, s, strlen(s) + 1);
	return 0;
}

static int get_time(json_t *obj, const char *key, long *out)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v))
		return -1;
	*out = (long)json_integer_value(v);
	return 0;
}

static int is_uuid(const char *s)
{
	size_t i;

	if (strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		char ch = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (ch != '-')
				return 0;
		} else if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
			return 0;
		}
	}
	return 1;
}

/* Verified tokens, by SHA-256 of their exact text. libjwt parses the PEM public key on every
 * verification, and OpenSSL 3's decoder makes that cost most of a request; a client presents the
 * same token for minutes, so each token's signature and header are checked once. The time
 * claims are checked on every use. */
#define CACHE_SLOTS 4096

struct cache_slot {
	unsigned char digest[SHA256_DIGEST_LENGTH];
	struct token_claims claims;
	int used;
};

static struct cache_slot cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static int cache_get(const unsigned char *digest, struct token_claims *out)
{
	struct cache_slot *s = &cache[(digest[0] | (unsigned)digest[1] << 8) % CACHE_SLOTS];
	int hit;

	pthread_mutex_lock(&cache_lock);
	hit = s->used && memcmp(s->digest, digest, SHA256_DIGEST_LENGTH) == 0;
	if (hit)
		*out = s->claims;
	pthread_mutex_unlock(&cache_lock);
	return hit;
}

static void cache_put(const unsigned char *digest, const struct token_claims *c)
{
	struct cache_slot *s = &cache[(digest[0] | (unsigned)digest[1] << 8) % CACHE_SLOTS];

	pthread_mutex_lock(&cache_lock);
	memcpy(s->digest, digest, SHA256_DIGEST_LENGTH);
	s->claims = *c;
	s->used = 1;
	pthread_mutex_unlock(&cache_lock);
}

/* The checks of the time claims (60 s leeway) and the lifetime. Returns 0 when valid. */
static int times_ok(const struct token_claims *c, long now)
{
	return (c->exp <= now - TOKEN_LEEWAY_S || c->nbf > now + TOKEN_LEEWAY_S ||
		c->iat > now + TOKEN_LEEWAY_S || c->exp <= c->iat ||
		c->exp - c->iat > config.access_ttl_s + TOKEN_LEEWAY_S)
		   ? -1
		   : 0;
}

/* SHA-256 through a digest fetched once: OpenSSL 3's SHA256() looks the algorithm up in its
 * provider tables on every call, which cost as much as the rest of a cached verification. */
static EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

static void sha256_fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

static void token_digest(const char *token, unsigned char digest[SHA256_DIGEST_LENGTH])
{
	pthread_once(&sha256_once, sha256_fetch);
	if (sha256_md == NULL ||
	    EVP_Digest(token, strlen(token), digest, NULL, sha256_md, NULL) != 1)
		SHA256((const unsigned char *)token, strlen(token), digest);
}

int token_verify(const char *token, struct token_claims *out, const char **why)
{
	unsigned char digest[SHA256_DIGEST_LENGTH];
	int rc;

	*why = "malformed";
	if (strlen(token) == 0 || strlen(token) > TOKEN_MAX_LEN)
		return -1;
	token_digest(token, digest);
	if (cache_get(digest, out)) {
		*why = "expired or not yet valid";
		if (times_ok(out, (long)time(NULL)) != 0)
			return -1;
		*why = NULL;
		return 0;
	}
	rc = token_verify_uncached(token, out, why);
	if (rc == 0)
		cache_put(digest, out);
	return rc;
}

int token_verify_uncached(const char *token, struct token_claims *out, const char **why)
{
	const struct keys_key *k;
	const char *dot1, *dot2, *kid;
	json_t *header = NULL, *claims = NULL;
	jwt_t *jwt = NULL;
	char *grants = NULL;
	size_t len = strlen(token);
	long now = (long)time(NULL);
	int rc = -1;

	memset(out, 0, sizeof(*out));
	*why = "malformed";
	if (len == 0 || len > TOKEN_MAX_LEN)
		goto out;
	for (size_t i = 0; i < len; i++) {
		char ch = token[i];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.'))
			goto out;
	}
	dot1 = strchr(token, '.');
	dot2 = dot1 != NULL ? strchr(dot1 + 1, '.') : NULL;
	if (dot1 == NULL || dot2 == NULL || strchr(dot2 + 1, '.') != NULL || dot2[1] == '\0')
		goto out;
	header = segment_json(token, (size_t)(dot1 - token));
	*why = "header";
	if (header == NULL || json_object_size(header) != 3 ||
	    !str_is(json_object_get(header, "alg"), "ES256") ||
	    !str_is(json_object_get(header, "typ"), "JWT"))
		goto out;
	/* libjwt parses the payload with jansson before it checks the signature: its nesting is
	 * bounded here first, so an unsigned payload cannot exhaust the stack. */
	claims = segment_json(dot1 + 1, (size_t)(dot2 - dot1 - 1));
	*why = "claims";
	if (claims == NULL)
		goto out;
	json_decref(claims);
	claims = NULL;
	kid = json_string_value(json_object_get(header, "kid"));
	*why = "header";
	k = kid != NULL ? keys_find(kid) : NULL;
	*why = "unknown kid";
	if (k == NULL)
		goto out;
	*why = "signature";
	if (jwt_decode(&jwt, token, (const unsigned char *)k->public_pem, (int)k->public_len) !=
		0 ||
	    jwt == NULL || jwt_get_alg(jwt) != JWT_ALG_ES256)
		goto out;
	grants = jwt_get_grants_json(jwt, NULL);
	claims = grants != NULL ? jsonin_loadb(grants, strlen(grants), JSON_REJECT_DUPLICATES, NULL)
				: NULL;
	*why = "claims";
	if (claims == NULL || !str_is(json_object_get(claims, "iss"), ISSUER) ||
	    !str_is(json_object_get(claims, "aud"), AUDIENCE) ||
	    copy_str(claims, "sub", out->sub, sizeof(out->sub)) != 0 || !is_uuid(out->sub) ||
	    copy_str(claims, "kind", out->kind, sizeof(out->kind)) != 0 ||
	    copy_str(claims, "jti", out->jti, sizeof(out->jti)) != 0 ||
	    get_time(claims, "iat", &out->iat) != 0 || get_time(claims, "nbf", &out->nbf) != 0 ||
	    get_time(claims, "exp", &out->exp) != 0)
		goto out;
	if (strcmp(out->kind, "user") == 0) {
		if (copy_str(claims, "sid", out->sid, sizeof(out->sid)) != 0 || !is_uuid(out->sid))
			goto out;
	} else if (strcmp(out->kind, "client") != 0 || json_object_get(claims, "sid") != NULL) {
		goto out;
	}
	*why = "expired or not yet valid";
	if (times_ok(out, now) != 0)
		goto out;
	*why = NULL;
	rc = 0;
out:
	json_decref(header);
	json_decref(claims);
	free(grants);
	jwt_free(jwt);
	return rc;
}
