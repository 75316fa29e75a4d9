-- netlever's outbox on Kea's PostgreSQL lease database (issue 14, KeaPgsqlFollower). Installed by netlever, and
-- idempotent: running it again changes nothing but the trigger function's body. It adds, beside the schema
-- `kea-admin db-init pgsql` made (whose own triggers on lease4 keep Kea's statistics and are left alone):
--   * netlever_lease4_outbox: one row per change of a lease4 row, in commit order of its id; netlever deletes the
--     rows it has handled once they are durable on its side, so rows wait here while netlever is down;
--   * a trigger on lease4 INSERT, UPDATE and DELETE that appends the row (the old row for a DELETE) and NOTIFYs
--     channel netlever_lease4, so that netlever need not poll.
-- Remove: DROP TRIGGER netlever_lease4_outbox ON lease4; DROP FUNCTION netlever_lease4_outbox_append();
--         DROP TABLE netlever_lease4_outbox;
CREATE TABLE IF NOT EXISTS netlever_lease4_outbox (
    id BIGSERIAL PRIMARY KEY,
    op CHAR(1) NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    address BIGINT NOT NULL,
    hwaddr BYTEA,
    valid_lifetime BIGINT,
    expire TIMESTAMP WITH TIME ZONE,
    subnet_id BIGINT,
    hostname VARCHAR(255),
    state BIGINT,
    user_context TEXT
);

CREATE OR REPLACE FUNCTION netlever_lease4_outbox_append() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO netlever_lease4_outbox (op, address, hwaddr, valid_lifetime, expire, subnet_id, hostname, state,
                user_context)
            VALUES ('D', OLD.address, OLD.hwaddr, OLD.valid_lifetime, OLD.expire, OLD.subnet_id, OLD.hostname,
                OLD.state, OLD.user_context);
    ELSE
        INSERT INTO netlever_lease4_outbox (op, address, hwaddr, valid_lifetime, expire, subnet_id, hostname, state,
                user_context)
            VALUES (substr(TG_OP, 1, 1), NEW.address, NEW.hwaddr, NEW.valid_lifetime, NEW.expire, NEW.subnet_id,
                NEW.hostname, NEW.state, NEW.user_context);
    END IF;
    PERFORM pg_notify('netlever_lease4', '');
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS netlever_lease4_outbox ON lease4;
CREATE TRIGGER netlever_lease4_outbox AFTER INSERT OR UPDATE OR DELETE ON lease4
    FOR EACH ROW EXECUTE PROCEDURE netlever_lease4_outbox_append();
