/**
 * {@code netlever serve}: the three capabilities as one running access server, configured by one file
 * ({@link org.netlever.examples.serve.ServeConfigReader}). Part of the {@code netlever} command, not a public API.
 */
package org.netlever.examples.serve;
