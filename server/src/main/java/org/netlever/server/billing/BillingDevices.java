package org.netlever.server.billing;

import java.net.InetAddress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.netlever.aaa.ip.Ipv4Address;
import org.netlever.aaa.store.Database;
import org.netlever.device.Device;
import org.netlever.option82.MacAddress;
import org.netlever.server.ServeConfig;

/**
 * The reference billing's {@code billing_device} table (S1.5): the devices loaded from the configuration, and the
 * lookups by every key a device is found by — MAC, serial, host name (ignoring case, through the lower-case
 * {@code host_key}), relay address alone, relay address and interface (V7).
 *
 * <p>Thread-safe: every lookup is one query; {@link #upsert} runs in the caller's transaction.
 */
final class BillingDevices {

    private final Database db;

    BillingDevices(Database db) {
        this.db = db;
    }

    /** Inserts or updates a configured device by id, in the caller's transaction. */
    static void upsert(Handle h, ServeConfig.Device d) {
        Map<String, Object> values = new HashMap<>();
        values.put("id", d.id());
        values.put("type", d.type());
        values.put("mac", d.mac().map(MacAddress::toString).orElse(null));
        values.put("serial", d.serial().orElse(null));
        values.put("host", d.hostName().orElse(null));
        values.put("hostKey", d.hostName().map(BillingDevices::hostKey).orElse(null));
        values.put("relay", d.relayAddress().map(Ipv4Address::toString).orElse(null));
        values.put("relayInterface", d.relayInterface().orElse(null));
        int updated = h.createUpdate("UPDATE billing_device SET type_code = :type, mac = :mac, serial = :serial,"
                + " host_name = :host, host_key = :hostKey, relay_address = :relay, relay_interface = :relayInterface"
                + " WHERE id = :id").bindMap(values).execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO billing_device (id, type_code, mac, serial, host_name, host_key, relay_address,"
                    + " relay_interface) VALUES (:id, :type, :mac, :serial, :host, :hostKey, :relay, :relayInterface)")
                    .bindMap(values).execute();
        }
    }

    Optional<Device> byMac(MacAddress mac) {
        return db.withHandle(h -> select(h, "mac = :mac").bind("mac", mac.toString()).map(BillingDevices::device)
                .findFirst());
    }

    Optional<Device> bySerial(String serial) {
        return db.withHandle(h -> select(h, "serial = :serial").bind("serial", serial).map(BillingDevices::device)
                .findFirst());
    }

    List<Device> byHostName(String hostName) {
        return db.withHandle(h -> select(h, "host_key = :key").bind("key", hostKey(hostName))
                .map(BillingDevices::device).list());
    }

    List<Device> byRelayAddress(InetAddress relay) {
        return db.withHandle(h -> select(h, "relay_address = :relay AND relay_interface IS NULL")
                .bind("relay", relay.getHostAddress()).map(BillingDevices::device).list());
    }

    List<Device> byRelayInterface(InetAddress relay, String relayInterface) {
        return db.withHandle(h -> select(h, "relay_address = :relay AND relay_interface = :name")
                .bind("relay", relay.getHostAddress()).bind("name", relayInterface).map(BillingDevices::device)
                .list());
    }

    private static String hostKey(String hostName) {
        return hostName.toLowerCase(Locale.ROOT);
    }

    private static Query select(Handle h, String where) {
        return h.createQuery("SELECT id, type_code, mac, serial, host_name, relay_address, relay_interface"
                + " FROM billing_device WHERE " + where + " ORDER BY id");
    }

    private static Device device(ResultSet rs, StatementContext ctx) throws SQLException {
        Device.Builder b = Device.builder(rs.getString("id"), rs.getString("type_code"));
        Optional.ofNullable(rs.getString("mac")).map(MacAddress::parse).ifPresent(b::mac);
        Optional.ofNullable(rs.getString("serial")).ifPresent(b::serial);
        Optional.ofNullable(rs.getString("host_name")).ifPresent(b::hostName);
        Optional.ofNullable(rs.getString("relay_address")).map(Ipv4Address::parse).map(Ipv4Address::toInetAddress)
                .ifPresent(b::relayAddress);
        Optional.ofNullable(rs.getString("relay_interface")).ifPresent(b::relayInterface);
        return b.build();
    }
}
