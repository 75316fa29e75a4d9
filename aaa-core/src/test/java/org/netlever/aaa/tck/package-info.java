/**
 * Compatibility kits for the SPIs an integrator implements in aaa-core: abstract JUnit 5 classes your own tests
 * extend. Shipped in the {@code netlever-aaa-core} test-jar (classifier {@code tests}).
 */
package org.netlever.aaa.tck;
