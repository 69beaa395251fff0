-- The group directory re-reads every CreditGroupChanged every few seconds: a partial index keeps that from scanning
-- the whole events table (order checks make it grow fast).
CREATE INDEX events_credit_group_changed ON events (tx_id, position) WHERE event_type = 'CreditGroupChanged';
