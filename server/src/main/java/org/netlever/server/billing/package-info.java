/**
 * The reference billing of the access server ({@link org.netlever.server.billing.ReferenceBilling}): devices,
 * subscribers, call tariffs and balances in netlever's own database, behind the SPIs the three capabilities ask
 * billing through. Integrators replace it with their own billing by implementing the same interfaces.
 */
package org.netlever.server.billing;
