package io.github.keycloakpin2fa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.engine.pin.PinHasher;
import io.github.keycloakpin2fa.engine.template.PinType;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyStatus;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.keys.KeyProvider;
import org.keycloak.keys.KeyProviderFactory;
import org.keycloak.models.KeyManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderFactory;

class RealmPinHasherTest {

    private final KeycloakSession session = mock(KeycloakSession.class);
    private final KeyManager keys = mock(KeyManager.class);
    private final RealmModel realm = mock(RealmModel.class);
    private final RealmPinHasher hashers = new RealmPinHasher(session, realm);

    private static KeyWrapper hs512(String kid, int fill) {
        KeyWrapper key = new KeyWrapper();
        key.setKid(kid);
        byte[] secret = new byte[64];
        java.util.Arrays.fill(secret, (byte) fill);
        key.setSecretKey(new SecretKeySpec(secret, "HmacSHA512"));
        return key;
    }

    @BeforeEach
    void realmWithTwoKeys() {
        when(session.keys()).thenReturn(keys);
        KeyWrapper old = hs512("old", 1);
        KeyWrapper current = hs512("current", 2);
        when(keys.getActiveKey(realm, KeyUse.SIG, Algorithm.HS512)).thenReturn(current);
        when(keys.getKey(realm, "old", KeyUse.SIG, Algorithm.HS512)).thenReturn(old);
        when(keys.getKey(realm, "current", KeyUse.SIG, Algorithm.HS512)).thenReturn(current);
    }

    @Test
    void aPinSealedUnderTheActiveKeyOpensWithTheSealerOfItsKeyId() {
        RealmPinHasher.Keyed active = hashers.active();
        String sealed = active.sealer().seal("PIN1", "123456");

        assertThat(active.kid()).isEqualTo("current");
        assertThat(hashers.sealerFor("current").open("PIN1", sealed)).contains("123456");
    }

    @Test
    void afterARotationTheOldKeysSealerStillOpensWhatItSealed() {
        String sealedBefore = hashers.sealerFor("old").seal("PIN1", "123456");

        assertThat(hashers.sealerFor("old").open("PIN1", sealedBefore)).contains("123456");
        assertThat(hashers.active().sealer().open("PIN1", sealedBefore)).as("another key").isEmpty();
    }

    @Test
    void aRemovedKeyHasNoSealerAndNoHasher() {
        assertThat(hashers.sealerFor("gone")).isNull();
        assertThat(hashers.sealerFor(null)).isNull();
        assertThat(hashers.forKey("gone")).isNull();
    }

    @Test
    void aHashVerifiesWithTheKeyItsIdNames() {
        RealmPinHasher.Keyed active = hashers.active();
        String hash = active.hasher().hash("PIN1", "123456");

        assertThat(active.kid()).isEqualTo("current");
        assertThat(hashers.forKey(active.kid()).matches("PIN1", "123456", PinType.NUMERIC, hash)).isTrue();
    }

    @Test
    void a_key_of_an_hs512_provider_is_found_without_creating_the_realms_other_key_providers() throws Exception {
        KeyWrapper old = hs512("old", 1);
        old.setUse(KeyUse.SIG);
        old.setAlgorithm(Algorithm.HS512);
        old.setStatus(KeyStatus.PASSIVE);
        ComponentModel hmac = keyComponent("hmac-generated", Algorithm.HS512);
        ComponentModel rsa = keyComponent("rsa-generated", Algorithm.RS256);
        KeyProviderFactory<?> hmacFactory = factoryWith(hmac, old);
        KeyProviderFactory<?> rsaFactory = mock(KeyProviderFactory.class);
        KeycloakSessionFactory factories = mock(KeycloakSessionFactory.class);
        when(session.getKeycloakSessionFactory()).thenReturn(factories);
        when(factories.getProviderFactory(KeyProvider.class, "hmac-generated")).thenReturn((ProviderFactory) hmacFactory);
        when(factories.getProviderFactory(KeyProvider.class, "rsa-generated")).thenReturn((ProviderFactory) rsaFactory);
        when(realm.getId()).thenReturn("r");
        when(realm.getComponentsStream("r", KeyProvider.class.getName())).thenAnswer(i -> Stream.of(rsa, hmac));

        String hash = hashers.forKey("old").hash("PIN1", "123456");

        assertThat(new PinHasher(hs512Derived(1)).hash("PIN1", "123456")).isEqualTo(hash);
        verify(rsaFactory, never()).create(any(), any());
        verify(keys, never()).getKey(any(), any(), any(), any());
    }

    @Test
    void a_disabled_key_on_an_hs512_provider_is_left_to_keycloaks_key_manager() {
        KeyWrapper disabled = hs512("old", 7);
        disabled.setUse(KeyUse.SIG);
        disabled.setAlgorithm(Algorithm.HS512);
        disabled.setStatus(KeyStatus.DISABLED);
        ComponentModel hmac = keyComponent("hmac-generated", Algorithm.HS512);
        KeyProviderFactory<?> hmacFactory = factoryWith(hmac, disabled);
        KeycloakSessionFactory factories = mock(KeycloakSessionFactory.class);
        when(session.getKeycloakSessionFactory()).thenReturn(factories);
        when(factories.getProviderFactory(KeyProvider.class, "hmac-generated")).thenReturn((ProviderFactory) hmacFactory);
        when(realm.getId()).thenReturn("r");
        when(realm.getComponentsStream("r", KeyProvider.class.getName())).thenAnswer(i -> Stream.of(hmac));
        when(keys.getKey(realm, "old", KeyUse.SIG, Algorithm.HS512)).thenReturn(null);

        assertThat(hashers.forKey("old")).isNull();
        verify(keys).getKey(realm, "old", KeyUse.SIG, Algorithm.HS512);
    }

    private static ComponentModel keyComponent(String providerId, String algorithm) {
        ComponentModel c = new ComponentModel();
        c.setId(providerId + "-id");
        c.setProviderId(providerId);
        c.setProviderType(KeyProvider.class.getName());
        c.put("algorithm", algorithm);
        return c;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private KeyProviderFactory<?> factoryWith(ComponentModel component, KeyWrapper key) {
        KeyProviderFactory factory = mock(KeyProviderFactory.class);
        KeyProvider provider = mock(KeyProvider.class);
        when(provider.getKeysStream()).thenAnswer(i -> Stream.of(key));
        when(factory.create(session, component)).thenReturn(provider);
        return factory;
    }

    /** The hash secret RealmPinHasher derives from an HS512 key filled with {@code fill}. */
    private static byte[] hs512Derived(int fill) throws Exception {
        byte[] secret = new byte[64];
        java.util.Arrays.fill(secret, (byte) fill);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return mac.doFinal("keycloak-pin-2fa/pin-hash/v1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
