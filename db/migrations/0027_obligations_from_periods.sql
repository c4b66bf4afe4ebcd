-- campaign_obligations (migration 0020) derived the due dates itself, and campaign_periods
-- (migration 0023) repeated those rules for the periods alone. The obligations are now the periods
-- times the orgs each duty names, so the rules live in campaign_periods only.
CREATE OR REPLACE FUNCTION campaign_obligations(p_campaign uuid)
RETURNS TABLE (id uuid, campaign_id uuid, duty_id uuid, duty_position integer, content text,
               title text, recurrence text, org_id uuid, org_name text, org_level text,
               org_path ltree, period text, period_start date, period_end date, due_on date,
               due_time text, due_at timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT md5(p.duty_id::text || ':' || o.id::text || ':' || p.period)::uuid, p.campaign_id,
           p.duty_id, p.duty_position, p.content, p.title, p.recurrence, o.id, o.name, o.level,
           o.path, p.period, p.period_start, p.period_end, p.due_on, p.due_time, p.due_at
    FROM campaign_periods(p_campaign) p
    JOIN campaigns c ON c.id = p.campaign_id
    JOIN orgs o ON o.path <@ c.org_path AND o.id <> c.org_id
     AND (('cities' = ANY (p.reporters) AND o.level = 'city')
       OR ('counties' = ANY (p.reporters) AND o.level = 'county')
       OR ('direct_units' = ANY (p.reporters) AND o.level = 'unit' AND o.parent_id = c.org_id)
       OR ('all_units' = ANY (p.reporters) AND o.level = 'unit'))
$$;
