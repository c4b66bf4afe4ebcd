/* A list page's rows written as text (dbjson_row_cols) against the objects dbjson_row builds:
 * the same members, values and order, for every column type and for the bytes a string may hold. */
#include "../unit.h"
#include "dbjson.h"

#include <stdlib.h>

#define OID_BOOL 16
#define OID_INT8 20
#define OID_INT4 23
#define OID_TEXT 25
#define OID_JSON 114
#define OID_FLOAT8 701
#define OID_UUID 2950
#define OID_TIMESTAMPTZ 1184
#define OID_NUMERIC 1700
#define OID_JSONB 3802

struct col {
	const char *name;
	unsigned int type;
};

/* A result of one row per entry of `rows` (NULL values are SQL NULL), as libpq would hand it over.
 */
static PGresult *result(const struct col *cols, int ncols, const char *const *rows, int nrows)
{
	PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	PGresAttDesc attrs[16];
	int c, r;

	memset(attrs, 0, sizeof(attrs));
	for (c = 0; c < ncols; c++) {
		attrs[c].name = (char *)cols[c].name;
		attrs[c].typid = cols[c].type;
		attrs[c].typlen = -1;
		attrs[c].atttypmod = -1;
	}
	if (res == NULL || !PQsetResultAttrs(res, ncols, attrs))
		return res;
	for (r = 0; r < nrows; r++)
		for (c = 0; c < ncols; c++) {
			const char *v = rows[r * ncols + c];
			PQsetvalue(res, r, c, (char *)v, v != NULL ? (int)strlen(v) : -1);
		}
	return res;
}

