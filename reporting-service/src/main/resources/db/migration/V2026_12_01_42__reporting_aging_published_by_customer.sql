-- Every poll reads what was last published under the aging keys of its customers (customer_id = ANY(...)): without
-- this index that is a scan of every key ever published, once per poll.
CREATE INDEX rpt_aging_published_customer_idx ON rpt_aging_published (customer_id);
