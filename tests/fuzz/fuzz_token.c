/* libFuzzer: the access-token parser (token_verify_uncached: shape, header, payload, signature,
 * claims), checked against the cached token_verify. The key is a fixed P-256 key made for
 * fuzzing only, so the committed seed tokens carry a known kid and a valid signature. */
#include "config.h"
#include "keys.h"
#include "token.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* For fuzzing only: signs nothing outside this harness. */
static const char fuzz_key_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgbntGuKay0jBTt0qU\n"
    "beTqbrBoBhsjHDG8zCqV9Rz5LG6hRANCAATi9k+ue8R66mbJmLQGrU4qnUxQtZLs\n"
    "yw2uNw1GaRWfPF3XiP7uptBC3RYv+plGXs6851tTcf0cjLzIuw+rOzDu\n"
    "-----END PRIVATE KEY-----\n";

static char key_dir[] = "/tmp/anquan-fuzz-keys-XXXXXX";
static char key_path[sizeof(key_dir) + 16];

static void cleanup(void)
{
	keys_free();
	unlink(key_path);
	rmdir(key_dir);
}

static int write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	size_t n = strlen(text);
	int rc;

	if (fd < 0)
		return -1;
	rc = write(fd, text, n) == (ssize_t)n ? 0 : -1;
	close(fd);
	return rc;
}

/* Issues a fresh token (it verifies now: the committed seeds have expired) and, when
 * FUZZ_TOKEN_ISSUED_DIR names the scratch corpus, adds it there. */
static void issue(const char *kind, const char *sid)
{
	struct token_claims c, got;
	const char *why = NULL, *dir = getenv("FUZZ_TOKEN_ISSUED_DIR");
	char path[4096], *t;

	memset(&c, 0, sizeof(c));
	snprintf(c.sub, sizeof(c.sub), "%s", "0b9f7c52-9c1e-4f7e-8d6a-2a4b6c8d0e1f");
	snprintf(c.kind, sizeof(c.kind), "%s", kind);
	snprintf(c.sid, sizeof(c.sid), "%s", sid);
	t = token_issue(&c, config.access_ttl_s);
	if (t == NULL || token_verify_uncached(t, &got, &why) != 0) {
		fprintf(stderr, "fuzz_token: a freshly issued %s token does not verify\n", kind);
		abort();
	}
	if (dir != NULL && dir[0] != '\0') {
		snprintf(path, sizeof(path), "%s/issued-%s", dir, kind);
		if (write_file(path, t, 0644) != 0)
			fprintf(stderr, "fuzz_token: cannot write %s\n", path);
	}
	free(t);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* As the server starts: the configuration (times_ok reads the token lifetime), then keys.
	 */
	if (config_load() != 0 || mkdtemp(key_dir) == NULL)
		abort();
	snprintf(key_path, sizeof(key_path), "%s/fuzz.pem", key_dir);
	if (write_file(key_path, fuzz_key_pem, 0600) != 0 || keys_init(key_dir) != 0)
		abort();
	atexit(cleanup);
	issue("user", "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
	issue("client", "");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct token_claims a, b;
	const char *why = NULL, *why2 = NULL;
	char *tok = malloc(size + 1);
	int rc;

	if (tok == NULL)
		return 0;
	memcpy(tok, data, size);
	tok[size] = '\0';
	rc = token_verify_uncached(tok, &a, &why);
	if (rc == 0) {
		if (why != NULL || strlen(a.sub) != 36 || a.jti[0] == '\0' ||
		    !((strcmp(a.kind, "user") == 0 && strlen(a.sid) == 36) ||
		      (strcmp(a.kind, "client") == 0 && a.sid[0] == '\0')))
			abort();
	} else if (why == NULL) {
		abort();
	}
	/* The cache may only remember what the full check accepted. */
	if ((token_verify(tok, &b, &why2) == 0) != (rc == 0))
		abort();
	if (rc == 0 && (strcmp(a.sub, b.sub) != 0 || strcmp(a.kind, b.kind) != 0 ||
			strcmp(a.sid, b.sid) != 0 || strcmp(a.jti, b.jti) != 0 || a.exp != b.exp))
		abort();
	free(tok);
	return 0;
}
