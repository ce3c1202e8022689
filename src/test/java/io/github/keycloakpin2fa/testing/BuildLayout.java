package io.github.keycloakpin2fa.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put things; Maven passes these as system properties (see pom.xml). */
record BuildLayout(Path keycloakZip, Path providerJar, Path realmConfig, Path targetDir) {

    static BuildLayout fromSystemProperties() {
        BuildLayout layout = new BuildLayout(
                path("pin2fa.keycloak.zip"), path("pin2fa.provider.jar"),
                path("pin2fa.realm.config"), path("pin2fa.target.dir"));
        if (!Files.isRegularFile(layout.keycloakZip())) {
            throw new IllegalStateException("No Keycloak distribution at " + layout.keycloakZip());
        }
        return layout;
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run through Maven (see README)");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }
}
