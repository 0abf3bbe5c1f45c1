package io.hamok.raft.internal;

import io.hamok.raft.PeerAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Secure by default, like Redis' protected mode: a grid with a peer off loopback talks TLS, or says
 * explicitly that it does not. Without TLS, anyone who reaches a peer's port reaches the Raft, client
 * and admin services it serves there: write or clear any cache, forge events, change the membership,
 * remove the group.
 */
public final class ProtectedMode {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProtectedMode.class);

    private ProtectedMode() {}

    /**
     * Refuses plain text between peers that are not all on loopback.
     *
     * @param peers       every peer of the grid
     * @param tls         whether TLS is configured
     * @param insecure    whether plain text was chosen explicitly
     * @param peersName   the setting that lists the peers, for the message (e.g. {@code hamok.peers})
     * @param tlsSetting  how TLS is set up, for the message (e.g. {@code hamok.tls.keyStore})
     * @param optOut      how to opt out, for the message (e.g. {@code hamok.tls.insecure=true})
     * @throws IllegalArgumentException naming the peers off loopback, how to set up TLS and how to opt out
     */
    public static void requireTls(List<PeerAddress> peers, boolean tls, boolean insecure, String peersName,
                                  String tlsSetting, String optOut) {
        if (tls || insecure) {
            return;
        }
        List<PeerAddress> exposed = peers.stream().filter(peer -> !isLoopback(peer.host())).toList();
        if (!exposed.isEmpty()) {
            throw new IllegalArgumentException(peersName + " : " + exposed + " not on loopback, with TLS off (expected: "
                    + "TLS between peers off loopback, or an explicit opt-out). Without TLS anyone who reaches a peer's "
                    + "port can write or clear any cache, forge events, change the membership or remove the group. Set up "
                    + "TLS with " + tlsSetting + " (this peer's key and certificate, PKCS#12 or JKS) and a trust store "
                    + "holding the grid's certificates; peers then authenticate each other (mutual TLS). Or, on a network "
                    + "only the peers can reach, opt out with " + optOut + ". See docs/CONFIGURATION.md, \"Peers off "
                    + "loopback need TLS\"");
        }
    }

    /** Logs a warning when a peer starts in plain text, by explicit choice, with peers off loopback. */
    public static void warnIfPlainText(io.hamok.raft.GridConfig config) {
        if (config.tls() == null && config.insecure()) {
            List<PeerAddress> exposed = config.peers().stream().filter(peer -> !isLoopback(peer.host())).toList();
            if (!exposed.isEmpty()) {
                LOG.warn("{}: peers {} are not on loopback and talk plain text (insecure=true): anyone who reaches a "
                        + "peer's port can write, clear, change the membership or remove the group", config.localPeerId(), exposed);
            }
        }
    }

    /** Whether every address the host name resolves to is a loopback address (an unknown host is not). */
    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }
}
