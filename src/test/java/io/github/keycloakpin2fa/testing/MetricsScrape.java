package io.github.keycloakpin2fa.testing;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of Keycloak's Prometheus endpoint on the management port, read into series. */
public final class MetricsScrape {

    /** One line of the text format: a name, its labels and a value. */
    public record Series(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;
    private final List<Series> series;

    private MetricsScrape(String text) {
        this.text = text;
        this.series = parse(text);
    }

    /** Scrapes the running server's metrics endpoint (its management port). */
    public static MetricsScrape of(KeycloakServer keycloak) {
        var response = keycloak.send(HttpRequest.newBuilder(keycloak.metricsUri()).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Metrics answered " + response.statusCode());
        }
        return new MetricsScrape(response.body());
    }

    /** Reads a scrape saved earlier. */
    public static MetricsScrape fromText(String prometheusText) {
        return new MetricsScrape(prometheusText);
    }

    public String text() {
        return text;
    }

    public List<Series> series() {
        return series;
    }

    /** The sum of every series named {@code name} whose labels include all of {@code labels}. */
    public double sum(String name, Map<String, String> labels) {
        return series.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Series::value).sum();
    }

    private static List<Series> parse(String text) {
        List<Series> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (m.find()) {
                    labels.put(m.group(1), m.group(2));
                }
            } else {
                name = line.substring(0, line.indexOf(' '));
            }
            String value = line.substring(space + 1);
            out.add(new Series(name, labels, Double.parseDouble(value)));
        }
        return out;
    }
}
