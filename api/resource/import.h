/* Imports of records from a spreadsheet (POST /institutions/import, /risks/import): the body is
 * CSV in UTF-8 or GB18030, or an .xlsx workbook, with Chinese (or English) headers. */
#ifndef ANQUAN_IMPORT_H
#define ANQUAN_IMPORT_H

#include <jansson.h>
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

/* The part named `path` of zip archive `zip` (an Office Open XML file: .xlsx, .docx, .pptx),
 * inflated with the bounds of xlsx_to_csv (2000 entries, 16 MiB uncompressed). Returns 1 with
 * *out (caller frees; NUL-terminated, *out_len bytes), 0 when there is no such part, or -1 with
 * *why (static text) for a damaged or foreign file. The attachment type check uses it too. */
int xlsx_zip_part(const unsigned char *zip, size_t len, const char *path, char **out,
		  size_t *out_len, const char **why);

/* The Content-Type of an .xlsx workbook. */
#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Reads the body of an import request: Content-Type text/csv (charset utf-8 or gb18030/gbk) or
 * an .xlsx workbook (XLSX_TYPE; its first sheet), 415 otherwise; at most the body limit (413);
 * CSV decoded to UTF-8 without a byte order mark (400 naming "body" when it does not decode),
 * a workbook turned into the same CSV (xlsx_to_csv; 400 naming "body" when it cannot be read).
 * Returns 0 with *text (caller frees; NUL-terminated, *len bytes), or -1 after answering. */
int import_read_body(struct http_req *req, char **text, size_t *len);

/* --- the generic import ----------------------------------------------------------------------
 *
 * An import descriptor says what one kind's spreadsheet holds: its columns (the Chinese header the
 * export writes and the English one, the member each fills, how a cell is parsed), a reader of
 * the row's body (the resource descriptor's field table, resource.h, when the kind has one), the
 * kind's own row checks, the lookups and insert of a row, the audit action and the row cap. One
 * handler (import_handle) serves the dry run and the import of every kind: the body is CSV
 * (UTF-8 or GB18030) or an .xlsx workbook (import_read_body), every bad row is reported by row,
 * column and code, and any error imports nothing. */

struct resource;
struct import_run;

enum import_cell {
	IMPORT_TEXT,   /* text without control characters, at most `max` characters (0: no cap here)
			*/
	IMPORT_LABEL,  /* a code given by its Chinese label (or the code itself); empty gives `def`
			*/
	IMPORT_COUNT,  /* a whole number 0..max */
	IMPORT_NUMBER, /* a decimal number (a JSON number in the row's body) */
	IMPORT_DATE,   /* "YYYY-MM-DD", or a spreadsheet's date serial (an .xlsx date cell) */
};

/* Column flags. */
#define IMPORT_REQUIRED 1u /* every row must give a value */
#define IMPORT_HEADER 2u   /* the header row must have the column */
#define IMPORT_REF 4u	   /* names another record: the kind's insert looks it up (not a member) */

struct import_column {
	const char *header; /* the Chinese header (what the export writes) */
	const char *name;   /* the English header, accepted too: the body member the cell fills */
	enum import_cell type;
	unsigned flags;
	size_t max;			  /* text: most characters (0: none here); count: largest */
	const struct export_label *codes; /* IMPORT_LABEL: the code list (labels.c) */
	const char *def;		  /* IMPORT_LABEL: the code of an empty cell (NULL: none) */
};

/* Most columns a descriptor has. */
#define IMPORT_MAX_COLUMNS 32

/* One data row while it is checked and written. */
struct import_row {
	size_t row;			      /* the spreadsheet's row number (the header is 1) */
	const char *s[IMPORT_MAX_COLUMNS];    /* trimmed text of each column, NULL when empty */
	const char *code[IMPORT_MAX_COLUMNS]; /* IMPORT_LABEL columns: the code (or def) */
	char date[IMPORT_MAX_COLUMNS][16];    /* IMPORT_DATE columns given as a serial */
	unsigned long long failed;	      /* bit c: column c has an error already */
	size_t nerrors_before;		      /* the run's error count when the row began */
	json_t *body;		/* kinds with a resource: the row as a create's body */
	const char *values[40]; /* kinds with a resource: its read's values */
	_Alignas(max_align_t) char scratch[512]; /* the resource's read hook's room */
};

