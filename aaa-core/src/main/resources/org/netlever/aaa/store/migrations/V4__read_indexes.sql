-- Indexes for the operators' read API (issue 15): each list is a keyset page, an equality on an index's leading
-- column and a range on its key, so a page costs the same at the millionth row as at the first.
-- Leases by address (the primary key), or filtered by device, pool or MAC and then by address. By subscriber uses
-- lease_subscriber: a subscriber holds few addresses.
CREATE INDEX lease_device_ip ON lease (device_id, ip);
CREATE INDEX lease_pool_ip ON lease (pool_id, ip);
CREATE INDEX lease_mac_ip ON lease (mac, ip);
-- The event log newest first (by id, the primary key), or filtered by outcome, source or subscriber and then by id;
-- by address uses dhcp_event_ip (ip, id). A time window narrow enough for the id scan to pass many rows uses
-- received_at.
CREATE INDEX dhcp_event_outcome_id ON dhcp_event (outcome, id);
CREATE INDEX dhcp_event_source_id ON dhcp_event (source, id);
CREATE INDEX dhcp_event_subscriber_id ON dhcp_event (subscriber_id, id);
CREATE INDEX dhcp_event_received_at ON dhcp_event (received_at);
-- The NAS-sync queue by status or subscriber, newest first.
CREATE INDEX nas_sync_status_id ON nas_sync (status, id);
CREATE INDEX nas_sync_subscriber_id ON nas_sync (subscriber_id, id);
