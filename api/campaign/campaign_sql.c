/* SQL of the campaign endpoints. A campaign is seen from its org's subtree when issued (and by
 * every org above it); a draft only from its org and above; it is changed only inside the
 * caller's subtree. Every statement takes the caller's subtree as an explicit parameter beside
 * row-level security. */
#include "campaign.h"
#include "db.h"
#include "list.h"

/* Whether campaign alias `a` is visible from scope $n. */
#define CAMPAIGN_VISIBLE(a, n)                                                                     \
	"(" a ".org_path <@ " n "::ltree OR (" a ".org_path @> " n "::ltree AND " a                \
	".state <> 'draft')) "

/* The Campaign representation (scope $2); the columns starting with '_' are the workflow's:
 * the caller's org level, whether the campaign is the caller's to change, whether the caller
 * may adopt it (an issued plan of an org above, not yet adopted by the caller's org), and the
 * parent's dates a work plan must lie within. */
#define CAMPAIGN_COLUMNS                                                                           \
	"c.id, c.org_id, c.org_name, c.parent_id, c.template, c.name, c.doc_number, c.issued_on, " \
	"c.starts_on, c.ends_on, c.goal, c.phases, c.actions, c.focus_items, c.targets, c.state, " \
	"c.checklist_template_id, c.issued_at, c.closed_at, c.version, c.created_at, "             \
	"c.updated_at, c.org_path::text AS _org_path, "                                            \
	"(SELECT co.level FROM orgs co WHERE co.path = $2::ltree) AS _caller_level, "              \
	"(c.org_path <@ $2::ltree) AS _own, "                                                      \
	"(c.org_path @> $2::ltree AND c.org_path <> $2::ltree AND NOT EXISTS (SELECT 1 FROM "      \
	"campaigns a WHERE a.parent_id = c.id AND a.org_path = $2::ltree)) AS _adoptable, "        \
	"pc.starts_on AS _parent_starts_on, pc.ends_on AS _parent_ends_on "

#define CAMPAIGN_JOINS "LEFT JOIN campaigns pc ON pc.id = c.parent_id "
#define CAMPAIGN_FROM "FROM campaigns c " CAMPAIGN_JOINS

/* The filters of GET /campaigns: $1 root (NULL: every campaign the caller sees), $2 scope, $3
 * state, $4 parent_id, $5 text, $6 changed since. */
#define CAMPAIGN_LIST_WHERE                                                                        \
	"WHERE " CAMPAIGN_VISIBLE("c", "$2") "AND ($1::ltree IS NULL OR c.org_path <@ $1::ltree "  \
					     "OR c.org_path @> $1::ltree) "                        \
					     "AND ($3::text IS NULL OR c.state = $3::text) "       \
					     "AND ($4::uuid IS NULL OR c.parent_id = $4::uuid) "   \
					     "AND ($5::text IS NULL OR " LIST_TEXT_MATCH(          \
						 "(c.name || ' ' || coalesce(c.doc_number, ''))",  \
						 "$5::text") ") "                                  \
							     "AND ($6::timestamptz IS NULL OR "    \
							     "c.updated_at >= $6::timestamptz) "

