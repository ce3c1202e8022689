package io.github.keycloakpin2fa.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts Keycloak once for the whole test run (stored in the root context, closed when the run
 * ends) from a fresh database, so every run imports {@code realm-config/} anew. Runs on one
 * machine wait for each other ({@link MachineLock}): the ports are fixed.
 */
final class RealKeycloakExtension implements ParameterResolver {

    /**
     * The dev sender keeps PINs in its outbox only, so that the server log of a run can be searched
     * for PINs ({@code ServerLogHasNoPinIT}). Client addresses from {@code X-Forwarded-For}, as
     * behind a reverse proxy (tests play users at many addresses).
     */
    private static final List<String> OPTIONS = List.of("--proxy-headers=xforwarded");

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KeycloakServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(KeycloakServer.class, key -> start(), KeycloakServer.class);
    }

    private static KeycloakServer start() {
        MachineLock lock = KeycloakProcess.onSharedPorts() ? MachineLock.acquire() : MachineLock.notNeeded();
        BuildLayout layout = BuildLayout.fromSystemProperties();
        KeycloakInstall install = KeycloakInstall.unpack(layout.keycloakZip(), layout.targetDir().resolve("keycloak-it"))
                .withProvider(layout.providerJar())
                .withProvider(layout.testingJar())
                .withRealmImports(layout.realmConfig())
                .withEmptyDatabase();
        Path log = layout.targetDir().resolve("keycloak-it.log");
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> options = new ArrayList<>(OPTIONS);
        // Delivery providers pointed at the vendor stubs, their secrets in a file vault under target/.
        options.addAll(VendorStubs.serverOptions(layout.targetDir().resolve("keycloak-vault")));
        return new KeycloakServer(() -> KeycloakProcess.startDev(install, log, options), log, lock);
    }
}
