/* Passwords: argon2id hashes (libargon2) and the configurable password policy. */
#ifndef ANQUAN_PASSWORD_H
#define ANQUAN_PASSWORD_H

#include <jansson.h>
#include <stddef.h>

#define PASSWORD_HASH_MAX 160
/* The longest password the policy accepts, in characters. */
#define PASSWORD_MAX_CHARS 256

/* Hashes `pw` with argon2id at the configured cost into `out` (encoded form). Returns 0 or -1. */
int password_hash(const char *pw, char *out, size_t outlen);

/* Whether `pw` matches `encoded` (argon2's own constant-time comparison). With encoded == NULL
 * it still spends the time of one verification and returns 0, so an unknown user name takes as
 * long as a wrong password. */
int password_verify(const char *encoded, const char *pw);

/* Checks `pw` against the policy (length, character classes, not the user name). Appends errors
 * naming `field` (codes too_short, too_long, missing_classes, contains_username). Returns the
 * number of errors added. */
int password_check_policy(const char *pw, const char *username, const char *field, json_t *errors);

#endif