const struct db_statement campaign_sql[] = {
    /* campaign_get and every Campaign reply. */
    {"campaign_get",
     "SELECT " CAMPAIGN_COLUMNS CAMPAIGN_FROM "WHERE c.id = $1 AND " CAMPAIGN_VISIBLE("c", "$2")},
    /* campaign_patch, the workflow's moves: the campaign, locked (only the caller's own). */
    {"campaign_get_locked", "SELECT " CAMPAIGN_COLUMNS CAMPAIGN_FROM
			    "WHERE c.id = $1 AND c.org_path <@ $2::ltree FOR UPDATE OF c"},
    /* Every Campaign reply: its reporting duties in order. */
    {"campaign_duties",
     "SELECT d.id, d.position, d.content, d.title, d.recurrence, d.day_of_month, d.weekday, "
     "to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.due_time, to_jsonb(d.reporters) AS "
     "reporters FROM campaign_duties d JOIN campaigns c ON c.id = d.campaign_id "
     "WHERE d.campaign_id = $1 AND " CAMPAIGN_VISIBLE("c", "$2") "ORDER BY d.position"},
    /* Every Campaign reply: the amendments of an issued campaign, oldest first. */
    {"campaign_amendments",
     "SELECT m.id, m.text, m.changes, m.created_by_name, m.created_at FROM campaign_amendments m "
     "JOIN campaigns c ON c.id = m.campaign_id WHERE m.campaign_id = $1 "
     "AND " CAMPAIGN_VISIBLE("c", "$2") "ORDER BY m.created_at, m.id"},
    /* Every Campaign reply: the work plans adopting it that the caller sees (a county sees its
     * city's, never a sibling county's). */
    {"campaign_adoptions",
     "SELECT a.id, a.org_id, a.org_name, a.name, a.doc_number, a.state, a.starts_on, a.ends_on "
     "FROM campaigns a WHERE a.parent_id = $1 AND " CAMPAIGN_VISIBLE("a", "$2") "ORDER BY "
										"a.org_"
										"path"},
    /* campaign_create (the descriptor's insert: $1 subtree, $2 name, $3 doc_number, $4
     * issued_on, $5 starts_on, $6 ends_on, $7 goal, $8 phases, $9 actions, $10 focus_items, $11
     * targets, $12 org_id, $13 the client-made id): a draft of an administration of the
     * subtree. */
    {"campaign_create",
     "INSERT INTO campaigns (id, org_id, org_path, org_name, name, doc_number, issued_on, "
     "starts_on, ends_on, goal, phases, actions, focus_items, targets) "
     "SELECT coalesce($13::uuid, gen_random_uuid()), o.id, o.path, o.name, $2, $3, $4::date, "
     "$5::date, $6::date, $7, $8::jsonb, $9::jsonb, $10::jsonb, $11::jsonb FROM orgs o "
     "WHERE o.id = $12::uuid AND o.path <@ $1::ltree AND o.level <> 'unit' RETURNING id"},
    /* campaign_adopt (the adopt descriptor's insert: $1 the adopted campaign, $2 subtree, $3..
     * as campaign_create's $2.., $13 the client-made id): the caller's org's work plan, a draft,
     * taking the parent's name, goal, phases, actions, focus items and targets when not given. */
    {"campaign_adopt",
     "INSERT INTO campaigns (id, org_id, org_path, org_name, parent_id, name, doc_number, "
     "issued_on, starts_on, ends_on, goal, phases, actions, focus_items, targets) "
     "SELECT coalesce($14::uuid, gen_random_uuid()), o.id, o.path, o.name, p.id, "
     "coalesce($3, o.name || '：' || p.name), $4, $5::date, coalesce($6::date, p.starts_on), "
     "coalesce($7::date, p.ends_on), coalesce($8, p.goal), coalesce($9::jsonb, p.phases), "
     "coalesce($10::jsonb, p.actions), coalesce($11::jsonb, p.focus_items), "
     "coalesce($12::jsonb, p.targets) FROM campaigns p, orgs o "
     "WHERE p.id = $1 AND p.state = 'issued' AND p.org_path @> $2::ltree "
     "AND o.id = $13::uuid AND o.path = $2::ltree RETURNING id"},
    /* campaign_patch (the descriptor's update: $1 id, $2 subtree, $3.. as campaign_create's
     * $2..; $12 the row's own org_id): drafts only. */
    {"campaign_update",
     "UPDATE campaigns SET name = $3, doc_number = $4, issued_on = $5::date, starts_on = "
     "$6::date, ends_on = $7::date, goal = $8, phases = $9::jsonb, actions = $10::jsonb, "
     "focus_items = $11::jsonb, targets = $12::jsonb, version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree AND org_id = $13::uuid AND state = 'draft' "
     "RETURNING id"},
    /* campaign_create, campaign_patch: the duties being replaced (a draft's). */
    {"campaign_duties_delete",
     "DELETE FROM campaign_duties d USING campaigns c WHERE d.campaign_id = $1 AND c.id = "
     "d.campaign_id AND c.state = 'draft' AND c.org_path <@ $2::ltree"},
    /* campaign_create, campaign_patch, from-template: the duties from a JSON array, numbered
     * from 1 in array order ($1 id, $2 duties, $3 subtree). */
    {"campaign_duties_insert",
     "INSERT INTO campaign_duties (campaign_id, org_path, position, content, title, recurrence, "
     "day_of_month, weekday, due_date, due_time, reporters) "
     "SELECT c.id, c.org_path, e.n, e.d->>'content', e.d->>'title', e.d->>'recurrence', "
     "(e.d->>'day_of_month')::smallint, (e.d->>'weekday')::smallint, (e.d->>'due_date')::date, "
     "e.d->>'due_time', ARRAY(SELECT jsonb_array_elements_text(e.d->'reporters')) "
     "FROM campaigns c, jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(d, n) "
     "WHERE c.id = $1 AND c.org_path <@ $3::ltree"},
    /* The duties' one-off dates outside the campaign's period ($1 id, $2 subtree): their
     * positions. */
    {"campaign_duties_outside",
     "SELECT d.position FROM campaign_duties d JOIN campaigns c ON c.id = d.campaign_id "
     "WHERE d.campaign_id = $1 AND c.org_path <@ $2::ltree AND d.due_date IS NOT NULL "
     "AND d.due_date NOT BETWEEN c.starts_on AND c.ends_on ORDER BY d.position"},
    /* create, adopt: an org of the subtree ($1 id, $2 subtree): its level. */
    {"campaign_org", "SELECT id, level FROM orgs WHERE id = $1 AND path <@ $2::ltree"},
    /* adopt: the parent's dates and phases ($1 id, $2 subtree). */
    {"campaign_dates", "SELECT to_char(c.starts_on, 'YYYY-MM-DD') AS starts_on, "
		       "to_char(c.ends_on, 'YYYY-MM-DD') AS ends_on, c.phases::text AS phases "
		       "FROM campaigns c WHERE c.id = $1 AND " CAMPAIGN_VISIBLE("c", "$2")},
    /* The workflow's set_state ($1 id, $2 state, $3 subtree): close. */
    {"campaign_set_state",
     "UPDATE campaigns SET state = $2, closed_at = CASE WHEN $2 = 'closed' THEN app_now() END, "
     "version = version + 1, updated_at = now() WHERE id = $1 AND org_path <@ $3::ltree "
     "RETURNING id"},
    /* issue ($1 id, $2 user, $3 subtree): the issuing instant by the application clock; the
     * issuing date, when not given, is that day in Asia/Shanghai. */
    {"campaign_issue",
     "UPDATE campaigns SET state = 'issued', issued_at = app_now(), issued_by = $2::uuid, "
     "issued_on = coalesce(issued_on, (app_now() AT TIME ZONE 'Asia/Shanghai')::date), "
     "version = version + 1, updated_at = now() WHERE id = $1 AND org_path <@ $3::ltree "
     "AND state = 'draft' RETURNING id"},
    /* issue ($1 id, $2 subtree): the focus items become a checklist template of the issuing
     * org, which its subtree's inspections use. */
    {"campaign_focus_template",
     "WITH c AS (SELECT id, org_id, org_path, name, doc_number, focus_items FROM campaigns "
     "WHERE id = $1 AND org_path <@ $2::ltree AND jsonb_array_length(focus_items) > 0), "
     "t AS (INSERT INTO checklist_templates (org_id, org_path, name, description) "
     "SELECT c.org_id, c.org_path, left(c.name, 94) || '·检查重点', "
     "'专项行动检查重点（' || coalesce(c.doc_number, '') || '）' FROM c RETURNING id, org_path), "
     "i AS (INSERT INTO checklist_items (template_id, org_path, position, text, category) "
     "SELECT t.id, t.org_path, e.n, e.f->>'text', e.f->>'category' FROM t, c, "
     "jsonb_array_elements(c.focus_items) WITH ORDINALITY AS e(f, n)) "
     "UPDATE campaigns SET checklist_template_id = t.id FROM t WHERE campaigns.id = $1 "
     "RETURNING campaigns.id"},
    /* amend ($1 id, $2 subtree, $3 name, $4 ends_on, $5 goal, $6 phases, $7 actions, $8
     * focus_items, $9 targets, $10 starts_on; NULL: unchanged). */
    {"campaign_amend",
     "UPDATE campaigns SET name = coalesce($3, name), ends_on = coalesce($4::date, ends_on), "
     "goal = coalesce($5, goal), phases = coalesce($6::jsonb, phases), "
     "actions = coalesce($7::jsonb, actions), focus_items = coalesce($8::jsonb, focus_items), "
     "targets = coalesce($9::jsonb, targets), starts_on = coalesce($10::date, starts_on), "
     "version = version + 1, updated_at = now() WHERE id = $1 AND org_path <@ $2::ltree "
     "AND state = 'issued' RETURNING id"},
    /* amend: the record ($1 campaign, $2 text, $3 changes, $4 user, $5 subtree). */
    {"campaign_amendment_insert",
     "INSERT INTO campaign_amendments (campaign_id, org_path, text, changes, created_by, "
     "created_by_name) SELECT c.id, c.org_path, $2, $3::jsonb, u.id, "
     "coalesce(u.display_name, u.username) FROM campaigns c LEFT JOIN users u ON u.id = "
     "$4::uuid WHERE c.id = $1 AND c.org_path <@ $5::ltree RETURNING id"},
    /* from-template ($1 code, $2 year, $3 org, $4 subtree): a draft with every date shifted to
     * the year. */
    {"campaign_from_template",
     "INSERT INTO campaigns (org_id, org_path, org_name, template, name, starts_on, ends_on, "
     "goal, phases, actions, focus_items, targets) "
     "SELECT o.id, o.path, o.name, t.code, campaign_template_text(t.name, $2::int), "
     "campaign_template_date(t.starts_on::text, t.base_year, $2::int)::date, "
     "campaign_template_date(t.ends_on::text, t.base_year, $2::int)::date, "
     "campaign_template_text(t.goal, $2::int), "
     "campaign_template_text(campaign_template_shift(t.phases, t.base_year, $2::int)::text, "
     "$2::int)::jsonb, campaign_template_text(t.actions::text, $2::int)::jsonb, "
     "campaign_template_text(t.focus_items::text, $2::int)::jsonb, "
     "campaign_template_shift(t.targets, t.base_year, $2::int) "
     "FROM campaign_templates t, orgs o WHERE t.code = $1 AND o.id = $3::uuid "
     "AND o.path <@ $4::ltree AND o.level <> 'unit' RETURNING id"},
    /* from-template: the template's duties for the year ($1 code, $2 year). */
    {"campaign_template_duties",
     "SELECT campaign_template_shift(t.duties, t.base_year, $2::int)::text FROM "
     "campaign_templates t WHERE t.code = $1"},
    /* GET /campaign-templates. */
    {"campaign_templates",
     "SELECT code, name, summary, base_year, starts_on, ends_on, goal, phases, actions, "
     "focus_items, targets, duties FROM campaign_templates ORDER BY code"},
    {NULL, NULL},
};

