/**
 * The compatibility kit for {@link org.netlever.device.DeviceManager} implementations, shipped in the
 * {@code netlever-device-spi} test-jar: extend {@link org.netlever.device.tck.DeviceManagerCompatibilityKit} and
 * supply {@link org.netlever.device.tck.ManagerSample}s.
 */
package org.netlever.device.tck;
