-- Where each lease follower (dhcpd.leases, Kea memfile, Kea PostgreSQL) has read up to, so that it resumes there after
-- a restart. A hint, not the guarantee: every event a follower delivers carries a source event id derived from the
-- lease record itself, so events re-read after a crash are recognised as duplicates by dhcp_event_source_event.
CREATE TABLE lease_follower_position (
    follower   VARCHAR(200)  NOT NULL PRIMARY KEY,
    position   VARCHAR(4000) NOT NULL,
    updated_at TIMESTAMP     NOT NULL
);
