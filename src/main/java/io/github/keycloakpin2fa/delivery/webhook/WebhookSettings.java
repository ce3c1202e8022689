package io.github.keycloakpin2fa.delivery.webhook;

import io.github.keycloakpin2fa.delivery.http.HttpProviderFactory;
import io.github.keycloakpin2fa.delivery.http.HttpSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** The server options of the {@code webhook} provider ({@code --spi-pin-delivery--webhook--...}). */
record WebhookSettings(String url, String method, Map<String, String> headers, BodyTemplate body, HttpSettings http) implements HttpProviderFactory.VendorSettings {

    static WebhookSettings from(Config.Scope config) {
        Map<String, String> headers = new LinkedHashMap<>();
        String[] configured = config.getArray("headers");
        if (configured != null) {
            for (String header : configured) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("every webhook header is written 'Name: value'");
                }
                headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
            }
        }
        return new WebhookSettings(config.get("url"), config.get("method", "POST").toUpperCase(Locale.ROOT), headers,
                BodyTemplate.of(BodyTemplate.Format.of(config.get("format", "json")), config.get("body-template")),
                HttpSettings.from(config));
    }

    static List<ProviderConfigProperty> metadata() {
        List<ProviderConfigProperty> all = new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name("url").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Where each message goes (required).").add()
                .property().name("method").type(ProviderConfigProperty.STRING_TYPE).defaultValue("POST")
                .helpText("HTTP method: POST or PUT.").add()
                .property().name("headers").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Comma-separated 'Name: value' headers; ${vault.<key>} parts are read from the vault.").add()
                .property().name("format").type(ProviderConfigProperty.STRING_TYPE).defaultValue("json")
                .helpText("Body format: json or form.").add()
                .property().name("body-template").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Body with {{channel}}, {{to}}, {{from}}, {{text}}, {{language}}, {{pin}}; escaped for the format.").add()
                .build());
        all.addAll(HttpSettings.metadata());
        return all;
    }
}
