-- Oversight of reporting (api/campaign/oversight*.c): the reporting table of one duty and period
-- (each obligation-holder below an org with its report's status and its live figures), reminders,
-- the to-do list's reporting calendar and a campaign's progress against its targets.

-- The periods of a campaign's duties without the orgs: one row per (duty, period) with its days
-- and due instant, as campaign_obligations (migration 0020) derives them (the same rules: a
-- monthly period is the month clipped to the campaign, a weekly one the ISO week clipped, a
-- one-off one from the campaign's start to its date; only due dates inside the campaign). Kept
-- beside it rather than read from it, because the obligations join every org of the subtree: a
-- period picker and the to-do list need the periods alone. SECURITY INVOKER: a campaign the caller
-- does not see has none. Not inlined (its SET): the planner takes it as about 30 rows rather than
-- guessing a thousand for each generate_series over the campaign's dates.
CREATE FUNCTION campaign_periods(p_campaign uuid)
RETURNS TABLE (campaign_id uuid, duty_id uuid, duty_position integer, content text, title text,
               recurrence text, reporters text[], period text, period_start date, period_end date,
               due_on date, due_time text, due_at timestamptz)
LANGUAGE sql STABLE ROWS 30 SET search_path = public, pg_temp AS $$
    SELECT c.id, d.id, d.position, d.content, d.title, d.recurrence, d.reporters, x.period,
           x.period_start, x.period_end, x.due_on, d.due_time,
           (x.due_on + d.due_time::time) AT TIME ZONE 'Asia/Shanghai'
    FROM campaigns c JOIN campaign_duties d ON d.campaign_id = c.id
    CROSS JOIN LATERAL (
        SELECT (m.m::date + (least(d.day_of_month,
                    extract(day FROM m.m + interval '1 month' - interval '1 day')::int) - 1)) AS due_on,
               to_char(m.m, 'YYYY-MM') AS period,
               greatest(m.m::date, c.starts_on) AS period_start,
               least((m.m + interval '1 month' - interval '1 day')::date, c.ends_on) AS period_end
        FROM generate_series(date_trunc('month', c.starts_on::timestamp), c.ends_on::timestamp,
                             interval '1 month') AS m(m)
        WHERE d.recurrence = 'monthly'
        UNION ALL
        SELECT (w.w::date + (d.weekday - 1)), to_char(w.w::date + (d.weekday - 1), 'IYYY-"W"IW'),
               greatest(w.w::date, c.starts_on), least(w.w::date + 6, c.ends_on)
        FROM generate_series(date_trunc('week', c.starts_on::timestamp), c.ends_on::timestamp,
                             interval '1 week') AS w(w)
        WHERE d.recurrence = 'weekly'
        UNION ALL
        SELECT d.due_date, to_char(d.due_date, 'YYYY-MM-DD'), c.starts_on, d.due_date
        WHERE d.recurrence = 'once'
    ) x
    WHERE c.id = p_campaign AND x.due_on BETWEEN c.starts_on AND c.ends_on
$$;
GRANT EXECUTE ON FUNCTION campaign_periods(uuid) TO anquan_app;

-- The open hazards of each org with what the live figures read of them (the path that row-level
-- security and the subtree check read; major, listed, overdue), so that a reporting table counts a
-- province's open hazards (about half a million) by an index-only scan.
CREATE INDEX hazards_open_org ON hazards (org_id) INCLUDE (org_path, state, level, listed, due_at)
    WHERE state NOT IN ('closed', 'cancelled') AND NOT archived;

-- The orgs of a level (a reporting table's cities and counties: a few among tens of thousands of
-- units), and an org by its path (a campaign's reply reads the caller's level by its path).
CREATE INDEX orgs_level ON orgs (level);
CREATE INDEX orgs_path ON orgs (path);

-- Reminders are notifications (report.reminder) whose dedupe key names the obligation
-- ('reminder:<duty>:<org>:<period>:<day>'): the to-do list reads the last one of each.
CREATE INDEX notifications_reminders ON notifications (user_id, dedupe_key text_pattern_ops)
    WHERE kind = 'report.reminder';
