package io.github.keycloakpin2fa.testing;

import java.util.List;

/**
 * The run command ({@code ./mvnw -Prun}): a real Keycloak in development mode with this
 * extension, the demo realm and the dev sender, on http://localhost:8080. Ctrl-C stops it.
 * The install under {@code target/keycloak-run} keeps its database between runs.
 */
public final class RunKeycloak {

    private RunKeycloak() {
    }

    public static void main(String[] args) throws InterruptedException {
        // Other ports (-Dpin2fa.it.http-port, -Dpin2fa.it.management-port): no machine lock, as for the tests.
        MachineLock lock = KeycloakProcess.onSharedPorts() ? MachineLock.acquire() : MachineLock.notNeeded();
        BuildLayout layout = BuildLayout.fromSystemProperties();
        KeycloakInstall install = KeycloakInstall.unpack(layout.keycloakZip(), layout.targetDir().resolve("keycloak-run"))
                .withProvider(layout.providerJar())
                .withRealmImports(layout.realmConfig());
        System.out.println("Starting Keycloak from " + install.home() + " (the first start takes about a minute)...");
        KeycloakProcess server = KeycloakProcess.startDev(install, null, List.of());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            lock.close();
        }, "stop-keycloak"));
        System.out.println("""

                ==============================================================================
                 Keycloak with keycloak-pin-2fa is running.
                   Demo login:     %1$s/realms/demo/account   (user demo, password demo)
                   Admin console:  %1$s/admin/                (user admin, password admin)
                 PINs sent by the dev sender appear in this console.  Ctrl-C stops Keycloak.
                ==============================================================================
                """.formatted(server.baseUrl()));
        System.exit(server.waitFor());
    }
}
