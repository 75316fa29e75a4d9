-- What else a device is found by (S1.5), besides its MAC and serial: the host name a TR-101 text circuit-id names it
-- by, compared ignoring case through host_key (its lower-case form, indexed); the relay address (giaddr) of an L3
-- switch or relay agent; and, with it, the interface name a plain relay agent (dhcrelay -a) writes as the circuit-id.
ALTER TABLE billing_device ADD COLUMN host_name VARCHAR(255);
ALTER TABLE billing_device ADD COLUMN host_key VARCHAR(255);
ALTER TABLE billing_device ADD COLUMN relay_address VARCHAR(15);
ALTER TABLE billing_device ADD COLUMN relay_interface VARCHAR(255);
CREATE INDEX billing_device_host ON billing_device (host_key);
CREATE INDEX billing_device_relay ON billing_device (relay_address, relay_interface);
