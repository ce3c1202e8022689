package io.github.keycloakpin2fa.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/** The realm's chain of providers: failover only after a clear refusal, so nobody gets a PIN twice. */
class DeliveryRouterTest {

    private static final OutgoingMessage SMS = new OutgoingMessage(Channel.SMS, "41793026727", null, "Your PIN is 1234", null, "1234");

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final KeycloakSessionFactory factories = mock(KeycloakSessionFactory.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final DeliveryRouter router = new DeliveryRouter(session);

    @BeforeEach
    void setUp() {
        when(session.getKeycloakSessionFactory()).thenReturn(factories);
    }

    private PinDeliveryProvider provider(String id, Set<Channel> channels) {
        PinDeliveryProviderFactory factory = mock(PinDeliveryProviderFactory.class);
        when(factory.channels()).thenReturn(channels);
        when(factories.getProviderFactory(PinDeliveryProvider.class, id)).thenReturn(factory);
        PinDeliveryProvider provider = mock(PinDeliveryProvider.class);
        when(session.getProvider(PinDeliveryProvider.class, id)).thenReturn(provider);
        return provider;
    }

    @Test
    void the_realm_attribute_names_the_chain_per_channel() {
        when(realm.getAttribute("pin2fa.delivery.sms")).thenReturn(" infobip-sms , ,twilio-sms ");

        assertThat(router.chain(realm, Channel.SMS)).containsExactly("infobip-sms", "twilio-sms");
    }

    @Test
    void without_a_chain_the_dev_sender_is_used_where_it_exists_and_nothing_otherwise() {
        assertThat(router.chain(realm, Channel.SMS)).isEmpty();
        assertThat(router.deliver(realm, SMS).result().status()).isEqualTo(DeliveryStatus.REJECTED);

        provider("dev", EnumSet.allOf(Channel.class));
        assertThat(router.chain(realm, Channel.VOICE)).containsExactly("dev");
    }

    @Test
    void a_refusal_fails_over_to_the_next_provider() {
        when(realm.getAttribute("pin2fa.delivery.sms")).thenReturn("a,b");
        PinDeliveryProvider a = provider("a", EnumSet.of(Channel.SMS));
        PinDeliveryProvider b = provider("b", EnumSet.of(Channel.SMS));
        when(a.deliver(SMS)).thenReturn(DeliveryResult.rejected("HTTP 500"));
        when(b.deliver(SMS)).thenReturn(DeliveryResult.accepted("m-1"));

        DeliveryRouter.Attempt attempt = router.deliver(realm, SMS);

        assertThat(attempt.providerId()).isEqualTo("b");
        assertThat(attempt.result().isAccepted()).isTrue();
    }

    @Test
    void a_refusal_is_logged_at_info_and_a_delivery_only_at_debug() {
        when(realm.getAttribute("pin2fa.delivery.sms")).thenReturn("a,b");
        when(realm.getName()).thenReturn("demo");
        PinDeliveryProvider a = provider("a", EnumSet.of(Channel.SMS));
        PinDeliveryProvider b = provider("b", EnumSet.of(Channel.SMS));
        when(a.deliver(SMS)).thenReturn(DeliveryResult.rejected("HTTP 500"));
        when(b.deliver(SMS)).thenReturn(DeliveryResult.accepted("m-1"));

        List<LogCapture.Line> lines = LogCapture.of(DeliveryRouter.class, () -> router.deliver(realm, SMS));

        assertThat(lines).extracting(LogCapture.Line::atInfoOrAbove).containsExactly(true, false);
        assertThat(lines.get(0).text()).contains("via a: REJECTED", "trying b").doesNotContain("41793026727");
        assertThat(lines.get(1).text()).contains("via b: ACCEPTED");
    }

    @Test
    void an_answer_that_may_mean_sent_stops_the_chain() {
        when(realm.getAttribute("pin2fa.delivery.sms")).thenReturn("a,b");
        PinDeliveryProvider a = provider("a", EnumSet.of(Channel.SMS));
        PinDeliveryProvider b = provider("b", EnumSet.of(Channel.SMS));
        when(a.deliver(SMS)).thenReturn(DeliveryResult.unknown("timeout"));

        DeliveryRouter.Attempt attempt = router.deliver(realm, SMS);

        assertThat(attempt.providerId()).isEqualTo("a");
        assertThat(attempt.result().status()).isEqualTo(DeliveryStatus.UNKNOWN);
        verify(b, never()).deliver(any());
    }

    @Test
    void a_missing_provider_one_without_the_channel_and_one_that_throws_are_refusals() {
        when(realm.getAttribute("pin2fa.delivery.sms")).thenReturn("gone,voice-only,broken,good");
        PinDeliveryProvider voiceOnly = provider("voice-only", EnumSet.of(Channel.VOICE));
        PinDeliveryProvider broken = provider("broken", EnumSet.of(Channel.SMS));
        PinDeliveryProvider good = provider("good", EnumSet.of(Channel.SMS));
        when(broken.deliver(SMS)).thenThrow(new IllegalStateException("Your PIN is 1234"));
        when(good.deliver(SMS)).thenReturn(DeliveryResult.accepted("m-2"));

        DeliveryRouter.Attempt attempt = router.deliver(realm, SMS);

        assertThat(attempt.providerId()).isEqualTo("good");
        verify(voiceOnly, never()).deliver(any());
    }

    @Test
    void the_last_refusal_is_the_answer_when_every_provider_refuses() {
        when(realm.getAttribute("pin2fa.delivery.sms")).thenReturn("a");
        PinDeliveryProvider a = provider("a", EnumSet.of(Channel.SMS));
        when(a.deliver(SMS)).thenThrow(new IllegalStateException("Your PIN is 1234"));

        DeliveryResult result = router.deliver(realm, SMS).result();

        assertThat(result.status()).isEqualTo(DeliveryStatus.REJECTED);
        assertThat(result.detail()).contains("IllegalStateException").doesNotContain("1234");
    }

    @Test
    void logs_show_only_the_ends_of_a_destination() {
        assertThat(DeliveryRouter.masked("41793026727")).isEqualTo("4179*****27");
        assertThat(DeliveryRouter.masked("a@b.c")).isEqualTo("*****");
    }
}
