/**
 * Authentication, authorization and accounting for subscriber access (S1, S2): DHCP lease events from ISC dhcpd and
 * Kea authorized by Option 82 through {@link org.netlever.device.DeviceResolver}, lease bookkeeping and IP pools, the
 * NAS-sync hook, and the RADIUS server and client a softswitch talks to.
 */
package org.netlever.aaa;
