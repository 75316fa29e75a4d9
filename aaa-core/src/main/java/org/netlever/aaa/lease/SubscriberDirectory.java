package org.netlever.aaa.lease;

import java.util.List;
import java.util.OptionalInt;

import org.netlever.device.Device;

/**
 * Billing's subscribers, as netlever asks for them (S1.6): the accounts bound to a device, and on which port. The
 * billing owns subscribers and implements this over its own tables; {@link InMemorySubscriberDirectory} serves tests
 * and examples.
 *
 * <p>netlever never takes "the first row": if more than one account is bound where one is expected, the event is an
 * {@link LeaseOutcome.AmbiguousSubscriber} for an operator to fix.
 *
 * <p>Check an implementation, with its device directory, with {@code org.netlever.aaa.tck.DirectoryCompatibilityKit}
 * in the {@code netlever-aaa-core} test-jar.
 *
 * <p>Implementations must be thread-safe; they are called for every commit, from many threads.
 */
public interface SubscriberDirectory {

    /**
     * Every account bound to the device, with the port each is on where the device has ports.
     *
     * @param device the registered device
     * @return the accounts, possibly none
     */
    List<Subscriber> findByDevice(Device device);

    /**
     * The accounts bound to one port of a switch. The default filters {@link #findByDevice(Device)}; override it with
     * an indexed query when devices have many accounts.
     *
     * @param device the registered device
     * @param port the port
     * @return the accounts on that port, possibly none
     */
    default List<Subscriber> findByDevicePort(Device device, int port) {
        OptionalInt wanted = OptionalInt.of(port);
        return findByDevice(device).stream().filter(s -> s.devicePort().equals(wanted)).toList();
    }
}
