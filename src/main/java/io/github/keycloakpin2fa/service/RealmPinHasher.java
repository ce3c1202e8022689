package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.engine.pin.PinHasher;
import io.github.keycloakpin2fa.engine.pin.PinSealer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.keys.Attributes;
import org.keycloak.keys.KeyProvider;
import org.keycloak.keys.KeyProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

/**
 * The server secrets behind PIN hashes and sealed PINs: derived from the realm's HMAC key (HS512,
 * which every realm has and the whole cluster shares through the database), one secret per
 * purpose (HMAC-SHA256 of the key over a purpose label). Stored hashes and sealed PINs carry the
 * key's id, so a PIN issued before a key rotation still verifies and can still be resent; once
 * the key is removed, neither works any more.
 */
final class RealmPinHasher {

    private static final byte[] PURPOSE = "keycloak-pin-2fa/pin-hash/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SEAL_PURPOSE = "keycloak-pin-2fa/pin-seal/v1".getBytes(StandardCharsets.UTF_8);

    private final KeycloakSession session;
    private final RealmModel realm;

    RealmPinHasher(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The active key's id, hasher and sealer. */
    Keyed active() {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        if (key == null || key.getSecretKey() == null) {
            throw new RefusedException(new Refusal.ServerMisconfigured("The realm has no active HS512 key to protect PINs."));
        }
        return new Keyed(key.getKid(), new PinHasher(derive(key, PURPOSE)), new PinSealer(derive(key, SEAL_PURPOSE)));
    }

    /** The hasher of the key with this id, or null when that key is gone. */
    PinHasher forKey(String kid) {
        KeyWrapper key = key(kid);
        return key == null ? null : new PinHasher(derive(key, PURPOSE));
    }

    /** The sealer of the key with this id, or null when that key is gone. */
    PinSealer sealerFor(String kid) {
        KeyWrapper key = key(kid);
        return key == null ? null : new PinSealer(derive(key, SEAL_PURPOSE));
    }

    private KeyWrapper key(String kid) {
        if (kid == null) {
            return null;
        }
        KeyWrapper key = fromHs512Components(kid).orElseGet(() -> session.keys().getKey(realm, kid, KeyUse.SIG, Algorithm.HS512));
        return key == null || key.getSecretKey() == null ? null : key;
    }

    /**
     * The key with this id among the key providers configured for HS512 (Keycloak's
     * {@code hmac-generated} keeps its algorithm in the component's {@value Attributes#ALGORITHM_KEY}),
     * found as {@code KeyManager.getKey} finds it: enabled, for signing, HS512. Only those
     * providers are created: {@code getKey} creates every key provider of the realm to look one
     * key up, the RSA ones with their certificates, which was 4% of a verify. Any other
     * provider that holds the key is still found by {@code getKey}, which is asked when this
     * finds nothing.
     */
    private Optional<KeyWrapper> fromHs512Components(String kid) {
        try {
            return hs512Key(kid);
        } catch (RuntimeException e) {
            return Optional.empty(); // a provider that fails to load: getKey skips it and logs why
        }
    }

    private Optional<KeyWrapper> hs512Key(String kid) {
        KeycloakSessionFactory factories = session.getKeycloakSessionFactory();
        return realm.getComponentsStream(realm.getId(), KeyProvider.class.getName())
                .filter(c -> Algorithm.HS512.equals(c.get(Attributes.ALGORITHM_KEY)))
                .map(c -> factories.getProviderFactory(KeyProvider.class, c.getProviderId()) instanceof KeyProviderFactory<?> f
                        ? f.create(session, c) : null)
                .filter(Objects::nonNull)
                .flatMap(provider -> {
                    session.enlistForClose(provider);
                    return provider.getKeysStream();
                })
                .filter(k -> kid.equals(k.getKid()) && k.getStatus() != null && k.getStatus().isEnabled()
                        && k.getUse() == KeyUse.SIG && Algorithm.HS512.equals(k.getAlgorithmOrDefault()))
                .findFirst();
    }

    /** A hasher and a sealer with the id of the key they came from. */
    record Keyed(String kid, PinHasher hasher, PinSealer sealer) {
    }

    private static byte[] derive(KeyWrapper key, byte[] purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getSecretKey().getEncoded(), "HmacSHA256"));
            return mac.doFinal(purpose);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
