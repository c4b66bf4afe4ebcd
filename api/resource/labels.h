/* The codes of the supervision data and their Chinese names, for exports and imports (the SPA
 * has its own catalogue). Each list ends with {NULL, NULL}. */
#ifndef ANQUAN_LABELS_H
#define ANQUAN_LABELS_H

#include "export.h"

extern const struct export_label labels_institution_type[];
extern const struct export_label labels_institution_grade[];
extern const struct export_label labels_ownership[];
extern const struct export_label labels_location_kind[];
extern const struct export_label labels_project_status[];
extern const struct export_label labels_risk_category[];
extern const struct export_label labels_risk_grade[];
extern const struct export_label labels_risk_method[];
extern const struct export_label labels_control_level[];
extern const struct export_label labels_inspection_type[];
extern const struct export_label labels_inspection_status[];
extern const struct export_label labels_result[];

/* The code whose label is `label` (exact match), or NULL. Borrowed. For imports. */
const char *labels_code(const struct export_label *labels, const char *label);

/* Every code list by name (the one source the SQL checks, the OpenAPI enums, the SPA's codes and
 * both catalogues are tested against: tests/api/code-lists.test.mjs). */
struct labels_list {
	const char *name;
	const struct export_label *labels;
};
extern const struct labels_list labels_lists[];

/* The codes of a list as a NULL-terminated array for v_enum (static storage, built on first use;
 * call once at start from one thread: labels_init). */
void labels_init(void);
const char *const *labels_codes(const struct export_label *labels);

#endif
