-- A campaign's attachments (the plan document itself, 方案原件): bound with record_type
-- 'campaign' at the issuing org's path, and seen by whoever sees the campaign (its whole subtree
-- once issued, as campaigns_read says), not only by the subtree of the issuing org. The statements
-- of api/attachment/attachment_sql.c say the same beside this policy.
CREATE POLICY attachments_campaign_read ON attachments FOR SELECT
    USING (record_type = 'campaign' AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = record_id));
