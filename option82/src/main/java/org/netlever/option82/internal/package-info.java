/**
 * Implementation of the option82 module: the built-in vendor decoders and shared helpers. Nothing here is API; it
 * may change in any release, and other modules must not use it (they reach the decoders through
 * {@link org.netlever.option82.Option82Decoders}).
 */
package org.netlever.option82.internal;