static const char *const campaign_states[] = {"draft", "issued", "closed", NULL};

static const struct list_sort campaign_sorts[] = {
    {"-starts_on", 1, {"c.starts_on", NULL, NULL}, {"date", NULL, NULL}},
    {"updated_at", 0, {"c.updated_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const struct list_filter campaign_filters[] = {
    {"state", LIST_F_ENUM, NULL, campaign_states, 0},
    {"parent_id", LIST_F_UUID, NULL, NULL, 0},
    {"q", LIST_F_TEXT, NULL, NULL, 0},
    {"updated_since", LIST_F_SINCE, NULL, NULL, 0},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

/* GET /campaigns: the plans of the orgs above (issued) and of the subtree; org_id picks a place
 * in the tree without narrowing row-level security (the plans above it stay in view). */
const struct list_desc campaign_list_desc = {
    .name = "campaign_list",
    .select = "SELECT " CAMPAIGN_COLUMNS,
    .from_where = "FROM campaigns c " CAMPAIGN_LIST_WHERE,
    .joins = CAMPAIGN_JOINS,
    .id = "c.id",
    .sorts = campaign_sorts,
    .filters = campaign_filters,
    .limit_default = 50,
    .limit_max = 200,
    .org_param = "org_id",
    .root_null = 1,
    .count = 1,
    .kind = &campaign_kind,
};

static const struct list_sort obligation_sorts[] = {
    {"due_at", 0, {"o.due_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

/* $3 the campaign (the path's), $4 from, $5 to (due dates, inclusive). */
static const struct list_filter obligation_filters[] = {
    {"campaign", LIST_F_PATH_ID, NULL, NULL, 0},
    {"from", LIST_F_DATE, NULL, NULL, 0},
    {"to", LIST_F_DATE, NULL, NULL, 0},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

/* GET /campaigns/{id}/obligations: derived on read (campaign_obligations, migration 0020), each
 * caller's own subtree's only; org_id narrows to one org's subtree. */
const struct list_desc obligation_list_desc = {
    .name = "campaign_obligation_list",
    .select = "SELECT o.id, o.campaign_id, o.duty_id, o.duty_position, o.content, o.title, "
	      "o.recurrence, o.org_id, o.org_name, o.org_level, o.period, o.period_start, "
	      "o.period_end, o.due_on, o.due_time, o.due_at ",
    .from_where = "FROM campaign_obligations($3::uuid) o WHERE o.org_path <@ $2::ltree "
		  "AND ($1::ltree IS NULL OR o.org_path <@ $1::ltree) "
		  "AND ($4::date IS NULL OR o.due_on >= $4::date) "
		  "AND ($5::date IS NULL OR o.due_on <= $5::date) ",
    .id = "o.id",
    .sorts = obligation_sorts,
    .filters = obligation_filters,
    .before = campaign_visible,
    .limit_default = 100,
    .limit_max = 500,
    .org_param = "org_id",
    .root_null = 1,
    .count = 1,
};
