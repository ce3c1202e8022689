package io.github.keycloakpin2fa.storage.realm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.engine.application.Application;
import io.github.keycloakpin2fa.engine.application.ApplicationDraft;
import io.github.keycloakpin2fa.engine.application.ApplicationValidator;
import io.github.keycloakpin2fa.engine.application.ConfigurationDraft;
import io.github.keycloakpin2fa.engine.template.MessageTemplate;
import io.github.keycloakpin2fa.engine.template.MessageTemplateDraft;
import io.github.keycloakpin2fa.engine.template.MessageTemplateValidator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

/**
 * Through Keycloak's realm cache, {@code getComponent} hands out the cached instance that every
 * request of the node shares: an update writes a copy, never that instance.
 */
class RealmPinConfigTest {

    private static final String APP_ID = "0123456789ABCDEF0123456789ABCDEF";
    private static final String MSG_ID = "FEDCBA9876543210FEDCBA9876543210";

    private final RealmModel realm = mock(RealmModel.class);

    RealmPinConfigTest() {
        when(realm.getId()).thenReturn("realm-1");
    }

    private static Application app(String name, int attempts) {
        return ApplicationValidator.validate(new ApplicationDraft(name, true,
                new ConfigurationDraft(attempts, true, "15m", "3/2s", "20/1h", "4/1d")));
    }

    private ComponentModel cached(String id, String providerId) {
        ComponentModel m = new ComponentModel();
        m.setId(id);
        m.setParentId("realm-1");
        m.setProviderType(PinComponentTypes.OWN);
        m.setProviderId(providerId);
        m.setName(providerId);
        return m;
    }

    @Test
    void an_application_update_writes_a_copy_and_leaves_the_cached_component_as_it_was() {
        ComponentModel shared = cached(APP_ID, ApplicationComponentFactory.ID);
        ComponentCodec.write(shared, app("before", 3));
        when(realm.getComponent(APP_ID)).thenReturn(shared);

        var updated = new RealmPinConfig(realm, 0).updateApplication(APP_ID, app("after", 9));

        ArgumentCaptor<ComponentModel> written = ArgumentCaptor.forClass(ComponentModel.class);
        verify(realm).updateComponent(written.capture());
        assertThat(written.getValue()).isNotSameAs(shared);
        assertThat(ComponentCodec.application(written.getValue()).name()).isEqualTo("after");
        assertThat(ComponentCodec.application(shared)).isEqualTo(app("before", 3));
        assertThat(updated).get().extracting(a -> a.application().name()).isEqualTo("after");
    }

    @Test
    void a_template_update_writes_a_copy_and_leaves_the_cached_component_as_it_was() {
        ComponentModel shared = cached(MSG_ID, MessageTemplateComponentFactory.ID);
        shared.put(ComponentCodec.APPLICATION_ID, APP_ID);
        ComponentCodec.write(shared, messageTemplate(6, "Old {{pin}}"));
        when(realm.getComponent(MSG_ID)).thenReturn(shared);

        new RealmPinConfig(realm, 0).updateMessageTemplate(APP_ID, MSG_ID, messageTemplate(8, "New {{pin}}"));

        ArgumentCaptor<ComponentModel> written = ArgumentCaptor.forClass(ComponentModel.class);
        verify(realm).updateComponent(written.capture());
        assertThat(written.getValue()).isNotSameAs(shared);
        assertThat(ComponentCodec.messageTemplate(written.getValue()).messageText()).isEqualTo("New {{pin}}");
        assertThat(ComponentCodec.messageTemplate(shared).messageText()).isEqualTo("Old {{pin}}");
    }

    @Test
    void aligning_types_at_startup_writes_copies_of_the_cached_components() {
        ComponentModel shared = cached(APP_ID, ApplicationComponentFactory.ID);
        shared.setProviderType(PinComponentTypes.CONSOLE_PAGE);
        when(realm.getComponentsStream()).thenReturn(Stream.of(shared));

        PinComponentTypes.align(realm, PinComponentTypes.OWN);

        ArgumentCaptor<ComponentModel> written = ArgumentCaptor.forClass(ComponentModel.class);
        verify(realm).updateComponent(written.capture());
        assertThat(written.getValue()).isNotSameAs(shared);
        assertThat(written.getValue().getProviderType()).isEqualTo(PinComponentTypes.OWN);
        assertThat(shared.getProviderType()).isEqualTo(PinComponentTypes.CONSOLE_PAGE);
    }

    @Test
    void aligning_at_startup_rewrites_only_the_api_keys_stored_before_keys_were_shown_once() {
        ComponentModel keptReadable = cached("K1", ApiKeyComponentFactory.ID);
        keptReadable.setProviderType(PinComponentTypes.OWN);
        keptReadable.put(ComponentCodec.SHOWN_KEY, "K1-secret");
        ComponentModel current = cached("K2", ApiKeyComponentFactory.ID);
        current.setProviderType(PinComponentTypes.OWN);
        current.put(ComponentCodec.SHOWN_KEY, ComponentCodec.KEY_SHOWN_ONCE);
        when(realm.getComponentsStream()).thenReturn(Stream.of(keptReadable, current));

        PinComponentTypes.align(realm, PinComponentTypes.OWN);

        ArgumentCaptor<ComponentModel> written = ArgumentCaptor.forClass(ComponentModel.class);
        verify(realm).updateComponent(written.capture());
        assertThat(written.getValue().getId()).isEqualTo("K1");
    }

    @Test
    void a_cached_component_is_parsed_once_and_read_from_its_note_after_that() {
        ComponentModel shared = cached(APP_ID, ApplicationComponentFactory.ID);
        ComponentCodec.write(shared, app("once", 3));
        when(realm.getComponent(APP_ID)).thenReturn(shared);

        var first = new RealmPinConfig(realm, 0).application(APP_ID).orElseThrow();
        var second = new RealmPinConfig(realm, 0).application(APP_ID).orElseThrow();

        assertThat(second).isSameAs(first);
        assertThat(first.application()).isEqualTo(app("once", 3));
    }

    @Test
    void a_component_whose_settings_changed_in_place_is_parsed_again() {
        ComponentModel shared = cached(MSG_ID, MessageTemplateComponentFactory.ID);
        shared.put(ComponentCodec.APPLICATION_ID, APP_ID);
        ComponentCodec.write(shared, messageTemplate(6, "Old {{pin}}"));
        when(realm.getComponent(MSG_ID)).thenReturn(shared);
        RealmPinConfig config = new RealmPinConfig(realm, 0);
        assertThat(config.template(APP_ID, MSG_ID)).isPresent();

        // What Keycloak's admin REST API does to the instance it read, before the realm cache drops it.
        ComponentCodec.write(shared, messageTemplate(8, "New {{pin}}"));

        assertThat(config.template(APP_ID, MSG_ID).orElseThrow()).isInstanceOfSatisfying(StoredTemplate.Message.class,
                t -> assertThat(t.template().pinLength()).isEqualTo(8));
    }

    private static MessageTemplate messageTemplate(int pinLength, String text) {
        return MessageTemplateValidator.validate(new MessageTemplateDraft("NUMERIC", pinLength, text, null, null, null, null, null, null));
    }
}
