package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Small leaks an API caller could use: mail in anyone's name, a second budget by changing case. */
@RealKeycloak
class SmallLeaksIT {

    @Test
    void an_email_from_the_realm_does_not_allow_is_refused(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "from", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"mail\"}");
        String emailId = emailTemplate(api, appId);

        HttpResponse<String> spoofed = api.post("/2/pin/email", body(appId, emailId, "user@example.org", "ceo@bank.example"));
        HttpResponse<String> own = api.post("/2/pin/email", body(appId, emailId, "user@example.org", "2FA@Example.org"));

        assertThat(spoofed.statusCode()).isEqualTo(400);
        assertThat(KeycloakServer.json(spoofed.body()).at("/requestError/serviceException/validationErrors").has("from")).isTrue();
        assertThat(own.statusCode()).as("the template's own sender, in any case").isEqualTo(200);
    }

    @Test
    void email_addresses_share_one_budget_whatever_their_case(KeycloakServer keycloak) {
        TwoFactorApi api = TwoFactorApi.newRealmWithKey(keycloak, "fold", "2fa:manage");
        String appId = api.createApplication("{\"name\": \"mail\", \"configuration\": {\"sendPinPerPhoneNumberLimit\": \"1/1d\"}}");
        String emailId = emailTemplate(api, appId);

        HttpResponse<String> first = api.post("/2/pin/email", body(appId, emailId, "Victim@Example.org", null));
        HttpResponse<String> second = api.post("/2/pin/email", body(appId, emailId, "victim@example.org", null));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(429);
    }

    private static String emailTemplate(TwoFactorApi api, String appId) {
        HttpResponse<String> created = api.post("/2/applications/" + appId + "/email/messages",
                "{\"pinType\": \"NUMERIC\", \"pinLength\": 6, \"from\": \"2fa@example.org\", \"emailTemplateId\": 1}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode template = KeycloakServer.json(created.body());
        return template.get("messageId").asText();
    }

    private static String body(String appId, String messageId, String to, String from) {
        return "{\"applicationId\": \"%s\", \"messageId\": \"%s\", \"to\": \"%s\"%s}".formatted(appId, messageId, to,
                from == null ? "" : ", \"from\": \"" + from + "\"");
    }
}
