package io.hamok.raft;

import java.util.Objects;

/**
 * One peer of a grid: its id and the host and port its Raft server listens on.
 *
 * @param id   unique peer id in the grid (letters, digits, '-', '_')
 * @param host host or IP the Raft server binds and is reached on
 * @param port TCP port of the Raft server
 */
public record PeerAddress(String id, String host, int port) {
    public PeerAddress {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        if (!id.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("peer id : '" + id + "' (expected: letters, digits, '-' or '_')");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port of peer " + id + " : " + port + " (expected: 1..65535)");
        }
    }

    /** Parses {@code id@host:port}. */
    public static PeerAddress parse(String text) {
        int at = text.indexOf('@');
        int colon = text.lastIndexOf(':');
        if (at <= 0 || colon <= at + 1 || colon == text.length() - 1) {
            throw new IllegalArgumentException("peer : '" + text + "' (expected: id@host:port)");
        }
        try {
            return new PeerAddress(text.substring(0, at), text.substring(at + 1, colon),
                    Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("peer : '" + text + "' (expected: id@host:port with a numeric port)", e);
        }
    }

    public String address() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return id + "@" + address();
    }
}
