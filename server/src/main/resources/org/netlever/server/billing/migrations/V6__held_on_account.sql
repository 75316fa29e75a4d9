-- What an account's reservations hold, kept on the account (issue 12 part 4): reserving credit is an update of one
-- row the transaction has locked anyway, not a sum over the reservations each time. held is the SUM(amount) and calls
-- the COUNT(*) of the account's billing_call_reservation rows, expired or not: every transaction that inserts,
-- deletes or resizes a reservation holds the account's row lock and moves both with it. An expired reservation is
-- deleted, and its credit given back, by the next call of its account that would otherwise be refused, by an
-- Interim-Update of another of its calls, or by the sweeper (ReferenceBilling.sweepExpired) - whichever comes first.
-- What an account may spend on a new call: balance - held, once its expired reservations are given back.
-- The index on expires_at alone goes: every reservation paid for it, and only the sweeper, twice a minute, reads by
-- expiry across accounts (the table holds the calls in progress; an account's own are found by the other index).
-- Upgrading: stop every serve instance on the database before starting this version (an earlier one would reserve
-- without moving held).
ALTER TABLE billing_subscriber ADD COLUMN held DECIMAL(18, 4) DEFAULT 0 NOT NULL;
ALTER TABLE billing_subscriber ADD COLUMN calls INT DEFAULT 0 NOT NULL;
UPDATE billing_subscriber SET
    held = (SELECT COALESCE(SUM(r.amount), 0) FROM billing_call_reservation r WHERE r.subscriber_id = billing_subscriber.id),
    calls = (SELECT COUNT(*) FROM billing_call_reservation r WHERE r.subscriber_id = billing_subscriber.id);
DROP INDEX billing_call_reservation_expiry;
