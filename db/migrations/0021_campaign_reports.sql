-- Reports (信息报送): an org fills one reporting obligation of a campaign (campaign_obligations,
-- migration 0020: a duty, the org, a period) with its narrative and the figures the server computes
-- for its subtree and that period. Submitting freezes a version (the text and the figures as they
-- stood at that instant); the campaign's issuing org accepts it or returns it for revision with a
-- reason; a returned report is revised and submitted again as the next version. On time or late is
-- decided once, by the first submission's instant against the due instant. The workflow is a table
-- for the transition engine (api/campaign/report_workflow.c): draft -> submitted -> accepted |
-- returned -> submitted.

CREATE TABLE campaign_reports (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    campaign_id        uuid NOT NULL REFERENCES campaigns (id),
    duty_id            uuid NOT NULL REFERENCES campaign_duties (id),
    org_id             uuid NOT NULL,            -- the reporting org
    org_path           ltree NOT NULL,
    org_name           text NOT NULL,
    receiver_org_id    uuid NOT NULL REFERENCES orgs (id),   -- the campaign's issuing org
    period             text NOT NULL CHECK (period ~ '^[0-9]{4}-(W[0-9]{2}|[0-9]{2}|[0-9]{2}-[0-9]{2})$'),
    period_start       date NOT NULL,
    period_end         date NOT NULL,
    due_at             timestamptz NOT NULL,
    state              text NOT NULL DEFAULT 'draft'
                           CHECK (state IN ('draft', 'submitted', 'accepted', 'returned')),
    narrative          text NOT NULL DEFAULT '' CHECK (length(narrative) <= 20000),
    -- The figures of the last submitted version (NULL while a draft: the live ones are computed).
    figures            jsonb CHECK (figures IS NULL OR jsonb_typeof(figures) = 'object'),
    revision           integer NOT NULL DEFAULT 0,  -- submitted versions so far
    first_submitted_at timestamptz,
    timeliness         text CHECK (timeliness IN ('on_time', 'late')),  -- of the first submission
    submitted_at       timestamptz,
    submitted_by       uuid,
    submitted_by_name  text,
    decided_at         timestamptz,
    decided_by         uuid,
    decided_by_name    text,
    return_reason      text CHECK (length(return_reason) BETWEEN 1 AND 2000),
    archived           boolean NOT NULL DEFAULT false,
    version            integer NOT NULL DEFAULT 1,
    created_by         uuid,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (org_id, org_path) REFERENCES orgs (id, path) ON UPDATE CASCADE,
    UNIQUE (duty_id, org_id, period),
    CHECK (period_end >= period_start),
    CHECK ((revision = 0) = (first_submitted_at IS NULL)),
    CHECK ((first_submitted_at IS NULL) = (timeliness IS NULL)),
    CHECK (state = 'draft' OR revision > 0),
    CHECK ((state = 'returned') = (return_reason IS NOT NULL))
);
CREATE INDEX campaign_reports_org_path_gist ON campaign_reports USING gist (org_path);
CREATE INDEX campaign_reports_campaign ON campaign_reports (campaign_id, period, duty_id);
CREATE INDEX campaign_reports_feed ON campaign_reports (updated_at, id);
CREATE INDEX campaign_reports_due ON campaign_reports (due_at, id);

-- Every submitted version, frozen: what the receiver read, and its decision.
CREATE TABLE campaign_report_versions (
    report_id         uuid NOT NULL REFERENCES campaign_reports (id),
    revision          integer NOT NULL CHECK (revision > 0),
    org_path          ltree NOT NULL,
    narrative         text NOT NULL,
    figures           jsonb NOT NULL CHECK (jsonb_typeof(figures) = 'object'),
    submitted_at      timestamptz NOT NULL,
    submitted_by      uuid,
    submitted_by_name text,
    late              boolean NOT NULL,           -- this version's instant against the due instant
    decision          text CHECK (decision IN ('accepted', 'returned')),
    decision_reason   text CHECK (length(decision_reason) <= 2000),
    decided_at        timestamptz,
    decided_by_name   text,
    PRIMARY KEY (report_id, revision),
    CHECK ((decision IS NULL) = (decided_at IS NULL))
);

-- A report is seen by its org's subtree and every org above it (the receiver is above); never by
-- a sibling. Writes: the reporting org (filling) and orgs above it (deciding); the handler checks
-- which of them may make which move.
ALTER TABLE campaign_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE campaign_reports FORCE ROW LEVEL SECURITY;
CREATE POLICY campaign_reports_read ON campaign_reports FOR SELECT USING (org_path <@ app_scope());
CREATE POLICY campaign_reports_insert ON campaign_reports FOR INSERT WITH CHECK (org_path <@ app_identity());
CREATE POLICY campaign_reports_update ON campaign_reports FOR UPDATE
    USING (org_path <@ app_identity()) WITH CHECK (org_path <@ app_identity());
