/* Runs every C unit test group and prints the count (built with ASan and UBSan). */
#include "unit.h"

int unit_passed, unit_failed;

int main(void)
{
	unit_router();
	unit_http();
	unit_dbjson();
	unit_accesslog();
	unit_static();
	unit_token();
	unit_openapi_roles();
	unit_workflow_openapi();
	unit_risk_grade();
	unit_ccode();
	unit_import();
	unit_xlsx();
	unit_list();
	unit_attachment();
	unit_campaign_parts();
	unit_notice_qr();
	unit_db();
	unit_principal_cache();
	printf("unit: %d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed == 0 ? 0 : 1;
}
