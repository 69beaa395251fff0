-- The credit policy's own history (proposals, their switching on or rejection, imported exchange rates), appended
-- under an advisory lock and never changed: the policy in force is the configuration with this log applied in order.
CREATE TABLE policy_log (
    seq         BIGSERIAL PRIMARY KEY,
    kind        TEXT        NOT NULL,
    payload     JSONB       NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
