/* The ES256 signing keys. Every *.pem file in the key directory is an EC P-256 private key; the
 * newest signs and all of them verify, so a key is rotated by adding a file and removing the old
 * one after the access token lifetime has passed. */
#include "keys.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_KEYS 8

static struct keys_key keys[MAX_KEYS];
static int nkeys;
static int signing = -1;
static char *jwks_text;

int keys_b64url(const unsigned char *in, size_t len, char *out, size_t outlen)
{
	static const char tbl[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t i, o = 0;

	for (i = 0; i < len; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		size_t n = len - i >= 3 ? 3 : len - i;
		if (n > 1)
			v |= (unsigned)in[i + 1] << 8;
		if (n > 2)
			v |= in[i + 2];
		if (o + n + 2 > outlen)
			return -1;
		out[o++] = tbl[(v >> 18) & 63];
		out[o++] = tbl[(v >> 12) & 63];
		if (n > 1)
			out[o++] = tbl[(v >> 6) & 63];
		if (n > 2)
			out[o++] = tbl[v & 63];
	}
	out[o] = '\0';
	return (int)o;
}

static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

int keys_b64url_decode(const char *in, size_t len, unsigned char *out, size_t outlen)
{
	size_t i, o = 0;
	unsigned acc = 0;
	int bits = 0;

	if (len % 4 == 1)
		return -1;
	for (i = 0; i < len; i++) {
		int v = b64val(in[i]);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= outlen)
				return -1;
			out[o++] = (unsigned char)((acc >> bits) & 0xff);
		}
	}
	/* Leftover bits must be zero: one encoding per value, so a tampered tail is noticed. */
	if ((acc & ((1u << bits) - 1)) != 0)
		return -1;
	return (int)o;
}

/* Writes a new P-256 private key to `path` with mode 0600. Returns 0 or -1. */
static int generate(const char *path)
{
	EVP_PKEY *pkey = EVP_EC_gen("P-256");
	FILE *f = NULL;
	int fd, rc = -1;

	if (pkey == NULL)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		goto out;
	f = fdopen(fd, "w");
	if (f == NULL) {
		close(fd);
		goto out;
	}
	if (PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL, NULL) == 1)
		rc = 0;
out:
	if (f != NULL)
		fclose(f);
	EVP_PKEY_free(pkey);
	return rc;
}

/* Fills `k` from a PEM private key file. Returns 0 or -1. */
static int load(const char *path, struct keys_key *k)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *pkey = NULL;
	BIO *bio = NULL;
	BIGNUM *bx = NULL, *by = NULL;
	unsigned char *der = NULL, digest[SHA256_DIGEST_LENGTH], coord[32];
	char name[64] = "";
	size_t namelen = 0;
	char *data;
	long n;
	int derlen, i, rc = -1;
	struct stat st;

	memset(k, 0, sizeof(*k));
	if (f == NULL)
		return -1;
	if (fstat(fileno(f), &st) == 0)
		k->mtime = (long)st.st_mtime;
	pkey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (pkey == NULL ||
	    EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof(name),
					   &namelen) != 1 ||
	    strcmp(name, "prime256v1") != 0) {
		fprintf(stderr, "keys: %s is not an EC P-256 private key\n", path);
		goto out;
	}
	bio = BIO_new(BIO_s_mem());
	if (bio == NULL || PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL) != 1)
		goto out;
	n = BIO_get_mem_data(bio, &data);
	k->private_pem = strndup(data, (size_t)n);
	k->private_len = (size_t)n;
	BIO_free(bio);
	bio = BIO_new(BIO_s_mem());
	if (bio == NULL || PEM_write_bio_PUBKEY(bio, pkey) != 1)
		goto out;
	n = BIO_get_mem_data(bio, &data);
	k->public_pem = strndup(data, (size_t)n);
	k->public_len = (size_t)n;
	derlen = i2d_PUBKEY(pkey, &der);
	if (derlen <= 0)
		goto out;
	SHA256(der, (size_t)derlen, digest);
	for (i = 0; i < 8; i++)
		snprintf(k->kid + 2 * i, 3, "%02x", digest[i]);
	if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_X, &bx) != 1 ||
	    EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, &by) != 1 ||
	    BN_bn2binpad(bx, coord, 32) != 32)
		goto out;
	keys_b64url(coord, 32, k->x, sizeof(k->x));
	if (BN_bn2binpad(by, coord, 32) != 32)
		goto out;
	keys_b64url(coord, 32, k->y, sizeof(k->y));
	rc = (k->private_pem != NULL && k->public_pem != NULL) ? 0 : -1;
out:
	BN_free(bx);
	BN_free(by);
	OPENSSL_free(der);
	BIO_free(bio);
	EVP_PKEY_free(pkey);
	return rc;
}

static int is_pem(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcmp(name + n - 4, ".pem") == 0 && name[0] != '.';
}

static int scan(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL && nkeys < MAX_KEYS) {
		if (!is_pem(e->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (load(path, &keys[nkeys]) != 0) {
			closedir(d);
			return -1;
		}
		if (signing < 0 || keys[nkeys].mtime > keys[signing].mtime)
			signing = nkeys;
		nkeys++;
	}
	closedir(d);
	return 0;
}

int keys_init(const char *dir)
{
	char path[4096];
	json_t *set;
	int i;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "keys: cannot create %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (scan(dir) != 0) {
		fprintf(stderr, "keys: cannot read the keys in %s\n", dir);
		return -1;
	}
	if (nkeys == 0) {
		snprintf(path, sizeof(path), "%s/jwt-%ld.pem", dir, (long)time(NULL));
		if (generate(path) != 0 || scan(dir) != 0 || nkeys == 0) {
			fprintf(stderr, "keys: cannot create a signing key in %s\n", dir);
			return -1;
		}
		fprintf(stderr, "keys: created signing key %s\n", path);
	}
	set = json_array();
	for (i = 0; i < nkeys; i++)
		json_array_append_new(set,
				      json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "EC",
						"crv", "P-256", "x", keys[i].x, "y", keys[i].y,
						"kid", keys[i].kid, "alg", "ES256", "use", "sig"));
	set = json_pack("{s:o}", "keys", set);
	jwks_text = json_dumps(set, JSON_COMPACT);
	json_decref(set);
	fprintf(stderr, "keys: %d key(s), signing kid %s\n", nkeys, keys[signing].kid);
	return jwks_text != NULL ? 0 : -1;
}

void keys_free(void)
{
	int i;

	for (i = 0; i < nkeys; i++) {
		if (keys[i].private_pem != NULL)
			OPENSSL_cleanse(keys[i].private_pem, keys[i].private_len);
		free(keys[i].private_pem);
		free(keys[i].public_pem);
	}
	nkeys = 0;
	signing = -1;
	free(jwks_text);
	jwks_text = NULL;
}

const struct keys_key *keys_signing(void)
{
	return signing >= 0 ? &keys[signing] : NULL;
}

const struct keys_key *keys_find(const char *kid)
{
	int i;

	for (i = 0; i < nkeys; i++) {
		if (strcmp(keys[i].kid, kid) == 0)
			return &keys[i];
	}
	return NULL;
}

const char *keys_jwks(void)
{
	return jwks_text;
}
