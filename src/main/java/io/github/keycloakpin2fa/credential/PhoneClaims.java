package io.github.keycloakpin2fa.credential;

import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.UserModel;

/**
 * Unique phone numbers, enforced atomically: before a confirmed number becomes a user's phone,
 * the user claims it in Keycloak's single-use object store ({@code putIfAbsent}, one winner on
 * every node of a cluster) for {@value #CLAIM_SECONDS} seconds, long enough for the winner's
 * credential to be committed; the stored credentials say who owns it after that. Two users
 * racing for one number cannot both get it.
 */
public final class PhoneClaims {

    static final long CLAIM_SECONDS = 300;
    private static final String PREFIX = "pin2fa.phone-claim.";

    private final KeycloakSession session;

    public PhoneClaims(KeycloakSession session) {
        this.session = session;
    }

    /** True when {@code user} may make {@code e164} their phone: nobody else holds or is claiming it. */
    public boolean claim(RealmModel realm, UserModel user, String e164) {
        SingleUseObjectProvider store = session.singleUseObjects();
        String key = PREFIX + realm.getId() + "." + e164;
        if (store.putIfAbsent(key, CLAIM_SECONDS)) {
            store.put(key + ".owner", CLAIM_SECONDS, Map.of("user", user.getId()));
        } else {
            Map<String, String> owner = store.get(key + ".owner");
            if (owner == null || !user.getId().equals(owner.get("user"))) {
                return false; // another user is confirming it right now
            }
        }
        return !new PhoneNumberDirectory(session).belongsToAnotherUser(realm, user, e164);
    }
}
