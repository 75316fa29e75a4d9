-- Rate tariffs (S1.8): the RADIUS attributes a NAS gets with each lease of a subscriber on the tariff - rate limits,
-- filters - one row per attribute, in order, as the wire has them (vendor 0 for standard attributes), so what the
-- NAS receives does not depend on a dictionary loaded later.
CREATE TABLE billing_rate_tariff_attribute (
    tariff_id   VARCHAR(128) NOT NULL,
    position    INT          NOT NULL,
    vendor_id   INT          NOT NULL,
    type_code   INT          NOT NULL,
    value_hex   VARCHAR(506) NOT NULL,
    PRIMARY KEY (tariff_id, position)
);

ALTER TABLE billing_subscriber ADD COLUMN rate_tariff VARCHAR(128);
