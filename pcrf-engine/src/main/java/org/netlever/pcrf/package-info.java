/**
 * PCRF scenarios for a BRAS (S3): services with time and traffic quotas, Quartz cron limits evaluated in the client's
 * timezone, scenario steps with {@code again}, and CoA {@code services-reauth} through aaa-core's RADIUS client.
 */
package org.netlever.pcrf;
