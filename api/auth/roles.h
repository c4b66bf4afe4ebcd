/* Roles and what each may do: the one table every route's permission is checked against. */
#ifndef ANQUAN_ROLES_H
#define ANQUAN_ROLES_H

enum perm {
	PERM_PUBLIC = 0, /* no credentials needed */
	PERM_SELF,	 /* any signed-in user: own profile and password */
	PERM_ORG_READ,
	PERM_ORG_WRITE,
	PERM_USER_READ,
	PERM_USER_WRITE,
	PERM_CLIENT_READ,
	PERM_CLIENT_WRITE,
	PERM_AUDIT_READ,
	PERM_INSTITUTION_READ,
	PERM_INSTITUTION_WRITE,
	PERM_RISK_READ,
	PERM_RISK_WRITE,
	PERM_INSPECTION_READ,
	PERM_INSPECTION_WRITE,
	PERM_CHECKLIST_READ,
	PERM_CHECKLIST_WRITE,
	PERM_HAZARD_READ,
	PERM_HAZARD_WRITE,
	PERM_HAZARD_SIGN, /* a unit leader's sign-off of a major hazard's rectification */
	PERM_ATTACHMENT_READ,
	PERM_ATTACHMENT_WRITE,
	PERM_CAMPAIGN_READ,
	PERM_CAMPAIGN_WRITE, /* issue, adopt and amend campaigns: an administration's admin or
				inspector */
	PERM_REPORT_WRITE, /* create, edit and submit the caller's own org's report (信息报送) */
	PERM_COUNT
};

struct role_def {
	const char *name; /* "admin", ... ; API clients: "client_read", "client_rw" */
	int rank;	  /* users never grant a role ranked above their own */
	unsigned perms;	  /* bit (1u << perm) per permission */
};

/* Every role, terminated by a NULL name. Borrowed. */
extern const struct role_def roles_table[];

/* The role named `name`, or NULL. Borrowed. */
const struct role_def *roles_find(const char *name);

/* Whether `role` holds permission `p` (PERM_PUBLIC always). */
int roles_allows(const struct role_def *role, enum perm p);

/* The permission's name as in the OpenAPI document ("org:read"); never NULL. Borrowed. */
const char *roles_perm_name(enum perm p);

#endif
