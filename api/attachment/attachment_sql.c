/* SQL of the attachments: metadata, binding, and the default store's bytes. Every statement on
 * metadata takes the caller's subtree as an explicit ltree parameter beside row-level security;
 * the bytes are seen only through a visible metadata row (the blobs' policy). */
#include "attachment.h"

/* The Attachment representation. */
#define AT_COLUMNS                                                                                 \
	"a.id, a.org_id, coalesce(o.name, c.org_name) AS org_name, a.name, a.content_type, "       \
	"a.size, a.sha256, "                                                                       \
	"a.record_id IS NOT NULL AS bound, a.record_type, a.record_id, a.kind, a.created_by, "     \
	"a.created_by_name, a.created_at, a.bound_at, a.version, a.storage AS _storage, "          \
	"a.storage_key AS _storage_key "

const struct db_statement attachment_sql[] = {
    /* attachment_get, rest_load: ($1 id, $2 subtree; a campaign's whoever sees the campaign:
       migration 0024). */
    {"attachment_get",
     "SELECT " AT_COLUMNS "FROM attachments a LEFT JOIN orgs o ON o.id = a.org_id "
     "LEFT JOIN campaigns c ON a.record_type = 'campaign' AND c.id = a.record_id "
     "WHERE a.id = $1::uuid AND (a.org_path <@ $2::ltree OR c.id IS NOT NULL)"},
    /* attachment_upload: the org an upload is made for, inside the caller's subtree ($1 id,
       $2 subtree). */
    {"attachment_org", "SELECT id, path::text AS path FROM orgs "
		       "WHERE id = $1::uuid AND path <@ $2::ltree"},
    /* attachment_upload: ($1 id, $2 org id, $3 org path, $4 name, $5 content type, $6 size,
       $7 sha256, $8 storage, $9 storage key, $10 user id, $11 user name, $12 subtree). */
    {"attachment_insert",
     "INSERT INTO attachments (id, org_id, org_path, name, content_type, size, sha256, storage, "
     "storage_key, created_by, created_by_name) "
     "SELECT $1::uuid, $2::uuid, $3::ltree, $4, $5, $6::bigint, $7, $8, $9, $10::uuid, $11 "
     "WHERE $3::ltree <@ $12::ltree RETURNING id"},
    /* attachment_upload: a fresh id, which is also the default store's key. */
    {"attachment_new_id", "SELECT gen_random_uuid()::text"},
    /* attachment_bind: binds one attachment ($1) visible in subtree $6 to record ($2 type, $3
       id) as kind $4, moving it to the record's org path $5, when it is unbound or already
       this record's. One row when it is visible; `bound` false when it belongs to another
       record. */
    {"attachment_bind",
     "WITH cur AS (SELECT id, record_type, record_id FROM attachments "
     "  WHERE id = $1::uuid AND org_path <@ $6::ltree FOR UPDATE), "
     "upd AS (UPDATE attachments a SET record_type = $2, record_id = $3::uuid, kind = $4, "
     "  org_path = $5::ltree, org_id = (SELECT o.id FROM orgs o WHERE o.path = $5::ltree), "
     "  bound_at = coalesce(a.bound_at, now()), version = a.version + 1 "
     "  FROM cur WHERE a.id = cur.id AND (cur.record_id IS NULL "
     "  OR (cur.record_type = $2 AND cur.record_id = $3::uuid)) RETURNING a.id) "
     "SELECT cur.id, EXISTS (SELECT 1 FROM upd) AS bound FROM cur"},
    /* attachment_unbind: lets go of attachment $1 bound to record ($2 type, $3 id), visible in
       subtree $4; the sweep deletes it with its bytes (an unbound upload). */
    {"attachment_unbind",
     "UPDATE attachments a SET record_type = NULL, record_id = NULL, kind = NULL, "
     "bound_at = NULL, version = a.version + 1 "
     "WHERE a.id = $1::uuid AND a.record_type = $2 AND a.record_id = $3::uuid "
     "AND a.org_path <@ $4::ltree RETURNING a.id"},
    /* attachment_list: ($1 record type, $2 record id, $3 subtree; a campaign's whoever sees
       the campaign). */
    {"attachment_list",
     "SELECT a.id, a.name, a.content_type, a.size, a.kind, a.created_at FROM attachments a "
     "WHERE a.record_type = $1 AND a.record_id = $2::uuid AND (a.org_path <@ $3::ltree "
     "OR (a.record_type = 'campaign' AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = "
     "$2::uuid))) "
     "ORDER BY a.created_at, a.id"},
    /* attachment_store_postgres put: ($1 key, $2 bytes, binary). */
    {"attachment_blob_put",
     "INSERT INTO attachment_blobs (key, data) VALUES ($1, $2::bytea) RETURNING key"},
    /* attachment_store_postgres get: ($1 key); the result is read in binary. */
    {"attachment_blob_get", "SELECT data FROM attachment_blobs WHERE key = $1"},
    /* attachment_store_postgres remove: ($1 key). */
    {"attachment_blob_remove", "DELETE FROM attachment_blobs WHERE key = $1"},
    {NULL, NULL},
};
