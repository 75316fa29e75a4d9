/**
 * Implementation of netlever's storage: schema migrations, transaction retries, the H2 file group commit, and
 * the H2 connection pool (the only place main code names H2, an optional dependency). Not API.
 */
package org.netlever.aaa.store.internal;
