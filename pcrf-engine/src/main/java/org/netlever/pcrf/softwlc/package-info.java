/**
 * Migration from Eltex SoftWLC's PCRF (S3.7): {@link org.netlever.pcrf.softwlc.SoftWlcImport} reads the
 * {@code mongoexport} output of its {@code scripts} and {@code service} collections and seeds each subscriber's
 * scenario, step and remaining limits into a {@link org.netlever.pcrf.PcrfEngine}, reporting every document it
 * skipped ({@link org.netlever.pcrf.softwlc.ImportReport}).
 */
package org.netlever.pcrf.softwlc;
