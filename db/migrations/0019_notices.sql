-- Rectification notices (整改通知书, api/hazard/notice.c): the issuing org's name kept on the
-- notice (its letterhead: the unit that receives it cannot read the org above it), the default
-- number prefix, and the list's order.

-- The letterhead is the issuer's name when the notice was issued; a later rename of the org does
-- not rewrite a document already served.
ALTER TABLE rectification_notices ADD COLUMN issuer_org_name text
    CHECK (length(issuer_org_name) BETWEEN 1 AND 100);

-- Whoever writes a notice without it (demo data, the province generator) gets the issuer's
-- present name; the API writes it itself.
CREATE FUNCTION rectification_notices_issuer_name() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.issuer_org_name IS NULL THEN
        NEW.issuer_org_name := (SELECT o.name FROM orgs o WHERE o.id = NEW.issuer_org_id);
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER rectification_notices_issuer_name BEFORE INSERT ON rectification_notices
    FOR EACH ROW EXECUTE FUNCTION rectification_notices_issuer_name();

-- The number prefix of an org without its own (orgs.notice_prefix): the first character of its
-- name, the customary short form of a region in document numbers (和平区 -> 和, 沈阳市 -> 沈,
-- 辽宁省卫生健康委 -> 辽), then 卫 (health commission), 安 (safety) and 改 (rectification):
-- 和平区 -> 和卫安改, so its third notice of 2026 is 和卫安改〔2026〕3号.
CREATE FUNCTION notice_default_prefix(org_name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT left(org_name, 1) || '卫安改'
$$;

-- GET /api/v1/notices: newest first, keyset by (issued_at, id).
CREATE INDEX rectification_notices_issued ON rectification_notices (issued_at, id);

-- The unit that receives a notice updates it (received_by, received_at), but the issuing org lies
-- above the unit, outside its subtree: migration 0015's one policy (issuer and unit both in the
-- caller's subtree, for every command) refused the receipt. Issuing keeps that check; a change
-- needs only the notice's unit in the caller's subtree.
DROP POLICY rectification_notices_subtree ON rectification_notices;
CREATE POLICY rectification_notices_read ON rectification_notices FOR SELECT
    USING (org_path <@ app_scope());
CREATE POLICY rectification_notices_issue ON rectification_notices FOR INSERT
    WITH CHECK (issuer_org_path <@ app_identity() AND org_path <@ app_identity());
CREATE POLICY rectification_notices_change ON rectification_notices FOR UPDATE
    USING (org_path <@ app_scope()) WITH CHECK (org_path <@ app_identity());
