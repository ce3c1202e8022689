package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * An operator drops the product JAR into {@code providers/}: it carries no test-only endpoint.
 * The clock and purge endpoints live in the testing JAR, which only the test harness deploys.
 */
class ProductJarIT {

    private static final Path PRODUCT = Path.of(System.getProperty("pin2fa.provider.jar"));
    private static final Path TESTING = Path.of(System.getProperty("pin2fa.testing.jar"));

    @Test
    void the_product_jar_has_no_test_only_class_endpoint_or_service_entry() throws IOException {
        try (JarFile jar = new JarFile(PRODUCT.toFile())) {
            List<String> names = jar.stream().map(JarEntry::getName).toList();
            assertThat(names).as("our classes are in the product JAR").anyMatch(n -> n.startsWith("io/github/keycloakpin2fa/engine/"));
            assertThat(names).noneMatch(n -> n.startsWith("io/github/keycloakpin2fa/testsupport/"));
            assertThat(classesMentioning(jar, "time-offset")).as("classes with a clock endpoint").isEmpty();
            assertThat(text(jar, "META-INF/services/org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory"))
                    .doesNotContain("testsupport");
        }
    }

    @Test
    void the_testing_jar_holds_the_clock_and_purge_endpoints_and_nothing_of_the_product() throws IOException {
        try (JarFile jar = new JarFile(TESTING.toFile())) {
            List<String> classes = jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).toList();
            assertThat(classes).isNotEmpty().allMatch(n -> n.startsWith("io/github/keycloakpin2fa/testsupport/"));
            assertThat(classesMentioning(jar, "time-offset")).isNotEmpty();
            assertThat(text(jar, "META-INF/services/org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory"))
                    .contains("io.github.keycloakpin2fa.testsupport.TestingAdminResourceProviderFactory");
        }
    }

    private static List<String> classesMentioning(JarFile jar, String text) throws IOException {
        List<String> found = new ArrayList<>();
        for (JarEntry entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
            try (InputStream in = jar.getInputStream(entry)) {
                if (new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(text)) {
                    found.add(entry.getName());
                }
            }
        }
        return found;
    }

    private static String text(JarFile jar, String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        if (entry == null) {
            return "";
        }
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
