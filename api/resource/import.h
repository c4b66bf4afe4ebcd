/* CSV import of institution records (POST /institutions/import): the body is a spreadsheet saved
 * as CSV, in UTF-8 or GB18030, with Chinese headers. */
#ifndef ANQUAN_IMPORT_H
#define ANQUAN_IMPORT_H

#include <stddef.h>

#include "http.h"

/* Most data rows one import takes. */
#define IMPORT_MAX_ROWS 5000

/* A parsed CSV document: records of NUL-terminated fields pointing into the parsed buffer. */
struct csv_doc {
	char **fields; /* every field of every record, in order */
	size_t *lens;  /* the byte length of each field: longer than its strlen when it holds NUL */
	size_t nfields, cap_fields;
	struct csv_record {
		size_t first; /* index of its first field in fields */
		size_t count; /* number of fields */
	} * records;
	size_t nrecords, cap_records;
};

/* Parses RFC 4180 CSV (quoted fields with "" escapes, CRLF or LF line ends, a final line end
 * optional) in place: `buf` (len bytes, with room for one byte more) is rewritten and the fields
 * point into it. A field keeps any NUL byte it holds: compare its strlen with its length. Returns
 * 0, or -1 with *why set (static text) for an unterminated quote or text after a closing quote, or
 * when out of memory. Free with csv_doc_free. */
int csv_parse(char *buf, size_t len, struct csv_doc *doc, const char **why);

void csv_doc_free(struct csv_doc *doc);

/* The first sheet (xl/worksheets/sheet1.xml) of an .xlsx workbook `zip` (len bytes) as CSV text
 * in UTF-8: one line per spreadsheet row (rows without a cell are empty lines, so a CSV record's
 * number is the sheet's row number), every value quoted, shared strings looked up, numbers as
 * written. Bounded: 2000 zip entries, 16 MiB per uncompressed part whatever its header says,
 * 1,000,000 shared strings, row 100000 and column 64 at most for a value, 32 MiB of CSV.
 * Returns 0 with *csv (caller frees; NUL-terminated, *csv_len bytes, room for one more), or -1
 * with *why (static text) for a damaged, foreign or oversized file. The XLSX fuzzer
 * (tests/fuzz/fuzz_xlsx.c) runs it. */
int xlsx_to_csv(const unsigned char *zip, size_t len, char **csv, size_t *csv_len,
		const char **why);

/* The Content-Type of an .xlsx workbook. */
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Reads the body of an import request: Content-Type text/csv (charset utf-8 or gb18030/gbk) or
 * an .xlsx workbook (XLSX_TYPE; its first sheet), 415 otherwise; at most the body limit (413);
 * CSV decoded to UTF-8 without a byte order mark (400 naming "body" when it does not decode),
 * a workbook turned into the same CSV (xlsx_to_csv; 400 naming "body" when it cannot be read).
 * Returns 0 with *text (caller frees; NUL-terminated, *len bytes), or -1 after answering. */
int import_read_body(struct http_req *req, char **text, size_t *len);

/* The checks of a dry run that need no database, over CSV text parsed in place (len bytes with
 * room for one more): every row is checked except whether its parent exists and whether its
 * code or name is taken. Appends the row errors to `errors` (borrowed). Returns the number of
 * data rows, or -1 when the text does not parse, has no header or too many rows. The CSV
 * fuzzer (tests/fuzz/fuzz_csv.c) runs it. */
long import_check_offline(char *text, size_t len, json_t *errors);

/* Handler: POST /institutions/import?dry_run=true|false. */
int import_institutions(struct http_req *req);

#endif
