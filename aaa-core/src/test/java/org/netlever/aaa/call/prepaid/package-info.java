/**
 * The self-test of the prepaid billing compatibility kit ({@code org.netlever.aaa.tck}): a small in-memory prepaid
 * billing that passes it, and variants of it that each break one rule and are shown to fail the kit's check of that
 * rule. Test code, not shipped in the test-jar.
 */
package org.netlever.aaa.call.prepaid;
