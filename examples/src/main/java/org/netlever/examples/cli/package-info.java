/**
 * The {@code netlever} command line ({@link org.netlever.examples.cli.Netlever}): {@code demo} and {@code option82}.
 * An example and a tool, never part of netlever's API.
 */
package org.netlever.examples.cli;
