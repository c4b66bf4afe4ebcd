/* The CSV import's row checks that need no database (import_check_offline): each bad cell is
 * named by row and column, and a NUL byte never cuts a value short unnoticed. */
#include "../unit.h"
#include "import.h"
#include "labels.h"

#include <stdlib.h>

#define HEADER "上级机构区划代码,机构名称,统一社会信用代码,机构类别\r\n"

/* The errors of checking `len` bytes of `csv` as "row|column|code" lines; caller frees. */
static char *check(const char *csv, size_t len, long *rows)
{
	json_t *errors = json_array(), *e;
	char *buf = malloc(len + 1), *out = calloc(1, 4096);
	size_t i, n = 0;

	memcpy(buf, csv, len);
	*rows = import_check_offline(buf, len, errors);
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

void unit_import(void)
{
	labels_init();
	a_nul_byte_refuses_the_row_naming_its_column();
	a_nul_byte_in_a_header_is_refused();
	control_characters_del_and_c1_are_refused_in_text();
	a_good_row_passes();
}
