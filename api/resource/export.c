/* Exports of lists as CSV or XLSX with Chinese headers. The rows are whatever the handler's query
 * returned, so the caller's subtree and filters apply exactly as for the list. */
#include "export.h"
#include "stackmark.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

const char *export_label(const struct export_label *labels, const char *code)
{
	const struct export_label *l;

	for (l = labels; l != NULL && l->code != NULL; l++) {
		if (strcmp(l->code, code) == 0)
			return l->label;
	}
	return code;
}

/* The shown text of one cell into buf (borrowed result or buf). */
static const char *cell_text(const PGresult *res, int row, int col, const struct export_column *c,
			     char *buf, size_t len)
{
	const char *v;

	if (c->kind == EXPORT_SEQ) {
		snprintf(buf, len, "%d", row + 1);
		return buf;
	}
	if (col < 0 || PQgetisnull(res, row, col))
		return "";
	v = PQgetvalue(res, row, col);
	switch (c->kind) {
	case EXPORT_BOOL:
		return v[0] == 't' ? "是" : "否";
	case EXPORT_LABEL:
		return export_label(c->labels, v);
	case EXPORT_TIME: {
		/* "YYYY-MM-DD HH:MM:SS+00" (UTC) shown in Beijing time, UTC+8 all year. */
		struct tm tm;
		time_t t;
		memset(&tm, 0, sizeof(tm));
		if (sscanf(v, "%d-%d-%d %d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			   &tm.tm_min) != 5)
			return v;
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		t = timegm(&tm) + 8 * 3600;
		gmtime_r(&t, &tm);
		strftime(buf, len, "%Y-%m-%d %H:%M", &tm);
		return buf;
	}
	default:
		return v;
	}
}

struct growbuf {
	char *data;
	size_t len, cap;
};

/* Makes room for n more bytes. Returns 0 or -1. */
static int reserve(struct growbuf *b, size_t n)
{
	char *nd;
	size_t ncap;

	if (b->len + n <= b->cap)
		return 0;
	ncap = (b->len + n) * 2;
	nd = realloc(b->data, ncap);
	if (nd == NULL)
		return -1;
	b->data = nd;
	b->cap = ncap;
	return 0;
}

static int put(struct growbuf *b, const char *s, size_t n)
{
	if (reserve(b, n) != 0)
		return -1;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	return 0;
}

/* Appends `s` as one quoted CSV field. A text that a spreadsheet would take for a formula gets
 * a leading apostrophe (CSV injection). */
static int csv_field(struct growbuf *b, const char *s, int is_text)
{
	const char *p;

	if (reserve(b, 2 * strlen(s) + 3) != 0)
		return -1;
	b->data[b->len++] = '"';
	if (is_text && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t'))
		b->data[b->len++] = '\'';
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			b->data[b->len++] = '"';
		b->data[b->len++] = *p;
	}
	b->data[b->len++] = '"';
	return 0;
}

static int send_file(struct http_req *req, const char *type, const char *basename, const char *ext,
		     const char *body, size_t len)
{
	char extra[256];

	snprintf(
	    extra, sizeof(extra),
	    "Content-Disposition: attachment; filename=\"%s.%s\"\r\nCache-Control: no-store\r\n",
	    basename, ext);
	return http_send(req, 200, type, body, len, extra);
}

static int send_csv(struct http_req *req, const PGresult *res, const struct export_column *cols,
		    const int *idx, const char *basename)
{
	struct growbuf b = {NULL, 0, 0};
	char cell[64];
	int row, i, rc;

	/* The BOM makes Excel read UTF-8. */
	if (put(&b, "\xEF\xBB\xBF", 3) != 0)
		goto oom;
	for (i = 0; cols[i].column != NULL; i++) {
		if ((i > 0 && put(&b, ",", 1) != 0) || csv_field(&b, cols[i].header, 0) != 0)
			goto oom;
	}
	if (put(&b, "\r\n", 2) != 0)
		goto oom;
	for (row = 0; row < PQntuples(res); row++) {
		for (i = 0; cols[i].column != NULL; i++) {
			if ((i > 0 && put(&b, ",", 1) != 0) ||
			    csv_field(&b, cell_text(res, row, idx[i], &cols[i], cell, sizeof(cell)),
				      cols[i].kind == EXPORT_TEXT) != 0)
				goto oom;
		}
		if (put(&b, "\r\n", 2) != 0)
			goto oom;
	}
	rc = send_file(req, "text/csv; charset=utf-8", basename, "csv", b.data, b.len);
	free(b.data);
	return rc;
oom:
	free(b.data);
	return http_problem(req, 500, "internal", "Out of memory.", NULL, NULL);
}

struct xlsx_job {
	const char *path;
	const PGresult *res;
	const struct export_column *cols;
	const int *idx;
	int ok;
};

/* Writes the workbook of `job` to job->path. libxlsxwriter's workbook_close (zip and XML
 * writers) takes about 60 KiB of stack, too much for a worker: it runs through
 * stackmark_run_large. */
static void *write_xlsx(void *arg)
{
	struct xlsx_job *job = arg;
	lxw_workbook *wb = workbook_new(job->path);
	lxw_worksheet *ws;
	lxw_format *bold;
	char cell[64];
	int row, i;

	job->ok = 0;
	if (wb == NULL)
		return NULL;
	ws = workbook_add_worksheet(wb, NULL);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	for (i = 0; job->cols[i].column != NULL; i++) {
		worksheet_write_string(ws, 0, (lxw_col_t)i, job->cols[i].header, bold);
		worksheet_set_column(
		    ws, (lxw_col_t)i, (lxw_col_t)i,
		    job->cols[i].kind == EXPORT_NUMBER || job->cols[i].kind == EXPORT_SEQ ? 10 : 22,
		    NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
	for (row = 0; row < PQntuples(job->res); row++) {
		for (i = 0; job->cols[i].column != NULL; i++) {
			const struct export_column *c = &job->cols[i];
			const char *t =
			    cell_text(job->res, row, job->idx[i], c, cell, sizeof(cell));
			if (t[0] == '\0')
				continue;
			if (c->kind == EXPORT_NUMBER || c->kind == EXPORT_SEQ)
				worksheet_write_number(ws, (lxw_row_t)(row + 1), (lxw_col_t)i,
						       strtod(t, NULL), NULL);
			else
				worksheet_write_string(ws, (lxw_row_t)(row + 1), (lxw_col_t)i, t,
						       NULL);
		}
	}
	job->ok = workbook_close(wb) == LXW_NO_ERROR;
	return NULL;
}

/* Writes the workbook to a private temporary file (libxlsxwriter writes files), reads it back
 * and sends it. */
static int send_xlsx(struct http_req *req, const PGresult *res, const struct export_column *cols,
		     const int *idx, const char *basename)
{
	char path[] = "/tmp/anquan-export-XXXXXX";
	struct xlsx_job job = {path, res, cols, idx, 0};
	char *data = NULL;
	struct stat st;
	FILE *f = NULL;
	int fd, rc;

	fd = mkstemp(path);
	if (fd < 0)
		return http_problem(req, 500, "internal", "The export file could not be created.",
				    NULL, NULL);
	close(fd);
	if (stackmark_run_large(write_xlsx, &job) != 0 || !job.ok)
		goto fail;
	f = fopen(path, "rb");
	if (f == NULL || fstat(fileno(f), &st) != 0 ||
	    (data = malloc((size_t)st.st_size + 1)) == NULL ||
	    fread(data, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		goto fail;
	fclose(f);
	unlink(path);
	rc = send_file(req, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		       basename, "xlsx", data, (size_t)st.st_size);
	free(data);
	return rc;
fail:
	if (f != NULL)
		fclose(f);
	free(data);
	unlink(path);
	return http_problem(req, 500, "internal", "The export file could not be written.", NULL,
			    NULL);
}

int export_send(struct http_req *req, const PGresult *res, const struct export_column *cols,
		const char *format, const char *basename)
{
	int idx[64];
	int i;

	for (i = 0; cols[i].column != NULL && i < 64; i++)
		idx[i] = PQfnumber(res, cols[i].column);
	if (strcmp(format, "xlsx") == 0)
		return send_xlsx(req, res, cols, idx, basename);
	return send_csv(req, res, cols, idx, basename);
}
