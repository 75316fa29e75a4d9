-- Which serve process owns the PCRF engine's state (PcrfLeadership): each new owner takes the next epoch, and every
-- write of an engine checks, under a share lock, that its epoch is still the current one - so an engine that lost
-- its lock cannot overwrite what its successor stored (fencing).
CREATE TABLE serve_pcrf_owner (
    id     INT    NOT NULL PRIMARY KEY,
    epoch  BIGINT NOT NULL
);
INSERT INTO serve_pcrf_owner (id, epoch) VALUES (1, 0);
