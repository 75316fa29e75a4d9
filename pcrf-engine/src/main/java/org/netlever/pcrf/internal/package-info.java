/**
 * Implementation of the PCRF engine: subscribers in memory, the cron schedule, the group-committed store and the
 * services-reauth dispatcher, the leadership lock and owner epoch. Not public API.
 */
package org.netlever.pcrf.internal;
