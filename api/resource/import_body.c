/* The body of an import: bounded, of type text/csv, and turned into UTF-8 (the declared
 * charset, else UTF-8 when valid, else GB18030 through iconv), or an .xlsx workbook whose first
 * sheet is turned into the same CSV text. */
#include "config.h"
#include "import.h"
#include "utf8.h"

#include <civetweb.h>
#include <ctype.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The charset parameter of a text/csv Content-Type into cs ("" when none). Returns 0, or -1
 * when the type is not text/csv. */
static int csv_type(const char *ct, char *cs, size_t len)
{
	size_t n = strcspn(ct, ";");
	const char *p;

	cs[0] = '\0';
	while (n > 0 && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	if (!(n == 8 && strncasecmp(ct, "text/csv", 8) == 0))
		return -1;
	p = strcasestr(ct + n, "charset=");
	if (p != NULL) {
		size_t i = 0;
		p += 8;
		if (*p == '"')
			p++;
		while (*p != '\0' && *p != '"' && *p != ';' && *p != ' ' && i + 1 < len)
			cs[i++] = (char)tolower((unsigned char)*p++);
		cs[i] = '\0';
	}
	return 0;
}

/* Reads the whole body (bounded by the body limit) into *out (caller frees; one spare byte at
 * the end). Returns 0, or -1 after answering 413. */
static int read_body(struct http_req *req, char **out, size_t *out_len)
{
	long long clen = req->ri->content_length;
	size_t cap, len = 0;
	char *buf, *nb;
	int n;

	*out = NULL;
	if (clen > (long long)config.body_limit)
		return http_too_large(req), -1;
	cap = clen >= 0 ? (size_t)clen : 16384;
	buf = malloc(cap + 1);
	if (buf == NULL)
		return http_problem(req, 500, "internal", "Out of memory.", NULL, NULL), -1;
	for (;;) {
		if (len == cap) {
			if (clen >= 0 || cap > config.body_limit)
				break;
			cap = cap * 2 > config.body_limit + 1 ? config.body_limit + 1 : cap * 2;
			nb = realloc(buf, cap + 1);
			if (nb == NULL) {
				free(buf);
				return http_problem(req, 500, "internal", "Out of memory.", NULL,
						    NULL),
				       -1;
			}
			buf = nb;
		}
		n = mg_read(req->conn, buf + len, cap - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len > config.body_limit) {
			free(buf);
			return http_too_large(req), -1;
		}
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	return 0;
}

/* Converts GB18030 text to UTF-8. Returns a new buffer (caller frees; one spare byte) or NULL
 * when the text is not GB18030. */
static char *from_gb18030(const char *in, size_t len, size_t *out_len)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t cap = len * 2 + 4, left_in = len, left_out = cap;
	char *out, *src = (char *)in, *dst;

	if (cd == (iconv_t)-1)
		return NULL;
	out = malloc(cap + 1);
	dst = out;
	if (out == NULL || iconv(cd, &src, &left_in, &dst, &left_out) == (size_t)-1) {
		iconv_close(cd);
		free(out);
		return NULL;
	}
	iconv_close(cd);
	*out_len = cap - left_out;
	out[*out_len] = '\0';
	return out;
}

/* The body as UTF-8 text: the declared charset honoured; without one UTF-8 when it is valid,
 * else GB18030. Returns the text (*text, caller frees) or -1 after answering. */
static int body_text(struct http_req *req, const char *charset, char **text, size_t *len)
{
	char *raw = NULL, *conv;
	size_t n;
	int gb;

	*text = NULL;
	if (read_body(req, &raw, &n) != 0)
		return -1;
	gb = strcmp(charset, "gb18030") == 0 || strcmp(charset, "gbk") == 0 ||
	     strcmp(charset, "gb2312") == 0;
	if (!gb && charset[0] == '\0' && !utf8_valid(raw, n))
		gb = 1;
	if (gb) {
		conv = from_gb18030(raw, n, len);
		free(raw);
		if (conv == NULL)
			return http_problem(req, 400, "validation_failed",
					    "The body is not valid GB18030 text.",
					    http_field_error("body", "encoding", "not GB18030"),
					    NULL),
			       -1;
		raw = conv;
		n = *len;
	} else if (!utf8_valid(raw, n)) {
		free(raw);
		return http_problem(req, 400, "validation_failed",
				    "The body is not valid UTF-8 text.",
				    http_field_error("body", "encoding", "not UTF-8"), NULL),
		       -1;
	}
	/* A byte order mark (Excel writes one) is not part of the first header. */
	if (n >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) {
		memmove(raw, raw + 3, n - 3);
		n -= 3;
		raw[n] = '\0';
	}
	*text = raw;
	*len = n;
	return 0;
}

/* A workbook body as CSV text. Returns 0 with *text, or -1 after answering. */
static int xlsx_text(struct http_req *req, char **text, size_t *len)
{
	char *raw = NULL;
	const char *why;
	size_t n;

	if (read_body(req, &raw, &n) != 0)
		return -1;
	if (xlsx_to_csv((const unsigned char *)raw, n, text, len, &why) != 0) {
		free(raw);
		http_problem(req, 400, "validation_failed", why,
			     http_field_error("body", "format", why), NULL);
		return -1;
	}
	free(raw);
	return 0;
}

int import_read_body(struct http_req *req, char **text, size_t *len)
{
	const char *ct = http_header(req, "Content-Type");
	char charset[32];

	*text = NULL;
	*len = 0;
	if (ct != NULL && strncasecmp(ct, XLSX_TYPE, strlen(XLSX_TYPE)) == 0 &&
	    (ct[strlen(XLSX_TYPE)] == '\0' || ct[strlen(XLSX_TYPE)] == ';'))
		return xlsx_text(req, text, len);
	if (ct == NULL || csv_type(ct, charset, sizeof(charset)) != 0 ||
	    (charset[0] != '\0' && strcmp(charset, "utf-8") != 0 && strcmp(charset, "utf8") != 0 &&
	     strcmp(charset, "gb18030") != 0 && strcmp(charset, "gbk") != 0 &&
	     strcmp(charset, "gb2312") != 0)) {
		http_discard_body(req);
		http_problem(
		    req, 415, "unsupported_media_type",
		    "The body must be sent as Content-Type: text/csv (charset utf-8 or gb18030) or "
		    "as an "
		    ".xlsx workbook (" XLSX_TYPE ").",
		    http_field_error("Content-Type", "unsupported", "expected text/csv or .xlsx"),
		    NULL);
		return -1;
	}
	return body_text(req, charset, text, len);
}
