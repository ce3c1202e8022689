package io.github.keycloakpin2fa.admin.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.delivery.Channel;
import io.github.keycloakpin2fa.delivery.PinDeliveryProvider;
import io.github.keycloakpin2fa.delivery.PinDeliveryProviderFactory;
import io.github.keycloakpin2fa.delivery.lookup.NumberLookupProvider;
import io.github.keycloakpin2fa.delivery.lookup.NumberLookupProviderFactory;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderFactory;

class DeliveryTabTest {

    private final DeliveryTab tab = new DeliveryTab();
    private final RealmModel realm = mock(RealmModel.class);

    @BeforeEach
    void a_server_with_an_sms_only_and_an_all_channel_provider() {
        KeycloakSessionFactory sessions = mock(KeycloakSessionFactory.class);
        PinDeliveryProviderFactory sms = provider("infobip-sms", Set.of(Channel.SMS));
        PinDeliveryProviderFactory all = provider("webhook", Set.of(Channel.SMS, Channel.VOICE, Channel.EMAIL));
        NumberLookupProviderFactory lookup = mock(NumberLookupProviderFactory.class);
        when(lookup.getId()).thenReturn("libphonenumber");
        when(sessions.getProviderFactoriesStream(PinDeliveryProvider.class))
                .thenAnswer(call -> Stream.<ProviderFactory>of(sms, all));
        when(sessions.getProviderFactoriesStream(NumberLookupProvider.class))
                .thenAnswer(call -> Stream.<ProviderFactory>of(lookup));
        tab.postInit(sessions);
    }

    @Test
    void each_channel_offers_the_providers_that_carry_it() {
        assertThat(tab.getConfigProperties()).extracting(ProviderConfigProperty::getName)
                .containsExactly("sms", "voice", "email", "numberLookup");
        assertThat(options("sms")).containsExactly("infobip-sms", "webhook");
        assertThat(options("voice")).containsExactly("webhook");
        assertThat(options("numberLookup")).containsExactly("libphonenumber", "none");
    }

    @Test
    void saving_writes_the_ordered_chain_to_the_realm_attributes_the_delivery_reads() {
        ComponentModel model = new ComponentModel();
        model.getConfig().put("sms", List.of("webhook", "infobip-sms"));
        model.put("numberLookup", "none");

        tab.onCreate(null, realm, model);

        verify(realm).setAttribute("pin2fa.delivery.sms", "webhook,infobip-sms");
        verify(realm).removeAttribute("pin2fa.delivery.voice");
        verify(realm).setAttribute("pin2fa.number-lookup", "none");
    }

    @Test
    void a_provider_that_does_not_carry_the_channel_is_refused() {
        ComponentModel model = new ComponentModel();
        model.getConfig().put("voice", List.of("infobip-sms"));

        assertThatThrownBy(() -> tab.validateConfiguration(null, realm, model))
                .isInstanceOf(ComponentValidationException.class).hasMessageContaining("Voice providers")
                .hasMessageContaining("infobip-sms");
    }

    private List<String> options(String name) {
        return tab.getConfigProperties().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow().getOptions();
    }

    private static PinDeliveryProviderFactory provider(String id, Set<Channel> channels) {
        PinDeliveryProviderFactory factory = mock(PinDeliveryProviderFactory.class);
        when(factory.getId()).thenReturn(id);
        when(factory.channels()).thenReturn(channels);
        return factory;
    }
}
