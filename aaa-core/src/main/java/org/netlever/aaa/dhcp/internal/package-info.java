/**
 * Field parsing shared by the DHCP event adapters. Not API.
 */
package org.netlever.aaa.dhcp.internal;
