/* The ES256 signing keys: generated on first start, loaded from a directory, published as JWKS. */
#ifndef ANQUAN_KEYS_H
#define ANQUAN_KEYS_H

#include <stddef.h>

struct keys_key {
	char kid[17];
	char *private_pem; /* for signing */
	size_t private_len;
	char *public_pem; /* for verifying */
	size_t public_len;
	char x[64], y[64]; /* base64url coordinates for the JWKS */
	long mtime;
};

/* Loads every *.pem in `dir` (creating the directory, mode 0700, and a first key, mode 0600,
 * when there is none). Returns 0, or -1 after printing why. */
int keys_init(const char *dir);
void keys_free(void);

/* The key that signs new tokens (the newest file). Borrowed. */
const struct keys_key *keys_signing(void);

/* The key with this kid, or NULL. Borrowed. */
const struct keys_key *keys_find(const char *kid);

/* The JWKS document, serialized once at start. Borrowed. */
const char *keys_jwks(void);

/* Base64url without padding. Returns the length written (NUL-terminated), or -1 if too small. */
int keys_b64url(const unsigned char *in, size_t len, char *out, size_t outlen);

/* Decodes base64url (no padding). Returns the decoded length, or -1 on a bad character. */
int keys_b64url_decode(const char *in, size_t len, unsigned char *out, size_t outlen);

#endif
