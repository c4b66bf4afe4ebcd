/* 统一社会信用代码: real codes pass, a wrong check character is a checksum error, anything of the
 * wrong shape is a format error. */
#include "../unit.h"
#include "ccode.h"

static void real_codes_pass(void)
{
	static const char *const good[] = {
	    "91350100M000100Y43", /* the GB 32100 worked example */
	    "91110000802100433B", "12100000400000624D", "91440300708461136T", NULL,
	};
	int i;

	for (i = 0; good[i] != NULL; i++)
		CHECK(ccode_validate(good[i]) == CCODE_OK);
	CHECK(ccode_check_char("91350100M000100Y4") == '3');
	CHECK(ccode_check_char("12100000400000624") == 'D');
}

static void a_wrong_check_character_is_a_checksum_error(void)
{
	CHECK(ccode_validate("91350100M000100Y44") == CCODE_CHECKSUM);
	CHECK(ccode_validate("91110000802100433C") == CCODE_CHECKSUM);
	CHECK(ccode_validate("12100000400000624E") == CCODE_CHECKSUM);
	CHECK(ccode_validate("91310000MA1FL4T99E") == CCODE_CHECKSUM);
	/* Two characters swapped: the weights catch it. */
	CHECK(ccode_validate("91350100M001000Y43") == CCODE_CHECKSUM);
}

static void a_wrong_shape_is_a_format_error(void)
{
	CHECK(ccode_validate(NULL) == CCODE_FORMAT);
	CHECK(ccode_validate("") == CCODE_FORMAT);
	CHECK(ccode_validate("91350100M000100Y4") == CCODE_FORMAT);   /* 17 characters */
	CHECK(ccode_validate("91350100M000100Y433") == CCODE_FORMAT); /* 19 */
	CHECK(ccode_validate("91350100m000100Y43") == CCODE_FORMAT);  /* lower case */
	CHECK(ccode_validate("91350100I000100Y43") == CCODE_FORMAT);  /* I is not in the charset */
	CHECK(ccode_validate("913501O0M000100Y43") == CCODE_FORMAT);  /* O in the division code */
	CHECK(ccode_validate("9135A100M000100Y43") ==
	      CCODE_FORMAT); /* letter in the division code */
	CHECK(ccode_check_char("9135010SM000100Y4") == '\0');
}

void unit_ccode(void)
{
	real_codes_pass();
	a_wrong_check_character_is_a_checksum_error();
	a_wrong_shape_is_a_format_error();
}
