-- Indexes for the operators' read API (issue 15): each list is a keyset page, an equality on an index's leading
-- column and a range on its key, so a page costs the same at the millionth row as at the first.
-- Leases by address (the primary key), or filtered by device, pool or MAC and then by address. By subscriber uses
-- lease_subscriber: a subscriber holds few addresses.
CREATE INDEX lease_device_ip ON lease (device_id, ip);
CREATE INDEX lease_pool_ip ON lease (pool_id, ip);
CREATE INDEX lease_mac_ip ON lease (mac, ip);
-- The event log newest first by (received_at, id): a time window is a range of the same index, alone or after an
-- outcome, a source or a subscriber. By address uses dhcp_event_ip (ip, id): an address has few events.
CREATE INDEX dhcp_event_received ON dhcp_event (received_at, id);
CREATE INDEX dhcp_event_outcome_received ON dhcp_event (outcome, received_at, id);
CREATE INDEX dhcp_event_source_received ON dhcp_event (source, received_at, id);
CREATE INDEX dhcp_event_subscriber_received ON dhcp_event (subscriber_id, received_at, id);
-- The lease history newest first by (recorded_at, id); by address or subscriber uses lease_history_ip and
-- lease_history_subscriber: few entries each.
CREATE INDEX lease_history_recorded ON lease_history (recorded_at, id);
-- The NAS-sync queue by status or subscriber, newest first by id.
CREATE INDEX nas_sync_status_id ON nas_sync (status, id);
CREATE INDEX nas_sync_subscriber_id ON nas_sync (subscriber_id, id);
