/* SQL of the checklist template endpoints. A template is visible from its org's subtree and
 * from above (its ancestors' subtrees include it), and national templates (no org) from
 * everywhere; it is writable only inside the caller's subtree. Every statement takes the
 * caller's subtree as an explicit parameter beside row-level security. */
#include "checklist.h"
#include "db.h"
#include "list.h"

/* Whether template (or item) alias `a` is visible from scope $n. */
#define CHECKLIST_VISIBLE(a, n)                                                                    \
	"(" a ".org_path IS NULL OR " a ".org_path <@ " n "::ltree OR " a ".org_path @> " n        \
	"::ltree) "

/* The Template representation; _writable and _national are the handler's. */
#define CHECKLIST_COLUMNS                                                                          \
	"t.id, t.org_id, t.code, t.name, t.description, "                                          \
	"(SELECT count(*) FROM checklist_items ci WHERE ci.template_id = t.id) AS item_count, "    \
	"t.archived, t.version, t.created_at, t.updated_at, "                                      \
	"(t.org_path IS NOT NULL AND t.org_path <@ $2::ltree) AS _writable, "                      \
	"(t.org_path IS NULL) AS _national "

/* The filters of GET /checklist-templates: $1 org (NULL: every template the caller sees), $2
 * scope, $3 archived (NULL = both), $4 text, $5 changed since (the change feed). */
#define CHECKLIST_LIST_WHERE                                                                       \
	"WHERE " CHECKLIST_VISIBLE(                                                                \
	    "t", "$2") "AND ($1::ltree IS NULL OR t.org_path <@ $1::ltree "                        \
		       "OR t.org_path @> $1::ltree OR t.org_path IS NULL) "                        \
		       "AND ($3::boolean IS NULL OR t.archived = $3::boolean) "                    \
		       "AND ($4::text IS NULL OR " LIST_TEXT_MATCH(                                \
			   "t.name", "$4::text") ") "                                              \
						 "AND ($5::timestamptz IS NULL OR "                \
						 "t.updated_at >= $5::timestamptz) "

const struct db_statement checklist_sql[] = {
    /* checklist_get (and every handler that answers with a Template). */
    {"checklist_get", "SELECT " CHECKLIST_COLUMNS "FROM checklist_templates t "
		      "WHERE t.id = $1 AND " CHECKLIST_VISIBLE("t", "$2")},
    /* checklist_patch, checklist_delete: the template, locked (national ones are only read:
     * the runtime role cannot lock what it may not update). */
    {"checklist_get_locked", "SELECT " CHECKLIST_COLUMNS "FROM checklist_templates t "
			     "WHERE t.id = $1 AND t.org_path <@ $2::ltree FOR UPDATE OF t"},
    /* checklist_get and every Template reply: the items in order. */
    {"checklist_items",
     "SELECT ci.id, ci.position, ci.text, ci.category, ci.legal_basis FROM checklist_items ci "
     "WHERE ci.template_id = $1 AND " CHECKLIST_VISIBLE("ci", "$2") "ORDER BY ci.position"},
    /* checklist_list, checklist_create: an org of the subtree. */
    {"checklist_org", "SELECT id, path::text FROM orgs WHERE id = $1 AND path <@ $2::ltree"},
    /* checklist_create (the descriptor's insert: $1 subtree, $2 name, $3 description, $4 org_id,
     * $5 the client-made id): the template, owned by an org of the subtree. */
    {"checklist_create",
     "INSERT INTO checklist_templates (id, org_id, org_path, name, description) "
     "SELECT coalesce($5::uuid, gen_random_uuid()), o.id, o.path, $2, $3 FROM orgs o "
     "WHERE o.id = $4 AND o.path <@ $1::ltree "
     "RETURNING id"},
    /* checklist_create, checklist_patch: the items from a JSON array [{text, category,
     * legal_basis}], numbered from 1 in array order. */
    {"checklist_items_insert",
     "INSERT INTO checklist_items (template_id, org_path, position, text, category, legal_basis) "
     "SELECT t.id, t.org_path, e.position, e.item->>'text', e.item->>'category', "
     "e.item->>'legal_basis' FROM checklist_templates t, "
     "jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(item, position) "
     "WHERE t.id = $1 AND t.org_path <@ $3::ltree"},
    /* checklist_patch: the items being replaced. */
    {"checklist_items_delete",
     "DELETE FROM checklist_items WHERE template_id = $1 AND org_path <@ $2::ltree"},
    /* checklist_patch: whether an inspection uses the template (its items were copied into
     * results that still point at them). */
    {"checklist_in_use", "SELECT count(*) AS n FROM inspections s WHERE s.template_id = $1 AND "
			 "s.org_path <@ $2::ltree"},
    /* checklist_patch (the descriptor's update: $1 id, $2 subtree, $3 name, $4 description, $5
     * the row's own org_id) */
    {"checklist_update",
     "UPDATE checklist_templates SET name = $3, description = $4, version = version + 1, "
     "updated_at = now() WHERE id = $1 AND org_path <@ $2::ltree AND org_id = $5::uuid "
     "RETURNING id"},
    /* checklist_delete: archived, never removed (inspections keep pointing at it). */
    {"checklist_archive",
     "UPDATE checklist_templates SET archived = true, version = version + 1, updated_at = now() "
     "WHERE id = $1 AND org_path <@ $2::ltree AND NOT archived RETURNING id"},
    {NULL, NULL},
};

/* GET /checklist-templates: the filters $3..$5 of CHECKLIST_LIST_WHERE; national templates
 * first, then from the top of the tree down, by name; or in the change feed's order. */
static const struct list_sort checklist_sorts[] = {
    {"tree", 0, {"coalesce(nlevel(t.org_path), 0)", "t.name", NULL}, {"int", "text", NULL}},
    {"updated_at", 0, {"t.updated_at", NULL, NULL}, {"timestamptz", NULL, NULL}},
    {NULL, 0, {NULL, NULL, NULL}, {NULL, NULL, NULL}},
};

static const struct list_filter checklist_filters[] = {
    {"archived", LIST_F_ARCHIVED, NULL, NULL, 0},
    {"q", LIST_F_TEXT, NULL, NULL, 0},
    {"updated_since", LIST_F_SINCE, NULL, NULL, 0},
    {NULL, LIST_F_UUID, NULL, NULL, 0},
};

/* Templates of ancestors stay visible below them: org_id picks a place in the tree without
 * narrowing row-level security. */
const struct list_desc checklist_list_desc = {
    .name = "checklist_list",
    .select = "SELECT " CHECKLIST_COLUMNS,
    .from_where = "FROM checklist_templates t " CHECKLIST_LIST_WHERE,
    .id = "t.id",
    .sorts = checklist_sorts,
    .filters = checklist_filters,
    .limit_default = 50,
    .limit_max = 500,
    .org_param = "org_id",
    .root_null = 1,
    .count = 1,
    .kind = &template_kind,
};
