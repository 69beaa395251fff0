-- The money that flows through each customer's account per day, kept by the consumer beside the spans, so that the
-- credit sales, write-offs and collections of any period (a quarter, a year, a custom range, the month to date) are
-- read from here with the as-of of the period's end instead of aggregated from every invoice and movement.
--
-- A period's figures are not the sum of its months': an invoice of August cancelled in September counts in August's
-- credit sales (not cancelled by 31 August) but not in the third quarter's (cancelled by 30 September). So each row
-- keeps, besides its day, the day from which it no longer counts (void_from: the invoice's cancel, the payment's
-- return; 'infinity' when never), and a period ending on E sums the rows of its days with void_from > E.
--
-- kind SALE: invoices issued that day (amount), void_from = the invoice's cancel date.
-- kind SETTLE: the day's write-offs net of reversals and cash applied net of unapplications (payments only; credit
-- note applications count as zero but keep the row, as the fact query keeps their key), void_from = the payment's
-- return date for what it collected. A SETTLE row's write_offs always count; its collected only while not returned.
CREATE TABLE rpt_day_money (
    customer_id TEXT          NOT NULL,
    currency    TEXT          NOT NULL,
    kind        TEXT          NOT NULL,
    day         DATE          NOT NULL,
    void_from   DATE          NOT NULL,
    sales       NUMERIC(20,4) NOT NULL,
    write_offs  NUMERIC(20,4) NOT NULL,
    collected   NUMERIC(20,4) NOT NULL,
    PRIMARY KEY (customer_id, kind, day, currency, void_from)
);
CREATE INDEX rpt_day_money_day_idx ON rpt_day_money (kind, day);

-- A database that already holds facts gets its rows now, from all of them.
INSERT INTO rpt_day_money (customer_id, currency, kind, day, void_from, sales, write_offs, collected)
SELECT customer_id, currency, kind, day, void_from, sum(sales), sum(write_offs), sum(collected) FROM (
    SELECT i.customer_id, i.currency, 'SALE' AS kind, i.issue_date AS day,
           coalesce(c.cancelled_date, 'infinity'::date) AS void_from, i.amount AS sales, 0 AS write_offs,
           0 AS collected
    FROM rpt_invoice i
    LEFT JOIN rpt_invoice_cancel c ON c.customer_id = i.customer_id AND c.invoice_id = i.invoice_id
    UNION ALL
    SELECT m.customer_id, m.currency, 'SETTLE', m.business_date,
           CASE WHEN m.kind IN ('APPLIED', 'UNAPPLIED') AND m.source_kind = 'PAYMENT'
                THEN coalesce(r.returned_date, 'infinity'::date) ELSE 'infinity'::date END,
           0,
           CASE WHEN m.kind IN ('WRITTEN_OFF', 'WRITE_OFF_REVERSED') THEN -m.amount ELSE 0 END,
           CASE WHEN m.kind IN ('APPLIED', 'UNAPPLIED') AND m.source_kind = 'PAYMENT' THEN -m.amount ELSE 0 END
    FROM rpt_movement m
    LEFT JOIN rpt_payment_return r ON m.source_kind = 'PAYMENT' AND r.customer_id = m.customer_id
         AND r.payment_id = m.source_id
    WHERE m.kind IN ('WRITTEN_OFF', 'WRITE_OFF_REVERSED', 'APPLIED', 'UNAPPLIED')
) f GROUP BY customer_id, currency, kind, day, void_from;
