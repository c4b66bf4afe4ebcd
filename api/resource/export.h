/* Exports of lists as CSV (UTF-8 with BOM, what Excel opens) or XLSX (libxlsxwriter), with
 * Chinese headers. */
#ifndef ANQUAN_EXPORT_H
#define ANQUAN_EXPORT_H

#include <libpq-fe.h>

#include "http.h"

/* A code and the Chinese text shown for it; lists end with {NULL, NULL}. */
struct export_label {
	const char *code;
	const char *label;
};

enum export_kind {
	EXPORT_TEXT,   /* the value as it is */
	EXPORT_NUMBER, /* a number cell in XLSX */
	EXPORT_BOOL,   /* 是 / 否 */
	EXPORT_LABEL,  /* a code shown through `labels` */
	EXPORT_TIME,   /* timestamptz shown as Beijing time "2026-11-23 18:30" */
	EXPORT_SEQ,    /* the row's number in the file (序号), 1 up; its column names none */
};

struct export_column {
	const char *column; /* the result column's name */
	const char *header; /* the Chinese header */
	enum export_kind kind;
	const struct export_label *labels; /* EXPORT_LABEL only */
};

/* The label for `code` in `labels`, or `code` itself when not listed. Borrowed. */
const char *export_label(const struct export_label *labels, const char *code);

/* Sends every row of `res` as an attachment named `basename`.csv|.xlsx, with the columns in
 * `cols` (terminated by a NULL column). Returns the status sent. */
int export_send(struct http_req *req, const PGresult *res, const struct export_column *cols,
		const char *format, const char *basename);

#endif
