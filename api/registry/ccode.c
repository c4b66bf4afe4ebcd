/* 统一社会信用代码 validation: 2 charset characters (registration authority and type), the 6-digit
 * division code, the 9-character organisation code, and the GB 32100-2015 check character. */
#include "ccode.h"

#include <string.h>

static const int weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* The value 0..30 of `c`, or -1 when it is not a charset character. */
static int value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(CCODE_CHARSET, c);
	return p != NULL ? (int)(p - CCODE_CHARSET) : -1;
}

char ccode_check_char(const char *code)
{
	int i, v, sum = 0, check;

	for (i = 0; i < 17; i++) {
		v = value(code[i]);
		if (v < 0)
			return '\0';
		sum += v * weights[i];
	}
	check = 31 - sum % 31;
	if (check == 31)
		check = 0;
	return CCODE_CHARSET[check];
}

enum ccode_result ccode_validate(const char *code)
{
	int i;

	if (code == NULL || strlen(code) != 18)
		return CCODE_FORMAT;
	for (i = 0; i < 18; i++) {
		if (value(code[i]) < 0)
			return CCODE_FORMAT;
		/* Positions 3-8 are the administrative division code: digits only. */
		if (i >= 2 && i < 8 && (code[i] < '0' || code[i] > '9'))
			return CCODE_FORMAT;
	}
	return ccode_check_char(code) == code[17] ? CCODE_OK : CCODE_CHECKSUM;
}
