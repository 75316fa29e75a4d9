/**
 * Implementation of netlever's HTTP endpoints shared by the builders that configure one. Not API.
 */
package org.netlever.aaa.http.internal;
