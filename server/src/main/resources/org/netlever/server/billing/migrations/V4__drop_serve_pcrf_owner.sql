-- PCRF leadership moved into pcrf-engine (org.netlever.pcrf.PcrfLeadership), and its owner epoch with it: the engine's
-- own migrations keep it in pcrf_owner, next to the state it fences. Nothing reads serve_pcrf_owner (V2) any more;
-- V2 stays as it was applied (scripts are checksummed), and this drops what it created. The epoch is not carried
-- over: a fence only compares its owner's epoch with the current one, and pcrf_owner keeps its own count.
-- Upgrading: stop every serve instance on the database before starting this version. An earlier instance still
-- running holds the same lock (the key is unchanged), so it keeps the PCRF; but its fence reads this table, so once
-- the table is gone that instance can store no more PCRF state (it overwrites nothing, and retries until stopped).
DROP TABLE serve_pcrf_owner;
