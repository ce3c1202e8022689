package io.github.keycloakpin2fa.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A second Keycloak for the tests that need server options the shared one must not have (a
 * database pool of 2, say): the same distribution and providers, installed in a folder of its
 * own with a database of its own, on the shared server's ports plus 2
 * ({@code -Dpin2fa.it.http-port} and {@code -Dpin2fa.it.management-port} move both). On the
 * machine's default ports it holds the machine lock, as the shared server does. The test class
 * starts it and closes it.
 */
public final class OwnKeycloak {

    /** The ports: the shared server's plus this. */
    static final int PORT_OFFSET = 2;

    private OwnKeycloak() {
    }

    /**
     * Starts {@code kc.sh start-dev} from {@code target/keycloak-<name>} with an empty database and
     * {@code options} besides the shared server's.
     */
    public static KeycloakServer start(String name, List<String> options) {
        MachineLock lock = KeycloakProcess.onSharedPorts() ? MachineLock.acquire() : MachineLock.notNeeded();
        try {
            BuildLayout layout = BuildLayout.fromSystemProperties();
            KeycloakInstall install = KeycloakInstall.unpack(layout.keycloakZip(), layout.targetDir().resolve("keycloak-" + name))
                    .withProvider(layout.providerJar())
                    .withProvider(layout.testingJar())
                    .withEmptyDatabase();
            Path log = layout.targetDir().resolve("keycloak-" + name + ".log");
            Files.deleteIfExists(log);
            List<String> all = new ArrayList<>(List.of("--proxy-headers=xforwarded"));
            all.addAll(options);
            return new KeycloakServer(() -> KeycloakProcess.startDev(install, log, all,
                    KeycloakProcess.HTTP_PORT + PORT_OFFSET, KeycloakProcess.MANAGEMENT_PORT + PORT_OFFSET), log, lock);
        } catch (IOException e) {
            lock.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }
}
