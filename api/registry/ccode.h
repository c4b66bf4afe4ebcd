/* 统一社会信用代码 (unified social credit code, GB 32100-2015): shape and check character. */
#ifndef ANQUAN_CCODE_H
#define ANQUAN_CCODE_H

/* The 31 characters a code may use (no I, O, S, V, Z), in value order 0..30. */
#define CCODE_CHARSET "0123456789ABCDEFGHJKLMNPQRTUWXY"

enum ccode_result {
	CCODE_OK = 0,
	CCODE_FORMAT,	/* not 18 characters of the right kinds in the right places */
	CCODE_CHECKSUM, /* well formed, but the 18th character is not the check character */
};

/* The check character for the first 17 characters of `code` (which must be charset characters),
 * or '\0' when one is not. This function can't fail otherwise. */
char ccode_check_char(const char *code);

/* Checks `code`: CCODE_OK, CCODE_FORMAT or CCODE_CHECKSUM. NULL is CCODE_FORMAT. */
enum ccode_result ccode_validate(const char *code);

#endif
