/**
 * A read API over the PCRF state for operators (issue 15): {@link org.netlever.pcrf.read.PcrfReads} pages through
 * the stored subscribers and transitions on their indexes and takes what only the running engine knows (open
 * sessions as it counts them, services-reauth attempts and failures) from it while this process leads.
 */
package org.netlever.pcrf.read;
