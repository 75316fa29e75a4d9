/**
 * The device-manager SPI (S1.5–S1.7): which device types serve several subscribers told apart by port, how each
 * model writes its Option 82, the registry of managers (explicit, plus opt-in {@link java.util.ServiceLoader}
 * discovery), the devices billing has registered, and the resolver that turns an Option 82 into a device and the
 * port that selects the subscriber.
 *
 * <pre>{@code
 * DeviceManagers managers = DeviceManagers.builtIns();
 * InMemoryDeviceDirectory devices = InMemoryDeviceDirectory.of(
 *         Device.of("sw-17", BuiltInDeviceManagers.DLINK_SWITCH, MacAddress.parse("f8:e9:03:e7:55:a6")));
 * Resolution r = new DeviceResolver(managers, devices).resolve(RelayAgentInformation.parse(option82Bytes));
 * if (r instanceof Resolution.Resolved ok) {
 *     ok.device();          // sw-17
 *     ok.subscriberPort();  // OptionalInt[5]: find the subscriber on sw-17 port 5
 * }
 * }</pre>
 *
 * <p>Every type here is immutable and thread-safe unless its documentation says otherwise (builders are not;
 * {@link org.netlever.device.InMemoryDeviceDirectory} is thread-safe and mutable). A manager for a model netlever
 * does not ship implements {@link org.netlever.device.DeviceManager} and extends the compatibility kit
 * {@code org.netlever.device.tck.DeviceManagerCompatibilityKit} from the {@code netlever-device-spi} test-jar.
 */
package org.netlever.device;
