/* SQL of the oversight of reporting: the reporting table, reminders and a campaign's progress.
 * Every deadline is read against app_now() (the test clock, or the transaction's time); every
 * statement takes the caller's subtree as an explicit parameter beside row-level security. */
#include "db.h"
#include "oversight.h"
#include "todo.h"

/* An obligation's status (o: the obligation, r: its report, NULL when none): a report awaiting
 * a decision, returned or accepted is that; otherwise (none, or a draft) not due before its due
 * instant and missing after it. */
#define OVERSIGHT_STATUS                                                                           \
	"CASE WHEN r.state IN ('submitted', 'returned', 'accepted') THEN r.state "                 \
	"WHEN o.due_at > app_now() THEN 'not_due' ELSE 'missing' END"

/* The parameters of the table and of the reminders' statuses: $1 campaign, $2 duty, $3 period,
 * $4 the path of the org the table is of, $5 the caller's subtree, $6 the caller's org, $7 and
 * $8 the period's days, $9 its due instant, $10..$13 whether the duty names cities, counties,
 * direct units and all units, $14 and $15 the campaign's org path and id (oversight_pick and the
 * campaign give them all: each is a constant the planner reads in a custom plan). */
#define OVERSIGHT_PARAMS_USED                                                                      \
	" AND $1::uuid IS NOT NULL AND $2::uuid IS NOT NULL AND $3::text IS NOT NULL "             \
	"AND $6::uuid IS NOT NULL AND $7::date IS NOT NULL AND $8::date IS NOT NULL "

/* The obligation-holders strictly below $4 in the caller's subtree: the orgs campaign_obligations
 * (migration 0020) names for the duty (the campaign's subtree but its own org, by level), one
 * branch per kind of reporter, so that a branch the duty does not name is no plan at all and the
 * others read their level by its index (orgs_level, orgs_parent). */
#define OVERSIGHT_HOLDER(flag, level, more)                                                        \
	"SELECT o.id AS org_id, o.name AS org_name, o.level AS org_level, o.path AS org_path, "    \
	"o.path::text AS key, $9::timestamptz AS due_at FROM orgs o WHERE " flag                   \
	" AND o.level = '" level "' " more                                                         \
	"AND o.path <@ $4::ltree AND o.path <> $4::ltree AND o.path <@ $5::ltree "                 \
	"AND o.path <@ $14::ltree AND o.id <> $15::uuid "
#define OVERSIGHT_HOLDERS                                                                          \
	OVERSIGHT_HOLDER("$10::boolean", "city", "")                                               \
	"UNION ALL " OVERSIGHT_HOLDER("$11::boolean", "county", "") "UNION ALL " OVERSIGHT_HOLDER( \
	    "$12::boolean AND NOT $13::boolean", "unit",                                           \
	    "AND o.parent_id = $15::uuid ") "UNION ALL " OVERSIGHT_HOLDER("$13::boolean", "unit",  \
									  "")

/* The holders with their reports. */
#define OVERSIGHT_OBLIGATIONS                                                                      \
	"FROM (" OVERSIGHT_HOLDERS ") o LEFT JOIN campaign_reports r ON r.duty_id = $2::uuid "     \
	"AND r.org_id = o.org_id AND r.period = $3::text AND NOT r.archived "

/* The figures of each org below $4 that has any, for the days [$7, $8] in Asia/Shanghai, as
 * report_figures (migration 0021) counts them, one part per source: hazards found in the
 * period (by the found_at index), open hazards (their counts by nearest administration,
 * hazard_open_counts, migration 0026: overdue when counting and deadline < today in
 * Asia/Shanghai, i.e. due_at <= now), submitted inspections made in the period (by
 * inspected_on) and institutions. An institution is one unit, so its distinct counts add up
 * over orgs. The open hazards of a unit count at the administration above it: a unit's own row
 * reads them from OVERSIGHT_UNITS. */
