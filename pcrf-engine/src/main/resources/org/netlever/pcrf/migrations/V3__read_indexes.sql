-- The operations API's pages of the PCRF state (issue 15: a page in under 100 ms with a million subscribers), each a
-- keyset page on one of these. Subscribers are listed by row_id (the order the engine first saw them): alone by the
-- primary key, by domain on pcrf_subscriber_domain, by step or an owed services-reauth on the state's own indexes.
-- Only a step change or a reauth flag moves an entry of pcrf_state's indexes; accounting, which rewrites quotas and
-- sessions, changes neither column.
CREATE INDEX pcrf_subscriber_domain ON pcrf_subscriber (domain, row_id);
CREATE INDEX pcrf_state_step ON pcrf_state (step, row_id);
CREATE INDEX pcrf_state_reauth ON pcrf_state (reauth_pending, row_id);
-- Transitions newest first: all of them by time, one subscriber's by time (pcrf_transition_row, by id, stays for the
-- engine's own oldest-first history).
CREATE INDEX pcrf_transition_at ON pcrf_transition (at, id);
CREATE INDEX pcrf_transition_row_at ON pcrf_transition (row_id, at, id);
