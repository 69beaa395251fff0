-- Which transaction last wrote an account's read-model rows: the projection sets it with the version in every batch
-- that touches the account (and a rebuild's swap carries the shadow batch's), so (version, written_in) changes whenever
-- any of the account's rows in customer_view, invoice_view, credit_view or account_view changes. GET /accounts/{id}
-- keeps its serialised answer under that pair and checks it with one indexed query. A transaction id (xid8, never
-- reused, stored as its number) rather than the version alone: a rebuild may rewrite the rows at the same version.
-- Rows written before this column read NULL until the projection next writes them.
ALTER TABLE account_view ADD COLUMN written_in BIGINT;

-- A rebuild left in progress by older code has shadow tables without the column: give it one, with this
-- transaction's id on the rows already there, so the swap still changes written_in for every account it rewrites.
DO $$
BEGIN
    IF to_regclass('rebuild_accounts.account_view') IS NOT NULL THEN
        ALTER TABLE rebuild_accounts.account_view ADD COLUMN IF NOT EXISTS written_in BIGINT;
        UPDATE rebuild_accounts.account_view SET written_in = cast(cast(pg_current_xact_id() AS text) AS bigint);
    END IF;
END $$;
