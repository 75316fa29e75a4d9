/**
 * PCRF scenarios for a BRAS (S3), SoftWLC style: {@link org.netlever.pcrf.PcrfEngine} keeps each subscriber's place in
 * its scenario, turns accounting into quota use, fires cron limits at their moment in the subscriber's zone, stores
 * every change and tells the BRAS through a {@link org.netlever.pcrf.BrasNotifier}. With several processes on one
 * PostgreSQL, {@link org.netlever.pcrf.PcrfLeadership} runs the engine in one of them and fails over to another.
 * Definitions are in {@link org.netlever.pcrf.model}, the RADIUS front for the BRAS in {@link org.netlever.pcrf.bras}.
 */
package org.netlever.pcrf;
