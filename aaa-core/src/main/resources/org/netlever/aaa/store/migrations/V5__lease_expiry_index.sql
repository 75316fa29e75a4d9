-- How many leases are held past their expiry (LeaseReads.counts, the operations dashboard, issue 15): a range of this
-- index, so counting the active ones is the table's row count minus a range that is small on a healthy server.
CREATE INDEX lease_expires ON lease (expires_at);
