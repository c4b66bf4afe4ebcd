/* The QR code of a notice: an SVG whose size follows the symbol's version, NULL for what cannot
 * be encoded. */
#include "../unit.h"
#include "notice.h"

#include <stdlib.h>

/* Counts the runs ("M x y h n v1 h-n z") of the path. */
static int runs(const char *svg)
{
	int n = 0;
	const char *p = strstr(svg, " d=\"");

	while (p != NULL && (p = strchr(p + 1, 'M')) != NULL)
		n++;
	return n;
}

void unit_notice_qr(void)
{
	char want[160], *long_text, *svg;
	int modules = 0;

	svg = notice_qr_make("http://127.0.0.1:8080/notices/3f6c2a9e-1b7d-4c58-9e0a-5d2f8b1c7e44",
			     &modules);
	CHECK(svg != NULL);
	if (svg != NULL) {
		/* 67 bytes in byte mode at level M need version 5 (62 fit in 4, 84 in 5): 37
		 * modules; 4 modules of quiet zone each side */
		CHECK(modules == 37);
		snprintf(want, sizeof(want), "viewBox=\"0 0 %d %d\"", modules + 8, modules + 8);
		CHECK(strstr(svg, want) != NULL);
		CHECK(strstr(svg, "data-version=\"5\"") != NULL);
		CHECK(strncmp(svg, "<?xml", 5) == 0);
		CHECK(strstr(svg, "</svg>\n") != NULL);
		/* the top-left finder's first row is one run of 7 at (4, 4) */
		CHECK(strstr(svg, "M4 4h7v1h-7z") != NULL);
		CHECK(runs(svg) > 50);
	}
	free(svg);
	svg = notice_qr_make("http://127.0.0.1:8080/notices/x", &modules);
	CHECK(svg != NULL && modules == 29); /* 31 bytes: version 3 (26 fit in 2) */
	free(svg);
	CHECK(notice_qr_make("", &modules) == NULL);
	CHECK(notice_qr_make(NULL, &modules) == NULL);
	long_text = malloc(NOTICE_QR_MAX + 2);
	if (long_text != NULL) {
		memset(long_text, 'a', NOTICE_QR_MAX + 1);
		long_text[NOTICE_QR_MAX + 1] = '\0';
		CHECK(notice_qr_make(long_text, &modules) == NULL);
		long_text[NOTICE_QR_MAX] = '\0';
		svg = notice_qr_make(long_text, &modules);
		CHECK(svg != NULL && modules == 17 + 4 * 18); /* 512 bytes at M: version 18 */
		free(svg);
		free(long_text);
	}
}
