package io.github.keycloakpin2fa.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.engine.destination.PhoneNumber;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;

/** The enrolled phone as a credential: stored in one fixed form, read back as the engine's number. */
class PhoneCredentialModelTest {

    @Test
    void a_new_credential_stores_the_number_in_e164_and_is_labelled_with_it_masked() {
        PhoneCredentialModel model = PhoneCredentialModel.create(new PhoneNumber("41791234527"), 5L);

        assertThat(model.getType()).isEqualTo(PhoneCredentialModel.TYPE);
        assertThat(model.getCredentialData()).isEqualTo("{\"phoneNumber\":\"+41791234527\"}");
        assertThat(model.getUserLabel()).isEqualTo("+41 ••• ••• 27");
        assertThat(model.getCreatedDate()).isEqualTo(5L);
    }

    @Test
    void a_stored_credential_reads_back_as_the_number() {
        CredentialModel stored = PhoneCredentialModel.create(new PhoneNumber("41791234527"), 5L);

        assertThat(PhoneCredentialModel.from(stored).number()).isEqualTo(new PhoneNumber("41791234527"));
    }

    @Test
    void unreadable_data_is_no_number() {
        CredentialModel stored = new CredentialModel();
        stored.setCredentialData("not json");
        assertThat(PhoneCredentialModel.from(stored).number()).isNull();
        stored.setCredentialData("{\"phoneNumber\":\"079 123\"}");
        assertThat(PhoneCredentialModel.from(stored).number()).isNull();
    }

    @Test
    void the_provider_finds_the_users_phone_and_skips_unreadable_ones() {
        UserModel user = mock(UserModel.class);
        SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
        when(user.credentialManager()).thenReturn(credentials);
        CredentialModel broken = new CredentialModel();
        broken.setCredentialData("{}");
        when(credentials.getStoredCredentialsByTypeStream(PhoneCredentialModel.TYPE))
                .thenReturn(Stream.of(broken, PhoneCredentialModel.create(new PhoneNumber("41791234527"), 1L)));

        PhoneCredentialModel phone = new PhoneCredentialProvider(mock(KeycloakSession.class)).phoneOf(user);

        assertThat(phone.number().e164()).isEqualTo("+41791234527");
    }

    @Test
    void the_account_console_sets_the_credential_up_through_the_enrolment_action() {
        assertThat(PhoneCredentialModel.ENROL_ACTION_ID).isEqualTo("pin-2fa-enrol-phone");
    }
}
