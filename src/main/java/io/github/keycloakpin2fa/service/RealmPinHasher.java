package io.github.keycloakpin2fa.service;

import io.github.keycloakpin2fa.engine.pin.PinHasher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The server secret behind PIN hashes: derived from the realm's HMAC key (HS512, which every
 * realm has and the whole cluster shares through the database), for this one purpose. Stored
 * PINs carry the key's id, so a PIN issued before a key rotation still verifies.
 */
final class RealmPinHasher {

    private static final byte[] PURPOSE = "keycloak-pin-2fa/pin-hash/v1".getBytes(StandardCharsets.UTF_8);

    private final KeycloakSession session;
    private final RealmModel realm;

    RealmPinHasher(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The active key's id and hasher. */
    Keyed active() {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        if (key == null || key.getSecretKey() == null) {
            throw new RefusedException(new Refusal.ServerMisconfigured("The realm has no active HS512 key to protect PINs."));
        }
        return new Keyed(key.getKid(), derive(key));
    }

    /** The hasher of the key with this id, or null when that key is gone. */
    PinHasher forKey(String kid) {
        if (kid == null) {
            return null;
        }
        KeyWrapper key = session.keys().getKey(realm, kid, KeyUse.SIG, Algorithm.HS512);
        return key == null || key.getSecretKey() == null ? null : derive(key);
    }

    /** A hasher with the id of the key it came from. */
    record Keyed(String kid, PinHasher hasher) {
    }

    private static PinHasher derive(KeyWrapper key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getSecretKey().getEncoded(), "HmacSHA256"));
            return new PinHasher(mac.doFinal(PURPOSE));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