ALTER TABLE campaign_report_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE campaign_report_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY campaign_report_versions_read ON campaign_report_versions FOR SELECT
    USING (org_path <@ app_scope());
CREATE POLICY campaign_report_versions_insert ON campaign_report_versions FOR INSERT
    WITH CHECK (org_path <@ app_identity());
CREATE POLICY campaign_report_versions_update ON campaign_report_versions FOR UPDATE
    USING (org_path <@ app_identity()) WITH CHECK (org_path <@ app_identity());
GRANT SELECT, INSERT, UPDATE ON campaign_reports TO anquan_app;
GRANT SELECT, INSERT, UPDATE ON campaign_report_versions TO anquan_app;

-- The figures of subtree `p_path` for the days [p_start, p_end] in Asia/Shanghai, as they stand at
-- app_now(): what a report carries, frozen at its submission, and what oversight shows live.
--   inspections         submitted inspections made in the period (inspected_on)
--   hazards_found       hazards found in the period (发现时间), cancelled ones (误报) not counted
--   hazards_rectified   of those, closed (销号)
--   rectification_rate  rectified / found, percent with one decimal (NULL when none found)
--   major_open          major hazards open now, whenever found
--   listed_open         hazards under listed supervision (挂牌督办) open now
--   overdue             open hazards past their deadline now
--   institutions        institutions in the subtree (not archived)
--   grid_covered        of them, with a grid (网格) and its responsible person (网格责任人)
--   grid_coverage       grid_covered / institutions, percent
--   inspected_units     institutions with a submitted inspection in the period, spot checks aside
--   spot_checked_units  institutions spot-checked (抽查) in the period
--   spot_check_rate     spot_checked_units / inspected_units, percent (NULL when none inspected)
-- SECURITY INVOKER: row-level security keeps a caller to its own subtree.
CREATE FUNCTION report_figures(p_path ltree, p_start date, p_end date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    WITH b AS (
        SELECT p_start::timestamp AT TIME ZONE 'Asia/Shanghai' AS t0,
               (p_end + 1)::timestamp AT TIME ZONE 'Asia/Shanghai' AS t1
    ), h AS (
        SELECT count(*) FILTER (WHERE x.found_at >= b.t0 AND x.found_at < b.t1
                                  AND x.state <> 'cancelled') AS found,
               count(*) FILTER (WHERE x.found_at >= b.t0 AND x.found_at < b.t1
                                  AND x.state = 'closed') AS rectified,
               count(*) FILTER (WHERE x.level = 'major' AND x.state NOT IN ('closed', 'cancelled')) AS major_open,
               count(*) FILTER (WHERE x.listed AND x.state NOT IN ('closed', 'cancelled')) AS listed_open,
               count(*) FILTER (WHERE x.state IN ('registered', 'notice_issued', 'rectifying', 'acceptance_requested')
                                  AND x.due_at <= app_now()) AS overdue
        FROM b, hazards x
        WHERE x.org_path <@ p_path AND NOT x.archived
          AND ((x.found_at >= b.t0 AND x.found_at < b.t1)
            OR x.state NOT IN ('closed', 'cancelled'))
    ), i AS (
        SELECT count(*) FILTER (WHERE s.status = 'submitted') AS inspections,
               count(DISTINCT s.institution_id) FILTER (WHERE s.status = 'submitted' AND s.type <> 'spot') AS inspected,
               count(DISTINCT s.institution_id) FILTER (WHERE s.status = 'submitted' AND s.type = 'spot') AS spot
        FROM inspections s
        WHERE s.org_path <@ p_path AND s.inspected_on BETWEEN p_start AND p_end AND s.status = 'submitted'
    ), g AS (
        SELECT count(*) AS total,
               count(*) FILTER (WHERE n.grid_name IS NOT NULL AND n.grid_head IS NOT NULL) AS covered
        FROM institutions n WHERE n.org_path <@ p_path AND NOT n.archived
    )
    SELECT jsonb_build_object(
        'as_of', to_char(app_now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'period_start', p_start, 'period_end', p_end,
        'inspections', i.inspections,
        'hazards_found', h.found, 'hazards_rectified', h.rectified,
        'rectification_rate', CASE WHEN h.found = 0 THEN NULL ELSE round(h.rectified * 100.0 / h.found, 1) END,
        'major_open', h.major_open, 'listed_open', h.listed_open, 'overdue', h.overdue,
        'institutions', g.total, 'grid_covered', g.covered,
        'grid_coverage', CASE WHEN g.total = 0 THEN NULL ELSE round(g.covered * 100.0 / g.total, 1) END,
        'inspected_units', i.inspected, 'spot_checked_units', i.spot,
        'spot_check_rate', CASE WHEN i.inspected = 0 THEN NULL ELSE round(i.spot * 100.0 / i.inspected, 1) END)
    FROM h, i, g
$$;
GRANT EXECUTE ON FUNCTION report_figures(ltree, date, date) TO anquan_app;
