-- Attachments (evidence): photos and documents uploaded once and referenced by id from the
-- records they prove (a hazard's before and after photos, a signed scan, a listing document).
-- The metadata lives in `attachments`; the bytes behind the storage interface of
-- api/attachment/attachment_store.h, whose default keeps them in `attachment_blobs` below. An
-- object store (MinIO or any S3-compatible one, for a province's volume) replaces that table by
-- another `struct attachment_store` and writes its own name into `storage`.
--
-- Visibility: an unbound attachment lives in the org it was uploaded for (the uploader's org or
-- one in their subtree); binding it to a record moves it to the record's org (org_path), so it is
-- seen by exactly the subtree that sees the record.
CREATE TABLE attachments (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    org_id          uuid NOT NULL,
    org_path        ltree NOT NULL,
    record_type     text CHECK (record_type ~ '^[a-z_]{1,40}$'),
    record_id       uuid,
    kind            text CHECK (kind ~ '^[a-z_]{1,40}$'),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    content_type    text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp',
                        'application/pdf',
                        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
                        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
                        'application/msword', 'application/vnd.ms-excel',
                        'application/vnd.ms-powerpoint')),
    size            bigint NOT NULL CHECK (size > 0),
    sha256          text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    storage         text NOT NULL DEFAULT 'postgres' CHECK (storage ~ '^[a-z0-9_]{1,20}$'),
    storage_key     text NOT NULL CHECK (length(storage_key) BETWEEN 1 AND 200),
    created_by      uuid,
    created_by_name text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    bound_at        timestamptz,
    version         integer NOT NULL DEFAULT 1,
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE,
    CHECK ((record_type IS NULL) = (record_id IS NULL) AND (record_id IS NULL) = (kind IS NULL)
           AND (record_id IS NULL) = (bound_at IS NULL))
);
CREATE INDEX attachments_org_path_gist ON attachments USING gist (org_path);
-- attachment_list: a record's attachments.
CREATE INDEX attachments_record ON attachments (record_type, record_id, created_at, id)
    WHERE record_id IS NOT NULL;

-- The default store's bytes, one row per attachment. Photos, PDFs and Office files are already
-- compressed: EXTERNAL keeps them out of line without another compression attempt.
CREATE TABLE attachment_blobs (
    key  text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
    data bytea NOT NULL
);
ALTER TABLE attachment_blobs ALTER COLUMN data SET STORAGE EXTERNAL;

-- The metadata under the org-subtree rule like every other table. Uploads are written into the
-- caller's subtree; a binding may only move an attachment within it.
ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE attachments FORCE ROW LEVEL SECURITY;
CREATE POLICY attachments_subtree ON attachments
    USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_identity());

-- The bytes are seen exactly when their metadata is (the subquery runs under its policy).
ALTER TABLE attachment_blobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE attachment_blobs FORCE ROW LEVEL SECURITY;
CREATE POLICY attachment_blobs_visible ON attachment_blobs
    USING (EXISTS (SELECT 1 FROM attachments a WHERE a.storage = 'postgres' AND a.storage_key = attachment_blobs.key))
    WITH CHECK (EXISTS (SELECT 1 FROM attachments a WHERE a.storage = 'postgres' AND a.storage_key = attachment_blobs.key));

GRANT SELECT, INSERT, UPDATE ON attachments TO anquan_app;
GRANT SELECT, INSERT, DELETE ON attachment_blobs TO anquan_app;
