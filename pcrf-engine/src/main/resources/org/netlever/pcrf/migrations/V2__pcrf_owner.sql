-- Which process owns the PCRF engine's state when several share one PostgreSQL (PcrfLeadership). Each new owner, once
-- it holds the leadership lock, takes the next epoch; every write of its engine first reads the epoch under a share
-- lock (its StoreFence) and is refused if it is no longer its own, so an engine that lost the lock without noticing
-- yet cannot overwrite what its successor stored. One row, id 1.
CREATE TABLE pcrf_owner (
    id     INT    NOT NULL PRIMARY KEY,
    epoch  BIGINT NOT NULL
);
INSERT INTO pcrf_owner (id, epoch) VALUES (1, 0);