/* Row `row` written as text, or NULL. */
static char *as_text(const PGresult *res, int row, const json_t *extra)
{
	struct jbuf b = {NULL, 0, 0, 0};
	struct dbjson_cols cols;

	if (dbjson_cols_init(&cols, res) != 0)
		return NULL;
	dbjson_row_cols(&b, res, &cols, row, extra);
	dbjson_cols_free(&cols);
	if (b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

static void rows_read_as_dbjson_row_writes_them(void)
{
	static const struct col cols[] = {
	    {"id", OID_UUID},	    {"name", OID_TEXT},	     {"active", OID_BOOL},
	    {"beds", OID_INT4},	    {"big", OID_INT8},	     {"longitude", OID_FLOAT8},
	    {"score", OID_NUMERIC}, {"at", OID_TIMESTAMPTZ}, {"_org_path", OID_TEXT},
	};
	static const char *const rows[] = {
	    "9fda1a93-26c7-492b-9abf-78a62bbc2a3b",
	    "长春市第1区县口腔医院（10296号）",
	    "t",
	    "370",
	    "9007199254740993",
	    "125.323456",
	    "0.5000",
	    "2026-11-23 18:30:00.123456+00",
	    "60.61.70",
	    /* quotes, backslashes, every kind of control character, a slash, DEL */
	    "0b8f1e7a-0000-4000-8000-000000000001",
	    "a\"b\\c\n\r\t\b\f\x01\x1f/\x7f 🙂",
	    "f",
	    "-5",
	    "-9223372036854775808",
	    "0.30000000000000004",
	    "12",
	    "2026-01-01 00:00:00+00",
	    "x",
	    /* NULLs, reals that read as integers, one past 15 digits, not a number */
	    NULL,
	    NULL,
	    NULL,
	    NULL,
	    NULL,
	    "1",
	    "123456789012345678",
	    "2026-01-01 00:00:00.5+00",
	    NULL,
	    "0b8f1e7a-0000-4000-8000-000000000002",
	    "",
	    "t",
	    "0",
	    "0",
	    "NaN",
	    "-0.000001",
	    "x",
	    "",
	};
	int ncols = (int)(sizeof(cols) / sizeof(cols[0]));
	int nrows = (int)(sizeof(rows) / sizeof(rows[0])) / ncols, r;
	PGresult *res = result(cols, ncols, rows, nrows);

	CHECK(res != NULL && PQntuples(res) == nrows);
	for (r = 0; res != NULL && r < PQntuples(res); r++) {
		json_t *obj = dbjson_row(res, r);
		char *want = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(15));
		char *got = as_text(res, r, NULL);

		/* byte for byte what json_dumps wrote of the row's object */
		CHECK(want != NULL && got != NULL && strcmp(want, got) == 0);
		if (want != NULL && got != NULL && strcmp(want, got) != 0)
			fprintf(stderr, "  row %d\n  want %s\n  got  %s\n", r, want, got);
		free(want);
		free(got);
		json_decref(obj);
	}
	PQclear(res);
}

static void json_columns_and_extras_read_the_same(void)
{
	static const struct col cols[] = {
	    {"principal", OID_JSONB}, {"contacts", OID_JSON}, {"_k0", OID_TEXT}};
	static const char *const rows[] = {
	    "{\"name\": \"负责人10437\", \"phone\": \"0431-0010437\"}",
	    "[1, 2.5, {\"a\": null}]",
	    "k",
	    "[]",
	    "{}",
	    NULL,
	    NULL,
	    "\"a\\u0001\\\"b\"",
	    "k",
	};
	PGresult *res = result(cols, 3, rows, 3);
	json_t *extra =
	    json_pack("{s:[s,s], s:b}", "allowed_actions", "update", "archive", "read", 1);
	int r;

	for (r = 0; res != NULL && r < PQntuples(res); r++) {
		json_t *want = dbjson_row(res, r), *got = NULL;
		char *text = as_text(res, r, extra);
		const char *key;
		json_t *v;

		json_object_foreach(extra, key, v) json_object_set(want, key, v);
		if (text != NULL)
			got = json_loads(text, 0, NULL);
		/* PostgreSQL's own json text is kept (its spacing), so compared as values */
		CHECK(got != NULL && json_equal(want, got));
		CHECK(got != NULL && json_object_get(got, "_k0") == NULL);
		free(text);
		json_decref(want);
		json_decref(got);
	}
	json_decref(extra);
	PQclear(res);
}

static void a_buffer_grows_and_keeps_every_byte(void)
{
	struct jbuf b = {NULL, 0, 0, 0};
	char chunk[1000];
	int i;

	memset(chunk, 'x', sizeof(chunk));
	for (i = 0; i < 100; i++)
		jbuf_put(&b, chunk, sizeof(chunk));
	CHECK(!b.failed && b.len == 100000 && b.s[99999] == 'x' && b.s[100000] == '\0');
	jbuf_json(&b, NULL);
	CHECK(b.len == 100004 && strcmp(b.s + 100000, "null") == 0);
	free(b.s);
}

/* Numerics as PostgreSQL writes them, through the short way (a plain decimal of up to 15
 * significant digits, its exponent from -4 to 14) and the long one (strtod and printf) alike:
 * each byte for byte what json_dumps writes of the real. */
static void numerics_read_as_json_dumps_writes_them(void)
{
	static const char *const fixed[] = {
	    "0",
	    "-0",
	    "0.000",
	    "-0.00",
	    "1",
	    "10",
	    "120.00",
	    "6.5",
	    "-3.10",
	    "0.5000",
	    "0.0001",
	    "0.00010",
	    "0.00001",
	    "-0.000012",
	    "123456789012345",
	    "1234567890123456",
	    "999999999999999.9",
	    "99999999999999.9",
	    "0.123456789012345",
	    "0.1234567890123456",
	    "12345.6789012345",
	    "1e5",
	    "1.5E+3",
	    "+1",
	    "01",
	    ".5",
	    "5.",
	    "1.2.3",
	    "NaN",
	    "Infinity",
	    "-Infinity",
	    "",
	    "-",
	    "12a",
	};
	static const struct col cols[] = {{"n", OID_NUMERIC}};
	char text[64], *got, *want;
	int i, bad = 0;

	for (i = 0; i < (int)(sizeof(fixed) / sizeof(fixed[0])) + 4000; i++) {
		const char *v = text;
		PGresult *res;
		json_t *obj;

		if (i < (int)(sizeof(fixed) / sizeof(fixed[0])))
			v = fixed[i];
		else {
			/* a sign, 0 to 17 integer digits, a scale of 0 to 8, from a fixed seed */
			int k = i * 7919, digits = k % 18, scale = (k / 18) % 9, n = 0, d;
			if (k % 5 == 0)
				text[n++] = '-';
			if (digits == 0)
				text[n++] = '0';
			for (d = 0; d < digits; d++)
				text[n++] =
				    (char)('0' + (d == 0 ? 1 + (k / 7) % 9 : (k / (d + 3)) % 10));
			if (scale > 0) {
				text[n++] = '.';
				for (d = 0; d < scale; d++)
					text[n++] =
					    (char)('0' + (k / (d + 11)) % 10 * (d % 3 != 1));
			}
			text[n] = '\0';
		}
		res = result(cols, 1, &v, 1);
		obj = dbjson_row(res, 0);
		want = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(15));
		got = as_text(res, 0, NULL);
		if (want == NULL || got == NULL || strcmp(want, got) != 0) {
			if (bad++ < 5)
				fprintf(stderr, "  numeric %s: want %s got %s\n", v, want, got);
		}
		free(want);
		free(got);
		json_decref(obj);
		PQclear(res);
	}
	CHECK(bad == 0);
}

