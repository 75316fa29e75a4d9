-- A DHCP event the lever sends twice - resent after a lost response, or to a second netlever process - carries the
-- same (source, source_event_id): it takes effect once. Events without an id (NULL) are not constrained.
CREATE UNIQUE INDEX dhcp_event_source_event ON dhcp_event (source, source_event_id);
