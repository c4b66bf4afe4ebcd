/* The CSV import's row checks that need no database (import_check_offline): each bad cell is
 * named by row and column, and a NUL byte never cuts a value short unnoticed. */
#include "../unit.h"
#include "import.h"
#include "labels.h"

#include <stdlib.h>

#define HEADER "上级机构区划代码,机构名称,统一社会信用代码,机构类别\r\n"

/* The errors of checking `len` bytes of `csv` by descriptor `d` as "row|column|code" lines;
 * caller frees. */
static char *check_by(const struct import_desc *d, const char *csv, size_t len, long *rows)
{
	json_t *errors = json_array(), *e;
	char *buf = malloc(len + 1), *out = calloc(1, 4096);
	size_t i, n = 0;

	memcpy(buf, csv, len);
	*rows = import_check(d, buf, len, errors);
	json_array_foreach(errors, i, e)
	{
		n += (size_t)snprintf(out + n, 4096 - n, "%d|%s|%s\n",
				      (int)json_integer_value(json_object_get(e, "row")),
				      json_string_value(json_object_get(e, "column")),
				      json_string_value(json_object_get(e, "code")));
	}
	json_decref(errors);
	free(buf);
	return out;
}

/* The same over the institution import (what import_check_offline runs). */
static char *check(const char *csv, size_t len, long *rows)
{
	return check_by(&institution_import, csv, len, rows);
}

static void a_nul_byte_refuses_the_row_naming_its_column(void)
{
	static const char csv[] = HEADER "210102,坏<x>\0名尾巴,91210102MA0111110J,综合医院\r\n"
					 "210102,好,12210102MB12345679\0X,综合医院\r\n"
					 ",\0,,\r\n";
	long rows;
	char *got = check(csv, sizeof(csv) - 1, &rows);

	CHECK(rows == 3);
	CHECK_STR(got, "2|机构名称|format\n3|统一社会信用代码|format\n4|机构名称|format\n");
	free(got);
}

static void a_nul_byte_in_a_header_is_refused(void)
{
	static const char csv[] = "上级机构区划代码,机构名称\0x,统一社会信用代码,机构类别\r\n"
				  "210102,好,91210102MA0111110J,综合医院\r\n";
	long rows;
	char *got = check(csv, sizeof(csv) - 1, &rows);

	CHECK(rows == 1);
	CHECK_STR(got, "1|机构名称|format\n");
	free(got);
}

static void control_characters_del_and_c1_are_refused_in_text(void)
{
	static const char csv[] = HEADER "210102,甲\x7f,91210102MA0111110J,综合医院\r\n"
					 "210102,乙\xc2\x85,12210102MB12345679,综合医院\r\n"
					 "210102,丙\xc2\xa0医院,12210102MB12345679,综合医院\r\n";
	long rows;
	char *got = check(csv, sizeof(csv) - 1, &rows);

	/* U+00A0 (no-break space) is not a control character; the third row repeats a code. */
	CHECK(rows == 3);
	CHECK_STR(got, "2|机构名称|format\n3|机构名称|format\n4|统一社会信用代码|duplicate\n");
	free(got);
}

static void a_good_row_passes(void)
{
	static const char csv[] =
	    HEADER "210102,\"测试卫生院, 东院\",91210102MA0111110J,综合医院\r\n";
	long rows;
	char *got = check(csv, sizeof(csv) - 1, &rows);

	CHECK(rows == 1);
	CHECK_STR(got, "");
	free(got);
}

#define RISK_HEADER                                                                                                                     \
	"统一社会信用代码,风险名称,风险类别,评估方法,L（可能性）,E（暴露频率）,C（后果）,可能性," \
	"严重程度,复评日期\r\n"

/* The risk import reads each row through the risk descriptor (as a create): the LEC and matrix
 * tables, the other method's values refused, labels or codes, dates as text or serials. */
static void risk_rows_are_read_as_a_create_reads_them(void)
{
	static const char csv[] =
	    RISK_HEADER "91210102MA0111110J,好,火灾,LEC法,3,6,7,,,2027-06-30\r\n" /* 2 */
			"91210102MA0111110J,好,fire,matrix,,,,2,5,46461\r\n"	  /* 3 */
			"91210102MA0111110J,坏,火灾,LEC法,4,6,7,,,\r\n"		  /* 4 */
			"91210102MA0111110J,坏,火灾,风险矩阵法,3,,,2,,\r\n"	  /* 5 */
			",坏,地震,LEC法,3,6,x,,,2026-13-01\r\n"			  /* 6 */
			"91210102MA0111110J,,火灾,LEC法,3,6,7,,,\r\n"		  /* 7 */
			"91210102MA0111110J,坏,火灾,风险矩阵法,,,,2,,\r\n";	  /* 8 */
	long rows;
	char *got = check_by(&risk_import, csv, sizeof(csv) - 1, &rows);

	CHECK(rows == 7);
	CHECK_STR(got, "4|L（可能性）|enum\n"
		       "5|L（可能性）|not_allowed\n"
		       "6|风险类别|enum\n"
		       "6|C（后果）|format\n"
		       "6|统一社会信用代码|required\n"
		       "6|复评日期|format\n"
		       "7|风险名称|required\n"
		       "8|严重程度|required\n");
	free(got);
}

static void risk_headers_may_be_english_and_the_institution_is_required(void)
{
	static const char good[] = "institution_name,name,category,method,likelihood,severity\r\n"
				   "某医院,好,fire,matrix,1,1\r\n";
	static const char bad[] = "风险名称,风险类别\r\n好,火灾\r\n";
	long rows;
	char *got = check_by(&risk_import, good, sizeof(good) - 1, &rows);

	CHECK(rows == 1);
	CHECK_STR(got, "");
	free(got);
	got = check_by(&risk_import, bad, sizeof(bad) - 1, &rows);
	CHECK(rows == 1);
	CHECK_STR(got, "1|统一社会信用代码|required\n1|评估方法|required\n");
	free(got);
}

void unit_import(void)
{
	labels_init();
	a_nul_byte_refuses_the_row_naming_its_column();
	a_nul_byte_in_a_header_is_refused();
	control_characters_del_and_c1_are_refused_in_text();
	a_good_row_passes();
	risk_rows_are_read_as_a_create_reads_them();
	risk_headers_may_be_english_and_the_institution_is_required();
}
