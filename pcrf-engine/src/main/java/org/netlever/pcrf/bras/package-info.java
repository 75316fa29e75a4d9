/**
 * The BRAS side of the PCRF (S3.6–S3.9): {@link org.netlever.pcrf.bras.BrasHandler}, a RADIUS front on aaa-core's
 * server for session and service authorization and per-service accounting;
 * {@link org.netlever.pcrf.bras.CoaBrasNotifier}, which sends CoA {@code services-reauth} over aaa-core's CoA client;
 * billing's {@link org.netlever.pcrf.bras.PlanDirectory}; and the configurable
 * {@link org.netlever.pcrf.bras.BrasAttributeMapping}.
 */
package org.netlever.pcrf.bras;
