package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * A user with Docker runs {@code docker compose up}. Docker cannot run on our machines, so this
 * checks what can be checked without it: the file parses, uses the official image at the version
 * we test, runs the same dev server with the realm import, and mounts files that exist (it runs
 * after {@code package}, so the JAR is there).
 */
class DockerComposeFileIT {

    private static final Path PROJECT = Path.of(System.getProperty("pin2fa.realm.config")).getParent();

    @Test
    @SuppressWarnings("unchecked")
    void compose_runs_the_official_image_with_our_jar_and_the_demo_realm() throws IOException {
        Map<String, Object> compose;
        try (Reader reader = Files.newBufferedReader(PROJECT.resolve("docker-compose.yml"))) {
            compose = new Yaml().load(reader);
        }
        Map<String, Object> keycloak = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("keycloak");

        assertThat(keycloak.get("image")).isEqualTo("quay.io/keycloak/keycloak:" + System.getProperty("pin2fa.keycloak.version"));
        assertThat((List<String>) keycloak.get("command")).startsWith("start-dev").contains("--import-realm");
        assertThat((Map<String, Object>) keycloak.get("environment"))
                .containsEntry("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
                .containsEntry("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");

        List<String> volumes = (List<String>) keycloak.get("volumes");
        assertThat(volumes).anySatisfy(v -> assertThat(v).contains(":/opt/keycloak/providers/"))
                .anySatisfy(v -> assertThat(v).contains(":/opt/keycloak/data/import"));
        for (String volume : volumes) {
            Path hostPath = PROJECT.resolve(volume.split(":")[0]).normalize();
            assertThat(hostPath).as("mounted by docker-compose.yml").exists();
        }
        assertThat(PROJECT.resolve("target/keycloak-pin-2fa.jar")).isRegularFile();
        assertThat(PROJECT.resolve("realm-config/demo-realm.json")).isRegularFile();
    }
}
