/* Roles and what each may do. README shows this table; a unit test checks the OpenAPI document
 * (x-anquan-permission, x-anquan-roles of every operation) against it. */
#include "roles.h"

#include <string.h>

#define P(x) (1u << (x))

/* Reading the org tree and the three supervision databases. */
#define READS                                                                                      \
	(P(PERM_ORG_READ) | P(PERM_INSTITUTION_READ) | P(PERM_RISK_READ) |                         \
	 P(PERM_INSPECTION_READ) | P(PERM_CHECKLIST_READ) | P(PERM_HAZARD_READ) |                  \
	 P(PERM_ATTACHMENT_READ) | P(PERM_CAMPAIGN_READ))
/* Keeping the supervision data: institution records, risks, inspections. */
#define DATA_WRITES                                                                                \
	(P(PERM_INSTITUTION_WRITE) | P(PERM_RISK_WRITE) | P(PERM_INSPECTION_WRITE) |               \
	 P(PERM_HAZARD_WRITE) | P(PERM_ATTACHMENT_WRITE))

const struct role_def roles_table[] = {
    {"admin", 5,
     P(PERM_SELF) | READS | P(PERM_ORG_WRITE) | P(PERM_USER_READ) | P(PERM_USER_WRITE) |
	 P(PERM_CLIENT_READ) | P(PERM_CLIENT_WRITE) | P(PERM_AUDIT_READ) | DATA_WRITES |
	 P(PERM_CHECKLIST_WRITE) | P(PERM_CAMPAIGN_WRITE) | P(PERM_REPORT_WRITE)},
    /* A leader reads, and signs off the rectification of a major hazard (with a drawn
       signature uploaded as an attachment). */
    {"leader", 4,
     P(PERM_SELF) | READS | P(PERM_USER_READ) | P(PERM_AUDIT_READ) | P(PERM_HAZARD_SIGN) |
	 P(PERM_ATTACHMENT_WRITE)},
    {"inspector", 3,
     P(PERM_SELF) | READS | DATA_WRITES | P(PERM_CAMPAIGN_WRITE) | P(PERM_REPORT_WRITE)},
    {"safety_officer", 2, P(PERM_SELF) | READS | DATA_WRITES | P(PERM_REPORT_WRITE)},
    {"viewer", 1, P(PERM_SELF) | READS},
    /* API clients: a read scope reads; read-write will also write the supervision data. */
    {"client_read", 0, READS},
    {"client_rw", 0, READS | DATA_WRITES},
    {NULL, 0, 0},
};

static const char *const perm_names[PERM_COUNT] = {
    [PERM_PUBLIC] = "public",
    [PERM_SELF] = "self",
    [PERM_ORG_READ] = "org:read",
    [PERM_ORG_WRITE] = "org:write",
    [PERM_USER_READ] = "user:read",
    [PERM_USER_WRITE] = "user:write",
    [PERM_CLIENT_READ] = "client:read",
    [PERM_CLIENT_WRITE] = "client:write",
    [PERM_AUDIT_READ] = "audit:read",
    [PERM_INSTITUTION_READ] = "institution:read",
    [PERM_INSTITUTION_WRITE] = "institution:write",
    [PERM_RISK_READ] = "risk:read",
    [PERM_RISK_WRITE] = "risk:write",
    [PERM_INSPECTION_READ] = "inspection:read",
    [PERM_INSPECTION_WRITE] = "inspection:write",
    [PERM_CHECKLIST_READ] = "checklist:read",
    [PERM_CHECKLIST_WRITE] = "checklist:write",
    [PERM_HAZARD_READ] = "hazard:read",
    [PERM_HAZARD_WRITE] = "hazard:write",
    [PERM_HAZARD_SIGN] = "hazard:sign",
    [PERM_ATTACHMENT_READ] = "attachment:read",
    [PERM_ATTACHMENT_WRITE] = "attachment:write",
    [PERM_CAMPAIGN_READ] = "campaign:read",
    [PERM_CAMPAIGN_WRITE] = "campaign:write",
    [PERM_REPORT_WRITE] = "report:write",
};

const struct role_def *roles_find(const char *name)
{
	const struct role_def *r;

	if (name == NULL)
		return NULL;
	for (r = roles_table; r->name != NULL; r++) {
		if (strcmp(r->name, name) == 0)
			return r;
	}
	return NULL;
}

int roles_allows(const struct role_def *role, enum perm p)
{
	if (p == PERM_PUBLIC)
		return 1;
	return role != NULL && (role->perms & P(p)) != 0;
}

const char *roles_perm_name(enum perm p)
{
	return (p >= 0 && p < PERM_COUNT && perm_names[p] != NULL) ? perm_names[p] : "unknown";
}