#define OVERSIGHT_PARTS                                                                            \
	"x AS (SELECT h.org_id, count(*) FILTER (WHERE h.state <> 'cancelled')::int AS found, "    \
	"count(*) FILTER (WHERE h.state = 'closed')::int AS rectified, 0 AS major_open, "          \
	"0 AS listed_open, 0 AS overdue, 0 AS inspections, 0 AS inspected, 0 AS spot, "            \
	"0 AS institutions, 0 AS covered FROM b, hazards h WHERE h.found_at >= b.t0 "              \
	"AND h.found_at < b.t1 AND h.org_path <@ $4::ltree AND NOT h.archived "                    \
	"GROUP BY h.org_id "                                                                       \
	"UNION ALL SELECT c.org_id, 0, 0, coalesce(sum(c.n) FILTER (WHERE c.major), 0)::int, "     \
	"coalesce(sum(c.n) FILTER (WHERE c.listed), 0)::int, coalesce(sum(c.n) FILTER (WHERE "     \
	"c.counting AND c.deadline < b.today), 0)::int, 0, 0, 0, 0, 0 "                            \
	"FROM b, hazard_open_counts c WHERE c.org_path <@ $4::ltree GROUP BY c.org_id "            \
	"UNION ALL SELECT s.org_id, 0, 0, 0, 0, 0, count(*)::int, "                                \
	"count(DISTINCT s.institution_id) FILTER (WHERE s.type <> 'spot')::int, "                  \
	"count(DISTINCT s.institution_id) FILTER (WHERE s.type = 'spot')::int, 0, 0 "              \
	"FROM inspections s WHERE s.inspected_on BETWEEN $7::date AND $8::date "                   \
	"AND s.status = 'submitted' AND s.org_path <@ $4::ltree GROUP BY s.org_id "                \
	"UNION ALL SELECT n.org_id, 0, 0, 0, 0, 0, 0, 0, 0, count(*)::int, "                       \
	"count(*) FILTER (WHERE n.grid_name IS NOT NULL AND n.grid_head IS NOT NULL)::int "        \
	"FROM institutions n WHERE n.org_path <@ $4::ltree AND NOT n.archived "                    \
	"GROUP BY n.org_id) "

/* The open hazards of each unit among the holders (a duty naming units), counted at its own
 * row only (its administration's counts hold them for every row above it), by the index of
 * open hazards (hazards_open_org, migration 0023). */
#define OVERSIGHT_UNITS                                                                            \
	"uo AS (SELECT h.org_id, count(*) FILTER (WHERE h.level = 'major') AS major_open, "        \
	"count(*) FILTER (WHERE h.listed) AS listed_open, count(*) FILTER (WHERE h.state "         \
	"IN " TODO_OPEN_STATES " AND h.due_at <= b.now) AS overdue FROM ob, b, hazards h "         \
	"WHERE ob.org_level = 'unit' AND h.org_id = ob.org_id AND h.org_path <@ $4::ltree "        \
	"AND h.state NOT IN ('closed', 'cancelled') AND NOT h.archived GROUP BY h.org_id) "

/* The orgs' figures added up for each subtree at the six levels below $4 (a row deeper than that
 * has none): each org's at the key of each of its ancestors, by one grouping set per level (the
 * planner estimates each set's groups; ltree has no hash operator class, so the keys are text). */
#define OVERSIGHT_ROLL                                                                             \
	"f AS (SELECT coalesce(s.k1, s.k2, s.k3, s.k4, s.k5, s.k6) AS key, "                       \
	"sum(s.found)::bigint AS found, sum(s.rectified)::bigint AS rectified, "                   \
	"sum(s.major_open)::bigint AS major_open, sum(s.listed_open)::bigint AS listed_open, "     \
	"sum(s.overdue)::bigint AS overdue, sum(s.inspections)::bigint AS inspections, "           \
	"sum(s.inspected)::bigint AS inspected, sum(s.spot)::bigint AS spot, "                     \
	"sum(s.institutions)::bigint AS institutions, sum(s.covered)::bigint AS covered "          \
	"FROM (SELECT x.*, "                                                                       \
	"CASE WHEN nlevel(u.path) >= nlevel($4::ltree) + 1 THEN subpath(u.path, 0, "               \
	"nlevel($4::ltree) + 1)::text END AS k1, "                                                 \
	"CASE WHEN nlevel(u.path) >= nlevel($4::ltree) + 2 THEN subpath(u.path, 0, "               \
	"nlevel($4::ltree) + 2)::text END AS k2, "                                                 \
	"CASE WHEN nlevel(u.path) >= nlevel($4::ltree) + 3 THEN subpath(u.path, 0, "               \
	"nlevel($4::ltree) + 3)::text END AS k3, "                                                 \
	"CASE WHEN nlevel(u.path) >= nlevel($4::ltree) + 4 THEN subpath(u.path, 0, "               \
	"nlevel($4::ltree) + 4)::text END AS k4, "                                                 \
	"CASE WHEN nlevel(u.path) >= nlevel($4::ltree) + 5 THEN subpath(u.path, 0, "               \
	"nlevel($4::ltree) + 5)::text END AS k5, "                                                 \
	"CASE WHEN nlevel(u.path) >= nlevel($4::ltree) + 6 THEN subpath(u.path, 0, "               \
	"nlevel($4::ltree) + 6)::text END AS k6 "                                                  \
	"FROM x JOIN orgs u ON u.id = x.org_id) s "                                                \
	"GROUP BY GROUPING SETS ((s.k1), (s.k2), (s.k3), (s.k4), (s.k5), (s.k6))) "

