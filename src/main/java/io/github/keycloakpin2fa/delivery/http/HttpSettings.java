package io.github.keycloakpin2fa.delivery.http;

import java.time.Duration;
import java.util.List;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * How long one provider may take for one message, read from its server options
 * ({@code --spi-pin-delivery--<id>--connect-timeout-millis} and so on).
 *
 * @param connectTimeout waiting for a connection (a refused or unanswered connect is retried)
 * @param readTimeout waiting for the answer once the request was written (then: UNKNOWN)
 * @param totalTimeout all attempts and back-off waits together: no retry starts after it
 * @param maxAttempts attempts in all, the first included
 */
public record HttpSettings(Duration connectTimeout, Duration readTimeout, Duration totalTimeout, int maxAttempts) {

    public static final HttpSettings DEFAULTS =
            new HttpSettings(Duration.ofMillis(2000), Duration.ofMillis(4000), Duration.ofMillis(6000), 3);

    public HttpSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1");
        }
    }

    public static HttpSettings from(Config.Scope config) {
        return new HttpSettings(
                Duration.ofMillis(config.getLong("connect-timeout-millis", DEFAULTS.connectTimeout.toMillis())),
                Duration.ofMillis(config.getLong("read-timeout-millis", DEFAULTS.readTimeout.toMillis())),
                Duration.ofMillis(config.getLong("total-timeout-millis", DEFAULTS.totalTimeout.toMillis())),
                config.getInt("max-attempts", DEFAULTS.maxAttempts));
    }

    /** The options above, for a factory's {@code getConfigMetadata()}. */
    public static List<ProviderConfigProperty> metadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("connect-timeout-millis").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(DEFAULTS.connectTimeout.toMillis()))
                .helpText("Milliseconds to wait for a connection to the vendor.").add()
                .property().name("read-timeout-millis").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(DEFAULTS.readTimeout.toMillis()))
                .helpText("Milliseconds to wait for the vendor's answer; without one the message's fate is unknown.").add()
                .property().name("total-timeout-millis").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(DEFAULTS.totalTimeout.toMillis()))
                .helpText("Milliseconds for all attempts of one message together, back-off included.").add()
                .property().name("max-attempts").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(DEFAULTS.maxAttempts))
                .helpText("Attempts per message, the first included; only requests that surely sent nothing are retried.").add()
                .build();
    }
}
