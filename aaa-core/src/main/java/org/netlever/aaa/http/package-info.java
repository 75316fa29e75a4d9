/**
 * A small HTTP/1.1 server for netlever's own endpoints (the lever endpoint, {@code netlever serve}'s operations
 * endpoint): {@link org.netlever.aaa.http.HttpEndpoint} runs a blocking {@link org.netlever.aaa.http.HttpEndpoint.Handler}
 * on a pool of worker threads behind a non-blocking Netty transport, with a deadline on every whole request so that
 * slow or silent clients cannot hold it.
 */
package org.netlever.aaa.http;
