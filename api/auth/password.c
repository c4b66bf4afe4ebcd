/* Passwords: argon2id (libargon2) at the configured cost, and the password policy. The default
 * policy follows OWASP ASVS (length, no composition rules); MLPS 2.0 level 3 deployments set
 * ANQUAN_PASSWORD_CLASSES=3 and ANQUAN_PASSWORD_MAX_AGE_DAYS=90. */
#include "password.h"
#include "config.h"
#include "validate.h"

#include <argon2.h>
#include <ctype.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#define SALT_LEN 16
#define HASH_LEN 32

/* Spent on unknown user names so they take as long as a wrong password. */
static const char DUMMY_HASH[] = "$argon2id$v=19$m=19456,t=2,p=1$YW5xdWFuZHVtbXlzYWx0MQ$"
				 "V8ZPzxerDsG2htIh7cRp9tRMFxDkgF64GwShAGnp9e4";

int password_hash(const char *pw, char *out, size_t outlen)
{
	unsigned char salt[SALT_LEN];

	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return -1;
	return argon2id_hash_encoded((uint32_t)config.argon2_passes,
				     (uint32_t)config.argon2_memory_kib,
				     (uint32_t)config.argon2_lanes, pw, strlen(pw), salt,
				     sizeof(salt), HASH_LEN, out, outlen) == ARGON2_OK
		   ? 0
		   : -1;
}

int password_verify(const char *encoded, const char *pw)
{
	if (encoded == NULL) {
		(void)argon2id_verify(DUMMY_HASH, pw, strlen(pw));
		return 0;
	}
	return argon2id_verify(encoded, pw, strlen(pw)) == ARGON2_OK;
}

int password_check_policy(const char *pw, const char *username, const char *field, json_t *errors)
{
	int lower = 0, upper = 0, digit = 0, other = 0, classes;
	size_t chars = v_utf8_len(pw);
	int n = 0;
	char msg[128];

	if (chars < (size_t)config.password_min_length) {
		snprintf(msg, sizeof(msg), "At least %d characters.", config.password_min_length);
		v_error(errors, field, "too_short", msg);
		n++;
	}
	if (chars > PASSWORD_MAX_CHARS) {
		v_error(errors, field, "too_long", "At most 256 characters.");
		n++;
	}
	for (const char *p = pw; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;
		if (islower(c))
			lower = 1;
		else if (isupper(c))
			upper = 1;
		else if (isdigit(c))
			digit = 1;
		else
			other = 1;
	}
	classes = lower + upper + digit + other;
	if (classes < config.password_classes) {
		snprintf(msg, sizeof(msg),
			 "Use at least %d of: lower case, upper case, digits, other characters.",
			 config.password_classes);
		v_error(errors, field, "missing_classes", msg);
		n++;
	}
	if (username != NULL && username[0] != '\0' && strcasestr(pw, username) != NULL) {
		v_error(errors, field, "contains_username",
			"The password must not contain the user name.");
		n++;
	}
	return n;
}
