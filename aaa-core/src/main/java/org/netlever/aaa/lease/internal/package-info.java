/**
 * The SQL of the lease tables, and the read positions of lease file followers. Not API.
 */
package org.netlever.aaa.lease.internal;
