-- The open invoices summed per currency and due date: what the portfolio gauges (ledgerline_invoices_open,
-- ledgerline_amount_past_due) read. They used to sum invoice_view itself every minute: a scan of every invoice ever
-- issued (a parallel one, on every core the database had) that delayed the API's reads while it ran (see
-- benchmarks/README.md, "REST"). The account projection keeps these rows in the same statements that write
-- invoice_view (ReadModelRows), so they change in the same transactions and a rebuild rebuilds them with the rest.
-- An invoice counts while its open amount is above zero, as the scan counted it. Rows whose invoices are all settled
-- stay, at zero: one per currency and due date, a few hundred a year.
CREATE TABLE open_invoice_totals (
    currency    TEXT    NOT NULL,
    due_date    DATE    NOT NULL,
    invoices    BIGINT  NOT NULL,
    open_amount NUMERIC NOT NULL,
    PRIMARY KEY (currency, due_date)
);

INSERT INTO open_invoice_totals (currency, due_date, invoices, open_amount)
SELECT currency, due_date, count(*), sum(open_amount)
  FROM invoice_view
 WHERE open_amount > 0
 GROUP BY currency, due_date;

-- A rebuild of the account read models left in progress by older code has no copy of this table: its batches write
-- every table of the projection in its own schema, so give it one, summed from the invoices it has rebuilt so far.
DO $$
BEGIN
    IF to_regclass('rebuild_accounts.invoice_view') IS NOT NULL THEN
        CREATE UNLOGGED TABLE rebuild_accounts.open_invoice_totals (LIKE open_invoice_totals INCLUDING ALL);
        INSERT INTO rebuild_accounts.open_invoice_totals (currency, due_date, invoices, open_amount)
        SELECT currency, due_date, count(*), sum(open_amount)
          FROM rebuild_accounts.invoice_view
         WHERE open_amount > 0
         GROUP BY currency, due_date;
    END IF;
END $$;
