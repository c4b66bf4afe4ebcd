/* SQL of the hazard figures and of the import of a legacy hazard list. A period is one of days in
 * Asia/Shanghai on the date the hazard was found (发现时间); the figures are those of the hazards
 * found in it, as they stand now. */
#include "db.h"
#include "hazard_figures.h"
#include "todo.h"

/* Hazards of subtree $1 (scope $2) found within [$3, $4] (NULL = open), not archived. */
#define FIGURES_PERIOD                                                                             \
	"NOT h.archived AND h.org_path <@ $2::ltree "                                              \
	"AND ($3::date IS NULL OR h.found_at >= $3::date::timestamp AT TIME ZONE "                 \
	"'Asia/Shanghai') "                                                                        \
	"AND ($4::date IS NULL OR h.found_at < ($4::date + 1)::timestamp AT TIME ZONE "            \
	"'Asia/Shanghai') "

/* The figures of a group of hazards h (h.id NULL: none, from an outer join): found; closed
 * (销号) and cancelled (误报撤销) of them; open major ones; those listed for supervision (挂牌督办,
 * delisted ones included); open ones past their deadline now; rebounds (a later life of a
 * closed hazard). */
#define FIGURES_COUNTS                                                                             \
	"count(h.id) AS found, count(h.id) FILTER (WHERE h.state = 'closed') AS closed, "          \
	"count(h.id) FILTER (WHERE h.state = 'cancelled') AS cancelled, "                          \
	"count(h.id) FILTER (WHERE h.level = 'major' "                                             \
	"AND h.state NOT IN ('closed', 'cancelled')) AS open_major, "                              \
	"count(h.id) FILTER (WHERE h.listed_at IS NOT NULL) AS listed, "                           \
	"count(h.id) FILTER (WHERE h.state IN " TODO_OPEN_STATES                                   \
	" AND h.due_at <= app_now()) AS overdue, "                                                 \
	"count(h.id) FILTER (WHERE h.previous_id IS NOT NULL) AS rebounds "

const struct db_statement hazard_figures_sql[] = {
    /* hazard_figures: the whole subtree. */
    {"hazard_figures_total", "SELECT app_now() AS now, " FIGURES_COUNTS
			     "FROM hazards h WHERE h.org_path <@ $1::ltree AND " FIGURES_PERIOD},
    /* hazard_figures: each org right below the root ($5, whose path is $1), in the tree's
     * order, with its whole subtree. */
    {"hazard_figures_children",
     "SELECT c.id AS org_id, c.name AS org_name, c.level, " FIGURES_COUNTS
     "FROM orgs c LEFT JOIN hazards h ON h.org_path <@ c.path AND " FIGURES_PERIOD
     "WHERE c.parent_id = $5::uuid AND c.path <@ $1::ltree "
     "GROUP BY c.id, c.name, c.level, c.seq ORDER BY c.seq"},
    /* hazard_import: the unit of the institution with credit code $1 in subtree $2. */
    {"hazard_import_unit_by_code",
     "SELECT i.org_id FROM institutions i "
     "WHERE i.credit_code = $1 AND i.org_path <@ $2::ltree AND NOT i.archived"},
    /* hazard_import: the unit named $1 in subtree $2 (two is ambiguous). */
    {"hazard_import_unit_by_name", "SELECT o.id FROM orgs o WHERE o.name = $1 AND o.level = 'unit' "
				   "AND o.path <@ $2::ltree LIMIT 2"},
    /* hazard_import: a hazard of unit $1 (in subtree $2), registered by the caller's org ($17;
     * user $15 named $16 with role $18) with its deadline, and its registration event. $3
     * description, $4 location, $5 category, $6 level, $7 basis, $8 found on (a day in
     * Asia/Shanghai), $9 deadline, $10 requirement, $11-$14 responsible person, funds,
     * measures, emergency plan. A major one is reported upward at once (hazard.major to the
     * admins and leaders of every org above, as a registration does). */
    {"hazard_import_insert",
     "WITH c AS (SELECT o.id, o.level FROM orgs o WHERE o.id = $17::uuid), "
     "h AS (INSERT INTO hazards (org_id, org_path, institution_id, source, description, "
     "location, category, level, major_basis, state, found_at, reported_by, reported_by_name, "
     "reporter_org_id, registered_org_id, registered_org_level, registered_by, registered_at, "
     "requirement, deadline, responsible_person, funds, measures, emergency_plan) "
     "SELECT u.id, u.path, (SELECT i.id FROM institutions i WHERE i.org_id = u.id LIMIT 1), "
     "'import', $3, $4, $5, $6, $7, 'registered', "
     "$8::date::timestamp AT TIME ZONE 'Asia/Shanghai', $15::uuid, $16, c.id, c.id, c.level, "
     "$15::uuid, app_now(), $10, $9::date, $11, $12, $13, $14 "
     "FROM orgs u, c WHERE u.id = $1::uuid AND u.path <@ $2::ltree RETURNING id, org_path), "
     "e AS (INSERT INTO workflow_events (workflow, record_id, org_path, from_state, action, "
     "to_state, actor_id, actor_name, actor_org_id, actor_role, payload) "
     "SELECT 'hazard', h.id, h.org_path, 'reported', 'register', 'registered', $15::uuid, $16, "
     "$17::uuid, $18, '{\"source\": \"import\"}'::jsonb FROM h), "
     "n AS (SELECT notify_users(h.org_path, 'ancestors', ARRAY['admin', 'leader'], "
     "'hazard.major', 'hazard', h.id, left('重大隐患：' || $3, 200), u.name, NULL) AS k "
     "FROM h JOIN orgs u ON u.id = $1::uuid WHERE $6 = 'major') "
     "SELECT h.id FROM h WHERE (SELECT count(*) FROM n) >= 0"},
    {NULL, NULL},
};
