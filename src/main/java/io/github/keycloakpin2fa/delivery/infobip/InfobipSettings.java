package io.github.keycloakpin2fa.delivery.infobip;

import io.github.keycloakpin2fa.delivery.http.HttpProviderFactory;
import io.github.keycloakpin2fa.delivery.http.HttpSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The server options of an Infobip provider ({@code --spi-pin-delivery--infobip-sms--...},
 * {@code --spi-pin-delivery--infobip-voice--...}, {@code --spi-pin-number-lookup--infobip--...}).
 *
 * @param baseUrl the account's API base URL, e.g. {@code https://xyz123.api.infobip.com}
 * @param apiKey the API key, best as a vault expression {@code ${vault.infobip-api-key}}
 * @param from the sender (SMS) or caller number (voice) when the message names none
 */
record InfobipSettings(String baseUrl, String apiKey, String from, HttpSettings http) implements HttpProviderFactory.VendorSettings {

    static InfobipSettings from(Config.Scope config) {
        return new InfobipSettings(trimSlash(config.get("base-url")), config.get("api-key"), config.get("from"),
                HttpSettings.from(config));
    }

    boolean configured() {
        return baseUrl != null && !baseUrl.isBlank() && apiKey != null && !apiKey.isBlank();
    }

    URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    static List<ProviderConfigProperty> metadata(String fromHelp) {
        List<ProviderConfigProperty> all = new ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name("base-url").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Your Infobip API base URL, e.g. https://xyz123.api.infobip.com (required).").add()
                .property().name("api-key").type(ProviderConfigProperty.STRING_TYPE).secret(true)
                .helpText("Infobip API key, sent as 'Authorization: App <key>'. Use a vault expression: ${vault.infobip-api-key}.").add()
                .property().name("from").type(ProviderConfigProperty.STRING_TYPE)
                .helpText(fromHelp).add()
                .build());
        all.addAll(HttpSettings.metadata());
        return all;
    }

    private static String trimSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
