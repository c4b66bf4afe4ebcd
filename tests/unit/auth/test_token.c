/* Access tokens: what token_verify accepts and refuses, with a key made for the test. */
#include "../unit.h"
#include "config.h"
#include "keys.h"
#include "token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Base64url of a JSON text. */
static void seg(const char *json, char *out, size_t len)
{
	keys_b64url((const unsigned char *)json, strlen(json), out, len);
}

static void a_issued_token_verifies_and_carries_its_claims(void)
{
	struct token_claims c, got;
	const char *why = NULL;
	char *t;

	memset(&c, 0, sizeof(c));
	strcpy(c.sub, "0b9f7c52-9c1e-4f7e-8d6a-2a4b6c8d0e1f");
	strcpy(c.kind, "user");
	strcpy(c.sid, "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
	t = token_issue(&c, 600);
	CHECK(t != NULL);
	if (t == NULL)
		return;
	CHECK(token_verify(t, &got, &why) == 0);
	CHECK_STR(got.sub, c.sub);
	CHECK_STR(got.sid, c.sid);
	CHECK_STR(got.kind, "user");
	CHECK(got.exp - got.iat == 600);
	/* One changed character of the signature, the payload or the header breaks it. */
	{
		char *bad = strdup(t);
		size_t n = strlen(bad);
		bad[n - 3] = bad[n - 3] == 'A' ? 'B' : 'A';
		CHECK(token_verify(bad, &got, &why) != 0);
		strcpy(bad, t);
		bad[strchr(bad, '.') - bad + 5] ^= 1;
		CHECK(token_verify(bad, &got, &why) != 0);
		free(bad);
	}
	free(t);
}

static void forged_headers_are_refused(void)
{
	struct token_claims got;
	const char *why = NULL;
	char h[256], p[512], tok[1024];
	const char *payload = "{\"iss\":\"anquan\",\"aud\":\"anquan-api\",\"sub\":\"0b9f7c52-9c1e-"
			      "4f7e-8d6a-2a4b6c8d0e1f\","
			      "\"kind\":\"client\",\"jti\":\"x\",\"iat\":2000000000,\"nbf\":"
			      "2000000000,\"exp\":2000000600}";
	const char *headers[] = {
	    "{\"alg\":\"none\",\"typ\":\"JWT\"}",
	    "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"%s\"}",
	    "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"0000000000000000\"}",
	    "{\"alg\":\"ES256\",\"typ\":\"JWS\",\"kid\":\"%s\"}",
	    "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"%s\",\"jku\":\"http://x\"}",
	    "{\"alg\":\"ES256\",\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"%s\"}",
	};
	size_t i;

	for (i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		char hj[256];
		const char *mark = strstr(headers[i], "%s");
		/* Put the real kid where the template says so (no format string from data). */
		if (mark != NULL)
			snprintf(hj, sizeof(hj), "%.*s%s%s", (int)(mark - headers[i]), headers[i],
				 keys_signing()->kid, mark + 2);
		else
			snprintf(hj, sizeof(hj), "%s", headers[i]);
		seg(hj, h, sizeof(h));
		seg(payload, p, sizeof(p));
		snprintf(tok, sizeof(tok), "%s.%s.AAAA", h, p);
		CHECK(token_verify(tok, &got, &why) != 0);
		snprintf(tok, sizeof(tok), "%s.%s.", h, p);
		CHECK(token_verify(tok, &got, &why) != 0);
	}
	CHECK(token_verify("", &got, &why) != 0);
	CHECK(token_verify("a.b", &got, &why) != 0);
	CHECK(token_verify("a.b.c.d", &got, &why) != 0);
	CHECK(token_verify("a b.c.d", &got, &why) != 0);
}

static void base64url_round_trips_and_rejects_junk(void)
{
	unsigned char in[5] = {0xfb, 0xff, 0x00, 0x10, 0x7e}, out[8];
	char enc[16];

	CHECK(keys_b64url(in, 5, enc, sizeof(enc)) == 7);
	CHECK(keys_b64url_decode(enc, strlen(enc), out, sizeof(out)) == 5);
	CHECK(memcmp(in, out, 5) == 0);
	CHECK(keys_b64url_decode("ab+c", 4, out, sizeof(out)) == -1);
	CHECK(keys_b64url_decode("abc=", 4, out, sizeof(out)) == -1);
	CHECK(keys_b64url_decode("a", 1, out, sizeof(out)) == -1);
}

void unit_token(void)
{
	char dir[] = "/tmp/anquan-unit-keys-XXXXXX";
	char cmd[128];

	if (mkdtemp(dir) == NULL || config_load() != 0 || keys_init(dir) != 0) {
		CHECK(!"cannot set up a key for the token tests");
		return;
	}
	a_issued_token_verifies_and_carries_its_claims();
	forged_headers_are_refused();
	base64url_round_trips_and_rejects_junk();
	keys_free();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
}
