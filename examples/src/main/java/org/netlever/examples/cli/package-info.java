/**
 * The {@code netlever} command line ({@link org.netlever.examples.cli.Netlever}): {@code demo}, {@code option82} and
 * {@code serve}, which runs the access server of {@code netlever-server} ({@link org.netlever.server.NetleverServer}).
 * An example and a tool, never part of netlever's API.
 */
package org.netlever.examples.cli;
