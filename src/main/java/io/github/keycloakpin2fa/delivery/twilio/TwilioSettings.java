package io.github.keycloakpin2fa.delivery.twilio;

import io.github.keycloakpin2fa.delivery.http.HttpProviderFactory;
import io.github.keycloakpin2fa.delivery.http.HttpSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The server options of a Twilio provider ({@code --spi-pin-delivery--twilio-sms--...},
 * {@code --spi-pin-delivery--twilio-voice--...}).
 *
 * @param baseUrl {@code https://api.twilio.com} unless a stub or a regional edge is used
 * @param accountSid the account ({@code AC...}), part of every path
 * @param authToken the account's auth token, or the secret of {@code apiKeySid}; best as a vault expression
 * @param apiKeySid an API key ({@code SK...}) to authenticate with instead of the account SID, or null
 * @param from a Twilio number (or an alphanumeric sender for SMS); wins over the template's sender,
 *     the send request's {@code from} wins over it
 * @param messagingServiceSid SMS only: send through this Messaging Service ({@code MG...}) instead of {@code From}
 * @param voice voice only: a Twilio voice, e.g. {@code Polly.Joanna}, or null for Twilio's default
 * @param repeat voice only: how often the PIN is said
 */
record TwilioSettings(String baseUrl, String accountSid, String authToken, String apiKeySid, String from,
        String messagingServiceSid, String voice, int repeat, HttpSettings http) implements HttpProviderFactory.VendorSettings {

    static final String DEFAULT_BASE_URL = "https://api.twilio.com";

    static TwilioSettings from(Config.Scope config) {
        String base = config.get("base-url", DEFAULT_BASE_URL);
        return new TwilioSettings(base.endsWith("/") ? base.substring(0, base.length() - 1) : base,
                config.get("account-sid"), config.get("auth-token"), config.get("api-key-sid"), config.get("from"),
                config.get("messaging-service-sid"), config.get("voice"), config.getInt("repeat", 2),
                HttpSettings.from(config));
    }

    boolean configured() {
        return notBlank(accountSid) && notBlank(authToken);
    }

    String username() {
        return notBlank(apiKeySid) ? apiKeySid : accountSid;
    }

    URI resource(String name) {
        return URI.create(baseUrl + "/2010-04-01/Accounts/" + accountSid + "/" + name + ".json");
    }

    static List<ProviderConfigProperty> metadata(boolean voice) {
        ProviderConfigurationBuilder b = ProviderConfigurationBuilder.create()
                .property().name("base-url").type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_BASE_URL)
                .helpText("Twilio's REST API base URL.").add()
                .property().name("account-sid").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Your Twilio Account SID (AC...), required.").add()
                .property().name("auth-token").type(ProviderConfigProperty.STRING_TYPE).secret(true)
                .helpText("Auth token (or API key secret). Use a vault expression: ${vault.twilio-auth-token}.").add()
                .property().name("api-key-sid").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Optional API key SID (SK...): authenticate with it and its secret in auth-token.").add()
                .property().name("from").type(ProviderConfigProperty.STRING_TYPE)
                .helpText(voice ? "Twilio number that calls (required unless the request or the template names one); a request's phone number wins."
                        : "Twilio number or sender id; wins over the template's sender, a request's 'from' wins over it.").add();
        if (voice) {
            b.property().name("voice").type(ProviderConfigProperty.STRING_TYPE)
                    .helpText("Twilio voice for <Say>, e.g. Polly.Joanna; Twilio's default when empty.").add()
                    .property().name("repeat").type(ProviderConfigProperty.STRING_TYPE).defaultValue("2")
                    .helpText("How often the call says the PIN.").add();
        } else {
            b.property().name("messaging-service-sid").type(ProviderConfigProperty.STRING_TYPE)
                    .helpText("Send through this Messaging Service (MG...) instead of a From number.").add();
        }
        List<ProviderConfigProperty> all = new ArrayList<>(b.build());
        all.addAll(HttpSettings.metadata());
        return all;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
