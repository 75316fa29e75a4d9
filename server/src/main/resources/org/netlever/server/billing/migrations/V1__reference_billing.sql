-- The reference billing of `netlever serve`: enough of a billing for the three seed stories, in netlever's database.
-- An integrator replaces it with their own billing by implementing the SPIs it implements (see ReferenceBilling).

-- Registered access devices (S1.5): switches by MAC, PON terminals by serial.
CREATE TABLE billing_device (
    id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    type_code  VARCHAR(64)  NOT NULL,
    mac        VARCHAR(17),
    serial     VARCHAR(64)
);
CREATE INDEX billing_device_mac ON billing_device (mac);
CREATE INDEX billing_device_serial ON billing_device (serial);

-- Subscriber accounts: DHCP binding (S1.6), phone and balance (S2), PCRF service domain and tariff plan (S3).
-- balance is the opening balance when the row is first loaded; after that only calls change it.
CREATE TABLE billing_subscriber (
    id              VARCHAR(128)   NOT NULL PRIMARY KEY,
    device_id       VARCHAR(64),
    port            INT,
    pool_kind       VARCHAR(64)    NOT NULL,
    phone           VARCHAR(32),
    balance         DECIMAL(18, 4) NOT NULL,
    pcrf_domain     VARCHAR(255),
    tariff_plan     VARCHAR(128)
);
CREATE INDEX billing_subscriber_device ON billing_subscriber (device_id, port);
CREATE UNIQUE INDEX billing_subscriber_phone ON billing_subscriber (phone);

-- Call prices per started minute by called-number prefix (the longest prefix wins).
CREATE TABLE billing_call_tariff (
    prefix      VARCHAR(32)    NOT NULL PRIMARY KEY,
    per_minute  DECIMAL(18, 4) NOT NULL
);

-- Every call charged, keyed by its accounting key, so a Stop resent after failover is charged once (S2.7).
CREATE TABLE billing_call_charge (
    acct_key      VARCHAR(400)   NOT NULL PRIMARY KEY,
    subscriber_id VARCHAR(128)   NOT NULL,
    called        VARCHAR(64)    NOT NULL,
    seconds       BIGINT         NOT NULL,
    charge        DECIMAL(18, 4) NOT NULL,
    charged_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX billing_call_charge_subscriber ON billing_call_charge (subscriber_id, charged_at);
