/**
 * ECSS-10-style softswitch AAA over RADIUS (S2.1–S2.9), typed on both sides.
 *
 * <p>Billing implements {@link org.netlever.aaa.call.CallRouter}, {@link org.netlever.aaa.call.CallAuthorizer} and
 * {@link org.netlever.aaa.call.CallAccounting} and serves them with {@link org.netlever.aaa.call.CallAaaHandler} on a
 * {@link org.netlever.aaa.radius.server.RadiusServer}. {@link org.netlever.aaa.call.CallControl} is the softswitch:
 * calls routed, authorized (with the {@link org.netlever.aaa.call.BypassList}), accounted with interim timers,
 * maximum durations and prohibitions as {@link org.netlever.aaa.call.CallPolicy} says. Both sides translate through
 * the same configurable {@link org.netlever.aaa.call.CallAttributeMapping}.
 */
package org.netlever.aaa.call;
