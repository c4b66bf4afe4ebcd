/* Static paths never leave the web directory; content types follow the extension. */
#include "../unit.h"
#include "static.h"

static void dot_segments_and_odd_bytes_are_refused(void)
{
	CHECK(static_path_safe("/") == 1);
	CHECK(static_path_safe("/js/app.js") == 1);
	CHECK(static_path_safe("/campaigns/123") == 1);
	CHECK(static_path_safe("/a..b/c") == 1);
	CHECK(static_path_safe("/../Makefile") == 0);
	CHECK(static_path_safe("/js/../../Makefile") == 0);
	CHECK(static_path_safe("/js/..") == 0);
	CHECK(static_path_safe("/./index.html") == 0);
	CHECK(static_path_safe("/js\\..\\x") == 0);
	CHECK(static_path_safe("/a\x01") == 0);
	CHECK(static_path_safe("relative") == 0);
}

static void content_types_by_extension(void)
{
	CHECK_STR(static_content_type("/index.html"), "text/html; charset=utf-8");
	CHECK_STR(static_content_type("/js/app.js"), "text/javascript; charset=utf-8");
	CHECK_STR(static_content_type("/css/app.css"), "text/css; charset=utf-8");
	CHECK_STR(static_content_type("/favicon.svg"), "image/svg+xml");
	CHECK_STR(static_content_type("/x.unknown"), "application/octet-stream");
	CHECK_STR(static_content_type("/dir.d/noext"), "application/octet-stream");
}

void unit_static(void)
{
	dot_segments_and_odd_bytes_are_refused();
	content_types_by_extension();
}
