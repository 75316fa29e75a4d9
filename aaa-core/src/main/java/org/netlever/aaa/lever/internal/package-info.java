/**
 * Implementation of the lever endpoint: form parsing and replay protection. Not API.
 */
package org.netlever.aaa.lever.internal;
