package io.github.keycloakpin2fa.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.keycloakpin2fa.testing.KeycloakServer;
import io.github.keycloakpin2fa.testing.RealKeycloak;
import io.github.keycloakpin2fa.testing.TwoFactorApi;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An admin creates a realm: it is ready for the 2FA API at once, set up by the housekeeping provider. */
@RealKeycloak
class RealmHousekeepingIT {

    @Test
    void a_new_realm_gets_the_two_scope_roles(KeycloakServer keycloak) {
        String realm = "housekeeping-" + UUID.randomUUID().toString().substring(0, 8);

        TwoFactorApi.createRealm(keycloak, realm);

        JsonNode roles = KeycloakServer.json(keycloak.adminGet("/realms/" + realm + "/roles").body());
        assertThat(roles.findValuesAsText("name")).contains("2fa:manage", "2fa:pin:send");
        keycloak.admin("DELETE", "/realms/" + realm, null);
    }

    @Test
    void housekeeping_is_a_provider_of_its_own_with_the_purge_interval(KeycloakServer keycloak) {
        JsonNode providers = KeycloakServer.json(keycloak.adminGet("/serverinfo").body()).path("providers");

        assertThat(providers.at("/pin-housekeeping/providers/default/operationalInfo/purge-interval-seconds").asText())
                .isEqualTo("60");
        assertThat(providers.at("/pin-housekeeping/providers/default/operationalInfo/retention-after-expiry-seconds").asText())
                .as("a PIN record outlives its PIN by a day").isEqualTo("86400");
    }
}
