package org.netlever.aaa.lease;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.netlever.device.Device;

/**
 * A {@link SubscriberDirectory} held in memory, keyed by device id: for tests, examples and the demo.
 *
 * <p>Thread-safe.
 */
public final class InMemorySubscriberDirectory implements SubscriberDirectory {

    private final Map<String, List<Subscriber>> byDevice = new ConcurrentHashMap<>();

    /** Creates an empty directory. */
    public InMemorySubscriberDirectory() {
    }

    /**
     * Binds an account to a device.
     *
     * @param deviceId the device id
     * @param subscriber the account
     * @return this directory
     */
    public InMemorySubscriberDirectory bind(String deviceId, Subscriber subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        byDevice.computeIfAbsent(Objects.requireNonNull(deviceId, "deviceId"), id -> new CopyOnWriteArrayList<>())
                .add(subscriber);
        return this;
    }

    /**
     * Replaces an account's record wherever it is bound (to change its access or kind).
     *
     * @param subscriber the new record, matched by id
     * @return whether it was bound anywhere
     */
    public boolean update(Subscriber subscriber) {
        boolean found = false;
        for (List<Subscriber> list : byDevice.values()) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).id().equals(subscriber.id())) {
                    list.set(i, subscriber);
                    found = true;
                }
            }
        }
        return found;
    }

    @Override
    public List<Subscriber> findByDevice(Device device) {
        return List.copyOf(byDevice.getOrDefault(device.id(), List.of()));
    }
}
