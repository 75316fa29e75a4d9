/**
 * Telling the NAS about lease changes (S1.8) over RADIUS: {@link org.netlever.aaa.lease.nas.CoaNasSync}, the RFC 5176
 * CoA implementation of the lease module's {@link org.netlever.aaa.lease.NasSync} hook. It sits next to the hook it
 * implements, and it is the only place where RADIUS code reaches into leases: {@code org.netlever.aaa.radius} knows
 * nothing of them.
 */
package org.netlever.aaa.lease.nas;