/* The live figures of row f and unit uo (NULL: none), exactly as report_figures builds them. */
#define OVERSIGHT_LIVE                                                                             \
	"jsonb_build_object('as_of', to_char(b.now AT TIME ZONE 'UTC', "                           \
	"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), 'period_start', $7::date, 'period_end', $8::date, "    \
	"'inspections', coalesce(f.inspections, 0), 'hazards_found', coalesce(f.found, 0), "       \
	"'hazards_rectified', coalesce(f.rectified, 0), 'rectification_rate', CASE WHEN "          \
	"coalesce(f.found, 0) = 0 THEN NULL ELSE round(f.rectified * 100.0 / f.found, 1) END, "    \
	"'major_open', coalesce(f.major_open, 0) + coalesce(uo.major_open, 0), 'listed_open', "    \
	"coalesce(f.listed_open, 0) + coalesce(uo.listed_open, 0), 'overdue', "                    \
	"coalesce(f.overdue, 0) + coalesce(uo.overdue, 0), 'institutions', "                       \
	"coalesce(f.institutions, 0), "                                                            \
	"'grid_covered', coalesce(f.covered, 0), 'grid_coverage', CASE WHEN "                      \
	"coalesce(f.institutions, 0) = 0 THEN NULL ELSE round(f.covered * 100.0 / "                \
	"f.institutions, 1) END, 'inspected_units', coalesce(f.inspected, 0), "                    \
	"'spot_checked_units', coalesce(f.spot, 0), 'spot_check_rate', CASE WHEN "                 \
	"coalesce(f.inspected, 0) = 0 THEN NULL ELSE round(f.spot * 100.0 / f.inspected, 1) END)"

