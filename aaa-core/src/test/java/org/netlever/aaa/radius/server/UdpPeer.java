package org.netlever.aaa.radius.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Optional;

/** A raw UDP socket on loopback for sending exact octets and reading replies. */
final class UdpPeer implements AutoCloseable {

    private final DatagramSocket socket;

    UdpPeer() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void send(byte[] octets, InetSocketAddress to) {
        try {
            socket.send(new DatagramPacket(octets, octets.length, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next datagram within the timeout, or empty. */
    Optional<byte[]> receive(int timeoutMillis) {
        byte[] buffer = new byte[4096];
        DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
        try {
            socket.setSoTimeout(timeoutMillis);
            socket.receive(datagram);
            return Optional.of(Arrays.copyOf(buffer, datagram.getLength()));
        } catch (SocketTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] receive() {
        return receive(5000).orElseThrow(() -> new AssertionError("no reply within 5 s"));
    }

    /** The socket's own address, where replies go. */
    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() {
        socket.close();
    }
}
