-- No JIT compilation for this database's statements. A page's statement kept per shape (a
-- generic plan) is costed for a subtree it cannot see, often far past jit_above_cost, and
-- PostgreSQL then compiled it on every execution: the province's risk page ran 0.1 ms and
-- compiled for 400-550 ms. Nothing here scans long enough to repay compiling.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
END
$$;
