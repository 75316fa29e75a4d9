/**
 * Implementation detail of {@link org.netlever.aaa.kea}: Kea's CSV escaping and the lease file reader. Not for use
 * outside aaa-core.
 */
package org.netlever.aaa.kea.internal;
