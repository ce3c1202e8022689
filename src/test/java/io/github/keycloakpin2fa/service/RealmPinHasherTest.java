package io.github.keycloakpin2fa.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.github.keycloakpin2fa.engine.template.PinType;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeyManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

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
}
