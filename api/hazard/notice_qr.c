/* The QR code of a notice (GET /api/v1/notices/{id}/qr.svg): the address of the notice's page
 * in the SPA (ANQUAN_PUBLIC_URL + /notices/{id}), which the unit opens on a phone to receive
 * it, drawn by libqrencode as SVG. */
#include "auth.h"
#include "config.h"
#include "notice.h"
#include "rest.h"

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The quiet zone around the symbol, in modules (ISO/IEC 18004: 4). */
#define QR_QUIET 4

char *notice_qr_make(const char *text, int *modules)
{
	QRcode *qr = NULL;
	char *out = NULL, *p;
	size_t cap, used;
	int x, y, w, run;

	if (text == NULL || strlen(text) == 0 || strlen(text) > NOTICE_QR_MAX)
		return NULL;
	qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (qr == NULL)
		return NULL;
	w = qr->width;
	/* at most one run per two modules of a row, each "M x y h n v1 h-n z" in 40 bytes */
	cap = 400 + (size_t)w * (size_t)(w / 2 + 1) * 40;
	out = malloc(cap);
	if (out == NULL)
		goto out;
	used = (size_t)snprintf(
	    out, cap,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	    "width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\" "
	    "data-modules=\"%d\" data-version=\"%d\">\n"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"",
	    w + 2 * QR_QUIET, w + 2 * QR_QUIET, (w + 2 * QR_QUIET) * 4, (w + 2 * QR_QUIET) * 4, w,
	    qr->version, w + 2 * QR_QUIET, w + 2 * QR_QUIET);
	/* one horizontal run of dark modules per subpath */
	for (y = 0; y < w; y++) {
		for (x = 0; x<w; x += run> 0 ? run : 1) {
			run = 0;
			while (x + run < w && (qr->data[y * w + x + run] & 1))
				run++;
			if (run == 0)
				continue;
			p = out + used;
			used += (size_t)snprintf(p, cap - used, "M%d %dh%dv1h-%dz", x + QR_QUIET,
						 y + QR_QUIET, run, run);
		}
	}
	snprintf(out + used, cap - used, "\"/>\n</svg>\n");
	*modules = w;
out:
	QRcode_free(qr);
	return out;
}

int notice_qr_svg(struct http_req *req)
{
	PGresult *rec = NULL;
	char url[300], *svg = NULL;
	int rc, modules;

	rc = rest_load(req, "notice_get", req->params[0], &rec);
	if (rc != 0)
		goto out;
	snprintf(url, sizeof(url), "%s/notices/%s", config.public_url, rest_col(rec, 0, "id"));
	svg = notice_qr_make(url, &modules);
	if (svg == NULL) {
		rc = http_problem(req, 500, "internal", "The QR code could not be made.", NULL,
				  NULL);
		goto out;
	}
	rc = http_send(req, 200, "image/svg+xml", svg, strlen(svg),
		       "Cache-Control: private, max-age=3600\r\n");
out:
	free(svg);
	PQclear(rec);
	return rc;
}
