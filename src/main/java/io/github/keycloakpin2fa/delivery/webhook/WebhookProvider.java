package io.github.keycloakpin2fa.delivery.webhook;

import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.OutgoingMessage;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.HttpAnswer;
import io.github.keycloakpin2fa.delivery.http.HttpCall;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Any HTTP gateway: the configured method and URL, the configured headers (their
 * {@code ${vault.<key>}} parts read from the vault), and the body template. A 2xx means
 * accepted; 429 and 503 are retried like every vendor's; any other answer is a refusal.
 */
final class WebhookProvider implements PinDeliveryProvider {

    private static final Pattern VAULT_EXPRESSION = Pattern.compile("\\$\\{vault\\.[^}]+}");
    private static final int MAX_DETAIL = 200;

    private final WebhookSettings settings;
    private final SecretResolver secrets;
    private final RetryingSender sender;

    WebhookProvider(WebhookSettings settings, SecretResolver secrets, RetryingSender sender) {
        this.settings = settings;
        this.secrets = secrets;
        this.sender = sender;
    }

    @Override
    public DeliveryResult deliver(OutgoingMessage message) {
        if (settings.url() == null || settings.url().isBlank()) {
            return DeliveryResult.rejected("not configured: set url of " + WebhookProviderFactory.ID);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> header : settings.headers().entrySet()) {
            Optional<String> value = withSecrets(header.getValue());
            if (value.isEmpty()) {
                return DeliveryResult.rejected("header " + header.getKey() + " of " + WebhookProviderFactory.ID
                        + " names a secret that is not in the vault");
            }
            headers.put(header.getKey(), value.get());
        }
        HttpCall call = HttpCall.of(settings.method(), URI.create(settings.url()), headers,
                settings.body().format().contentType, settings.body().render(message));
        return sender.send(call, WebhookProvider::read);
    }

    private Optional<String> withSecrets(String value) {
        Matcher m = VAULT_EXPRESSION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Optional<String> secret = secrets.resolve(m.group());
            if (secret.isEmpty()) {
                return Optional.empty();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(secret.get()));
        }
        m.appendTail(out);
        return Optional.of(out.toString());
    }

    private static DeliveryResult read(HttpAnswer answer) {
        if (answer.isSuccess()) {
            return DeliveryResult.accepted(answer.header("X-Message-Id").orElse(null));
        }
        String body = answer.body().strip();
        return DeliveryResult.rejected("HTTP " + answer.status()
                + (body.isEmpty() ? "" : ": " + (body.length() > MAX_DETAIL ? body.substring(0, MAX_DETAIL) + "…" : body)));
    }
}
