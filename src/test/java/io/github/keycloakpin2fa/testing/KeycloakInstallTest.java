package io.github.keycloakpin2fa.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a test install gets its provider JARs. */
class KeycloakInstallTest {

    @Test
    void a_server_that_runs_another_build_keeps_no_jar_of_the_build_before(@TempDir Path home) throws Exception {
        Path providers = Files.createDirectories(home.resolve("providers"));
        Files.writeString(providers.resolve("README.md"), "Keycloak's own");
        Files.writeString(providers.resolve("kp-65a8cc8.jar"), "the build compared last time");
        Path jar = Files.writeString(home.resolve("cas-ba49dba.jar"), "the build compared now");

        new KeycloakInstall(home).withOnlyProvider(jar);

        try (Stream<Path> files = Files.list(providers)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("README.md", "cas-ba49dba.jar");
        }
        assertThat(Files.readString(providers.resolve("cas-ba49dba.jar"))).isEqualTo("the build compared now");
    }
}
