package io.github.keycloakpin2fa.storage.realm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.keycloakpin2fa.engine.guard.NumberType;
import io.github.keycloakpin2fa.engine.guard.PumpingPolicy;
import io.github.keycloakpin2fa.engine.guard.SendProtection;
import io.github.keycloakpin2fa.engine.time.Limit;
import io.github.keycloakpin2fa.engine.time.TimeLength;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;

/**
 * Keycloak keeps only declared config keys: in a realm export, in the admin REST API's answers
 * and in the console's forms; and our own rules drop undeclared keys on every write. So every key
 * the storage writes must be declared.
 */
class ConfigFormsTest {

    @Test
    void every_key_of_an_applications_protection_is_declared_so_export_and_the_console_keep_it() {
        ComponentModel m = new ComponentModel();
        ComponentCodec.write(m, new SendProtection(Set.of("CH"), Set.of("DE"), Set.of(NumberType.VOIP), Limit.parse("5/1h"),
                new PumpingPolicy(false, TimeLength.parse("2h"), 10, 30, Limit.parse("3/1h"))));

        assertThat(m.getConfig().keySet()).hasSize(ComponentCodec.PROTECTION_KEYS.size())
                .allMatch(ConfigForms.keys(ConfigForms.APPLICATION)::contains)
                .noneMatch(key -> key.contains(".")); // the console's forms cannot edit a dotted key
    }

    @Test
    void an_api_keys_applications_are_declared() {
        assertThat(ConfigForms.keys(ConfigForms.API_KEY)).contains(ComponentCodec.APPLICATIONS, ComponentCodec.ALLOWED_APPLICATIONS,
                ComponentCodec.SCOPES, ComponentCodec.SECRET_HASH);
        assertThat(ConfigForms.API_KEY).filteredOn(p -> p.getName().equals(ComponentCodec.SECRET_HASH))
                .singleElement().satisfies(p -> assertThat(p.isSecret()).as("masked in exports").isTrue());
        assertThat(List.copyOf(ConfigForms.keys(ConfigForms.APPLICATION))).noneMatch(key -> key.startsWith("security."));
    }
}
