/* Request ids and content types accepted from clients. */
#include "../unit.h"
#include "http.h"

static void request_ids_are_echoed_only_when_sane(void)
{
	char long_id[80];

	memset(long_id, 'a', sizeof(long_id) - 1);
	long_id[sizeof(long_id) - 1] = '\0';
	CHECK(http_request_id_ok("abc-123_X.9") == 1);
	CHECK(http_request_id_ok("") == 0);
	CHECK(http_request_id_ok("a b") == 0);
	CHECK(http_request_id_ok("a\r\nSet-Cookie: x") == 0);
	CHECK(http_request_id_ok("<script>") == 0);
	CHECK(http_request_id_ok(long_id) == 0);
}

static void only_json_content_types_are_json(void)
{
	CHECK(http_is_json_type("application/json") == 1);
	CHECK(http_is_json_type("Application/JSON") == 1);
	CHECK(http_is_json_type("application/json; charset=utf-8") == 1);
	CHECK(http_is_json_type("application/json; charset=UTF-8") == 1);
	CHECK(http_is_json_type("application/json; charset=gbk") == 0);
	CHECK(http_is_json_type("application/jsonx") == 0);
	CHECK(http_is_json_type("text/plain") == 0);
	CHECK(http_is_json_type("application/x-www-form-urlencoded") == 0);
	CHECK(http_is_json_type("") == 0);
}

void unit_http(void)
{
	request_ids_are_echoed_only_when_sane();
	only_json_content_types_are_json();
}
