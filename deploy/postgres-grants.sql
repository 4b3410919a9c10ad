-- Privileges of the dashboard's two working roles (docs/deploy.md, "PostgreSQL").
-- Run as the owner role, in the dashboard's database, after `python -m data_access init`, after every
-- upgrade and after every restore; it is idempotent:
--   psql "$OWNER_URL" -v writer=hromada_writer -v pages=hromada_pages -f deploy/postgres-grants.sql
-- The writer (imports, scheduled jobs, the command line) reads and writes every table; the audit
-- log's triggers still refuse UPDATE and DELETE there. The pages' role reads everything and writes
-- only what signing in, downloads and meeting packs record — never a record table, a batch, a
-- priority or an account's role.
\set ON_ERROR_STOP on
GRANT USAGE ON SCHEMA public TO :"writer", :"pages";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"writer";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"writer", :"pages";
GRANT SELECT ON ALL TABLES IN SCHEMA public TO :"pages";
GRANT INSERT ON audit_log, meeting_pack TO :"pages";
GRANT UPDATE ON audit_chain, data_version TO :"pages";
GRANT INSERT, UPDATE, DELETE ON login_throttle TO :"pages";
GRANT UPDATE (failed_attempts, last_login_at, password_hash) ON app_user TO :"pages";
-- tables and sequences that later migrations create (as the owner) get the same table-wide rights
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"writer";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO :"pages";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"writer", :"pages";
