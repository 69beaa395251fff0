-- Amounts within the ingest contract's limits (15 integer digits) and their sums must fit every read-model column:
-- NUMERIC(19, 4) overflowed at 10^15, and the projection then failed the same batch forever. Plain NUMERIC holds any
-- amount at the scale it was given.
ALTER TABLE invoice_view
    ALTER COLUMN amount      TYPE NUMERIC,
    ALTER COLUMN adjustments TYPE NUMERIC,
    ALTER COLUMN written_off TYPE NUMERIC,
    ALTER COLUMN applied     TYPE NUMERIC,
    ALTER COLUMN open_amount TYPE NUMERIC;

ALTER TABLE credit_view
    ALTER COLUMN amount    TYPE NUMERIC,
    ALTER COLUMN unapplied TYPE NUMERIC;

-- The stream version of each account that the read models have applied: the account summary's version and ETag,
-- so a clerk's If-Match names exactly the state the clerk was shown.
CREATE TABLE account_view (
    customer_id TEXT   PRIMARY KEY,
    version     BIGINT NOT NULL
);

-- Read models built before this table existed: the versions up to the projection's checkpoint.
INSERT INTO account_view (customer_id, version)
SELECT substr(e.stream_id, length('account-') + 1), max(e.version)
  FROM events e
  JOIN checkpoints c ON c.name = 'projection:accounts'
 WHERE e.stream_id LIKE 'account-%' AND (e.tx_id, e.position) <= (c.tx_id, c.position)
 GROUP BY e.stream_id;
