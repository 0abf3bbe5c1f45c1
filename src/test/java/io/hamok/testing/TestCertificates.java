package io.hamok.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Self-signed certificates for tests, made with the JDK's keytool: a PKCS#12 key store per call. */
public final class TestCertificates {
    /** The password of every key store made here. */
    public static final String PASSWORD = "changeit";

    private TestCertificates() {}

    /** A new key store at {@code file} with one RSA key and a self-signed certificate for 127.0.0.1/localhost. */
    public static Path keyStore(Path file, String commonName) {
        run("-genkeypair", "-alias", "peer", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=" + commonName, "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        return file;
    }

    private static void run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
