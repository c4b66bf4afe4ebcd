/* The .xlsx reader of the import (xlsx_to_csv): a workbook libxlsxwriter writes reads back as the
 * CSV the import parses (rows by number, shared strings, quotes, numbers), and a damaged, foreign
 * or oversized file (a zip bomb) is refused with a reason, never read past its bounds. */
#include "../unit.h"
#include "import.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zlib.h>

/* Reads a whole file into a new buffer. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, unsigned long v)
{
	put16(p, (unsigned)(v & 0xFFFF));
	put16(p + 2, (unsigned)(v >> 16));
}

/* A zip of one entry `name` holding `data` deflated (raw), claiming `claimed` bytes
 * uncompressed. Returns a new buffer of *len bytes. */
static unsigned char *one_entry_zip(const char *name, const unsigned char *data, size_t n,
				    unsigned long claimed, size_t *len)
{
	size_t nl = strlen(name), cap = compressBound((uLong)n) + 200 + 2 * nl, clen;
	unsigned char *z = calloc(1, cap), *c = malloc(cap);
	z_stream zs;
	size_t p = 0, cd;

	memset(&zs, 0, sizeof(zs));
	deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
	zs.next_in = (Bytef *)data;
	zs.avail_in = (uInt)n;
	zs.next_out = c;
	zs.avail_out = (uInt)cap;
	deflate(&zs, Z_FINISH);
	clen = cap - zs.avail_out;
	deflateEnd(&zs);
	put32(z, 0x04034b50);
	put16(z + 8, 8);
	put32(z + 18, clen);
	put32(z + 22, claimed);
	put16(z + 26, (unsigned)nl);
	memcpy(z + 30, name, nl);
	memcpy(z + 30 + nl, c, clen);
	p = 30 + nl + clen;
	cd = p;
	put32(z + p, 0x02014b50);
	put16(z + p + 10, 8);
	put32(z + p + 20, clen);
	put32(z + p + 24, claimed);
	put16(z + p + 28, (unsigned)nl);
	put32(z + p + 42, 0);
	memcpy(z + p + 46, name, nl);
	p += 46 + nl;
	put32(z + p, 0x06054b50);
	put16(z + p + 8, 1);
	put16(z + p + 10, 1);
	put32(z + p + 12, p - cd);
	put32(z + p + 16, cd);
	*len = p + 22;
	free(c);
	return z;
}

static void a_workbook_reads_back_as_csv(void)
{
	char path[] = "/tmp/anquan-unit-xlsx-XXXXXX";
	int fd = mkstemp(path);
	lxw_workbook *wb;
	lxw_worksheet *ws;
	unsigned char *zip;
	char *csv = NULL;
	const char *why = NULL;
	size_t len = 0, csv_len = 0;

	close(fd);
	wb = workbook_new(path);
	ws = workbook_add_worksheet(wb, NULL);
	worksheet_write_string(ws, 0, 0, "机构名称", NULL);
	worksheet_write_string(ws, 0, 2, "床位数", NULL);
	worksheet_write_string(ws, 1, 0, "say \"a\" & <b>, c", NULL);
	worksheet_write_number(ws, 1, 2, 120, NULL);
	worksheet_write_string(ws, 3, 1, "机构名称", NULL); /* a repeated shared string */
	CHECK(workbook_close(wb) == LXW_NO_ERROR);
	zip = slurp(path, &len);
	unlink(path);
	CHECK(zip != NULL);
	CHECK(xlsx_to_csv(zip, len, &csv, &csv_len, &why) == 0);
	CHECK_STR(csv, "\"机构名称\",,\"床位数\"\r\n\"say \"\"a\"\" & <b>, c\",,\"120\"\r\n\r\n,"
		       "\"机构名称\"\r\n");
	CHECK(csv != NULL && strlen(csv) == csv_len);
	free(csv);
	free(zip);
}

static void foreign_and_damaged_files_are_refused(void)
{
	static const unsigned char not_zip[] = "name,code\r\nA,1\r\n";
	static const char sheet[] =
	    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v>"
	    "</c></row></sheetData></worksheet>";
	unsigned char *zip;
	char *csv = NULL;
	const char *why = NULL;
	size_t len, i, csv_len;

	CHECK(xlsx_to_csv(not_zip, sizeof(not_zip) - 1, &csv, &csv_len, &why) == -1);
	CHECK(csv == NULL && why != NULL);
	/* A shared string that is not there. */
	zip = one_entry_zip("xl/worksheets/sheet1.xml", (const unsigned char *)sheet,
			    sizeof(sheet) - 1, sizeof(sheet) - 1, &len);
	why = NULL;
	CHECK(xlsx_to_csv(zip, len, &csv, &csv_len, &why) == -1);
	CHECK(why != NULL && strstr(why, "shared string") != NULL);
	/* Every truncation of it is refused or read within bounds (ASan watches). */
	free(zip);
	zip = one_entry_zip("xl/worksheets/sheet1.xml", (const unsigned char *)sheet,
			    sizeof(sheet) - 1, sizeof(sheet) - 1, &len);
	for (i = 0; i < len; i++) {
		unsigned char *cut = malloc(i + 1);
		memcpy(cut, zip, i);
		csv = NULL;
		CHECK(xlsx_to_csv(cut, i, &csv, &csv_len, &why) == -1);
		free(csv);
		free(cut);
	}
	free(zip);
}

static void a_zip_bomb_stops_at_the_cap(void)
{
	size_t n = 20u << 20, len;
	unsigned char *zeros = calloc(1, n), *zip;
	char *csv = NULL;
	const char *why = NULL;
	size_t csv_len;

	memcpy(zeros, "<worksheet><sheetData>", 22);
	/* It claims 100 bytes; it inflates to 20 MiB. */
	zip = one_entry_zip("xl/worksheets/sheet1.xml", zeros, n, 100, &len);
	CHECK(len < 100000);
	CHECK(xlsx_to_csv(zip, len, &csv, &csv_len, &why) == -1);
	CHECK(csv == NULL && why != NULL && strstr(why, "too large") != NULL);
	free(zip);
	free(zeros);
}

static void rows_and_columns_are_bounded(void)
{
	static const char far_row[] = "<worksheet><sheetData><row r=\"100001\"><c><v>1</v></c>"
				      "</row></sheetData></worksheet>";
	static const char far_col[] = "<worksheet><sheetData><row r=\"1\"><c r=\"BM1\"><v>1</v>"
				      "</c></row></sheetData></worksheet>";
	unsigned char *zip;
	char *csv = NULL;
	const char *why = NULL;
	size_t len, csv_len;

	zip = one_entry_zip("xl/worksheets/sheet1.xml", (const unsigned char *)far_row,
			    sizeof(far_row) - 1, sizeof(far_row) - 1, &len);
	CHECK(xlsx_to_csv(zip, len, &csv, &csv_len, &why) == -1);
	CHECK(why != NULL && strstr(why, "too many rows") != NULL);
	free(zip);
	zip = one_entry_zip("xl/worksheets/sheet1.xml", (const unsigned char *)far_col,
			    sizeof(far_col) - 1, sizeof(far_col) - 1, &len);
	CHECK(xlsx_to_csv(zip, len, &csv, &csv_len, &why) == -1);
	CHECK(why != NULL && strstr(why, "64th column") != NULL);
	free(zip);
}

void unit_xlsx(void)
{
	a_workbook_reads_back_as_csv();
	foreign_and_damaged_files_are_refused();
	a_zip_bomb_stops_at_the_cap();
	rows_and_columns_are_bounded();
}