/* Strings built from pieces that need an escape and pieces that do not (ASCII, two-, three- and
 * four-byte UTF-8), so that each escape falls at every place in and across the eight-byte words
 * the scan reads at once; and timestamps with and without their fraction. A page of them is
 * written with its keys worked out once (dbjson_row_cols, as a list page is), each row byte for
 * byte what json_dumps writes of dbjson_row's object. */
static void strings_and_timestamps_on_a_page_read_as_json_dumps_writes_them(void)
{
	static const char *const pieces[] = {"a", "\"", "\\",	"\x01", "\x1f", "\n",	"\t",
					     "é", "中", "🙂", "/",	" ",	"\x7f", "abcdefg"};
	static const char *const stamps[] = {
	    "2026-11-23 18:30:00+00",	 "2026-11-23 18:30:00.1+00",
	    "2026-11-23 18:30:00.12+00", "2026-11-23 18:30:00.123456+00",
	    "2026-11-23 18:30:00.+00",	 "infinity",
	    "2026-11-23 18:30:00",
	};
	static const struct col cols[] = {
	    {"s", OID_TEXT}, {"na\"me", OID_TEXT}, {"at", OID_TIMESTAMPTZ}, {"_k0", OID_TEXT}};
	enum { ROWS = 600 };
	static char text[ROWS][160];
	const char *rows[ROWS * 4];
	struct dbjson_cols c;
	struct jbuf page = {NULL, 0, 0, 0};
	PGresult *res;
	int r, bad = 0;

	for (r = 0; r < ROWS; r++) {
		/* a run of r % 17 plain bytes, then pieces chosen from a fixed seed */
		int k = r * 7919, n = 0, i, run = r % 17;
		for (i = 0; i < run; i++)
			text[r][n++] = (char)('A' + i);
		for (i = 0; i < 1 + (k / 17) % 9; i++) {
			const char *p =
			    pieces[(k / (i + 5) + i) % (sizeof(pieces) / sizeof(pieces[0]))];
			memcpy(text[r] + n, p, strlen(p));
			n += (int)strlen(p);
		}
		text[r][n] = '\0';
		rows[r * 4] = text[r];
		rows[r * 4 + 1] = text[(r + 1) % ROWS];
		rows[r * 4 + 2] =
		    r % 11 == 10 ? NULL : stamps[r % (sizeof(stamps) / sizeof(stamps[0]))];
		rows[r * 4 + 3] = "k";
	}
	/* row r's second column is row r + 1's string: read by result(), once all are built */
	res = result(cols, 4, rows, ROWS);
	CHECK(res != NULL && PQntuples(res) == ROWS);
	CHECK(res != NULL && dbjson_cols_init(&c, res) == 0);
	for (r = 0; res != NULL && r < PQntuples(res); r++) {
		json_t *obj = dbjson_row(res, r);
		char *want = json_dumps(obj, JSON_COMPACT | JSON_REAL_PRECISION(15));
		char *got = as_text(res, r, NULL);
		size_t at = page.len;

		dbjson_row_cols(&page, res, &c, r, NULL);
		if (want == NULL || got == NULL || strcmp(want, got) != 0 || page.failed ||
		    strlen(want) != page.len - at ||
		    memcmp(want, page.s + at, page.len - at) != 0) {
			if (bad++ < 5)
				fprintf(stderr, "  row %d\n  want %s\n  got  %s\n", r, want, got);
		}
		free(want);
		free(got);
		json_decref(obj);
	}
	CHECK(bad == 0);
	dbjson_cols_free(&c);
	free(page.s);
	PQclear(res);
}

void unit_dbjson(void)
{
	numerics_read_as_json_dumps_writes_them();
	rows_read_as_dbjson_row_writes_them();
	json_columns_and_extras_read_the_same();
	a_buffer_grows_and_keeps_every_byte();
	strings_and_timestamps_on_a_page_read_as_json_dumps_writes_them();
}
