package io.hamok.raft;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS between the peers of a grid (Ratis gRPC): this peer's key and certificate, the certificates it
 * trusts, and whether peers must present certificates too (mutual TLS, the default).
 *
 * @param keyManager   this peer's key and certificate chain
 * @param trustManager the certificates this peer trusts
 * @param mutual       whether a server asks its clients for certificates
 */
public record PeerTls(KeyManager keyManager, TrustManager trustManager, boolean mutual) {
    public PeerTls {
        Objects.requireNonNull(keyManager, "keyManager");
        Objects.requireNonNull(trustManager, "trustManager");
    }

    /**
     * Reads a PKCS#12 (or JKS) key store and trust store.
     *
     * @throws IllegalArgumentException naming the file when a store cannot be read
     */
    public static PeerTls fromKeyStores(Path keyStore, char[] keyStorePassword, Path trustStore, char[] trustStorePassword,
                                        boolean mutual) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore, keyStorePassword), keyStorePassword);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore, trustStorePassword));
            return new PeerTls(keys.getKeyManagers()[0], trust.getTrustManagers()[0], mutual);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS key store : '" + keyStore + "' / trust store : '" + trustStore
                    + "' (expected: readable key and trust stores with these passwords): " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, password);
            return store;
        } catch (IOException e) {
            throw new IllegalArgumentException("TLS store : '" + file + "' (expected: a readable PKCS#12 or JKS file): "
                    + e.getMessage(), e);
        }
    }
}
