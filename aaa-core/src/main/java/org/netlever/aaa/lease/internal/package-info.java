/**
 * The SQL of the lease tables. Not API.
 */
package org.netlever.aaa.lease.internal;
