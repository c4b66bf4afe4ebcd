/* A minimal test harness for the C unit tests: CHECK records a failure and goes on. */
#ifndef ANQUAN_UNIT_H
#define ANQUAN_UNIT_H

#include <stdio.h>
#include <string.h>

extern int unit_passed, unit_failed;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (cond) {                                                                        \
			unit_passed++;                                                             \
		} else {                                                                           \
			unit_failed++;                                                             \
			fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);            \
		}                                                                                  \
	} while (0)

#define CHECK_STR(a, b) CHECK((a) != NULL && strcmp((a), (b)) == 0)

void unit_router(void);
void unit_http(void);
void unit_dbjson(void);
void unit_accesslog(void);
void unit_static(void);
void unit_token(void);
void unit_openapi_roles(void);
void unit_workflow_openapi(void);
void unit_risk_grade(void);
void unit_ccode(void);
void unit_import(void);
void unit_xlsx(void);
void unit_list(void);
void unit_attachment(void);
void unit_campaign_parts(void);
void unit_notice_qr(void);
void unit_db(void);
void unit_principal_cache(void);

#endif
