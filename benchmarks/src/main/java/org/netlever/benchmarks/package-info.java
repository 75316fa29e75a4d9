/**
 * JMH benchmarks; see BENCHMARKS.md at the repository root for results and how to reproduce them. Not API.
 */
package org.netlever.benchmarks;
