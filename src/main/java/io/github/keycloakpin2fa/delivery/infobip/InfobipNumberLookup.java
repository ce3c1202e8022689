package io.github.keycloakpin2fa.delivery.infobip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.keycloakpin2fa.delivery.DeliveryResult;
import io.github.keycloakpin2fa.delivery.SecretResolver;
import io.github.keycloakpin2fa.delivery.http.HttpCall;
import io.github.keycloakpin2fa.delivery.http.RetryingSender;
import io.github.keycloakpin2fa.delivery.lookup.NumberLookupProvider;
import io.github.keycloakpin2fa.delivery.lookup.Reachability;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Infobip's synchronous Number Lookup: {@code POST /number/1/query} with {@code {"to": [msisdn]}}.
 * A result whose {@code status.groupName} is {@code DELIVERED} is reachable; one whose
 * {@code error.permanent} is true is not; anything else, and any failure of the lookup itself,
 * is unknown, so the SMS still goes out.
 */
final class InfobipNumberLookup implements NumberLookupProvider {

    private static final Logger LOG = Logger.getLogger(InfobipNumberLookup.class);

    private final InfobipSettings settings;
    private final SecretResolver secrets;
    private final RetryingSender sender;

    InfobipNumberLookup(InfobipSettings settings, SecretResolver secrets, RetryingSender sender) {
        this.settings = settings;
        this.secrets = secrets;
        this.sender = sender;
    }

    @Override
    public Reachability lookup(String msisdn) {
        Optional<String> key = settings.configured() ? secrets.resolve(settings.apiKey()) : Optional.empty();
        if (key.isEmpty()) {
            LOG.warnf("Infobip number lookup is not configured (base-url, api-key in the vault): the number counts as unknown");
            return Reachability.UNKNOWN;
        }
        ObjectNode body = InfobipAnswers.JSON.createObjectNode();
        body.putArray("to").add(msisdn);
        HttpCall call = HttpCall.of("POST", settings.uri("/number/1/query"),
                Map.of("Authorization", "App " + key.get(), "Accept", "application/json"), "application/json", body.toString());
        AtomicReference<Reachability> found = new AtomicReference<>(Reachability.UNKNOWN);
        DeliveryResult answered = sender.send(call, answer -> {
            if (!answer.isSuccess()) {
                return DeliveryResult.rejected(InfobipAnswers.error(answer));
            }
            found.set(read(InfobipAnswers.parse(answer.body()).path("results").path(0)));
            return DeliveryResult.accepted(null);
        });
        if (!answered.isAccepted()) {
            LOG.warnf("Infobip number lookup failed (%s): the number counts as unknown", answered.detail());
        }
        return found.get();
    }

    static Reachability read(JsonNode result) {
        if ("DELIVERED".equals(result.path("status").path("groupName").asText())) {
            return Reachability.REACHABLE;
        }
        if (result.path("error").path("permanent").asBoolean(false)) {
            return Reachability.NOT_REACHABLE;
        }
        return Reachability.UNKNOWN;
    }
}
