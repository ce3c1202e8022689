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

    /**
     * The test-only provider JAR (the clock and purge endpoints of {@code testsupport}): the
     * tests deploy it beside the product JAR; the run command never does.
     */
    Path testingJar() {
        Path jar = path("pin2fa.testing.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No testing JAR at " + jar + ": run the package phase first");
        }
        return jar;
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set: run through Maven (see README)");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }
}
