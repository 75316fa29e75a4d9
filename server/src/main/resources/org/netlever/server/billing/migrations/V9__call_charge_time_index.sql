-- The calls page of the operations API (issue 15) without a subscriber: newest first by (charged_at, acct_key), a
-- range of this index read backwards instead of a sort of every call ever charged. With a subscriber the existing
-- billing_call_charge_subscriber (subscriber_id, charged_at) serves.
CREATE INDEX billing_call_charge_time ON billing_call_charge (charged_at, acct_key);
