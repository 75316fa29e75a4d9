/**
 * Implementation of the device-spi module: the built-in managers and shared checks. Not API; other modules reach
 * the built-ins through {@link org.netlever.device.BuiltInDeviceManagers}.
 */
package org.netlever.device.internal;