struct import_desc {
	const struct import_column *columns; /* ends with a NULL header */
	/* The kind's resource descriptor (resource.h): the row's members are read through its
	 * field table (res_read, or its read hook: a risk is graded exactly as a create grades
	 * it), errors named by member mapped back to columns. NULL: the cells alone. */
	const struct resource *resource;
	/* Header rules beyond IMPORT_HEADER (one of two columns). NULL: none. */
	void (*header)(struct import_run *r);
	/* The kind's checks of a row that need no database, after the cells' (and before the
	 * resource's read; it may add members to v->body). NULL: none. */
	void (*check)(struct import_run *r, struct import_row *v);
	/* Looks up what the row names and inserts it (import_insert). Returns 0 (row errors added
	 * when refused), or -1 when the database failed. */
	int (*insert)(struct import_run *r, struct import_row *v);
	const char *audit_action, *audit_type; /* the audit entry of a done import */
	size_t max_rows;		       /* most data rows (at most IMPORT_MAX_ROWS) */
};

/* A cached lookup of a record a row names. */
struct import_ref {
	char *key;
	int found;   /* 1 found, 0 not found, 2 several */
	char id[37]; /* column 0 of the one row */
	char flag;   /* column 1 of the one row: 't', 'f' or 0 when none */
};

struct import_run {
	const struct import_desc *d;
	struct http_req *req;	     /* NULL in the offline checks */
	json_t *errors;		     /* listed problems (at most IMPORT_MAX_ERRORS) */
	size_t nerrors;		     /* all problems, listed or not */
	int col[IMPORT_MAX_COLUMNS]; /* field index of each column, -1 when absent */
	size_t ncols;
	struct import_ref *refs;
	size_t nrefs, cap_refs;
	char **seen; /* values a kind keeps to find duplicates within the file */
	size_t nseen, cap_seen;
};

/* Adds a row error naming column c (-1: none). */
void import_error(struct import_run *r, struct import_row *v, int c, const char *code,
		  const char *reason);

/* Whether the header has column c. */
int import_has_column(const struct import_run *r, int c);

/* Whether `value` was seen in an earlier row (and remembers it). */
int import_seen(struct import_run *r, const char *value);

/* Looks `key` up by statement `stmt` ($1 key, $2 `extra` or else the caller's subtree, then the
 * subtree when `extra` is given), once per distinct key and statement. Returns the cached
 * result or NULL when the database failed. */
const struct import_ref *import_lookup(struct import_run *r, const char *stmt, const char *key,
				       const char *extra);

/* A refusal of the database mapped to a row error: constraint name, column, code, reason. */
struct import_constraint {
	const char *name;
	int col;
	const char *code, *reason;
};

/* Runs `stmt` under a savepoint: a refusal by a listed constraint (or another data error)
 * becomes the row's error and is rolled back. Returns 0, or -1 when the database failed. */
int import_insert(struct import_run *r, struct import_row *v, const char *stmt, int n,
		  const char *const *values, const struct import_constraint *map);

/* The checks that need no database over CSV text parsed in place (len bytes with room for one
 * more): every row is checked but for what the kind looks up. Appends the row errors to
 * `errors` (borrowed). Returns the number of data rows, or -1 when the text does not parse,
 * has no header or too many rows. The CSV and XLSX fuzzers run it. */
long import_check(const struct import_desc *d, char *text, size_t len, json_t *errors);

/* POST /.../import?dry_run=true|false for descriptor d. */
int import_handle(struct http_req *req, const struct import_desc *d);

/* --- the kinds ------------------------------------------------------------------------------ */

/* Institutions (api/registry/institution_import.c). */
extern const struct import_desc institution_import;

/* import_check over the institution import (what the fuzzers and unit tests call). */
long import_check_offline(char *text, size_t len, json_t *errors);

/* Handler: POST /institutions/import?dry_run=true|false. */
int import_institutions(struct http_req *req);

/* Risks (api/supervision/risk_import.c). */
extern const struct import_desc risk_import;

/* Handler: POST /risks/import?dry_run=true|false. */
int import_risks(struct http_req *req);

#endif
