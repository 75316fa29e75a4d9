/**
 * Implementation of netlever's storage: schema migrations and transaction retries. Not API.
 */
package org.netlever.aaa.store.internal;