const struct db_statement oversight_sql[] = {
    /* reporting: the table is planned for its own subtree on every request (a province's and a
     * county's want different plans; migration 0014 says why custom plans are set per
     * statement), without just-in-time compilation (its cost, over a province's open hazards, is
     * above jit_above_cost; compiling takes longer than the query), with the memory to sort a
     * province's per-unit figures (47,000 rows, about 7 MB for the six levels' grouping sets)
     * in memory rather than merge them on disk as 4 MB made it do (a quarter of the table's
     * time). */
    {"oversight_plan", "SELECT set_config('jit', 'off', true), "
		       "set_config('plan_cache_mode', 'force_custom_plan', true), "
		       "set_config('work_mem', '16MB', true)"},
    /* The org a table or progress is of ($1 id, $2 the caller's subtree). */
    {"oversight_org", "SELECT id, name, path::text AS path, level FROM orgs "
		      "WHERE id = $1::uuid AND path <@ $2::ltree"},
    /* reporting: the duty and period shown ($1 campaign, $2 duty or NULL: the first, $3 period
     * or NULL: the one under way today, else the last one due, else the first). */
    {"oversight_pick",
     "SELECT p.duty_id, p.title, p.content, p.recurrence, p.period, p.period_start, "
     "p.period_end, p.due_at, 'cities' = ANY (p.reporters) AS _cities, "
     "'counties' = ANY (p.reporters) AS _counties, "
     "'direct_units' = ANY (p.reporters) AS _direct_units, "
     "'all_units' = ANY (p.reporters) AS _all_units FROM campaign_periods($1::uuid) p "
     "WHERE ($2::uuid IS NULL OR p.duty_id = $2::uuid) AND ($3::text IS NULL OR p.period = "
     "$3::text) ORDER BY p.duty_position, (p.period_start <= (app_now() AT TIME ZONE "
     "'Asia/Shanghai')::date AND p.period_end >= (app_now() AT TIME ZONE "
     "'Asia/Shanghai')::date) DESC, (p.due_at <= app_now()) DESC, "
     "CASE WHEN p.due_at <= app_now() THEN p.due_at END DESC, p.due_at LIMIT 1"},
    /* reporting: every period of the campaign's duties, to pick from ($1 campaign). */
    {"oversight_periods", "SELECT p.duty_id, p.period, p.period_start, p.period_end, p.due_at "
			  "FROM campaign_periods($1::uuid) p ORDER BY p.duty_position, p.due_at"},
    /* reporting: the table (OVERSIGHT_PARAMS_USED): each obligation-holder below $4 in the
     * tree's order, its report, status and live figures; _decide: the report awaits the caller's
     * org's decision; _path: its path (the rows inside no other row are summed). */
    {"oversight_rows",
     "WITH ob AS MATERIALIZED (" OVERSIGHT_HOLDERS "), "
     "b AS MATERIALIZED (SELECT $7::date::timestamp AT TIME ZONE 'Asia/Shanghai' AS t0, "
     "($8::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS t1, app_now() AS now, "
     "(app_now() AT TIME ZONE 'Asia/Shanghai')::date AS today), "
     "" OVERSIGHT_PARTS ", " OVERSIGHT_UNITS ", " OVERSIGHT_ROLL
     "SELECT o.org_id, o.org_name, o.org_level AS level, g.parent_id, "
     "nlevel(o.org_path) - nlevel($4::ltree) AS depth, r.id AS report_id, r.state, "
     "" OVERSIGHT_STATUS " AS status, r.timeliness, r.submitted_at, "
     "coalesce(r.revision, 0) AS revision, r.figures, " OVERSIGHT_LIVE " AS live_figures, "
     "(r.state = 'submitted' AND r.receiver_org_id = $6::uuid) AS _decide, o.key AS _path "
     "FROM ob o CROSS JOIN b JOIN orgs g ON g.id = o.org_id "
     "LEFT JOIN campaign_reports r ON r.duty_id = $2::uuid AND r.org_id = o.org_id "
     "AND r.period = $3::text AND NOT r.archived LEFT JOIN f ON f.key = o.key "
     "LEFT JOIN uo ON uo.org_id = o.org_id "
     "WHERE true" OVERSIGHT_PARAMS_USED "ORDER BY o.org_path"},
    /* reminders: the status of every obligation of the duty and period below the caller's org
     * (OVERSIGHT_PARAMS_USED, $4 the caller's path). */
    {"oversight_status", "SELECT o.org_id, " OVERSIGHT_STATUS " AS status " OVERSIGHT_OBLIGATIONS
			 "WHERE true" OVERSIGHT_PARAMS_USED "ORDER BY o.org_path"},
    /* reminders: report.reminder to the admins, inspectors and safety officers of each org of
     * $4 (in subtree $5) for duty $2 and period $3 of campaign $1, once a day per obligation
     * and user (the dedupe key). Returns each org with the notifications written. */
    {"oversight_remind",
     "SELECT g.id, notify_users(g.path, 'org', ARRAY['admin', 'inspector', 'safety_officer'], "
     "'report.reminder', 'campaign', c.id, left('催报：' || d.title, 200), "
     "left(c.name || '：' || d.title || '（' || $3::text || '）尚未报送，请按时报送。', 2000), "
     "'reminder:' || d.id || ':' || g.id || ':' || $3::text || ':' || "
     "to_char(app_now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')) AS notified "
     "FROM campaigns c JOIN campaign_duties d ON d.campaign_id = c.id AND d.id = $2::uuid "
     "JOIN orgs g ON g.id = ANY ($4::uuid[]) AND g.path <@ $5::ltree "
     "WHERE c.id = $1::uuid ORDER BY g.path"},
    /* progress ($1 campaign, $2 the subtree's path, $3 the caller's subtree): the figures over
     * the campaign's period and its targets. */
    {"oversight_progress",
     "SELECT report_figures($2::ltree, c.starts_on, c.ends_on) AS figures, c.targets "
     "FROM campaigns c WHERE c.id = $1::uuid AND (c.org_path <@ $3::ltree "
     "OR (c.org_path @> $3::ltree AND c.state <> 'draft'))"},
    {NULL, NULL},
};
