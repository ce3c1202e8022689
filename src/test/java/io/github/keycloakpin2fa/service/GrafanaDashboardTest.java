package io.github.keycloakpin2fa.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.DeliveryMetrics;
import io.github.keycloakpin2fa.delivery.DeliveryStatus;
import io.github.keycloakpin2fa.engine.verification.VerificationResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard in {@code docs/grafana} queries only metrics and labels the code
 * registers: each metric method is called once, the meters are named as Keycloak's Prometheus
 * endpoint names them, and every name and label of every panel's query must be among them.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("docs/grafana/keycloak-pin-2fa.json");
    private static final Pattern METRIC = Pattern.compile("\\bpin2fa_[a-z_]+");
    private static final Pattern SELECTOR = Pattern.compile("(pin2fa_[a-z_]+)\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_]+)\\s*(=~|!=|!~|=)");
    private static final Pattern BY = Pattern.compile("by\\s*\\(([^)]*)\\)");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void register() {
        Metrics.addRegistry(registry);
    }

    @AfterEach
    void unregister() {
        Metrics.removeRegistry(registry);
        registry.clear();
        Metrics.globalRegistry.clear();
    }

    @Test
    void every_query_names_metrics_and_labels_the_code_registers() throws IOException {
        Map<String, Set<String>> served = servedSeries();
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> queries = new ArrayList<>();
        dashboard.get("panels").forEach(p -> p.get("targets").forEach(t -> queries.add(t.get("expr").asText())));
        dashboard.get("templating").get("list").forEach(v -> queries.add(v.get("query").get("query").asText()));
        assertThat(dashboard.get("panels")).as("panels").hasSizeGreaterThanOrEqualTo(6);

        for (String query : queries) {
            Matcher names = METRIC.matcher(query);
            Set<String> labelsOfQuery = new HashSet<>();
            boolean any = false;
            while (names.find()) {
                any = true;
                assertThat(served).as("query %s", query).containsKey(names.group());
                labelsOfQuery.addAll(served.get(names.group()));
            }
            assertThat(any).as("%s queries a metric of this extension", query).isTrue();
            Matcher selector = SELECTOR.matcher(query);
            while (selector.find()) {
                Matcher label = MATCHER_LABEL.matcher(selector.group(2));
                while (label.find()) {
                    assertThat(served.get(selector.group(1))).as("label %s of %s", label.group(1), selector.group(1))
                            .contains(label.group(1));
                }
            }
            Matcher by = BY.matcher(query);
            while (by.find()) {
                for (String label : by.group(1).split(",")) {
                    assertThat(labelsOfQuery).as("grouping label in %s", query).contains(label.strip());
                }
            }
        }
    }

    @Test
    void the_conversion_panel_divides_verified_pins_by_new_pins_sent() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        String conversion = null;
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("title").asText().contains("conversion")) {
                conversion = panel.get("targets").get(0).get("expr").asText();
            }
        }
        assertThat(conversion).isNotNull().contains("outcome=\"verified\"").contains("request=\"send\"")
                .contains("sum by(application)");
    }

    /** The Prometheus series names of every meter, with their labels, as Keycloak serves them. */
    private Map<String, Set<String>> servedSeries() {
        PinMetrics.sent("r", "a", Channel.SMS, false, "dev", DeliveryStatus.ACCEPTED);
        PinMetrics.verification("r", "a", VerificationResult.success(1));
        PinMetrics.refused("r", "a", PinMetrics.Limit.VERIFY_PIN);
        DeliveryMetrics.providerAttempt("dev", Channel.SMS, DeliveryStatus.ACCEPTED);
        DeliveryMetrics.httpRequest("dev", "200");
        DeliveryMetrics.numberLookup("dev", "ok");
        DeliveryMetrics.latency("dev", Channel.SMS, DeliveryStatus.ACCEPTED, 1000);

        Map<String, Set<String>> served = new HashMap<>();
        for (Meter meter : registry.getMeters()) {
            String base = meter.getId().getName().replace('.', '_');
            Set<String> labels = new HashSet<>();
            meter.getId().getTags().stream().map(Tag::getKey).forEach(labels::add);
            if (meter instanceof Counter) {
                served.put(base + "_total", labels);
            } else if (meter instanceof Timer) {
                Set<String> withLe = new HashSet<>(labels);
                withLe.add("le");
                served.put(base + "_seconds_bucket", withLe);
                served.put(base + "_seconds_count", labels);
                served.put(base + "_seconds_sum", labels);
                served.put(base + "_seconds_max", labels);
            }
        }
        assertThat(served.keySet()).as("every metric name the code declares was registered")
                .containsAll(PinMetrics.NAMES.stream().map(n -> n.replace('.', '_') + "_total").toList());
        return served;
    }
}
