/**
 * An example third-party device-manager plugin: {@link org.netlever.examples.custom.CustomDeviceManagerExample} for
 * ORing industrial switches, discovered through {@code META-INF/services}. Not part of netlever's API.
 */
package org.netlever.examples.custom;
