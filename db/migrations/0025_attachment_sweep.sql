-- Uploads never bound to a record (a report abandoned after its photos went up) are swept a week
-- after their upload, with their bytes in the default store (api/core/sweep_sql.c). Deleting is
-- the sweep's only: no handler deletes an attachment, and row-level security still holds it to the
-- subtree in scope (the sweep's is the whole tree).
GRANT DELETE ON attachments TO anquan_app;
CREATE INDEX attachments_unbound ON attachments (created_at) WHERE record_id IS NULL;
