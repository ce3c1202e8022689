package io.github.keycloakpin2fa.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPAttributePermissions;
import org.keycloak.representations.userprofile.config.UPConfig;
import org.keycloak.userprofile.UserProfileProvider;
import org.mockito.ArgumentCaptor;

class PhoneAttributesTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final UserProfileProvider profile = mock(UserProfileProvider.class);
    private final UserModel user = mock(UserModel.class);

    @Test
    void writing_declares_both_attributes_visible_to_users_and_editable_by_admins_only() {
        when(session.getProvider(UserProfileProvider.class)).thenReturn(profile);
        when(profile.getConfiguration()).thenReturn(new UPConfig());

        PhoneAttributes.write(session, realm, user, "+41791234567");

        ArgumentCaptor<UPConfig> saved = ArgumentCaptor.forClass(UPConfig.class);
        verify(profile).setConfiguration(saved.capture());
        for (String name : new String[] {"phoneNumber", "phoneNumberVerified"}) {
            UPAttribute attribute = saved.getValue().getAttribute(name);
            assertThat(attribute).as(name).isNotNull();
            assertThat(attribute.getPermissions().getView()).containsExactlyInAnyOrder("admin", "user");
            assertThat(attribute.getPermissions().getEdit()).containsExactly("admin");
        }
        verify(user).setSingleAttribute("phoneNumber", "+41791234567");
        verify(user).setSingleAttribute("phoneNumberVerified", "true");
    }

    @Test
    void an_admins_own_declarations_are_kept() {
        UPConfig config = new UPConfig();
        UPAttributePermissions editableByUsers = new UPAttributePermissions(java.util.Set.of("user"), java.util.Set.of("user", "admin"));
        config.addOrReplaceAttribute(new UPAttribute("phoneNumber", editableByUsers));
        config.addOrReplaceAttribute(new UPAttribute("phoneNumberVerified", editableByUsers));
        when(session.getProvider(UserProfileProvider.class)).thenReturn(profile);
        when(profile.getConfiguration()).thenReturn(config);

        PhoneAttributes.declare(session, realm);

        verify(profile, never()).setConfiguration(any());
    }

    @Test
    void only_a_number_marked_verified_counts() {
        when(user.getFirstAttribute("phoneNumber")).thenReturn("+41791234567");
        when(user.getFirstAttribute("phoneNumberVerified")).thenReturn("true");
        assertThat(PhoneAttributes.verifiedNumber(user)).isEqualTo("+41791234567");

        when(user.getFirstAttribute("phoneNumberVerified")).thenReturn("false");
        assertThat(PhoneAttributes.verifiedNumber(user)).isNull();

        when(user.getFirstAttribute("phoneNumberVerified")).thenReturn(null);
        assertThat(PhoneAttributes.verifiedNumber(user)).isNull();

        when(user.getFirstAttribute("phoneNumberVerified")).thenReturn("true");
        when(user.getFirstAttribute("phoneNumber")).thenReturn(" ");
        assertThat(PhoneAttributes.verifiedNumber(user)).isNull();
    }
}
