-- Prepaid credit held for calls in progress (S2.3-S2.7, issue 12). An authorization reserves what the call's credit
-- time costs, so calls at once share the balance instead of each being granted all of it; Start confirms the
-- reservation until the credit runs out, an Interim-Update resizes it, the Stop charges the call (billing_call_charge)
-- and deletes it. One whose call never reports is ignored from expires_at on and deleted when next seen.
-- What an account may still spend: billing_subscriber.balance - SUM(amount) of its unexpired reservations.
-- A call authorized again for the same B is a resent request (answered as before); for another B, a re-routed one.
-- Reservations of an account are written only under its billing_subscriber row lock.
CREATE TABLE billing_call_reservation (
    call_id       VARCHAR(400)   NOT NULL PRIMARY KEY,
    subscriber_id VARCHAR(128)   NOT NULL,
    called        VARCHAR(64)    NOT NULL,
    per_minute    DECIMAL(18, 4) NOT NULL,
    minutes       BIGINT         NOT NULL,
    amount        DECIMAL(18, 4) NOT NULL,
    answered      BOOLEAN        NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX billing_call_reservation_subscriber ON billing_call_reservation (subscriber_id, expires_at);
CREATE INDEX billing_call_reservation_expiry ON billing_call_reservation (expires_at);
