-- Custom plans only where they pay (migration 0013 set them for the whole database): a list is
-- planned for its own filters and subtree on every page (the server sets plan_cache_mode for the
-- list's transaction: list_custom_plans in api/resource/list.c), while every other statement
-- (the sign-in gate's lookups, one-record reads, writes) keeps the plan cached on its connection
-- instead of planning row-level security and its subqueries again on every request.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I RESET plan_cache_mode', current_database());
END
$$;
