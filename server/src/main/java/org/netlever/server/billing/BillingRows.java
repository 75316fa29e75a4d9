package org.netlever.server.billing;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Handle;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.radius.AttributeType;
import org.netlever.aaa.radius.RadiusAttribute;
import org.netlever.option82.MacAddress;
import org.netlever.server.ServeConfig;

/**
 * The rows of the reference billing's entries — devices, subscribers, call tariffs, rate tariffs — written and read
 * as the configuration's {@code billing} entries, in the caller's transaction: what {@link ReferenceBilling#load}
 * and {@link BillingAdmin} share.
 *
 * <p>Thread-safe: stateless; each method runs on the handle it is given.
 */
final class BillingRows {

    private static final HexFormat HEX = HexFormat.of();
    private static final String SUBSCRIBER = "SELECT id, device_id, port, pool_kind, phone, balance, pcrf_domain,"
            + " tariff_plan, rate_tariff FROM billing_subscriber";
    private static final String DEVICE = "SELECT id, type_code, mac, serial, host_name, relay_address,"
            + " relay_interface FROM billing_device";

    private BillingRows() {
    }

    // ------------------------------------------------------------------------------------------------ call tariffs

    static void upsertCallTariff(Handle h, ServeConfig.CallTariff t) {
        int updated = h.createUpdate("UPDATE billing_call_tariff SET per_minute = :price WHERE prefix = :prefix")
                .bind("prefix", t.prefix()).bind("price", t.perMinute()).execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO billing_call_tariff (prefix, per_minute) VALUES (:prefix, :price)")
                    .bind("prefix", t.prefix()).bind("price", t.perMinute()).execute();
        }
    }

    static Optional<ServeConfig.CallTariff> callTariff(Handle h, String prefix) {
        return h.createQuery("SELECT prefix, per_minute FROM billing_call_tariff WHERE prefix = :prefix")
                .bind("prefix", prefix).map((rs, ctx) -> callTariff(rs)).findOne();
    }

    static List<ServeConfig.CallTariff> callTariffs(Handle h, Optional<String> after, int limit) {
        return h.createQuery("SELECT prefix, per_minute FROM billing_call_tariff WHERE prefix > :after"
                + " ORDER BY prefix LIMIT :limit").bind("after", after.orElse("")).bind("limit", limit)
                .map((rs, ctx) -> callTariff(rs)).list();
    }

    private static ServeConfig.CallTariff callTariff(ResultSet rs) throws SQLException {
        return new ServeConfig.CallTariff(rs.getString("prefix"), rs.getBigDecimal("per_minute"));
    }

    static boolean deleteCallTariff(Handle h, String prefix) {
        return h.createUpdate("DELETE FROM billing_call_tariff WHERE prefix = :prefix").bind("prefix", prefix)
                .execute() > 0;
    }

    // ------------------------------------------------------------------------------------------------ rate tariffs

    static void putRateTariff(Handle h, ServeConfig.RateTariff t) {
        if (h.createQuery("SELECT id FROM billing_rate_tariff WHERE id = :id").bind("id", t.id()).mapTo(String.class)
                .findOne().isEmpty()) {
            h.createUpdate("INSERT INTO billing_rate_tariff (id) VALUES (:id)").bind("id", t.id()).execute();
        }
        h.createUpdate("DELETE FROM billing_rate_tariff_attribute WHERE tariff_id = :id").bind("id", t.id())
                .execute();
        for (int i = 0; i < t.attributes().size(); i++) {
            RadiusAttribute a = t.attributes().get(i);
            h.createUpdate("INSERT INTO billing_rate_tariff_attribute (tariff_id, position, vendor_id,"
                    + " type_code, value_hex) VALUES (:id, :position, :vendor, :code, :value)")
                    .bind("id", t.id()).bind("position", i).bind("vendor", a.type().vendorId())
                    .bind("code", a.type().code()).bind("value", HEX.formatHex(a.value())).execute();
        }
    }

    static Optional<ServeConfig.RateTariff> rateTariff(Handle h, String id) {
        return h.createQuery("SELECT id FROM billing_rate_tariff WHERE id = :id").bind("id", id).mapTo(String.class)
                .findOne().map(found -> new ServeConfig.RateTariff(found, attributes(h, found)));
    }

    static List<ServeConfig.RateTariff> rateTariffs(Handle h, Optional<String> after, int limit) {
        List<String> ids = h.createQuery("SELECT id FROM billing_rate_tariff WHERE id > :after ORDER BY id"
                + " LIMIT :limit").bind("after", after.orElse("")).bind("limit", limit).mapTo(String.class).list();
        return ids.stream().map(id -> new ServeConfig.RateTariff(id, attributes(h, id))).toList();
    }

    /** A tariff's attributes as the wire has them, in order (S1.8). */
    static List<RadiusAttribute> attributes(Handle h, String tariffId) {
        return h.createQuery("SELECT vendor_id, type_code, value_hex FROM billing_rate_tariff_attribute"
                + " WHERE tariff_id = :id ORDER BY position").bind("id", tariffId).map((rs, ctx) -> attribute(rs))
                .list();
    }

    static RadiusAttribute attribute(ResultSet rs) throws SQLException {
        int vendor = rs.getInt("vendor_id");
        int code = rs.getInt("type_code");
        AttributeType type = vendor == 0 ? AttributeType.of(code) : AttributeType.vendor(vendor, code);
        return new RadiusAttribute(type, HEX.parseHex(rs.getString("value_hex")));
    }

    static boolean deleteRateTariff(Handle h, String id) {
        h.createUpdate("DELETE FROM billing_rate_tariff_attribute WHERE tariff_id = :id").bind("id", id).execute();
        return h.createUpdate("DELETE FROM billing_rate_tariff WHERE id = :id").bind("id", id).execute() > 0;
    }

    // ------------------------------------------------------------------------------------------------ subscribers

    /**
     * Inserts or updates a subscriber by id; an existing one keeps its balance (the entry's is the opening balance:
     * after that only calls and top-ups change it).
     */
    static void upsertSubscriber(Handle h, ServeConfig.Subscriber s) {
        String domain = s.pcrf().map(ServeConfig.PcrfPlan::domain).orElse(null);
        String plan = s.pcrf().map(ServeConfig.PcrfPlan::tariffPlan).orElse(null);
        Integer port = s.port().isPresent() ? s.port().getAsInt() : null;
        int updated = h.createUpdate("UPDATE billing_subscriber SET device_id = :device, port = :port,"
                + " pool_kind = :poolKind, phone = :phone, pcrf_domain = :domain, tariff_plan = :plan,"
                + " rate_tariff = :rateTariff WHERE id = :id")
                .bind("id", s.id()).bind("device", s.device().orElse(null)).bind("port", port)
                .bind("poolKind", s.poolKind()).bind("phone", s.phone().orElse(null))
                .bind("domain", domain).bind("plan", plan)
                .bind("rateTariff", s.rateTariff().orElse(null)).execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO billing_subscriber (id, device_id, port, pool_kind, phone, balance,"
                    + " pcrf_domain, tariff_plan, rate_tariff) VALUES (:id, :device, :port, :poolKind,"
                    + " :phone, :balance, :domain, :plan, :rateTariff)")
                    .bind("id", s.id()).bind("device", s.device().orElse(null)).bind("port", port)
                    .bind("poolKind", s.poolKind()).bind("phone", s.phone().orElse(null))
                    .bind("balance", s.balance()).bind("domain", domain).bind("plan", plan)
                    .bind("rateTariff", s.rateTariff().orElse(null)).execute();
        }
    }

    /** Adds to a subscriber's balance; whether there is such a subscriber. */
    static boolean topUp(Handle h, String id, BigDecimal amount) {
        return h.createUpdate("UPDATE billing_subscriber SET balance = balance + :amount WHERE id = :id")
                .bind("amount", amount).bind("id", id).execute() > 0;
    }

    static Optional<ServeConfig.Subscriber> subscriber(Handle h, String id) {
        return h.createQuery(SUBSCRIBER + " WHERE id = :id").bind("id", id).map((rs, ctx) -> subscriber(rs))
                .findOne();
    }

    /** A subscriber's row, locked until the transaction ends (the lock calls reserve credit under). */
    static Optional<ServeConfig.Subscriber> lockSubscriber(Handle h, String id) {
        return h.createQuery(SUBSCRIBER + " WHERE id = :id FOR UPDATE").bind("id", id)
                .map((rs, ctx) -> subscriber(rs)).findOne();
    }

    static List<ServeConfig.Subscriber> subscribers(Handle h, Optional<String> after, int limit) {
        return h.createQuery(SUBSCRIBER + " WHERE id > :after ORDER BY id LIMIT :limit")
                .bind("after", after.orElse("")).bind("limit", limit).map((rs, ctx) -> subscriber(rs)).list();
    }

    /** The ids of the subscribers matching a condition on one column, at most {@code limit}, by id. */
    static List<String> subscribersWith(Handle h, String column, String value, int limit) {
        return h.createQuery("SELECT id FROM billing_subscriber WHERE " + column + " = :value ORDER BY id"
                + " LIMIT :limit").bind("value", value).bind("limit", limit).mapTo(String.class).list();
    }

    private static ServeConfig.Subscriber subscriber(ResultSet rs) throws SQLException {
        int port = rs.getInt("port");
        OptionalInt devicePort = rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(port);
        String domain = rs.getString("pcrf_domain");
        String plan = rs.getString("tariff_plan");
        Optional<ServeConfig.PcrfPlan> pcrf = domain != null && plan != null
                ? Optional.of(new ServeConfig.PcrfPlan(domain, plan)) : Optional.empty();
        BigDecimal balance = rs.getBigDecimal("balance");
        return new ServeConfig.Subscriber(rs.getString("id"), Optional.ofNullable(rs.getString("device_id")),
                devicePort, rs.getString("pool_kind"), Optional.ofNullable(rs.getString("phone")), balance, pcrf,
                Optional.ofNullable(rs.getString("rate_tariff")));
    }

    static boolean deleteSubscriber(Handle h, String id) {
        return h.createUpdate("DELETE FROM billing_subscriber WHERE id = :id").bind("id", id).execute() > 0;
    }

    // ------------------------------------------------------------------------------------------------ devices

    static Optional<ServeConfig.Device> device(Handle h, String id) {
        return h.createQuery(DEVICE + " WHERE id = :id").bind("id", id).map((rs, ctx) -> device(rs)).findOne();
    }

    static List<ServeConfig.Device> devices(Handle h, Optional<String> after, int limit) {
        return h.createQuery(DEVICE + " WHERE id > :after ORDER BY id LIMIT :limit").bind("after", after.orElse(""))
                .bind("limit", limit).map((rs, ctx) -> device(rs)).list();
    }

    private static ServeConfig.Device device(ResultSet rs) throws SQLException {
        return new ServeConfig.Device(rs.getString("id"), rs.getString("type_code"),
                Optional.ofNullable(rs.getString("mac")).map(MacAddress::parse),
                Optional.ofNullable(rs.getString("serial")), Optional.ofNullable(rs.getString("host_name")),
                Optional.ofNullable(rs.getString("relay_address")).map(Ipv4Address::parse),
                Optional.ofNullable(rs.getString("relay_interface")));
    }

    static boolean deleteDevice(Handle h, String id) {
        return h.createUpdate("DELETE FROM billing_device WHERE id = :id").bind("id", id).execute() > 0;
    }
}
