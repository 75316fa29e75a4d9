/**
 * PCRF definitions (S3.1–S3.6): {@link org.netlever.pcrf.model.UrlList}, {@link org.netlever.pcrf.model.PcrfService}
 * with its quotas and {@link org.netlever.pcrf.model.CronLimit}, {@link org.netlever.pcrf.model.Scenario},
 * {@link org.netlever.pcrf.model.TariffPlan} and the {@link org.netlever.pcrf.model.DomainTree} of time zones —
 * checked together by {@link org.netlever.pcrf.model.PcrfDefinitions} and read from JSON by
 * {@link org.netlever.pcrf.model.DefinitionsJson}.
 */
package org.netlever.pcrf.model;
