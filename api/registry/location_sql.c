/* SQL of the key location (重点部位) and construction project (施工项目) endpoints. Both belong
 * to an institution and carry its org id and path, copied on insert. Every statement takes the
 * caller's subtree as an explicit ltree parameter beside row-level security. */
#include "db.h"
#include "institution.h"

/* The KeyLocation representation; _archived is the institution's, for the handler. */
#define KL_COLUMNS                                                                                 \
	"k.id, k.institution_id, k.kind, k.name, k.duty_24h, k.note, k.archived, k.created_at, "   \
	"k.updated_at, k.version, i.archived AS _archived "
#define KL_FROM "FROM key_locations k JOIN institutions i ON i.id = k.institution_id "

/* The Project representation: unpermitted is the 打非治违 case (under way without a permit). */
#define PJ_COLUMNS                                                                                 \
	"c.id, c.institution_id, o.name AS institution_name, c.name, c.contractor, "               \
	"c.construction_permit, c.other_permits, c.start_date, c.end_date, c.status, "             \
	"(c.status = 'under_way' AND c.construction_permit IS NULL) AS unpermitted, "              \
	"c.archived, c.created_at, c.updated_at, c.version, i.archived AS _archived "
#define PJ_FROM                                                                                    \
	"FROM construction_projects c JOIN institutions i ON i.id = c.institution_id "             \
	"JOIN orgs o ON o.id = i.org_id "

/* GET /projects/unpermitted: $1 root path, $2 scope; records not archived. */
#define PJ_UNPERMITTED_WHERE                                                                       \
	"WHERE c.status = 'under_way' AND c.construction_permit IS NULL "                          \
	"AND c.org_path <@ $1::ltree AND c.org_path <@ $2::ltree AND NOT i.archived "              \
	"AND NOT c.archived "

const struct db_statement location_sql[] = {
    /* location_get (and every key location write's answer). */
    {"location_get", "SELECT " KL_COLUMNS KL_FROM "WHERE k.id = $1 AND k.org_path <@ $2::ltree"},
    /* location_patch, location_delete: locked. */
    {"location_get_locked",
     "SELECT " KL_COLUMNS KL_FROM "WHERE k.id = $1 AND k.org_path <@ $2::ltree FOR UPDATE OF k"},
    /* location_list: one page of institution $1's key locations in name order; $3 kind, $4/$5
     * the cursor (name, id), $6 the page size plus one. */
    {"location_list", "SELECT " KL_COLUMNS ", k.name AS _k " KL_FROM
		      "WHERE k.institution_id = $1 AND k.org_path <@ $2::ltree AND NOT k.archived "
		      "AND ($3::text IS NULL OR k.kind = $3::text) "
		      "AND ($5::uuid IS NULL OR (k.name, k.id) > ($4::text, $5::uuid)) "
		      "ORDER BY k.name, k.id LIMIT $6::int"},
    /* location_list: the count over all pages. */
    {"location_list_count",
     "SELECT count(*) AS total FROM key_locations k WHERE k.institution_id = $1 "
     "AND k.org_path <@ $2::ltree AND NOT k.archived AND ($3::text IS NULL OR k.kind = $3::text)"},
    /* location_create: the institution's org id and path are copied. */
    {"location_insert",
     "INSERT INTO key_locations (id, institution_id, org_id, org_path, kind, name, duty_24h, note) "
     "SELECT coalesce($7::uuid, gen_random_uuid()), i.id, i.org_id, i.org_path, $3, $4, "
     "$5::boolean, $6 FROM institutions i "
     "WHERE i.id = $1 AND i.org_path <@ $2::ltree RETURNING id"},
    /* location_patch: every editable field (merged by the handler). */
    {"location_update",
     "UPDATE key_locations SET kind = $3, name = $4, duty_24h = $5::boolean, note = $6, "
     "version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree RETURNING id"},
    /* location_delete (rest_archive): archived, never deleted. */
    {"location_archive",
     "UPDATE key_locations SET archived = true, version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree RETURNING id"},

    /* project_get (and every project write's answer). */
    {"project_get", "SELECT " PJ_COLUMNS PJ_FROM "WHERE c.id = $1 AND c.org_path <@ $2::ltree"},
    /* project_patch, project_delete: locked. */
    {"project_get_locked",
     "SELECT " PJ_COLUMNS PJ_FROM "WHERE c.id = $1 AND c.org_path <@ $2::ltree FOR UPDATE OF c"},
    /* project_list: one page of institution $1's projects in name order; $3 status, $4/$5 the
     * cursor (name, id), $6 the page size plus one. */
    {"project_list", "SELECT " PJ_COLUMNS ", c.name AS _k " PJ_FROM
		     "WHERE c.institution_id = $1 AND c.org_path <@ $2::ltree AND NOT c.archived "
		     "AND ($3::text IS NULL OR c.status = $3::text) "
		     "AND ($5::uuid IS NULL OR (c.name, c.id) > ($4::text, $5::uuid)) "
		     "ORDER BY c.name, c.id LIMIT $6::int"},
    /* project_list: the count over all pages. */
    {"project_list_count",
     "SELECT count(*) AS total FROM construction_projects c WHERE c.institution_id = $1 "
     "AND c.org_path <@ $2::ltree AND NOT c.archived AND ($3::text IS NULL OR c.status = "
     "$3::text)"},
    /* project_create: the institution's org id and path are copied. */
    {"project_insert",
     "INSERT INTO construction_projects (id, institution_id, org_id, org_path, name, contractor, "
     "construction_permit, other_permits, start_date, end_date, status) "
     "SELECT coalesce($10::uuid, gen_random_uuid()), i.id, i.org_id, i.org_path, $3, $4, $5, $6, "
     "$7::date, $8::date, $9 "
     "FROM institutions i WHERE i.id = $1 AND i.org_path <@ $2::ltree RETURNING id"},
    /* project_patch: every editable field (merged by the handler). */
    {"project_update",
     "UPDATE construction_projects SET name = $3, contractor = $4, construction_permit = $5, "
     "other_permits = $6, start_date = $7::date, end_date = $8::date, status = $9, "
     "version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree RETURNING id"},
    /* project_delete (rest_archive): archived, never deleted. */
    {"project_archive",
     "UPDATE construction_projects SET archived = true, version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree RETURNING id"},
    /* project_unpermitted: one page of the 打非治违 list in institution name order; $3/$4 the
     * cursor (institution name, id), $5 the page size plus one. */
    {"project_unpermitted", "SELECT " PJ_COLUMNS ", o.name AS _k " PJ_FROM PJ_UNPERMITTED_WHERE
			    "AND ($4::uuid IS NULL OR (o.name, c.id) > ($3::text, $4::uuid)) "
			    "ORDER BY o.name, c.id LIMIT $5::int"},
    /* project_unpermitted: the count over all pages. */
    {"project_unpermitted_count", "SELECT count(*) AS total " PJ_FROM PJ_UNPERMITTED_WHERE},
    /* project_unpermitted_export: every match up to $3, with the institution's address. */
    {"project_unpermitted_export",
     "SELECT " PJ_COLUMNS
     ", i.address AS _address, i.credit_code AS _credit_code " PJ_FROM PJ_UNPERMITTED_WHERE
     "ORDER BY o.name, c.id LIMIT $3::int"},
    {NULL, NULL},
};
