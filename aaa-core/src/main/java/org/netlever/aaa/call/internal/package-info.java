/**
 * Implementation of the call package: the codec between typed call records and RADIUS messages. Not public API.
 */
package org.netlever.aaa.call.internal;
