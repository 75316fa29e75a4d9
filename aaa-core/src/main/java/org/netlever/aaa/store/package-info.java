/**
 * netlever's own storage: {@link org.netlever.aaa.store.Database} over H2 (embedded default) or PostgreSQL
 * (production) through jdbi, with versioned migrations and retried transactions. Billing's data — subscribers,
 * devices — stays in the billing and is read through SPIs; netlever keeps leases, pools, history, the event log and
 * the NAS-sync queue here.
 */
package org.netlever.aaa.store;
