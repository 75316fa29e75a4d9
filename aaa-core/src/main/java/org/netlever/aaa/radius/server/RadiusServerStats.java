package org.netlever.aaa.radius.server;

/**
 * Counters of a {@link RadiusServer} since it started. Every datagram that is not answered is counted under exactly
 * one reason.
 *
 * <p>Instances are immutable snapshots and thread-safe.
 *
 * @param received datagrams received on either port
 * @param answered replies sent after handling (not counting cached resends)
 * @param duplicatesResent duplicates of answered requests, answered again from the reply cache (RFC 5080)
 * @param duplicatesInProgress duplicates of requests still being handled, silently discarded (RFC 5080)
 * @param unknownClient datagrams from addresses no client definition covers
 * @param malformed datagrams that are not valid RADIUS packets
 * @param unsupportedCode packets whose code the port does not serve
 * @param badAuthenticator packets whose Request Authenticator or Message-Authenticator is wrong
 * @param missingMessageAuthenticator Access-Requests dropped by the Message-Authenticator policy
 * @param statusServer Status-Server requests answered
 * @param shed requests dropped because the worker pool was full or the request waited too long
 * @param handlerErrors requests whose handler threw or answered with a code that does not fit
 * @param discarded requests the handler chose not to answer
 */
public record RadiusServerStats(long received, long answered, long duplicatesResent, long duplicatesInProgress,
        long unknownClient, long malformed, long unsupportedCode, long badAuthenticator,
        long missingMessageAuthenticator, long statusServer, long shed, long handlerErrors, long discarded) {

    /**
     * The counts of two listeners or ports together.
     *
     * @param other the other counts
     * @return the sums
     */
    public RadiusServerStats plus(RadiusServerStats other) {
        return new RadiusServerStats(received + other.received, answered + other.answered,
                duplicatesResent + other.duplicatesResent, duplicatesInProgress + other.duplicatesInProgress,
                unknownClient + other.unknownClient, malformed + other.malformed,
                unsupportedCode + other.unsupportedCode, badAuthenticator + other.badAuthenticator,
                missingMessageAuthenticator + other.missingMessageAuthenticator, statusServer + other.statusServer,
                shed + other.shed, handlerErrors + other.handlerErrors, discarded + other.discarded);
    }
}
