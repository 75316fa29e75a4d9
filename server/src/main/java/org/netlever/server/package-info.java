/**
 * The netlever access server: the three capabilities — the lever endpoint with lease bookkeeping and NAS sync (S1),
 * the softswitch's RADIUS AAA (S2), the BRAS's RADIUS with the PCRF engine (S3) — and an operations endpoint
 * ({@code /health}, {@code /ready}, {@code /metrics}), run as one process from one configuration file.
 *
 * <p>{@link org.netlever.server.ServeConfigReader} reads and validates the file (YAML or JSON; the commented example
 * is {@code server/config/netlever.yaml}), reporting every problem as file, field and reason
 * ({@link org.netlever.server.ConfigProblem}); {@link org.netlever.server.NetleverServer#start} runs it, and reports a
 * listener that cannot bind the same way. {@code netlever serve} (the {@code netlever} command) is the usual way to
 * run it; an application can embed it through these two classes. The billing it asks is the reference billing of
 * {@link org.netlever.server.billing}.
 */
package org.netlever.server;
